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
    let options = shared.options;
    let mut d = Digest(blake3::Hasher::new());
    d.bytes(b"rungs-scan record")
        .bytes(env!("CARGO_PKG_VERSION").as_bytes())
        .number(u64::from(options.renames))
        .number(u64::from(options.diff_merges))
        .number(options.max_blob_bytes)
        .number(u64::from(options.default_excludes))
        .number(u64::from(options.include_bots))
        .number(u64::from(options.dedupe_patches));
    d.number(options.excludes.len() as u64);
    for glob in &options.excludes {
        d.bytes(glob.as_bytes());
    }
    d.number(options.exclude_authors.len() as u64);
    for pattern in &options.exclude_authors {
        d.bytes(pattern.as_bytes());
    }
    // The aliases map is ordered, so its debug form is canonical.
    d.bytes(format!("{:?}", options.aliases).as_bytes());
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
