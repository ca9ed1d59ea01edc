//! Snapshots: what a walk up to some tips folded into, so that a later scan
//! walks only the commits those tips do not reach.

use std::path::Path;

use rungs_scan::{Oid, ScanSummary};
use serde::{Deserialize, Serialize};

use super::file::{self, Kind};
use crate::EvidenceCounts;

/// Snapshots kept per setup (the newest ones), e.g. for a few branches.
const KEPT: usize = 4;

/// The folded results of one repository's scan up to `tips`.
#[derive(Serialize, Deserialize)]
pub struct Snapshot {
    /// The walk's tips, sorted, as raw ids.
    tips: Vec<Vec<u8>>,
    /// Per-author statistics and skip counts.
    pub summary: ScanSummary,
    /// Evidence folded for the profiles.
    pub evidence: EvidenceCounts,
}

impl Snapshot {
    /// The snapshot of a walk from `tips` that folded into `summary` and `evidence`.
    pub fn new(tips: &[Oid], summary: ScanSummary, evidence: EvidenceCounts) -> Self {
        Snapshot {
            tips: tips.iter().map(|t| t.as_bytes().to_vec()).collect(),
            summary,
            evidence,
        }
    }

    /// The walk's tips.
    pub fn tips(&self) -> Vec<Oid> {
        self.tips
            .iter()
            .filter_map(|t| Oid::from_bytes(&t[..]))
            .collect()
    }
}

/// The snapshot in `dir` to build on for a walk from `tips`: one with exactly these
/// tips, else the largest one whose every tip `is_ancestor` of one of them.
pub(crate) fn find(
    dir: &Path,
    key: &[u8; 32],
    tips: &[Oid],
    is_ancestor: impl Fn(Oid, Oid) -> bool,
    warn: &dyn Fn(&str),
) -> Option<Snapshot> {
    let mut best: Option<Snapshot> = None;
    for path in file::list(dir, "snap") {
        let decoded = match file::read(&path, Kind::Snapshot, key) {
            Ok(body) => postcard::from_bytes::<Snapshot>(&body)
                .map_err(|e| format!("cannot decode it: {e}")),
            Err(file::Unusable::Missing) => continue,
            Err(file::Unusable::Bad(why)) => Err(why),
        };
        let snapshot = match decoded {
            Ok(s) => s,
            Err(why) => {
                warn(&format!(
                    "cache file {} is unusable ({why}); removing it",
                    path.display()
                ));
                let _ = std::fs::remove_file(&path);
                continue;
            }
        };
        let old = snapshot.tips();
        if old.len() != snapshot.tips.len() {
            continue;
        }
        if old == tips {
            return Some(snapshot);
        }
        let covered = old.iter().all(|&o| tips.iter().any(|&t| is_ancestor(o, t)));
        if covered
            && best
                .as_ref()
                .is_none_or(|b| snapshot.summary.commits > b.summary.commits)
        {
            best = Some(snapshot);
        }
    }
    best
}

/// Save `snapshot` in `dir` and keep only the newest few there.
pub(crate) fn save(dir: &Path, key: &[u8; 32], snapshot: &Snapshot) -> std::io::Result<()> {
    let body = postcard::to_allocvec(snapshot).map_err(std::io::Error::other)?;
    let mut tips = blake3::Hasher::new();
    for tip in &snapshot.tips {
        tips.update(tip);
    }
    let path = dir.join(format!(
        "{}.snap",
        &file::hex(tips.finalize().as_bytes())[..32]
    ));
    file::write(&path, Kind::Snapshot, key, &body, "snapshot")?;
    let mut all: Vec<(std::time::SystemTime, std::path::PathBuf)> = file::list(dir, "snap")
        .into_iter()
        .filter_map(|p| Some((std::fs::metadata(&p).ok()?.modified().ok()?, p)))
        .collect();
    all.sort();
    let excess = all.len().saturating_sub(KEPT);
    for (_, old) in all.into_iter().take(excess) {
        if old != path {
            let _ = std::fs::remove_file(old);
        }
    }
    Ok(())
}
