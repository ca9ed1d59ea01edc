//! One worker's work on one commit: read it, diff its tree against its first
//! parent, line-diff every changed text blob, and classify the result.

use bstr::{BStr, BString, ByteSlice};
use gix::{
    ObjectId,
    objs::{TreeRefIter, tree::EntryMode},
    prelude::{FindExt, Header},
};

use crate::{
    Error, Oid, OpenRepo, ScanOptions, Time,
    attributes::AttributeRules,
    classify::{Classifier, EVIDENCE_PER_RULE, FileLines, Hit, Line, MessageInput},
    identity::{self, Identity},
    lines::LineDiff,
    message,
    paths::{PathMatcher, PathRules, PathVerdict},
    record::{CommitRecord, FileRecord, FileStatus, LineCounts, SkipReason},
};

/// Git decides a blob is binary if a NUL byte appears within its first 8000 bytes (`buffer_is_binary`).
const BINARY_SNIFF_BYTES: usize = 8000;

/// What every worker reads and nobody writes.
pub(crate) struct Shared<'a, C> {
    pub open: &'a OpenRepo,
    pub options: &'a ScanOptions,
    pub mailmap: gix::mailmap::Snapshot,
    pub paths: PathRules,
    pub attributes: AttributeRules,
    /// Sorted ids from the ignore-revs file.
    pub ignore_revs: Vec<ObjectId>,
    pub classifier: &'a C,
    pub opt_out: crate::identity::OptOut,
    /// Records computed before, taken instead of diffing again.
    pub known: &'a dyn crate::known::KnownRecords,
}

/// What scanning one commit gave.
#[expect(
    clippy::large_enum_variant,
    reason = "returned by value and unpacked at once; boxing would allocate per commit"
)]
pub(crate) enum Outcome {
    /// The commit's record.
    Record(CommitRecord),
    /// A bot's commit, left out, with the exclusion patterns its co-authors
    /// match (they were kept out with it).
    Bot(Vec<String>),
    /// The commit of someone excluded by name or email, left out, with the
    /// patterns that left them out.
    Excluded(Vec<String>),
}

/// A changed tree entry, before its blobs are read.
struct TreeChange {
    path: BString,
    old_path: Option<BString>,
    old: Option<(EntryMode, ObjectId)>,
    new: Option<(EntryMode, ObjectId)>,
    status: FileStatus,
}

impl TreeChange {
    /// A change of a plain tree diff.
    fn recorded(change: gix::diff::tree::recorder::Change) -> TreeChange {
        use gix::diff::tree::recorder::Change;
        match change {
            Change::Addition {
                entry_mode,
                oid,
                path,
                ..
            } => TreeChange::new(path, None, Some((entry_mode, oid))),
            Change::Deletion {
                entry_mode,
                oid,
                path,
                ..
            } => TreeChange::new(path, Some((entry_mode, oid)), None),
            Change::Modification {
                previous_entry_mode,
                previous_oid,
                entry_mode,
                oid,
                path,
            } => TreeChange::new(
                path,
                Some((previous_entry_mode, previous_oid)),
                Some((entry_mode, oid)),
            ),
        }
    }

    /// A change of a tree diff that follows renames.
    fn rewritten(change: gix::diff::tree_with_rewrites::ChangeRef<'_>) -> TreeChange {
        use gix::diff::tree_with_rewrites::ChangeRef;
        match change {
            ChangeRef::Addition {
                location,
                entry_mode,
                id,
                ..
            } => TreeChange::new(location.to_owned(), None, Some((entry_mode, id))),
            ChangeRef::Deletion {
                location,
                entry_mode,
                id,
                ..
            } => TreeChange::new(location.to_owned(), Some((entry_mode, id)), None),
            ChangeRef::Modification {
                location,
                previous_entry_mode,
                previous_id,
                entry_mode,
                id,
            } => TreeChange::new(
                location.to_owned(),
                Some((previous_entry_mode, previous_id)),
                Some((entry_mode, id)),
            ),
            ChangeRef::Rewrite {
                source_location,
                source_entry_mode,
                source_id,
                entry_mode,
                id,
                location,
                ..
            } => TreeChange {
                old_path: Some(source_location.to_owned()),
                status: FileStatus::Renamed,
                ..TreeChange::new(
                    location.to_owned(),
                    Some((source_entry_mode, source_id)),
                    Some((entry_mode, id)),
                )
            },
        }
    }

