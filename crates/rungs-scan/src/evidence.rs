//! Folding the hits of commit records into per-author, per-skill evidence.
//!
//! A commit is one piece of evidence per rule it hits, whatever the number of
//! matching lines. Bulk commits (a mass reformat, vendored code, a generated
//! tree: many files or many lines at once) still count, but their score is
//! scaled down by [`BulkPolicy::factor`], since one person did not write that
//! much code in one go.
//!
//! Every operation is a sum, a minimum or a maximum, so tallies merge in any order
//! with the same result.

use std::collections::{BTreeMap, BTreeSet};

use bstr::BString;
use rungs_rules::RuleSet;

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
    /// Whether `record` is a bulk commit.
    pub fn is_bulk(&self, record: &CommitRecord) -> bool {
        let lines = record.line_counts();
        record.files.len() as u64 > self.max_files || lines.added + lines.removed > self.max_lines
    }

    /// The weight one hit of a rule of `weight` carries in `record`.
    pub fn weight(&self, record: &CommitRecord, weight: f64) -> f64 {
        if self.is_bulk(record) {
            weight * self.factor
        } else {
            weight
        }
    }
}

/// Evidence of one skill by one author.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SkillTally {
    /// Commits with at least one hit of the skill.
    pub commits: u64,
    /// Of those, bulk commits.
    pub bulk_commits: u64,
    /// Sum over commits and distinct rules hit of the rule's weight (scaled for bulk
    /// commits), in thousandths, so that sums are exact in any order.
    pub score_milli: u64,
    /// Earliest author time of an evidence commit.
    pub first: Option<gix::date::Time>,
    /// Latest author time of an evidence commit.
    pub last: Option<gix::date::Time>,
    /// Evidence commits per (signal, depth).
    pub signals: BTreeMap<(String, u8), u64>,
}

impl SkillTally {
    fn merge(&mut self, other: SkillTally) {
        self.commits += other.commits;
        self.bulk_commits += other.bulk_commits;
        self.score_milli += other.score_milli;
        self.first = pick(self.first, other.first, |a, b| a <= b);
        self.last = pick(self.last, other.last, |a, b| a >= b);
        for (key, n) in other.signals {
            *self.signals.entry(key).or_default() += n;
        }
    }
}

fn pick(
    a: Option<gix::date::Time>,
    b: Option<gix::date::Time>,
    keep_a: fn((i64, i32), (i64, i32)) -> bool,
) -> Option<gix::date::Time> {
    match (a, b) {
        (Some(x), Some(y)) => Some(if keep_a((x.seconds, x.offset), (y.seconds, y.offset)) {
            x
        } else {
            y
        }),
        (x, y) => x.or(y),
    }
}

/// The (signal, depth) pairs one commit shows for a skill.
type SignalsSeen<'a> = BTreeSet<(&'a str, u8)>;

/// Per-author, per-skill evidence of a scan.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EvidenceTally {
    /// By author key (lower-cased resolved email, as in [`ScanSummary`](crate::ScanSummary)),
    /// then by skill.
    pub authors: BTreeMap<BString, BTreeMap<String, SkillTally>>,
    /// Commits with at least one hit.
    pub evidence_commits: u64,
    /// Commits that were bulk (whether or not they had hits).
    pub bulk_commits: u64,
}

