//! Turning scan results into the report and record documents of `rungs-report`.

use std::collections::{BTreeMap, BTreeSet};

use rungs_ladder::{Aggregates, Evidence, Ladder, Place};
use rungs_report::{
    Author, AuthorMetrics, CommitLine, EvidenceRef, FileLine, Gap, LadderUsed, Mentor,
    MonthEvidence, Observability, PlanExample, PlanItem, Repo, Report, RulesUsed, SignalCount,
    SignalLine, SkillEvidence, SkillObservability, SuggestedAlias, Team, Tool, Totals,
    TrackPlacement, Waiver,
};
use rungs_rules::RuleSet;
use rungs_scan::{
    BulkPolicy, CommitRecord, RepoInfo, ScanSummary,
    bstr::{BStr, ByteSlice},
    rfc3339, rfc3339_utc,
};

fn text(bytes: &BStr) -> String {
    bytes.to_str_lossy().into_owned()
}

/// Evidence folded from the records of a scan, in walk order on one thread.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct EvidenceCounts {
    /// Per author, skill and month; what profiles are computed from.
    pub aggregates: Aggregates,
    /// Commits with at least one hit.
    pub evidence_commits: u64,
    /// Commits over the bulk thresholds.
    pub bulk_commits: u64,
    /// Names of co-authors, by key, for people who appear only as co-authors.
    pub coauthor_names: BTreeMap<String, String>,
}

impl EvidenceCounts {
    /// Add the evidence of another scan (another repository, or commits of the
    /// same one not folded here): the result is that of one scan over both.
    pub(crate) fn merge(&mut self, other: EvidenceCounts) {
        self.aggregates.merge(&other.aggregates);
        self.evidence_commits += other.evidence_commits;
        self.bulk_commits += other.bulk_commits;
        for (key, name) in other.coauthor_names {
            self.add_coauthor_name(key, name);
        }
    }

    /// Remember the smallest of the names given for a co-author: the same whatever
    /// order commits, repositories or merged reports come in.
    fn add_coauthor_name(&mut self, key: String, name: String) {
        match self.coauthor_names.entry(key) {
            std::collections::btree_map::Entry::Vacant(slot) => {
                slot.insert(name);
            }
            std::collections::btree_map::Entry::Occupied(mut slot) => {
                if name < *slot.get() {
                    slot.insert(name);
                }
            }
        }
    }

    /// Fold in one record whose hits index `rules`; `is_bulk` is `bulk.is_bulk(record)`,
    /// worked out once per record by the caller. Merges and duplicate patches are
    /// left out; commits in the ignore-revs file count as activity without evidence.
    pub(crate) fn add(
        &mut self,
        repo: &str,
        record: &CommitRecord,
        rules: &RuleSet,
        bulk: &BulkPolicy,
        is_bulk: bool,
    ) {
        if record.duplicate_of.is_some() {
            return;
        }
        let author = text(record.author.key().as_bstr());
        if record.is_merge() {
            self.aggregates.add_merge(&author, record.time.seconds);
            return;
        }
        self.bulk_commits += u64::from(is_bulk);
        // The first place of each rule (hits are sorted by rule, path and line), and
        // the deepest depth its hits show.
        let mut first_places: BTreeMap<usize, (Option<String>, Option<u32>, u8)> = BTreeMap::new();
        if !record.ignored {
            for hit in &record.hits {
                let place = first_places
                    .entry(hit.rule as usize)
                    .or_insert_with(|| (hit.path.as_ref().map(|p| text(p.as_bstr())), hit.line, 0));
                place.2 = place.2.max(hit.depth);
            }
        }
        let commit = record.id.to_string();
        let evidence: Vec<Evidence<'_>> = first_places
            .iter()
            .filter_map(|(&i, place)| rules.rules().get(i).map(|rule| (rule, place)))
            .map(|(rule, (path, line, depth))| Evidence {
                skill: &rule.skill,
                signal: &rule.signal,
                depth: *depth,
                weight: bulk.scale(rule.weight, is_bulk),
                place: Place {
                    repo,
                    rule: &rule.id,
                    commit: &commit,
                    path: path.as_deref(),
                    line: *line,
                },
            })
            .collect();
        self.evidence_commits += u64::from(!evidence.is_empty());
        let lines = record.line_counts();
        let collaborative = record.trailers.iter().any(|t| {
            COLLABORATION_TRAILERS
                .iter()
                .any(|k| t.key.eq_ignore_ascii_case(k.as_bytes()))
        });
        // A commit with nothing diffed (ignore-revs, or only skipped files) has no
        // size to speak of: it stays out of the batch sizes.
        let diffed = !record.ignored && record.files.iter().any(|f| f.lines.is_ok());
        self.aggregates.add_commit_with(
            &author,
            record.time.seconds,
            diffed.then_some(lines.added + lines.removed),
            is_bulk,
            collaborative,
            &evidence,
        );
        if !record.ignored {
            self.aggregates.add_files(
                &author,
                record
                    .files
                    .iter()
                    .filter(|f| f.lines.is_ok())
                    .map(|f| f.path.to_str_lossy()),
            );
        }
        // Co-authors share the evidence at half the weight; the commit, its lines
        // and its files stay with the author.
        let shared: Vec<Evidence<'_>> = evidence
            .iter()
            .map(|e| Evidence {
                weight: e.weight * COAUTHOR_WEIGHT,
                ..*e
            })
            .collect();
        for coauthor in &record.coauthors {
            let key = text(coauthor.key().as_bstr());
            self.add_coauthor_name(key.clone(), text(coauthor.name.as_bstr()));
            self.aggregates
                .add_coauthored(&key, record.time.seconds, is_bulk, &shared);
        }
    }
}

