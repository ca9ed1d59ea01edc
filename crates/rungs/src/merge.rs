//! `rungs merge`: combine reports of different repositories (or shards of a list
//! of repositories) into the report one scan of them all would give.
//!
//! Reports carry the raw data their figures come from (per-month evidence, batch
//! sizes, active weeks, name counts, the strongest evidence), so merging adds the
//! raw data and computes profiles, placements, plans and the team view again,
//! through the same code a scan uses.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::Path,
};

use anyhow::{Context, bail};
use rungs_ladder::{Aggregates, AuthorAggregate, EvidenceRef, Ladder, Month, SkillMonth};
use rungs_report::{Author, Report, SignalCount, Totals};

use crate::{args::MergeArgs, output, render::read_report};

pub(crate) fn run(args: &MergeArgs) -> anyhow::Result<()> {
    let reports = args
        .reports
        .iter()
        .map(|path| Ok((path.as_path(), read_report(path)?)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let ladder = crate::scan::load_ladder(args.ladder.as_deref(), args.strict_ladder)?;
    let merged = merge(&reports, &ladder)?;
    output::write_report(&merged, &args.out)
}

/// Merge `reports` (each with the file it came from, for messages), placing
/// authors on `ladder`, which must be the ladder the reports were placed on.
pub(crate) fn merge(reports: &[(&Path, Report)], ladder: &Ladder) -> anyhow::Result<Report> {
    let Some((first_path, first)) = reports.first() else {
        bail!("nothing to merge");
    };
    // Same kind of scan, same rules, same ladder: otherwise the figures do not add up.
    for (path, report) in &reports[1..] {
        if report.rules != first.rules {
            bail!(
                "{} and {} were scanned with different rules or bulk thresholds (see their `rules`); \
                 scan them with the same rule files and options to merge them",
                first_path.display(),
                path.display()
            );
        }
    }
    for (path, report) in &reports[1..] {
        if report.anonymized != first.anonymized {
            bail!(
                "{} is anonymized and {} is not: merge reports with real names, \
                 or reports all anonymized with the same secret",
                if first.anonymized { first_path } else { path }.display(),
                if first.anonymized { path } else { first_path }.display()
            );
        }
    }
    let ladder_used = rungs_core::ladder_used(ladder);
    for (path, report) in reports {
        if let Some(used) = &report.ladder
            && *used != ladder_used
        {
            bail!(
                "{} was placed on another ladder than {} (its file: {}); pass that ladder with --ladder, and --strict-ladder if it was scanned with it",
                path.display(),
                ladder.file,
                used.file
            );
        }
    }

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
                bail!(
                    "{} and {} both hold a repository named {:?}: scan each under its own path \
                     (`rungs scan ../shop`, not `rungs scan .`) so that their commits stay apart",
                    other.display(),
                    path.display(),
                    repo.path
                );
            }
            if let Some(head) = &repo.head
                && let Some((other, other_repo)) = by_head.insert(head, (path, &repo.path))
            {
                bail!(
                    "{} ({other_repo}) and {} ({}) were scanned at the same commit {head}: \
                     one repository, whose commits would count twice",
                    other.display(),
                    path.display(),
                    repo.path
                );
            }
            repos.push(repo.clone());
        }
    }

    let mut totals = Totals {
        commits: 0,
        bot_commits_excluded: 0,
        excluded_author_commits: 0,
        ignored_commits: 0,
        duplicate_patches: 0,
        skipped_files: BTreeMap::new(),
        evidence_commits: 0,
        bulk_commits: 0,
    };
    let mut authors: BTreeMap<String, Author> = BTreeMap::new();
    let mut aggregates = Aggregates::default();
    for (path, report) in reports {
        let t = &report.totals;
        totals.commits += t.commits;
        totals.bot_commits_excluded += t.bot_commits_excluded;
        totals.excluded_author_commits += t.excluded_author_commits;
        totals.ignored_commits += t.ignored_commits;
        totals.duplicate_patches += t.duplicate_patches;
        totals.evidence_commits += t.evidence_commits;
        totals.bulk_commits += t.bulk_commits;
        for (reason, n) in &t.skipped_files {
            *totals.skipped_files.entry(reason.clone()).or_default() += n;
        }
        for author in &report.authors {
            merge_author(
                authors
                    .entry(author.email.clone())
                    .or_insert_with(rungs_core::empty_author),
                author,
            )
            .with_context(|| format!("{}: author {}", path.display(), author.email))?;
        }
        if report.ladder.is_some() {
            aggregates.merge(
                &aggregates_of(report)
                    .with_context(|| format!("{} is not a report rungs wrote", path.display()))?,
            );
        }
    }
    let placed = first.rules.clone().map(|rules| rungs_core::Placed {
        rules,
        aggregates: &aggregates,
        ladder,
    });
    let mut merged = rungs_core::assemble(repos, totals, authors.into_values().collect(), placed);
    merged.anonymized = first.anonymized;
    Ok(merged)
}