impl EvidenceTally {
    /// Fold in one record whose hits index `rules`. Duplicate patches and commits in
    /// the ignore-revs file carry no evidence.
    pub fn add(&mut self, record: &CommitRecord, rules: &RuleSet, bulk: &BulkPolicy) {
        if record.duplicate_of.is_some() || record.ignored {
            return;
        }
        let is_bulk = bulk.is_bulk(record);
        if is_bulk {
            self.bulk_commits += 1;
        }
        if record.hits.is_empty() {
            return;
        }
        self.evidence_commits += 1;
        let rules = rules.rules();
        let hit_rules: BTreeSet<usize> = record.hits.iter().map(|h| h.rule as usize).collect();
        let mut per_skill: BTreeMap<&str, (u64, SignalsSeen<'_>)> = BTreeMap::new();
        for &index in &hit_rules {
            let Some(rule) = rules.get(index) else {
                continue;
            };
            let weight = if is_bulk {
                rule.weight * bulk.factor
            } else {
                rule.weight
            };
            let entry = per_skill.entry(rule.skill.as_str()).or_default();
            entry.0 += (weight * 1000.0).round().max(0.0) as u64;
            entry.1.insert((rule.signal.as_str(), rule.depth));
        }
        let skills = self.authors.entry(record.author.key()).or_default();
        for (skill, (score_milli, signals)) in per_skill {
            let mut tally = SkillTally {
                commits: 1,
                bulk_commits: u64::from(is_bulk),
                score_milli,
                first: Some(record.time),
                last: Some(record.time),
                signals: BTreeMap::new(),
            };
            for (signal, depth) in signals {
                tally.signals.insert((signal.to_owned(), depth), 1);
            }
            skills.entry(skill.to_owned()).or_default().merge(tally);
        }
    }

    /// Merge another tally into this one.
    pub fn merge(&mut self, other: EvidenceTally) {
        self.evidence_commits += other.evidence_commits;
        self.bulk_commits += other.bulk_commits;
        for (author, skills) in other.authors {
            let mine = self.authors.entry(author).or_default();
            for (skill, tally) in skills {
                mine.entry(skill).or_default().merge(tally);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        classify::Hit,
        identity::Identity,
        record::{FileRecord, FileStatus, LineCounts},
    };

    fn rule(rules: &RuleSet, id: &str) -> u32 {
        rules
            .rules()
            .iter()
            .position(|r| r.id == id)
            .unwrap_or_else(|| panic!("rule {id}")) as u32
    }

    fn record(n: u8, email: &str, rules: &[u32], files: usize, lines: u64) -> CommitRecord {
        CommitRecord {
            id: gix::ObjectId::from_bytes_or_panic(&[n; 20]),
            author: Identity {
                name: "A".into(),
                email: email.into(),
            },
            raw_email: email.into(),
            time: gix::date::Time::new(1_700_000_000 + i64::from(n) * 3600, 0),
            parents: 1,
            ignored: false,
            trailers: Vec::new(),
            files: (0..files)
                .map(|i| FileRecord {
                    path: format!("src/f{i}.rs").into(),
                    old_path: None,
                    status: FileStatus::Modified,
                    lines: Ok(LineCounts {
                        added: lines,
                        removed: 0,
                    }),
                })
                .collect(),
            hits: rules
                .iter()
                .map(|&rule| Hit {
                    rule,
                    path: None,
                    line: None,
                    side: None,
                    text: None,
                })
                .collect(),
            patch_id: None,
            duplicate_of: None,
        }
    }

    #[test]
    fn tallies_count_commits_per_skill_and_signal_and_merge_in_any_order() {
        let rules = RuleSet::from_sources(&rungs_rules::default_sources()).expect("pack");
        let bulk = BulkPolicy::default();
        let (tx, lock, fix) = (
            rule(&rules, "transaction-api"),
            rule(&rules, "isolation-and-locking"),
            rule(&rules, "crash-fix"),
        );
        let records = [
            // Two acid rules in one commit: one evidence commit for acid.
            record(1, "a@x", &[tx, lock], 1, 10),
            record(2, "A@X", &[tx], 1, 10),
            // A bulk commit: counted, weighed at a tenth.
            record(3, "a@x", &[fix], 200, 10),
            record(4, "b@x", &[], 1, 10),
        ];
        let mut whole = EvidenceTally::default();
        for r in &records {
            whole.add(r, &rules, &bulk);
        }
        let acid = &whole.authors[&BString::from("a@x")]["acid"];
        assert_eq!(acid.commits, 2);
        assert_eq!(acid.signals[&("transaction".to_owned(), 1)], 2);
        assert_eq!(acid.signals[&("isolation-locking".to_owned(), 3)], 1);
        assert_eq!(acid.score_milli, 3000);
        let errors = &whole.authors[&BString::from("a@x")]["error-codes"];
        assert_eq!(
            (errors.commits, errors.bulk_commits, errors.score_milli),
            (1, 1, 100)
        );
        assert_eq!((whole.evidence_commits, whole.bulk_commits), (3, 1));
        assert!(!whole.authors.contains_key(&BString::from("b@x")));

        // Any split, merged in any order, gives the same tally.
        for split in 0..=records.len() {
            let (left, right) = records.split_at(split);
            let fold = |part: &[CommitRecord]| {
                let mut t = EvidenceTally::default();
                for r in part {
                    t.add(r, &rules, &bulk);
                }
                t
            };
            let mut a = fold(left);
            a.merge(fold(right));
            let mut b = fold(right);
            b.merge(fold(left));
            assert_eq!(a, whole);
            assert_eq!(b, whole);
        }
    }
}
