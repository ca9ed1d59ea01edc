//! Records a caller already has (from a cache): commits the scan takes as they
//! are instead of diffing them again.

use crate::{CommitRecord, Oid};

/// Records already known, by commit id: a scan takes them instead of diffing the
/// commit again (see [`RepoScanner::with_known`](crate::RepoScanner::with_known)).
///
/// A known record must be what the scan would compute for that commit with the
/// same [`RepoScanner::fingerprint`](crate::RepoScanner::fingerprint) and classifier; bots and excluded people are
/// still recognised from the commit itself.
pub trait KnownRecords: Sync {
    /// The record of `id`, if known.
    fn get(&self, id: &Oid) -> Option<CommitRecord>;
}

/// No records known: every commit is diffed.
pub struct NoKnownRecords;

impl KnownRecords for NoKnownRecords {
    fn get(&self, _: &Oid) -> Option<CommitRecord> {
        None
    }
}
