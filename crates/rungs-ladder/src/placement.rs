//! Placing an author on each track of a ladder, with the gaps to the next rung.

use std::collections::BTreeMap;

use crate::{
    ladder::{Ladder, Track},
    metrics::{METRIC_SKILL, MetricSignals},
    observability::Observability,
    profile::{Confidence, SkillProfile},
};

/// The placement id for authors with too little activity to place.
pub const INSUFFICIENT_EVIDENCE: &str = "insufficient_evidence";
/// The placement id for active authors who do not meet the first rung.
pub const BELOW_FIRST_RUNG: &str = "below_first_rung";

// Gaps and waivers are the report's own types: the placement writes them as
// the report shows them, with nothing to map.
pub use rungs_report::{Gap, Waiver};

/// An author's place on one track.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackPlacement {
    /// A rung id of the track, [`INSUFFICIENT_EVIDENCE`] or [`BELOW_FIRST_RUNG`].
    pub rung: String,
    /// The rung above it (the first rung when below it or not placed); `None` at
    /// the top.
    pub next: Option<String>,
    /// The skills short of the next rung: at the depths held here when this history
    /// can place that rung, else as written (only meeting them places one there).
    pub gaps: Vec<Gap>,
    /// Requirements held below what the ladder writes that the author does not
    /// meet as written: of the rung reached when a waiver lifted the author there,
    /// and of the next rung when this history can place it. Never gaps.
    pub waived: Vec<Waiver>,
    /// The rung every requirement held as written gives (equal to `rung` unless a
    /// waiver lifts the author).
    pub strict_rung: String,
    /// How much to trust the placement; `None` when there is too little evidence to place.
    pub confidence: Option<Confidence>,
}

/// What an author has: skill profiles from the rules, metric signals from metadata.
#[derive(Debug, Clone, Copy)]
pub struct Standing<'a> {
    /// Profiles per skill.
    pub profiles: &'a BTreeMap<String, SkillProfile>,
    /// Metric signals (credit [`METRIC_SKILL`]).
    pub metrics: &'a MetricSignals,
    /// Non-merge commits.
    pub commits: u64,
    /// Commits of others co-authored, with evidence (they count toward being placed).
    pub coauthored_commits: u64,
    /// Weeks with a commit.
    pub active_weeks: u64,
}

impl Standing<'_> {
    /// The depth credited for `skill`: from the rules, or from the metric signals.
    pub fn credited(&self, skill: &str) -> u8 {
        let from_rules = self.profiles.get(skill).map_or(0, |p| p.depth);
        if skill == METRIC_SKILL {
            from_rules.max(self.metrics.depth)
        } else {
            from_rules
        }
    }

    /// Whether the author has enough activity to be placed under `ladder`.
    pub fn is_active(&self, ladder: &Ladder) -> bool {
        self.commits + self.coauthored_commits >= ladder.evidence.min_commits
    }

    /// The confidence the evidence behind a requirement of `skill` met at `depth` gives.
    fn evidence_level(&self, skill: &str, depth: u8, ladder: &Ladder) -> Confidence {
        if skill == METRIC_SKILL && self.metrics.depth >= depth {
            // Credited by the metric signals, which weigh the whole history.
            return Confidence::High;
        }
        let commits = self
            .profiles
            .get(skill)
            .map_or(0, |p| p.at_or_above[usize::from(depth.max(1)) - 1]);
        ladder.confidence.evidence(commits)
    }
}

fn gaps_to(
    track: &Track,
    rung: usize,
    standing: &Standing<'_>,
    ladder: &Ladder,
    seen: &Observability,
) -> Vec<Gap> {
    let needed = ladder.evidence.commits_for_depth;
    track.rungs[rung]
        .requires
        .iter()
        .map(|(skill, &written)| (skill, seen.held(skill, written)))
        .filter(|(skill, required)| *required > 0 && standing.credited(skill) < *required)
        .map(|(skill, required)| {
            let profile = standing.profiles.get(skill);
            let have = standing.credited(skill);
            let mut seen = match profile {
                None => format!("no evidence in {} commits", standing.commits),
                Some(p) => format!(
                    "{} evidence commit{}, depth {} credited",
                    p.evidence_commits,
                    if p.evidence_commits == 1 { "" } else { "s" },
                    p.depth
                ),
            };
            if skill == METRIC_SKILL {
                let m = standing.metrics;
                seen.push_str(&format!(
                    "; median {} changed lines per commit, {:.0}% of recent weeks active, {} merges",
                    m.median_changed_lines.unwrap_or(0),
                    m.active_week_share * 100.0,
                    m.merges
                ));
            }
            let at_required = profile.map_or(0, |p| p.at_or_above[usize::from(required) - 1]);
            let mut missing = format!(
                "depth {required} needs {needed} commits with evidence at depth {required} or deeper; {at_required} seen"
            );
            if skill == METRIC_SKILL {
                missing.push_str(", or the metric signals of the ladder (small batches, steady cadence, integration, collaboration)");
            }
            // Tasks for the first depth not yet credited, so the plan starts where
            // the person stands.
            let next_depth = (have + 1).min(required);
            Gap {
                skill: skill.clone(),
                required,
                credited: have,
                seen,
                missing,
                tasks_depth: next_depth,
                tasks: ladder.tasks_for(skill, next_depth).to_vec(),
            }
        })
        .collect()
}

