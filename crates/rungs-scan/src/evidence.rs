//! Bulk commits: a mass reformat, vendored code, a generated tree (many files or
//! many lines at once). Their evidence still counts, but its weight is scaled down
//! by [`BulkPolicy::factor`], since one person did not write that much code in one go.

use crate::record::CommitRecord;

/// When a commit counts as bulk, and how much its evidence weighs then.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BulkPolicy {
    /// More changed files than this (skipped ones included) make a commit bulk.
    pub max_files: u64,
    /// More changed lines (added plus removed, over diffed files) than this make a commit bulk.
    pub max_lines: u64,
    /// The factor applied to the weight of a bulk commit's hits (0 to 1).
    pub factor: f64,
}

/// Default [`BulkPolicy::max_files`].
pub const DEFAULT_BULK_FILES: u64 = 100;
/// Default [`BulkPolicy::max_lines`].
pub const DEFAULT_BULK_LINES: u64 = 5000;
/// Default [`BulkPolicy::factor`].
pub const DEFAULT_BULK_FACTOR: f64 = 0.1;

impl Default for BulkPolicy {
    fn default() -> Self {
        BulkPolicy {
            max_files: DEFAULT_BULK_FILES,
            max_lines: DEFAULT_BULK_LINES,
            factor: DEFAULT_BULK_FACTOR,
        }
    }
}

impl BulkPolicy {
    /// Whether `record` is a bulk commit. Commits in the ignore-revs file never are:
    /// they carry no evidence to weigh.
    pub fn is_bulk(&self, record: &CommitRecord) -> bool {
        let lines = record.line_counts();
        !record.ignored
            && (record.files.len() as u64 > self.max_files
                || lines.added + lines.removed > self.max_lines)
    }

    /// The weight a hit of a rule of `weight` carries in a commit that is bulk or not.
    pub fn scale(&self, weight: f64, is_bulk: bool) -> f64 {
        if is_bulk {
            weight * self.factor
        } else {
            weight
        }
    }
}