/// Add the counts of `theirs` to `mine` (skills, rungs, metrics and plans are
/// computed again afterwards).
fn merge_author(mine: &mut Author, theirs: &Author) -> anyhow::Result<()> {
    if mine.email.is_empty() {
        mine.email = theirs.email.clone();
        mine.name = theirs.name.clone();
    } else if mine.names.is_empty() && theirs.names.is_empty() && theirs.name < mine.name {
        // Someone seen only as a co-author: the smallest name, as a scan keeps it.
        mine.name = theirs.name.clone();
    }
    for (name, n) in &theirs.names {
        *mine.names.entry(name.clone()).or_default() += n;
    }
    if !mine.names.is_empty() {
        mine.name = rungs_core::display_name(&mine.names).to_owned();
    }
    let emails: BTreeSet<String> = mine.emails.iter().chain(&theirs.emails).cloned().collect();
    mine.emails = emails.into_iter().collect();
    mine.commits += theirs.commits;
    mine.merges += theirs.merges;
    mine.ignored_commits += theirs.ignored_commits;
    mine.files_changed += theirs.files_changed;
    mine.lines_added += theirs.lines_added;
    mine.lines_removed += theirs.lines_removed;
    // Earliest and latest by (time, offset), as a scan orders them.
    let key = |t: &Option<String>| -> anyhow::Result<Option<(i64, i32)>> {
        t.as_deref()
            .map(|s| crate::time::parse(s).with_context(|| format!("not an RFC 3339 time: {s:?}")))
            .transpose()
    };
    let (a, b) = (key(&mine.first_commit)?, key(&theirs.first_commit)?);
    if b.is_some() && (a.is_none() || b < a) {
        mine.first_commit = theirs.first_commit.clone();
    }
    let (a, b) = (key(&mine.last_commit)?, key(&theirs.last_commit)?);
    if b.is_some() && (a.is_none() || b > a) {
        mine.last_commit = theirs.last_commit.clone();
    }
    Ok(())
}

fn seconds(text: &str) -> anyhow::Result<i64> {
    crate::time::parse(text)
        .map(|(seconds, _)| seconds)
        .with_context(|| format!("not an RFC 3339 time: {text:?}"))
}

fn month(label: &str) -> anyhow::Result<Month> {
    let parsed = label
        .split_once('-')
        .and_then(|(y, m)| Some((y.parse::<i64>().ok()?, m.parse::<i64>().ok()?)));
    match parsed {
        Some((year, month)) if (1..=12).contains(&month) => Ok(Month(year * 12 + month - 1)),
        _ => bail!("not a month (YYYY-MM): {label:?}"),
    }
}

fn signal_map(signals: &[SignalCount]) -> BTreeMap<(String, u8), u64> {
    signals
        .iter()
        .map(|s| ((s.signal.clone(), s.depth), s.commits))
        .collect()
}

/// The aggregates a report was computed from, rebuilt from its raw fields.
fn aggregates_of(report: &Report) -> anyhow::Result<Aggregates> {
    let mut aggregates = Aggregates::default();
    for author in &report.authors {
        // The scan's newest and oldest commits are the authors' latest and earliest.
        for time in [&author.first_commit, &author.last_commit]
            .into_iter()
            .flatten()
        {
            let t = seconds(time)?;
            aggregates.newest = Some(aggregates.newest.map_or(t, |n| n.max(t)));
            aggregates.oldest = Some(aggregates.oldest.map_or(t, |o| o.min(t)));
        }
        // Authors with evidence or commits have metrics; nobody else has aggregates.
        let Some(metrics) = &author.metrics else {
            continue;
        };
        let mut agg = AuthorAggregate {
            commits: author.commits,
            merges: author.merges,
            collaborative_commits: metrics.collaborative_commits,
            active_weeks: metrics.active_weeks.iter().copied().collect(),
            areas: metrics.areas.clone(),
            ..AuthorAggregate::default()
        };
        for (lines, n) in &metrics.changed_lines {
            let lines: u64 = lines
                .parse()
                .with_context(|| format!("changed_lines key {lines:?} is not a number"))?;
            agg.batch_sizes.insert(lines, *n);
        }
        for (skill, evidence) in &author.skills {
            let mut months = BTreeMap::new();
            for (label, m) in &evidence.months {
                let mut deepest = [0; rungs_ladder::MAX_DEPTH as usize];
                for (slot, n) in deepest.iter_mut().zip(&m.deepest) {
                    *slot = *n;
                }
                months.insert(
                    month(label)?,
                    SkillMonth {
                        commits: m.commits,
                        bulk_commits: m.bulk_commits,
                        score_milli: m.score_milli,
                        deepest,
                        signals: signal_map(&m.signals),
                        first: None,
                        last: None,
                    },
                );
            }
            // Only the skill's first and last evidence survive in a report; they sit
            // in their months, which is all the profile reads of them.
            if let Some(first) = &evidence.first_evidence {
                let t = seconds(first)?;
                months.entry(Month::of(t)).or_default().first = Some(t);
            }
            if let Some(last) = &evidence.last_evidence {
                let t = seconds(last)?;
                months.entry(Month::of(t)).or_default().last = Some(t);
            }
            agg.skills.insert(skill.clone(), months);
            agg.top_evidence.insert(
                skill.clone(),
                evidence
                    .top_evidence
                    .iter()
                    .map(|r| {
                        Ok(EvidenceRef {
                            neg_depth: -(r.depth as i8),
                            neg_time: -seconds(&r.time)?,
                            commit: r.commit.clone(),
                            repo: r.repo.clone(),
                            path: r.path.clone(),
                            line: r.line,
                            rule: r.rule.clone(),
                            signal: r.signal.clone(),
                        })
                    })
                    .collect::<anyhow::Result<_>>()?,
            );
        }
        aggregates.authors.insert(author.email.clone(), agg);
    }
    Ok(aggregates)
}
