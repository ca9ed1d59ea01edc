//! A scan of several repositories, each through the cache when there is one:
//! one after another, each with every worker thread, when records are wanted in
//! order; otherwise several at once, the threads shared out between them. Either
//! way the results are added up in the order the repositories were given, so the
//! report is the same.

use std::{
    path::PathBuf,
    sync::{
        Mutex,
        atomic::{AtomicBool, AtomicUsize, Ordering},
    },
};

use rungs_ladder::Ladder;
use rungs_report::{Repo, Report};
use rungs_scan::{
    BoxError, BulkPolicy, Classifier, CommitRecord, NoClassifier, OpenRepo, RepoInfo, RepoScanner,
    ScanOptions, ScanSummary,
};

use crate::{
    EvidenceCounts, RuleClassifier,
    cache::{self, Cache},
};

/// Receives each record with the repository's name and whether the commit is bulk.
pub type OnRecord<'a> = &'a mut dyn FnMut(&str, &CommitRecord, bool) -> Result<(), BoxError>;

/// What a scan tells the person running it while it works; the command line
/// prints it and draws progress bars.
pub trait Observer: Sync {
    /// Something worth knowing about a repository (reused from the cache, shallow,
    /// empty).
    fn note(&self, message: &str);
    /// Something that costs speed, never the report (a cache that cannot be written).
    fn warn(&self, message: &str);
    /// Scanning starts; the value returned is dropped when it stops (a progress bar).
    fn scanning(&self) -> Box<dyn std::any::Any>;
}

/// A scan that cannot be finished.
#[derive(Debug, thiserror::Error)]
#[error("scan of {} failed", .path.display())]
pub struct ScanError {
    /// The repository.
    pub path: PathBuf,
    /// Why.
    #[source]
    pub source: rungs_scan::Error,
}

/// A scan of several repositories, ready to run: repositories opened, rules
/// compiled, cache opened (every bad path or file has failed before this exists).
pub struct ScanRun {
    /// The repositories, in the order the report lists them.
    pub repos: Vec<OpenRepo>,
    /// The scanner's options.
    pub options: ScanOptions,
    /// `None` when the scan only counts.
    pub classifier: Option<RuleClassifier>,
    /// A digest of the rule files, with the classifier (part of the cache key).
    pub rules_digest: Option<[u8; 32]>,
    /// With a cache directory, when it could be opened.
    pub cache: Option<Cache>,
    /// The bulk thresholds.
    pub bulk: BulkPolicy,
}

/// What a scan of all the repositories gave.
pub struct Scanned {
    /// The report entry of each repository.
    pub repos: Vec<Repo>,
    /// Counts per author, and what was left out.
    pub summary: ScanSummary,
    /// The evidence the rules found, folded per author.
    pub evidence: EvidenceCounts,
}

impl Scanned {
    /// One line on what was scanned in `seconds`: `scanned 412 commits by 9
    /// authors in 1 repository in 0.31s (3 bot commits left out)`.
    pub fn describe(&self, seconds: f64) -> String {
        let summary = &self.summary;
        let count =
            |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut extras = Vec::new();
        for (n, what) in [
            (
                summary.ignored_commits,
                "listed in ignore-revs, not line-counted",
            ),
            (summary.duplicate_patches, "duplicate patches counted once"),
            (summary.bot_commits, "bot commits left out"),
            (
                summary.excluded_commits,
                "commits of excluded people left out",
            ),
            (
                summary.skipped_files.values().sum(),
                "changed files skipped",
            ),
        ] {
            if n > 0 {
                extras.push(format!("{n} {what}"));
            }
        }
        format!(
            "scanned {} by {} in {} in {seconds:.2}s{}",
            count(summary.commits, "commit", "commits"),
            count(summary.authors.len() as u64, "author", "authors"),
            count(self.repos.len() as u64, "repository", "repositories"),
            if extras.is_empty() {
                String::new()
            } else {
                format!(" ({})", extras.join(", "))
            }
        )
    }
}

/// What scanning one repository gave.
struct RepoOutcome {
    summary: ScanSummary,
    evidence: EvidenceCounts,
    /// What to tell the user about it once its progress bar is gone.
    notes: Vec<String>,
}

