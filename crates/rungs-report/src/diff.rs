//! What changed between two reports of the same repositories: new evidence per
//! author, skills whose depth moved, rung changes (`rungs diff`).

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{Author, Report};

/// The changes from one report to a later one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportDiff {
    /// Commits scanned in the older report.
    pub old_commits: u64,
    /// Commits scanned in the newer report.
    pub new_commits: u64,
    /// Authors with any change, by email; unchanged authors are left out.
    pub authors: Vec<AuthorChange>,
}

/// How one author changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuthorChange {
    /// The resolved email.
    pub email: String,
    /// The name in the newer report (the older one's when gone).
    pub name: String,
    /// `new` (only in the newer report), `gone` (only in the older) or `changed`.
    pub status: String,
    /// Non-merge commits before.
    pub old_commits: u64,
    /// Non-merge commits after.
    pub new_commits: u64,
    /// Skills with new evidence or a depth that moved, by skill id.
    pub skills: Vec<SkillChange>,
    /// Tracks whose placement changed.
    pub rungs: Vec<RungChange>,
}

/// How one skill of one author changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SkillChange {
    /// The skill.
    pub skill: String,
    /// Depth credited before (as the team view counts it).
    pub old_depth: u8,
    /// Depth credited after.
    pub new_depth: u8,
    /// Evidence commits after minus before (negative when history was cut).
    pub evidence_commits: i64,
}

/// A change of placement on one track.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RungChange {
    /// The track.
    pub track: String,
    /// The placement before (`null` when the author was not placed on it).
    pub old: Option<String>,
    /// The placement after.
    pub new: Option<String>,
    /// Its confidence before (`null` when not placed).
    pub old_confidence: Option<String>,
    /// Its confidence after.
    pub new_confidence: Option<String>,
    /// Skills whose requirements are waived in the placement after (see
    /// [`crate::Waiver`]), sorted.
    pub waived: Vec<String>,
}

fn depth(report: &Report, author: &Author, skill: &str) -> u8 {
    report
        .team
        .as_ref()
        .and_then(|t| t.matrix.get(&author.email)?.get(skill).copied())
        .unwrap_or_else(|| author.skills.get(skill).map_or(0, |s| s.depth))
}

/// The changes from `old` to `new`.
pub fn diff(old: &Report, new: &Report) -> ReportDiff {
    let olds: BTreeMap<&str, &Author> = old.authors.iter().map(|a| (a.email.as_str(), a)).collect();
    let news: BTreeMap<&str, &Author> = new.authors.iter().map(|a| (a.email.as_str(), a)).collect();
    let emails: BTreeSet<&str> = olds.keys().chain(news.keys()).copied().collect();
    let mut authors = Vec::new();
    for email in emails {
        let (before, after) = (olds.get(email).copied(), news.get(email).copied());
        let mut skills = Vec::new();
        let ids: BTreeSet<&String> = before
            .into_iter()
            .chain(after)
            .flat_map(|a| a.skills.keys())
            .chain(
                [old.team.as_ref(), new.team.as_ref()]
                    .into_iter()
                    .flatten()
                    .filter_map(|t| t.matrix.get(email))
                    .flat_map(|row| row.keys()),
            )
            .collect();
        for skill in ids {
            let old_depth = before.map_or(0, |a| depth(old, a, skill));
            let new_depth = after.map_or(0, |a| depth(new, a, skill));
            let count = |a: Option<&Author>| {
                a.and_then(|a| a.skills.get(skill))
                    .map_or(0, |s| s.evidence_commits as i64)
            };
            let evidence_commits = count(after) - count(before);
            if old_depth != new_depth || evidence_commits != 0 {
                skills.push(SkillChange {
                    skill: skill.clone(),
                    old_depth,
                    new_depth,
                    evidence_commits,
                });
            }
        }
        let tracks: BTreeSet<&String> = before
            .into_iter()
            .chain(after)
            .flat_map(|a| a.rungs.keys())
            .collect();
        let rungs: Vec<RungChange> = tracks
            .into_iter()
            .filter_map(|track| {
                let (was, is) = (
                    before.and_then(|a| a.rungs.get(track)),
                    after.and_then(|a| a.rungs.get(track)),
                );
                let rung = |p: Option<&crate::TrackPlacement>| p.map(|p| p.rung.clone());
                let confidence =
                    |p: Option<&crate::TrackPlacement>| p.and_then(|p| p.confidence.clone());
                // Someone new who cannot be placed yet has not changed rung.
                let unplaced =
                    |p: &Option<String>| p.as_deref().is_none_or(|r| r == "insufficient_evidence");
                let changed = rung(was) != rung(is) || confidence(was) != confidence(is);
                (changed && !(unplaced(&rung(was)) && unplaced(&rung(is)))).then(|| {
                    let mut waived: Vec<String> = is
                        .into_iter()
                        .flat_map(|p| &p.waived)
                        .map(|w| w.skill.clone())
                        .collect();
                    waived.sort();
                    waived.dedup();
                    RungChange {
                        track: track.clone(),
                        old: rung(was),
                        new: rung(is),
                        old_confidence: confidence(was),
                        new_confidence: confidence(is),
                        waived,
                    }
                })
            })
            .collect();
        let (old_commits, new_commits) = (
            before.map_or(0, |a| a.commits),
            after.map_or(0, |a| a.commits),
        );
        let status = match (before, after) {
            (None, Some(_)) => "new",
            (Some(_), None) => "gone",
            _ => "changed",
        };
        if status == "changed"
            && skills.is_empty()
            && rungs.is_empty()
            && old_commits == new_commits
        {
            continue;
        }
        authors.push(AuthorChange {
            email: email.to_owned(),
            name: after
                .or(before)
                .map_or_else(String::new, |a| a.name.clone()),
            status: status.to_owned(),
            old_commits,
            new_commits,
            skills,
            rungs,
        });
    }
    ReportDiff {
        old_commits: old.totals.commits,
        new_commits: new.totals.commits,
        authors,
    }
}
