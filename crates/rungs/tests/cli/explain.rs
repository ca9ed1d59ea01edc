//! `rungs explain`: the evidence behind a profile is exactly the person's lines of
//! `scan --signals`, co-authored commits included and marked.

use crate::common::*;

#[test]
fn explain_lists_the_signals_of_the_person_and_only_theirs() {
    let repo = build_fixture("profiles.sh", "profiles");
    let (_, signals) = scan_signals(&repo, &[]);
    let dana: Vec<String> = signals
        .iter()
        .filter(|s| s["email"] == "dana@example.com" && s["skill"] == "acid")
        .map(|s| s.to_string())
        .collect();
    assert!(!dana.is_empty());
    for who in ["dana@example.com", "DANA DEEP"] {
        let out = rungs_ok(
            &repo,
            &[
                "explain", ".", "--quiet", "--author", who, "--skill", "acid", "--format", "json",
            ],
        );
        let lines: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l)
                    .expect("json")
                    .to_string()
            })
            .collect();
        assert_eq!(lines, dana, "{who}");
    }
    let text = String::from_utf8_lossy(
        &rungs_ok(
            &repo,
            &["explain", ".", "--quiet", "--author", "dana@example.com"],
        )
        .stdout,
    )
    .into_owned();
    assert!(
        text.starts_with("Dana Deep <dana@example.com>: 13 commits"),
        "{text}"
    );
    assert!(
        text.contains("ic: junior, low confidence (next: middle; short of it: error-codes 1→2)"),
        "{text}"
    );
    assert!(text.contains("rule outbox-saga-code · internal/outbox/"));
    assert!(
        text.contains("      + BEGIN;"),
        "matched text shown: {text}"
    );

    // Pat only co-authors: the evidence is listed, and marked.
    let text = String::from_utf8_lossy(
        &rungs_ok(
            &repo,
            &["explain", ".", "--quiet", "--author", "pat@example.com"],
        )
        .stdout,
    )
    .into_owned();
    assert!(text.contains("(co-authored)"), "{text}");
}

#[test]
fn explain_names_what_it_cannot_find() {
    let repo = build_fixture("profiles.sh", "profiles");
    let out = rungs(&repo, &["explain", ".", "--quiet", "--author", "ana dee"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("did you mean: Dana Deep <dana@example.com>"),
        "{err}"
    );
    let out = rungs(
        &repo,
        &[
            "explain",
            ".",
            "--quiet",
            "--author",
            "dana@example.com",
            "--skill",
            "cooking",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("no rule gives evidence of the skill \"cooking\"")
    );
    let out = rungs(&repo, &["explain", "."]);
    assert_eq!(out.status.code(), Some(2), "--author is required");
}

#[test]
fn explain_finds_a_person_under_any_of_their_names() {
    let dir = scratch().join("explain-names");
    git(scratch(), &["init", "-q", "-b", "main", "explain-names"]);
    for (name, date, message) in [
        (
            "Jane Doe",
            "2024-01-01T10:00:00+00:00",
            "Spike: try sqlite for the cache",
        ),
        (
            "Jane D.",
            "2024-02-01T10:00:00+00:00",
            "Spike: try redis for the cache",
        ),
    ] {
        commit_as(&dir, name, "jane@example.com", date, message);
    }
    for who in ["Jane D.", "jane doe", "JANE@example.com"] {
        let text = String::from_utf8_lossy(
            &rungs_ok(&dir, &["explain", ".", "--quiet", "--author", who]).stdout,
        )
        .into_owned();
        assert!(text.contains("in 2 commits, newest first"), "{who}: {text}");
        let redis = text.find("try redis").expect("newer commit shown");
        let sqlite = text.find("try sqlite").expect("older commit shown");
        assert!(redis < sqlite, "newest first: {text}");
    }
}

/// A depth that comes from commit metadata (agile-iteration's metric signals) is
/// explained with each signal's measure, threshold and depth, as the report
/// computes them, so the table's figure has a why even without a rule's line.
#[test]
fn explain_says_why_the_metric_signals_credit_what_they_do() {
    let repo = build_fixture("profiles.sh", "profiles");
    let (report, _) = scan(&repo, &[]);
    let morgan = author(&report, "morgan@example.com");
    let m = &morgan["metrics"];
    let text = String::from_utf8(
        rungs_ok(
            &repo,
            &["explain", ".", "--quiet", "--author", "morgan@example.com"],
        )
        .stdout,
    )
    .expect("utf-8");
    let met = |yes: &serde_json::Value| if yes == true { "met" } else { "not met" };
    for line in [
        format!(
            "  agile-iteration: depth {} from the metric signals",
            m["depth"]
        ),
        format!(
            "    small batches: median {} changed lines per commit, at most 100 for depth 2: {}",
            m["median_changed_lines"],
            met(&m["small_batches"])
        ),
        format!(
            "    integration: {} merge commits, at least 5 for depth 3: {}",
            morgan["merges"],
            met(&m["integration"])
        ),
    ] {
        assert!(text.contains(&line), "{line:?} not in:\n{text}");
    }
    assert!(text.contains("    steady cadence: a commit in "), "{text}");
    assert!(text.contains("    collaboration: "), "{text}");
    // Asking for another skill leaves them out.
    let acid = String::from_utf8(
        rungs_ok(
            &repo,
            &[
                "explain",
                ".",
                "--quiet",
                "--author",
                "morgan@example.com",
                "--skill",
                "acid",
            ],
        )
        .stdout,
    )
    .expect("utf-8");
    assert!(!acid.contains("metric signals"), "{acid}");
}
