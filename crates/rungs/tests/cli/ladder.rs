//! Placements in the report follow the ladder file: `--ladder` replaces the
//! built-in one, and a broken ladder file is a one-line error.

use crate::common::*;

const TINY: &str = r#"
[evidence]
commits_for_depth = 1
min_commits = 1
half_life_days = 365
window_weeks = 26

[metrics.small_batches]
max_median_lines = 100
depth = 2

[metrics.steady_cadence]
min_share_of_weeks = 0.5
depth = 2

[metrics.integration]
min_merges = 5
depth = 3

[metrics.collaboration]
min_share_of_commits = 0.2
depth = 2

[[track]]
id = "db"
name = "Database work"
skills = ["acid", "error-codes"]

[[track.rung]]
id = "uses-transactions"
name = "Uses transactions"
requires = { acid = 1 }

[[track.rung]]
id = "builds-schemas"
name = "Builds schemas"
requires = { acid = 3, error-codes = 1 }

[[track.rung]]
id = "designs-storage"
name = "Designs storage"
requires = { acid = 4, error-codes = 2 }

[[plan]]
skill = "acid"
depth = 1
tasks = ["Wrap two writes in one transaction.", "Roll back on failure and test it."]

[[plan]]
skill = "acid"
depth = 2
tasks = ["Fix a missing rollback.", "Fix a partial write."]

[[plan]]
skill = "acid"
depth = 3
tasks = ["Add a CHECK constraint.", "Add a foreign key."]

[[plan]]
skill = "acid"
depth = 4
tasks = ["Design a schema with constraints.", "Write down the isolation level each path needs."]

[[plan]]
skill = "error-codes"
depth = 1
tasks = ["Propagate an error with context.", "Handle a failed call."]

[[plan]]
skill = "error-codes"
depth = 2
tasks = ["Map an error to a status code.", "Fix a swallowed error."]
"#;

#[test]
fn a_custom_ladder_places_authors_on_its_own_tracks() {
    let repo = build_fixture("signals.sh", "signals");
    let ladder = scratch().join("tiny-ladder.toml");
    std::fs::write(&ladder, TINY).expect("write");
    let (report, _) = scan(&repo, &["--ladder", ladder.to_str().expect("utf-8")]);
    assert_eq!(report["ladder"]["file"], ladder.to_str().expect("utf-8"));
    let rae = &report["authors"][0];
    // The fixture has SQL transactions (depth 1), a CHECK constraint (depth 3) and
    // error handling (depth 1): the middle rung, short of the top on both skills.
    assert_eq!(
        rae["rungs"]["db"]["rung"], "builds-schemas",
        "{}",
        rae["rungs"]
    );
    assert_eq!(rae["rungs"]["db"]["next"], "designs-storage");
    let gaps: Vec<&str> = rae["rungs"]["db"]["gaps"]
        .as_array()
        .expect("gaps")
        .iter()
        .map(|g| g["skill"].as_str().expect("skill"))
        .collect();
    assert_eq!(gaps, ["acid", "error-codes"]);
    assert!(
        rae["rungs"].get("ic").is_none(),
        "only the custom ladder's tracks"
    );
    assert_eq!(rae["skills"]["acid"]["depth"], 3);

    // The built-in ladder: too few commits to place anyone.
    let (report, _) = scan(&repo, &[]);
    assert_eq!(
        report["authors"][0]["rungs"]["ic"]["rung"],
        "insufficient_evidence"
    );
    assert!(
        report["notice"]
            .as_str()
            .expect("notice")
            .contains("not a performance review")
    );
}

