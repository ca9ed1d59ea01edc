//! Scanning all the repositories of a run: one after another, each with every
//! worker thread, when records are wanted in order; otherwise several at once,
//! the threads shared out between them. Either way the results are added up in
//! the order the repositories were given, so the report is the same.

use std::sync::{
    Mutex,
    atomic::{AtomicBool, AtomicUsize, Ordering},
};

use anyhow::Context;
use rungs_scan::{BoxError, CommitRecord, RepoInfo, ScanOptions, ScanSummary};

use super::{
    Prepared, Scanned,
    one::{OnRecord, RepoOutcome},
};

impl Prepared {
    /// Scan every repository; with `want_records`, hand each record, in `git log`
    /// order, to `on_record` with the repository's name and whether the commit is
    /// bulk (every record is then walked: a scan resumed from a cached snapshot
    /// could not give the old ones).
    pub(crate) fn scan(
        &self,
        mut on_record: impl FnMut(&str, &CommitRecord, bool) -> Result<(), BoxError>,
        want_records: bool,
    ) -> anyhow::Result<Scanned> {
        for open in &self.repos {
            let shown = open.path.display();
            if open.is_empty() {
                self.note(&format!(
                    "{shown}: the repository has no commits yet; nothing to scan"
                ));
            }
            if open.is_shallow() {
                self.note(&format!(
                    "{shown}: shallow clone; history before its graft points is missing and not counted \
                     (fetch it with `git fetch --unshallow`, or `fetch-depth: 0` in CI)"
                ));
            }
        }
        let threads = match self.options.jobs {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        };
        let lanes = threads.min(self.repos.len());
        let outcomes = if want_records || lanes < 2 {
            self.one_by_one(&mut on_record, want_records)?
        } else {
            self.side_by_side(lanes, threads)?
        };
        let mut scanned = Scanned {
            repos: Vec::with_capacity(self.repos.len()),
            summary: ScanSummary::default(),
            evidence: rungs_core::EvidenceCounts::default(),
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
                .push(rungs_core::repo_entry(&info, open.origin_url().as_deref()));
            scanned.summary.merge(outcome.summary);
            scanned.evidence.merge(outcome.evidence);
        }
        Ok(scanned)
    }

    fn one_by_one(
        &self,
        on_record: OnRecord<'_>,
        want_records: bool,
    ) -> anyhow::Result<Vec<RepoOutcome>> {
        let mut outcomes = Vec::with_capacity(self.repos.len());
        for open in &self.repos {
            // Cleared (dropped) when this repository's scan ends, with or without an
            // error, before its notes are printed.
            let bar = self.progress_bar();
            let outcome = self
                .scan_repo(open, &self.options, &mut *on_record, want_records)
                .with_context(|| format!("scan of {} failed", open.path.display()));
            drop(bar);
            let outcome = outcome?;
            for note in &outcome.notes {
                self.note(note);
            }
            outcomes.push(outcome);
        }
        Ok(outcomes)
    }

    /// `lanes` repositories at a time, `threads` worker threads shared between them.
    fn side_by_side(&self, lanes: usize, threads: usize) -> anyhow::Result<Vec<RepoOutcome>> {
        let options = ScanOptions {
            jobs: (threads / lanes).max(1),
            ..self.options.clone()
        };
        let next = AtomicUsize::new(0);
        let failed = AtomicBool::new(false);
        let results: Vec<Mutex<Option<anyhow::Result<RepoOutcome>>>> =
            self.repos.iter().map(|_| Mutex::new(None)).collect();
        let bar = self.progress_bar();
        std::thread::scope(|scope| {
            for _ in 0..lanes {
                scope.spawn(|| {
                    while !failed.load(Ordering::Relaxed) {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(open) = self.repos.get(index) else {
                            break;
                        };
                        let outcome = self
                            .scan_repo(open, &options, &mut |_, _, _| Ok(()), false)
                            .with_context(|| format!("scan of {} failed", open.path.display()));
                        failed.fetch_or(outcome.is_err(), Ordering::Relaxed);
                        *results[index].lock().unwrap_or_else(|e| e.into_inner()) = Some(outcome);
                    }
                });
            }
        });
        drop(bar);
        let mut outcomes = Vec::with_capacity(results.len());
        for slot in results {
            match slot.into_inner().unwrap_or_else(|e| e.into_inner()) {
                Some(outcome) => outcomes.push(outcome?),
                // Not started because another repository failed: that error comes first.
                None => continue,
            }
        }
        for note in outcomes.iter().flat_map(|o| &o.notes) {
            self.note(note);
        }
        Ok(outcomes)
    }

    fn progress_bar(&self) -> Option<crate::progress::Bar> {
        self.options
            .progress
            .clone()
            .map(crate::progress::Bar::start)
    }
}
