//! Counters a caller can watch while a scan runs (for a progress bar).

use std::sync::atomic::{AtomicU64, Ordering};

/// How far a scan has got; shared with the scan through
/// [`ScanOptions::progress`](crate::ScanOptions::progress) and read from any thread.
#[derive(Debug, Default)]
pub struct Progress {
    walked: AtomicU64,
    scanned: AtomicU64,
}

impl Progress {
    /// Commits the walk has listed so far (the total once the walk is done).
    pub fn walked(&self) -> u64 {
        self.walked.load(Ordering::Relaxed)
    }

    /// Commits diffed and classified so far.
    pub fn scanned(&self) -> u64 {
        self.scanned.load(Ordering::Relaxed)
    }

    pub(crate) fn add_walked(&self, n: u64) {
        self.walked.fetch_add(n, Ordering::Relaxed);
    }

    pub(crate) fn add_scanned(&self, n: u64) {
        self.scanned.fetch_add(n, Ordering::Relaxed);
    }
}