impl ScanRun {
    /// Scan every repository; with `want_records`, hand each record, in `git log`
    /// order, to `on_record` with the repository's name and whether the commit is
    /// bulk (every record is then walked: a scan resumed from a cached snapshot
    /// could not give the old ones).
    pub fn scan(
        &self,
        observer: &dyn Observer,
        mut on_record: impl FnMut(&str, &CommitRecord, bool) -> Result<(), BoxError>,
        want_records: bool,
    ) -> Result<Scanned, ScanError> {
        for open in &self.repos {
            let shown = open.path.display();
            if open.is_empty() {
                observer.note(&format!(
                    "{shown}: the repository has no commits yet; nothing to scan"
                ));
            }
            if open.is_shallow() {
                observer.note(&format!(
                    "{shown}: shallow clone; history before its graft points is missing and not counted \
                     (fetch it with `git fetch --unshallow`, or `fetch-depth: 0` in CI)"
                ));
            }
            if let Some(remote) = &open.partial_clone {
                let then = if self.options.allow_missing {
                    "files whose blobs are missing are counted as `missing`, with no lines"
                } else {
                    "the scan stops at the first missing blob (--allow-missing goes on without them)"
                };
                observer.warn(&format!(
                    "{shown}: partial clone (promisor remote {remote}): git fetches its missing \
                     blobs on demand, rungs does not, so {then}; for exact counts scan a full \
                     clone (`git config --unset remote.{remote}.partialclonefilter && git fetch \
                     --refetch {remote}`)"
                ));
            }
        }
        let threads = match self.options.jobs {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        };
        let lanes = threads.min(self.repos.len());
        let outcomes = if want_records || lanes < 2 {
            self.one_by_one(observer, &mut on_record, want_records)?
        } else {
            self.side_by_side(observer, lanes, threads)?
        };
        let mut scanned = Scanned {
            repos: Vec::with_capacity(self.repos.len()),
            summary: ScanSummary::default(),
            evidence: EvidenceCounts::default(),
        };
        for (open, outcome) in self.repos.iter().zip(outcomes) {
            let info = RepoInfo {
                path: open.path.clone(),
                head: open.head,
                commits_scanned: outcome.summary.commits,
                shallow: open.is_shallow(),
            };
            scanned
                .repos
                .push(crate::repo_entry(&info, open.origin_url().as_deref()));
            scanned.summary.merge(outcome.summary);
            scanned.evidence.merge(outcome.evidence);
        }
        Ok(scanned)
    }

    /// The report of a finished scan, with real names and emails, placed on `ladder`
    /// when the scan classified.
    pub fn report(&self, scanned: &Scanned, ladder: &Ladder) -> Report {
        crate::build(
            scanned.repos.clone(),
            &scanned.summary,
            self.classifier.as_ref().map(|c| crate::Classified {
                rules: crate::rules_used(c.rules(), &self.bulk),
                counts: &scanned.evidence,
                ladder,
            }),
        )
    }

    fn one_by_one(
        &self,
        observer: &dyn Observer,
        on_record: OnRecord<'_>,
        want_records: bool,
    ) -> Result<Vec<RepoOutcome>, ScanError> {
        let mut outcomes = Vec::with_capacity(self.repos.len());
        for open in &self.repos {
            // Dropped when this repository's scan ends, with or without an error,
            // before its notes are printed.
            let scanning = observer.scanning();
            let outcome =
                self.scan_repo(observer, open, &self.options, &mut *on_record, want_records);
            drop(scanning);
            let outcome = outcome?;
            for note in &outcome.notes {
                observer.note(note);
            }
            outcomes.push(outcome);
        }
        Ok(outcomes)
    }

    /// `lanes` repositories at a time, `threads` worker threads shared between them.
    fn side_by_side(
        &self,
        observer: &dyn Observer,
        lanes: usize,
        threads: usize,
    ) -> Result<Vec<RepoOutcome>, ScanError> {
        let options = ScanOptions {
            jobs: (threads / lanes).max(1),
            ..self.options.clone()
        };
        let next = AtomicUsize::new(0);
        let failed = AtomicBool::new(false);
        let results: Vec<Mutex<Option<Result<RepoOutcome, ScanError>>>> =
            self.repos.iter().map(|_| Mutex::new(None)).collect();
        let scanning = observer.scanning();
        std::thread::scope(|scope| {
            for _ in 0..lanes {
                scope.spawn(|| {
                    while !failed.load(Ordering::Relaxed) {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(open) = self.repos.get(index) else {
                            break;
                        };
                        let outcome =
                            self.scan_repo(observer, open, &options, &mut |_, _, _| Ok(()), false);
                        failed.fetch_or(outcome.is_err(), Ordering::Relaxed);
                        *results[index].lock().unwrap_or_else(|e| e.into_inner()) = Some(outcome);
                    }
                });
            }
        });
        drop(scanning);
        let mut outcomes = Vec::with_capacity(results.len());
        for slot in results {
            match slot.into_inner().unwrap_or_else(|e| e.into_inner()) {
                Some(outcome) => outcomes.push(outcome?),
                // Not started because another repository failed: that error comes first.
                None => continue,
            }
        }
        for note in outcomes.iter().flat_map(|o| &o.notes) {
            observer.note(note);
        }
        Ok(outcomes)
    }

