//! Profiles: per author and skill, what the aggregates say, under a ladder's thresholds.

use std::collections::BTreeMap;

use crate::{
    aggregate::{AuthorAggregate, Month},
    ladder::{Ladder, MAX_DEPTH},
};

/// How much to trust a skill's profile, from the amount and spread of its evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Confidence {
    /// Little evidence, or all of it in one month.
    Low,
    /// Enough to credit a depth, over a few months.
    Medium,
    /// Plenty, spread over half a year or more.
    High,
}

impl Confidence {
    /// `low`, `medium` or `high`.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

/// One author's profile of one skill.
#[derive(Debug, Clone, PartialEq)]
pub struct SkillProfile {
    /// Summed evidence weights, each month's halved per half-life of age
    /// (measured from the newest scanned commit, never from the clock).
    pub score: f64,
    /// The deepest depth credited: at least `commits_for_depth` distinct commits
    /// with evidence at that depth or deeper; 0 when none is.
    pub depth: u8,
    /// Commits with evidence of the skill.
    pub evidence_commits: u64,
    /// `at_or_above[d - 1]`: evidence commits whose deepest evidence is `d` or more.
    pub at_or_above: [u64; MAX_DEPTH as usize],
    /// Months with evidence.
    pub active_months: u64,
    /// First and last month with evidence.
    pub first_month: Option<Month>,
    /// Last month with evidence.
    pub last_month: Option<Month>,
    /// How much to trust it.
    pub confidence: Confidence,
}

/// The profile of every skill `author` shows evidence of; skills without evidence
/// are absent. `newest` is the newest scanned commit time (seconds).
pub fn profile(
    author: &AuthorAggregate,
    newest: i64,
    ladder: &Ladder,
) -> BTreeMap<String, SkillProfile> {
    let needed = ladder.evidence.commits_for_depth;
    let half_life = ladder.evidence.half_life_days * 86_400.0;
    author
        .skills
        .iter()
        .filter(|(_, months)| months.values().any(|m| m.commits > 0))
        .map(|(skill, months)| {
            let mut score = 0.0;
            let mut deepest = [0u64; MAX_DEPTH as usize];
            let mut evidence_commits = 0;
            // Months in ascending order: the sum of floats is the same on every run.
            for (month, tally) in months {
                let age = (newest - month.middle()).max(0) as f64;
                score += tally.score_milli as f64 / 1000.0 * 0.5f64.powf(age / half_life);
                evidence_commits += tally.commits;
                for (sum, n) in deepest.iter_mut().zip(tally.deepest) {
                    *sum += n;
                }
            }
            let mut at_or_above = [0u64; MAX_DEPTH as usize];
            let mut running = 0;
            for d in (0..MAX_DEPTH as usize).rev() {
                running += deepest[d];
                at_or_above[d] = running;
            }
            let depth = (1..=MAX_DEPTH)
                .rev()
                .find(|&d| at_or_above[usize::from(d) - 1] >= needed)
                .unwrap_or(0);
            let active_months = months.values().filter(|m| m.commits > 0).count() as u64;
            let confidence = if evidence_commits >= 5 * needed && active_months >= 6 {
                Confidence::High
            } else if evidence_commits >= 2 * needed && active_months >= 2 {
                Confidence::Medium
            } else {
                Confidence::Low
            };
            (
                skill.clone(),
                SkillProfile {
                    // Three decimals, so that the report does not carry float noise.
                    score: (score * 1000.0).round() / 1000.0,
                    depth,
                    evidence_commits,
                    at_or_above,
                    active_months,
                    first_month: months.keys().next().copied(),
                    last_month: months.keys().next_back().copied(),
                    confidence,
                },
            )
        })
        .collect()
}
