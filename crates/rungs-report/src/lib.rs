//! The documents rungs writes, as serde types.
//!
//! # Wire format
//!
//! `rungs scan --format json` writes one [`Report`]:
//!
//! ```json
//! {
//!   "schema_version": "1.0.0",
//!   "tool": { "name": "rungs", "version": "0.1.0" },
//!   "repos": [ { "path": ".", "head": "<40 hex>", "commits_scanned": 12, "shallow": false,
//!                "commit_url": "https://github.com/o/r/commit/{commit}" } ],
//!   "totals": { "commits": 12, "bot_commits_excluded": 0, "excluded_author_commits": 0,
//!               "ignored_commits": 0, "duplicate_patches": 0,
//!               "skipped_files": { "binary": 1 }, "evidence_commits": 7, "bulk_commits": 0 },
//!   "authors": [ { "name": "…", "names": { "…": 12 }, "email": "…", "emails": ["…"], "commits": 11, "merges": 1,
//!                  "ignored_commits": 0, "files_changed": 30, "lines_added": 900, "lines_removed": 40,
//!                  "first_commit": "2024-01-02T09:00:00Z", "last_commit": "…",
//!                  "skills": { "acid": { "evidence_commits": 2, "bulk_commits": 0, "score": 1.93,
//!                                        "depth": 1, "confidence": "low",
//!                                        "commits_at_or_above": { "use": 2, "resolve": 1, "implement": 1, "design": 0 },
//!                                        "active_months": 2, "first_evidence": "…", "last_evidence": "…",
//!                                        "signals": [ { "signal": "transaction", "depth": 1, "commits": 2 } ],
//!                                        "months": { "2024-03": { "commits": 1, "bulk_commits": 0, "score_milli": 1000,
//!                                                                 "deepest": { "use": 1, "resolve": 0, "implement": 0, "design": 0 },
//!                                                                 "signals": [ … ] } } } },
//!                  "rungs": { "ic": { "rung": "below_first_rung", "next": "junior",
//!                                     "gaps": [ { "skill": "error-codes", "required": 1, "credited": 0,
//!                                                 "seen": "no evidence in 11 commits", "missing": "…",
//!                                                 "tasks": ["…", "…", "…"] } ] } },
//!                  "metrics": { "median_changed_lines": 42, "active_week_share": 0.5, "…": "…" },
//!                  "plan": [ { "track": "ic", "toward": "junior", "skill": "error-codes", "from_depth": 0,
//!                              "to_depth": 1, "tasks": ["…"], "mentors": [ { "name": "…", "email": "…",
//!                              "depth": 3, "paths": ["src/db.rs"] } ] } ] } ],
//!   "suggested_aliases": [ { "name": "…", "emails": ["…", "…"] } ],
//!   "rules": { "count": 58, "files": ["rules/acid.toml", "…"], "bulk_max_files": 100,
//!              "bulk_max_lines": 5000, "bulk_factor": 0.1 },
//!   "ladder": { "file": "rules/ladder.toml", "tracks": { "ic": ["junior", "…"], "manager": ["…"] } },
//!   "team": { "matrix": { "a@x": { "acid": 3 } },
//!             "concentration": { "acid": [ { "name": "…", "email": "a@x", "depth": 3, "evidence_commits": 9 } ], "…": [] } },
//!   "notice": "These are signals from version control, not a performance review: …",
//!   "anonymized": false
//! }
//! ```
//!
//! Authors are sorted by `commits` (descending), then `email`. Nothing in a report
//! depends on the clock, the machine or the thread count.
//!
//! `rungs scan --records FILE` writes one [`CommitLine`] per line (NDJSON), in
//! the order `git log` lists the commits (newest first, per repository), and
//! `rungs scan --signals FILE` one [`SignalLine`] per piece of evidence, in the
//! same commit order.
//! Later versions add fields; they do not rename these.
//!
//! # JSON Schemas
//!
//! The three documents have JSON Schemas (draft 2020-12), generated from these
//! types (doc comments become descriptions) and committed at the workspace root:
//! `schema/report.schema.json` ([`Report`]), `schema/record.schema.json`
//! ([`CommitLine`]) and `schema/signal.schema.json` ([`SignalLine`]);
//! [`report_schema`], [`record_schema`] and [`signal_schema`] return them.
//! Versions follow semver: a minor version only adds fields (each with a default,
//! so a reader of 1.y reads every report of 1.0 to 1.y), a major version may
//! change or remove them; a report names its version in `schema_version`, and
//! each schema is that of [`SCHEMA_VERSION`]. [`readable`] says which versions
//! this crate reads.
//! After changing a type, regenerate the files at the workspace root with
//! `cargo run -p rungs-report --example schema`; a test fails while the committed
//! files differ from what the types give.
#![deny(missing_docs)]

