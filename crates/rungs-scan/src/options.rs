//! What to scan and how: the knobs of a scan, independent of the command line.

use std::path::PathBuf;

/// Blobs larger than this are skipped as `too-large` unless configured otherwise.
///
/// One mebibyte keeps generated dumps and data files out of the line counts while
/// leaving room for the largest hand-written sources seen in real projects.
pub const DEFAULT_MAX_BLOB_BYTES: u64 = 1024 * 1024;

/// Memory for the pack delta cache of each worker.
///
/// Measured on rust-lang/cargo and git/git with two workers (see `benches/README.md`):
/// 32, 64 and 128 MiB give the same scan time within noise, because each worker walks
/// a parent chain and finds its delta bases among the recently decoded ones; 32 MiB
/// keeps the peak on git/git at 450 MB instead of 540 MB (64) or 670 MB (128).
pub const DEFAULT_PACK_CACHE_BYTES: usize = 32 * 1024 * 1024;

/// Options of one scan. `Default` gives what `rungs scan` does without flags.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// Revision specs as `git log` takes them (`main`, `v1.0..v2.0`, `^old`).
    /// Empty means `HEAD`.
    pub revs: Vec<String>,
    /// Start from every reference (branches, tags, remotes), like `git log --all`.
    pub all: bool,
    /// Only commits whose committer date is at or after this time (`git log --since`).
    pub since: Option<String>,
    /// Only commits whose committer date is at or before this time (`git log --until`).
    pub until: Option<String>,
    /// Follow only the first parent of merges.
    pub first_parent: bool,
    /// Detect renames, so that a moved file counts only its changed lines.
    pub renames: bool,
    /// Also diff merge commits against their first parent.
    pub diff_merges: bool,
    /// Blobs above this size (bytes, either side of a change) are skipped.
    pub max_blob_bytes: u64,
    /// Go on past blobs the repository lacks (a partial clone, a damaged mirror),
    /// counting their files as [`SkipReason::Missing`](crate::SkipReason); without
    /// it the scan stops at the first one.
    pub allow_missing: bool,
    /// Extra globs of paths to leave out (`--exclude`).
    pub excludes: Vec<String>,
    /// Whether the built-in list of vendored, generated and lock files applies.
    pub default_excludes: bool,
    /// Keep commits by bots.
    pub include_bots: bool,
    /// A `.git-blame-ignore-revs` style file; `None` reads the repository's own
    /// `.git-blame-ignore-revs` from the scanned tip, if it has one.
    pub ignore_revs_file: Option<PathBuf>,
    /// Count a patch that sits on several branches once: commits with the same change
    /// (as `git patch-id` compares it), the same author and the same author date, as a
    /// cherry-pick or rebase leaves them (see [`CommitRecord::patch_id`](crate::CommitRecord::patch_id)).
    /// The first commit in walk order keeps it.
    pub dedupe_patches: bool,
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
    /// Pack delta cache per worker, in bytes (0 disables it).
    pub pack_cache_bytes: usize,
    /// More emails per person, applied after `.mailmap`.
    pub aliases: crate::identity::Aliases,
    /// People left out entirely (glob patterns over emails and names, no case):
    /// their commits are not scanned and they are never credited as co-authors.
    pub exclude_authors: Vec<String>,
    /// Counters the scan advances as it goes, for a progress display.
    pub progress: Option<std::sync::Arc<crate::Progress>>,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            revs: Vec::new(),
            all: false,
            since: None,
            until: None,
            first_parent: false,
            renames: false,
            diff_merges: false,
            max_blob_bytes: DEFAULT_MAX_BLOB_BYTES,
            allow_missing: false,
            excludes: Vec::new(),
            default_excludes: true,
            include_bots: false,
            ignore_revs_file: None,
            dedupe_patches: false,
            jobs: 0,
            pack_cache_bytes: DEFAULT_PACK_CACHE_BYTES,
            aliases: crate::identity::Aliases::default(),
            progress: None,
            exclude_authors: Vec::new(),
        }
    }
}
