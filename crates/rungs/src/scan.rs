//! `rungs scan`: scan repositories, write the report and optionally the per-commit records.

use std::{io::Write, time::Instant};

use anyhow::Context;

use rungs_scan::{BulkPolicy, NoClassifier, OpenRepo, RuleClassifier, ScanOptions, ScanSummary};

use crate::{args::ScanArgs, output, report};

pub(crate) fn run(args: &ScanArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let options = ScanOptions {
        revs: args.revs.clone(),
        all: args.all,
        since: args.since.clone(),
        until: args.until.clone(),
        first_parent: args.first_parent,
        renames: args.renames,
        diff_merges: false,
        max_blob_bytes: args.max_blob_size,
        excludes: args.excludes.clone(),
        default_excludes: !args.no_default_excludes,
        include_bots: args.include_bots,
        ignore_revs_file: args.ignore_revs_file.clone(),
        // A cherry-picked commit on another branch is the same work: count it once.
        dedupe_patches: args.all,
        jobs: args.jobs,
        pack_cache_bytes: args.pack_cache_mib.saturating_mul(1024 * 1024),
        aliases: match &args.aliases {
            Some(path) => crate::aliases::load(path)?,
            None => Default::default(),
        },
    };
    let note = |message: String| {
        if !args.quiet {
            eprintln!("rungs: {message}");
        }
    };

    // Open everything first: a bad path fails before any long scan starts.
    let repos = args
        .paths
        .iter()
        .map(|p| OpenRepo::open(p))
        .collect::<Result<Vec<_>, _>>()?;

    // Every scan classifies with the rules unless it only counts.
    let classifier = if args.counts_only {
        None
    } else {
        Some(RuleClassifier::new(crate::rules::load_pack(
            args.rules.as_deref(),
            &args.rules_add,
        )?))
    };
    let bulk = BulkPolicy {
        max_files: args.bulk_files,
        max_lines: args.bulk_lines,
        ..BulkPolicy::default()
    };
    let ladder = match &args.ladder {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the ladder file {}", path.display()))?;
            rungs_ladder::Ladder::from_toml(&path.display().to_string(), &text)?
        }
        None => rungs_ladder::default_ladder(),
    };
    let mut evidence = report::EvidenceCounts::default();

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

    let mut infos = Vec::with_capacity(repos.len());
    let mut summary = ScanSummary::default();
    for open in &repos {
        let shown = open.path.display().to_string();
        if open.is_empty() {
            note(format!(
                "{shown}: the repository has no commits yet; nothing to scan"
            ));
        }
        if open.is_shallow() {
            note(format!(
                "{shown}: shallow clone; history before its graft points is missing and not counted \
                 (fetch it with `git fetch --unshallow`, or `fetch-depth: 0` in CI)"
            ));
        }
        let mut write_record =
            |record: &rungs_scan::CommitRecord| -> Result<(), rungs_scan::BoxError> {
                let is_bulk = bulk.is_bulk(record);
                if let Some(file) = records.as_mut() {
                    serde_json::to_writer(
                        &mut *file,
                        &report::commit_line(&shown, record, is_bulk),
                    )?;
                    file.write_all(b"\n")?;
                }
                let Some(classifier) = &classifier else {
                    return Ok(());
                };
                evidence.add(&shown, record, classifier.rules(), &bulk, is_bulk);
                if let Some(file) = signals.as_mut()
                    && record.duplicate_of.is_none()
                {
                    for line in
                        report::signal_lines(&shown, record, classifier.rules(), &bulk, is_bulk)
                    {
                        serde_json::to_writer(&mut *file, &line)?;
                        file.write_all(b"\n")?;
                    }
                }
                Ok(())
            };
        let sink: Option<rungs_scan::RecordSink<'_>> =
            if args.records.is_some() || classifier.is_some() {
                Some(&mut write_record)
            } else {
                None
            };
        let scanned = match &classifier {
            Some(classifier) => rungs_scan::scan_repo(open, &options, classifier, sink),
            None => rungs_scan::scan_repo(open, &options, &NoClassifier, sink),
        }
        .with_context(|| format!("scan of {shown} failed"))?;
        infos.push(report::repo_entry(
            &scanned.info,
            open.origin_url().as_deref(),
        ));
        summary.merge(scanned.summary);
    }
    if let Some(file) = records {
        file.commit()?;
    }
    if let Some(file) = signals {
        file.commit()?;
    }

    let repo_count = infos.len();
    let document = report::build(
        infos,
        &summary,
        classifier.as_ref().map(|c| report::Classified {
            rules: c.rules(),
            counts: &evidence,
            bulk: &bulk,
            ladder: &ladder,
        }),
    );
    output::write_report(&document, &args.out)?;

    let mut extras = Vec::new();
    if summary.ignored_commits > 0 {
        extras.push(format!(
            "{} listed in ignore-revs, not line-counted",
            summary.ignored_commits
        ));
    }
    if summary.duplicate_patches > 0 {
        extras.push(format!(
            "{} duplicate patches counted once",
            summary.duplicate_patches
        ));
    }
    if summary.bot_commits > 0 {
        extras.push(format!("{} bot commits left out", summary.bot_commits));
    }
    let skipped: u64 = summary.skipped_files.values().sum();
    if skipped > 0 {
        extras.push(format!("{skipped} changed files skipped"));
    }
    note(format!(
        "scanned {} commits by {} authors in {} repositories in {:.2}s{}",
        summary.commits,
        summary.authors.len(),
        repo_count,
        started.elapsed().as_secs_f64(),
        if extras.is_empty() {
            String::new()
        } else {
            format!(" ({})", extras.join(", "))
        }
    ));
    Ok(())
}