/// Trailers that record people working together on a commit (`Signed-off-by` is a
/// certificate of origin, not collaboration).
const COLLABORATION_TRAILERS: [&str; 5] = [
    "co-authored-by",
    "reviewed-by",
    "acked-by",
    "helped-by",
    "pair-programmed-with",
];

/// The weight a co-author's share of a commit's evidence carries.
pub(crate) const COAUTHOR_WEIGHT: f64 = 0.5;

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

/// What one author's aggregates say under a ladder: the profiles and metric
/// signals placements are made from, and the report entries of both.
struct AuthorEvidence {
    profiles: BTreeMap<String, rungs_ladder::SkillProfile>,
    signals: rungs_ladder::MetricSignals,
    commits: u64,
    active_weeks: u64,
    skills: BTreeMap<String, SkillEvidence>,
    metrics: AuthorMetrics,
}

impl AuthorEvidence {
    fn standing(&self) -> rungs_ladder::Standing<'_> {
        rungs_ladder::Standing {
            profiles: &self.profiles,
            metrics: &self.signals,
            commits: self.commits,
            active_weeks: self.active_weeks,
        }
    }
}

fn author_evidence(key: &str, aggregates: &Aggregates, ladder: &Ladder) -> Option<AuthorEvidence> {
    let aggregate = aggregates.authors.get(key)?;
    let newest = aggregates.newest.unwrap_or(0);
    let profiles = rungs_ladder::profile(aggregate, newest, ladder);
    let oldest = aggregates.oldest.unwrap_or(newest);
    let metrics = rungs_ladder::metrics(aggregate, oldest, newest, ladder);
    let skills = profiles
        .iter()
        .map(|(skill, p)| {
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
            (
                skill.clone(),
                SkillEvidence {
                    evidence_commits: p.evidence_commits,
                    bulk_commits,
                    score: p.score,
                    depth: p.depth,
                    confidence: p.confidence.as_str().to_owned(),
                    commits_at_or_above: p.at_or_above.to_vec(),
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
                                    deepest: m.deepest.to_vec(),
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
                },
            )
        })
        .collect();
    let report_metrics = AuthorMetrics {
        median_changed_lines: metrics.median_changed_lines,
        active_week_share: metrics.active_week_share,
        small_batches: metrics.small_batches,
        steady_cadence: metrics.steady_cadence,
        integration: metrics.integration,
        collaborative_share: metrics.collaborative_share,
        collaboration: metrics.collaboration,
        collaborative_commits: aggregate.collaborative_commits,
        depth: metrics.depth,
        changed_lines: aggregate
            .batch_sizes
            .iter()
            .map(|(lines, n)| (lines.to_string(), *n))
            .collect(),
        active_weeks: aggregate.active_weeks.iter().copied().collect(),
        areas: aggregate.areas.clone(),
    };
    Some(AuthorEvidence {
        profiles,
        signals: metrics,
        commits: aggregate.commits,
        active_weeks: aggregate.active_weeks.len() as u64,
        skills,
        metrics: report_metrics,
    })
}

