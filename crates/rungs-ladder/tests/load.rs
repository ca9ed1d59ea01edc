//! Loading ladders: the default ladder is valid and complete, a small custom one
//! loads, and every kind of broken file gets an error naming the file, the key and
//! the position.

use rungs_ladder::{Ladder, default_ladder};

/// A three-rung ladder over skills the default IC track does not weigh.
const SMALL: &str = r#"
[evidence]
commits_for_depth = 1
min_commits = 3
half_life_days = 90
window_weeks = 8

[metrics.small_batches]
max_median_lines = 50
depth = 1

[metrics.steady_cadence]
min_share_of_weeks = 0.25
depth = 1

[metrics.integration]
min_merges = 1
depth = 2

[metrics.collaboration]
min_share_of_commits = 0.5
depth = 1

[[track]]
id = "ops"
name = "Operations"
skills = ["agile-iteration", "decision-making"]

[[track.rung]]
id = "one"
name = "One"
requires = { agile-iteration = 1 }

[[track.rung]]
id = "two"
name = "Two"
requires = { agile-iteration = 1, decision-making = 2 }

[[track.rung]]
id = "three"
name = "Three"
requires = { agile-iteration = 2, decision-making = 2 }

[[plan]]
skill = "agile-iteration"
depth = 1
tasks = ["Add a CI job that runs the tests.", "Merge work in small pull requests."]

[[plan]]
skill = "agile-iteration"
depth = 2
tasks = ["Split the pipeline into stages.", "Record reviewers in trailers."]

[[plan]]
skill = "decision-making"
depth = 1
tasks = ["Revert a change that misbehaved.", "Put a risky change behind a flag."]

[[plan]]
skill = "decision-making"
depth = 2
tasks = ["Write down why a rollback was chosen.", "Ship a change as a labelled experiment."]
"#;

#[test]
fn the_default_ladder_has_both_tracks_and_tasks_for_every_required_depth() {
    let ladder = default_ladder();
    let ids: Vec<_> = ladder.tracks.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["ic", "manager"]);
    let rungs = |track: usize| -> Vec<&str> {
        ladder.tracks[track]
            .rungs
            .iter()
            .map(|r| r.id.as_str())
            .collect()
    };
    assert_eq!(rungs(0), ["junior", "middle", "senior", "staff"]);
    assert_eq!(rungs(1), ["engineering-manager", "tech-lead", "cto"]);
    // Every skill at every depth has tasks, so any gap of any custom rung has a plan.
    for skill in rungs_rules::skills() {
        for depth in 1..=4 {
            let tasks = ladder.tasks_for(&skill, depth);
            assert!(
                (2..=3).contains(&tasks.len()),
                "{skill} depth {depth}: {tasks:?}"
            );
        }
    }
}

const OBSERVABILITY: &str = r#"
[observability]
min_share_of_authors = 0.05
min_authors = 2
min_active_authors = 10
min_step_share = 0.5
strict = false
"#;

const CONFIDENCE: &str = r#"
[confidence]
high = { commits = 200, active_weeks = 52, evidence_commits = 10 }
medium = { commits = 40, active_weeks = 12, evidence_commits = 4 }
waived = "medium"
"#;

#[test]
fn observability_and_confidence_tables_are_optional_and_read() {
    let without = Ladder::from_toml("team/ladder.toml", SMALL).expect("loads");
    let with = Ladder::from_toml(
        "team/ladder.toml",
        &format!("{SMALL}\n{OBSERVABILITY}\n{CONFIDENCE}")
            .replace("strict = false", "strict = true")
            .replace("waived = \"medium\"", "waived = \"low\""),
    )
    .expect("loads");
    assert_eq!(
        without.observability,
        rungs_ladder::ObservabilityRules::default()
    );
    assert!(with.observability.strict);
    assert_eq!(with.observability.min_active_authors, 10);
    assert_eq!(with.confidence.waived, rungs_ladder::Confidence::Low);
    assert_eq!(with.confidence.medium.active_weeks, 12);
    // The built-in ladder writes the defaults out.
    let default = rungs_ladder::default_ladder();
    assert_eq!(
        default.observability,
        rungs_ladder::ObservabilityRules::default()
    );
    assert_eq!(default.confidence, rungs_ladder::ConfidenceRules::default());
}

