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
    /// When the reports were limited to some people (`rungs diff --team FILE`):
    /// who was compared, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compared: Option<String>,
    /// The news, counted.
    pub summary: DiffSummary,
    /// Authors with any change, the news first: people in both reports whose rung
    /// moved, then whose skills' depth moved, then with other changes; then people
    /// new to the report and placed, people gone, and last newcomers too new to
    /// place; the most active first within each (then by email). Unchanged
    /// authors are left out.
    pub authors: Vec<AuthorChange>,
}

/// What changed, counted: what a reader wants before the list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DiffSummary {
    /// Placements of authors in both reports that moved to another rung (a track
    /// of an author each; a change of confidence alone is not counted).
    pub rung_changes: u64,
    /// Skills of authors in both reports credited now and not before (a skill of
    /// an author each).
    pub skills_newly_credited: u64,
    /// Other skills of authors in both reports whose credited depth moved.
    pub depth_changes: u64,
    /// Authors only in the newer report.
    pub new_authors: u64,
    /// Of them, those with too little activity to be placed yet.
    pub newcomers: u64,
    /// Authors only in the older report.
    pub gone_authors: u64,
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
    /// New, and too little activity to be placed on any track yet.
    pub newcomer: bool,
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

/// The skills of one author whose depth moved or that gained or lost evidence.
fn skill_changes(
    old: &Report,
    new: &Report,
    email: &str,
    before: Option<&Author>,
    after: Option<&Author>,
) -> Vec<SkillChange> {
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
    skills
}

/// The changes from `old` to `new`.
pub fn diff(old: &Report, new: &Report) -> ReportDiff {
    let olds: BTreeMap<&str, &Author> = old.authors.iter().map(|a| (a.email.as_str(), a)).collect();
    let news: BTreeMap<&str, &Author> = new.authors.iter().map(|a| (a.email.as_str(), a)).collect();
    let emails: BTreeSet<&str> = olds.keys().chain(news.keys()).copied().collect();
    let mut authors = Vec::new();
    for email in emails {
        let (before, after) = (olds.get(email).copied(), news.get(email).copied());
        let skills = skill_changes(old, new, email, before, after);
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
        // A report that only counted places nobody: nobody is "too new" in it.
        let newcomer = status == "new"
            && after.is_some_and(|a| {
                !a.rungs.is_empty() && a.rungs.values().all(|p| p.rung == "insufficient_evidence")
            });
        authors.push(AuthorChange {
            email: email.to_owned(),
            name: after
                .or(before)
                .map_or_else(String::new, |a| a.name.clone()),
            status: status.to_owned(),
            newcomer,
            old_commits,
            new_commits,
            skills,
            rungs,
        });
    }
    // The most active first within each kind of news: they are whom a reader knows.
    let activity = |a: &AuthorChange| a.new_commits.max(a.old_commits);
    authors.sort_by(|a, b| {
        news_rank(a)
            .cmp(&news_rank(b))
            .then_with(|| activity(b).cmp(&activity(a)))
            .then_with(|| a.email.cmp(&b.email))
    });
    ReportDiff {
        old_commits: old.totals.commits,
        new_commits: new.totals.commits,
        compared: new.focus.as_ref().map(|f| f.chosen_by.join("; ")),
        summary: summarize(&authors),
        authors,
    }
}

/// Whether a placement moved to another rung (not only its confidence).
fn moved(change: &RungChange) -> bool {
    change.old != change.new
}

/// Where an author's change goes in the list: the news first.
fn news_rank(change: &AuthorChange) -> u8 {
    match change.status.as_str() {
        "new" if change.newcomer => 5,
        "new" => 3,
        "gone" => 4,
        _ if change.rungs.iter().any(moved) => 0,
        _ if change.skills.iter().any(|s| s.old_depth != s.new_depth) => 1,
        _ => 2,
    }
}

fn summarize(authors: &[AuthorChange]) -> DiffSummary {
    let mut summary = DiffSummary::default();
    for a in authors {
        match a.status.as_str() {
            "new" => summary.new_authors += 1,
            "gone" => summary.gone_authors += 1,
            _ => {}
        }
        summary.newcomers += u64::from(a.newcomer);
        if a.status != "changed" {
            continue;
        }
        summary.rung_changes += a.rungs.iter().filter(|r| moved(r)).count() as u64;
        for s in a.skills.iter().filter(|s| s.old_depth != s.new_depth) {
            if s.old_depth == 0 {
                summary.skills_newly_credited += 1;
            } else {
                summary.depth_changes += 1;
            }
        }
    }
    summary
}

/// Why `old` and `new` cannot be compared, if they cannot: the same people and
/// skills are only comparable between reports of the same repositories, scanned
/// with the same rules, placed on the same ladder, and anonymized alike.
pub fn incomparable(old: &Report, new: &Report) -> Option<String> {
    if old.focus.is_some() || new.focus.is_some() {
        return Some(
            "one lists only some of its authors (--top, --min-commits or --active-since), so \
             everyone left out would look gone or new; compare whole reports"
                .to_owned(),
        );
    }
    let paths = |r: &Report| {
        r.repos
            .iter()
            .map(|r| r.path.clone())
            .collect::<BTreeSet<_>>()
    };
    let (was, is) = (paths(old), paths(new));
    if was != is {
        let list = |s: &BTreeSet<String>| s.iter().cloned().collect::<Vec<_>>().join(", ");
        return Some(format!(
            "they cover different repositories ({} against {}); scan the same paths to compare",
            list(&was),
            list(&is)
        ));
    }
    if old.rules != new.rules {
        return Some(
            "they were scanned with different rules or bulk thresholds (see their `rules`): \
             evidence would change with the rules, not the work; scan both with the same rules \
             (`rungs scan --until DATE` gives an earlier report with today's rules)"
                .to_owned(),
        );
    }
    if old.ladder != new.ladder {
        return Some(
            "they were placed on different ladders (see their `ladder`): rungs would change \
             with the ladder, not the work; place one again with `rungs report --ladder`"
                .to_owned(),
        );
    }
    if old.anonymized != new.anonymized {
        return Some(
            "one is anonymized and the other is not: their people cannot be matched".to_owned(),
        );
    }
    if old.pseudonym_key != new.pseudonym_key {
        return Some(
            "they were anonymized with different secrets: the same person has other \
             pseudonyms in each, so their people cannot be matched"
                .to_owned(),
        );
    }
    None
}
