//! Reading the list of commits whose line changes do not count (`.git-blame-ignore-revs`).

use std::path::Path;

use bstr::ByteSlice;
use gix::ObjectId;

use crate::{Error, OpenRepo};

/// The file git's own tooling and the hosting services read by convention.
const CONVENTIONAL_FILE: &str = ".git-blame-ignore-revs";

/// Load the ignore-revs list: from `file` when given, else from the tip tree's
/// `.git-blame-ignore-revs` if there is one. Returns sorted ids.
pub(crate) fn load(
    open: &OpenRepo,
    repo: &gix::Repository,
    file: Option<&Path>,
) -> Result<Vec<ObjectId>, Error> {
    let (text, origin) = match file {
        Some(path) => {
            let text = std::fs::read(path).map_err(|e| Error::IgnoreRevs {
                path: path.to_owned(),
                line: 0,
                message: format!("cannot read: {e}"),
            })?;
            (text, path.to_owned())
        }
        None => {
            let Some(head) = open.head else {
                return Ok(Vec::new());
            };
            let entry = repo
                .find_commit(head.to_gix())
                .and_then(|c| c.tree())
                .ok()
                .and_then(|t| t.find_entry(CONVENTIONAL_FILE).map(|e| e.object_id()));
            let Some(blob) = entry else {
                return Ok(Vec::new());
            };
            let data = repo
                .find_blob(blob)
                .map_err(|e| Error::git(&open.path, format!("cannot read {CONVENTIONAL_FILE}"), e))?
                .detach()
                .data;
            (data, open.path.join(CONVENTIONAL_FILE))
        }
    };
    let mut ids = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.split(|&b| b == b'#').next().unwrap_or_default().trim();
        if line.is_empty() {
            continue;
        }
        let bad = |message: String| Error::IgnoreRevs {
            path: origin.clone(),
            line: n + 1,
            message,
        };
        let spec = line
            .to_str()
            .map_err(|_| bad("not a revision (not UTF-8)".into()))?;
        if !spec.bytes().all(|b| b.is_ascii_hexdigit()) || spec.len() < 4 {
            return Err(bad(format!("'{spec}' is not a commit id")));
        }
        if let Ok(full) = ObjectId::from_hex(spec.as_bytes()) {
            // A full id that this clone lacks (shallow, or a rewritten history) simply never matches.
            ids.push(full);
            continue;
        }
        match repo.rev_parse_single(spec) {
            Ok(id) => ids.push(id.detach()),
            Err(e) => return Err(bad(format!("cannot resolve '{spec}': {e}"))),
        }
    }
    ids.sort();
    ids.dedup();
    Ok(ids)
}
