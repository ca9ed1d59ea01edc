//! Profiles and placements from aggregates: depth credited by distinct commits,
//! recency from the newest commit, placements that follow the ladder file.

use std::collections::BTreeMap;

use rungs_ladder::{
    Aggregates, BELOW_FIRST_RUNG, Confidence, Evidence, INSUFFICIENT_EVIDENCE, Ladder,
    Observability, Place, Standing, TrackPlacement, default_ladder, metrics, place, profile,
};

const DAY: i64 = 86_400;
const START: i64 = 1_700_000_000;

fn ev(skill: &'static str, signal: &'static str, depth: u8) -> Evidence<'static> {
    Evidence {
        skill,
        signal,
        depth,
        weight: 1.0,
        place: Place::default(),
    }
}

/// Profile, metrics and placement of `who` under `ladder`, every requirement held
/// as written.
fn placed(agg: &Aggregates, who: &str, ladder: &Ladder) -> BTreeMap<String, TrackPlacement> {
    let author = &agg.authors[who];
    let newest = agg.newest.expect("newest");
    let profiles = profile(author, newest, ladder);
    let metrics = metrics(author, agg.oldest.expect("oldest"), newest, ladder);
    place(
        &Standing {
            profiles: &profiles,
            metrics: &metrics,
            commits: author.commits,
            coauthored_commits: author.coauthored_commits,
            active_weeks: author.active_weeks.len() as u64,
        },
        ladder,
        &Observability::strict(),
    )
}