use std::collections::BTreeMap;

use schemars::JsonSchema;

pub mod diff;
use serde::{Deserialize, Serialize};

mod schema;
pub use schema::{
    REGENERATE, SCHEMA_DIR, record_schema, report_schema, schema_files, signal_schema,
};

/// The version of the report format; minor versions only add fields.
pub const SCHEMA_VERSION: &str = "1.0.0";

/// Whether a report of schema `version` can be read by this crate: any 1.x up
/// to [`SCHEMA_VERSION`] (fields added since read as their defaults). Otherwise
/// why not, in words for the reader.
pub fn readable(version: &str) -> Result<(), String> {
    let parts = |v: &str| -> Option<(u64, u64)> {
        let mut it = v.split('.');
        Some((it.next()?.parse().ok()?, it.next()?.parse().ok()?))
    };
    let (major, minor) = parts(SCHEMA_VERSION).unwrap_or((1, 0));
    match parts(version) {
        None => Err(format!(
            "report schema version {version:?} is not a version"
        )),
        Some((0, _)) => Err(format!(
            "report schema version {version}, from before schema 1.0 (whose depth counts are \
             named, weeks are ISO weeks, times are UTC and concentration names people): this \
             rungs reads {major}.0 to {SCHEMA_VERSION}; scan again with it"
        )),
        Some((m, _)) if m != major => Err(format!(
            "report schema version {version}, but this rungs reads {major}.0 to {SCHEMA_VERSION} \
             (scan again with this version)"
        )),
        Some((_, m)) if m > minor => Err(format!(
            "report schema version {version}, written by a newer rungs: this one reads \
             {major}.0 to {SCHEMA_VERSION} (update rungs)"
        )),
        Some(_) => Ok(()),
    }
}

/// The summary report of a scan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// [`SCHEMA_VERSION`] of the writer.
    #[schemars(extend("const" = SCHEMA_VERSION))]
    pub schema_version: String,
    /// The program that wrote the report.
    pub tool: Tool,
    /// The repositories scanned, sorted by path.
    pub repos: Vec<Repo>,
    /// Counts over the whole scan.
    pub totals: Totals,
    /// One entry per author identity.
    pub authors: Vec<Author>,
    /// Authors that share a name under different emails: possibly one person.
    /// Never merged automatically.
    pub suggested_aliases: Vec<SuggestedAlias>,
    /// The rules that classified the commits; `null` when the scan only counted
    /// (`--counts-only`), in which case authors have no `skills`.
    pub rules: Option<RulesUsed>,
    /// The ladder authors were placed on; `null` with `--counts-only`.
    pub ladder: Option<LadderUsed>,
    /// The team view; `null` with `--counts-only`.
    pub team: Option<Team>,
    /// What this history can show of each skill, and the rungs it cannot tell
    /// apart; `null` with `--counts-only`.
    pub observability: Option<Observability>,
    /// What these figures are and are not.
    pub notice: String,
    /// Names and emails are pseudonyms (`--anonymize`).
    pub anonymized: bool,
    /// With `anonymized`, a fingerprint of the secret the pseudonyms were made
    /// with (never the secret): reports whose people can be matched have the same
    /// one, so `merge` and `diff` refuse reports anonymized with different secrets.
    #[serde(default)]
    pub pseudonym_key: Option<String>,
    /// When the report lists only some of its history's authors (`--top`,
    /// `--min-commits`, `--active-since`): how many there are and what chose those
    /// listed. Totals still count everyone; such a report cannot be merged,
    /// compared or placed again.
    #[serde(default)]
    pub focus: Option<Focus>,
    /// With `--team FILE`: the teams of the roster, each with its own matrix and
    /// concentration. The report then lists only their members (`focus` says so).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub teams: Vec<RosterTeam>,
}

