//! `rungs merge` gives, byte for byte, the report one scan of all the repositories
//! gives; reports that cannot be added up are refused with a clear error.

use std::path::{Path, PathBuf};

use crate::common::*;

/// A clone of the profiles fixture with two more commits: the same people (one
/// under another name) and a newcomer, in a second repository.
fn second_repo() -> PathBuf {
    static REPO: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    REPO.get_or_init(build_second_repo).clone()
}

fn build_second_repo() -> PathBuf {
    let origin = build_fixture("profiles.sh", "profiles");
    let dir = scratch().join("merge-second");
    {
        git(
            scratch(),
            &[
                "clone",
                "-q",
                origin.to_str().expect("utf-8"),
                "merge-second",
            ],
        );
        for (name, email, message, date) in [
            (
                "Dana D.",
                "dana@example.com",
                "feat: cache the order totals (#12)",
                "2025-01-03T10:00:00+02:00",
            ),
            (
                "Zed Zhou",
                "zed@example.com",
                "fix(api): return ERR_TIMEOUT when the upstream times out",
                "2025-01-04T09:30:00-05:00",
            ),
            // Someone seen only as a co-author, deep enough to hold a skill in the team view.
            (
                "Zoe Zimmer",
                "zoe@example.com",
                "Spike: try sqlite for the cache\n\nCo-authored-by: Aaron Abel <aaron@example.com>",
                "2025-01-05T09:00:00+00:00",
            ),
            (
                "Zoe Zimmer",
                "zoe@example.com",
                "Spike: try redis for the cache\n\nCo-authored-by: Aaron Abel <aaron@example.com>",
                "2025-02-05T09:00:00+00:00",
            ),
        ] {
            commit_as(&dir, name, email, date, message);
        }
    }
    dir
}

fn save(dir: &Path, name: &str, args: &[&str]) -> PathBuf {
    let out = scratch().join(name);
    let mut all = vec!["scan", "--quiet", "-o", out.to_str().expect("utf-8")];
    all.extend_from_slice(args);
    rungs_ok(dir, &all);
    out
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("report written")
}

#[test]
fn merged_reports_equal_one_scan_of_all_repositories() {
    let profiles = build_fixture("profiles.sh", "profiles");
    let second = second_repo();
    let signals = build_fixture("signals.sh", "signals");
    let paths = [&profiles, &second, &signals].map(|p| p.to_str().expect("utf-8").to_owned());
    for (mode, extra) in [("classified", &[][..]), ("counts", &["--counts-only"][..])] {
        let parts: Vec<PathBuf> = paths
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let mut args = vec![p.as_str()];
                args.extend_from_slice(extra);
                save(scratch(), &format!("merge-{mode}-{i}.json"), &args)
            })
            .collect();
        let mut all: Vec<&str> = paths.iter().map(String::as_str).collect();
        all.extend_from_slice(extra);
        let single = save(scratch(), &format!("merge-{mode}-single.json"), &all);

        let merged = scratch().join(format!("merge-{mode}-merged.json"));
        let mut args = vec!["merge", "-o", merged.to_str().expect("utf-8")];
        args.extend(parts.iter().map(|p| p.to_str().expect("utf-8")));
        rungs_ok(scratch(), &args);
        assert_eq!(
            read(&merged),
            read(&single),
            "{mode}: merge differs from one scan"
        );

        // Merging in two steps gives the same.
        let partial = scratch().join(format!("merge-{mode}-partial.json"));
        let mut args = vec!["merge", "-o", partial.to_str().expect("utf-8")];
        args.extend(parts[..2].iter().map(|p| p.to_str().expect("utf-8")));
        rungs_ok(scratch(), &args);
        let out = rungs_ok(
            scratch(),
            &[
                "merge",
                "--format",
                "json",
                partial.to_str().expect("utf-8"),
                parts[2].to_str().expect("utf-8"),
            ],
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            read(&single),
            "{mode}: two steps"
        );
    }
    // The merge saw people in both repositories: Dana's name is the one used most.
    let report: serde_json::Value =
        serde_json::from_str(&read(&scratch().join("merge-classified-merged.json"))).expect("json");
    let dana = author(&report, "dana@example.com");
    assert_eq!(dana["name"], "Dana Deep");
    assert_eq!(dana["names"]["Dana D."], 1);
    assert!(
        report["authors"]
            .as_array()
            .expect("authors")
            .iter()
            .any(|a| a["email"] == "zed@example.com")
    );
    let holders = report["team"]["concentration"]["decision-making"]
        .as_array()
        .expect("holders");
    assert!(
        holders.iter().any(|h| h["email"] == "aaron@example.com"),
        "{holders:?}"
    );
}

