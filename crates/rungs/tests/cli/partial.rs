//! Histories that lack objects: a blobless partial clone (`git clone
//! --filter=blob:none`, as CI systems make for large repositories) and a
//! repository whose object store lost a blob. By default the scan stops at the
//! first missing blob, naming it and the ways out; with `--allow-missing` it goes
//! on, counting those files as `missing`, never inventing their lines.

use crate::common::*;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).expect("json")
}

#[test]
fn a_partial_clone_is_named_and_scanned_only_when_asked() {
    let dir = scratch().join("partial");
    std::fs::create_dir_all(&dir).expect("dir");
    let source = build_fixture("profiles.sh", "profiles");
    let origin = dir.join("origin.git");
    git(
        &dir,
        &[
            "clone",
            "-q",
            "--bare",
            source.to_str().expect("utf-8"),
            "origin.git",
        ],
    );
    git(&origin, &["config", "uploadpack.allowFilter", "true"]);
    let url = format!("file://{}", origin.display());
    git(
        &dir,
        &[
            "clone",
            "-q",
            "--bare",
            "--filter=blob:none",
            &url,
            "partial.git",
        ],
    );
    let partial = dir.join("partial.git");

    // Strict by default: one error naming the blob, its path and the ways out.
    let out = rungs(&dir, &["scan", "partial.git", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("partial clone (promisor remote origin)"),
        "{err}"
    );
    assert!(err.contains("is missing"), "{err}");
    assert!(err.contains("--allow-missing"), "{err}");
    assert!(out.stdout.is_empty(), "nothing written");

    // Asked to go on: every commit and author counted as git counts them, the
    // files whose blobs are absent counted as missing, with no lines.
    let out = rungs_ok(
        &dir,
        &["scan", "partial.git", "--allow-missing", "--format", "json"],
    );
    assert!(
        stderr(&out).contains("counted as `missing`"),
        "{}",
        stderr(&out)
    );
    let report = json(&out);
    let whole = json(&rungs_ok(
        &source,
        &["scan", ".", "--quiet", "--format", "json"],
    ));
    assert_eq!(report["totals"]["commits"], whole["totals"]["commits"]);
    let missing = report["totals"]["skipped_files"]["missing"]
        .as_u64()
        .expect("missing files counted");
    assert!(missing > 0, "{}", report["totals"]);
    let commits = |r: &serde_json::Value| -> Vec<(String, u64)> {
        r["authors"]
            .as_array()
            .expect("authors")
            .iter()
            .map(|a| {
                (
                    a["email"].as_str().expect("email").to_owned(),
                    a["commits"].as_u64().expect("n"),
                )
            })
            .collect()
    };
    assert_eq!(commits(&report), commits(&whole));
    let shortlog = git_shortlog(&partial, &["HEAD"]);
    for (email, n) in commits(&report) {
        if let Some(git_n) = shortlog.get(&email) {
            assert_eq!(*git_n, n, "{email}");
        }
    }
    // No line is invented for a file it could not read.
    for a in report["authors"].as_array().expect("authors") {
        assert_eq!(a["lines_added"], 0, "{a}");
        assert_eq!(a["lines_removed"], 0, "{a}");
    }
}

#[test]
fn a_lost_blob_stops_the_scan_unless_missing_blobs_are_allowed() {
    let dir = scratch().join("lost-blob");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    git(&dir, &["init", "-q", "-b", "main"]);
    for (n, text) in ["one\n", "one\ntwo\n"].into_iter().enumerate() {
        std::fs::write(dir.join("kept.txt"), text).expect("write");
        std::fs::write(dir.join("lost.txt"), format!("{text}{n}\n")).expect("write");
        git(&dir, &["add", "-A"]);
        commit_as(
            &dir,
            "Ana Lima",
            "ana@example.com",
            &format!("2025-01-0{}T10:00:00+00:00", n + 1),
            "Change both files",
        );
    }
    // Lose the newest version of lost.txt from the object store.
    let id = String::from_utf8(git(&dir, &["rev-parse", "HEAD:lost.txt"]).stdout).expect("id");
    let id = id.trim();
    let object = dir.join(".git/objects").join(&id[..2]).join(&id[2..]);
    std::fs::remove_file(&object).expect("a loose object");

    let out = rungs(&dir, &["scan", ".", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains(&format!("blob {id} of lost.txt")), "{err}");

    let report = json(&rungs_ok(
        &dir,
        &[
            "scan",
            ".",
            "--quiet",
            "--allow-missing",
            "--format",
            "json",
        ],
    ));
    assert_eq!(
        report["totals"]["skipped_files"]["missing"], 1,
        "{}",
        report["totals"]
    );
    let ana = &report["authors"][0];
    // kept.txt: +1 then +1; lost.txt: +2 in the first commit only.
    assert_eq!(
        (&ana["lines_added"], &ana["commits"]),
        (&serde_json::json!(4), &serde_json::json!(2))
    );
}