    /// A change at `path` from `old` to `new` (either side absent for additions and deletions).
    fn new(
        path: BString,
        old: Option<(EntryMode, ObjectId)>,
        new: Option<(EntryMode, ObjectId)>,
    ) -> Self {
        let status = match (old, new) {
            (None, _) => FileStatus::Added,
            (_, None) => FileStatus::Deleted,
            (Some((old_mode, _)), Some((new_mode, _))) => modification_status(old_mode, new_mode),
        };
        TreeChange {
            path,
            old_path: None,
            old,
            new,
            status,
        }
    }

    /// Trees themselves are not files; their changed entries are reported one by one.
    fn is_tree(&self) -> bool {
        self.old.is_some_and(|(m, _)| m.is_tree()) || self.new.is_some_and(|(m, _)| m.is_tree())
    }

    /// Same blob and the same mode once canonicalised as git does (`canon_mode`):
    /// old trees carry modes such as 100664, which git reads as 100644 and never reports.
    fn is_noop(&self) -> bool {
        match (self.old, self.new) {
            (Some((old_mode, old_id)), Some((new_mode, new_id))) => {
                old_id == new_id
                    && old_mode.kind() == new_mode.kind()
                    && old_mode.is_executable() == new_mode.is_executable()
            }
            _ => false,
        }
    }
}

/// The per-thread state: a repository handle with its own caches, and reused buffers.
pub(crate) struct Worker<'a, C: Classifier> {
    shared: &'a Shared<'a, C>,
    repo: gix::Repository,
    paths: PathMatcher<'a>,
    commit_buf: Vec<u8>,
    parent_buf: Vec<u8>,
    lhs_tree_buf: Vec<u8>,
    rhs_tree_buf: Vec<u8>,
    old_blob: Vec<u8>,
    new_blob: Vec<u8>,
    tree_state: gix::diff::tree::State,
    rename_cache: Option<gix::diff::blob::Platform>,
    diff: LineDiff,
    hits: Vec<Hit>,
    /// The classifier's state for the commit being scanned.
    classified: C::Commit,
}

impl<'a, C: Classifier> Worker<'a, C> {
    pub(crate) fn new(shared: &'a Shared<'a, C>) -> Result<Self, Error> {
        let mut repo = shared.open.repo.to_thread_local();
        let pack_cache = shared.options.pack_cache_bytes;
        if pack_cache == 0 {
            repo.objects.unset_pack_cache();
        } else {
            repo.objects.set_pack_cache(move || {
                Box::new(gix::odb::pack::cache::lru::MemoryCappedHashmap::new(
                    pack_cache,
                ))
            });
        }
        // Objects are read once per commit; an object cache only costs memory here (measured).
        repo.objects.unset_object_cache();
        let rename_cache =
            if shared.options.renames {
                Some(repo.diff_resource_cache_for_tree_diff().map_err(|e| {
                    Error::git(&shared.open.path, "cannot set up rename detection", e)
                })?)
            } else {
                None
            };
        Ok(Worker {
            shared,
            paths: PathMatcher::new(&shared.paths, &shared.attributes),
            repo,
            commit_buf: Vec::new(),
            parent_buf: Vec::new(),
            lhs_tree_buf: Vec::new(),
            rhs_tree_buf: Vec::new(),
            old_blob: Vec::new(),
            new_blob: Vec::new(),
            tree_state: Default::default(),
            rename_cache,
            diff: LineDiff::default(),
            hits: Vec::new(),
            classified: C::Commit::default(),
        })
    }

    fn err(&self, what: String, e: impl Into<crate::error::BoxError>) -> Error {
        Error::git(&self.shared.open.path, what, e)
    }

