//! `rungs diff`: the changes between two reports of the same repository.

use std::path::Path;

use crate::common::*;

/// Scan `origin` and `later` (its clone with more commits) into the reports
/// `old` and `new` (names without `.json`) under the scratch directory.
fn scan_both(origin: &Path, later: &Path, old: &str, new: &str) -> (String, String) {
    let path = |name: &str| {
        scratch()
            .join(format!("{name}.json"))
            .to_str()
            .expect("utf-8")
            .to_owned()
    };
    let (old, new) = (path(old), path(new));
    rungs_ok(origin, &["scan", ".", "--quiet", "-o", &old]);
    rungs_ok(later, &["scan", ".", "--quiet", "-o", &new]);
    (old, new)
}

/// `rungs diff old new --format json`.
fn diff_json(old: &str, new: &str) -> serde_json::Value {
    serde_json::from_slice(&rungs_ok(scratch(), &["diff", old, new, "--format", "json"]).stdout)
        .expect("json")
}

#[test]
fn diff_shows_new_people_new_evidence_and_nothing_for_equal_reports() {
    let origin = build_fixture("profiles.sh", "profiles");
    let later = scratch().join("diff-later");
    git(
        scratch(),
        &["clone", "-q", origin.to_str().expect("utf-8"), "diff-later"],
    );
    for (name, email, message) in [
        (
            "Dana Deep",
            "dana@example.com",
            "feat(orders): cache totals (PAY-200)",
        ),
        (
            "Zed Zhou",
            "zed@example.com",
            "fix: handle the timeout (PAY-201)",
        ),
    ] {
        commit_as(&later, name, email, "2025-01-10T10:00:00+00:00", message);
    }
    let (old, new) = scan_both(&origin, &later, "diff-old", "diff-new");
    let (old, new) = (old.as_str(), new.as_str());
    let json = diff_json(old, new);
    assert_eq!(
        json["new_commits"].as_u64(),
        json["old_commits"].as_u64().map(|n| n + 2)
    );
    let authors = json["authors"].as_array().expect("authors");
    let dana = authors
        .iter()
        .find(|a| a["email"] == "dana@example.com")
        .expect("dana");
    assert_eq!(dana["status"], "changed");
    assert_eq!(
        dana["new_commits"].as_u64(),
        dana["old_commits"].as_u64().map(|n| n + 1)
    );
    assert!(
        dana["skills"]
            .as_array()
            .expect("skills")
            .iter()
            .any(|s| s["skill"] == "backlog-sprint" && s["evidence_commits"] == 1)
    );
    let zed = authors
        .iter()
        .find(|a| a["email"] == "zed@example.com")
        .expect("zed");
    assert_eq!(zed["status"], "new");
    assert_eq!(
        zed["rungs"].as_array().expect("rungs").len(),
        0,
        "not placed yet: no rung change"
    );
    assert_eq!(authors.len(), 2, "nobody else changed: {authors:?}");
    assert_eq!(zed["newcomer"], true);
    assert_eq!(json["summary"]["new_authors"], 1);
    assert_eq!(json["summary"]["newcomers"], 1);

    let text = String::from_utf8(rungs_ok(scratch(), &["diff", old, new]).stdout).expect("utf-8");
    assert!(
        text.contains("Dana Deep <dana@example.com>: +1 commit\n"),
        "{text}"
    );
    assert!(!text.contains("Zed Zhou"), "a newcomer is folded: {text}");
    assert!(
        text.contains("and 1 newcomer too new to place (1 commit between them; --all lists them)"),
        "{text}"
    );
    let all =
        String::from_utf8(rungs_ok(scratch(), &["diff", old, new, "--all"]).stdout).expect("utf-8");
    assert!(
        all.contains("Zed Zhou <zed@example.com>: new, 1 commit"),
        "{all}"
    );
    let md =
        String::from_utf8(rungs_ok(scratch(), &["diff", old, new, "--format", "markdown"]).stdout)
            .expect("utf-8");
    assert!(md.starts_with("## rungs: what changed"), "{md}");

    // Reports that only counted place nobody, so nobody new is "too new to place".
    let (old_counts, new_counts) = (
        scratch().join("diff-old-counts.json"),
        scratch().join("diff-new-counts.json"),
    );
    rungs_ok(
        &origin,
        &[
            "scan",
            ".",
            "--quiet",
            "--counts-only",
            "-o",
            old_counts.to_str().expect("utf-8"),
        ],
    );
    rungs_ok(
        &later,
        &[
            "scan",
            ".",
            "--quiet",
            "--counts-only",
            "-o",
            new_counts.to_str().expect("utf-8"),
        ],
    );
    let counts = String::from_utf8(
        rungs_ok(
            scratch(),
            &[
                "diff",
                old_counts.to_str().expect("utf-8"),
                new_counts.to_str().expect("utf-8"),
            ],
        )
        .stdout,
    )
    .expect("utf-8");
    assert!(
        counts.contains("Zed Zhou <zed@example.com>: new, 1 commit"),
        "{counts}"
    );
    assert!(!counts.contains("too new to place ("), "{counts}");

    let same = String::from_utf8(rungs_ok(scratch(), &["diff", old, old]).stdout).expect("utf-8");
    assert!(same.contains("0 authors with changes"), "{same}");
    let out = rungs(scratch(), &["diff", old, "/nonexistent.json"]);
    assert_eq!(out.status.code(), Some(1));
}

