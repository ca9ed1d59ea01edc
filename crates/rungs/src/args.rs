//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// rungs reads git history and shows, with evidence, which skills each author
/// demonstrates and where each stands on a career ladder.
///
/// These are signals from version control, not a performance review.
#[derive(Debug, Parser)]
#[command(
    name = "rungs",
    version = env!("RUNGS_VERSION"),
    propagate_version = true,
    max_term_width = 100,
    after_help = "Examples:\n  rungs scan                      # this repository, as a table on a terminal\n  rungs scan -o report.json       # the JSON report, for CI or later\n  rungs report report.json --format html -o team.html\n\nExit status: 0 success, 1 an error (a bad repository, rule or ladder file, an unwritable\noutput), 2 a usage error. A closed pipe (`rungs scan | head`) is not an error."
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Scan the history of one or more repositories: each author's activity and
    /// the evidence of each skill in their commits.
    ///
    /// Counts match git: commits per author as `git shortlog -sne --no-merges`,
    /// lines as `git log --numstat --no-renames --no-merges`, with binary,
    /// oversized, vendored and generated files skipped and counted as such.
    /// Added and removed lines, paths and messages are classified with the rules
    /// (the built-in pack unless `--rules` is given) into evidence per skill.
    ///
    /// Example:
    ///   rungs scan . --output report.json --signals evidence.ndjson
    #[command(verbatim_doc_comment)]
    Scan(Box<ScanArgs>),

    /// Inspect and check rule files (the default pack, or a directory of your own).
    ///
    /// Examples:
    ///   rungs rules list
    ///   rungs rules test my-team-rules/
    #[command(subcommand, verbatim_doc_comment)]
    Rules(RulesCommand),

    /// Render a saved JSON report as a table, Markdown or HTML, without scanning again.
    ///
    /// Examples:
    ///   rungs report report.json --format html --output team.html
    ///   rungs report report.json --format markdown >> "$GITHUB_STEP_SUMMARY"
    #[command(verbatim_doc_comment)]
    Report(ReportArgs),

    /// Combine reports of different repositories into the report one scan of them
    /// all would give: authors are matched by email, evidence is added month by
    /// month, and profiles, rungs and plans are worked out again.
    ///
    /// The reports must come from the same rules, options and ladder, and no
    /// repository may be in two of them.
    ///
    /// Example (one CI job per repository, then):
    ///   rungs merge shop.json billing.json web.json -o team.json
    #[command(verbatim_doc_comment)]
    Merge(MergeArgs),

    /// Show the evidence behind one person's profile, commit by commit: id, date,
    /// file and line, the rule, and the matched text (secrets redacted).
    ///
    /// The repositories are scanned as `rungs scan` scans them (same options), and
    /// the evidence of commits the person wrote or co-authored is listed, newest
    /// first, after a summary of their skills and rungs.
    ///
    /// Examples:
    ///   rungs explain --author dana@example.com
    ///   rungs explain ~/src/shop --author "Dana Deep" --skill acid
    #[command(verbatim_doc_comment)]
    Explain(Box<ExplainArgs>),

    /// What changed between two reports of the same repositories: new authors,
    /// new evidence per author and skill, skills whose depth moved, rung changes.
    ///
    /// Example (a weekly job keeps last week's report):
    ///   rungs diff last-week.json report.json --format markdown >> "$GITHUB_STEP_SUMMARY"
    #[command(verbatim_doc_comment)]
    Diff(DiffArgs),

    /// Measure the rules against commits labelled with the skills they show:
    /// precision and recall per skill, and every disagreement.
    ///
    /// A labels file is TOML: one `[[commit]]` table per labelled commit, with `repo`
    /// (a name, mapped to a local clone with `--repo NAME=PATH`), `id` (the full commit
    /// id), `skills` (skill ids, `[]` when the commit shows none) and optionally
    /// `depth` (a table of skill = 1-4, for the depth agreement); `case`, `sample`
    /// and `why` are optional notes.
    ///
    /// Each commit is diffed against its first parent and classified with the rules;
    /// a skill is found when the commit is credited with it (its evidence weighed by
    /// the pack's weights file; without one, any hit). Nothing is fetched.
    ///
    /// Example:
    ///   rungs eval labels.toml --repo acme/shop=~/src/shop --min-precision 0.9 --min-recall 0.75
    #[command(verbatim_doc_comment)]
    Eval(EvalArgs),

    /// Fit the weights that turn a commit's evidence into skills, to commits
    /// labelled with the skills they show (the same labels files as `rungs eval`).
    ///
    /// Per skill of the prior weights file, a logistic regression over the rules'
    /// hits by role and the facts of each commit, held to the prior's weights by
    /// an L2 penalty. The same labels, repositories, rules and prior give the same
    /// file, byte for byte. Nothing is fetched.
    ///
    /// Example (how rules/weights.toml is made):
    ///   rungs fit fixtures/labels/train/*.toml --repo git/git=../git ... \
    ///     --prior rules/prior/weights.toml -o rules/weights.toml
    #[command(verbatim_doc_comment)]
    Fit(FitArgs),

    /// People known under several identities: suggest the aliases file
    /// (`rungs scan --aliases FILE`) that joins them, for a person to review.
    ///
    /// Examples:
    ///   rungs aliases suggest report.json -o aliases.toml
    ///   rungs scan . --aliases aliases.toml -o report.json
    #[command(subcommand, verbatim_doc_comment)]
    Aliases(AliasesCommand),

    /// Check a ladder file, or start one from a progression framework your
    /// organisation already keeps.
    ///
    /// Examples:
    ///   rungs ladder check my-ladder.toml
    ///   rungs ladder import competencies.yml --format ft -o my-ladder.toml
    #[command(subcommand, verbatim_doc_comment)]
    Ladder(LadderCommand),

    /// Print the completion script of a shell to standard output.
    ///
    /// Examples:
    ///   rungs completions bash > ~/.local/share/bash-completion/completions/rungs
    ///   rungs completions zsh > ~/.zfunc/_rungs
    ///   rungs completions fish > ~/.config/fish/completions/rungs.fish
    ///   rungs completions powershell >> $PROFILE
    #[command(verbatim_doc_comment)]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },

    /// Print the manual page (roff), every subcommand included, to standard output.
    ///
    /// Example:
    ///   rungs man > ~/.local/share/man/man1/rungs.1 && man rungs
    #[command(verbatim_doc_comment)]
    Man,
}