    /// Scan one commit, unless a bot or an excluded person wrote it.
    pub(crate) fn scan(&mut self, id: ObjectId) -> Result<Outcome, Error> {
        let shared = self.shared;
        let commit = self.read_commit(id)?;
        let identity = commit.identity;
        if !shared.options.include_bots
            && identity::is_bot(identity.name.as_bstr(), identity.email.as_bstr())
        {
            if shared.opt_out.is_empty() {
                return Ok(Outcome::Bot(Vec::new()));
            }
            let trailers = message::trailers(commit.message.as_bstr());
            return Ok(Outcome::Bot(coauthors(shared, &trailers, &identity).1));
        }
        let matched = shared
            .opt_out
            .matching(&identity, Some(commit.raw_email.as_bstr()));
        if !matched.is_empty() {
            // The commit is left out whole; the patterns its co-authors match count
            // as used too (the person was kept out, with it).
            let mut patterns: Vec<String> = matched.into_iter().map(str::to_owned).collect();
            let trailers = message::trailers(commit.message.as_bstr());
            for pattern in coauthors(shared, &trailers, &identity).1 {
                if !patterns.contains(&pattern) {
                    patterns.push(pattern);
                }
            }
            return Ok(Outcome::Excluded(patterns));
        }
        let oid = Oid::from_gix(id);
        if let Some(record) = shared.known.get(&oid) {
            return Ok(Outcome::Record(record));
        }
        let ignored = shared.ignore_revs.binary_search(&id).is_ok();
        let trailers = message::trailers(commit.message.as_bstr());
        let (coauthors, coauthors_excluded_by) = coauthors(shared, &trailers, &identity);
        let mut record = CommitRecord {
            id: oid,
            author: identity,
            raw_email: commit.raw_email,
            time: Time::from_gix(commit.time),
            parents: commit.parents.len() as u32,
            ignored,
            trailers,
            coauthors,
            coauthors_excluded_by,
            files: Vec::new(),
            hits: Vec::new(),
            patch_id: None,
            duplicate_of: None,
        };
        if record.is_merge() && !shared.options.diff_merges {
            return Ok(Outcome::Record(record));
        }
        let old_tree = self.parent_tree(commit.parents.first(), id)?;
        let mut changes = self.tree_changes(old_tree, commit.tree, id)?;
        changes.sort_by(|a, b| a.path.cmp(&b.path));

        self.hits.clear();
        let mut patch = (shared.options.dedupe_patches && !changes.is_empty())
            .then(|| gix::hash::hasher(gix::hash::Kind::Sha1));
        if let Some(hasher) = patch.as_mut() {
            // A cherry-pick or rebase keeps the author and the author date; a revert of a
            // revert, or the same edit made again later, does not and stays separate work.
            hasher.update(&record.author.key());
            hasher.update(&record.time.seconds.to_be_bytes());
        }
        let mut files = Vec::with_capacity(changes.len());
        for change in changes {
            let lines = if ignored {
                Err(SkipReason::IgnoreRevs)
            } else {
                self.file_lines(&change, id)?
            };
            if let Some(hasher) = patch.as_mut() {
                self.fingerprint(hasher, &change, lines);
            }
            files.push(FileRecord {
                path: change.path,
                old_path: change.old_path,
                status: change.status,
                lines,
            });
        }
        if !ignored {
            let paths: Vec<&BStr> = files.iter().map(|f| f.path.as_bstr()).collect();
            shared.classifier.classify_message(
                &mut self.classified,
                &MessageInput {
                    message: commit.message.as_bstr(),
                    paths: &paths,
                    author_name: commit.author_name.as_bstr(),
                    author_email: record.raw_email.as_bstr(),
                },
                &mut self.hits,
            );
        }
        record.files = files;
        record.hits = std::mem::take(&mut self.hits);
        keep_first_evidence(&mut record.hits);
        record.patch_id = patch
            .map(|h| h.try_finalize().map(Oid::from_gix))
            .transpose()
            .map_err(|e| {
                Error::git(
                    &shared.open.path,
                    format!("cannot hash the patch of {id}"),
                    e,
                )
            })?;
        Ok(Outcome::Record(record))
    }

