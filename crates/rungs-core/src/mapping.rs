//! The one mapping between what a scan folds (the [`ScanSummary`] of counts and
//! the [`EvidenceCounts`] profiles are computed from) and the fields of a report:
//! a scan writes them with [`crate::build`], [`skill_entry`] and
//! [`metrics_entry`], and a merge reads them back with [`summary_of`] and
//! [`evidence_of`]. Reading back what was written gives what was folded again
//! (tested below, over random histories), so `rungs merge` adds up counters with
//! the scan's own `merge` methods and computes the report one scan of all the
//! repositories would give, through the same code.

use std::collections::BTreeMap;

use rungs_ladder::{
    Aggregates, AuthorAggregate, EvidenceRef as RawRef, MetricSignals, Month, SkillMonth,
    SkillProfile,
};
use rungs_report::{AuthorMetrics, EvidenceRef, MonthEvidence, Report, SignalCount, SkillEvidence};
use rungs_scan::{AuthorStats, ScanSummary, SkipReason, Time, bstr::BString, rfc3339_utc};

use crate::{evidence::EvidenceCounts, merge::BadField};

/// The report's entry for one skill of an author, profiled as `profile`.
pub(crate) fn skill_entry(
    aggregate: &AuthorAggregate,
    skill: &str,
    profile: &SkillProfile,
) -> SkillEvidence {
    let p = profile;
    let months = &aggregate.skills[skill];
    let bulk_commits = months.values().map(|m| m.bulk_commits).sum();
    let mut signals: BTreeMap<(String, u8), u64> = BTreeMap::new();
    for m in months.values() {
        for (k, n) in &m.signals {
            *signals.entry(k.clone()).or_default() += n;
        }
    }
    let first = months.values().filter_map(|m| m.first).min();
    let last = months.values().filter_map(|m| m.last).max();
    SkillEvidence {
        evidence_commits: p.evidence_commits,
        bulk_commits,
        score: p.score,
        depth: p.depth,
        confidence: p.confidence.as_str().to_owned(),
        commits_at_or_above: p.at_or_above.into(),
        active_months: p.active_months,
        first_evidence: first.map(rfc3339_utc),
        last_evidence: last.map(rfc3339_utc),
        signals: signal_counts(&signals),
        months: months
            .iter()
            .map(|(month, m)| {
                (
                    month.label(),
                    MonthEvidence {
                        commits: m.commits,
                        bulk_commits: m.bulk_commits,
                        score_milli: m.score_milli,
                        deepest: m.deepest.into(),
                        signals: signal_counts(&m.signals),
                    },
                )
            })
            .collect(),
        top_evidence: aggregate
            .top_evidence
            .get(skill)
            .into_iter()
            .flatten()
            .map(|r| EvidenceRef {
                commit: r.commit.clone(),
                repo: r.repo.clone(),
                time: rfc3339_utc(r.time()),
                signal: r.signal.clone(),
                depth: r.depth(),
                rule: r.rule.clone(),
                path: r.path.clone(),
                line: r.line,
            })
            .collect(),
    }
}

/// The report's metrics entry of an author whose metric signals are `metrics`.
pub(crate) fn metrics_entry(aggregate: &AuthorAggregate, metrics: &MetricSignals) -> AuthorMetrics {
    AuthorMetrics {
        median_changed_lines: metrics.median_changed_lines,
        active_week_share: metrics.active_week_share,
        small_batches: metrics.small_batches,
        steady_cadence: metrics.steady_cadence,
        integration: metrics.integration,
        collaborative_share: metrics.collaborative_share,
        collaboration: metrics.collaboration,
        collaborative_commits: aggregate.collaborative_commits,
        coauthored_commits: aggregate.coauthored_commits,
        depth: metrics.depth,
        changed_lines: aggregate
            .batch_sizes
            .iter()
            .map(|(lines, n)| (lines.to_string(), *n))
            .collect(),
        active_weeks: aggregate
            .active_weeks
            .iter()
            .map(|w| rungs_ladder::iso_week(*w))
            .collect(),
        areas: aggregate.areas.clone(),
    }
}

