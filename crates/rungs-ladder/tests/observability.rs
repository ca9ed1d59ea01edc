//! What a history can show: skills nobody shows are waived, never held against
//! anyone; the strict reading holds them; small histories are not judged; a
//! waiver never lowers a placement nor raises its confidence above the strict one.

use std::collections::BTreeMap;

use proptest::prelude::*;
use rungs_ladder::{
    Confidence, Ladder, MAX_DEPTH, MetricSignals, Observability, SkillProfile, Standing,
    TrackPlacement, default_ladder, place,
};

/// A profile credited at `depth`, with `commits` evidence commits at every depth
/// up to it.
fn credited(depth: u8, commits: u64) -> SkillProfile {
    let mut at_or_above = [0; MAX_DEPTH as usize];
    for slot in at_or_above.iter_mut().take(usize::from(depth)) {
        *slot = commits;
    }
    SkillProfile {
        score: commits as f64,
        depth,
        evidence_commits: commits,
        at_or_above,
        active_months: 12,
        first_month: None,
        last_month: None,
        confidence: Confidence::High,
    }
}

fn no_metrics() -> MetricSignals {
    MetricSignals {
        median_changed_lines: Some(40),
        active_week_share: 0.5,
        merges: 0,
        small_batches: false,
        steady_cadence: false,
        integration: false,
        collaborative_share: 0.0,
        collaboration: false,
        depth: 0,
    }
}

/// One author: depths per skill, each backed by `commits` evidence commits.
#[derive(Debug)]
struct Person {
    profiles: BTreeMap<String, SkillProfile>,
    metrics: MetricSignals,
    commits: u64,
}

impl Person {
    fn new(depths: &[(&str, u8)], commits: u64) -> Person {
        Person {
            profiles: depths
                .iter()
                .filter(|(_, d)| *d > 0)
                .map(|(s, d)| ((*s).to_owned(), credited(*d, commits / 10 + 2)))
                .collect(),
            metrics: no_metrics(),
            commits,
        }
    }

    fn standing(&self) -> Standing<'_> {
        Standing {
            profiles: &self.profiles,
            metrics: &self.metrics,
            commits: self.commits,
            coauthored_commits: 0,
            active_weeks: self.commits / 2,
        }
    }
}

/// Senior on the built-in ladder, but for acid.
const SENIOR_BUT_ACID: [(&str, u8); 4] = [
    ("error-codes", 3),
    ("backlog-sprint", 2),
    ("engineering-goals", 3),
    ("access-violation", 2),
];

/// Twenty active authors, none showing acid: five like Eve, fifteen juniors.
fn team() -> Vec<Person> {
    let mut people: Vec<Person> = (0..5).map(|_| Person::new(&SENIOR_BUT_ACID, 400)).collect();
    people.extend((0..15).map(|_| {
        Person::new(
            &[
                ("error-codes", 1),
                ("backlog-sprint", 1),
                ("engineering-goals", 1),
            ],
            30,
        )
    }));
    people
}

fn observe(people: &[Person], ladder: &Ladder) -> Observability {
    Observability::observe(
        people
            .iter()
            .map(Person::standing)
            .filter(|s| s.is_active(ladder)),
        ladder,
    )
}

fn ic(person: &Person, ladder: &Ladder, seen: &Observability) -> TrackPlacement {
    place(&person.standing(), ladder, seen)
        .remove("ic")
        .expect("an ic track")
}

#[test]
fn a_skill_nobody_shows_holds_nobody_back() {
    let ladder = default_ladder();
    let people = team();
    let seen = observe(&people, &ladder);
    assert!(seen.judged);
    assert_eq!(seen.active_authors, 20);
    assert_eq!(seen.skills["acid"].depth, 0, "nobody shows acid");
    assert_eq!(seen.skills["error-codes"].depth, 3);

    let eve = ic(&people[0], &ladder, &seen);
    assert_eq!(eve.rung, "senior");
    assert_eq!(eve.strict_rung, "junior", "middle needs acid 1 as written");
    let acid: Vec<_> = eve.waived.iter().filter(|w| w.skill == "acid").collect();
    assert_eq!(acid.len(), 1, "{:?}", eve.waived);
    assert_eq!((acid[0].required, acid[0].held), (3, 0));
    assert!(
        acid[0]
            .reason
            .starts_with("0 of 20 active authors show depth 3 or deeper"),
        "{}",
        acid[0].reason
    );
    assert!(eve.confidence <= Some(ladder.confidence.waived));
    // Staff adds nothing this history shows: only meeting it as written places
    // anyone there, so its gaps are as written.
    assert_eq!(eve.next.as_deref(), Some("staff"));
    assert!(
        eve.gaps
            .iter()
            .any(|g| g.skill == "acid" && g.required == 4)
    );

    // A junior's way up: acid is no gap toward middle.
    let junior = ic(&people[5], &ladder, &seen);
    assert_eq!(junior.rung, "junior");
    assert_eq!(junior.next.as_deref(), Some("middle"));
    assert!(
        junior.gaps.iter().all(|g| g.skill != "acid"),
        "{:?}",
        junior.gaps
    );
    assert!(
        junior
            .waived
            .iter()
            .any(|w| w.skill == "acid" && w.held == 0)
    );
}