    /// What a commit says of itself: its author (resolved through the mailmap and
    /// the aliases, and as written), time, tree, parents and message.
    fn read_commit(&mut self, id: ObjectId) -> Result<CommitHeader, Error> {
        let shared = self.shared;
        let path = &shared.open.path;
        let commit = self
            .repo
            .objects
            .find_commit(&id, &mut self.commit_buf)
            .map_err(|e| Error::git(path, format!("cannot read commit {id}"), e))?;
        let author = commit
            .author()
            .map_err(|e| Error::git(path, format!("commit {id} has a malformed author"), e))?;
        let time = author
            .time()
            .unwrap_or_else(|_| gix::date::Time::new(author.seconds(), 0));
        let resolved = shared.mailmap.resolve_cow(author);
        let identity = shared.options.aliases.resolve(Identity {
            name: resolved.name.as_ref().to_owned(),
            email: resolved.email.as_ref().to_owned(),
        });
        let parents: Vec<ObjectId> = if shared.open.is_grafted(&id) {
            Vec::new()
        } else {
            commit.parents().collect()
        };
        Ok(CommitHeader {
            identity,
            raw_email: author.email.to_owned(),
            author_name: author.name.to_owned(),
            time,
            tree: commit.tree(),
            parents,
            message: commit.message.to_owned(),
        })
    }

    /// The tree of `parent`, the first parent of `id` (none for a root commit).
    fn parent_tree(
        &mut self,
        parent: Option<&ObjectId>,
        id: ObjectId,
    ) -> Result<Option<ObjectId>, Error> {
        let Some(parent) = parent else {
            return Ok(None);
        };
        self.repo
            .objects
            .find_commit_iter(parent, &mut self.parent_buf)
            .and_then(|mut c| c.tree_id())
            .map(Some)
            .map_err(|e| {
                Error::git(
                    &self.shared.open.path,
                    format!("cannot read parent {parent} of {id}"),
                    e,
                )
            })
    }

    /// Feed one file's change into the commit's patch fingerprint.
    ///
    /// Like `git patch-id`, the fingerprint ignores line numbers and whitespace, so a
    /// cherry-pick of a commit onto another branch gets the same one. It hashes the
    /// path and the removed and added lines of the diff just computed; for files not
    /// diffed, the path, the skip reason and both blob ids.
    fn fingerprint(
        &self,
        hasher: &mut gix::hash::Hasher,
        change: &TreeChange,
        lines: Result<LineCounts, SkipReason>,
    ) {
        hasher.update(&change.path);
        hasher.update(b"\0");
        hasher.update(change.status.as_str().as_bytes());
        match lines {
            Err(reason) => {
                hasher.update(reason.as_str().as_bytes());
                for side in [change.old, change.new] {
                    match side {
                        Some((_, id)) => hasher.update(id.as_bytes()),
                        None => hasher.update(b"-"),
                    }
                }
            }
            Ok(counts) if counts.added + counts.removed > 0 => {
                let mut feed = |sign: &[u8], text: &[u8]| {
                    hasher.update(sign);
                    for chunk in text.split(|b| b.is_ascii_whitespace()) {
                        hasher.update(chunk);
                    }
                };
                for (before, after) in self.diff.hunks() {
                    for i in before {
                        feed(b"\n-", &self.old_blob[self.diff.old_line(i)]);
                    }
                    for i in after {
                        feed(b"\n+", &self.new_blob[self.diff.new_line(i)]);
                    }
                }
            }
            Ok(_) => {
                // A mode change only: the modes are the patch.
                for (mode, _) in [change.old, change.new].into_iter().flatten() {
                    hasher.update(&mode.value().to_be_bytes());
                }
            }
        }
        hasher.update(b"\0");
    }

