//! `rungs scan`: scan repositories, write the report and optionally the per-commit records.

use std::{io::Write, time::Instant};

use anyhow::Context;

use rungs_core::{
    Observer, RuleClassifier, ScanRun, Scanned,
    cache::{self, Cache},
};
use rungs_ladder::Ladder;
use rungs_report::Report;
use rungs_scan::{BoxError, BulkPolicy, CommitRecord, OpenRepo, ScanOptions};

use crate::{
    args::{ScanArgs, ScanInputs},
    output,
};

/// The text of evidence that names someone left out of the scan.
const WITHHELD: &str = "[withheld: names someone left out of the scan]";

/// Repositories opened and options resolved, ready to scan.
pub(crate) struct Prepared {
    /// The scan itself.
    pub run: ScanRun,
    pub ladder: Ladder,
    /// With `--anonymize`: the pseudonyms every output uses.
    pub pseudonyms: Option<rungs_core::anonymize::Pseudonyms>,
    /// People left out, to keep them out of evidence texts too.
    opt_out: rungs_scan::OptOut,
    /// Each exclusion pattern, with where it was given (for warnings).
    exclusions: Vec<(String, String)>,
    console: Console,
}

/// Notes, warnings and progress bars on standard error, unless quiet.
struct Console {
    quiet: bool,
    progress: Option<std::sync::Arc<rungs_scan::Progress>>,
}

impl Observer for Console {
    fn note(&self, message: &str) {
        if !self.quiet {
            eprintln!("rungs: {message}");
        }
    }

    fn warn(&self, message: &str) {
        if !self.quiet {
            eprintln!("rungs: warning: {message}");
        }
    }

    fn scanning(&self) -> Box<dyn std::any::Any> {
        Box::new(self.progress.clone().map(crate::progress::Bar::start))
    }
}

/// Open the repositories and load the rules and ladder: every bad path or file
/// fails here, before any long scan starts.
pub(crate) fn prepare(input: &ScanInputs, classify: bool) -> anyhow::Result<Prepared> {
    let progress = crate::progress::wanted(input.quiet).then(Default::default);
    let mut exclusions: Vec<(String, String)> = input
        .exclude_authors
        .iter()
        .map(|p| (p.clone(), "--exclude-author".to_owned()))
        .collect();
    if let Some(path) = &input.opt_out {
        let from = format!("the opt-out file {}", path.display());
        exclusions.extend(
            crate::anonymize::read_opt_out(path)?
                .into_iter()
                .map(|p| (p, from.clone())),
        );
    }
    let options = ScanOptions {
        progress,
        revs: input.revs.clone(),
        all: input.all,
        since: input.since.clone(),
        until: input.until.clone(),
        first_parent: input.first_parent,
        renames: input.renames,
        diff_merges: false,
        max_blob_bytes: input.max_blob_size,
        allow_missing: input.allow_missing,
        excludes: input.excludes.clone(),
        default_excludes: !input.no_default_excludes,
        include_bots: input.include_bots,
        ignore_revs_file: input.ignore_revs_file.clone(),
        // A cherry-picked commit on another branch is the same work: count it once.
        dedupe_patches: input.all,
        jobs: input.jobs,
        pack_cache_bytes: input.pack_cache_mib.saturating_mul(1024 * 1024),
        exclude_authors: exclusions.iter().map(|(p, _)| p.clone()).collect(),
        aliases: match &input.aliases {
            Some(path) => crate::aliases::load(path)?,
            None => Default::default(),
        },
    };
    let opt_out = rungs_scan::OptOut::from_patterns(&options.exclude_authors)?;
    let repos = crate::repos::select(&input.paths, input.repos_from.as_deref(), input.shard)?
        .iter()
        .map(|p| OpenRepo::open(p))
        .collect::<Result<Vec<_>, _>>()?;
    let (classifier, rules_digest) = if classify {
        let (rules, digest) = crate::rules::load_pack(input.rules.as_deref(), &input.rules_add)?;
        (Some(RuleClassifier::new(rules)), Some(digest))
    } else {
        (None, None)
    };
    let ladder = load_ladder(input.ladder.as_deref(), input.strict_ladder)?;
    let cache = input.cache.as_deref().and_then(|dir| match Cache::open(dir) {
        Ok(cache) => Some(cache),
        Err(e) => {
            if !input.quiet {
                eprintln!(
                    "rungs: warning: cannot use the cache directory {}: {e}; scanning without it",
                    dir.display()
                );
            }
            None
        }
    });
    Ok(Prepared {
        console: Console {
            quiet: input.quiet,
            progress: options.progress.clone(),
        },
        run: ScanRun {
            repos,
            options,
            classifier,
            rules_digest,
            cache,
            bulk: BulkPolicy {
                max_files: input.bulk_files,
                max_lines: input.bulk_lines,
                ..BulkPolicy::default()
            },
        },
        ladder,
        opt_out,
        exclusions,
        pseudonyms: crate::anonymize::wanted(&input.anon)?,
    })
}