#[test]
fn a_broken_ladder_file_is_a_one_line_error() {
    let repo = build_fixture("signals.sh", "signals");
    let ladder = scratch().join("broken-ladder.toml");
    std::fs::write(
        &ladder,
        TINY.replace("requires = { acid = 1 }", "requires = { acid = 9 }"),
    )
    .expect("write");
    let out = rungs(
        &repo,
        &["scan", ".", "--ladder", ladder.to_str().expect("utf-8")],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("broken-ladder.toml:32:21: track 'db' > rung 'uses-transactions' > requires.acid: depth 9 is out of range 1-4"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(out.stdout.is_empty(), "no report on a bad ladder");
}

/// The built-in ladder, judging what a history shows from two active authors on
/// (it needs ten by default) and from one author showing a depth.
fn judging_small_histories() -> String {
    let text = std::fs::read_to_string(workspace().join("rules/ladder.toml")).expect("ladder");
    let judging = text
        .replace("min_active_authors = 10", "min_active_authors = 2")
        .replace("min_authors = 2", "min_authors = 1");
    assert_ne!(
        judging, text,
        "the observability table of the built-in ladder moved"
    );
    judging
}

#[test]
fn skills_a_history_cannot_show_hold_nobody_back_unless_strict() {
    // Dana and Morgan are the active authors of this history: neither shows
    // access-violation, and error-codes only at depth 1.
    let repo = build_fixture("profiles.sh", "profiles");
    let ladder = scratch().join("judging-ladder.toml");
    std::fs::write(&ladder, judging_small_histories()).expect("write");
    let ladder_arg = ladder.to_str().expect("utf-8");
    let (report, _) = scan(&repo, &["--ladder", ladder_arg]);
    let (strict, _) = scan(&repo, &["--ladder", ladder_arg, "--strict-ladder"]);

    let seen = &report["observability"];
    assert_eq!(seen["judged"], true);
    assert_eq!(seen["active_authors"], 2);
    assert_eq!(seen["skills"]["access-violation"]["depth"], 0);
    assert_eq!(seen["skills"]["error-codes"]["depth"], 1);
    assert_eq!(strict["observability"]["judged"], false);
    assert_eq!(strict["observability"]["strict"], true);

    let depth_shown = |skill: &str| seen["skills"][skill]["depth"].as_u64().unwrap_or(4);
    let mut lifted = 0;
    for email in ["dana@example.com", "morgan@example.com"] {
        for (track, placed) in author(&report, email)["rungs"].as_object().expect("rungs") {
            // No gap toward a rung the history can place asks for more than it
            // shows (a rung it cannot place is reached only as written)...
            let hidden = seen["hidden_rungs"][track.as_str()]
                .as_array()
                .expect("hidden rungs");
            let gaps = placed["gaps"].as_array().expect("gaps");
            for gap in gaps.iter().filter(|_| !hidden.contains(&placed["next"])) {
                let skill = gap["skill"].as_str().expect("skill");
                assert!(
                    gap["required"].as_u64().expect("required") <= depth_shown(skill),
                    "{email} {track}: {gap}"
                );
            }
            // ...every waiver says why...
            for waiver in placed["waived"].as_array().expect("waived") {
                let skill = waiver["skill"].as_str().expect("skill");
                assert_eq!(
                    waiver["held"].as_u64(),
                    Some(depth_shown(skill)),
                    "{waiver}"
                );
                assert!(
                    waiver["reason"]
                        .as_str()
                        .expect("reason")
                        .contains("of 2 active authors"),
                    "{waiver}"
                );
            }
            // ...and the strict reading places them where the waivers lifted them from.
            let strictly = &author(&strict, email)["rungs"][track];
            assert_eq!(placed["strict_rung"], strictly["rung"], "{email} {track}");
            assert_eq!(strictly["strict_rung"], strictly["rung"]);
            assert!(strictly["waived"].as_array().expect("waived").is_empty());
            if placed["rung"] != strictly["rung"] {
                lifted += 1;
                assert_ne!(placed["confidence"], "high", "{email} {track}: capped");
            }
        }
    }
    assert!(lifted > 0, "someone is held back by a skill nobody shows");
    // Dana: junior strictly (error-codes 2 for middle); error-codes is held at 1
    // and access-violation not at all, so nothing short of senior holds her back
    // but skills she lacks and the history shows.
    let dana = &author(&report, "dana@example.com")["rungs"]["ic"];
    assert_eq!(
        author(&strict, "dana@example.com")["rungs"]["ic"]["rung"],
        "junior"
    );
    assert_ne!(dana["rung"], "junior", "{dana}");

    // Every renderer says what was waived, apart from gaps.
    let text = std::fs::read_to_string(repo.join("report.json")).ok();
    assert!(text.is_none(), "the scan wrote no file into the repository");
    let shown = |format: &str| {
        String::from_utf8(
            rungs_ok(
                &repo,
                &[
                    "scan", ".", "--quiet", "--ladder", ladder_arg, "--format", format,
                ],
            )
            .stdout,
        )
        .expect("utf-8")
    };
    let table = shown("table");
    assert!(
        table.contains("Waived: what this history cannot show"),
        "{table}"
    );
    assert!(
        table.contains("access-violation: not observable in this history (0 of 2 active authors show any; 1 needed)"),
        "{table}"
    );
    let markdown = shown("markdown");
    assert!(markdown.contains("waived, not gaps"), "{markdown}");
    let html = shown("html");
    assert!(html.contains("Waived, not gaps"), "{html}");
}

/// `rungs report --ladder` places a saved report's authors again from the counts
/// it keeps: byte for byte what a scan with that ladder writes, without scanning.
#[test]
fn a_saved_report_is_placed_again_on_another_ladder_as_a_scan_would() {
    let repo = build_fixture("profiles.sh", "profiles");
    let dir = scratch().join("place-again");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let ladder = dir.join("judging-ladder.toml");
    std::fs::write(&ladder, judging_small_histories()).expect("write");
    let tiny = dir.join("tiny-ladder.toml");
    std::fs::write(&tiny, TINY).expect("write");
    let path = |name: &str| dir.join(name).to_str().expect("utf-8").to_owned();
    let scan_to = |name: &str, extra: &[&str]| {
        let out = path(name);
        let mut args = vec!["scan", ".", "--quiet", "-o", &out];
        args.extend_from_slice(extra);
        rungs_ok(&repo, &args);
        std::fs::read(&out).expect("report")
    };
    let ladder_arg = ladder.to_str().expect("utf-8");
    let tiny_arg = tiny.to_str().expect("utf-8");
    let saved = path("saved.json");
    scan_to("saved.json", &[]);
    for (scan_args, report_args) in [
        (vec!["--ladder", ladder_arg], vec!["--ladder", ladder_arg]),
        (
            vec!["--ladder", ladder_arg, "--strict-ladder"],
            vec!["--ladder", ladder_arg, "--strict-ladder"],
        ),
        (vec!["--strict-ladder"], vec!["--strict-ladder"]),
        (vec!["--ladder", tiny_arg], vec!["--ladder", tiny_arg]),
    ] {
        let scanned = scan_to("scanned.json", &scan_args);
        let again = path("again.json");
        let mut args = vec!["report", saved.as_str(), "-o", again.as_str()];
        args.extend_from_slice(&report_args);
        rungs_ok(&repo, &args);
        assert!(
            std::fs::read(&again).expect("again") == scanned,
            "report {report_args:?} differs from scan {scan_args:?}"
        );
    }
    // A report placed on another ladder is placed again only on a ladder given.
    let on_tiny = path("on-tiny.json");
    std::fs::copy(path("scanned.json"), &on_tiny).expect("copy");
    let out = rungs(&repo, &["report", &on_tiny, "--strict-ladder"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("tiny-ladder.toml: give it with --ladder"),
        "{err}"
    );
    // A report that only counted has nothing to place.
    let counts = path("counts.json");
    scan_to("counts.json", &["--counts-only"]);
    let out = rungs(&repo, &["report", &counts, "--ladder", ladder_arg]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("holds counts only"), "{err}");
}

/// Commits someone co-authored count toward being placed as they count toward
/// evidence: two commits of one's own and twelve co-authored are enough history
/// (the ladder's `min_commits` is 10), where two alone are not.
#[test]
fn coauthored_commits_count_toward_being_placed() {
    let origin = build_fixture("profiles.sh", "profiles");
    let clone = fresh_clone(&origin, "coauthored-placed");
    for day in 10..22 {
        std::fs::write(
            clone.join(format!("pair{day}.py")),
            format!("def read{day}(path):\n    try:\n        return open(path).read()\n    except OSError:\n        return None\n"),
        )
        .expect("write");
        git(&clone, &["add", "."]);
        commit_as(
            &clone,
            "Dana Deep",
            "dana@example.com",
            &format!("2025-03-{day}T10:00:00+00:00"),
            &format!(
                "fix: handle a missing file in read{day}\n\nCo-authored-by: Zoe Zed <zoe@example.com>"
            ),
        );
    }
    for day in 22..24 {
        commit_as(
            &clone,
            "Zoe Zed",
            "zoe@example.com",
            &format!("2025-03-{day}T10:00:00+00:00"),
            "docs: notes",
        );
    }
    let (report, _) = scan(&clone, &[]);
    let zoe = author(&report, "zoe@example.com");
    assert_eq!(zoe["commits"], 2);
    assert_eq!(
        zoe["metrics"]["coauthored_commits"], 12,
        "{}",
        zoe["metrics"]
    );
    assert_ne!(
        zoe["rungs"]["ic"]["rung"], "insufficient_evidence",
        "{}",
        zoe["rungs"]
    );
    // Without the co-authored commits, two commits are too few to place.
    let (alone, _) = scan(&origin, &[]);
    let nico = author(&alone, "nico@example.com");
    assert_eq!(nico["rungs"]["ic"]["rung"], "insufficient_evidence");
}

/// `rungs ladder import` turns a framework of each format into a ladder that
/// `rungs ladder check` and `rungs scan --ladder` take as written: its levels
/// become rungs, criteria stay as comments beside their skills (unmapped ones
/// listed), and requirements grow rung by rung.
#[test]
fn frameworks_import_into_ladders_that_check_and_place() {
    let dir = scratch().join("ladder-import");
    std::fs::create_dir_all(&dir).expect("dir");
    let frameworks = workspace().join("fixtures/frameworks");
    let repo = build_fixture("profiles.sh", "profiles");
    for (file, format, rungs, unmapped) in [
        (
            "competencies.yml",
            "ft",
            ["engineer", "senior", "principal"],
            "Makes the team laugh at stand-up",
        ),
        (
            "backend.md",
            "monzo",
            ["level-1", "level-2", "level-3"],
            "Gives talks at meet-ups",
        ),
    ] {
        let out_file = dir.join(format!("{format}.toml"));
        let out = rungs_ok(
            &dir,
            &[
                "ladder",
                "import",
                frameworks.join(file).to_str().expect("utf-8"),
                "--format",
                format,
                "-o",
                out_file.to_str().expect("utf-8"),
            ],
        );
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(said.contains("3 levels"), "{said}");
        let ladder = std::fs::read_to_string(&out_file).expect("ladder");
        assert!(
            ladder.contains(&format!("] {unmapped}\n#     -> unmapped")),
            "{format}: the unmapped criterion is listed\n{ladder}"
        );
        assert!(
            ladder.contains("-> access-violation (\"security\")"),
            "{ladder}"
        );
        // The first rung asks depth 1 of what it names, the last rung depth 4.
        let check = String::from_utf8(
            rungs_ok(
                &dir,
                &["ladder", "check", out_file.to_str().expect("utf-8")],
            )
            .stdout,
        )
        .expect("utf-8");
        assert!(check.contains("1 track, 3 rungs; valid"), "{check}");
        for rung in rungs {
            assert!(check.contains(&format!("({rung}): ")), "{rung}: {check}");
        }
        let last = check
            .lines()
            .find(|l| l.contains(&format!("({}): ", rungs[2])))
            .expect("last rung");
        assert!(last.contains("access-violation 4"), "{last}");
        // It places authors as any ladder does.
        let report = rungs_ok(
            &repo,
            &[
                "scan",
                ".",
                "--quiet",
                "--format",
                "json",
                "--ladder",
                out_file.to_str().expect("utf-8"),
            ],
        );
        let report: serde_json::Value = serde_json::from_slice(&report.stdout).expect("json");
        let tracks = report["ladder"]["tracks"].as_object().expect("tracks");
        assert_eq!(tracks.len(), 1, "{}", report["ladder"]);
        let (_, ids) = tracks.iter().next().expect("a track");
        assert_eq!(ids, &serde_json::json!(rungs), "{}", report["ladder"]);
    }
    // The built-in ladder checks, and a broken one is refused with its place.
    let builtin = String::from_utf8(rungs_ok(&dir, &["ladder", "check"]).stdout).expect("utf-8");
    assert!(
        builtin.starts_with("rules/ladder.toml: 2 tracks, 7 rungs; valid"),
        "{builtin}"
    );
    assert!(builtin.contains("Senior engineer (senior): access-violation 2, error-codes 3"));
    std::fs::write(
        dir.join("broken.toml"),
        "[evidence]\ncommits_for_depth = 0\n",
    )
    .expect("write");
    let out = rungs(&dir, &["ladder", "check", "broken.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("broken.toml:"),
        "{out:?}"
    );
    let out = rungs(&dir, &["ladder", "import", "missing.yml", "--format", "ft"]);
    assert_eq!(out.status.code(), Some(1));
    let out = rungs(
        &dir,
        &[
            "ladder",
            "import",
            frameworks.join("backend.md").to_str().expect("utf-8"),
            "--format",
            "ft",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "a Markdown page is not an ft list"
    );
}
