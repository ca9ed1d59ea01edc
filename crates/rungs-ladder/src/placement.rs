//! Placing an author on each track of a ladder, with the gaps to the next rung.

use std::collections::BTreeMap;

use crate::{
    ladder::{Ladder, Track},
    metrics::{METRIC_SKILL, MetricSignals},
    profile::SkillProfile,
};

/// The placement id for authors with too little activity to place.
pub const INSUFFICIENT_EVIDENCE: &str = "insufficient_evidence";
/// The placement id for active authors who do not meet the first rung.
pub const BELOW_FIRST_RUNG: &str = "below_first_rung";

/// A skill below what the next rung needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    /// The skill.
    pub skill: String,
    /// The depth the next rung needs.
    pub required: u8,
    /// The depth credited now (0: none).
    pub credited: u8,
    /// What was seen, in words ("no evidence in 412 commits", ...).
    pub seen: String,
    /// What is missing, in words.
    pub missing: String,
    /// The depth the tasks are for: the first one not yet credited, so that a plan
    /// starts where the person stands (a gap of two depths is climbed one at a time).
    pub tasks_depth: u8,
    /// Tasks that would show `tasks_depth`, from the ladder.
    pub tasks: Vec<String>,
}

/// An author's place on one track.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackPlacement {
    /// A rung id of the track, [`INSUFFICIENT_EVIDENCE`] or [`BELOW_FIRST_RUNG`].
    pub rung: String,
    /// The rung above it (the first rung when below it); `None` at the top, or when
    /// there is too little evidence to place.
    pub next: Option<String>,
    /// The skills short of the next rung.
    pub gaps: Vec<Gap>,
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
}

fn gaps_to(track: &Track, rung: usize, standing: &Standing<'_>, ladder: &Ladder) -> Vec<Gap> {
    let needed = ladder.evidence.commits_for_depth;
    track.rungs[rung]
        .requires
        .iter()
        .filter(|(skill, required)| standing.credited(skill) < **required)
        .map(|(skill, &required)| {
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

/// Place an author on every track of `ladder`, by track id.
///
/// The rung is the highest whose every required skill is credited at the required
/// depth. Rungs need at least what the rungs below them need, so this is also the
/// last rung of the climb from the bottom.
pub fn place(standing: &Standing<'_>, ladder: &Ladder) -> BTreeMap<String, TrackPlacement> {
    ladder
        .tracks
        .iter()
        .map(|track| {
            let placement = if standing.commits < ladder.evidence.min_commits {
                TrackPlacement {
                    rung: INSUFFICIENT_EVIDENCE.to_owned(),
                    next: None,
                    gaps: Vec::new(),
                }
            } else {
                let met = |rung: &crate::ladder::Rung| {
                    rung.requires
                        .iter()
                        .all(|(skill, &depth)| standing.credited(skill) >= depth)
                };
                let reached = track.rungs.iter().rposition(met);
                let next = reached.map_or(0, |r| r + 1);
                TrackPlacement {
                    rung: reached.map_or_else(
                        || BELOW_FIRST_RUNG.to_owned(),
                        |r| track.rungs[r].id.clone(),
                    ),
                    next: track.rungs.get(next).map(|r| r.id.clone()),
                    gaps: if next < track.rungs.len() {
                        gaps_to(track, next, standing, ladder)
                    } else {
                        Vec::new()
                    },
                }
            };
            (track.id.clone(), placement)
        })
        .collect()
}