/// One team of a roster (`--team FILE`) and its view of the skills.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RosterTeam {
    /// The team's name, as the roster gives it.
    pub name: String,
    /// The emails of its members found in the history, in report order (a
    /// roster entry can find several identities of one person).
    pub members: Vec<String>,
    /// Roster entries that found nobody in the history, as written (in an
    /// anonymized report each is `withheld`: they are real names).
    pub not_found: Vec<String>,
    /// The team's matrix and concentration, over its members; `null` with
    /// `--counts-only`.
    pub view: Option<Team>,
}

/// The authors a focused report lists, out of all of its history's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Focus {
    /// Authors in the history (and in an unfocused report).
    pub authors_in_history: u64,
    /// What chose the authors listed, each in words: `10 commits or more`,
    /// `a commit since 2025-01-01`, `the 20 most active`.
    pub chosen_by: Vec<String>,
}

/// The [`Report::notice`] every report carries.
pub const NOTICE: &str = "These are signals from version control, not a performance review: \
    they show what the history shows, with the commits behind every figure.";

/// The rule set a scan classified with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RulesUsed {
    /// Number of rules.
    pub count: u64,
    /// The rule files, as named in the pack (`rules/acid.toml`) or on disk.
    pub files: Vec<String>,
    /// Commits with more changed files than this were bulk.
    pub bulk_max_files: u64,
    /// Commits with more changed lines than this were bulk.
    pub bulk_max_lines: u64,
    /// The factor applied to the weight of evidence from bulk commits.
    pub bulk_factor: f64,
}

/// The program that wrote a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tool {
    /// Always `rungs`.
    #[schemars(extend("const" = "rungs"))]
    pub name: String,
    /// Its version.
    pub version: String,
}

/// One scanned repository.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Repo {
    /// The path as given on the command line.
    pub path: String,
    /// The commit `HEAD` pointed to; `null` for a repository without commits.
    pub head: Option<String>,
    /// Commits counted: merges included; bots and (with `--all`) duplicate patches excluded.
    pub commits_scanned: u64,
    /// A shallow clone: history beyond its graft points is missing.
    pub shallow: bool,
    /// Where a commit of this repository can be seen on its hosting service, with
    /// `{commit}` for the full id (`https://github.com/o/r/commit/{commit}`): set when
    /// the `origin` remote is a GitHub or GitLab URL, `null` otherwise.
    pub commit_url: Option<String>,
}

/// Counts over the whole scan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Totals {
    /// Commits scanned (merges included).
    pub commits: u64,
    /// Commits by bots, left out of everything else.
    pub bot_commits_excluded: u64,
    /// Commits of people excluded by `--exclude-author` or an opt-out list, left
    /// out of everything else.
    pub excluded_author_commits: u64,
    /// Commits listed in the ignore-revs file: counted, but without lines.
    pub ignored_commits: u64,
    /// Commits left out as copies of an already counted commit on another branch
    /// (same patch as `git patch-id` sees it, same author and author date); only with `--all`.
    pub duplicate_patches: u64,
    /// Changed files that were not diffed, by reason (`binary`, `too-large`, ...;
    /// `missing`: blobs the repository lacks, counted with `--allow-missing`).
    #[schemars(extend("propertyNames" = { "enum": ["binary", "too-large", "submodule", "excluded", "generated", "vendored", "ignore-revs", "missing"] }))]
    pub skipped_files: BTreeMap<String, u64>,
    /// Commits with at least one hit of a rule (0 when the scan only counted).
    pub evidence_commits: u64,
    /// Commits over the bulk thresholds (many files or lines at once), whose evidence
    /// weighs less (see [`RulesUsed`]).
    pub bulk_commits: u64,
}

