//! The commit scanner of rungs.
//!
//! It opens git repositories, selects commits the way `git log` does, diffs every
//! non-merge commit against its first parent (a root commit against the empty tree),
//! counts added and removed lines exactly as `git log --numstat` does, hands the
//! changed lines and the message to a [`Classifier`], and folds the resulting
//! [`CommitRecord`]s into per-author [`AuthorStats`].
//!
//! The work is spread over a rayon pool: one repository handle and one set of
//! caches per worker, contiguous chunks of commits per claim, per-worker
//! accumulators merged at the end. Output never depends on thread timing.
#![deny(missing_docs)]

mod attributes;
pub mod classify;
mod diff;
mod error;
pub mod evidence;
mod fingerprint;
pub mod identity;
mod ignore_revs;
mod known;
mod lines;
pub mod message;
mod oid;
mod options;
mod paths;
mod progress;
pub mod record;
mod repo;
mod revs;
mod scan;
pub mod summary;
mod walk;

pub use classify::{Classifier, FileLines, Hit, Line, MessageInput, NoClassifier};
pub use error::Error;
pub use evidence::BulkPolicy;
pub use identity::OptOut;
pub use known::{KnownRecords, NoKnownRecords};
pub use options::{DEFAULT_MAX_BLOB_BYTES, DEFAULT_PACK_CACHE_BYTES, ScanOptions};
pub use progress::Progress;
pub use record::{CommitRecord, FileRecord, FileStatus, SkipReason};
pub use repo::{OpenRepo, RepoInfo};
pub use revs::{Selection, parse_date};
pub use scan::{RecordSink, RepoScan, RepoScanner, scan_repo};
pub use summary::{AuthorStats, ScanSummary};

pub use bstr;
pub use error::BoxError;
pub use oid::{Oid, Time};
pub use record::{LineCounts, rfc3339, rfc3339_utc};