/// The diff leads with the news: a summary counting it, then the people whose
/// rung moved, before the long tail; newcomers too new to place are one line.
#[test]
fn diff_leads_with_rung_changes() {
    let origin = build_fixture("profiles.sh", "profiles");
    let later = fresh_clone(&origin, "diff-news");
    // Nico, a newcomer of three commits, becomes active enough to be placed; Dana
    // adds one commit (the long tail); three people make their first commit.
    for day in 10..20 {
        std::fs::write(
            later.join(format!("nico{day}.py")),
            format!("def load{day}(path):\n    try:\n        return open(path).read()\n    except OSError:\n        return None\n"),
        )
        .expect("write");
        git(&later, &["add", "."]);
        commit_as(
            &later,
            "Nico New",
            "nico@example.com",
            &format!("2025-01-{day}T10:00:00+00:00"),
            &format!("fix: handle a missing file in load{day} (PAY-3{day})"),
        );
    }
    commit_as(
        &later,
        "Dana Deep",
        "dana@example.com",
        "2025-01-21T10:00:00+00:00",
        "docs: typo",
    );
    for (n, who) in ["Ada", "Bo", "Cy"].iter().enumerate() {
        commit_as(
            &later,
            who,
            &format!("{}@example.com", who.to_lowercase()),
            &format!("2025-01-2{}T12:00:00+00:00", n + 2),
            "chore: first commit",
        );
    }
    let (old, new) = scan_both(&origin, &later, "diff-news-old", "diff-news-new");
    let (old, new) = (old.as_str(), new.as_str());
    let json = diff_json(old, new);
    let summary = &json["summary"];
    assert!(summary["rung_changes"].as_u64() >= Some(1), "{summary}");
    assert_eq!(summary["new_authors"], 3);
    assert_eq!(summary["newcomers"], 3);
    let authors = json["authors"].as_array().expect("authors");
    assert_eq!(authors[0]["email"], "nico@example.com", "{authors:?}");
    assert_ne!(authors[0]["rungs"][0]["old"], authors[0]["rungs"][0]["new"]);
    let emails: Vec<&str> = authors
        .iter()
        .map(|a| a["email"].as_str().expect("email"))
        .collect();
    assert_eq!(
        emails,
        [
            "nico@example.com",
            "dana@example.com",
            "ada@example.com",
            "bo@example.com",
            "cy@example.com"
        ],
        "news first, then the tail, then the newcomers"
    );

    let text = String::from_utf8(rungs_ok(scratch(), &["diff", old, new]).stdout).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].contains("rung change") && lines[0].contains("3 new authors (3 too new to place)"),
        "{text}"
    );
    assert!(
        lines[2].starts_with("Nico New <nico@example.com>"),
        "{text}"
    );
    assert!(
        text.ends_with(
            "and 3 newcomers too new to place (3 commits between them; --all lists them)\n"
        ),
        "{text}"
    );
    let md =
        String::from_utf8(rungs_ok(scratch(), &["diff", old, new, "--format", "markdown"]).stdout)
            .expect("utf-8");
    let first = md
        .lines()
        .find(|l| l.starts_with("- **"))
        .expect("an author");
    assert!(first.contains("Nico New"), "{md}");
}

/// Reports that cannot be compared are refused with the reason, in one line.
#[test]
fn diff_refuses_reports_that_cannot_be_compared() {
    let profiles = build_fixture("profiles.sh", "profiles");
    let dir = scratch().join("diff-refused");
    std::fs::create_dir_all(&dir).expect("dir");
    let path = |name: &str| dir.join(name).to_str().expect("utf-8").to_owned();
    rungs_ok(
        &profiles,
        &["scan", ".", "--quiet", "-o", &path("base.json")],
    );
    // The same repository under another path.
    rungs_ok(
        scratch(),
        &[
            "scan",
            profiles.to_str().expect("utf-8"),
            "--quiet",
            "-o",
            &path("elsewhere.json"),
        ],
    );
    // Other rules: the built-in pack and one more rule.
    let extra = dir.join("extra-rules");
    std::fs::create_dir_all(&extra).expect("dir");
    std::fs::write(
        extra.join("team.toml"),
        r#"[[rule]]
id = "team-word"
skill = "error-codes"
signal = "error-handling"
depth = 1
target = "added"
pattern = '''\bteamword\b'''
description = "our own word for a failure"
examples.match = ["teamword(x)", "if teamword {"]
examples.no_match = ["team word", "teamwords"]
"#,
    )
    .expect("rules");
    rungs_ok(
        &profiles,
        &[
            "scan",
            ".",
            "--quiet",
            "--rules-add",
            extra.to_str().expect("utf-8"),
            "-o",
            &path("rules.json"),
        ],
    );
    // Another ladder: the same one held strictly.
    rungs_ok(
        scratch(),
        &[
            "report",
            &path("base.json"),
            "--strict-ladder",
            "-o",
            &path("strict.json"),
        ],
    );
    for (other, reason) in [
        ("elsewhere.json", "cover different repositories"),
        ("rules.json", "different rules"),
        ("strict.json", "different ladders"),
    ] {
        let out = rungs(scratch(), &["diff", &path("base.json"), &path(other)]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{other}: {err}");
        assert!(
            err.contains("cannot be compared") && err.contains(reason),
            "{other}: {err}"
        );
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    }
}
