//! Folding commit records into per-author statistics.
//!
//! Every operation here is commutative and associative, so per-worker (and
//! per-repository) summaries can be merged in any order with the same result.

use std::collections::{BTreeMap, BTreeSet};

use bstr::BString;

use crate::{
    Time,
    record::{CommitRecord, SkipReason},
};

/// Activity of one author (one resolved email).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AuthorStats {
    /// How often each resolved name was used (the report picks the display name from it).
    pub names: BTreeMap<BString, u64>,
    /// Every email seen before mailmap resolution, lower-cased.
    pub emails: BTreeSet<BString>,
    /// Non-merge commits.
    pub commits: u64,
    /// Merge commits.
    pub merges: u64,
    /// Commits listed in the ignore-revs file (included in `commits`).
    pub ignored_commits: u64,
    /// Files diffed (changed files that were not skipped).
    pub files_changed: u64,
    /// Lines added over all diffed files.
    pub lines_added: u64,
    /// Lines removed over all diffed files.
    pub lines_removed: u64,
    /// Earliest author time, as (seconds, offset) for a deterministic order.
    pub first: Option<Time>,
    /// Latest author time.
    pub last: Option<Time>,
}

fn earlier(a: Time, b: Time) -> Time {
    if (b.seconds, b.offset) < (a.seconds, a.offset) {
        b
    } else {
        a
    }
}

fn later(a: Time, b: Time) -> Time {
    if (b.seconds, b.offset) > (a.seconds, a.offset) {
        b
    } else {
        a
    }
}

fn merge_opt(a: Option<Time>, b: Option<Time>, pick: fn(Time, Time) -> Time) -> Option<Time> {
    match (a, b) {
        (Some(a), Some(b)) => Some(pick(a, b)),
        (a, b) => a.or(b),
    }
}

impl AuthorStats {
    fn add(&mut self, record: &CommitRecord) {
        *self.names.entry(record.author.name.clone()).or_default() += 1;
        self.emails
            .insert(record.raw_email.to_ascii_lowercase().into());
        if record.is_merge() {
            self.merges += 1;
        } else {
            self.commits += 1;
        }
        if record.ignored {
            self.ignored_commits += 1;
        }
        let counts = record.line_counts();
        self.lines_added += counts.added;
        self.lines_removed += counts.removed;
        self.files_changed += record.files.iter().filter(|f| f.lines.is_ok()).count() as u64;
        self.first = merge_opt(self.first, Some(record.time), earlier);
        self.last = merge_opt(self.last, Some(record.time), later);
    }

    /// Merge another author's statistics into these (every field named: a new
    /// counter does not compile until it is merged here).
    pub fn merge(&mut self, other: AuthorStats) {
        let AuthorStats {
            names,
            emails,
            commits,
            merges,
            ignored_commits,
            files_changed,
            lines_added,
            lines_removed,
            first,
            last,
        } = other;
        for (name, n) in names {
            *self.names.entry(name).or_default() += n;
        }
        self.emails.extend(emails);
        self.commits += commits;
        self.merges += merges;
        self.ignored_commits += ignored_commits;
        self.files_changed += files_changed;
        self.lines_added += lines_added;
        self.lines_removed += lines_removed;
        self.first = merge_opt(self.first, first, earlier);
        self.last = merge_opt(self.last, last, later);
    }
}

/// Everything folded from the records of one scan (or several merged scans).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ScanSummary {
    /// Authors by key (lower-cased resolved email).
    pub authors: BTreeMap<BString, AuthorStats>,
    /// Commits scanned (merges included, bots excluded).
    pub commits: u64,
    /// Commits by bots that were left out.
    pub bot_commits: u64,
    /// Commits of people excluded by name or email, left out.
    pub excluded_commits: u64,
    /// Per exclusion pattern (as given): the commits whose author, or one of whose
    /// co-authors, it left out. A pattern absent here left nobody out.
    pub excluded_by_pattern: BTreeMap<String, u64>,
    /// Commits listed in the ignore-revs file.
    pub ignored_commits: u64,
    /// Commits left out because the same patch was already counted from another commit.
    pub duplicate_patches: u64,
    /// Changed files not diffed, by reason.
    pub skipped_files: BTreeMap<SkipReason, u64>,
}

impl ScanSummary {
    /// Fold one record in.
    pub fn add(&mut self, record: &CommitRecord) {
        self.commits += 1;
        for pattern in &record.coauthors_excluded_by {
            *self.excluded_by_pattern.entry(pattern.clone()).or_default() += 1;
        }
        if record.ignored {
            self.ignored_commits += 1;
        }
        for file in &record.files {
            if let Err(reason) = file.lines {
                *self.skipped_files.entry(reason).or_default() += 1;
            }
        }
        self.authors
            .entry(record.author.key())
            .or_default()
            .add(record);
    }

    /// Merge another summary into this one (every field named, as above).
    pub fn merge(&mut self, other: ScanSummary) {
        let ScanSummary {
            authors,
            commits,
            bot_commits,
            excluded_commits,
            excluded_by_pattern,
            ignored_commits,
            duplicate_patches,
            skipped_files,
        } = other;
        self.commits += commits;
        self.bot_commits += bot_commits;
        self.excluded_commits += excluded_commits;
        for (pattern, n) in excluded_by_pattern {
            *self.excluded_by_pattern.entry(pattern).or_default() += n;
        }
        self.ignored_commits += ignored_commits;
        self.duplicate_patches += duplicate_patches;
        for (reason, n) in skipped_files {
            *self.skipped_files.entry(reason).or_default() += n;
        }
        for (key, stats) in authors {
            self.authors.entry(key).or_default().merge(stats);
        }
    }
}
