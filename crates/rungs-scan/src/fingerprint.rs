//! The fingerprint of a scan's setup: what, besides the commit and the classifier,
//! decides a commit's record (see [`RepoScanner::fingerprint`](crate::RepoScanner::fingerprint)).

use crate::diff::Shared;

/// Feeds fields into a hash unambiguously: every variable-length field is
/// prefixed with its length.
struct Digest(blake3::Hasher);

impl Digest {
    fn bytes(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    fn number(&mut self, n: u64) -> &mut Self {
        self.0.update(&n.to_le_bytes());
        self
    }

    fn opt(&mut self, bytes: Option<&[u8]>) -> &mut Self {
        match bytes {
            Some(b) => self.number(1).bytes(b),
            None => self.number(0),
        }
    }
}

pub(crate) fn of<C>(shared: &Shared<'_, C>) -> [u8; 32] {
    // Every option is named: a new one does not compile until it is either
    // hashed or said not to change a commit's record.
    let crate::ScanOptions {
        // Which commits are scanned, not what a commit's record holds.
        revs: _,
        all: _,
        since: _,
        until: _,
        first_parent: _,
        // Read through `shared.ignore_revs`, the ids the file names.
        ignore_revs_file: _,
        // How fast, not what.
        jobs: _,
        pack_cache_bytes: _,
        progress: _,
        renames,
        diff_merges,
        max_blob_bytes,
        allow_missing,
        excludes,
        default_excludes,
        include_bots,
        dedupe_patches,
        aliases,
        exclude_authors,
    } = shared.options;
    let mut d = Digest(blake3::Hasher::new());
    d.bytes(b"rungs-scan record")
        .bytes(env!("CARGO_PKG_VERSION").as_bytes())
        .number(u64::from(*renames))
        .number(u64::from(*diff_merges))
        .number(*max_blob_bytes)
        .number(u64::from(*allow_missing))
        .number(u64::from(*default_excludes))
        .number(u64::from(*include_bots))
        .number(u64::from(*dedupe_patches));
    d.number(excludes.len() as u64);
    for glob in excludes {
        d.bytes(glob.as_bytes());
    }
    d.number(exclude_authors.len() as u64);
    for pattern in exclude_authors {
        d.bytes(pattern.as_bytes());
    }
    // The aliases map is ordered, so its debug form is canonical.
    d.bytes(format!("{aliases:?}").as_bytes());
    let entries: Vec<_> = shared.mailmap.iter().collect();
    d.number(entries.len() as u64);
    for entry in entries {
        d.opt(entry.old_name().map(|n| n.as_ref()))
            .opt(Some(entry.old_email().as_ref()))
            .opt(entry.new_name().map(|n| n.as_ref()))
            .opt(entry.new_email().map(|e| e.as_ref()));
    }
    d.bytes(&shared.attributes.digest);
    d.number(shared.ignore_revs.len() as u64);
    for id in &shared.ignore_revs {
        d.bytes(id.as_bytes());
    }
    match &shared.open.shallow {
        Some(grafts) => {
            d.number(grafts.len() as u64 + 1);
            for id in grafts {
                d.bytes(id.as_bytes());
            }
        }
        None => {
            d.number(0);
        }
    }
    *d.0.finalize().as_bytes()
}
