//! `rungs diff`: the changes between two reports of the same repository.

use crate::common::*;

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
    let old = scratch().join("diff-old.json");
    let new = scratch().join("diff-new.json");
    rungs_ok(
        &origin,
        &["scan", ".", "--quiet", "-o", old.to_str().expect("utf-8")],
    );
    rungs_ok(
        &later,
        &["scan", ".", "--quiet", "-o", new.to_str().expect("utf-8")],
    );
    let (old, new) = (old.to_str().expect("utf-8"), new.to_str().expect("utf-8"));

    let json: serde_json::Value = serde_json::from_slice(
        &rungs_ok(scratch(), &["diff", old, new, "--format", "json"]).stdout,
    )
    .expect("json");
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

    let text = String::from_utf8(rungs_ok(scratch(), &["diff", old, new]).stdout).expect("utf-8");
    assert!(
        text.contains("Dana Deep <dana@example.com>: +1 commit\n"),
        "{text}"
    );
    assert!(
        text.contains("Zed Zhou <zed@example.com>: new, 1 commit"),
        "{text}"
    );
    let md =
        String::from_utf8(rungs_ok(scratch(), &["diff", old, new, "--format", "markdown"]).stdout)
            .expect("utf-8");
    assert!(md.starts_with("## rungs: what changed"), "{md}");

    let same = String::from_utf8(rungs_ok(scratch(), &["diff", old, old]).stdout).expect("utf-8");
    assert!(same.contains("0 authors with changes"), "{same}");
    let out = rungs(scratch(), &["diff", old, "/nonexistent.json"]);
    assert_eq!(out.status.code(), Some(1));
}
