//! The parallel driver: walk once, and let workers claim chunks of commits meanwhile.
//!
//! The walk runs on the calling thread and publishes commit ids, newest first, in
//! a [`Feed`]; workers start on the first chunk as soon as it is published.
//! Workers on a rayon pool claim contiguous chunks (a chunk follows a parent
//! chain, so the pack delta cache of its worker stays warm), fold each record
//! into their own [`ScanSummary`], and, when the caller wants records, send
//! them back. The calling thread puts chunks back in walk order before handing
//! records out, and workers never run more than [`WINDOW_CHUNKS`] ahead of it,
//! so memory stays bounded by the work in flight, not by history length.

use std::{
    collections::{BTreeMap, HashMap, hash_map::Entry},
    sync::{
        Condvar, Mutex,
        atomic::{AtomicBool, AtomicUsize, Ordering},
        mpsc,
    },
};

use gix::ObjectId;

use crate::{
    Error, KnownRecords, NoKnownRecords, Oid, OpenRepo, RepoInfo, ScanOptions,
    attributes::AttributeRules,
    classify::Classifier,
    diff::{Outcome, Shared, Worker},
    error::BoxError,
    ignore_revs,
    paths::PathRules,
    record::CommitRecord,
    revs::{self, Selection},
    summary::ScanSummary,
    walk,
};

/// Commits per claim. Large enough that claiming costs nothing, small enough that
/// two workers finish within a few milliseconds of each other.
const CHUNK: usize = 64;

/// How many chunks workers may run ahead of the record consumer.
const WINDOW_CHUNKS: usize = 256;

/// The result of scanning one repository.
#[derive(Debug, Clone)]
pub struct RepoScan {
    /// What was scanned.
    pub info: RepoInfo,
    /// Per-author statistics and skip counts.
    pub summary: ScanSummary,
}

/// Caps how far chunk claims run ahead of the consumer.
struct Window {
    consumed: Mutex<usize>,
    moved: Condvar,
}

impl Window {
    fn wait_for(&self, chunk: usize, cancel: &AtomicBool) {
        let mut consumed = self.consumed.lock().unwrap_or_else(|p| p.into_inner());
        while chunk >= *consumed + WINDOW_CHUNKS && !cancel.load(Ordering::Relaxed) {
            consumed = self.moved.wait(consumed).unwrap_or_else(|p| p.into_inner());
        }
    }

    /// Wake every waiting worker so it sees a cancellation. The lock is taken so that
    /// a worker between its check and its wait cannot miss the wake-up.
    fn wake_all(&self) {
        let _consumed = self.consumed.lock().unwrap_or_else(|p| p.into_inner());
        self.moved.notify_all();
    }

    fn advance(&self, to: usize) {
        *self.consumed.lock().unwrap_or_else(|p| p.into_inner()) = to;
        self.moved.notify_all();
    }
}

/// Commit ids published by the walk, claimed chunk by chunk by the workers.
///
/// Only ids are kept: 20 bytes a commit, so even a million-commit history costs
/// 20 MB here, while everything else is read by the workers.
struct Feed {
    state: Mutex<FeedState>,
    grown: Condvar,
}

struct FeedState {
    ids: Vec<ObjectId>,
    done: bool,
}

impl Feed {
    fn new() -> Self {
        Feed {
            state: Mutex::new(FeedState {
                ids: Vec::new(),
                done: false,
            }),
            grown: Condvar::new(),
        }
    }

    fn publish(&self, batch: &mut Vec<ObjectId>) {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        state.ids.append(batch);
        self.grown.notify_all();
    }

    fn finish(&self) {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).done = true;
        self.grown.notify_all();
    }

    /// Copy chunk `index` into `out`, waiting for the walk to publish it.
    /// Returns `false` when the walk ended before it (or the scan was cancelled).
    fn chunk(&self, index: usize, out: &mut Vec<ObjectId>, cancel: &AtomicBool) -> bool {
        let start = index * CHUNK;
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        while state.ids.len() < start + CHUNK && !state.done {
            if cancel.load(Ordering::Relaxed) {
                return false;
            }
            state = self.grown.wait(state).unwrap_or_else(|p| p.into_inner());
        }
        let end = state.ids.len().min(start + CHUNK);
        if start >= end {
            return false;
        }
        out.clear();
        out.extend_from_slice(&state.ids[start..end]);
        true
    }
}

