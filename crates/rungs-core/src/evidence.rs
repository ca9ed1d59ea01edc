//! Evidence folded from a scan's records, commit by commit, into the aggregates
//! profiles are computed from: who showed which skill, when, how deep, and with
//! whom.

use std::collections::BTreeMap;

use rungs_ladder::{Aggregates, Evidence, Place};
use rungs_rules::RuleSet;
use rungs_scan::{BulkPolicy, CommitRecord, bstr::ByteSlice};

use crate::text;

/// Evidence folded from the records of a scan, in walk order on one thread.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct EvidenceCounts {
    /// Per author, skill and month; what profiles are computed from.
    pub aggregates: Aggregates,
    /// Commits with at least one hit.
    pub evidence_commits: u64,
    /// Commits over the bulk thresholds.
    pub bulk_commits: u64,
    /// Names of co-authors, by key, for people who appear only as co-authors.
    pub coauthor_names: BTreeMap<String, String>,
}

impl EvidenceCounts {
    /// Add the evidence of another scan (another repository, or commits of the
    /// same one not folded here): the result is that of one scan over both.
    pub fn merge(&mut self, other: EvidenceCounts) {
        self.aggregates.merge(&other.aggregates);
        self.evidence_commits += other.evidence_commits;
        self.bulk_commits += other.bulk_commits;
        for (key, name) in other.coauthor_names {
            self.add_coauthor_name(key, name);
        }
    }

    /// Remember the smallest of the names given for a co-author: the same whatever
    /// order commits, repositories or merged reports come in.
    fn add_coauthor_name(&mut self, key: String, name: String) {
        match self.coauthor_names.entry(key) {
            std::collections::btree_map::Entry::Vacant(slot) => {
                slot.insert(name);
            }
            std::collections::btree_map::Entry::Occupied(mut slot) => {
                if name < *slot.get() {
                    slot.insert(name);
                }
            }
        }
    }

    /// Fold in one record whose hits index `rules`; `is_bulk` is `bulk.is_bulk(record)`,
    /// worked out once per record by the caller. Merges and duplicate patches are
    /// left out; commits in the ignore-revs file count as activity without evidence.
    pub fn add(
        &mut self,
        repo: &str,
        record: &CommitRecord,
        rules: &RuleSet,
        bulk: &BulkPolicy,
        is_bulk: bool,
    ) {
        if record.duplicate_of.is_some() {
            return;
        }
        let author = text(record.author.key().as_bstr());
        if record.is_merge() {
            self.aggregates.add_merge(&author, record.time.seconds);
            return;
        }
        self.bulk_commits += u64::from(is_bulk);
        // The first place of each rule (hits are sorted by rule, path and line), and
        // the deepest depth its hits show.
        let mut first_places: BTreeMap<usize, (Option<String>, Option<u32>, u8)> = BTreeMap::new();
        if !record.ignored {
            for hit in &record.hits {
                let place = first_places
                    .entry(hit.rule as usize)
                    .or_insert_with(|| (hit.path.as_ref().map(|p| text(p.as_bstr())), hit.line, 0));
                place.2 = place.2.max(hit.depth);
            }
        }
        let commit = record.id.to_string();
        let evidence: Vec<Evidence<'_>> = first_places
            .iter()
            .filter_map(|(&i, place)| rules.rules().get(i).map(|rule| (rule, place)))
            .map(|(rule, (path, line, depth))| Evidence {
                skill: &rule.skill,
                signal: &rule.signal,
                depth: *depth,
                weight: bulk.scale(rule.weight, is_bulk),
                place: Place {
                    repo,
                    rule: &rule.id,
                    commit: &commit,
                    path: path.as_deref(),
                    line: *line,
                },
            })
            .collect();
        self.evidence_commits += u64::from(!evidence.is_empty());
        let lines = record.line_counts();
        let collaborative = record.trailers.iter().any(|t| {
            COLLABORATION_TRAILERS
                .iter()
                .any(|k| t.key.eq_ignore_ascii_case(k.as_bytes()))
        });
        // A commit with nothing diffed (ignore-revs, or only skipped files) has no
        // size to speak of: it stays out of the batch sizes.
        let diffed = !record.ignored && record.files.iter().any(|f| f.lines.is_ok());
        self.aggregates.add_commit_with(
            &author,
            record.time.seconds,
            diffed.then_some(lines.added + lines.removed),
            is_bulk,
            collaborative,
            &evidence,
        );
        if !record.ignored {
            self.aggregates.add_files(
                &author,
                record
                    .files
                    .iter()
                    .filter(|f| f.lines.is_ok())
                    .map(|f| f.path.to_str_lossy()),
            );
        }
        // Co-authors share the evidence at half the weight; the commit, its lines
        // and its files stay with the author.
        let shared: Vec<Evidence<'_>> = evidence
            .iter()
            .map(|e| Evidence {
                weight: e.weight * COAUTHOR_WEIGHT,
                ..*e
            })
            .collect();
        for coauthor in &record.coauthors {
            let key = text(coauthor.key().as_bstr());
            self.add_coauthor_name(key.clone(), text(coauthor.name.as_bstr()));
            self.aggregates
                .add_coauthored(&key, record.time.seconds, is_bulk, &shared);
        }
    }
}

/// Trailers that record people working together on a commit (`Signed-off-by` is a
/// certificate of origin, not collaboration).
const COLLABORATION_TRAILERS: [&str; 5] = [
    "co-authored-by",
    "reviewed-by",
    "acked-by",
    "helped-by",
    "pair-programmed-with",
];

/// The weight a co-author's share of a commit's evidence carries.
pub const COAUTHOR_WEIGHT: f64 = 0.5;
