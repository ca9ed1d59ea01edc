//! What the scanner produces per commit: the [`CommitRecord`].

use bstr::BString;

use crate::{Oid, Time, classify::Hit, identity::Identity, message::Trailer};

/// How a path changed in a commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum FileStatus {
    /// The path is new.
    Added,
    /// The path was removed.
    Deleted,
    /// Content or mode changed.
    Modified,
    /// The entry changed kind (file, symlink, submodule).
    TypeChanged,
    /// Moved from another path (only with rename detection).
    Renamed,
}

impl FileStatus {
    /// The name used in records (`added`, `deleted`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            FileStatus::Added => "added",
            FileStatus::Deleted => "deleted",
            FileStatus::Modified => "modified",
            FileStatus::TypeChanged => "type-changed",
            FileStatus::Renamed => "renamed",
        }
    }
}

/// Why a changed file was not line-diffed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum SkipReason {
    /// Either side has a NUL byte in its first 8000 bytes, or the path is marked `binary` / `-diff`.
    Binary,
    /// Either side is larger than the configured cap.
    TooLarge,
    /// A submodule (gitlink) entry.
    Submodule,
    /// The path matches the default exclusion list or an `--exclude` glob.
    Excluded,
    /// The path is marked `linguist-generated`.
    Generated,
    /// The path is marked `linguist-vendored`.
    Vendored,
    /// The whole commit is listed in the ignore-revs file.
    IgnoreRevs,
    /// A blob of either side is not in the repository (a partial clone, a
    /// damaged mirror), and the scan was asked to go on (`allow_missing`).
    Missing,
}

impl SkipReason {
    /// Every reason, in the order reports list them.
    pub const ALL: [SkipReason; 8] = [
        SkipReason::Binary,
        SkipReason::TooLarge,
        SkipReason::Submodule,
        SkipReason::Excluded,
        SkipReason::Generated,
        SkipReason::Vendored,
        SkipReason::IgnoreRevs,
        SkipReason::Missing,
    ];

    /// The reason named `name` in records and reports, if it is one.
    pub fn from_name(name: &str) -> Option<SkipReason> {
        SkipReason::ALL.into_iter().find(|r| r.as_str() == name)
    }

    /// The name used in records and reports (`binary`, `too-large`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::Binary => "binary",
            SkipReason::TooLarge => "too-large",
            SkipReason::Submodule => "submodule",
            SkipReason::Excluded => "excluded",
            SkipReason::Generated => "generated",
            SkipReason::Vendored => "vendored",
            SkipReason::IgnoreRevs => "ignore-revs",
            SkipReason::Missing => "missing",
        }
    }
}

/// One changed path of a commit.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FileRecord {
    /// The path in the commit's tree (the new path for renames).
    pub path: BString,
    /// The previous path, for renames.
    pub old_path: Option<BString>,
    /// How it changed.
    pub status: FileStatus,
    /// Line counts, or why there are none.
    pub lines: Result<LineCounts, SkipReason>,
}

/// Added and removed lines of one file, as `git log --numstat` counts them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct LineCounts {
    /// Lines added.
    pub added: u64,
    /// Lines removed.
    pub removed: u64,
}

/// Everything the scanner learned about one commit.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CommitRecord {
    /// The commit id.
    pub id: Oid,
    /// The author after mailmap resolution.
    pub author: Identity,
    /// The author email as written in the commit, before mailmap.
    pub raw_email: BString,
    /// Author time.
    pub time: Time,
    /// Number of parents (0 for roots and for the grafted bottom of a shallow clone).
    pub parents: u32,
    /// Listed in the ignore-revs file: counted as a commit, but no lines or signals.
    pub ignored: bool,
    /// Trailers of the message.
    pub trailers: Vec<Trailer>,
    /// The people of its `Co-authored-by` trailers, resolved like authors (mailmap,
    /// then aliases), once each, without the author.
    pub coauthors: Vec<Identity>,
    /// The exclusion patterns (as given) that left co-authors of this commit out.
    pub coauthors_excluded_by: Vec<String>,
    /// Changed paths, sorted by path. Empty for merges that are not diffed.
    pub files: Vec<FileRecord>,
    /// What the classifier found.
    pub hits: Vec<Hit>,
    /// A fingerprint of the change that ignores line numbers and whitespace, like
    /// `git patch-id`, together with the author and author date (which a cherry-pick
    /// keeps and a re-applied change does not); only computed when duplicate patches
    /// are being removed.
    pub patch_id: Option<Oid>,
    /// The commit, earlier in walk order, that carries the same patch: this one is
    /// not counted (set only when duplicate patches are being removed).
    pub duplicate_of: Option<Oid>,
}

impl CommitRecord {
    /// Whether this commit is a merge.
    pub fn is_merge(&self) -> bool {
        self.parents > 1
    }

    /// Sum of line counts over the files that were diffed.
    pub fn line_counts(&self) -> LineCounts {
        self.files
            .iter()
            .filter_map(|f| f.lines.as_ref().ok())
            .fold(LineCounts::default(), |acc, c| LineCounts {
                added: acc.added + c.added,
                removed: acc.removed + c.removed,
            })
    }
}

/// Format a git time as RFC 3339 with the author's own UTC offset (`2024-05-01T10:00:00+02:00`).
pub fn rfc3339(time: Time) -> String {
    time.to_gix()
        .format_or_unix(gix::date::time::format::ISO8601_STRICT)
}

/// Format seconds since the epoch as RFC 3339 in UTC (`2024-05-01T08:00:00Z`),
/// the one convention of every time in rungs' documents (a time too far from
/// the present for four-digit years is written as bare seconds).
pub fn rfc3339_utc(seconds: i64) -> String {
    let mut text = rfc3339(Time::new(seconds, 0));
    if text.ends_with("+00:00") {
        text.truncate(text.len() - "+00:00".len());
        text.push('Z');
    }
    text
}