enum Message {
    Chunk(usize, Vec<CommitRecord>),
    Done(Result<ScanSummary, Error>),
}

/// Receives each record, in walk order; an error stops the scan.
pub type RecordSink<'a> = &'a mut dyn FnMut(&CommitRecord) -> Result<(), BoxError>;

/// Scan one repository.
///
/// `on_record`, when given, receives every scanned commit's record in walk order
/// (newest first), whatever the number of threads.
pub fn scan_repo<C: Classifier>(
    open: &OpenRepo,
    options: &ScanOptions,
    classifier: &C,
    on_record: Option<RecordSink<'_>>,
) -> Result<RepoScan, Error> {
    RepoScanner::new(open, options, classifier)?.run(on_record)
}

/// A scan of one repository, set up (rules, mailmap, attributes, walk tips
/// resolved) and ready to run, for callers that reuse earlier results: they can
/// read the tips and the [`fingerprint`](Self::fingerprint), hide commits already
/// accounted for and hand in records already known.
pub struct RepoScanner<'a, C> {
    shared: Shared<'a, C>,
    selection: Selection,
}

impl<'a, C: Classifier> RepoScanner<'a, C> {
    /// Load what the scan of `open` needs and resolve where its walk starts.
    pub fn new(
        open: &'a OpenRepo,
        options: &'a ScanOptions,
        classifier: &'a C,
    ) -> Result<Self, Error> {
        let selection = revs::select(open, options)?;
        let repo = open.repo.to_thread_local();
        let head_tree = open
            .head
            .and_then(|head| repo.find_commit(head.to_gix()).ok())
            .and_then(|c| c.tree_id().ok())
            .map(|id| id.detach());
        let mailmap = repo.open_mailmap();
        // An excluded email stands for the person: the addresses `.mailmap` maps it to
        // (with any name), then the aliases.
        let opt_out = crate::identity::OptOut::new(&options.exclude_authors, |email| {
            let mut emails: Vec<bstr::BString> = vec![email.to_owned()];
            emails.extend(
                mailmap
                    .iter()
                    .filter(|entry| entry.old_email().eq_ignore_ascii_case(email))
                    .filter_map(|entry| entry.new_email().map(ToOwned::to_owned)),
            );
            emails
                .into_iter()
                .map(|email| options.aliases.key(bstr::ByteSlice::as_bstr(&email[..])))
                .collect()
        })?;
        let shared = Shared {
            open,
            options,
            mailmap,
            paths: PathRules::new(&options.excludes, options.default_excludes)?,
            attributes: AttributeRules::load(&repo, head_tree).map_err(|e| {
                let what = match head_tree {
                    Some(tree) => format!("cannot read the .gitattributes files of tree {tree}"),
                    None => "cannot read .gitattributes".to_owned(),
                };
                Error::git(&open.path, what, e)
            })?,
            ignore_revs: ignore_revs::load(open, &repo, options.ignore_revs_file.as_deref())?,
            classifier,
            opt_out,
            known: &NoKnownRecords,
        };
        Ok(RepoScanner { shared, selection })
    }

    /// Where the walk starts, what it must not cross and which times it keeps.
    pub fn selection(&self) -> &Selection {
        &self.selection
    }

    /// A digest of everything besides the commit itself and the classifier that
    /// decides a commit's record: the scanner's version, the diff and filter
    /// options, `.mailmap`, the aliases, the attributes, the ignore-revs list and
    /// the grafts of a shallow clone. Two scans with the same fingerprint and the
    /// same classifier give the same record for the same commit.
    pub fn fingerprint(&self) -> [u8; 32] {
        crate::fingerprint::of(&self.shared)
    }

