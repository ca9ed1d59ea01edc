//! Evidence in the report and the `--signals` file: per-author skill tallies that
//! add up to the signal lines, bulk commits, matched text with secrets redacted.

use std::collections::{BTreeMap, BTreeSet};

use crate::common::*;

#[test]
fn skill_tallies_add_up_to_the_signal_lines() {
    for (script, name) in [("signals.sh", "signals"), ("scanner.sh", "scanner")] {
        let repo = build_fixture(script, name);
        let (report, lines) = scan_signals(&repo, &[]);
        // From the signal lines: per (email, skill) the distinct commits, and per
        // (email, skill, signal, depth) the distinct commits.
        let mut commits: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
        let mut per_signal: BTreeMap<(String, String, String, u64), BTreeSet<String>> =
            BTreeMap::new();
        for line in &lines {
            let email = line["email"].as_str().expect("email").to_lowercase();
            let skill = line["skill"].as_str().expect("skill").to_owned();
            let commit = line["commit"].as_str().expect("commit").to_owned();
            commits
                .entry((email.clone(), skill.clone()))
                .or_default()
                .insert(commit.clone());
            per_signal
                .entry((
                    email,
                    skill,
                    line["signal"].as_str().expect("signal").to_owned(),
                    line["depth"].as_u64().expect("depth"),
                ))
                .or_default()
                .insert(commit);
        }
        assert!(!commits.is_empty(), "{name}: the fixture has evidence");
        let mut from_report_commits = BTreeMap::new();
        let mut from_report_signals = BTreeMap::new();
        let mut evidence_total = BTreeSet::new();
        for author in report["authors"].as_array().expect("authors") {
            // People who appear only as co-authors share evidence that the signal
            // lines list under the commit's author.
            if author["commits"] == 0 {
                continue;
            }
            let email = author["email"].as_str().expect("email").to_owned();
            for (name, skill) in author["skills"].as_object().expect("skills") {
                let name = name.clone();
                from_report_commits.insert(
                    (email.clone(), name.clone()),
                    skill["evidence_commits"].as_u64().expect("count"),
                );
                for signal in skill["signals"].as_array().expect("signals") {
                    from_report_signals.insert(
                        (
                            email.clone(),
                            name.clone(),
                            signal["signal"].as_str().expect("signal").to_owned(),
                            signal["depth"].as_u64().expect("depth"),
                        ),
                        signal["commits"].as_u64().expect("commits"),
                    );
                }
            }
        }
        for line in &lines {
            evidence_total.insert(line["commit"].as_str().expect("commit").to_owned());
        }
        let expected_commits: BTreeMap<_, _> = commits
            .into_iter()
            .map(|(k, v)| (k, v.len() as u64))
            .collect();
        let expected_signals: BTreeMap<_, _> = per_signal
            .into_iter()
            .map(|(k, v)| (k, v.len() as u64))
            .collect();
        assert_eq!(from_report_commits, expected_commits, "{name}");
        assert_eq!(from_report_signals, expected_signals, "{name}");
        assert_eq!(
            report["totals"]["evidence_commits"].as_u64(),
            Some(evidence_total.len() as u64),
            "{name}"
        );
        assert_eq!(
            report["rules"]["count"].as_u64().map(|n| n > 30),
            Some(true)
        );
    }
}

#[test]
fn evidence_text_is_the_matched_line_or_message_line() {
    let repo = build_fixture("signals.sh", "signals");
    let (_, lines) = scan_signals(&repo, &[]);
    let text_of = |rule: &str, line: Option<u64>| -> Option<String> {
        lines
            .iter()
            .find(|l| l["rule"] == rule && l["line"].as_u64() == line)
            .map(|l| l["text"].as_str().map(str::to_owned))
            .expect("the hit exists")
    };
    assert_eq!(
        text_of("rust-error-propagation", Some(2)).as_deref(),
        Some("let a = std::fs::read_to_string(path)?;")
    );
    assert_eq!(text_of("issue-link", None).as_deref(), Some("Fixes #12"));
    assert_eq!(
        text_of("changelog-file", None),
        None,
        "a path is its own evidence"
    );
}

