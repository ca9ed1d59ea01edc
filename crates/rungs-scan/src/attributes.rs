//! The gitattributes that decide how a path is treated: `binary`/`-diff`,
//! `linguist-generated` and `linguist-vendored`.
//!
//! Attributes come from the `.gitattributes` files of one tree (the scanned
//! `HEAD`, which is what git uses on a clean work tree) plus `$GIT_DIR/info/attributes`.
//! Reading them from a tree rather than the work tree makes a bare mirror and a
//! checkout of the same history give the same result.

use std::path::{Path, PathBuf};

use bstr::{BStr, ByteSlice};
use gix::{
    ObjectId,
    attrs::{
        StateRef,
        search::{MetadataCollection, Outcome},
    },
    glob::pattern::Case,
};

/// How attributes classify one path.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct PathAttributes {
    /// `-diff` (also set by the `binary` macro): git shows no text diff.
    pub binary: bool,
    /// `linguist-generated`.
    pub generated: bool,
    /// `linguist-vendored`.
    pub vendored: bool,
}

/// The attribute patterns of a repository, shared read-only by all workers.
pub(crate) struct AttributeRules {
    search: gix::attrs::Search,
    collection: MetadataCollection,
    /// A digest of the files the patterns came from (paths and contents).
    pub(crate) digest: [u8; 32],
}

const SELECTED: [&str; 3] = ["diff", "linguist-generated", "linguist-vendored"];

impl AttributeRules {
    /// Load every `.gitattributes` in `tree` (outermost first, so deeper files win) and `info/attributes`.
    pub(crate) fn load(repo: &gix::Repository, tree: Option<ObjectId>) -> Result<Self, gix::Error> {
        let mut collection = MetadataCollection::default();
        let mut search = gix::attrs::Search::new_globals(
            Vec::<PathBuf>::new(),
            &mut Vec::new(),
            &mut collection,
        )
        .map_err(gix::Error::from_error)?;
        let mut digest = blake3::Hasher::new();
        if let Some(tree) = tree {
            let tree = repo.find_tree(tree)?;
            let mut recorder = gix::traverse::tree::Recorder::default();
            tree.traverse().breadthfirst(&mut recorder)?;
            let mut files: Vec<_> = recorder
                .records
                .into_iter()
                .filter(|e| {
                    e.mode.is_blob()
                        && (e.filepath == ".gitattributes"
                            || e.filepath.ends_with(b"/.gitattributes"))
                })
                .collect();
            files.sort_by(|a, b| {
                let depth = |p: &BStr| p.iter().filter(|&&c| c == b'/').count();
                depth(a.filepath.as_bstr())
                    .cmp(&depth(b.filepath.as_bstr()))
                    .then_with(|| a.filepath.cmp(&b.filepath))
            });
            for file in files {
                digest.update(&(file.filepath.len() as u64).to_le_bytes());
                digest.update(&file.filepath);
                digest.update(file.oid.as_bytes());
                let blob = repo.find_blob(file.oid)?;
                let source = gix::path::from_bstr(file.filepath.as_bstr())?.into_owned();
                search
                    .add_patterns_buffer(
                        &blob.data,
                        source,
                        Some(Path::new("")),
                        &mut collection,
                        true,
                    )
                    .map_err(gix::Error::from_error)?;
            }
        }
        let info = repo.git_dir().join("info").join("attributes");
        if let Ok(bytes) = std::fs::read(&info) {
            digest.update(b"info/attributes");
            digest.update(&bytes);
            search
                .add_patterns_buffer(&bytes, info, None, &mut collection, true)
                .map_err(gix::Error::from_error)?;
        }
        Ok(AttributeRules {
            search,
            collection,
            digest: *digest.finalize().as_bytes(),
        })
    }

    /// A matcher with its own scratch space, for one worker.
    pub(crate) fn matcher(&self) -> AttributeMatcher<'_> {
        let mut outcome = Outcome::default();
        outcome.initialize_with_selection(&self.collection, SELECTED);
        AttributeMatcher {
            rules: self,
            outcome,
        }
    }
}

/// Per-worker attribute lookups.
pub(crate) struct AttributeMatcher<'a> {
    rules: &'a AttributeRules,
    outcome: Outcome,
}

impl AttributeMatcher<'_> {
    pub(crate) fn lookup(&mut self, path: &BStr) -> PathAttributes {
        self.outcome.reset();
        if !self.rules.search.pattern_matching_relative_path(
            path,
            Case::Sensitive,
            Some(false),
            &mut self.outcome,
        ) {
            return PathAttributes::default();
        }
        let mut attrs = PathAttributes::default();
        for m in self.outcome.iter_selected() {
            let truthy = match m.assignment.state {
                StateRef::Set => true,
                StateRef::Value(v) => !matches!(v.as_bstr().as_bytes(), b"false" | b"0"),
                StateRef::Unset | StateRef::Unspecified => false,
            };
            match m.assignment.name.as_str() {
                "diff" => attrs.binary = matches!(m.assignment.state, StateRef::Unset),
                "linguist-generated" => attrs.generated = truthy,
                "linguist-vendored" => attrs.vendored = truthy,
                _ => {}
            }
        }
        attrs
    }
}