    /// Leave out the commits reachable from `ids` as well.
    pub fn hide(&mut self, ids: impl IntoIterator<Item = Oid>) {
        self.selection.hidden.extend(ids);
        self.selection.hidden.sort();
        self.selection.hidden.dedup();
    }

    /// Take records from `known` instead of diffing their commits again.
    pub fn with_known(mut self, known: &'a dyn KnownRecords) -> Self {
        self.shared.known = known;
        self
    }

    /// Run the scan. `on_record`, when given, receives every scanned commit's record
    /// in walk order (newest first), whatever the number of threads.
    pub fn run(self, mut on_record: Option<RecordSink<'_>>) -> Result<RepoScan, Error> {
        let RepoScanner { shared, selection } = self;
        let (open, options) = (shared.open, shared.options);
        let feed = Feed::new();
        let threads = match options.jobs {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        }
        .max(1);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("rungs-scan-{i}"))
            .build()
            .map_err(|source| Error::ThreadPool { threads, source })?;

        // Removing duplicate patches needs walk order (the first commit keeps the patch),
        // so records then come back to this thread and are folded here instead of in the workers.
        let dedupe = options.dedupe_patches;
        let want_records = on_record.is_some() || dedupe;
        let mut ordered = ScanSummary::default();
        let mut first_with_patch: HashMap<Oid, Oid> = HashMap::new();
        let next = AtomicUsize::new(0);
        let cancel = AtomicBool::new(false);
        let window = Window {
            consumed: Mutex::new(0),
            moved: Condvar::new(),
        };
        let (tx, rx) = mpsc::channel::<Message>();
        let mut summaries = Vec::with_capacity(threads);
        let mut sink_error = None;
        let mut walk_error = None;

        pool.in_place_scope(|scope| {
            for _ in 0..threads {
                let tx = tx.clone();
                let (shared, feed, next, cancel, window) =
                    (&shared, &feed, &next, &cancel, &window);
                scope.spawn(move |_| {
                    // A panic must not leave the others waiting for its chunk: it ends the scan like an error.
                    let outcome = work_guarded(
                        shared,
                        feed,
                        next,
                        cancel,
                        want_records.then_some((window, &tx)),
                        !dedupe,
                    );
                    if outcome.is_err() {
                        cancel.store(true, Ordering::Relaxed);
                        window.wake_all();
                    }
                    // The receiver lives until every worker is done; a send cannot fail.
                    let _ = tx.send(Message::Done(outcome));
                });
            }
            drop(tx);

            let walked = feed_walk(open, &selection, options, &feed, &cancel);
            if let Err(e) = walked {
                cancel.store(true, Ordering::Relaxed);
                window.wake_all();
                walk_error = Some(e);
            }

            let mut pending: BTreeMap<usize, Vec<CommitRecord>> = BTreeMap::new();
            let mut expected = 0;
            for message in rx {
                match message {
                    Message::Chunk(index, records) => {
                        pending.insert(index, records);
                        while let Some(mut records) = pending.remove(&expected) {
                            for record in &mut records {
                                if dedupe {
                                    fold_first_patch(record, &mut first_with_patch, &mut ordered);
                                }
                                if let (Some(sink), None) = (on_record.as_mut(), &sink_error)
                                    && let Err(e) = sink(record)
                                {
                                    sink_error = Some(Error::Sink(e));
                                    cancel.store(true, Ordering::Relaxed);
                                }
                            }
                            expected += 1;
                            window.advance(expected);
                        }
                    }
                    Message::Done(outcome) => summaries.push(outcome),
                }
            }
        });

        if let Some(e) = walk_error.or(sink_error) {
            return Err(e);
        }
        let mut summary = ordered;
        for outcome in summaries {
            summary.merge(outcome?);
        }
        Ok(RepoScan {
            info: RepoInfo {
                path: open.path.clone(),
                head: open.head,
                commits_scanned: summary.commits,
                shallow: open.is_shallow(),
            },
            summary,
        })
    }
}