#[test]
fn bulk_commits_are_flagged_and_weigh_less() {
    let repo = build_fixture("signals.sh", "signals");
    let (normal, normal_lines) = scan_signals(&repo, &[]);
    // With at most one file per commit, every commit that changes two files is bulk.
    let (bulk, bulk_lines) = scan_signals(&repo, &["--bulk-files", "1"]);
    assert_eq!(normal["totals"]["bulk_commits"], 0);
    assert!(normal_lines.iter().all(|l| l["bulk"] == false));
    assert!(bulk["totals"]["bulk_commits"].as_u64().expect("count") > 0);
    assert_eq!(
        normal_lines.len(),
        bulk_lines.len(),
        "bulk commits keep their evidence"
    );
    let mut saw_bulk = false;
    for (a, b) in normal_lines.iter().zip(&bulk_lines) {
        assert_eq!(a["rule"], b["rule"]);
        let (wa, wb) = (
            a["weight"].as_f64().expect("w"),
            b["weight"].as_f64().expect("w"),
        );
        if b["bulk"] == true {
            saw_bulk = true;
            assert!((wb - wa * 0.1).abs() < 1e-9, "{wa} -> {wb}");
        } else {
            assert_eq!(wa, wb);
        }
    }
    assert!(saw_bulk);
    // The evidence counts are the same; the scores of bulk evidence are lower.
    let score = |report: &serde_json::Value| -> f64 {
        report["authors"][0]["skills"]
            .as_object()
            .expect("skills")
            .values()
            .map(|s| s["score"].as_f64().expect("score"))
            .sum()
    };
    assert!(score(&bulk) < score(&normal));
    assert_eq!(
        normal["totals"]["evidence_commits"],
        bulk["totals"]["evidence_commits"]
    );
    // The records say which commits were bulk.
    let (_, records) = scan(&repo, &["--bulk-files", "1"]);
    let flagged = records.iter().filter(|r| r["bulk"] == true).count() as u64;
    assert_eq!(Some(flagged), bulk["totals"]["bulk_commits"].as_u64());
    assert!(
        records
            .iter()
            .filter(|r| r["bulk"] == true)
            .all(|r| r["files"].as_array().map(Vec::len) > Some(1))
    );
}

#[test]
fn counts_only_classifies_nothing() {
    let repo = build_fixture("signals.sh", "signals");
    let (report, _) = scan(&repo, &["--counts-only"]);
    assert_eq!(report["rules"], serde_json::Value::Null);
    assert_eq!(report["totals"]["evidence_commits"], 0);
    assert!(
        report["authors"][0]["skills"]
            .as_object()
            .expect("skills")
            .is_empty()
    );
    let out = rungs(
        &repo,
        &["scan", ".", "--counts-only", "--signals", "/dev/null"],
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "--counts-only and --signals conflict"
    );
}

#[test]
fn no_output_shows_a_planted_secret() {
    let repo = build_fixture("secrets.sh", "secrets");
    let dir = scratch().join("secrets-out");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let (report, signals, records) = (
        dir.join("r.json"),
        dir.join("s.ndjson"),
        dir.join("c.ndjson"),
    );
    rungs_ok(
        &repo,
        &[
            "scan",
            ".",
            "--quiet",
            "--output",
            report.to_str().expect("utf-8"),
            "--signals",
            signals.to_str().expect("utf-8"),
            "--records",
            records.to_str().expect("utf-8"),
        ],
    );
    let signals_text = std::fs::read_to_string(&signals).expect("signals");
    let mut everything = [&report, &signals, &records]
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("written"))
        .collect::<String>();
    // Every other format, the saved report rendered again, `explain` in both its
    // forms, and the cache's files on disk.
    let cache = dir.join("cache");
    let report_arg = report.to_str().expect("utf-8");
    let cache_arg = cache.to_str().expect("utf-8");
    for format in ["table", "markdown", "html"] {
        let out = rungs_ok(
            &repo,
            &["scan", ".", "-q", "--format", format, "--cache", cache_arg],
        );
        everything.push_str(&String::from_utf8_lossy(&out.stdout));
        let out = rungs_ok(&repo, &["report", report_arg, "--format", format]);
        everything.push_str(&String::from_utf8_lossy(&out.stdout));
    }
    for format in ["text", "json"] {
        let out = rungs_ok(
            &repo,
            &[
                "explain",
                "--author",
                "sam@example.com",
                "--format",
                format,
                "-q",
            ],
        );
        assert!(!out.stdout.is_empty());
        everything.push_str(&String::from_utf8_lossy(&out.stdout));
    }
    let mut stack = vec![cache.clone()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("cache dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                everything.push_str(&String::from_utf8_lossy(
                    &std::fs::read(&path).expect("read"),
                ));
            }
        }
    }
    assert!(
        everything.contains("<html"),
        "the HTML report is part of what is checked"
    );
    for secret in [
        "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
        "pa55w0rdXYZ",
        "Tr0ub4dor&3horse",
        "hunter2hunter2",
        "glpat-abcdefghij0123456789",
        "BEGIN RSA PRIVATE KEY",
        "MIIEowIBAAKCAQEA7bq98vZx2YqUvc1Qw3Jd0xk9a8hT5pLm2nR4sW6yZ8c",
        "xoxb-1234567890-abcdefghij",
        "Sup3rS3cretDeploy",
        "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    ] {
        assert!(!everything.contains(secret), "{secret} leaked");
    }
    // The lines around the secrets are still evidence, with the secrets taken out.
    let redacted = signals_text.matches("[REDACTED]").count();
    assert!(redacted >= 10, "{redacted} redactions in {signals_text}");
    assert!(signals_text.contains("postgres://svc:[REDACTED]@db.internal/app"));
}