#[test]
fn reports_that_do_not_add_up_are_refused() {
    let profiles = build_fixture("profiles.sh", "profiles");
    let second = second_repo();
    let a = save(&profiles, "refuse-a.json", &["."]);
    let b_bulk = save(&second, "refuse-b-bulk.json", &[".", "--bulk-files", "5"]);
    let b_counts = save(&second, "refuse-b-counts.json", &[".", "--counts-only"]);
    let elsewhere = save(
        scratch(),
        "refuse-a-elsewhere.json",
        &[profiles.to_str().expect("utf-8")],
    );
    let other_dot = save(&second, "refuse-other-dot.json", &["."]);
    let cases: [(&[&Path], &str); 5] = [
        (&[&a, &a], "both hold a repository named \".\""),
        (&[&a, &other_dot], "both hold a repository named \".\""),
        (&[&a, &elsewhere], "were scanned at the same commit"),
        (&[&a, &b_bulk], "different rules or bulk thresholds"),
        (&[&a, &b_counts], "different rules or bulk thresholds"),
    ];
    for (inputs, message) in cases {
        let mut args = vec!["merge"];
        args.extend(inputs.iter().map(|p| p.to_str().expect("utf-8")));
        let out = rungs(scratch(), &args);
        assert_eq!(out.status.code(), Some(1), "{inputs:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(message), "{inputs:?}: {err}");
    }
    // Another ladder than the reports were placed on.
    let ladder = scratch().join("refuse-ladder.toml");
    std::fs::write(
        &ladder,
        rungs_ladder_text().replace("commits_for_depth = 2", "commits_for_depth = 3"),
    )
    .expect("write ladder");
    let out = rungs(
        scratch(),
        &[
            "merge",
            "--ladder",
            ladder.to_str().expect("utf-8"),
            a.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("pass that ladder with --ladder"));
}

fn rungs_ladder_text() -> String {
    std::fs::read_to_string(workspace().join("rules/ladder.toml")).expect("ladder")
}

#[test]
fn shards_of_a_repository_list_merge_into_the_scan_of_the_list() {
    let repos = [
        build_fixture("profiles.sh", "profiles"),
        second_repo(),
        build_fixture("signals.sh", "signals"),
        build_fixture("secrets.sh", "secrets"),
    ];
    let list = scratch().join("shard-list.txt");
    let mut text = String::from("# the organisation's repositories\n\n");
    for repo in &repos {
        text.push_str(repo.to_str().expect("utf-8"));
        text.push('\n');
    }
    std::fs::write(&list, text).expect("write list");
    let list = list.to_str().expect("utf-8");
    let single = save(scratch(), "shard-single.json", &["--repos-from", list]);
    let shards: Vec<PathBuf> = (1..=3)
        .map(|k| {
            save(
                scratch(),
                &format!("shard-{k}.json"),
                &["--repos-from", list, "--shard", &format!("{k}/3")],
            )
        })
        .collect();
    let scanned: usize = shards
        .iter()
        .map(|s| {
            let report: serde_json::Value = serde_json::from_str(&read(s)).expect("json");
            report["repos"].as_array().expect("repos").len()
        })
        .sum();
    assert_eq!(
        scanned,
        repos.len(),
        "every repository in exactly one shard"
    );
    let merged = scratch().join("shard-merged.json");
    let mut args = vec!["merge", "-o", merged.to_str().expect("utf-8")];
    // In any order: the merge does not depend on it.
    args.extend(shards.iter().rev().map(|p| p.to_str().expect("utf-8")));
    rungs_ok(scratch(), &args);
    assert_eq!(
        read(&merged),
        read(&single),
        "merged shards differ from one scan"
    );

    let out = rungs(scratch(), &["scan", "--shard", "4/3"]);
    assert_eq!(out.status.code(), Some(2), "a bad shard is a usage error");
}

#[test]
fn repositories_scanned_side_by_side_give_the_report_of_one_after_another() {
    let repos = [
        build_fixture("signals.sh", "signals"),
        build_fixture("profiles.sh", "profiles"),
        second_repo(),
        build_fixture("secrets.sh", "secrets"),
    ];
    let paths: Vec<&str> = repos.iter().map(|p| p.to_str().expect("utf-8")).collect();
    // One thread: one repository after another. Four: four side by side, one
    // thread each. Three: three lanes, so one lane scans two repositories.
    let reports: Vec<String> = ["1", "4", "3"]
        .iter()
        .map(|jobs| {
            let mut args = paths.clone();
            args.extend(["--jobs", jobs]);
            read(&save(
                scratch(),
                &format!("side-by-side-{jobs}.json"),
                &args,
            ))
        })
        .collect();
    assert_eq!(reports[1], reports[0], "four lanes differ from one");
    assert_eq!(reports[2], reports[0], "three lanes differ from one");

    // Nor does the order the repositories are named in, on the command line or
    // in a list, with one thread or several.
    let list = scratch().join("side-by-side-list.txt");
    std::fs::write(&list, format!("{}\n{}\n", paths[3], paths[1])).expect("write list");
    for (n, (order, jobs)) in [
        ([3, 1, 0, 2], "1"),
        ([2, 0, 3, 1], "2"),
        ([1, 3, 2, 0], "4"),
    ]
    .iter()
    .enumerate()
    {
        let mut args: Vec<&str> = order.iter().map(|&i| paths[i]).collect();
        args.extend(["--jobs", jobs]);
        let shuffled = read(&save(
            scratch(),
            &format!("side-by-side-order-{n}.json"),
            &args,
        ));
        assert_eq!(shuffled, reports[0], "order {order:?} with {jobs} jobs");
    }
    let from_list = read(&save(
        scratch(),
        "side-by-side-from-list.json",
        &[
            paths[2],
            paths[0],
            "--repos-from",
            list.to_str().expect("utf-8"),
        ],
    ));
    assert_eq!(from_list, reports[0], "paths and a list in another order");

    // A repository that fails stops the run with its own name, in either mode.
    let broken = scratch().join("side-by-side-broken");
    std::fs::create_dir_all(&broken).expect("mkdir");
    git(&broken, &["init", "-q"]);
    for jobs in ["1", "4"] {
        let mut args = vec!["scan"];
        args.extend(paths.iter().copied());
        args.extend([
            broken.to_str().expect("utf-8"),
            "--rev",
            "no-such-branch",
            "--jobs",
            jobs,
        ]);
        let out = rungs(scratch(), &args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("no-such-branch"), "{stderr}");
    }
}
