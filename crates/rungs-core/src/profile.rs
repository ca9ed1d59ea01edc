//! What one author's aggregates say under a ladder: skill profiles, metric
//! signals, the report's skill entries and the placements on every track.

use std::collections::BTreeMap;

use rungs_ladder::{Aggregates, Ladder};
use rungs_report::{
    AuthorMetrics, Observability, SkillEvidence, SkillObservability, TrackPlacement,
};

/// What one author's aggregates say under a ladder: the profiles and metric
/// signals placements are made from, and the report entries of both.
pub(crate) struct AuthorEvidence {
    profiles: BTreeMap<String, rungs_ladder::SkillProfile>,
    signals: rungs_ladder::MetricSignals,
    commits: u64,
    coauthored_commits: u64,
    active_weeks: u64,
    /// The report's skill entries.
    pub(crate) skills: BTreeMap<String, SkillEvidence>,
    /// The report's metrics entry.
    pub(crate) metrics: AuthorMetrics,
}

impl AuthorEvidence {
    pub(crate) fn standing(&self) -> rungs_ladder::Standing<'_> {
        rungs_ladder::Standing {
            profiles: &self.profiles,
            metrics: &self.signals,
            commits: self.commits,
            coauthored_commits: self.coauthored_commits,
            active_weeks: self.active_weeks,
        }
    }
}

pub(crate) fn author_evidence(
    key: &str,
    aggregates: &Aggregates,
    ladder: &Ladder,
) -> Option<AuthorEvidence> {
    let aggregate = aggregates.authors.get(key)?;
    let newest = aggregates.newest.unwrap_or(0);
    let profiles = rungs_ladder::profile(aggregate, newest, ladder);
    let oldest = aggregates.oldest.unwrap_or(newest);
    let metrics = rungs_ladder::metrics(aggregate, oldest, newest, ladder);
    let skills = profiles
        .iter()
        .map(|(skill, p)| {
            (
                skill.clone(),
                crate::mapping::skill_entry(aggregate, skill, p),
            )
        })
        .collect();
    let report_metrics = crate::mapping::metrics_entry(aggregate, &metrics);
    Some(AuthorEvidence {
        profiles,
        signals: metrics,
        commits: aggregate.commits,
        coauthored_commits: aggregate.coauthored_commits,
        active_weeks: aggregate.active_weeks.len() as u64,
        skills,
        metrics: report_metrics,
    })
}

/// The report's placements of one author on every track, in a history that
/// shows what `seen` says.
pub(crate) fn placements(
    standing: &rungs_ladder::Standing<'_>,
    ladder: &Ladder,
    seen: &rungs_ladder::Observability,
) -> BTreeMap<String, TrackPlacement> {
    rungs_ladder::place(standing, ladder, seen)
        .into_iter()
        .map(|(track, placed)| {
            (
                track,
                TrackPlacement {
                    rung: placed.rung,
                    confidence: placed.confidence.map(|c| c.as_str().to_owned()),
                    strict_rung: placed.strict_rung,
                    next: placed.next,
                    gaps: placed.gaps,
                    waived: placed.waived,
                },
            )
        })
        .collect()
}

/// What the report says of what the history shows.
pub(crate) fn observability(seen: &rungs_ladder::Observability) -> Observability {
    Observability {
        strict: seen.strict,
        judged: seen.judged,
        active_authors: seen.active_authors,
        authors_needed: seen.authors_needed,
        skills: seen
            .skills
            .iter()
            .map(|(skill, s)| {
                (
                    skill.clone(),
                    SkillObservability {
                        authors_at_or_above: s.authors_at_or_above.to_vec(),
                        depth: s.depth,
                    },
                )
            })
            .collect(),
        hidden_rungs: seen.hidden_rungs.clone(),
    }
}