/// [`work`], with a panic turned into an error: a worker that panics must not
/// leave the others waiting for its chunk.
fn work_guarded<C: Classifier>(
    shared: &Shared<'_, C>,
    feed: &Feed,
    next: &AtomicUsize,
    cancel: &AtomicBool,
    send: Option<(&Window, &mpsc::Sender<Message>)>,
    fold: bool,
) -> Result<ScanSummary, Error> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        work(shared, feed, next, cancel, send, fold)
    }))
    .unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_owned());
        Err(Error::WorkerPanic {
            repo: shared.open.path.clone(),
            message,
        })
    })
}

/// Walk the selected history on this thread and publish its commits to the
/// workers in chunks, until the walk ends or the scan is cancelled.
fn feed_walk(
    open: &OpenRepo,
    selection: &Selection,
    options: &ScanOptions,
    feed: &Feed,
    cancel: &AtomicBool,
) -> Result<(), Error> {
    let mut batch = Vec::with_capacity(CHUNK);
    let progress = options.progress.as_deref();
    let walked = walk::commits(open, selection, options.first_parent, |id| {
        batch.push(id);
        if batch.len() == CHUNK {
            if let Some(p) = progress {
                p.add_walked(CHUNK as u64);
            }
            feed.publish(&mut batch);
        }
        !cancel.load(Ordering::Relaxed)
    });
    if let Some(p) = progress {
        p.add_walked(batch.len() as u64);
    }
    feed.publish(&mut batch);
    feed.finish();
    walked
}

/// Fold one record, in walk order, into `ordered` unless an earlier commit
/// carries the same patch: then it is marked as that commit's duplicate.
fn fold_first_patch(
    record: &mut CommitRecord,
    first_with_patch: &mut HashMap<Oid, Oid>,
    ordered: &mut ScanSummary,
) {
    if let Some(patch) = record.patch_id {
        match first_with_patch.entry(patch) {
            Entry::Occupied(first) => record.duplicate_of = Some(*first.get()),
            Entry::Vacant(slot) => {
                slot.insert(record.id);
            }
        }
    }
    if record.duplicate_of.is_some() {
        ordered.duplicate_patches += 1;
    } else {
        ordered.add(record);
    }
}

/// One worker: claim chunks until none are left, fold records, send them if wanted.
fn work<C: Classifier>(
    shared: &Shared<'_, C>,
    feed: &Feed,
    next: &AtomicUsize,
    cancel: &AtomicBool,
    records: Option<(&Window, &mpsc::Sender<Message>)>,
    fold: bool,
) -> Result<ScanSummary, Error> {
    let mut worker = Worker::new(shared)?;
    let mut summary = ScanSummary::default();
    let mut chunk = Vec::with_capacity(CHUNK);
    loop {
        if cancel.load(Ordering::Relaxed) {
            break;
        }
        let index = next.fetch_add(1, Ordering::Relaxed);
        if !feed.chunk(index, &mut chunk, cancel) {
            break;
        }
        if let Some((window, _)) = records {
            window.wait_for(index, cancel);
        }
        let mut out = Vec::with_capacity(if records.is_some() { chunk.len() } else { 0 });
        for &id in chunk.iter() {
            match worker.scan(id)? {
                Outcome::Bot(patterns) => {
                    summary.bot_commits += 1;
                    for pattern in patterns {
                        *summary.excluded_by_pattern.entry(pattern).or_default() += 1;
                    }
                }
                Outcome::Excluded(patterns) => {
                    summary.excluded_commits += 1;
                    for pattern in patterns {
                        *summary.excluded_by_pattern.entry(pattern).or_default() += 1;
                    }
                }
                Outcome::Record(record) => {
                    if fold {
                        summary.add(&record);
                    }
                    if records.is_some() {
                        out.push(record);
                    }
                }
            }
        }
        if let Some(p) = shared.options.progress.as_deref() {
            p.add_scanned(chunk.len() as u64);
        }
        if let Some((_, tx)) = records
            && tx.send(Message::Chunk(index, out)).is_err()
        {
            break;
        }
    }
    Ok(summary)
}