/// One author: all commits whose mailmap-resolved email is the same, ignoring case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Author {
    /// The name used most often with this email (ties: the smallest).
    pub name: String,
    /// Every name used with this email, with the number of commits (merges
    /// included) carrying it; what `name` is chosen from when reports merge.
    pub names: BTreeMap<String, u64>,
    /// The resolved email (lower-case).
    pub email: String,
    /// Every email seen in commits before mailmap resolution (lower-case).
    pub emails: Vec<String>,
    /// Non-merge commits (0 for people who appear only as co-authors).
    pub commits: u64,
    /// Merge commits.
    pub merges: u64,
    /// Commits listed in the ignore-revs file (included in `commits`).
    pub ignored_commits: u64,
    /// Changed files that were diffed, summed over commits.
    pub files_changed: u64,
    /// Lines added, as `git log --numstat` counts them.
    pub lines_added: u64,
    /// Lines removed.
    pub lines_removed: u64,
    /// Earliest author date, RFC 3339 in UTC (`2024-05-01T08:00:00Z`), as every
    /// time in rungs' documents.
    pub first_commit: Option<String>,
    /// Latest author date.
    pub last_commit: Option<String>,
    /// Evidence per skill, keyed by skill id; skills without evidence are left out.
    pub skills: BTreeMap<String, SkillEvidence>,
    /// Placement per track of the ladder, keyed by track id (empty with `--counts-only`).
    pub rungs: BTreeMap<String, TrackPlacement>,
    /// Metric signals of agile-iteration from commit metadata; `null` with `--counts-only`.
    pub metrics: Option<AuthorMetrics>,
    /// Development plan: one step per gap to the next rung of each track.
    pub plan: Vec<PlanItem>,
}

/// Batch size, cadence and integration of one author, and the raw data behind them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuthorMetrics {
    /// Median changed lines (added plus removed) per non-merge commit.
    pub median_changed_lines: Option<u64>,
    /// Share of the ladder's window (weeks up to the newest scanned commit) with a commit.
    pub active_week_share: f64,
    /// The median is within the ladder's small-batch threshold.
    pub small_batches: bool,
    /// The active-week share reaches the ladder's threshold.
    pub steady_cadence: bool,
    /// Merge commits reach the ladder's threshold.
    pub integration: bool,
    /// Share of non-merge commits that record co-authors or reviewers in trailers.
    pub collaborative_share: f64,
    /// That share reaches the ladder's threshold.
    pub collaboration: bool,
    /// Raw: non-merge commits that record co-authors or reviewers.
    pub collaborative_commits: u64,
    /// Raw: commits of others this author co-authored that carry evidence; with
    /// `commits`, what being placed needs (the ladder's `min_commits`).
    #[serde(default)]
    pub coauthored_commits: u64,
    /// The depth of agile-iteration these credit (0: none).
    #[schemars(range(max = 4))]
    pub depth: u8,
    /// Raw: changed lines per commit → commits (keys are numbers as strings).
    pub changed_lines: BTreeMap<String, u64>,
    /// Raw: ISO weeks with a commit (`2026-W07`; weeks run Monday to Sunday, UTC).
    pub active_weeks: Vec<String>,
    /// Raw: changed files (diffed) per area of the codebase, over non-merge commits:
    /// a file's directory, at most two levels deep (`src/cargo`; `.` for the root).
    pub areas: BTreeMap<String, u64>,
}