#[test]
fn the_strict_reading_holds_every_requirement() {
    let mut ladder = default_ladder();
    ladder.observability.strict = true;
    let people = team();
    let seen = observe(&people, &ladder);
    assert!(!seen.judged && seen.strict);
    let eve = ic(&people[0], &ladder, &seen);
    assert_eq!(
        (eve.rung.as_str(), eve.strict_rung.as_str()),
        ("junior", "junior")
    );
    assert!(eve.waived.is_empty());
    assert!(
        eve.gaps
            .iter()
            .any(|g| g.skill == "acid" && g.required == 1)
    );
}

#[test]
fn a_history_with_few_active_authors_is_not_judged() {
    let ladder = default_ladder();
    let people: Vec<Person> = team().into_iter().take(9).collect();
    let seen = observe(&people, &ladder);
    assert!(!seen.judged && !seen.strict);
    assert_eq!(ic(&people[0], &ladder, &seen).rung, "junior");
}

#[test]
fn a_rung_whose_step_nobody_shows_is_placed_only_as_written() {
    let ladder = default_ladder();
    let seen = observe(&team(), &ladder);
    // Nobody shows depth 4 or backlog-sprint 3: staff adds nothing observable.
    assert_eq!(seen.hidden_rungs["ic"], ["staff"]);
    let written = Person::new(
        &[
            ("error-codes", 3),
            ("backlog-sprint", 3),
            ("engineering-goals", 4),
            ("acid", 4),
            ("access-violation", 3),
        ],
        500,
    );
    assert_eq!(ic(&written, &ladder, &seen).rung, "staff", "met as written");
}

fn depth() -> impl Strategy<Value = u8> {
    prop_oneof![3 => Just(0u8), 2 => 1u8..=MAX_DEPTH]
}

fn person() -> impl Strategy<Value = Person> {
    (proptest::collection::vec(depth(), 7), 0u8..=3, 5u64..600).prop_map(
        |(depths, metric, commits)| {
            let skills = [
                "access-violation",
                "acid",
                "agile-iteration",
                "backlog-sprint",
                "decision-making",
                "engineering-goals",
                "error-codes",
            ];
            let pairs: Vec<(&str, u8)> = skills.iter().copied().zip(depths).collect();
            let mut p = Person::new(&pairs, commits);
            p.metrics.depth = metric;
            p
        },
    )
}

fn order(ladder: &Ladder, track: &str, rung: &str) -> i64 {
    ladder
        .tracks
        .iter()
        .find(|t| t.id == track)
        .and_then(|t| t.rungs.iter().position(|r| r.id == rung))
        .map_or(-1, |i| i as i64)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    /// Over random teams: a waiver never places anyone below the strict reading,
    /// never leaves a gap deeper than the history shows on a rung it can place,
    /// and a placement lifted by one is never more trusted than the strict one.
    #[test]
    fn waivers_only_lift_and_never_add_confidence(
        people in proptest::collection::vec(person(), 10..40),
    ) {
        let ladder = default_ladder();
        let seen = observe(&people, &ladder);
        let mut strict_ladder = ladder.clone();
        strict_ladder.observability.strict = true;
        let strict = observe(&people, &strict_ladder);
        for p in &people {
            let waived = place(&p.standing(), &ladder, &seen);
            let held = place(&p.standing(), &strict_ladder, &strict);
            for (track, w) in &waived {
                let s = &held[track];
                prop_assert_eq!(&w.strict_rung, &s.rung);
                prop_assert!(order(&ladder, track, &w.rung) >= order(&ladder, track, &s.rung));
                if w.rung != s.rung {
                    prop_assert!(w.confidence <= s.confidence);
                    prop_assert!(w.confidence <= Some(ladder.confidence.waived));
                    prop_assert!(!w.waived.is_empty());
                } else {
                    prop_assert_eq!(w.confidence, s.confidence);
                }
                let next_shown = w.next.as_ref().is_none_or(|n| {
                    !seen.hidden_rungs.get(track).is_some_and(|h| h.contains(n))
                });
                if next_shown {
                    for gap in &w.gaps {
                        prop_assert!(gap.required <= seen.depth(&gap.skill));
                    }
                }
            }
        }
    }
}
