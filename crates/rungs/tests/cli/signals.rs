//! The whole path from a repository to evidence: scanner, rules, hits, `--signals`.

use crate::common::*;

#[test]
fn signals_are_the_expected_evidence_and_nothing_else() {
    let repo = build_fixture("signals.sh", "signals");
    let (_, lines) = scan_signals(&repo, &[]);
    let hits: Vec<(String, String, Option<u64>, String, u64)> = lines
        .iter()
        .map(|v| {
            assert_eq!(v["email"], "rae@example.com");
            (
                v["rule"].as_str().expect("rule").to_owned(),
                v["path"].as_str().unwrap_or("-").to_owned(),
                v["line"].as_u64(),
                format!(
                    "{}/{}",
                    v["skill"].as_str().expect("skill"),
                    v["signal"].as_str().expect("signal")
                ),
                v["depth"].as_u64().expect("depth"),
            )
        })
        .collect();
    let expected = [
        // A bare `except:` narrowed: a change of handling, in code and in the subject's words.
        (
            "error-words",
            "src/load.py",
            Some(4),
            "error-codes/error-handling",
            1,
        ),
        (
            "failure-flow-python",
            "src/load.py",
            Some(4),
            "error-codes/error-handling",
            1,
        ),
        (
            "failure-subject",
            "-",
            None,
            "error-codes/error-handling",
            1,
        ),
        (
            "python-try-except",
            "src/load.py",
            Some(4),
            "error-codes/error-handling",
            1,
        ),
        // The Python loader; the Rust line changed in the same commit keeps its `?`
        // and is no evidence.
        (
            "failure-flow-python",
            "src/load.py",
            Some(4),
            "error-codes/error-handling",
            1,
        ),
        (
            "python-try-except",
            "src/load.py",
            Some(2),
            "error-codes/error-handling",
            1,
        ),
        (
            "python-try-except",
            "src/load.py",
            Some(4),
            "error-codes/error-handling",
            1,
        ),
        (
            "raise-words",
            "src/load.py",
            Some(4),
            "error-codes/error-handling",
            1,
        ),
        // Release 1.2.0: a version bump with its changelog.
        (
            "changelog-file",
            "CHANGELOG.md",
            None,
            "backlog-sprint/changelog",
            2,
        ),
        (
            "release-with-changelog",
            "Cargo.toml",
            Some(3),
            "engineering-goals/release",
            3,
        ),
        // A test with the code it tests counts; the later test-only commit does not.
        (
            "tests-with-code",
            "tests/lib_test.rs",
            None,
            "engineering-goals/tests-with-change",
            2,
        ),
        (
            "changelog-file",
            "CHANGELOG.md",
            None,
            "backlog-sprint/changelog",
            2,
        ),
        // The constraint is evidence by its words too (depth 1: a word rule in code).
        (
            "constraint-words",
            "db/001.sql",
            Some(2),
            "acid/schema-integrity",
            1,
        ),
        ("issue-link", "-", None, "backlog-sprint/issue-reference", 1),
        (
            "sql-schema-constraints",
            "db/001.sql",
            Some(2),
            "acid/schema-integrity",
            3,
        ),
        (
            "sql-transaction-statements",
            "db/001.sql",
            Some(1),
            "acid/transaction",
            1,
        ),
        (
            "sql-transaction-statements",
            "db/001.sql",
            Some(3),
            "acid/transaction",
            1,
        ),
        (
            "conventional-subject",
            "-",
            None,
            "backlog-sprint/structured-message",
            1,
        ),
        (
            "error-words",
            "src/load.rs",
            Some(1),
            "error-codes/error-handling",
            1,
        ),
        (
            "failure-subject",
            "-",
            None,
            "error-codes/error-handling",
            1,
        ),
        (
            "feature-commit",
            "-",
            None,
            "engineering-goals/feature-delivery",
            1,
        ),
        // Five matching lines in one commit: the rule counts once, three places are kept.
        (
            "rust-error-propagation",
            "src/load.rs",
            Some(2),
            "error-codes/error-handling",
            1,
        ),
        (
            "rust-error-propagation",
            "src/load.rs",
            Some(3),
            "error-codes/error-handling",
            1,
        ),
        (
            "rust-error-propagation",
            "src/load.rs",
            Some(4),
            "error-codes/error-handling",
            1,
        ),
    ];
    let expected: Vec<_> = expected
        .iter()
        .map(|(r, p, l, s, d)| (r.to_string(), p.to_string(), *l, s.to_string(), *d))
        .collect();
    // The comment `// TODO: wrap in a transaction`, the Go log message and the Go
    // comment containing `if err != nil` are not evidence.
    assert_eq!(hits, expected);
}

#[test]
fn a_broken_rules_add_directory_stops_the_scan() {
    let dir = scratch().join("bad-add");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(
        dir.join("x.toml"),
        "[[rule]]\nid = \"conventional-subject\"\n",
    )
    .expect("write");
    let out = rungs(
        scanner_fixture(),
        &["scan", ".", "--rules-add", dir.to_str().expect("utf-8")],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("x.toml:1:1"), "{err}");
}
