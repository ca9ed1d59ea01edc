//! The scanner counts exactly what git counts: commits per author as
//! `git shortlog -sne --no-merges`, lines per commit and file as
//! `git log --numstat --no-renames --no-merges`.
//!
//! Skipped files are matched on the git side by (commit, path): every file rungs
//! skips is left out of the comparison, and the reason is checked against git
//! itself (binary files show `-` in numstat, submodules have mode 160000,
//! oversized blobs are over the cap by `git cat-file -s`).

use std::{collections::BTreeMap, path::Path};

use crate::common::*;

fn assert_parity(repo: &Path, max_blob: u64) {
    // Bots and ignore-revs are policies on top of counting: turn them off to compare with git.
    let empty = scratch().join("empty-ignore-revs");
    std::fs::write(&empty, "").expect("write");
    let (report, records) = scan(
        repo,
        &[
            "--include-bots",
            "--ignore-revs-file",
            empty.to_str().expect("utf-8"),
            "--max-blob-size",
            &max_blob.to_string(),
        ],
    );

    let shortlog = git_shortlog(repo, &["HEAD"]);
    let ours: BTreeMap<String, u64> = report["authors"]
        .as_array()
        .expect("authors")
        .iter()
        .filter(|a| a["commits"].as_u64() > Some(0))
        .map(|a| {
            (
                a["email"].as_str().expect("email").to_owned(),
                a["commits"].as_u64().expect("commits"),
            )
        })
        .collect();
    assert_eq!(
        ours, shortlog,
        "commits per author differ from git shortlog -sne --no-merges"
    );

    let numstat = git_numstat(repo, &["HEAD"]);
    let mut compared = 0;
    let (mut our_added, mut our_removed) = (0, 0);
    let mut counted = std::collections::BTreeSet::new();
    let mut seen = std::collections::BTreeSet::new();
    for record in records.iter().filter(|r| r["parents"].as_u64() < Some(2)) {
        let commit = record["commit"].as_str().expect("commit").to_owned();
        for file in record["files"].as_array().expect("files") {
            let key = (commit.clone(), path_bytes(file));
            seen.insert(key.clone());
            let theirs = numstat
                .get(&key)
                .unwrap_or_else(|| panic!("git lists no change for {key:?}"));
            match file.get("skipped").and_then(|s| s.as_str()) {
                Some("binary") => {
                    // Either git agrees it is binary, or a gitattribute says so (checked by `git check-attr`).
                    if theirs.is_some() {
                        let path = String::from_utf8_lossy(&key.1).into_owned();
                        let attr = String::from_utf8(
                            git(repo, &["check-attr", "diff", "--", &path]).stdout,
                        )
                        .expect("utf-8");
                        assert!(
                            attr.trim_end().ends_with("unset"),
                            "{key:?} skipped as binary, git counts {theirs:?}"
                        );
                    }
                }
                Some("submodule") => {
                    let tree = git(
                        repo,
                        &["ls-tree", &commit, "--", &String::from_utf8_lossy(&key.1)],
                    )
                    .stdout;
                    let parent = git(
                        repo,
                        &[
                            "ls-tree",
                            &format!("{commit}^"),
                            "--",
                            &String::from_utf8_lossy(&key.1),
                        ],
                    )
                    .stdout;
                    assert!(
                        tree.starts_with(b"160000") || parent.starts_with(b"160000"),
                        "{key:?} skipped as submodule but is not a gitlink"
                    );
                }
                Some("too-large") => {
                    let spec = format!("{commit}:{}", String::from_utf8_lossy(&key.1));
                    let size: u64 = String::from_utf8(git(repo, &["cat-file", "-s", &spec]).stdout)
                        .expect("utf-8")
                        .trim()
                        .parse()
                        .expect("size");
                    let parent_spec = format!("{commit}^:{}", String::from_utf8_lossy(&key.1));
                    let parent_size = std::process::Command::new("git")
                        .args([
                            "-C",
                            repo.to_str().expect("utf-8"),
                            "cat-file",
                            "-s",
                            &parent_spec,
                        ])
                        .output()
                        .ok()
                        .and_then(|o| String::from_utf8(o.stdout).ok())
                        .and_then(|s| s.trim().parse::<u64>().ok())
                        .unwrap_or(0);
                    assert!(
                        size.max(parent_size) > max_blob,
                        "{key:?} skipped as too large at {size} bytes"
                    );
                }
                Some(_) => {}
                None => {
                    let ours = (
                        file["added"].as_u64().expect("added"),
                        file["removed"].as_u64().expect("removed"),
                    );
                    assert_eq!(Some(ours), *theirs, "line counts differ for {key:?}");
                    counted.insert(key.clone());
                    our_added += ours.0;
                    our_removed += ours.1;
                    compared += 1;
                }
            }
        }
    }
    let missing: Vec<_> = numstat.keys().filter(|k| !seen.contains(*k)).collect();
    assert!(
        missing.is_empty(),
        "git lists changes rungs does not: {missing:?}"
    );
    assert!(compared > 0, "nothing compared");

    let authors_added: u64 = report["authors"]
        .as_array()
        .expect("authors")
        .iter()
        .map(|a| a["lines_added"].as_u64().expect("n"))
        .sum();
    let authors_removed: u64 = report["authors"]
        .as_array()
        .expect("authors")
        .iter()
        .map(|a| a["lines_removed"].as_u64().expect("n"))
        .sum();
    assert_eq!(
        (authors_added, authors_removed),
        (our_added, our_removed),
        "report totals differ from its records"
    );
    let (git_added, git_removed) = numstat
        .iter()
        .filter(|(k, _)| counted.contains(*k))
        .filter_map(|(_, v)| *v)
        .fold((0, 0), |(a, r), (x, y)| (a + x, r + y));
    assert_eq!(
        (git_added, git_removed),
        (our_added, our_removed),
        "line totals differ from git"
    );
}

#[test]
fn fixture_counts_equal_git() {
    assert_parity(scanner_fixture(), rungs_scan_default_cap());
}

#[test]
fn fixture_counts_equal_git_with_a_small_blob_cap() {
    assert_parity(scanner_fixture(), 64);
}

#[test]
fn long_history_counts_equal_git() {
    assert_parity(long_history(), rungs_scan_default_cap());
}

#[test]
fn own_history_counts_equal_git() {
    let root = workspace();
    let shallow = std::process::Command::new("git")
        .args([
            "-C",
            root.to_str().expect("utf-8"),
            "rev-parse",
            "--is-shallow-repository",
        ])
        .output();
    match shallow {
        Ok(out)
            if out.status.success() && String::from_utf8_lossy(&out.stdout).trim() == "false" =>
        {
            assert_parity(&root, rungs_scan_default_cap());
        }
        _ => eprintln!("skipped: {} is not a full git clone", root.display()),
    }
}

fn rungs_scan_default_cap() -> u64 {
    1024 * 1024
}
