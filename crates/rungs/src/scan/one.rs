//! One repository's scan, through the cache when there is one.

use rungs_scan::{
    BoxError, Classifier, CommitRecord, NoClassifier, OpenRepo, RepoScanner, ScanOptions,
    ScanSummary,
};

use rungs_core::EvidenceCounts;

use super::Prepared;
use crate::cache::{self, Cache};

/// Receives each record with the repository's name and whether the commit is bulk.
pub(super) type OnRecord<'a> = &'a mut dyn FnMut(&str, &CommitRecord, bool) -> Result<(), BoxError>;

/// What scanning one repository gave.
pub(super) struct RepoOutcome {
    pub summary: ScanSummary,
    pub evidence: EvidenceCounts,
    /// What to tell the user about it once its progress bar is gone.
    pub notes: Vec<String>,
}

impl Prepared {
    /// Scan `open` with `options`; with `want_records`, hand every record to
    /// `on_record` in walk order.
    pub(super) fn scan_repo(
        &self,
        open: &OpenRepo,
        options: &ScanOptions,
        on_record: OnRecord<'_>,
        want_records: bool,
    ) -> anyhow::Result<RepoOutcome> {
        match &self.classifier {
            Some(classifier) => self.scan_with(open, options, classifier, on_record, want_records),
            None => self.scan_with(open, options, &NoClassifier, on_record, want_records),
        }
    }

    fn scan_with<C: Classifier>(
        &self,
        open: &OpenRepo,
        options: &ScanOptions,
        classifier: &C,
        on_record: OnRecord<'_>,
        want_records: bool,
    ) -> anyhow::Result<RepoOutcome> {
        let shown = open.path.display().to_string();
        let mut scanner = RepoScanner::new(open, options, classifier)?;
        let tips = scanner.selection().tips.clone();
        let warn = |message: &str| self.warn(message);
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
            self.warn(&format!("cannot write to the cache: {e}"));
        }
        if let Some(key) = keys.snapshot {
            let snapshot = cache::Snapshot::new(&tips, outcome.summary, outcome.evidence);
            if let Err(e) = cache.save_snapshot(&key, &snapshot) {
                self.warn(&format!("cannot write to the cache: {e}"));
            }
            outcome.summary = snapshot.summary;
            outcome.evidence = snapshot.evidence;
        }
        Ok(outcome)
    }
}