fn signal_counts(signals: &BTreeMap<(String, u8), u64>) -> Vec<SignalCount> {
    signals
        .iter()
        .map(|((signal, depth), commits)| SignalCount {
            signal: signal.clone(),
            depth: *depth,
            commits: *commits,
        })
        .collect()
}

fn seconds(text: &str) -> Result<i64, BadField> {
    crate::time::parse(text)
        .map(|(seconds, _)| seconds)
        .ok_or_else(|| BadField::Time(text.to_owned()))
}

fn month(label: &str) -> Result<Month, BadField> {
    let parsed = label
        .split_once('-')
        .and_then(|(y, m)| Some((y.parse::<i64>().ok()?, m.parse::<i64>().ok()?)));
    match parsed {
        Some((year, month)) if (1..=12).contains(&month) => Ok(Month(year * 12 + month - 1)),
        _ => Err(BadField::Month(label.to_owned())),
    }
}

fn signal_map(signals: &[SignalCount]) -> BTreeMap<(String, u8), u64> {
    signals
        .iter()
        .map(|s| ((s.signal.clone(), s.depth), s.commits))
        .collect()
}

/// A time as reports write it (UTC): seconds since the epoch, offset 0.
fn time(text: &str) -> Result<Time, BadField> {
    Ok(Time::new(seconds(text)?, 0))
}

/// The counts a report was built from: its totals and each author's activity.
/// People the report knows only as co-authors (no name of their own) are not
/// authors of commits; [`evidence_of`] keeps them.
pub(crate) fn summary_of(report: &Report) -> Result<ScanSummary, BadField> {
    let totals = &report.totals;
    let mut skipped_files = BTreeMap::new();
    for (name, n) in &totals.skipped_files {
        let reason =
            SkipReason::from_name(name).ok_or_else(|| BadField::SkipReason(name.clone()))?;
        skipped_files.insert(reason, *n);
    }
    let mut authors = BTreeMap::new();
    for author in report.authors.iter().filter(|a| !a.names.is_empty()) {
        let time_of = |t: &Option<String>| {
            t.as_deref()
                .map(time)
                .transpose()
                .map_err(|e| e.of_author(&author.email))
        };
        let stats = AuthorStats {
            names: author
                .names
                .iter()
                .map(|(name, n)| (BString::from(name.as_str()), *n))
                .collect(),
            emails: author
                .emails
                .iter()
                .map(|e| BString::from(e.as_str()))
                .collect(),
            commits: author.commits,
            merges: author.merges,
            ignored_commits: author.ignored_commits,
            files_changed: author.files_changed,
            lines_added: author.lines_added,
            lines_removed: author.lines_removed,
            first: time_of(&author.first_commit)?,
            last: time_of(&author.last_commit)?,
        };
        authors.insert(BString::from(author.email.as_str()), stats);
    }
    Ok(ScanSummary {
        authors,
        commits: totals.commits,
        bot_commits: totals.bot_commits_excluded,
        excluded_commits: totals.excluded_author_commits,
        // Which pattern left out what is a warning of the scan that ran, not a
        // figure of the report.
        excluded_by_pattern: BTreeMap::new(),
        ignored_commits: totals.ignored_commits,
        duplicate_patches: totals.duplicate_patches,
        skipped_files,
    })
}

/// The evidence a classified report was computed from: the aggregates, the
/// evidence and bulk commit counts, and the names of people seen only as
/// co-authors.
pub(crate) fn evidence_of(report: &Report) -> Result<EvidenceCounts, BadField> {
    Ok(EvidenceCounts {
        aggregates: aggregates_of(report)?,
        evidence_commits: report.totals.evidence_commits,
        bulk_commits: report.totals.bulk_commits,
        coauthor_names: report
            .authors
            .iter()
            .filter(|a| a.names.is_empty())
            .map(|a| (a.email.clone(), a.name.clone()))
            .collect(),
    })
}