/// The evidence of one skill by one author, and the profile computed from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SkillEvidence {
    /// Commits with at least one hit of the skill's rules.
    pub evidence_commits: u64,
    /// Of those, bulk commits.
    pub bulk_commits: u64,
    /// Summed weights of the distinct rules hit per commit (bulk commits scaled
    /// down), each month's halved per half-life of age before the newest scanned
    /// commit; three decimals.
    pub score: f64,
    /// The deepest depth credited by the rules (enough distinct non-bulk commits at
    /// that depth or deeper, as the ladder sets); 0 when none is. For agile-iteration,
    /// placements and the team view also count the depth of the author's `metrics`.
    #[schemars(range(max = 4))]
    pub depth: u8,
    /// `low`, `medium` or `high`, from the amount and spread of the evidence.
    #[schemars(extend("enum" = ["low", "medium", "high"]))]
    pub confidence: String,
    /// Evidence commits whose deepest evidence is at each depth or deeper.
    pub commits_at_or_above: ByDepth,
    /// Months with evidence.
    pub active_months: u64,
    /// Author date of the earliest evidence commit (UTC).
    pub first_evidence: Option<String>,
    /// Author date of the latest evidence commit (UTC).
    pub last_evidence: Option<String>,
    /// Evidence commits per signal and depth, sorted by signal then depth.
    pub signals: Vec<SignalCount>,
    /// The raw aggregates per month (`YYYY-MM`, UTC) that everything above is
    /// computed from; two reports merge by adding them.
    pub months: BTreeMap<String, MonthEvidence>,
    /// The strongest evidence: deepest first, then newest (at most five).
    pub top_evidence: Vec<EvidenceRef>,
}

/// A reference to one piece of evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EvidenceRef {
    /// Full commit id.
    pub commit: String,
    /// The repository of the commit, as in [`Repo::path`].
    pub repo: String,
    /// Author date (UTC).
    pub time: String,
    /// The signal.
    pub signal: String,
    /// Its depth.
    #[schemars(range(min = 1, max = 4))]
    pub depth: u8,
    /// The rule that matched.
    pub rule: String,
    /// The file, for line and path rules.
    pub path: Option<String>,
    /// The line, for line rules.
    pub line: Option<u32>,
}

/// One step of a development plan: a gap to the next rung of a track.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanItem {
    /// The track.
    pub track: String,
    /// The rung the step leads towards.
    pub toward: String,
    /// The skill.
    pub skill: String,
    /// The depth credited now.
    #[schemars(range(max = 4))]
    pub from_depth: u8,
    /// The depth the rung needs.
    #[schemars(range(min = 1, max = 4))]
    pub to_depth: u8,
    /// The depth the tasks are for (`from_depth + 1`).
    #[schemars(range(min = 1, max = 4))]
    pub tasks_depth: u8,
    /// Tasks for `tasks_depth`, from the ladder.
    pub tasks: Vec<String>,
    /// Teammates in the same scan credited with the skill at the needed depth, those
    /// who changed files in the person's `areas` first, with the files where their
    /// evidence is: at most three, one in a starter plan.
    pub mentors: Vec<Mentor>,
    /// Where teammates showed the skill at `tasks_depth` or deeper in these
    /// repositories, in the person's `areas` first: commits and files to read before
    /// the tasks (which are the ladder's generic fallback when this is empty). At
    /// most three, from different people; one in a starter plan.
    pub examples: Vec<PlanExample>,
    /// A starter plan: the person has too little history to be placed yet, and the
    /// step leads toward the first rung.
    pub starter: bool,
    /// The parts of the codebase the person changes most (see
    /// [`AuthorMetrics::areas`]), where the tasks are best done: examples and
    /// mentors in them come first.
    pub areas: Vec<String>,
}

/// A commit where a teammate showed a skill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanExample {
    /// The teammate's name.
    pub name: String,
    /// The teammate's email.
    pub email: String,
    /// The evidence: commit, file, line, signal and depth.
    pub evidence: EvidenceRef,
}

/// A teammate who shows a skill at a depth.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mentor {
    /// Name.
    pub name: String,
    /// Email.
    pub email: String,
    /// Their depth credited.
    #[schemars(range(min = 1, max = 4))]
    pub depth: u8,
    /// Files of their strongest evidence.
    pub paths: Vec<String>,
    /// With a roster (`--team FILE`): they share a team with the person the plan
    /// is for (teammates are named first).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub teammate: bool,
}

