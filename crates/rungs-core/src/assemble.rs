//! The report of a scan or of a merge of reports: authors, totals, profiles,
//! placements, plans and the team view, put together in one place so that a scan
//! and a merge write the same report for the same commits.

use std::collections::{BTreeMap, BTreeSet};

use rungs_ladder::{Aggregates, Ladder};
use rungs_report::{Author, LadderUsed, Repo, Report, RulesUsed, Tool, Totals};
use rungs_rules::RuleSet;
use rungs_scan::{BulkPolicy, RepoInfo, ScanSummary, bstr::ByteSlice, rfc3339_utc};

use crate::{
    evidence::EvidenceCounts,
    plans::add_plans,
    profile::{AuthorEvidence, author_evidence, observability, placements},
    team::{suggested_aliases, team},
    text,
};

/// What a classifying scan adds to the counts: the rules and bulk policy (as the
/// report names them), the evidence folded from the records and the ladder to
/// place authors on.
pub struct Classified<'a> {
    /// The rules and bulk thresholds the commits were classified with.
    pub rules: RulesUsed,
    /// The evidence.
    pub counts: &'a EvidenceCounts,
    /// The ladder.
    pub ladder: &'a Ladder,
}

/// The summary report of a scan of `repos` whose statistics were merged into
/// `summary`, with the evidence found by the rules and the placements on the
/// ladder when the scan classified.
pub fn build(
    repos: Vec<Repo>,
    summary: &ScanSummary,
    classified: Option<Classified<'_>>,
) -> Report {
    let mut authors: Vec<Author> = summary
        .authors
        .iter()
        .map(|(key, stats)| {
            // Names that are not UTF-8 may become equal once made text: add them up.
            let mut names: BTreeMap<String, u64> = BTreeMap::new();
            for (name, n) in &stats.names {
                *names.entry(text(name.as_bstr())).or_default() += n;
            }
            (key, stats, names)
        })
        .map(|(key, stats, names)| Author {
            name: display_name(&names).to_owned(),
            names,
            email: text(key.as_bstr()),
            emails: stats.emails.iter().map(|e| text(e.as_bstr())).collect(),
            commits: stats.commits,
            merges: stats.merges,
            ignored_commits: stats.ignored_commits,
            files_changed: stats.files_changed,
            lines_added: stats.lines_added,
            lines_removed: stats.lines_removed,
            first_commit: stats.first.map(|t| rfc3339_utc(t.seconds)),
            last_commit: stats.last.map(|t| rfc3339_utc(t.seconds)),
            ..empty_author()
        })
        .collect();
    // People who appear only as co-authors: their evidence, no commits of their own.
    if let Some(c) = &classified {
        for (email, name) in &c.counts.coauthor_names {
            if !summary.authors.contains_key(email.as_bytes().as_bstr()) {
                authors.push(Author {
                    name: name.clone(),
                    email: email.clone(),
                    ..empty_author()
                });
            }
        }
    }
    let totals = Totals {
        commits: summary.commits,
        bot_commits_excluded: summary.bot_commits,
        excluded_author_commits: summary.excluded_commits,
        ignored_commits: summary.ignored_commits,
        duplicate_patches: summary.duplicate_patches,
        skipped_files: summary
            .skipped_files
            .iter()
            .map(|(reason, n)| (reason.as_str().to_owned(), *n))
            .collect(),
        evidence_commits: classified.as_ref().map_or(0, |c| c.counts.evidence_commits),
        bulk_commits: classified.as_ref().map_or(0, |c| c.counts.bulk_commits),
    };
    let placed = classified.map(|c| Placed {
        rules: c.rules,
        aggregates: &c.counts.aggregates,
        ladder: c.ladder,
    });
    assemble(repos, totals, authors, placed)
}

/// The name used most often; ties go to the smallest. A scan and a merge both
/// choose with this, from the same counts.
pub fn display_name(names: &BTreeMap<String, u64>) -> &str {
    names
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        .map_or("", |(name, _)| name.as_str())
}

/// An author with every field empty.
pub(crate) fn empty_author() -> Author {
    Author {
        name: String::new(),
        names: BTreeMap::new(),
        email: String::new(),
        emails: Vec::new(),
        commits: 0,
        merges: 0,
        ignored_commits: 0,
        files_changed: 0,
        lines_added: 0,
        lines_removed: 0,
        first_commit: None,
        last_commit: None,
        skills: BTreeMap::new(),
        rungs: BTreeMap::new(),
        metrics: None,
        plan: Vec::new(),
    }
}

/// The rules and bulk policy of a scan, as a report names them.
pub fn rules_used(rules: &RuleSet, bulk: &BulkPolicy) -> RulesUsed {
    RulesUsed {
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
    }
}

