//! Per-commit records, kept in segment files: each run that scans new commits
//! adds one segment, and many small segments are compacted into one.

use std::{collections::HashMap, path::PathBuf};

use rungs_scan::{CommitRecord, KnownRecords, Oid, bstr::ByteSlice};

use super::file::{self, Kind};

/// Segments beyond this are compacted into one.
const MAX_SEGMENTS: usize = 32;

/// Encoded records by commit id.
#[derive(Default)]
pub struct RecordStore {
    records: HashMap<Oid, Box<[u8]>>,
    /// The segment files read, to delete once compacted.
    segments: Vec<PathBuf>,
}

impl RecordStore {
    /// Read every segment in `dir` for `key`; a damaged one is reported to `warn`
    /// and removed (its commits are scanned again).
    pub fn load(dir: &std::path::Path, key: &[u8; 32], warn: &dyn Fn(&str)) -> Self {
        let mut store = RecordStore::default();
        for path in file::list(dir, "seg") {
            let parsed = match file::read(&path, Kind::Records, key) {
                Ok(body) => parse(&body).ok_or_else(|| "malformed records".to_owned()),
                Err(file::Unusable::Missing) => continue,
                Err(file::Unusable::Bad(why)) => Err(why),
            };
            match parsed {
                Ok(entries) => {
                    store.records.extend(entries);
                    store.segments.push(path);
                }
                Err(why) => {
                    warn(&format!(
                        "cache file {} is unusable ({why}); removing it, its commits are scanned again",
                        path.display()
                    ));
                    let _ = std::fs::remove_file(&path);
                }
            }
        }
        store
    }

    /// How many records are known.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether no record is known.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Whether the record of `id` is known.
    pub fn contains(&self, id: &Oid) -> bool {
        self.records.contains_key(id)
    }
}

impl KnownRecords for RecordStore {
    fn get(&self, id: &Oid) -> Option<CommitRecord> {
        // A record that does not decode (a bug, since the file's checksum held) is
        // simply computed again.
        postcard::from_bytes(self.records.get(id)?).ok()
    }
}

/// Records computed by this run, to add to the store.
#[derive(Default)]
pub struct NewRecords {
    entries: Vec<(Oid, Vec<u8>)>,
}

impl NewRecords {
    /// Keep `record`, as the scan computes it before duplicate patches are marked,
    /// with what looks like a secret taken out of its trailer values (only their
    /// keys are read back; evidence texts are redacted by the classifier already).
    pub fn push(&mut self, record: &CommitRecord) {
        let redacted: Vec<Option<String>> = record
            .trailers
            .iter()
            .map(|t| {
                let value = t.value.to_str_lossy();
                let clean = rungs_rules::redact::redact(&value);
                (clean != value).then_some(clean)
            })
            .collect();
        let encoded = if record.duplicate_of.is_some() || redacted.iter().any(Option::is_some) {
            let mut plain = record.clone();
            plain.duplicate_of = None;
            for (trailer, clean) in plain.trailers.iter_mut().zip(redacted) {
                if let Some(clean) = clean {
                    trailer.value = clean.into();
                }
            }
            postcard::to_allocvec(&plain)
        } else {
            postcard::to_allocvec(record)
        };
        if let Ok(bytes) = encoded {
            self.entries.push((record.id, bytes));
        }
    }

    /// How many records there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Write the new records as a segment of `dir`; when the store has grown to many
/// segments, write everything as one and remove the old ones. `store` is what
/// was loaded before the scan, `None` when it was not read.
pub(crate) fn save(
    dir: &std::path::Path,
    key: &[u8; 32],
    new: NewRecords,
    store: Option<RecordStore>,
) -> std::io::Result<()> {
    let segments = file::list(dir, "seg").len();
    let (entries, replaced) = match store {
        Some(store) if segments >= MAX_SEGMENTS => {
            let mut all: Vec<(Oid, Vec<u8>)> = store
                .records
                .into_iter()
                .map(|(id, bytes)| (id, bytes.into_vec()))
                .collect();
            all.extend(new.entries);
            (all, store.segments)
        }
        _ if segments >= MAX_SEGMENTS => {
            // Not read this run (a snapshot served it): read it now to compact.
            let store = RecordStore::load(dir, key, &|_| {});
            return save(dir, key, new, Some(store));
        }
        _ => (new.entries, Vec::new()),
    };
    if entries.is_empty() {
        return Ok(());
    }
    let body = serialize(entries);
    let name = format!("{}.seg", &file::hex(blake3::hash(&body).as_bytes())[..32]);
    let path = dir.join(name);
    file::write(&path, Kind::Records, key, &body, "records")?;
    for old in replaced {
        if old != path {
            let _ = std::fs::remove_file(old);
        }
    }
    Ok(())
}

/// `[id: 20 bytes][length: u32 LE][record]` repeated, sorted by id.
fn serialize(mut entries: Vec<(Oid, Vec<u8>)>) -> Vec<u8> {
    entries.sort_by_key(|e| e.0);
    entries.dedup_by(|a, b| a.0 == b.0);
    let size: usize = entries.iter().map(|(_, b)| 24 + b.len()).sum();
    let mut body = Vec::with_capacity(size);
    for (id, bytes) in entries {
        body.extend_from_slice(id.as_bytes());
        body.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
        body.extend_from_slice(&bytes);
    }
    body
}

fn parse(mut body: &[u8]) -> Option<Vec<(Oid, Box<[u8]>)>> {
    let mut out = Vec::new();
    while !body.is_empty() {
        let id = Oid::from_bytes(body.get(..20)?)?;
        let length = u32::from_le_bytes(body.get(20..24)?.try_into().ok()?) as usize;
        let record = body.get(24..24 + length)?;
        out.push((id, record.into()));
        body = &body[24 + length..];
    }
    Some(out)
}