/// The team at a glance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Team {
    /// Author email → skill → depth credited (skills without evidence left out).
    #[schemars(transform = schema::depth_values)]
    pub matrix: BTreeMap<String, BTreeMap<String, u8>>,
    /// Per skill: who reaches depth 3 or more, by email. One or none means the
    /// knowledge sits with too few people.
    pub concentration: BTreeMap<String, Vec<Holder>>,
}

/// Someone who holds a skill at depth 3 or more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Holder {
    /// Name.
    pub name: String,
    /// Email (the key of [`Team::matrix`]).
    pub email: String,
    /// Their depth credited.
    #[schemars(range(min = 3, max = 4))]
    pub depth: u8,
    /// Their evidence commits of the skill (0 for a depth from metric signals).
    pub evidence_commits: u64,
}

/// Commits counted per depth, each under the depth's name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ByDepth {
    /// Depth 1: use an existing mechanism.
    #[serde(rename = "use")]
    pub use_: u64,
    /// Depth 2: resolve a defect of that kind.
    pub resolve: u64,
    /// Depth 3: implement the mechanism.
    pub implement: u64,
    /// Depth 4: design the system around it.
    pub design: u64,
}

impl From<[u64; 4]> for ByDepth {
    fn from([use_, resolve, implement, design]: [u64; 4]) -> ByDepth {
        ByDepth {
            use_,
            resolve,
            implement,
            design,
        }
    }
}

impl From<ByDepth> for [u64; 4] {
    fn from(d: ByDepth) -> [u64; 4] {
        [d.use_, d.resolve, d.implement, d.design]
    }
}

/// The evidence of one skill by one author in one month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MonthEvidence {
    /// Evidence commits.
    pub commits: u64,
    /// Of those, bulk commits.
    pub bulk_commits: u64,
    /// Summed weights, in thousandths (not decayed).
    pub score_milli: u64,
    /// Commits by the depth of their deepest evidence.
    pub deepest: ByDepth,
    /// Commits per signal and depth.
    pub signals: Vec<SignalCount>,
}

/// An author's place on one track of the ladder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrackPlacement {
    /// A rung id of the track, `insufficient_evidence` (too little activity to
    /// place) or `below_first_rung` (active, but short of the first rung).
    pub rung: String,
    /// `low`, `medium` or `high`: the lowest of the author's activity and the
    /// evidence behind each requirement of the rung, by the ladder's `[confidence]`;
    /// `null` when not placed.
    #[schemars(extend("enum" = ["low", "medium", "high", null]))]
    pub confidence: Option<String>,
    /// The rung with every requirement held as the ladder writes it; differs from
    /// `rung` when a waiver lifts the author.
    pub strict_rung: String,
    /// The next rung up (the first rung when below it or not placed: a starter
    /// plan); `null` at the top.
    pub next: Option<String>,
    /// The skills short of the next rung: at the depths held in this history when
    /// it can place that rung (see [`Observability::hidden_rungs`]), else as written.
    pub gaps: Vec<Gap>,
    /// Requirements held below what the ladder writes, because this history cannot
    /// show them, that the author does not meet as written: of the rung reached when
    /// a waiver lifted the author there, and of the next rung. Not gaps.
    pub waived: Vec<Waiver>,
}

/// A requirement held below what the ladder writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    /// The skill.
    pub skill: String,
    /// The rung whose requirement it is.
    pub rung: String,
    /// The depth the ladder writes.
    #[schemars(range(min = 1, max = 4))]
    pub required: u8,
    /// The depth held in this history (0: not held at all).
    #[schemars(range(max = 4))]
    pub held: u8,
    /// Why, in words.
    pub reason: String,
}

/// What a scanned history can show, under the ladder's `[observability]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Observability {
    /// Every requirement is held as written (the ladder's `strict`).
    pub strict: bool,
    /// Whether what the history shows was judged: not when strict, nor when it has
    /// fewer active authors than the ladder's `min_active_authors` (then every
    /// requirement is held as written too).
    pub judged: bool,
    /// Authors with enough commits to be placed.
    pub active_authors: u64,
    /// Active authors a depth of a skill needs to be observable.
    pub authors_needed: u64,
    /// Per skill a track weighs: how many active authors show it, and the deepest
    /// depth observable.
    pub skills: BTreeMap<String, SkillObservability>,
    /// Per track, the rungs this history cannot place by waivers: it shows too
    /// little of what they add over the rung below, so only meeting every
    /// requirement as written places an author there.
    pub hidden_rungs: BTreeMap<String, Vec<String>>,
}

