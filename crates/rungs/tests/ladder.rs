//! Placements in the report follow the ladder file: `--ladder` replaces the
//! built-in one, and a broken ladder file is a one-line error.

mod common;

use common::*;

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