/// The aggregates a report was computed from, rebuilt from its raw fields.
fn aggregates_of(report: &Report) -> Result<Aggregates, BadField> {
    let mut aggregates = Aggregates::default();
    for author in &report.authors {
        add_author(&mut aggregates, author).map_err(|e| e.of_author(&author.email))?;
    }
    Ok(aggregates)
}

/// Add the aggregates of one author of a report to `aggregates`.
fn add_author(aggregates: &mut Aggregates, author: &rungs_report::Author) -> Result<(), BadField> {
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
        return Ok(());
    };
    let mut agg = AuthorAggregate {
        commits: author.commits,
        merges: author.merges,
        collaborative_commits: metrics.collaborative_commits,
        coauthored_commits: metrics.coauthored_commits,
        active_weeks: metrics
            .active_weeks
            .iter()
            .map(|w| rungs_ladder::week_from_iso(w).ok_or_else(|| BadField::Week(w.clone())))
            .collect::<Result<_, _>>()?,
        areas: metrics.areas.clone(),
        ..AuthorAggregate::default()
    };
    for (lines, n) in &metrics.changed_lines {
        let lines: u64 = lines
            .parse()
            .map_err(|_| BadField::ChangedLines(lines.clone()))?;
        agg.batch_sizes.insert(lines, *n);
    }
    for (skill, evidence) in &author.skills {
        let mut months = BTreeMap::new();
        for (label, m) in &evidence.months {
            let deepest: [u64; 4] = m.deepest.into();
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
        // A skill without evidence places has no list, as in a scan.
        if !evidence.top_evidence.is_empty() {
            let refs = evidence
                .top_evidence
                .iter()
                .map(|r| {
                    Ok(RawRef {
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
                .collect::<Result<_, BadField>>()?;
            agg.top_evidence.insert(skill.clone(), refs);
        }
    }
    aggregates.authors.insert(author.email.clone(), agg);
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::{collection, option, prelude::*};
    use rungs_ladder::{Aggregates, AuthorAggregate, EvidenceRef, MAX_DEPTH, Month, SkillMonth};
    use rungs_report::{RulesUsed, Totals};
    use rungs_scan::rfc3339_utc;

    use super::{aggregates_of, evidence_of, summary_of};

    /// 1990 to 2040: times a history holds.
    const TIMES: std::ops::Range<i64> = 631_152_000..2_208_988_800;

    fn skill_month() -> impl Strategy<Value = SkillMonth> {
        (
            1..50u64,
            0..5u64,
            0..100_000u64,
            prop::array::uniform4(0..20u64),
            collection::btree_map(("[a-z-]{1,12}", 1..=MAX_DEPTH), 1..9u64, 0..4),
        )
            .prop_map(|(commits, bulk_commits, score_milli, deepest, signals)| {
                SkillMonth {
                    commits,
                    bulk_commits,
                    score_milli,
                    deepest,
                    signals,
                    first: None,
                    last: None,
                }
            })
    }

    fn evidence_ref() -> impl Strategy<Value = EvidenceRef> {
        (
            1..=MAX_DEPTH,
            TIMES,
            "[0-9a-f]{40}",
            "[a-z/]{1,10}",
            option::of("[a-z/._]{1,20}"),
            option::of(1..10_000u32),
            "[a-z-]{1,12}",
            "[a-z-]{1,12}",
        )
            .prop_map(|(depth, time, commit, repo, path, line, rule, signal)| {
                EvidenceRef {
                    neg_depth: -(depth as i8),
                    neg_time: -time,
                    commit,
                    repo,
                    path,
                    line,
                    rule,
                    signal,
                }
            })
    }

    /// The months of one skill, with its first and last evidence in the months
    /// they fall in: all a report keeps of them.
    fn skill() -> impl Strategy<Value = BTreeMap<Month, SkillMonth>> {
        (
            collection::btree_map(TIMES, skill_month(), 1..5),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(by_time, with_first, with_last)| {
                let first = by_time.keys().next().copied();
                let last = by_time.keys().next_back().copied();
                let mut months: BTreeMap<Month, SkillMonth> = BTreeMap::new();
                for (time, month) in by_time {
                    months.insert(Month::of(time), month);
                }
                if let Some(t) = first.filter(|_| with_first) {
                    months.entry(Month::of(t)).or_default().first = Some(t);
                }
                if let Some(t) = last.filter(|_| with_last) {
                    months.entry(Month::of(t)).or_default().last = Some(t);
                }
                months
            })
    }

    fn author() -> impl Strategy<Value = AuthorAggregate> {
        (
            (0..500u64, 0..20u64, 0..50u64, 0..30u64),
            collection::btree_map(0..5_000u64, 1..30u64, 0..6),
            collection::btree_set(1_000..3_500i64, 0..10),
            collection::btree_map("[a-z]{1,8}(/[a-z]{1,8})?", 1..40u64, 0..4),
            collection::btree_map(
                prop::sample::select(vec!["acid", "error-codes", "access-violation"]),
                (skill(), collection::vec(evidence_ref(), 0..4)),
                0..3,
            ),
        )
            .prop_map(
                |(
                    (commits, merges, collaborative_commits, coauthored_commits),
                    batch_sizes,
                    active_weeks,
                    areas,
                    skills,
                )| {
                    let mut author = AuthorAggregate {
                        commits,
                        merges,
                        collaborative_commits,
                        coauthored_commits,
                        batch_sizes,
                        active_weeks,
                        areas,
                        ..AuthorAggregate::default()
                    };
                    for (skill, (months, top)) in skills {
                        author.skills.insert(skill.to_owned(), months);
                        if !top.is_empty() {
                            author.top_evidence.insert(skill.to_owned(), top);
                        }
                    }
                    author
                },
            )
    }

    fn aggregates() -> impl Strategy<Value = Aggregates> {
        (
            collection::btree_map("[a-z]{1,6}@example\\.com", author(), 1..4),
            TIMES,
            TIMES,
        )
            .prop_map(|(authors, a, b)| Aggregates {
                authors,
                oldest: Some(a.min(b)),
                newest: Some(a.max(b)),
            })
    }

    fn time() -> impl Strategy<Value = rungs_scan::Time> {
        // Offsets as git writes them (whole minutes, under a day), and one it
        // cannot write as ±HH:MM.
        (
            TIMES,
            prop_oneof![
                (-1439..1440i32).prop_map(|m| m * 60),
                Just(-(99 * 3600 + 59 * 60))
            ],
        )
            .prop_map(|(seconds, offset)| rungs_scan::Time::new(seconds, offset))
    }

    /// `summary` as a report keeps it: every time in UTC, its offset dropped.
    fn in_utc(summary: &rungs_scan::ScanSummary) -> rungs_scan::ScanSummary {
        let mut summary = summary.clone();
        for stats in summary.authors.values_mut() {
            for time in [&mut stats.first, &mut stats.last].into_iter().flatten() {
                *time = rungs_scan::Time::new(time.seconds, 0);
            }
        }
        summary
    }

    fn author_stats() -> impl Strategy<Value = rungs_scan::AuthorStats> {
        (
            collection::btree_map("[A-Za-z é]{1,12}", 1..50u64, 1..3),
            collection::btree_set("[a-z]{1,6}@[a-z]{1,6}", 1..3),
            (0..500u64, 0..20u64, 0..5u64),
            (0..900u64, 0..90_000u64, 0..90_000u64),
            (option::of(time()), option::of(time())),
        )
            .prop_map(
                |(
                    names,
                    emails,
                    (commits, merges, ignored),
                    (files, added, removed),
                    (first, last),
                )| {
                    rungs_scan::AuthorStats {
                        names: names.into_iter().map(|(n, c)| (n.into(), c)).collect(),
                        emails: emails.into_iter().map(Into::into).collect(),
                        commits,
                        merges,
                        ignored_commits: ignored,
                        files_changed: files,
                        lines_added: added,
                        lines_removed: removed,
                        first,
                        last,
                    }
                },
            )
    }

    fn summary() -> impl Strategy<Value = rungs_scan::ScanSummary> {
        (
            collection::btree_map("[a-z]{1,6}@[a-z]{1,6}", author_stats(), 0..6),
            prop::array::uniform6(0..10_000u64),
            collection::btree_map(
                prop::sample::select(rungs_scan::SkipReason::ALL.to_vec()),
                1..99u64,
                0..4,
            ),
        )
            .prop_map(
                |(authors, [commits, bot, excluded, ignored, duplicate, _], skipped_files)| {
                    rungs_scan::ScanSummary {
                        authors: authors.into_iter().map(|(k, v)| (k.into(), v)).collect(),
                        commits,
                        bot_commits: bot,
                        excluded_commits: excluded,
                        excluded_by_pattern: BTreeMap::new(),
                        ignored_commits: ignored,
                        duplicate_patches: duplicate,
                        skipped_files,
                    }
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Aggregates written into a report read back as the same aggregates.
        #[test]
        fn aggregates_to_report_to_aggregates_is_the_identity(aggregates in aggregates()) {
            // A scan's authors come with their commit counts (the same the aggregates
            // count) and the times of their first and last commits, which are where a
            // merge finds the history's oldest and newest.
            let authors = aggregates
                .authors
                .iter()
                .map(|(email, aggregate)| rungs_report::Author {
                    email: email.clone(),
                    commits: aggregate.commits,
                    merges: aggregate.merges,
                    first_commit: aggregates.oldest.map(rfc3339_utc),
                    last_commit: aggregates.newest.map(rfc3339_utc),
                    ..crate::assemble::empty_author()
                })
                .collect();
            let totals = Totals::default();
            let rules = RulesUsed {
                count: 0,
                files: Vec::new(),
                bulk_max_files: 0,
                bulk_max_lines: 0,
                bulk_factor: 1.0,
            };
            let ladder = rungs_ladder::default_ladder();
            let report = crate::assemble::assemble(
                Vec::new(),
                totals,
                authors,
                Some(crate::assemble::Placed { rules, aggregates: &aggregates, ladder: &ladder }),
            );
            let back = aggregates_of(&report).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(back, aggregates);
        }

        /// The counts of a scan written into a report read back as the same counts
        /// (times in UTC, as reports write them), and people seen only as
        /// co-authors read back as co-authors.
        #[test]
        fn summary_to_report_to_summary_is_the_identity(
            summary in summary(),
            coauthors in collection::btree_map("[a-z]{1,6}@coauthor", "[A-Za-z ]{1,12}", 0..3),
            (evidence_commits, bulk_commits) in (0..1_000u64, 0..100u64),
        ) {
            let plain = crate::build(Vec::new(), &summary, None);
            let back = summary_of(&plain).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let summary = in_utc(&summary);
            prop_assert_eq!(&back, &summary);

            let counts = crate::EvidenceCounts {
                evidence_commits,
                bulk_commits,
                coauthor_names: coauthors.clone(),
                ..Default::default()
            };
            let ladder = rungs_ladder::default_ladder();
            let classified = crate::build(Vec::new(), &summary, Some(crate::Classified {
                rules: RulesUsed {
                    count: 0,
                    files: Vec::new(),
                    bulk_max_files: 0,
                    bulk_max_lines: 0,
                    bulk_factor: 1.0,
                },
                counts: &counts,
                ladder: &ladder,
            }));
            let back = summary_of(&classified).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(&back, &summary);
            let evidence = evidence_of(&classified).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(evidence.coauthor_names, coauthors);
            prop_assert_eq!(evidence.evidence_commits, evidence_commits);
            prop_assert_eq!(evidence.bulk_commits, bulk_commits);
        }
    }
}