    /// The changed entries between two trees (blobs, symlinks and submodules; never trees).
    fn tree_changes(
        &mut self,
        old: Option<ObjectId>,
        new: ObjectId,
        commit: ObjectId,
    ) -> Result<Vec<TreeChange>, Error> {
        let lhs = match old {
            Some(old) => self
                .repo
                .objects
                .find_tree_iter(&old, &mut self.lhs_tree_buf)
                .map_err(|e| {
                    Error::git(
                        &self.shared.open.path,
                        format!("cannot read tree {old} of the parent of {commit}"),
                        e,
                    )
                })?,
            None => TreeRefIter::from_bytes(&[], self.repo.object_hash()),
        };
        let rhs = self
            .repo
            .objects
            .find_tree_iter(&new, &mut self.rhs_tree_buf)
            .map_err(|e| {
                Error::git(
                    &self.shared.open.path,
                    format!("cannot read tree {new} of {commit}"),
                    e,
                )
            })?;
        let mut out = Vec::new();
        match self.rename_cache.as_mut() {
            None => {
                // A fresh recorder per diff: reusing one leaks path state across diffs (see PERF-NOTES).
                let mut recorder = gix::diff::tree::Recorder::default();
                gix::diff::tree(
                    lhs,
                    rhs,
                    &mut self.tree_state,
                    &self.repo.objects,
                    &mut recorder,
                )
                .map_err(|e| {
                    Error::git(
                        &self.shared.open.path,
                        format!("cannot diff the tree of {commit}"),
                        e,
                    )
                })?;
                out.extend(
                    recorder
                        .records
                        .into_iter()
                        .map(TreeChange::recorded)
                        .filter(|tc| !tc.is_tree() && !tc.is_noop()),
                );
            }
            Some(cache) => {
                use gix::diff::tree_with_rewrites::Options;
                cache.clear_resource_cache_keep_allocation();
                gix::diff::tree_with_rewrites(
                    lhs,
                    rhs,
                    cache,
                    &mut self.tree_state,
                    &self.repo.objects,
                    |change| {
                        let tc = TreeChange::rewritten(change);
                        if !tc.is_tree() && !tc.is_noop() {
                            out.push(tc);
                        }
                        Ok(std::ops::ControlFlow::Continue(()))
                    },
                    Options {
                        location: Some(gix::diff::tree::recorder::Location::Path),
                        rewrites: Some(gix::diff::Rewrites::default()),
                    },
                )
                .map_err(|e| {
                    Error::git(
                        &self.shared.open.path,
                        format!("cannot diff the tree of {commit}"),
                        e,
                    )
                })?;
            }
        }
        Ok(out)
    }

    /// Decide whether a changed file is diffed, and if so count (and classify) its lines.
    fn file_lines(
        &mut self,
        change: &TreeChange,
        commit: ObjectId,
    ) -> Result<Result<LineCounts, SkipReason>, Error> {
        let is_submodule =
            |side: Option<(EntryMode, ObjectId)>| side.is_some_and(|(m, _)| m.is_commit());
        if is_submodule(change.old) || is_submodule(change.new) {
            return Ok(Err(SkipReason::Submodule));
        }
        let binary_attr = match self.paths.verdict(change.path.as_bstr()) {
            PathVerdict::Skip(reason) => return Ok(Err(reason)),
            PathVerdict::Diff { binary_attr } => binary_attr,
        };
        if binary_attr {
            return Ok(Err(SkipReason::Binary));
        }
        let old_id = change.old.map(|(_, id)| id);
        let new_id = change.new.map(|(_, id)| id);
        if old_id == new_id {
            // Only the mode changed: git lists the file with 0 added and 0 removed.
            return Ok(Ok(LineCounts::default()));
        }
        let path = change.path.as_bstr();
        for id in [old_id, new_id].into_iter().flatten() {
            let header =
                self.repo.objects.try_header(&id).map_err(|e| {
                    self.err(format!("cannot read blob {id} of {path} in {commit}"), e)
                })?;
            let Some(header) = header else {
                if self.shared.options.allow_missing {
                    return Ok(Err(SkipReason::Missing));
                }
                return Err(self.err(
                    format!(
                        "blob {id} of {path} in commit {commit} is missing (a partial clone lacks \
                         blobs until git fetches them: scan a full clone, or go on without the \
                         missing ones with --allow-missing; or leave the path out with --exclude)"
                    ),
                    "object not found",
                ));
            };
            // Line offsets are 32-bit: larger blobs are too large whatever the cap says.
            if header.size() > self.shared.options.max_blob_bytes.min(u64::from(u32::MAX)) {
                return Ok(Err(SkipReason::TooLarge));
            }
        }
        read_blob(&self.repo, old_id, &mut self.old_blob)
            .map_err(|e| self.err(format!("cannot read the old blob of {path} in {commit}"), e))?;
        read_blob(&self.repo, new_id, &mut self.new_blob)
            .map_err(|e| self.err(format!("cannot read the new blob of {path} in {commit}"), e))?;
        if is_binary(&self.old_blob) || is_binary(&self.new_blob) {
            return Ok(Err(SkipReason::Binary));
        }
        let wants_lines = self.shared.classifier.wants_lines();
        self.diff
            .compute(&self.old_blob, &self.new_blob, wants_lines);
        let counts = LineCounts {
            added: self.diff.added(),
            removed: self.diff.removed(),
        };
        if wants_lines && (counts.added > 0 || counts.removed > 0) {
            let mut added = Vec::with_capacity(counts.added as usize);
            let mut removed = Vec::with_capacity(counts.removed as usize);
            for (hunk, (before, after)) in (0u32..).zip(self.diff.hunks()) {
                for i in before {
                    removed.push(Line {
                        number: i + 1,
                        text: self.old_blob[self.diff.old_line(i)].as_bstr(),
                        hunk,
                    });
                }
                for i in after {
                    added.push(Line {
                        number: i + 1,
                        text: self.new_blob[self.diff.new_line(i)].as_bstr(),
                        hunk,
                    });
                }
            }
            self.shared.classifier.classify_file(
                &mut self.classified,
                &FileLines {
                    path: change.path.as_bstr(),
                    added: &added,
                    removed: &removed,
                },
                &mut self.hits,
            );
        }
        Ok(Ok(counts))
    }
}