/// The report's placements of one author on every track, in a history that
/// shows what `seen` says.
fn placements(
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
                    gaps: placed
                        .gaps
                        .into_iter()
                        .map(|g| Gap {
                            skill: g.skill,
                            required: g.required,
                            credited: g.credited,
                            seen: g.seen,
                            missing: g.missing,
                            tasks_depth: g.tasks_depth,
                            tasks: g.tasks,
                        })
                        .collect(),
                    waived: placed
                        .waived
                        .into_iter()
                        .map(|w| Waiver {
                            skill: w.skill,
                            rung: w.rung,
                            required: w.required,
                            held: w.held,
                            reason: w.reason,
                        })
                        .collect(),
                },
            )
        })
        .collect()
}

/// What the report says of what the history shows.
fn observability(seen: &rungs_ladder::Observability) -> Observability {
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

/// What a classifying scan adds to the counts: the rules, the bulk policy, the
/// evidence folded from the records and the ladder to place authors on.
#[derive(Clone, Copy)]
pub(crate) struct Classified<'a> {
    /// The rules the commits were classified with.
    pub rules: &'a RuleSet,
    /// The evidence.
    pub counts: &'a EvidenceCounts,
    /// The bulk thresholds.
    pub bulk: &'a BulkPolicy,
    /// The ladder.
    pub ladder: &'a Ladder,
}

/// The summary report of a scan of `repos` whose statistics were merged into
/// `summary`, with the evidence found by the rules and the placements on the
/// ladder when the scan classified.
pub(crate) fn build(
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
            first_commit: stats.first.map(rfc3339),
            last_commit: stats.last.map(rfc3339),
            ..empty_author()
        })
        .collect();
    // People who appear only as co-authors: their evidence, no commits of their own.
    if let Some(c) = classified {
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
        evidence_commits: classified.map_or(0, |c| c.counts.evidence_commits),
        bulk_commits: classified.map_or(0, |c| c.counts.bulk_commits),
    };
    let placed = classified.map(|c| Placed {
        rules: rules_used(c.rules, c.bulk),
        aggregates: &c.counts.aggregates,
        ladder: c.ladder,
    });
    assemble(repos, totals, authors, placed)
}

/// The name used most often; ties go to the smallest. A scan and a merge both
/// choose with this, from the same counts.
pub(crate) fn display_name(names: &BTreeMap<String, u64>) -> &str {
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
pub(crate) fn rules_used(rules: &RuleSet, bulk: &BulkPolicy) -> RulesUsed {
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
        observability: observed,
        ladder: placed.as_ref().map(|p| ladder_used(p.ladder)),
        notice: rungs_report::NOTICE.to_owned(),
        anonymized: false,
        rules: placed.map(|p| p.rules),
    }
}

/// Authors in report order: by commits (descending), then email.
pub(crate) fn sort_authors(authors: &mut [Author]) {
    authors.sort_by(|a, b| {
        b.commits
            .cmp(&a.commits)
            .then_with(|| a.email.cmp(&b.email))
    });
}