/// The highest rung of `track` whose every requirement `standing` meets as written,
/// or, when `seen` lets this history place the rung, as `seen` holds it: a waiver
/// may lift an author, never hold one back.
fn reached(track: &Track, standing: &Standing<'_>, seen: &Observability) -> Option<usize> {
    let meets = |r: usize, held: &dyn Fn(&str, u8) -> u8| {
        track.rungs[r]
            .requires
            .iter()
            .all(|(skill, &depth)| standing.credited(skill) >= held(skill, depth))
    };
    (0..track.rungs.len()).rev().find(|&r| {
        meets(r, &|_, depth| depth)
            || (seen.rung_shown(track, r) && meets(r, &|skill, depth| seen.held(skill, depth)))
    })
}

/// The confidence of placing `standing` on rung `reached` of `track` under `seen`:
/// the lowest of the activity and, per requirement, the evidence at the depth
/// written when the author meets it, else at the depth held.
fn confidence(
    track: &Track,
    reached: Option<usize>,
    standing: &Standing<'_>,
    ladder: &Ladder,
    seen: &Observability,
) -> Confidence {
    let mut level = ladder
        .confidence
        .activity(standing.commits, standing.active_weeks);
    if let Some(r) = reached {
        for (skill, &written) in &track.rungs[r].requires {
            let depth = if standing.credited(skill) >= written {
                written
            } else {
                seen.held(skill, written)
            };
            if depth > 0 {
                level = level.min(standing.evidence_level(skill, depth, ladder));
            }
        }
    }
    level
}

/// The requirements of rungs `rungs` of `track` that `seen` holds below what the
/// ladder writes and `standing` does not meet as written: what would otherwise
/// hold the author back. One per skill (the higher rung's when both have one).
fn waivers(
    track: &Track,
    rungs: &[usize],
    standing: &Standing<'_>,
    seen: &Observability,
) -> Vec<Waiver> {
    let mut by_skill: BTreeMap<&str, Waiver> = BTreeMap::new();
    for &r in rungs {
        let rung = &track.rungs[r];
        for (skill, &required) in &rung.requires {
            let held = seen.held(skill, required);
            if held < required && standing.credited(skill) < required {
                by_skill.insert(
                    skill,
                    Waiver {
                        skill: skill.clone(),
                        rung: rung.id.clone(),
                        required,
                        held,
                        reason: seen.reason(skill, required),
                    },
                );
            }
        }
    }
    by_skill.into_values().collect()
}

/// Place an author on every track of `ladder`, by track id, in a history that
/// shows what `seen` says.
///
/// The rung is the highest the history can place whose every required skill is
/// credited at the depth held (see [`Observability::held`]). Rungs need at least
/// what the rungs below them need, so this is also the last rung of the climb
/// from the bottom. The strict rung holds every requirement as written.
pub fn place(
    standing: &Standing<'_>,
    ladder: &Ladder,
    seen: &Observability,
) -> BTreeMap<String, TrackPlacement> {
    let strict = Observability::strict();
    let active = standing.is_active(ladder);
    ladder
        .tracks
        .iter()
        .map(|track| {
            // Someone too new to place reaches no rung, but is shown the way to
            // the first one: a starter plan.
            let (here, strictly) = if active {
                (
                    reached(track, standing, seen),
                    reached(track, standing, &strict),
                )
            } else {
                (None, None)
            };
            let next = Some(here.map_or(0, |r| r + 1)).filter(|&r| r < track.rungs.len());
            // A rung this history cannot place is reached only as written.
            let next_shown = next.is_some_and(|r| seen.rung_shown(track, r));
            let toward = if next_shown { seen } else { &strict };
            let lifted_by: Vec<usize> = here
                .filter(|_| here != strictly)
                .into_iter()
                .chain(next.filter(|_| next_shown))
                .collect();
            let rung_id = |r: Option<usize>| match r {
                Some(r) => track.rungs[r].id.clone(),
                None if active => BELOW_FIRST_RUNG.to_owned(),
                None => INSUFFICIENT_EVIDENCE.to_owned(),
            };
            let confidence = active.then(|| {
                let level = confidence(track, here, standing, ladder, seen);
                if here == strictly {
                    level
                } else {
                    // Lifted by a waiver: never more trusted than the strict placement.
                    level
                        .min(ladder.confidence.waived)
                        .min(confidence(track, strictly, standing, ladder, &strict))
                }
            });
            let placement = TrackPlacement {
                rung: rung_id(here),
                next: next.map(|r| track.rungs[r].id.clone()),
                gaps: next.map_or_else(Vec::new, |r| gaps_to(track, r, standing, ladder, toward)),
                waived: waivers(track, &lifted_by, standing, seen),
                strict_rung: rung_id(strictly),
                confidence,
            };
            (track.id.clone(), placement)
        })
        .collect()
}
