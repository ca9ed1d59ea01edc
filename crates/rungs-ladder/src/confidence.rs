//! How much to trust a placement, by the ladder's `[confidence]` table: the
//! lowest of the author's activity and the evidence behind each requirement of
//! the rung reached, capped when the rung is reached only through a waiver.

use serde::Deserialize;
use toml::Spanned;

use crate::{error::LadderError, ladder::Errors, profile::Confidence};

/// The figures one confidence level needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConfidenceLevel {
    /// Non-merge commits of the author.
    pub commits: u64,
    /// Weeks with a commit of the author.
    pub active_weeks: u64,
    /// Per requirement of the rung reached: evidence commits at the depth held or deeper.
    pub evidence_commits: u64,
}

/// The ladder's rule for the confidence of a placement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfidenceRules {
    /// What `high` needs.
    pub high: ConfidenceLevel,
    /// What `medium` needs; anything less is `low`.
    pub medium: ConfidenceLevel,
    /// The highest confidence of a placement whose rung is reached only because a
    /// requirement was waived (and never above that of the strict placement).
    pub waived: Confidence,
}

impl Default for ConfidenceRules {
    /// What a ladder without a `[confidence]` table gets: the values of the default ladder.
    fn default() -> Self {
        ConfidenceRules {
            high: ConfidenceLevel {
                commits: 200,
                active_weeks: 52,
                evidence_commits: 10,
            },
            medium: ConfidenceLevel {
                commits: 40,
                active_weeks: 12,
                evidence_commits: 4,
            },
            waived: Confidence::Medium,
        }
    }
}

impl ConfidenceRules {
    /// The level the author's activity reaches.
    pub fn activity(&self, commits: u64, active_weeks: u64) -> Confidence {
        let reaches = |l: &ConfidenceLevel| commits >= l.commits && active_weeks >= l.active_weeks;
        if reaches(&self.high) {
            Confidence::High
        } else if reaches(&self.medium) {
            Confidence::Medium
        } else {
            Confidence::Low
        }
    }

    /// The level `commits` evidence commits behind one requirement reach.
    pub fn evidence(&self, commits: u64) -> Confidence {
        if commits >= self.high.evidence_commits {
            Confidence::High
        } else if commits >= self.medium.evidence_commits {
            Confidence::Medium
        } else {
            Confidence::Low
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLevel {
    commits: u64,
    active_weeks: u64,
    evidence_commits: u64,
}

/// The `[confidence]` table as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawConfidence {
    high: Spanned<RawLevel>,
    medium: Spanned<RawLevel>,
    waived: Spanned<String>,
}

impl RawConfidence {
    /// Check the table; errors name the key and its position.
    pub(crate) fn validate(&self, errors: &Errors<'_>) -> Result<ConfidenceRules, LadderError> {
        let level = |raw: &RawLevel| ConfidenceLevel {
            commits: raw.commits,
            active_weeks: raw.active_weeks,
            evidence_commits: raw.evidence_commits,
        };
        let (high, medium) = (level(self.high.get_ref()), level(self.medium.get_ref()));
        if medium.commits > high.commits
            || medium.active_weeks > high.active_weeks
            || medium.evidence_commits > high.evidence_commits
        {
            return Err(errors.at(
                self.medium.span(),
                Some("confidence.medium".to_owned()),
                "asks more than confidence.high in some figure".to_owned(),
            ));
        }
        let waived = match self.waived.get_ref().as_str() {
            "low" => Confidence::Low,
            "medium" => Confidence::Medium,
            "high" => Confidence::High,
            other => {
                return Err(errors.at(
                    self.waived.span(),
                    Some("confidence.waived".to_owned()),
                    format!("'{other}' is not low, medium or high"),
                ));
            }
        };
        Ok(ConfidenceRules {
            high,
            medium,
            waived,
        })
    }
}
