//! Merging reports of different repositories (or shards of a list of
//! repositories) into the report one scan of them all would give.
//!
//! Reports carry the raw data their figures come from (per-month evidence, batch
//! sizes, active weeks, name counts, the strongest evidence), so merging adds the
//! raw data and computes profiles, placements, plans and the team view again,
//! through the same code a scan uses.

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
};

use rungs_ladder::Ladder;
use rungs_report::{Repo, Report};
use rungs_scan::ScanSummary;

use crate::evidence::EvidenceCounts;

/// Why reports cannot be merged.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// No report was given.
    #[error("nothing to merge")]
    Nothing,
    /// Two reports were scanned with different rules or bulk thresholds.
    #[error(
        "{} and {} were scanned with different rules or bulk thresholds (see their `rules`); \
         scan them with the same rule files and options to merge them",
        .0.display(),
        .1.display()
    )]
    OtherRules(PathBuf, PathBuf),
    /// One report is anonymized and another is not.
    #[error(
        "{} is anonymized and {} is not: merge reports with real names, \
         or reports all anonymized with the same secret",
        .anonymized.display(),
        .plain.display()
    )]
    Anonymized {
        /// The anonymized report.
        anonymized: PathBuf,
        /// The report with real names.
        plain: PathBuf,
    },
    /// Two reports were anonymized with different secrets.
    #[error(
        "{} and {} were anonymized with different secrets (see their `pseudonym_key`): \
         the same person has other pseudonyms in each; anonymize them with the same secret",
        .0.display(),
        .1.display()
    )]
    OtherSecret(PathBuf, PathBuf),
    /// A report was placed on another ladder than the one given.
    #[error(
        "{} was placed on another ladder than {ladder} (its file: {used}); pass that ladder with --ladder, and --strict-ladder if it was scanned with it",
        .path.display()
    )]
    OtherLadder {
        /// The report.
        path: PathBuf,
        /// The ladder given to merge with.
        ladder: String,
        /// The ladder the report names.
        used: String,
    },
    /// Two reports hold a repository of the same name.
    #[error(
        "{} and {} both hold a repository named {repo:?}: scan each under its own path \
         (`rungs scan ../shop`, not `rungs scan .`) so that their commits stay apart",
        .first.display(),
        .second.display()
    )]
    SameName {
        /// The report seen first.
        first: PathBuf,
        /// The other report.
        second: PathBuf,
        /// The repository's name (its path as given to `rungs scan`).
        repo: String,
    },
    /// Two reports hold the same repository under different names.
    #[error(
        "{} ({first_repo}) and {} ({second_repo}) were scanned at the same commit {head}: \
         one repository, whose commits would count twice",
        .first.display(),
        .second.display()
    )]
    SameHead {
        /// The report seen first.
        first: PathBuf,
        /// Its repository's name.
        first_repo: String,
        /// The other report.
        second: PathBuf,
        /// Its repository's name.
        second_repo: String,
        /// The commit both were scanned at.
        head: String,
    },
    /// A report that lists only some of its authors.
    #[error(
        "{} lists only some of its authors (--top, --min-commits or --active-since): \
         write the whole report (JSON, without those options) to merge or place it again",
        .0.display()
    )]
    Focused(PathBuf),
    /// A report of a scan that only counted has no evidence to place.
    #[error(
        "{} holds counts only (scanned with --counts-only): it has no evidence to place on a ladder",
        .0.display()
    )]
    CountsOnly(PathBuf),
    /// A report's raw fields do not read back.
    #[error("{} is not a report rungs wrote", .path.display())]
    NotRungs {
        /// The report.
        path: PathBuf,
        /// What does not read back.
        #[source]
        source: BadField,
    },
}

/// A field of a report that does not read back as rungs writes it.
#[derive(Debug, thiserror::Error)]
pub enum BadField {
    /// A time that is not RFC 3339 (or bare seconds).
    #[error("not an RFC 3339 time: {0:?}")]
    Time(String),
    /// A month label that is not `YYYY-MM`.
    #[error("not a month (YYYY-MM): {0:?}")]
    Month(String),
    /// An active week that is not an ISO week (`2026-W07`).
    #[error("not an ISO week (YYYY-Www): {0:?}")]
    Week(String),
    /// A key of `changed_lines` that is not a number.
    #[error("changed_lines key {0:?} is not a number")]
    ChangedLines(String),
    /// A key of `skipped_files` that is not a reason rungs skips files for.
    #[error("skipped_files key {0:?} is not a reason rungs skips files for")]
    SkipReason(String),
    /// A field of one author.
    #[error("author {email}")]
    Author {
        /// The author's email.
        email: String,
        /// What does not read back.
        #[source]
        source: Box<BadField>,
    },
}

impl BadField {
    /// This error, as one in the fields of the author with `email`.
    pub(crate) fn of_author(self, email: &str) -> BadField {
        BadField::Author {
            email: email.to_owned(),
            source: Box::new(self),
        }
    }
}

/// Merge `reports` (each with the file it came from, for messages), placing
/// authors on `ladder`, which must be the ladder the reports were placed on.
pub fn merge(reports: &[(&Path, Report)], ladder: &Ladder) -> Result<Report, MergeError> {
    if reports.is_empty() {
        return Err(MergeError::Nothing);
    }
    check_compatible(reports, ladder)?;
    let repos = distinct_repos(reports)?;
    rebuild(reports, repos, ladder)
}

