//! What a scanned history can show at all: per skill, the deepest depth enough of
//! its active authors are credited with. A rung's requirement deeper than that is
//! lowered to it (waived in part, or whole at depth 0), because a history where
//! nobody shows a skill cannot tell who has it; a rung that adds too little the
//! history can show over the rung below is not placed at all. The ladder's
//! `[observability]` table sets the thresholds, or keeps the strict reading.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::{
    error::LadderError,
    ladder::{Errors, Ladder, MAX_DEPTH, Rung, Track},
    placement::Standing,
};

/// The ladder's thresholds for what a history can show.
#[derive(Debug, Clone, PartialEq)]
pub struct ObservabilityRules {
    /// A skill is observable at a depth when at least this share (0 to 1) of the
    /// active authors (those with at least `evidence.min_commits` commits) are
    /// credited with it at that depth or deeper...
    pub min_share: f64,
    /// ...and at least this many of them.
    pub min_authors: u64,
    /// A history with fewer active authors is too small to judge what it can show:
    /// every requirement is held as written.
    pub min_active_authors: u64,
    /// A rung is placed only when at least this share (0 to 1) of what it adds over
    /// the rung below (its requirements deeper than that rung's) is observable.
    pub min_step_share: f64,
    /// Hold every requirement against everyone, whatever the history can show.
    pub strict: bool,
}

impl Default for ObservabilityRules {
    /// What a ladder without an `[observability]` table gets: the values of the
    /// default ladder.
    fn default() -> Self {
        ObservabilityRules {
            min_share: 0.05,
            min_authors: 2,
            min_active_authors: 10,
            min_step_share: 0.5,
            strict: false,
        }
    }
}

/// The `[observability]` table as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawObservability {
    min_share_of_authors: Spanned<f64>,
    min_authors: Spanned<u64>,
    min_active_authors: u64,
    min_step_share: Spanned<f64>,
    strict: bool,
}

impl RawObservability {
    /// Check the table; errors name the key and its position.
    pub(crate) fn validate(&self, errors: &Errors<'_>) -> Result<ObservabilityRules, LadderError> {
        errors.shares(&[
            (
                &self.min_share_of_authors,
                "observability.min_share_of_authors",
            ),
            (&self.min_step_share, "observability.min_step_share"),
        ])?;
        if *self.min_authors.get_ref() == 0 {
            return Err(errors.at(
                self.min_authors.span(),
                Some("observability.min_authors".to_owned()),
                "must be at least 1".to_owned(),
            ));
        }
        Ok(ObservabilityRules {
            min_share: *self.min_share_of_authors.get_ref(),
            min_authors: *self.min_authors.get_ref(),
            min_active_authors: self.min_active_authors,
            min_step_share: *self.min_step_share.get_ref(),
            strict: self.strict,
        })
    }
}

/// How far a history shows one skill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkillObservability {
    /// `authors_at_or_above[d - 1]`: active authors credited at depth `d` or deeper.
    pub authors_at_or_above: [u64; MAX_DEPTH as usize],
    /// The deepest depth the history shows (0: none), by the ladder's thresholds;
    /// held against nobody when the history is not judged.
    pub depth: u8,
}

/// What one scan (of one or more repositories) can show: the same for every author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observability {
    /// Authors with at least `evidence.min_commits` non-merge commits.
    pub active_authors: u64,
    /// Active authors a depth needs to be observable: the larger of the ladder's
    /// `min_authors` and its share of `active_authors`.
    pub authors_needed: u64,
    /// Every skill a track weighs.
    pub skills: BTreeMap<String, SkillObservability>,
    /// Per track, the rungs not placed because the history cannot show enough of
    /// what they add over the rung below.
    pub hidden_rungs: BTreeMap<String, Vec<String>>,
    /// The ladder's strict reading: nothing is waived and no rung is hidden.
    pub strict: bool,
    /// Whether what the history shows was judged: not when strict, nor when it has
    /// fewer active authors than the ladder's `min_active_authors` (then every
    /// requirement is held as written too).
    pub judged: bool,
}