/// The ladder in `path`, or the built-in one; `strict` holds every requirement as
/// written whatever the ladder's `observability.strict` says.
pub(crate) fn load_ladder(path: Option<&std::path::Path>, strict: bool) -> anyhow::Result<Ladder> {
    let mut ladder = match path {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the ladder file {}", path.display()))?;
            Ladder::from_toml(&path.display().to_string(), &text)?
        }
        None => rungs_ladder::default_ladder(),
    };
    ladder.observability.strict |= strict;
    Ok(ladder)
}

impl Prepared {
    /// Print a note on standard error, unless quiet.
    pub(crate) fn note(&self, message: &str) {
        self.console.note(message);
    }

    /// Scan every repository (see [`ScanRun::scan`]).
    pub(crate) fn scan(
        &self,
        on_record: impl FnMut(&str, &CommitRecord, bool) -> Result<(), BoxError>,
        want_records: bool,
    ) -> Result<Scanned, rungs_core::ScanError> {
        let scanned = self.run.scan(&self.console, on_record, want_records)?;
        // A typo in an exclusion leaves the person in every output: say so.
        for (pattern, from) in &self.exclusions {
            if !scanned.summary.excluded_by_pattern.contains_key(pattern) {
                self.console.warn(&format!(
                    "{pattern:?} (from {from}) left nobody out: no author's or co-author's \
                     email or name matches it (a pattern is a whole email or name, ignoring \
                     case, or a glob such as '*@example.com')"
                ));
            }
        }
        Ok(scanned)
    }

    /// Make an evidence line fit to print: a text naming someone left out is
    /// withheld, and with `--anonymize` people become pseudonyms.
    pub(crate) fn guard(&self, line: &mut rungs_report::SignalLine) {
        if line
            .text
            .as_deref()
            .is_some_and(|t| self.opt_out.mentions(t))
        {
            line.text = Some(WITHHELD.to_owned());
        }
        if let Some(p) = &self.pseudonyms {
            p.signal(line);
        }
    }

    /// The report of a finished scan, limited to a roster's people if one is
    /// given (before pseudonyms replace the names it gives), and pseudonymized
    /// with `--anonymize`.
    pub(crate) fn report(
        &self,
        scanned: &Scanned,
        roster: Option<&rungs_core::roster::Roster>,
    ) -> anyhow::Result<Report> {
        let mut report = self.report_with_names(scanned);
        if let Some(roster) = roster {
            for warning in rungs_core::roster::apply_roster(&mut report, roster)? {
                self.console.warn(&warning);
            }
        }
        if let Some(p) = &self.pseudonyms {
            p.report(&mut report);
        }
        Ok(report)
    }

    /// The report of a finished scan, with real names and emails.
    pub(crate) fn report_with_names(&self, scanned: &Scanned) -> Report {
        self.run.report(scanned, &self.ladder)
    }
}

pub(crate) fn run(args: &ScanArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    // Every scan classifies with the rules unless it only counts.
    let prepared = prepare(&args.input, !args.counts_only)?;
    output::check_writable(&args.out)?;
    let roster = output::read_roster(args.out.team.as_deref())?;

    let mut records = args
        .records
        .as_deref()
        .map(output::AtomicFile::create)
        .transpose()?;
    let mut signals = args
        .signals
        .as_deref()
        .map(output::AtomicFile::create)
        .transpose()?;
    let scanned = prepared.scan(
        |repo, record, is_bulk| {
            if let Some(file) = records.as_mut() {
                let mut line = rungs_core::commit_line(repo, record, is_bulk);
                if let Some(p) = &prepared.pseudonyms {
                    p.record(&mut line);
                }
                serde_json::to_writer(&mut *file, &line)?;
                file.write_all(b"\n")?;
            }
            if let (Some(file), Some(classifier)) = (signals.as_mut(), &prepared.run.classifier)
                && record.duplicate_of.is_none()
            {
                for line in rungs_core::signal_lines(
                    repo,
                    record,
                    classifier.rules(),
                    &prepared.run.bulk,
                    is_bulk,
                ) {
                    let mut line = line;
                    prepared.guard(&mut line);
                    serde_json::to_writer(&mut *file, &line)?;
                    file.write_all(b"\n")?;
                }
            }
            Ok(())
        },
        args.records.is_some() || args.signals.is_some(),
    )?;

    let document = prepared.report(&scanned, roster.as_ref())?;
    cache::test_pause("report");
    // Every output complete before any is put in place: a report that cannot be
    // written leaves no records or signals of the failed run behind.
    let report = output::stage_report(&document, &args.out)?;
    if let Some(file) = records {
        file.commit()?;
    }
    if let Some(file) = signals {
        file.commit()?;
    }
    report.commit()?;

    prepared.note(&scanned.describe(started.elapsed().as_secs_f64()));
    Ok(())
}