/// An author with `n` commits a week apart, each showing `evidence`.
fn author(agg: &mut Aggregates, who: &str, n: i64, evidence: &[Evidence<'static>]) {
    for i in 0..n {
        agg.add_commit(who, START + i * 7 * DAY, 20, false, evidence);
    }
}

#[test]
fn a_depth_is_credited_by_enough_distinct_commits_at_or_above_it() {
    let ladder = default_ladder();
    let mut agg = Aggregates::default();
    agg.add_commit("a", START, 20, false, &[ev("acid", "transaction", 1)]);
    agg.add_commit(
        "a",
        START + DAY,
        20,
        false,
        &[ev("acid", "isolation-locking", 3)],
    );
    let p = &profile(&agg.authors["a"], agg.newest.expect("newest"), &ladder)["acid"];
    // Two commits at depth 1 or deeper, one at depth 3: with commits_for_depth = 2, depth 1.
    assert_eq!(p.at_or_above, [2, 1, 1, 0]);
    assert_eq!(p.depth, 1);
    assert_eq!(p.evidence_commits, 2);
    assert_eq!(p.confidence, Confidence::Low);
    agg.add_commit(
        "a",
        START + 2 * DAY,
        20,
        false,
        &[ev("acid", "schema-integrity", 4)],
    );
    let p = &profile(&agg.authors["a"], agg.newest.expect("newest"), &ladder)["acid"];
    assert_eq!(p.depth, 3, "two commits at depth 3 or deeper");
}

#[test]
fn recency_is_measured_from_the_newest_commit_not_the_clock() {
    let ladder = default_ladder();
    let mut agg = Aggregates::default();
    agg.add_commit(
        "a",
        START,
        20,
        false,
        &[ev("error-codes", "error-handling", 1)],
    );
    let fresh = profile(&agg.authors["a"], START, &ladder)["error-codes"].score;
    let year_later = START + 365 * DAY;
    let old = profile(&agg.authors["a"], year_later, &ladder)["error-codes"].score;
    assert!(fresh > 0.99 && fresh <= 1.0, "{fresh}");
    assert!((old - fresh / 2.0).abs() < 0.05, "a half-life later: {old}");
}

#[test]
fn too_little_activity_is_insufficient_evidence_never_the_lowest_rung() {
    let ladder = default_ladder();
    let mut agg = Aggregates::default();
    author(
        &mut agg,
        "new",
        3,
        &[ev("error-codes", "error-handling", 1)],
    );
    let placed = placed(&agg, "new", &ladder);
    assert_eq!(placed["ic"].rung, INSUFFICIENT_EVIDENCE);
    assert_eq!(placed["ic"].confidence, None);
    // Not placed, but shown the way to the first rung (a starter plan).
    assert_eq!(placed["ic"].next.as_deref(), Some("junior"));
    let gaps: Vec<&str> = placed["ic"].gaps.iter().map(|g| g.skill.as_str()).collect();
    assert_eq!(
        gaps,
        ["backlog-sprint", "engineering-goals"],
        "error-codes 1 is met"
    );
}

#[test]
fn an_active_author_short_of_the_first_rung_gets_gaps_with_tasks() {
    let ladder = default_ladder();
    let mut agg = Aggregates::default();
    author(
        &mut agg,
        "busy",
        12,
        &[ev("backlog-sprint", "issue-reference", 1)],
    );
    let placed = placed(&agg, "busy", &ladder);
    let ic = &placed["ic"];
    assert_eq!(ic.rung, BELOW_FIRST_RUNG);
    assert_eq!(ic.next.as_deref(), Some("junior"));
    let skills: Vec<&str> = ic.gaps.iter().map(|g| g.skill.as_str()).collect();
    assert_eq!(skills, ["engineering-goals", "error-codes"]);
    assert_eq!(ic.gaps[1].seen, "no evidence in 12 commits");
    assert!(ic.gaps.iter().all(|g| g.tasks.len() >= 2));
}

#[test]
fn placement_follows_the_ladder_file() {
    let mut agg = Aggregates::default();
    // Junior evidence, each kind in exactly two commits.
    for (i, e) in [
        ev("error-codes", "error-handling", 1),
        ev("error-codes", "error-handling", 1),
        ev("backlog-sprint", "issue-reference", 1),
        ev("backlog-sprint", "issue-reference", 1),
        ev("engineering-goals", "feature-delivery", 1),
        ev("engineering-goals", "feature-delivery", 1),
    ]
    .into_iter()
    .enumerate()
    {
        agg.add_commit("a", START + i as i64 * DAY, 20, false, &[e]);
    }
    author(&mut agg, "a", 6, &[]);
    let default = default_ladder();
    let on_default = placed(&agg, "a", &default);
    assert_eq!(on_default["ic"].rung, "junior");
    assert_eq!(on_default["ic"].next.as_deref(), Some("middle"));

    // Three commits per depth instead of two: the same history no longer reaches junior.
    let text = rungs_ladder::default_ladder_text()
        .replace("commits_for_depth = 2", "commits_for_depth = 3");
    let strict = Ladder::from_toml("strict.toml", &text).expect("loads");
    assert_eq!(placed(&agg, "a", &strict)["ic"].rung, BELOW_FIRST_RUNG);
}

#[test]
fn merged_aggregates_give_the_profile_of_one_scan() {
    let ladder = default_ladder();
    let commits: Vec<(i64, Vec<Evidence<'static>>)> = (0..20)
        .map(|i| {
            let e = match i % 4 {
                0 => vec![ev("acid", "transaction", 1)],
                1 => vec![
                    ev("acid", "isolation-locking", 3),
                    ev("error-codes", "error-types", 3),
                ],
                2 => vec![],
                _ => vec![ev("error-codes", "error-handling", 1)],
            };
            (START + i * 11 * DAY, e)
        })
        .collect();
    let mut whole = Aggregates::default();
    for (t, e) in &commits {
        whole.add_commit("a", *t, 20, false, e);
    }
    for split in [0, 7, 13, 20] {
        let (left, right) = commits.split_at(split);
        let fold = |part: &[(i64, Vec<Evidence<'static>>)]| {
            let mut agg = Aggregates::default();
            for (t, e) in part {
                agg.add_commit("a", *t, 20, false, e);
            }
            agg
        };
        let (l, r) = (fold(left), fold(right));
        let mut lr = l.clone();
        lr.merge(&r);
        let mut rl = r.clone();
        rl.merge(&l);
        assert_eq!(lr, whole);
        assert_eq!(rl, whole);
    }
    let newest = whole.newest.expect("newest");
    let p = profile(&whole.authors["a"], newest, &ladder);
    assert_eq!(p["acid"].depth, 3);
    assert_eq!(p["error-codes"].depth, 3);
    assert_eq!(p["acid"].evidence_commits, 10);
}

#[test]
fn metric_signals_credit_agile_iteration() {
    let ladder = default_ladder();
    let mut agg = Aggregates::default();
    // Twelve small commits, one a week, and five merges: small batches (depth 2),
    // integration (depth 3) and a steady cadence (12 of the 12 scanned weeks: the
    // 26-week window never reaches before the first scanned commit).
    author(&mut agg, "a", 12, &[]);
    for i in 0..5 {
        agg.add_merge("a", START + i * 7 * DAY + 3600);
    }
    let a = &agg.authors["a"];
    let m = metrics(
        a,
        agg.oldest.expect("oldest"),
        agg.newest.expect("newest"),
        &ladder,
    );
    assert_eq!(m.median_changed_lines, Some(20));
    assert!(m.small_batches);
    assert!(m.steady_cadence, "{}", m.active_week_share);
    assert!(m.integration);
    assert_eq!(m.depth, 3);
    let p = placed(&agg, "a", &ladder);
    // The manager track's agile-iteration requirement is met; its other skills are not.
    assert!(
        p["manager"]
            .gaps
            .iter()
            .all(|g| g.skill != "agile-iteration")
    );
    assert!(!m.collaboration);
    // Reviewed commits: a third of them is above the 0.2 share of the default ladder.
    let mut reviewed = Aggregates::default();
    for i in 0..12 {
        reviewed.add_commit_with("r", START + i * DAY, Some(20), false, i % 3 == 0, &[]);
    }
    let m = metrics(
        &reviewed.authors["r"],
        reviewed.oldest.expect("oldest"),
        reviewed.newest.expect("newest"),
        &ladder,
    );
    assert!(m.collaboration, "{}", m.collaborative_share);
    assert_eq!(m.collaborative_share, 0.333);
    // Too little activity meets no metric at all.
    let mut few = Aggregates::default();
    author(&mut few, "b", 3, &[]);
    let m = metrics(
        &few.authors["b"],
        few.oldest.expect("oldest"),
        few.newest.expect("newest"),
        &ladder,
    );
    assert_eq!(m.depth, 0);
}