impl Observability {
    /// What the history of `active` (the standings of every author with at least
    /// `evidence.min_commits` commits) shows, under `ladder`'s thresholds.
    pub fn observe<'a>(active: impl IntoIterator<Item = Standing<'a>>, ladder: &Ladder) -> Self {
        let rules = &ladder.observability;
        let mut counts: BTreeMap<String, [u64; MAX_DEPTH as usize]> = ladder
            .tracks
            .iter()
            .flat_map(|t| &t.skills)
            .map(|skill| (skill.clone(), [0; MAX_DEPTH as usize]))
            .collect();
        let mut active_authors = 0u64;
        for standing in active {
            active_authors += 1;
            for (skill, at_or_above) in counts.iter_mut() {
                let depth = usize::from(standing.credited(skill));
                for slot in at_or_above.iter_mut().take(depth) {
                    *slot += 1;
                }
            }
        }
        // The share of authors, rounded up: 5% of 30 authors is 2 of them.
        let by_share = (rules.min_share * active_authors as f64 - 1e-9)
            .ceil()
            .max(0.0) as u64;
        let authors_needed = rules.min_authors.max(by_share);
        let judged = !rules.strict && active_authors >= rules.min_active_authors;
        let skills: BTreeMap<String, SkillObservability> = counts
            .into_iter()
            .map(|(skill, authors_at_or_above)| {
                let depth = (1..=MAX_DEPTH)
                    .rev()
                    .find(|&d| authors_at_or_above[usize::from(d) - 1] >= authors_needed)
                    .unwrap_or(0);
                (
                    skill,
                    SkillObservability {
                        authors_at_or_above,
                        depth,
                    },
                )
            })
            .collect();
        let mut seen = Observability {
            active_authors,
            authors_needed,
            skills,
            hidden_rungs: BTreeMap::new(),
            strict: rules.strict,
            judged,
        };
        if judged {
            seen.hidden_rungs = ladder
                .tracks
                .iter()
                .map(|track| {
                    let hidden = (0..track.rungs.len())
                        .filter(|&r| !seen.step_observable(track, r, rules.min_step_share))
                        .map(|r| track.rungs[r].id.clone())
                        .collect();
                    (track.id.clone(), hidden)
                })
                .collect();
        }
        seen
    }

    /// The strict reading: every requirement is held as written.
    pub fn strict() -> Self {
        Observability {
            active_authors: 0,
            authors_needed: 0,
            skills: BTreeMap::new(),
            hidden_rungs: BTreeMap::new(),
            strict: true,
            judged: false,
        }
    }

    /// The deepest depth of `skill` this history shows (every depth when strict).
    pub fn depth(&self, skill: &str) -> u8 {
        if !self.judged {
            return MAX_DEPTH;
        }
        self.skills.get(skill).map_or(0, |s| s.depth)
    }

    /// The depth of `skill` a requirement of `required` is held at here.
    pub fn held(&self, skill: &str, required: u8) -> u8 {
        required.min(self.depth(skill))
    }

    /// Whether rung `rung` of `track` is placed in this history.
    pub fn rung_shown(&self, track: &Track, rung: usize) -> bool {
        !self
            .hidden_rungs
            .get(&track.id)
            .is_some_and(|hidden| hidden.contains(&track.rungs[rung].id))
    }

    /// Whether enough of what rung `rung` adds over the rung below is observable.
    fn step_observable(&self, track: &Track, rung: usize, min_share: f64) -> bool {
        let below: Option<&Rung> = rung.checked_sub(1).map(|r| &track.rungs[r]);
        let step: Vec<(&String, u8)> = track.rungs[rung]
            .requires
            .iter()
            .filter(|(skill, depth)| {
                **depth
                    > below
                        .and_then(|b| b.requires.get(*skill))
                        .copied()
                        .unwrap_or(0)
            })
            .map(|(skill, depth)| (skill, *depth))
            .collect();
        if step.is_empty() {
            return true;
        }
        let shown = step
            .iter()
            .filter(|(skill, depth)| self.depth(skill) >= *depth)
            .count();
        shown as f64 >= min_share * step.len() as f64
    }

    /// Why a requirement of `skill` at `required` is waived down to what is held,
    /// in words: "acid: 4 of 155 active authors show depth 3 or deeper; 8 needed".
    pub fn reason(&self, skill: &str, required: u8) -> String {
        let shown = self.skills.get(skill).map_or(0, |s| {
            s.authors_at_or_above[usize::from(required.max(1)) - 1]
        });
        let held = self.held(skill, required);
        let what = if held == 0 {
            "not observable in this history".to_owned()
        } else {
            format!("held at depth {held}, the deepest this history shows")
        };
        format!(
            "{shown} of {} active author{} show{} depth {required} or deeper ({} needed): {what}",
            self.active_authors,
            if self.active_authors == 1 { "" } else { "s" },
            if shown == 1 { "s" } else { "" },
            self.authors_needed,
        )
    }
}
