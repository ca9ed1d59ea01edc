//! Turning scan results into the report and record documents of `rungs-report`.

use std::collections::{BTreeMap, BTreeSet};

use rungs_report::{
    Author, CommitLine, FileLine, Repo, Report, RulesUsed, SignalCount, SignalLine, SkillEvidence,
    SuggestedAlias, Tool, Totals,
};
use rungs_rules::RuleSet;
use rungs_scan::{
    BulkPolicy, CommitRecord, EvidenceTally, RepoInfo, ScanSummary, SkillTally,
    bstr::{BStr, ByteSlice},
    rfc3339,
};

fn text(bytes: &BStr) -> String {
    bytes.to_str_lossy().into_owned()
}

/// Rounded to thousandths, the precision scores are kept in.
fn milli(value: u64) -> f64 {
    value as f64 / 1000.0
}

fn skill_evidence(tally: &SkillTally) -> SkillEvidence {
    SkillEvidence {
        evidence_commits: tally.commits,
        bulk_commits: tally.bulk_commits,
        score: milli(tally.score_milli),
        first_evidence: tally.first.map(rfc3339),
        last_evidence: tally.last.map(rfc3339),
        signals: tally
            .signals
            .iter()
            .map(|((signal, depth), commits)| SignalCount {
                signal: signal.clone(),
                depth: *depth,
                commits: *commits,
            })
            .collect(),
    }
}

/// The summary report of a scan of `repos` whose statistics were merged into
/// `summary`, with the evidence found by `rules` when the scan classified.
pub(crate) fn build(
    repos: &[RepoInfo],
    summary: &ScanSummary,
    classified: Option<(&RuleSet, &EvidenceTally, &BulkPolicy)>,
) -> Report {
    let no_skills = BTreeMap::new();
    let mut authors: Vec<Author> = summary
        .authors
        .iter()
        .map(|(key, stats)| Author {
            name: text(stats.display_name()),
            email: text(key.as_bstr()),
            emails: stats.emails.iter().map(|e| text(e.as_bstr())).collect(),
            commits: stats.commits,
            merges: stats.merges,
            ignored_commits: stats.ignored_commits,
            files_changed: stats.files_changed,
            lines_added: stats.lines_added,
            lines_removed: stats.lines_removed,
            first_commit: stats.first.map(rfc3339),
            last_commit: stats.last.map(rfc3339),
            skills: classified
                .and_then(|(_, tally, _)| tally.authors.get(key))
                .unwrap_or(&no_skills)
                .iter()
                .map(|(skill, tally)| (skill.clone(), skill_evidence(tally)))
                .collect(),
        })
        .collect();
    authors.sort_by(|a, b| {
        b.commits
            .cmp(&a.commits)
            .then_with(|| a.email.cmp(&b.email))
    });

    Report {
        schema_version: rungs_report::SCHEMA_VERSION.to_owned(),
        tool: Tool {
            name: "rungs".to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
        },
        repos: repos
            .iter()
            .map(|r| Repo {
                path: r.path.display().to_string(),
                head: r.head.map(|h| h.to_string()),
                commits_scanned: r.commits_scanned,
                shallow: r.shallow,
            })
            .collect(),
        totals: Totals {
            commits: summary.commits,
            bot_commits_excluded: summary.bot_commits,
            ignored_commits: summary.ignored_commits,
            duplicate_patches: summary.duplicate_patches,
            skipped_files: summary
                .skipped_files
                .iter()
                .map(|(reason, n)| (reason.as_str().to_owned(), *n))
                .collect(),
            evidence_commits: classified.map_or(0, |(_, tally, _)| tally.evidence_commits),
            bulk_commits: classified.map_or(0, |(_, tally, _)| tally.bulk_commits),
        },
        suggested_aliases: suggested_aliases(&authors),
        authors,
        rules: classified.map(|(rules, _, bulk)| RulesUsed {
            count: rules.rules().len() as u64,
            files: rules
                .rules()
                .iter()
                .map(|r| r.file.clone())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect(),
            bulk_max_files: bulk.max_files,
            bulk_max_lines: bulk.max_lines,
            bulk_factor: bulk.factor,
        }),
    }
}

/// Authors whose names are equal once case and spacing are ignored, but whose emails differ.
fn suggested_aliases(authors: &[Author]) -> Vec<SuggestedAlias> {
    let mut by_name: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    for author in authors {
        let normalized = author
            .name
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        if normalized.is_empty() {
            continue;
        }
        let entry = by_name
            .entry(normalized)
            .or_insert_with(|| (author.name.clone(), Vec::new()));
        entry.1.push(author.email.clone());
    }
    by_name
        .into_values()
        .filter(|(_, emails)| emails.len() > 1)
        .map(|(name, mut emails)| {
            emails.sort();
            SuggestedAlias { name, emails }
        })
        .collect()
}

/// One `--records` line.
pub(crate) fn commit_line(repo: &str, record: &CommitRecord, bulk: bool) -> CommitLine {
    CommitLine {
        repo: repo.to_owned(),
        commit: record.id.to_string(),
        author: text(record.author.name.as_bstr()),
        email: text(record.author.email.as_bstr()),
        time: rfc3339(record.time),
        parents: record.parents,
        duplicate_of: record.duplicate_of.map(|id| id.to_string()),
        bulk,
        files: record
            .files
            .iter()
            .map(|f| {
                let (added, removed, skipped) = match f.lines {
                    Ok(c) => (Some(c.added), Some(c.removed), None),
                    Err(reason) => (None, None, Some(reason.as_str().to_owned())),
                };
                FileLine {
                    path: text(f.path.as_bstr()),
                    path_bytes: f
                        .path
                        .to_str()
                        .is_err()
                        .then(|| f.path.iter().map(|b| format!("{b:02x}")).collect()),
                    old_path: f.old_path.as_ref().map(|p| text(p.as_bstr())),
                    status: f.status.as_str().to_owned(),
                    added,
                    removed,
                    skipped,
                }
            })
            .collect(),
    }
}

/// The `--signals` lines of one commit, in the order of its hits (rule, path, line).
pub(crate) fn signal_lines(
    repo: &str,
    record: &CommitRecord,
    rules: &RuleSet,
    bulk: &BulkPolicy,
) -> Vec<SignalLine> {
    let is_bulk = bulk.is_bulk(record);
    record
        .hits
        .iter()
        .filter_map(|hit| {
            let rule = rules.rules().get(hit.rule as usize)?;
            Some(SignalLine {
                repo: repo.to_owned(),
                commit: record.id.to_string(),
                author: text(record.author.name.as_bstr()),
                email: text(record.author.email.as_bstr()),
                time: rfc3339(record.time),
                skill: rule.skill.clone(),
                signal: rule.signal.clone(),
                depth: rule.depth,
                rule: rule.id.clone(),
                target: rule.target.name().to_owned(),
                path: hit.path.as_ref().map(|p| text(p.as_bstr())),
                line: hit.line,
                text: hit.text.clone(),
                weight: if is_bulk {
                    rule.weight * bulk.factor
                } else {
                    rule.weight
                },
                bulk: is_bulk,
            })
        })
        .collect()
}