/// The report `report` gives when its authors are placed on `ladder` (another
/// ladder, or the same with other observability or confidence rules), from the
/// raw counts it keeps: what a scan with that ladder would write, without
/// scanning again. `path` names the report in messages.
pub fn place_again(path: &Path, report: Report, ladder: &Ladder) -> Result<Report, MergeError> {
    if report.rules.is_none() {
        return Err(MergeError::CountsOnly(path.to_path_buf()));
    }
    let repos = report.repos.clone();
    rebuild(&[(path, report)], repos, ladder)
}

/// The report of `repos` from the counts `reports` keep, read back into what a
/// scan folds and added up as a scan adds up its repositories, placed on `ladder`.
fn rebuild(
    reports: &[(&Path, Report)],
    repos: Vec<Repo>,
    ladder: &Ladder,
) -> Result<Report, MergeError> {
    let Some((_, first)) = reports.first() else {
        return Err(MergeError::Nothing);
    };
    if let Some((path, _)) = reports.iter().find(|(_, r)| r.focus.is_some()) {
        return Err(MergeError::Focused(path.to_path_buf()));
    }
    let mut summary = ScanSummary::default();
    let mut evidence = EvidenceCounts::default();
    for (path, report) in reports {
        let not_rungs = |source| MergeError::NotRungs {
            path: path.to_path_buf(),
            source,
        };
        summary.merge(crate::mapping::summary_of(report).map_err(not_rungs)?);
        if report.ladder.is_some() {
            evidence.merge(crate::mapping::evidence_of(report).map_err(not_rungs)?);
        }
    }
    let classified = first.rules.clone().map(|rules| crate::Classified {
        rules,
        counts: &evidence,
        ladder,
    });
    let mut merged = crate::build(repos, &summary, classified);
    merged.anonymized = first.anonymized;
    merged.pseudonym_key = first.pseudonym_key.clone();
    if first.anonymized {
        // Names are pseudonyms: people sharing a name cannot be found again. The
        // reports' own suggestions are kept, those of one name (its pseudonym is
        // keyed by the name) joined across reports.
        merged.suggested_aliases = anonymized_suggestions(reports);
    }
    Ok(merged)
}

/// The suggested aliases of anonymized `reports`, those of the same (pseudonymous)
/// name joined, in the order they first appear.
fn anonymized_suggestions(reports: &[(&Path, Report)]) -> Vec<rungs_report::SuggestedAlias> {
    let mut out: Vec<rungs_report::SuggestedAlias> = Vec::new();
    for (_, report) in reports {
        for s in &report.suggested_aliases {
            match out.iter_mut().find(|o| o.name == s.name) {
                Some(o) => {
                    o.emails.extend(s.emails.iter().cloned());
                    o.emails.sort();
                    o.emails.dedup();
                }
                None => out.push(s.clone()),
            }
        }
    }
    out
}

/// Reports merge when they come from the same kind of scan: same rules, same
/// ladder, all anonymized or none; otherwise the figures do not add up.
fn check_compatible(reports: &[(&Path, Report)], ladder: &Ladder) -> Result<(), MergeError> {
    let Some((first_path, first)) = reports.first() else {
        return Ok(());
    };
    for (path, report) in &reports[1..] {
        if report.rules != first.rules {
            return Err(MergeError::OtherRules(
                first_path.to_path_buf(),
                path.to_path_buf(),
            ));
        }
    }
    for (path, report) in &reports[1..] {
        if report.anonymized != first.anonymized {
            let (anonymized, plain) = if first.anonymized {
                (first_path, path)
            } else {
                (path, first_path)
            };
            return Err(MergeError::Anonymized {
                anonymized: anonymized.to_path_buf(),
                plain: plain.to_path_buf(),
            });
        }
    }
    for (path, report) in &reports[1..] {
        if report.pseudonym_key != first.pseudonym_key {
            return Err(MergeError::OtherSecret(
                first_path.to_path_buf(),
                path.to_path_buf(),
            ));
        }
    }
    let ladder_used = crate::ladder_used(ladder);
    for (path, report) in reports {
        if let Some(used) = &report.ladder
            && *used != ladder_used
        {
            return Err(MergeError::OtherLadder {
                path: path.to_path_buf(),
                ladder: ladder.file.clone(),
                used: used.file.clone(),
            });
        }
    }
    Ok(())
}

/// The repositories of all the reports, each in one report only.
fn distinct_repos(reports: &[(&Path, Report)]) -> Result<Vec<Repo>, MergeError> {
    // A repository in two reports would count twice. Repositories are known by
    // their path as given to `rungs scan` (evidence and commit links refer to it),
    // so two with the same path cannot be told apart either; and the same HEAD
    // under two paths is one repository scanned twice.
    let mut repos = Vec::new();
    let mut by_path: BTreeMap<&str, &Path> = BTreeMap::new();
    let mut by_head: BTreeMap<&str, (&Path, &str)> = BTreeMap::new();
    for (path, report) in reports {
        for repo in &report.repos {
            if let Some(other) = by_path.insert(&repo.path, path) {
                return Err(MergeError::SameName {
                    first: other.to_path_buf(),
                    second: path.to_path_buf(),
                    repo: repo.path.clone(),
                });
            }
            if let Some(head) = &repo.head
                && let Some((other, other_repo)) = by_head.insert(head, (path, &repo.path))
            {
                return Err(MergeError::SameHead {
                    first: other.to_path_buf(),
                    first_repo: other_repo.to_owned(),
                    second: path.to_path_buf(),
                    second_repo: repo.path.clone(),
                    head: head.clone(),
                });
            }
            repos.push(repo.clone());
        }
    }
    Ok(repos)
}