    /// Scan `open` with `options`; with `want_records`, hand every record to
    /// `on_record` in walk order.
    fn scan_repo(
        &self,
        observer: &dyn Observer,
        open: &OpenRepo,
        options: &ScanOptions,
        on_record: OnRecord<'_>,
        want_records: bool,
    ) -> Result<RepoOutcome, ScanError> {
        let result = match &self.classifier {
            Some(classifier) => {
                self.scan_with(observer, open, options, classifier, on_record, want_records)
            }
            None => self.scan_with(
                observer,
                open,
                options,
                &NoClassifier,
                on_record,
                want_records,
            ),
        };
        result.map_err(|source| ScanError {
            path: open.path.clone(),
            source,
        })
    }

    fn scan_with<C: Classifier>(
        &self,
        observer: &dyn Observer,
        open: &OpenRepo,
        options: &ScanOptions,
        classifier: &C,
        on_record: OnRecord<'_>,
        want_records: bool,
    ) -> Result<RepoOutcome, rungs_scan::Error> {
        let shown = open.path.display().to_string();
        let mut scanner = RepoScanner::new(open, options, classifier)?;
        let tips = scanner.selection().tips.clone();
        let warn = |message: &str| observer.warn(message);
        let cached = self
            .cache
            .as_ref()
            .filter(|_| !tips.is_empty())
            .map(|cache| {
                let keys = Cache::keys(
                    &shown,
                    &scanner.fingerprint(),
                    self.rules_digest.as_ref(),
                    &self.bulk,
                    scanner.selection(),
                    options,
                );
                (cache, keys)
            });
        let mut base = match &cached {
            Some((cache, keys)) if !want_records => keys
                .snapshot
                .as_ref()
                .and_then(|key| cache.snapshot(key, &tips, |a, b| open.is_ancestor(a, b), &warn)),
            _ => None,
        };
        if let Some(base) = base.take_if(|b| b.tips() == tips) {
            return Ok(RepoOutcome {
                notes: vec![format!(
                    "{shown}: unchanged since the cached scan ({} commits)",
                    base.summary.commits
                )],
                summary: base.summary,
                evidence: base.evidence,
            });
        }
        let store = match (&cached, &base) {
            (Some((cache, keys)), None) => cache.records(&keys.records, &warn),
            _ => cache::RecordStore::default(),
        };
        if let Some(base) = &base {
            scanner.hide(base.tips());
        }
        let scanner = scanner.with_known(&store);
        let mut fresh = cache::NewRecords::default();
        let mut evidence = EvidenceCounts::default();
        let mut sink = |record: &CommitRecord| -> Result<(), BoxError> {
            let is_bulk = self.bulk.is_bulk(record);
            if let Some(classifier) = &self.classifier {
                evidence.add(&shown, record, classifier.rules(), &self.bulk, is_bulk);
            }
            if cached.is_some() && !store.contains(&record.id) {
                fresh.push(record);
            }
            if want_records {
                on_record(&shown, record, is_bulk)?;
            }
            Ok(())
        };
        let wants_sink = want_records || self.classifier.is_some() || cached.is_some();
        let result = scanner.run(if wants_sink { Some(&mut sink) } else { None })?;
        let mut outcome = RepoOutcome {
            summary: result.summary,
            evidence,
            notes: Vec::new(),
        };
        let Some((cache, keys)) = cached else {
            return Ok(outcome);
        };
        let (reused, computed) = (store.len(), fresh.len());
        if let Some(base) = base {
            outcome.notes.push(format!(
                "{shown}: {} commits from the cached scan, {} new",
                base.summary.commits, outcome.summary.commits
            ));
            outcome.summary.merge(base.summary);
            outcome.evidence.merge(base.evidence);
        } else if reused > 0 {
            outcome.notes.push(format!(
                "{shown}: {} of {} commits taken from the cache",
                outcome.summary.commits.saturating_sub(computed as u64),
                outcome.summary.commits
            ));
        }
        let loaded = (reused > 0).then_some(store);
        if let Err(e) = cache.save_records(&keys.records, fresh, loaded) {
            observer.warn(&format!("cannot write to the cache: {e}"));
        }
        if let Some(key) = keys.snapshot {
            let snapshot = cache::Snapshot::new(&tips, outcome.summary, outcome.evidence);
            if let Err(e) = cache.save_snapshot(&key, &snapshot) {
                observer.warn(&format!("cannot write to the cache: {e}"));
            }
            outcome.summary = snapshot.summary;
            outcome.evidence = snapshot.evidence;
        }
        Ok(outcome)
    }
}