/// The evidence side of a report: the rules named in it, the aggregates profiles
/// are computed from, and the ladder.
pub(crate) struct Placed<'a> {
    /// The rules, as the report names them.
    pub rules: RulesUsed,
    /// Per author, skill and month.
    pub aggregates: &'a Aggregates,
    /// The ladder to place authors on.
    pub ladder: &'a Ladder,
}

/// The report of `repos`, from the totals and the authors' counts (skills, rungs,
/// metrics and plans left empty), with profiles, placements, plans and the team
/// view worked out from `placed`. A scan and a merge of reports both end here, so
/// they write the same report for the same commits.
pub(crate) fn assemble(
    mut repos: Vec<Repo>,
    totals: Totals,
    mut authors: Vec<Author>,
    placed: Option<Placed<'_>>,
) -> Report {
    // By path: a scan of a list and the merge of its shards list them alike.
    repos.sort_by(|a, b| a.path.cmp(&b.path));
    let mut observed = None;
    if let Some(p) = &placed {
        let evidence: Vec<Option<AuthorEvidence>> = authors
            .iter()
            .map(|a| author_evidence(&a.email, p.aggregates, p.ladder))
            .collect();
        // What the whole history shows decides what each placement may ask for.
        let seen = rungs_ladder::Observability::observe(
            evidence
                .iter()
                .flatten()
                .map(AuthorEvidence::standing)
                .filter(|s| s.is_active(p.ladder)),
            p.ladder,
        );
        for (author, evidence) in authors.iter_mut().zip(evidence) {
            let Some(evidence) = evidence else { continue };
            author.rungs = placements(&evidence.standing(), p.ladder, &seen);
            author.skills = evidence.skills;
            author.metrics = Some(evidence.metrics);
        }
        add_plans(&mut authors);
        observed = Some(observability(&seen));
    }
    let team = placed.as_ref().map(|_| team(&authors));
    sort_authors(&mut authors);
    Report {
        schema_version: rungs_report::SCHEMA_VERSION.to_owned(),
        tool: Tool {
            name: "rungs".to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
        },
        repos,
        totals,
        suggested_aliases: suggested_aliases(&authors),
        authors,
        team,
        teams: Vec::new(),
        observability: observed,
        ladder: placed.as_ref().map(|p| ladder_used(p.ladder)),
        notice: rungs_report::NOTICE.to_owned(),
        anonymized: false,
        pseudonym_key: None,
        focus: None,
        rules: placed.map(|p| p.rules),
    }
}

/// Authors in report order: by commits (descending), then email.
pub fn sort_authors(authors: &mut [Author]) {
    authors.sort_by(|a, b| {
        b.commits
            .cmp(&a.commits)
            .then_with(|| a.email.cmp(&b.email))
    });
}

/// The ladder as a report names it.
pub fn ladder_used(ladder: &Ladder) -> LadderUsed {
    let tracks = &ladder.tracks;
    LadderUsed {
        file: ladder.file.clone(),
        tracks: tracks
            .iter()
            .map(|t| (t.id.clone(), t.rungs.iter().map(|r| r.id.clone()).collect()))
            .collect(),
        names: tracks
            .iter()
            .flat_map(|t| {
                std::iter::once((t.id.clone(), t.name.clone()))
                    .chain(t.rungs.iter().map(|r| (r.id.clone(), r.name.clone())))
            })
            .collect(),
        requires: tracks
            .iter()
            .flat_map(|t| &t.rungs)
            .map(|r| (r.id.clone(), r.requires.clone()))
            .collect(),
        skills: tracks
            .iter()
            .map(|t| (t.id.clone(), t.skills.clone()))
            .collect(),
        observability: rungs_report::ObservabilityRules {
            min_share_of_authors: ladder.observability.min_share,
            min_authors: ladder.observability.min_authors,
            min_active_authors: ladder.observability.min_active_authors,
            min_step_share: ladder.observability.min_step_share,
            strict: ladder.observability.strict,
        },
        confidence: rungs_report::ConfidenceRules {
            high: confidence_level(&ladder.confidence.high),
            medium: confidence_level(&ladder.confidence.medium),
            waived: ladder.confidence.waived.as_str().to_owned(),
        },
    }
}

fn confidence_level(level: &rungs_ladder::ConfidenceLevel) -> rungs_report::ConfidenceLevel {
    rungs_report::ConfidenceLevel {
        commits: level.commits,
        active_weeks: level.active_weeks,
        evidence_commits: level.evidence_commits,
    }
}

/// The report entry of a scanned repository.
pub fn repo_entry(info: &RepoInfo, origin: Option<&str>) -> Repo {
    Repo {
        path: info.path.display().to_string(),
        head: info.head.map(|h| h.to_string()),
        commits_scanned: info.commits_scanned,
        shallow: info.shallow,
        commit_url: origin.and_then(crate::hosting::commit_url),
    }
}