#[derive(Debug, Subcommand)]
pub(crate) enum AliasesCommand {
    /// Print an aliases file joining the identities of a report that look like
    /// one person: the same name (spaces and case aside), a GitHub noreply address
    /// and the address its handle is the name of, and a placeholder address
    /// (`none@none`, `root@localhost`) used under one name. Each entry says why;
    /// placeholders used under several names are listed as comments.
    ///
    /// Example:
    ///   rungs aliases suggest report.json -o aliases.toml
    #[command(verbatim_doc_comment)]
    Suggest {
        /// A JSON report written by `rungs scan` or `rungs merge` (without --anonymize).
        #[arg(value_name = "REPORT")]
        report: PathBuf,

        /// Write here instead of standard output (written atomically).
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum LadderCommand {
    /// Check a ladder file (every key, as `--ladder` does) and print what each
    /// rung of each track requires; exit 1 with the file, key and position of
    /// the first error.
    ///
    /// Example:
    ///   rungs ladder check my-ladder.toml
    #[command(verbatim_doc_comment)]
    Check {
        /// A ladder file (TOML); default: the ladder built into rungs.
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
    },
    /// Write a ladder skeleton from a progression framework: one track of its
    /// levels, each rung with the framework's criteria as comments beside the
    /// skills they map to (criteria naming tests, releases, incidents, security,
    /// data integrity, decisions, reviews or backlogs), for you to confirm.
    ///
    /// Example:
    ///   rungs ladder import frameworks/backend.md --format monzo -o ladder.toml
    #[command(verbatim_doc_comment)]
    Import {
        /// The framework file.
        #[arg(value_name = "FILE")]
        file: PathBuf,

        /// `ft` (a YAML list of competencies with `summary` and `level`) or
        /// `monzo` (Markdown with `topics` of levelled `criteria` in its front matter).
        #[arg(long, value_enum)]
        format: FrameworkFormat,

        /// The track's id (default: from the framework's title or file name).
        #[arg(long, value_name = "ID")]
        track: Option<String>,

        /// Write here instead of standard output (written atomically).
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// The progression framework formats `rungs ladder import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FrameworkFormat {
    /// Financial Times' engineering-progression `competencies.yml`.
    Ft,
    /// monzo's progression-framework Markdown with YAML front matter.
    Monzo,
}

#[derive(Debug, Subcommand)]
pub(crate) enum RulesCommand {
    /// Print every rule: id, skill, signal, depth, target, languages and description.
    ///
    /// Examples:
    ///   rungs rules list
    ///   rungs rules list my-team-rules/
    #[command(verbatim_doc_comment)]
    List {
        /// A directory of rule files (`*.toml`); default: the pack built into rungs.
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Check every rule's `match` and `no_match` examples; exit 1 on the first failure.
    ///
    /// Example (in the CI of a repository of team rules):
    ///   rungs rules test my-team-rules/
    #[command(verbatim_doc_comment)]
    Test {
        /// A directory of rule files (`*.toml`); default: the pack built into rungs.
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

/// Commits labelled with the skills they show, and where their repositories are.
#[derive(Debug, Args)]
pub(crate) struct LabelledCommits {
    /// Labels files (TOML with `[[commit]]` entries).
    #[arg(value_name = "LABELS", required = true)]
    pub labels: Vec<PathBuf>,

    /// Where the repository a label names is: `NAME=PATH` (repeatable).
    #[arg(long = "repo", value_name = "NAME=PATH", value_parser = parse_repo_mapping)]
    pub repos: Vec<(String, PathBuf)>,

    /// Use the rule files of this directory instead of the built-in pack.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,

    /// Leave paths matching this glob out, as `rungs scan --exclude` does (repeatable).
    #[arg(long = "exclude", value_name = "GLOB")]
    pub excludes: Vec<String>,
}

#[derive(Debug, Args)]
pub(crate) struct EvalArgs {
    #[command(flatten)]
    pub commits: LabelledCommits,

    /// Add the rule files of this directory to the pack in use (repeatable).
    #[arg(long = "rules-add", value_name = "DIR")]
    pub rules_add: Vec<PathBuf>,

    /// Exit 1 when a skill with found or labelled commits has a lower precision.
    #[arg(long, value_name = "FRACTION")]
    pub min_precision: Option<f64>,

    /// Exit 1 when a skill with labelled commits has a lower recall.
    #[arg(long, value_name = "FRACTION")]
    pub min_recall: Option<f64>,

    /// `text` (a table and the disagreements) or `json`.
    #[arg(long, value_enum, default_value_t = EvalFormat::Text)]
    pub format: EvalFormat,

    /// With each disagreement, the skill's score and the evidence it was weighed
    /// from (`rule@place×lines`, facts); JSON output always has them.
    #[arg(long)]
    pub why: bool,
}

#[derive(Debug, Args)]
pub(crate) struct FitArgs {
    /// The labelled commits (with `--rules DIR`, that pack's own weights file is
    /// ignored: the prior takes its place).
    #[command(flatten)]
    pub commits: LabelledCommits,

    /// The prior weights: the centre the fit holds weights to, and the source of
    /// everything beyond weights (facts, unlisted weights, fix depths).
    #[arg(long, value_name = "FILE")]
    pub prior: PathBuf,

    /// How strongly weights are held to the prior (an L2 penalty per weight).
    #[arg(long, value_name = "LAMBDA", default_value_t = rungs_rules::fit::DEFAULT_LAMBDA)]
    pub lambda: f64,

    /// How far commits showing a skill are weighed up to count as much as those that
    /// do not: 0 as they come, 1 alike (they are rarer, so the fit otherwise favours
    /// precision over recall).
    #[arg(long, value_name = "FRACTION", default_value_t = rungs_rules::fit::DEFAULT_BALANCE)]
    pub balance: f64,

    /// Write the fitted weights file here (default: standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// How `rungs eval` prints its results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum EvalFormat {
    /// A table per skill, then the disagreements, one per line.
    Text,
    /// One JSON document.
    Json,
}

fn parse_repo_mapping(value: &str) -> Result<(String, PathBuf), String> {
    match value.split_once('=') {
        Some((name, path)) if !name.is_empty() && !path.is_empty() => {
            Ok((name.to_owned(), PathBuf::from(path)))
        }
        _ => Err(format!("expected NAME=PATH, got {value:?}")),
    }
}

/// The output format of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// The JSON report, for machines (schema: schema/report.schema.json).
    Json,
    /// A team skills matrix and each author's rungs, for a terminal.
    Table,
    /// Markdown, for a pull-request comment or a CI step summary.
    Markdown,
    /// One self-contained HTML page with charts, for a browser.
    Html,
    /// The skills matrix with rungs, one row per author, for a spreadsheet.
    Csv,
}

/// Pseudonyms instead of names and emails in what is written.
#[derive(Debug, Args)]
pub(crate) struct AnonymizeArgs {
    /// Replace names and emails with pseudonyms (`Person 1a2b3c4d5e`,
    /// `p-1a2b3c4d5e@anonymized.invalid`) in every output. Pseudonyms are keyed by a
    /// secret from `RUNGS_ANONYMIZE_KEY` or `--anonymize-key-file`: the same person
    /// gets the same pseudonym in every run with the same secret, and nobody without
    /// it can recompute them. Commit ids and paths stay.
    #[arg(long)]
    pub anonymize: bool,

    /// A file holding the secret for `--anonymize` (instead of `RUNGS_ANONYMIZE_KEY`).
    #[arg(long, value_name = "FILE", requires = "anonymize")]
    pub anonymize_key_file: Option<PathBuf>,
}

/// How a report is written: format, destination, colour.
#[derive(Debug, Args)]
pub(crate) struct OutputArgs {
    /// Report format. Default: from the extension of `--output` (`.json`, `.html`,
    /// `.md`, `.txt`, `.csv`), else `table` when writing to a terminal, `json` otherwise.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,

    /// Write the report here instead of standard output (written atomically).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// No colour in the table (also when `NO_COLOR` or `CI` is set, or the output
    /// is not a terminal).
    #[arg(long)]
    pub no_color: bool,

    /// Also append the Markdown report to `$GITHUB_STEP_SUMMARY` (GitHub Actions).
    #[arg(long)]
    pub step_summary: bool,

    /// List only the N most active authors (after the other filters). Totals
    /// still count everyone; the report says what it left out.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub top: Option<u32>,

    /// List only authors with at least N non-merge commits.
    #[arg(long, value_name = "N")]
    pub min_commits: Option<u64>,

    /// List only authors with a commit at or after DATE (`2025-01-01`, `3 months ago`).
    #[arg(long, value_name = "DATE", value_parser = dated)]
    pub active_since: Option<(i64, String)>,

    /// The people you lead, in teams (TOML: `[[team]]` tables with `name` and
    /// `members`, each an email, name or GitHub handle): list only them, with
    /// each team's own matrix and concentration, teammates first as mentors.
    /// Everyone still counts in the totals and as a mentor.
    #[arg(long, value_name = "FILE")]
    pub team: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct ExplainArgs {
    /// Whose evidence, ignoring case: an email (any of theirs), a name, a GitHub
    /// handle, or the start of a name (a first name); when several people match,
    /// they are listed.
    #[arg(long, value_name = "NAME|EMAIL")]
    pub author: String,

    /// Only this skill (`acid`, `error-codes`, ...).
    #[arg(long, value_name = "SKILL")]
    pub skill: Option<String>,

    /// `text` for people, or `json`: one JSON line per piece of evidence, as `scan --signals` writes.
    #[arg(long, value_enum, default_value_t = EvalFormat::Text)]
    pub format: EvalFormat,

    #[command(flatten)]
    pub input: ScanInputs,
}

#[derive(Debug, Args)]
pub(crate) struct DiffArgs {
    /// The older report.
    #[arg(value_name = "OLD")]
    pub old: PathBuf,

    /// The newer report.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,

    /// `text`, `markdown` or `json`.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,

    /// List every newcomer too new to place, instead of one line counting them
    /// (text and Markdown; JSON always lists everyone).
    #[arg(long)]
    pub all: bool,

    /// Write here instead of standard output (written atomically).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Compare only the people of this roster (as `rungs scan --team`), in
    /// two whole reports.
    #[arg(long, value_name = "FILE")]
    pub team: Option<PathBuf>,

    /// Write the changes with pseudonyms for names and emails (the reports keep
    /// their names, so `--team` can find people).
    #[command(flatten)]
    pub anon: AnonymizeArgs,
}

/// How `rungs diff` prints the changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DiffFormat {
    /// Lines for a terminal.
    Text,
    /// Markdown for a job summary.
    Markdown,
    /// One JSON document.
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct MergeArgs {
    /// JSON reports written by `rungs scan` (or `rungs merge`).
    #[arg(value_name = "REPORT", required = true)]
    pub reports: Vec<PathBuf>,

    /// The ladder the reports were placed on, when it is not the built-in one.
    #[arg(long, value_name = "FILE")]
    pub ladder: Option<PathBuf>,

    /// Hold every requirement of the ladder as written (as `rungs scan --strict-ladder`).
    #[arg(long)]
    pub strict_ladder: bool,

    #[command(flatten)]
    pub out: OutputArgs,
}

#[derive(Debug, Args)]
pub(crate) struct ReportArgs {
    /// A JSON report written by `rungs scan` or `rungs merge`.
    #[arg(value_name = "REPORT")]
    pub report: PathBuf,

    #[command(flatten)]
    pub output: OutputArgs,

    /// Place the authors again on this ladder (TOML; see rules/ladder.toml), from
    /// the counts the report keeps: what `rungs scan --ladder FILE` would write,
    /// without scanning.
    #[arg(long, value_name = "FILE")]
    pub ladder: Option<PathBuf>,

    /// Place the authors again holding every requirement as written (as `rungs
    /// scan --strict-ladder`); with the report's own ladder unless --ladder is given.
    #[arg(long)]
    pub strict_ladder: bool,

    /// Write the report anonymized, as `rungs scan --anonymize` would have (after
    /// `--team`, which needs the names).
    #[command(flatten)]
    pub anon: AnonymizeArgs,
}

#[derive(Debug, Args)]
pub(crate) struct ScanArgs {
    #[command(flatten)]
    pub out: OutputArgs,

    /// Also write one JSON line per scanned commit (files, statuses, line counts, skip reasons).
    #[arg(long, value_name = "FILE")]
    pub records: Option<PathBuf>,

    /// Also write one JSON line per piece of evidence (commit, author, skill, signal,
    /// depth, rule, path, line, the matched text with secrets redacted).
    #[arg(long, value_name = "FILE")]
    pub signals: Option<PathBuf>,

    /// Only count commits and lines: no rules, no skills in the report (faster).
    #[arg(long, conflicts_with_all = ["signals", "rules", "rules_add", "ladder"])]
    pub counts_only: bool,

    #[command(flatten)]
    pub input: ScanInputs,
}

/// What to scan and how: shared by `scan` and `explain`.
#[derive(Debug, Args)]
pub(crate) struct ScanInputs {
    /// Repositories to scan: a work tree (any directory inside it) or a bare repository.
    /// Authors are combined across repositories by identity. Default: `.`.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Also scan the repositories listed in this file (one path per line, `#` comments).
    #[arg(long, value_name = "FILE")]
    pub repos_from: Option<PathBuf>,

    /// Scan only shard K of N of the repositories (`--shard 2/4`), for one CI job of
    /// N; the assignment depends on each path alone, so every job agrees. Merge
    /// the N reports with `rungs merge`.
    #[arg(long, value_name = "K/N", value_parser = crate::repos::parse_shard)]
    pub shard: Option<crate::repos::Shard>,

    /// People known under several emails beyond `.mailmap` (TOML: `[[person]]` with
    /// `email`, optional `name`, and `aliases`); applied after mailmap.
    #[arg(long, value_name = "FILE")]
    pub aliases: Option<PathBuf>,

    /// Place authors on this ladder (TOML; see rules/ladder.toml) instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub ladder: Option<PathBuf>,

    /// Hold every requirement of the ladder as written, even on skills this history
    /// cannot show (the ladder's `observability.strict`).
    #[arg(long)]
    pub strict_ladder: bool,

    /// A commit changing more files than this is bulk (a mass reformat, vendored
    /// code): its evidence counts, at a tenth of the weight.
    #[arg(long, value_name = "N", default_value_t = rungs_scan::evidence::DEFAULT_BULK_FILES)]
    pub bulk_files: u64,

    /// A commit changing more lines (added plus removed) than this is bulk.
    #[arg(long, value_name = "N", default_value_t = rungs_scan::evidence::DEFAULT_BULK_LINES)]
    pub bulk_lines: u64,

    /// Use the rule files (`*.toml`) of this directory instead of the built-in pack.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,

    /// Add the rule files of this directory to the pack in use (repeatable).
    #[arg(long = "rules-add", value_name = "DIR")]
    pub rules_add: Vec<PathBuf>,

    /// Revisions to scan, as git log takes them: a branch, tag or id, `A..B`, `A...B`, `^A`.
    /// Repeatable. Default: HEAD.
    #[arg(long = "rev", value_name = "SPEC", allow_hyphen_values = true)]
    pub revs: Vec<String>,

    /// Scan every reference (branches, tags, remote branches) and HEAD.
    #[arg(long)]
    pub all: bool,

    /// Only commits with a committer date at or after this (`2024-01-31`, RFC 3339, `3 months ago`).
    #[arg(long, value_name = "DATE", value_parser = git_date)]
    pub since: Option<String>,

    /// Only commits with a committer date at or before this.
    #[arg(long, value_name = "DATE", value_parser = git_date)]
    pub until: Option<String>,

    /// Follow only the first parent of merge commits.
    #[arg(long)]
    pub first_parent: bool,

    /// Detect renames (50% similarity, as git's default), so a moved file counts only its edits.
    #[arg(long)]
    pub renames: bool,

    /// Skip blobs larger than this many bytes (either side of a change).
    #[arg(long, value_name = "BYTES", default_value_t = rungs_scan::DEFAULT_MAX_BLOB_BYTES)]
    pub max_blob_size: u64,

    /// Go on past blobs the repository lacks (a partial clone made with
    /// `--filter=blob:none`, a mirror missing objects): their files are counted as
    /// `missing` in `totals.skipped_files`, with no lines; rungs never guesses them.
    /// Without it the scan stops at the first missing blob, naming it.
    #[arg(long)]
    pub allow_missing: bool,

    /// Leave out paths matching this glob (repeatable; `**/generated/**`, `docs/*.svg`).
    #[arg(long = "exclude", value_name = "GLOB")]
    pub excludes: Vec<String>,

    /// Do not apply the built-in list of vendored, generated and lock files.
    #[arg(long)]
    pub no_default_excludes: bool,

    /// Keep commits by bots (dependabot, renovate, github-actions, `[bot]` accounts).
    #[arg(long)]
    pub include_bots: bool,

    /// Commits to leave out of line counts (one id per line, `#` comments), like
    /// `git blame --ignore-revs-file`. Default: the repository's `.git-blame-ignore-revs`, if any.
    #[arg(long, value_name = "FILE")]
    pub ignore_revs_file: Option<PathBuf>,

    /// Leave this person out entirely: an email or name, or a glob over them
    /// (`*@contractor.example`), without case (repeatable). Their commits are not
    /// scanned and they are never credited as a co-author.
    #[arg(long = "exclude-author", value_name = "PATTERN")]
    pub exclude_authors: Vec<String>,

    /// A file of people who opted out: one email, name or glob per line, `#` comments.
    #[arg(long, value_name = "FILE")]
    pub opt_out: Option<PathBuf>,

    #[command(flatten)]
    pub anon: AnonymizeArgs,

    /// Worker threads (default: one per core).
    #[arg(
        long,
        short = 'j',
        value_name = "N",
        env = "RUNGS_JOBS",
        default_value_t = 0,
        hide_default_value = true
    )]
    pub jobs: usize,

    /// Pack delta cache per worker thread, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = rungs_scan::DEFAULT_PACK_CACHE_BYTES / (1024 * 1024))]
    pub pack_cache_mib: usize,

    /// Keep results in DIR and reuse them: commits scanned before are not diffed
    /// again, and a repository whose earlier tips are ancestors of today's is
    /// walked only from where the last scan stopped. The report is the same as
    /// without the cache. Safe to share between concurrent runs; a damaged entry
    /// is reported and rebuilt.
    #[arg(long, value_name = "DIR", env = "RUNGS_CACHE")]
    pub cache: Option<PathBuf>,

    /// Print nothing on standard error except errors.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// A date as `git log --since` takes it, checked when the arguments are read so
/// that a typo is a usage error before anything is scanned.
fn git_date(value: &str) -> Result<String, String> {
    dated(value).map(|(_, text)| text)
}

/// [`git_date`], with the time it stands for (seconds since the epoch).
fn dated(value: &str) -> Result<(i64, String), String> {
    rungs_scan::parse_date(value)
        .map(|seconds| (seconds, value.to_owned()))
        .map_err(|_| {
            "not a date git understands (`2024-01-31`, `2024-01-31T08:00:00+01:00`, `3 months ago`)"
                .to_owned()
        })
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn command_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }

    #[test]
    fn every_command_has_an_example() {
        fn check(cmd: &mut clap::Command, path: &str) {
            let path = format!("{path} {}", cmd.get_name());
            let has_children = cmd.get_subcommands().any(|c| c.get_name() != "help");
            let help = cmd.render_long_help().to_string();
            assert!(
                help.contains("Example"),
                "`{path} --help` shows no example:\n{help}"
            );
            if has_children {
                for sub in cmd.get_subcommands_mut() {
                    if sub.get_name() != "help" {
                        check(sub, &path);
                    }
                }
            }
        }
        let mut cli = super::Cli::command();
        cli.build();
        check(&mut cli, "");
    }
}