/// Sort hits by rule, path and line, and keep the first [`EVIDENCE_PER_RULE`] of each rule.
fn keep_first_evidence(hits: &mut Vec<Hit>) {
    hits.sort();
    hits.dedup();
    let mut kept = 0;
    let mut previous = None;
    hits.retain(|hit| {
        if previous != Some(hit.rule) {
            previous = Some(hit.rule);
            kept = 0;
        }
        kept += 1;
        kept <= EVIDENCE_PER_RULE
    });
}

fn modification_status(old: EntryMode, new: EntryMode) -> FileStatus {
    if old.kind() == new.kind() || (old.is_blob() && new.is_blob()) {
        FileStatus::Modified
    } else {
        FileStatus::TypeChanged
    }
}

fn read_blob(
    repo: &gix::Repository,
    id: Option<ObjectId>,
    buf: &mut Vec<u8>,
) -> Result<(), gix::Error> {
    match id {
        // The empty blob is answered from a constant, leaving the buffer as it was.
        Some(id) if id.is_empty_blob() => buf.clear(),
        Some(id) => {
            let len = repo.objects.find_blob(&id, buf)?.data.len();
            buf.truncate(len);
        }
        None => buf.clear(),
    }
    Ok(())
}

fn is_binary(data: &[u8]) -> bool {
    data[..data.len().min(BINARY_SNIFF_BYTES)]
        .find_byte(0)
        .is_some()
}

/// What [`Worker::read_commit`] reads of a commit.
struct CommitHeader {
    identity: Identity,
    raw_email: BString,
    author_name: BString,
    time: gix::date::Time,
    tree: ObjectId,
    parents: Vec<ObjectId>,
    message: BString,
}

/// The people of a commit's `Co-authored-by` trailers, resolved like its author,
/// once each: not bots, not people left out, not the author; and the exclusion
/// patterns that left co-authors out.
fn coauthors<C>(
    shared: &Shared<'_, C>,
    trailers: &[message::Trailer],
    author: &Identity,
) -> (Vec<Identity>, Vec<String>) {
    let mut coauthors: Vec<Identity> = Vec::new();
    let mut excluded_by: Vec<String> = Vec::new();
    for trailer in trailers {
        if !trailer.key.eq_ignore_ascii_case(b"co-authored-by") {
            continue;
        }
        let Some((name, email)) = message::name_and_email(trailer.value.as_bstr()) else {
            continue;
        };
        let resolved = shared.mailmap.resolve_cow(gix::actor::SignatureRef {
            name,
            email,
            time: "",
        });
        let person = shared.options.aliases.resolve(Identity {
            name: resolved.name.as_ref().to_owned(),
            email: resolved.email.as_ref().to_owned(),
        });
        let is_bot = identity::is_bot(person.name.as_bstr(), person.email.as_bstr());
        let matched = shared.opt_out.matching(&person, Some(email));
        for pattern in &matched {
            if !excluded_by.iter().any(|p| p == pattern) {
                excluded_by.push((*pattern).to_owned());
            }
        }
        if !is_bot
            && matched.is_empty()
            && person.key() != author.key()
            && !coauthors.iter().any(|c| c.key() == person.key())
        {
            coauthors.push(person);
        }
    }
    (coauthors, excluded_by)
}