#[test]
fn a_small_custom_ladder_loads() {
    let ladder = Ladder::from_toml("team/ladder.toml", SMALL).expect("loads");
    assert_eq!(ladder.tracks.len(), 1);
    assert_eq!(ladder.tracks[0].rungs.len(), 3);
    assert_eq!(ladder.tracks[0].rungs[1].requires["decision-making"], 2);
    assert_eq!(ladder.evidence.min_commits, 3);
    assert_eq!(ladder.metrics.integration_depth, 2);
}

#[test]
fn broken_ladders_are_named_with_key_and_position() {
    let cases: Vec<(String, &str)> = vec![
        ("[evidence\n".to_owned(), "team/ladder.toml:1:"),
        (
            SMALL.replace("min_commits = 3", "min_commits = \"ten\""),
            "team/ladder.toml:4:15: evidence.min_commits: invalid type: string \"ten\"",
        ),
        (
            SMALL.replace("window_weeks = 8", "window_weeks = 8\ncolour = 1"),
            "unknown field `colour`",
        ),
        (
            SMALL.replace("min_commits = 3", "min_commits = 0"),
            "team/ladder.toml:4:15: evidence.min_commits: must be at least 1",
        ),
        (
            SMALL.replace(
                "skills = [\"agile-iteration\", \"decision-making\"]",
                "skills = [\"agile-iteration\", \"cooking\"]",
            ),
            "track 'ops' > skills: unknown skill 'cooking'",
        ),
        (
            SMALL.replace(
                "requires = { agile-iteration = 1 }",
                "requires = { acid = 1 }",
            ),
            "track 'ops' > rung 'one' > requires.acid: skill 'acid' is not one the track weighs",
        ),
        (
            SMALL.replace(
                "requires = { agile-iteration = 1 }",
                "requires = { agile-iteration = 5 }",
            ),
            "depth 5 is out of range 1-4",
        ),
        (
            SMALL.replace(
                "requires = { agile-iteration = 2, decision-making = 2 }",
                "requires = { agile-iteration = 2, decision-making = 1 }",
            ),
            "rung 'three': needs decision-making at depth 1, less than rung 'two' below it (2)",
        ),
        (
            SMALL.replace("id = \"three\"", "id = \"two\""),
            "track 'ops' > rung 'two': duplicate rung id in this track",
        ),
        (
            SMALL.replace("id = \"one\"", "id = \"below_first_rung\""),
            "reserved for placements outside the ladder",
        ),
        (
            SMALL.replace(
                "requires = { agile-iteration = 2, decision-making = 2 }",
                "requires = { agile-iteration = 3, decision-making = 2 }",
            ),
            "no [[plan]] tasks for agile-iteration at depth 3",
        ),
        (
            SMALL.replace(
                "tasks = [\"Split the pipeline into stages.\", \"Record reviewers in trailers.\"]",
                "tasks = [\"Split the pipeline into stages.\"]",
            ),
            "plan agile-iteration depth 2: needs at least two tasks",
        ),
        (
            SMALL.replace("min_share_of_weeks = 0.25", "min_share_of_weeks = 1.5"),
            "metrics.steady_cadence.min_share_of_weeks: 1.5 is not a share between 0 and 1",
        ),
        (
            format!("{SMALL}\n{OBSERVABILITY}")
                .replace("min_step_share = 0.5", "min_step_share = 2.0"),
            "observability.min_step_share: 2 is not a share between 0 and 1",
        ),
        (
            format!("{SMALL}\n{OBSERVABILITY}").replace("min_authors = 2", "min_authors = 0"),
            "observability.min_authors: must be at least 1",
        ),
        (
            format!("{SMALL}\n{OBSERVABILITY}").replace("strict = false", "strict = \"no\""),
            "invalid type: string \"no\", expected a boolean",
        ),
        (
            format!("{SMALL}\n{CONFIDENCE}").replace("waived = \"medium\"", "waived = \"sure\""),
            "confidence.waived: 'sure' is not low, medium or high",
        ),
        (
            format!("{SMALL}\n{CONFIDENCE}").replace("commits = 40,", "commits = 400,"),
            "confidence.medium: asks more than confidence.high in some figure",
        ),
    ];
    for (text, expected) in cases {
        let error = Ladder::from_toml("team/ladder.toml", &text)
            .expect_err("must not load")
            .to_string();
        assert!(
            error.contains(expected),
            "expected {expected:?} in {error:?}"
        );
        assert!(error.starts_with("team/ladder.toml:"), "{error}");
        assert_eq!(error.lines().count(), 1, "{error}");
    }
}
