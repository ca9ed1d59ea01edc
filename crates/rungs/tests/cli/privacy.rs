//! Privacy: `--anonymize` leaves no name or email in any output and gives the
//! same pseudonyms for the same secret; excluded people vanish from everything.

use std::{path::Path, process::Command};

use crate::common::*;

const PEOPLE: [&str; 8] = [
    "Dana Deep",
    "dana@example.com",
    "Morgan Lead",
    "morgan@example.com",
    "Pat Pair",
    "pat@example.com",
    "Nico New",
    "nico@example.com",
];

fn run_with_key(dir: &Path, key: Option<&str>, args: &[&str]) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rungs"));
    cmd.current_dir(dir).args(args).env_remove("RUNGS_JOBS");
    match key {
        Some(key) => cmd.env("RUNGS_ANONYMIZE_KEY", key),
        None => cmd.env_remove("RUNGS_ANONYMIZE_KEY"),
    };
    cmd.output().expect("rungs runs")
}

/// [`run_with_key`] with `key`, expecting success.
fn anonymized_ok(dir: &Path, key: &str, args: &[&str]) -> std::process::Output {
    let out = run_with_key(dir, Some(key), args);
    assert!(
        out.status.success(),
        "rungs {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn anonymized_outputs_hold_no_name_or_email_and_pseudonyms_are_stable() {
    let repo = build_fixture("profiles.sh", "profiles");
    let dir = scratch().join("privacy");
    std::fs::create_dir_all(&dir).expect("dir");
    let outputs = |tag: &str, key: &str| -> Vec<String> {
        let records = dir.join(format!("{tag}-records.ndjson"));
        let signals = dir.join(format!("{tag}-signals.ndjson"));
        let out = anonymized_ok(
            &repo,
            key,
            &[
                "scan",
                ".",
                "--quiet",
                "--anonymize",
                "--records",
                records.to_str().expect("utf-8"),
                "--signals",
                signals.to_str().expect("utf-8"),
            ],
        );
        let mut all = vec![
            String::from_utf8(out.stdout).expect("utf-8"),
            std::fs::read_to_string(records).expect("records"),
            std::fs::read_to_string(signals).expect("signals"),
        ];
        for format in ["markdown", "html", "table"] {
            let out = anonymized_ok(
                &repo,
                key,
                &["scan", ".", "--quiet", "--anonymize", "--format", format],
            );
            all.push(String::from_utf8(out.stdout).expect("utf-8"));
        }
        let out = anonymized_ok(
            &repo,
            key,
            &[
                "explain",
                ".",
                "--quiet",
                "--anonymize",
                "--author",
                "dana@example.com",
            ],
        );
        all.push(String::from_utf8(out.stdout).expect("utf-8"));
        all
    };
    let first = outputs("a", "team secret one");
    for text in &first {
        for who in PEOPLE {
            assert!(
                !text.contains(who),
                "{who} appears in an anonymized output:\n{text}"
            );
        }
    }
    assert!(first[0].contains("@anonymized.invalid"));
    // Signals keep the co-author trailer's text, with the person replaced.
    assert!(first[2].contains("Co-authored-by: Person "), "{}", first[2]);
    assert_eq!(
        first,
        outputs("b", "team secret one"),
        "same secret, same pseudonyms"
    );
    let report: serde_json::Value = serde_json::from_str(&first[0]).expect("json");
    let other: serde_json::Value =
        serde_json::from_str(&outputs("c", "another secret")[0]).expect("json");
    assert_ne!(report["authors"][0]["email"], other["authors"][0]["email"]);
    // Everything but identities is as without --anonymize.
    let plain: serde_json::Value =
        serde_json::from_slice(&rungs_ok(&repo, &["scan", ".", "--quiet"]).stdout).expect("json");
    assert_eq!(report["totals"], plain["totals"]);
    assert!(
        report["authors"][0]["skills"] == plain["authors"][0]["skills"],
        "skills differ with --anonymize"
    );

    assert_eq!(report["anonymized"], true);
    assert_eq!(plain["anonymized"], false);
    // Pseudonyms and real names do not mix in a merge.
    let anonymous = dir.join("a-report.json");
    std::fs::write(&anonymous, &first[0]).expect("write");
    let other = scratch().join("privacy-other");
    git(
        scratch(),
        &[
            "clone",
            "-q",
            repo.to_str().expect("utf-8"),
            "privacy-other",
        ],
    );
    let out = rungs(
        &other,
        &["scan", "--quiet", "-o", "../privacy-plain.json", "."],
    );
    assert!(out.status.success());
    let out = rungs(
        scratch(),
        &[
            "merge",
            anonymous.to_str().expect("utf-8"),
            "privacy-plain.json",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is anonymized and"));

    let out = run_with_key(&repo, None, &["scan", ".", "--anonymize"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("RUNGS_ANONYMIZE_KEY"));
}

#[test]
fn excluded_people_vanish_from_the_report() {
    let repo = build_fixture("profiles.sh", "profiles");
    let opt_out = scratch().join("opt-out.txt");
    std::fs::write(
        &opt_out,
        "# asked on 2024-12-01\nPAT PAIR   # by name, any case\n",
    )
    .expect("write");
    let (report, records) = scan(
        &repo,
        &[
            "--exclude-author",
            "dana@*",
            "--opt-out",
            opt_out.to_str().expect("utf-8"),
        ],
    );
    let text = report.to_string();
    for who in [
        "Dana Deep",
        "dana@example.com",
        "Pat Pair",
        "pat@example.com",
    ] {
        assert!(!text.contains(who), "{who} is still in the report");
    }
    assert!(records.iter().all(|r| r["email"] != "dana@example.com"));
    let (plain, _) = scan(&repo, &[]);
    let dana = author(&plain, "dana@example.com");
    assert_eq!(
        report["totals"]["excluded_author_commits"],
        dana["commits"].as_u64().expect("n") + dana["merges"].as_u64().expect("n")
    );
    assert_eq!(
        report["totals"]["commits"].as_u64().expect("n")
            + report["totals"]["excluded_author_commits"]
                .as_u64()
                .expect("n"),
        plain["totals"]["commits"].as_u64().expect("n")
    );
    let out = rungs(&repo, &["scan", ".", "--exclude-author", "[oops"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid author pattern '[oops'"));
    let out = rungs(&repo, &["scan", ".", "--opt-out", "/nonexistent/list"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read the opt-out list"));
}

#[test]
fn an_excluded_email_leaves_the_person_out_under_every_address() {
    let dir = scratch().join("privacy-mailmap");
    git(scratch(), &["init", "-q", "-b", "main", "privacy-mailmap"]);
    std::fs::write(
        dir.join(".mailmap"),
        "Jane Doe <jane@new.com> Jane Old <jane@old.com>\n",
    )
    .expect("mailmap");
    git(&dir, &["add", ".mailmap"]);
    let commits = [
        ("Jane Old", "jane@old.com", "Spike: try sqlite"),
        ("Jane Doe", "jane@new.com", "Spike: try redis"),
        (
            "Bob Builder",
            "bob@x.example",
            "Spike: try memcached\n\nCo-authored-by: Jane Old <jane@old.com>",
        ),
    ];
    for (i, (name, email, message)) in commits.iter().enumerate() {
        let date = format!("2024-0{}-01T10:00:00+00:00", i + 1);
        commit_as(&dir, name, email, &date, message);
    }
    let (_, signals) = scan_signals(&dir, &["--exclude-author", "jane@old.com"]);
    assert!(!signals.is_empty());
    for line in &signals {
        assert!(!line.to_string().contains("jane@"), "{line}");
    }
    assert!(
        signals
            .iter()
            .any(|l| l["text"] == "[withheld: names someone left out of the scan]")
    );
    let (report, _) = scan(&dir, &["--exclude-author", "jane@old.com"]);
    let text = report.to_string();
    assert!(!text.contains("jane@"), "{text}");
    assert!(!text.contains("Jane"), "{text}");
    assert_eq!(report["totals"]["excluded_author_commits"], 2);
    assert_eq!(report["authors"].as_array().expect("authors").len(), 1);
}

/// Merge subjects name people by their hosting handles, without an `@`: the
/// fork of the pull request and the reviewers; reverts quote them (as on cargo:
/// `Revert "Auto merge of #13630 - Kobzol:msvc-disable-release-strip, r=weihanglo"`).
/// Anonymized signals keep none of them.
#[test]
fn anonymized_merge_subjects_keep_no_handle() {
    let repo = build_fixture("profiles.sh", "profiles");
    let clone = fresh_clone(&repo, "privacy-merges");
    let subjects = [
        "Revert \"Auto merge of #42 - dana-dev:fix/login, r=morgan-lead,nico-n\"",
        "Revert \"Merge pull request #43 from pat-pair/fix/login\"",
        "Revert \"Rollup merge of #44 - dana-dev:retry, r=@morgan-lead\"",
    ];
    for (n, subject) in subjects.iter().enumerate() {
        commit_as(
            &clone,
            "Morgan Lead",
            "morgan@example.com",
            &format!("2025-01-0{}T12:00:00+00:00", n + 1),
            subject,
        );
    }
    let signals = scratch().join("privacy-merges.ndjson");
    rungs_ok(
        &clone,
        &[
            "scan",
            ".",
            "--quiet",
            "-o",
            "/dev/null",
            "--signals",
            signals.to_str().expect("utf-8"),
        ],
    );
    let text = std::fs::read_to_string(&signals).expect("signals");
    for quoted in [
        "dana-dev:fix/login, r=morgan-lead,nico-n",
        "from pat-pair/fix/login",
        "dana-dev:retry",
    ] {
        assert!(
            text.contains(quoted),
            "the subjects are evidence: {quoted} not in {text}"
        );
    }
    anonymized_ok(
        &clone,
        "team secret",
        &[
            "scan",
            ".",
            "--quiet",
            "--anonymize",
            "-o",
            "/dev/null",
            "--signals",
            signals.to_str().expect("utf-8"),
        ],
    );
    let text = std::fs::read_to_string(&signals).expect("signals");
    assert!(text.contains("Auto merge of #42 - user-"), "{text}");
    assert!(text.contains("Merge pull request #43 from user-"), "{text}");
    for handle in ["dana-dev", "morgan-lead", "nico-n", "pat-pair"] {
        assert!(
            !text.contains(handle),
            "{handle} in anonymized signals:\n{text}"
        );
    }
}

/// Reports anonymized with different secrets give the same person other
/// pseudonyms: merging or diffing them is refused, by name.
#[test]
fn reports_anonymized_with_different_secrets_do_not_mix() {
    let repo = build_fixture("profiles.sh", "profiles");
    let dir = scratch().join("privacy-secrets");
    std::fs::create_dir_all(&dir).expect("dir");
    let report = |name: &str, key: &str| {
        let path = dir.join(name);
        anonymized_ok(
            &repo,
            key,
            &[
                "scan",
                ".",
                "--quiet",
                "--anonymize",
                "-o",
                path.to_str().expect("utf-8"),
            ],
        );
        path.to_str().expect("utf-8").to_owned()
    };
    let one = report("one.json", "team secret one");
    let same = report("same.json", "team secret one");
    let two = report("two.json", "team secret two");
    let value = |p: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(p).expect("report")).expect("json")
    };
    let fingerprint = value(&one)["pseudonym_key"]
        .as_str()
        .expect("fingerprint")
        .to_owned();
    assert_eq!(value(&same)["pseudonym_key"], fingerprint.as_str());
    assert_ne!(value(&two)["pseudonym_key"], fingerprint.as_str());
    assert!(!fingerprint.contains("secret"));
    // The same secret diffs (one repository, so no merge of it with itself).
    rungs_ok(&dir, &["diff", &one, &same]);
    let out = rungs(&dir, &["diff", &one, &two]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("anonymized with different secrets"), "{err}");
    // A merge of the same repository under two secrets is refused for the secrets
    // before it is refused for the repository.
    let out = rungs(&dir, &["merge", &one, &two]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("were anonymized with different secrets"),
        "{err}"
    );
}

/// An exclusion that matches nobody leaves the person in every output: each such
/// pattern is named in a warning, with where it was given; patterns that left
/// someone out (as author or as co-author only) are not; and the warning holds on
/// a cached rescan, which walks nothing.
#[test]
fn exclusions_that_match_nobody_are_named() {
    let repo = build_fixture("profiles.sh", "profiles");
    let dir = scratch().join("privacy-typos");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let opt_out = dir.join("opt-out.txt");
    // Pat only co-authors; "nico@exmaple.com" is a typo.
    std::fs::write(&opt_out, "Pat Pair\nnico@exmaple.com\n").expect("write");
    let cache = dir.join("cache");
    let args = [
        "scan",
        ".",
        "-o",
        "/dev/null",
        "--format",
        "json",
        "--exclude-author",
        "dana@*",
        "--exclude-author",
        "Morgn Lead",
        "--opt-out",
        opt_out.to_str().expect("utf-8"),
        "--cache",
        cache.to_str().expect("utf-8"),
    ];
    for run in ["cold", "cached"] {
        let out = rungs_ok(&repo, &args);
        let err = String::from_utf8_lossy(&out.stderr);
        let warnings: Vec<&str> = err
            .lines()
            .filter(|l| l.contains("left nobody out"))
            .collect();
        assert_eq!(warnings.len(), 2, "{run}: {err}");
        assert!(
            warnings[0].starts_with(
                "rungs: warning: \"Morgn Lead\" (from --exclude-author) left nobody out"
            ),
            "{run}: {err}"
        );
        assert!(
            warnings[1].starts_with(&format!(
                "rungs: warning: \"nico@exmaple.com\" (from the opt-out file {}) left nobody out",
                opt_out.display()
            )),
            "{run}: {err}"
        );
    }
    // Quiet is quiet.
    let mut quiet = args.to_vec();
    quiet.push("--quiet");
    let out = rungs_ok(&repo, &quiet);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A person kept out as the co-author of a bot's commit was left out by the
/// pattern: no warning says it matched nobody.
#[test]
fn an_exclusion_of_a_bots_coauthor_is_not_called_unused() {
    let repo = build_fixture("profiles.sh", "profiles");
    let clone = fresh_clone(&repo, "privacy-bot-coauthor");
    commit_as(
        &clone,
        "dependabot[bot]",
        "49699333+dependabot[bot]@users.noreply.github.com",
        "2025-04-01T10:00:00+00:00",
        "Bump a dependency\n\nCo-authored-by: Di Dee <di@example.org>",
    );
    let out = rungs_ok(
        &clone,
        &[
            "scan",
            ".",
            "-o",
            "/dev/null",
            "--format",
            "json",
            "--exclude-author",
            "di@example.org",
        ],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("left nobody out"), "{err}");
}
