//! Which repositories a scan reads: paths on the command line, a list file, and
//! this machine's shard of them.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

/// One shard of N: `K/N` on the command line, 1 ≤ K ≤ N.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Shard {
    /// 1-based.
    pub index: u64,
    /// How many shards there are.
    pub count: u64,
}

/// Parse `K/N`.
pub(crate) fn parse_shard(value: &str) -> Result<Shard, String> {
    let parsed = value
        .split_once('/')
        .and_then(|(k, n)| Some((k.trim().parse::<u64>().ok()?, n.trim().parse::<u64>().ok()?)));
    match parsed {
        Some((index, count)) if count >= 1 && (1..=count).contains(&index) => {
            Ok(Shard { index, count })
        }
        _ => Err(format!("expected K/N with 1 ≤ K ≤ N, got {value:?}")),
    }
}

impl Shard {
    /// Whether `path` belongs to this shard. The assignment hashes the path as
    /// written, so it does not depend on the order of the list, and adding a
    /// repository never moves another one to a different shard.
    pub(crate) fn holds(&self, path: &Path) -> bool {
        let hash = blake3::hash(path.as_os_str().as_encoded_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&hash.as_bytes()[..8]);
        u64::from_le_bytes(first) % self.count == self.index - 1
    }
}

/// The repositories to scan: `paths`, then those listed in `list` (one per line,
/// blank lines and `#` comments skipped), `.` when there are none, narrowed to
/// `shard`. A repository listed twice is an error: it would count twice.
pub(crate) fn select(
    paths: &[PathBuf],
    list: Option<&Path>,
    shard: Option<Shard>,
) -> anyhow::Result<Vec<PathBuf>> {
    let mut all: Vec<PathBuf> = paths.to_vec();
    if let Some(list) = list {
        let text = std::fs::read_to_string(list)
            .with_context(|| format!("cannot read the repository list {}", list.display()))?;
        all.extend(
            text.lines()
                .map(|line| line.split_once('#').map_or(line, |(kept, _)| kept).trim())
                .filter(|line| !line.is_empty())
                .map(PathBuf::from),
        );
    }
    if all.is_empty() && list.is_none() {
        all.push(PathBuf::from("."));
    }
    let mut seen = std::collections::BTreeSet::new();
    for path in &all {
        if !seen.insert(path) {
            bail!(
                "{} is listed twice: its commits would count twice",
                path.display()
            );
        }
    }
    Ok(match shard {
        Some(shard) => all.into_iter().filter(|p| shard.holds(p)).collect(),
        None => all,
    })
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::{Shard, parse_shard, select};

    #[test]
    fn shards_split_a_list_whatever_its_order() {
        let paths: Vec<PathBuf> = (0..40)
            .map(|i| PathBuf::from(format!("repos/r{i}")))
            .collect();
        let mut reversed = paths.clone();
        reversed.reverse();
        let mut seen = Vec::new();
        for index in 1..=3 {
            let shard = Shard { index, count: 3 };
            let mine = select(&paths, None, Some(shard)).expect("select");
            let mut theirs = select(&reversed, None, Some(shard)).expect("select");
            theirs.reverse();
            assert_eq!(mine, theirs);
            assert!(!mine.is_empty());
            seen.extend(mine);
        }
        seen.sort();
        let mut all = paths.clone();
        all.sort();
        assert_eq!(seen, all, "every repository in exactly one shard");
    }

    #[test]
    fn shard_values_are_checked() {
        assert_eq!(parse_shard("2/3"), Ok(Shard { index: 2, count: 3 }));
        for bad in ["0/3", "4/3", "1/0", "x/2", "3", ""] {
            assert!(parse_shard(bad).is_err(), "{bad}");
        }
        let twice = [PathBuf::from("a"), PathBuf::from("a")];
        assert!(select(&twice, None, None).is_err());
        assert_eq!(
            select(&[], None, None).expect("default"),
            [PathBuf::from(".")]
        );
    }
}
