//! The incremental cache of `--cache DIR`.
//!
//! Two kinds of entries, each under a key that covers everything the entry
//! depends on (so a changed rule, option, `.mailmap` or tool version simply
//! misses, and stale entries are never read):
//!
//! - **records** (`records/KEY/*.seg`): the record of every commit scanned, keyed
//!   by commit id. The key covers the tool version, the scanner's
//!   [fingerprint](rungs_scan::RepoScanner::fingerprint) and the rules. A full
//!   walk takes the records it finds instead of diffing again.
//! - **snapshots** (`snapshots/KEY/*.snap`): what a repository's walk up to some
//!   tips folded into (statistics and evidence). The key adds the repository's
//!   name in the report, the bulk thresholds and the commits the walk hides. When
//!   every tip of a snapshot is an ancestor of the tips being scanned, only the
//!   commits those tips do not reach are walked, and the snapshot is added in;
//!   with the same tips nothing is walked at all.
//!
//! Files are written atomically and checked on reading (see its `file` module); a
//! damaged file is reported, removed and rebuilt. A cache that cannot be used at
//! all costs speed, never the report.

mod file;
mod records;
mod snapshot;

use std::path::{Path, PathBuf};

pub use file::test_pause;
pub use records::{NewRecords, RecordStore};
use rungs_scan::{BulkPolicy, Oid, ScanOptions, Selection};
pub use snapshot::Snapshot;

/// Bumped whenever what the cache stores changes meaning.
const FORMAT: u64 = 5;

/// An opened cache directory.
pub struct Cache {
    dir: PathBuf,
}

/// The keys of one repository's entries.
pub struct Keys {
    /// Of its commits' records.
    pub records: [u8; 32],
    /// Of its snapshots; `None` when its walk cannot be resumed from a snapshot.
    pub snapshot: Option<[u8; 32]>,
}

impl Cache {
    /// Create `dir` if needed and mark it as a cache (`CACHEDIR.TAG`, which backup
    /// tools skip).
    pub fn open(dir: &Path) -> std::io::Result<Cache> {
        std::fs::create_dir_all(dir)?;
        let tag = dir.join("CACHEDIR.TAG");
        if !tag.exists() {
            std::fs::write(
                &tag,
                "Signature: 8a477f597d28d172789f06886806bc55\n\
                 # This directory is a cache of rungs scan results; it can be removed.\n",
            )?;
        }
        Ok(Cache {
            dir: dir.to_owned(),
        })
    }

    /// The keys for a repository named `name` in the report, scanned with the
    /// scanner `fingerprint`, the rules of `rules_digest` (`None`: counts only) and
    /// `bulk`, along `selection` with `options`.
    ///
    /// Snapshots need a walk whose commit set grows with its tips alone: not with
    /// `--since` (a cut-off that moves with the walk), `--until`, `--first-parent`
    /// (an old tip must then lie on the first-parent chain) or duplicate-patch
    /// removal (a new commit can make an old one a duplicate).
    pub fn keys(
        name: &str,
        fingerprint: &[u8; 32],
        rules_digest: Option<&[u8; 32]>,
        bulk: &BulkPolicy,
        selection: &Selection,
        options: &ScanOptions,
    ) -> Keys {
        let mut records = blake3::Hasher::new();
        records
            .update(b"rungs cache records")
            .update(&FORMAT.to_le_bytes())
            .update(env!("CARGO_PKG_VERSION").as_bytes())
            .update(&[0])
            .update(fingerprint);
        match rules_digest {
            Some(d) => records.update(&[1]).update(d),
            None => records.update(&[0]),
        };
        let records = *records.finalize().as_bytes();
        let resumable = !options.first_parent
            && !options.dedupe_patches
            && selection.since.is_none()
            && selection.until.is_none();
        let snapshot = resumable.then(|| {
            let mut key = blake3::Hasher::new();
            key.update(b"rungs cache snapshot")
                .update(&records)
                .update(&(name.len() as u64).to_le_bytes())
                .update(name.as_bytes())
                .update(&bulk.max_files.to_le_bytes())
                .update(&bulk.max_lines.to_le_bytes())
                .update(&bulk.factor.to_bits().to_le_bytes())
                .update(&(selection.hidden.len() as u64).to_le_bytes());
            for id in &selection.hidden {
                key.update(id.as_bytes());
            }
            *key.finalize().as_bytes()
        });
        Keys { records, snapshot }
    }

    fn records_dir(&self, key: &[u8; 32]) -> PathBuf {
        self.dir.join("records").join(file::hex(key))
    }

    fn snapshots_dir(&self, key: &[u8; 32]) -> PathBuf {
        self.dir.join("snapshots").join(file::hex(key))
    }

    /// The records stored under `key`.
    pub fn records(&self, key: &[u8; 32], warn: &dyn Fn(&str)) -> RecordStore {
        RecordStore::load(&self.records_dir(key), key, warn)
    }

    /// Store the records this run computed (see `records::save`).
    pub fn save_records(
        &self,
        key: &[u8; 32],
        new: NewRecords,
        loaded: Option<RecordStore>,
    ) -> std::io::Result<()> {
        records::save(&self.records_dir(key), key, new, loaded)
    }

    /// The snapshot to resume a walk from `tips` with (see `snapshot::find`).
    pub fn snapshot(
        &self,
        key: &[u8; 32],
        tips: &[Oid],
        is_ancestor: impl Fn(Oid, Oid) -> bool,
        warn: &dyn Fn(&str),
    ) -> Option<Snapshot> {
        snapshot::find(&self.snapshots_dir(key), key, tips, is_ancestor, warn)
    }

    /// Store a snapshot.
    pub fn save_snapshot(&self, key: &[u8; 32], snapshot: &Snapshot) -> std::io::Result<()> {
        snapshot::save(&self.snapshots_dir(key), key, snapshot)
    }
}