/// The ladder as a report names it.
pub(crate) fn ladder_used(ladder: &Ladder) -> LadderUsed {
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
pub(crate) fn repo_entry(info: &RepoInfo, origin: Option<&str>) -> Repo {
    Repo {
        path: info.path.display().to_string(),
        head: info.head.map(|h| h.to_string()),
        commits_scanned: info.commits_scanned,
        shallow: info.shallow,
        commit_url: origin.and_then(crate::hosting::commit_url),
    }
}

/// The depth credited to `author` for `skill`, from the rules or the metric signals.
fn depth_of(author: &Author, skill: &str) -> u8 {
    let from_rules = author.skills.get(skill).map_or(0, |s| s.depth);
    let from_metrics = author
        .metrics
        .as_ref()
        .filter(|_| skill == rungs_ladder::METRIC_SKILL)
        .map_or(0, |m| m.depth);
    from_rules.max(from_metrics)
}

/// How many teammates a plan step names, and how many of their files.
const MENTORS: usize = 3;

/// How many example commits a plan step names.
const EXAMPLES: usize = 3;

/// How many mentors and example commits a starter plan's step names: most authors
/// of a large history are too new to place, and one of each keeps their plans
/// from outweighing the rest of the report.
const STARTER_NAMES: usize = 1;

/// Per skill, every author's strongest evidence with a file, in the order plan
/// steps offer it: shallowest first (closest to the depth a step needs), then
/// newest, then by commit and email.
fn evidence_by_skill(authors: &[Author]) -> BTreeMap<&str, Vec<(&Author, &EvidenceRef)>> {
    let mut by_skill: BTreeMap<&str, Vec<(&Author, &EvidenceRef)>> = BTreeMap::new();
    for author in authors {
        for (skill, evidence) in &author.skills {
            by_skill.entry(skill).or_default().extend(
                evidence
                    .top_evidence
                    .iter()
                    .filter(|r| r.path.is_some())
                    .map(|r| (author, r)),
            );
        }
    }
    for refs in by_skill.values_mut() {
        refs.sort_by(|(a, x), (b, y)| {
            x.depth
                .cmp(&y.depth)
                .then_with(|| y.time.cmp(&x.time))
                .then_with(|| x.commit.cmp(&y.commit))
                .then_with(|| a.email.cmp(&b.email))
        });
    }
    by_skill
}

/// Per skill, the people who could mentor it, in the order plans name them:
/// deepest first, then the most evidence, then by email. Mentors are placed on
/// some track: enough activity to learn from.
fn mentors_by_skill(authors: &[Author]) -> BTreeMap<String, Vec<(&Author, u8)>> {
    let placed: Vec<&Author> = authors
        .iter()
        .filter(|a| {
            a.rungs
                .values()
                .any(|p| p.rung != rungs_ladder::INSUFFICIENT_EVIDENCE)
        })
        .collect();
    // The metric signals credit agile-iteration without rule evidence.
    let mut skills: BTreeSet<&str> = placed
        .iter()
        .flat_map(|a| a.skills.keys().map(String::as_str))
        .collect();
    skills.insert(rungs_ladder::METRIC_SKILL);
    skills
        .into_iter()
        .map(|skill| {
            let mut mentors: Vec<(&Author, u8)> = placed
                .iter()
                .map(|a| (*a, depth_of(a, skill)))
                .filter(|(_, depth)| *depth > 0)
                .collect();
            let evidence = |x: &Author| x.skills.get(skill).map_or(0, |s| s.evidence_commits);
            mentors.sort_by(|(a, da), (b, db)| {
                db.cmp(da)
                    .then_with(|| evidence(b).cmp(&evidence(a)))
                    .then_with(|| a.email.cmp(&b.email))
            });
            (skill.to_owned(), mentors)
        })
        .collect()
}

/// Up to `limit` commits where people other than `author` showed `skill` at
/// `depth` or deeper, one per person.
fn examples(
    by_skill: &BTreeMap<&str, Vec<(&Author, &EvidenceRef)>>,
    author: &Author,
    areas: &[String],
    skill: &str,
    depth: u8,
    limit: usize,
) -> Vec<PlanExample> {
    let candidates = || {
        by_skill
            .get(skill)
            .into_iter()
            .flatten()
            .filter(|(other, evidence)| evidence.depth >= depth && other.email != author.email)
    };
    let in_areas = |evidence: &EvidenceRef| {
        evidence
            .path
            .as_deref()
            .is_some_and(|p| areas.iter().any(|a| a == rungs_ladder::area_of(p)))
    };
    // In the parts of the codebase the person works in first, then anywhere.
    let mut people: Vec<&str> = Vec::new();
    let mut found = Vec::new();
    for (other, evidence) in candidates()
        .filter(|(_, e)| in_areas(e))
        .chain(candidates().filter(|(_, e)| !in_areas(e)))
    {
        if found.len() == limit {
            break;
        }
        if people.contains(&other.email.as_str()) {
            continue;
        }
        people.push(&other.email);
        found.push(PlanExample {
            name: other.name.clone(),
            email: other.email.clone(),
            evidence: (*evidence).clone(),
        });
    }
    found
}

/// How many areas of the codebase a plan names as the person's own.
const AREAS: usize = 3;

/// The areas of the codebase `author` changes most (most changed files first, then
/// by name), at most [`AREAS`].
fn own_areas(author: &Author) -> Vec<String> {
    let Some(metrics) = &author.metrics else {
        return Vec::new();
    };
    let mut areas: Vec<(&String, u64)> = metrics.areas.iter().map(|(a, n)| (a, *n)).collect();
    areas.sort_by(|(a, x), (b, y)| y.cmp(x).then_with(|| a.cmp(b)));
    areas
        .into_iter()
        .take(AREAS)
        .map(|(a, _)| a.clone())
        .collect()
}

/// Whether `mentor` changed files in any of `areas`.
fn works_in(mentor: &Author, areas: &[String]) -> bool {
    mentor
        .metrics
        .as_ref()
        .is_some_and(|m| areas.iter().any(|a| m.areas.contains_key(a)))
}

/// Fill every author's plan from their gaps, with teammates who show the skill
/// and the commits where they showed it. Authors too new to place get a starter
/// plan toward the first rung of each track.
fn add_plans(authors: &mut [Author]) {
    let by_skill = evidence_by_skill(authors);
    let mentors_by_skill = mentors_by_skill(authors);
    let mut plans = Vec::with_capacity(authors.len());
    for author in authors.iter() {
        let mut plan = Vec::new();
        let areas = own_areas(author);
        for (track, placed) in &author.rungs {
            let Some(toward) = &placed.next else { continue };
            let starter = placed.rung == rungs_ladder::INSUFFICIENT_EVIDENCE;
            let (mentor_count, example_count) = if starter {
                (STARTER_NAMES, STARTER_NAMES)
            } else {
                (MENTORS, EXAMPLES)
            };
            for gap in &placed.gaps {
                let able = || {
                    mentors_by_skill
                        .get(gap.skill.as_str())
                        .into_iter()
                        .flatten()
                        .take_while(|(_, depth)| *depth >= gap.required)
                        .filter(|(other, _)| other.email != author.email)
                        .copied()
                };
                // Who touched the person's areas first, then anyone able.
                let mentors = able()
                    .filter(|(other, _)| works_in(other, &areas))
                    .chain(able().filter(|(other, _)| !works_in(other, &areas)));
                plan.push(PlanItem {
                    areas: areas.clone(),
                    examples: examples(
                        &by_skill,
                        author,
                        &areas,
                        &gap.skill,
                        gap.tasks_depth,
                        example_count,
                    ),
                    starter,
                    track: track.clone(),
                    toward: toward.clone(),
                    skill: gap.skill.clone(),
                    from_depth: gap.credited,
                    to_depth: gap.required,
                    tasks_depth: gap.tasks_depth,
                    tasks: gap.tasks.clone(),
                    mentors: mentors
                        .into_iter()
                        .take(mentor_count)
                        .map(|(other, depth)| {
                            let mut paths: Vec<String> = Vec::new();
                            for r in other
                                .skills
                                .get(&gap.skill)
                                .map_or(&[][..], |s| &s.top_evidence)
                            {
                                if let Some(path) = &r.path
                                    && !paths.contains(path)
                                    && paths.len() < MENTORS
                                {
                                    paths.push(path.clone());
                                }
                            }
                            Mentor {
                                name: other.name.clone(),
                                email: other.email.clone(),
                                depth,
                                paths,
                            }
                        })
                        .collect(),
                });
            }
        }
        plans.push(plan);
    }
    for (author, plan) in authors.iter_mut().zip(plans) {
        author.plan = plan;
        // A starter plan's steps hold the tasks; its gaps need not repeat them.
        for placed in author.rungs.values_mut() {
            if placed.rung == rungs_ladder::INSUFFICIENT_EVIDENCE {
                for gap in &mut placed.gaps {
                    gap.tasks.clear();
                }
            }
        }
    }
}

/// Authors by skills, and who holds each skill at depth 3 or more.
fn team(authors: &[Author]) -> Team {
    let mut matrix = BTreeMap::new();
    let mut concentration: BTreeMap<String, Vec<String>> = rungs_rules::skills()
        .into_iter()
        .map(|skill| (skill, Vec::new()))
        .collect();
    for author in authors {
        let mut row = BTreeMap::new();
        for (skill, holders) in concentration.iter_mut() {
            let depth = depth_of(author, skill);
            if depth > 0 {
                row.insert(skill.clone(), depth);
            }
            if depth >= 3 {
                holders.push(author.email.clone());
            }
        }
        matrix.insert(author.email.clone(), row);
    }
    // By email, whatever order the authors came in (a scan and a merge list them differently).
    for holders in concentration.values_mut() {
        holders.sort();
    }
    Team {
        matrix,
        concentration,
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
    is_bulk: bool,
) -> Vec<SignalLine> {
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
                depth: hit.depth,
                rule: rule.id.clone(),
                target: rule.target.name().to_owned(),
                path: hit.path.as_ref().map(|p| text(p.as_bstr())),
                line: hit.line,
                text: hit.text.clone(),
                weight: bulk.scale(rule.weight, is_bulk),
                bulk: is_bulk,
            })
        })
        .collect()
}