/// How far a history shows one skill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SkillObservability {
    /// Active authors credited at depth 1 or deeper, 2 or deeper, 3 or deeper, 4.
    #[schemars(length(equal = 4))]
    pub authors_at_or_above: Vec<u64>,
    /// The deepest depth observable by the thresholds (0: the skill is not
    /// observable); held against nobody when the history is not `judged`.
    #[schemars(range(max = 4))]
    pub depth: u8,
}

/// A skill below what the next rung needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Gap {
    /// The skill.
    pub skill: String,
    /// The depth the next rung needs (as held in this history, see `waived`).
    #[schemars(range(min = 1, max = 4))]
    pub required: u8,
    /// The depth credited now.
    #[schemars(range(max = 4))]
    pub credited: u8,
    /// What was seen ("no evidence in 412 commits", ...).
    pub seen: String,
    /// What is missing.
    pub missing: String,
    /// The depth the tasks are for: the first one not yet credited (a gap of two
    /// depths is climbed one at a time).
    #[schemars(range(min = 1, max = 4))]
    pub tasks_depth: u8,
    /// Tasks that would show `tasks_depth`; empty for someone too new to place,
    /// whose starter plan holds them.
    pub tasks: Vec<String>,
}

/// The ladder authors were placed on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LadderUsed {
    /// The ladder file (`rules/ladder.toml` for the built-in one).
    pub file: String,
    /// Track ids, each with its rung ids lowest first.
    pub tracks: BTreeMap<String, Vec<String>>,
    /// Track and rung ids → their names (`ic` → `Individual contributor`).
    pub names: BTreeMap<String, String>,
    /// Rung id → skill → the depth the rung requires.
    #[schemars(transform = schema::depth_values)]
    pub requires: BTreeMap<String, BTreeMap<String, u8>>,
    /// Track id → the skills the track looks at, in the ladder's order.
    pub skills: BTreeMap<String, Vec<String>>,
    /// The ladder's `[observability]`: what a history must show for a requirement
    /// to be held as written.
    pub observability: ObservabilityRules,
    /// The ladder's `[confidence]`: how the confidence of a placement is worked out.
    pub confidence: ConfidenceRules,
}

/// The thresholds of observability a ladder sets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ObservabilityRules {
    /// A depth of a skill is observable when at least this share of the active
    /// authors are credited with it...
    pub min_share_of_authors: f64,
    /// ...and at least this many.
    pub min_authors: u64,
    /// A history with fewer active authors is not judged.
    pub min_active_authors: u64,
    /// A rung is placed only when at least this share of what it adds over the rung
    /// below is observable.
    pub min_step_share: f64,
    /// Every requirement held as written.
    pub strict: bool,
}

/// The rule for the confidence of a placement a ladder sets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfidenceRules {
    /// What `high` needs.
    pub high: ConfidenceLevel,
    /// What `medium` needs; anything less is `low`.
    pub medium: ConfidenceLevel,
    /// The highest confidence of a placement lifted by a waiver.
    #[schemars(extend("enum" = ["low", "medium", "high"]))]
    pub waived: String,
}

/// The figures one confidence level needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfidenceLevel {
    /// Non-merge commits of the author.
    pub commits: u64,
    /// Weeks with a commit of the author.
    pub active_weeks: u64,
    /// Per requirement of the rung reached, evidence commits at its depth or deeper.
    pub evidence_commits: u64,
}

/// How many commits gave evidence of one signal at one depth.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignalCount {
    /// The signal.
    pub signal: String,
    /// Depth 1 (use) to 4 (design).
    #[schemars(range(min = 1, max = 4))]
    pub depth: u8,
    /// Commits.
    pub commits: u64,
}

/// Emails that appear under one name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SuggestedAlias {
    /// The shared name.
    pub name: String,
    /// The author emails carrying it, sorted.
    pub emails: Vec<String>,
}

/// One line of the `--records` file: one scanned commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommitLine {
    /// The repository path as given.
    pub repo: String,
    /// Full commit id.
    pub commit: String,
    /// Mailmap-resolved author name.
    pub author: String,
    /// Mailmap-resolved author email.
    pub email: String,
    /// Author date, RFC 3339 in UTC (`2024-05-01T08:00:00Z`).
    pub time: String,
    /// Number of parents.
    pub parents: u32,
    /// With `--all`: the commit already counted for the same patch; this one adds nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<String>,
    /// Over the bulk thresholds (many files or lines at once): the commit's evidence
    /// weighs less. Absent when false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub bulk: bool,
    /// Changed files, sorted by path; empty for merges.
    pub files: Vec<FileLine>,
}

/// One line of the `--signals` file: one piece of evidence (a rule that matched).
///
/// A rule counts once per commit; up to three places where it matched are kept,
/// each as its own line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignalLine {
    /// The repository path as given.
    pub repo: String,
    /// Full commit id.
    pub commit: String,
    /// Mailmap-resolved author name.
    pub author: String,
    /// Mailmap-resolved author email.
    pub email: String,
    /// Author date, RFC 3339 in UTC (`2024-05-01T08:00:00Z`).
    pub time: String,
    /// The skill (`acid`, `error-codes`, ...).
    pub skill: String,
    /// The signal within the skill.
    pub signal: String,
    /// Depth 1 (use) to 4 (design).
    #[schemars(range(min = 1, max = 4))]
    pub depth: u8,
    /// The rule that matched.
    pub rule: String,
    /// What it matched: `added`, `removed`, `path` or `message`.
    #[schemars(extend("enum" = ["added", "removed", "path", "message"]))]
    pub target: String,
    /// The file, for line and path rules.
    pub path: Option<String>,
    /// The line number (in the new file for added lines, the old one for removed lines).
    pub line: Option<u32>,
    /// The matched line (or message line), trimmed, cut to 200 characters, with
    /// anything that looks like a secret replaced by `[REDACTED]`; `null` for path rules.
    pub text: Option<String>,
    /// The rule's weight, scaled down when the commit is bulk.
    pub weight: f64,
    /// The commit is over the bulk thresholds.
    pub bulk: bool,
}

/// One changed file in a [`CommitLine`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FileLine {
    /// The path (invalid UTF-8 replaced by U+FFFD; see `path_bytes`).
    pub path: String,
    /// The exact bytes of the path in hex, present only when `path` is not valid UTF-8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_bytes: Option<String>,
    /// The previous path of a rename.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_path: Option<String>,
    /// `added`, `deleted`, `modified`, `type-changed` or `renamed`.
    #[schemars(extend("enum" = ["added", "deleted", "modified", "type-changed", "renamed"]))]
    pub status: String,
    /// Lines added; absent when skipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub added: Option<u64>,
    /// Lines removed; absent when skipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removed: Option<u64>,
    /// Why the file was not diffed (`binary`, `too-large`, `submodule`,
    /// `excluded`, `generated`, `vendored`, `ignore-revs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(extend("enum" = ["binary", "too-large", "submodule", "excluded", "generated", "vendored", "ignore-revs", "missing"]))]
    pub skipped: Option<String>,
}

impl Report {
    /// Write the report as pretty JSON with a trailing newline, without holding
    /// the text in memory (a large history's report runs to tens of megabytes).
    pub fn write_json<W: std::io::Write>(&self, mut out: W) -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut out, self).map_err(|e| match e.io_error_kind() {
            // A closed pipe stays a closed pipe for the caller to recognise.
            Some(kind) => std::io::Error::new(kind, e),
            None => std::io::Error::other(e),
        })?;
        out.write_all(b"\n")
    }
}
