//! Cache files: framed, checksummed, written atomically.
//!
//! Every file is `MAGIC`, its kind, the key of the setup it belongs to, the
//! body's length and BLAKE3 hash, then the body. It is written to a temporary
//! file of its own in the same directory, flushed to disk and renamed into place,
//! so a reader sees either the whole old file, the whole new one, or none; a
//! run killed midway leaves at most a temporary file, which later runs remove.
//! Concurrent runs never write the same temporary file, and a rename replaces a
//! file in one step, so they cannot corrupt each other's work.

use std::{
    fs,
    io::Write,
    path::{Path, PathBuf},
    sync::atomic::{AtomicU64, Ordering},
    time::{Duration, SystemTime},
};

/// The first bytes of every cache file; the last two are the format version.
const MAGIC: &[u8; 8] = b"RUNGS\x00C1";
/// Bytes before the body: magic, kind, key, length, hash.
const HEADER: usize = 8 + 1 + 32 + 8 + 32;
/// Temporary files start with this.
const TMP_PREFIX: &str = ".tmp-";
/// Temporary files older than this were left by a run that died.
const STALE_TMP: Duration = Duration::from_secs(3600);

/// What a cache file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Per-commit records.
    Records = 1,
    /// Folded results of a walk up to some tips.
    Snapshot = 2,
}

/// Why a cache file was not used.
#[derive(Debug)]
pub(crate) enum Unusable {
    /// Gone between listing and reading (another run compacted it): not a problem.
    Missing,
    /// Anything else, said in words.
    Bad(String),
}

/// Read the body of `path`, checking that it is a whole, intact file of `kind`
/// for `key`.
pub(crate) fn read(path: &Path, kind: Kind, key: &[u8; 32]) -> Result<Vec<u8>, Unusable> {
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Unusable::Missing),
        Err(e) => return Err(Unusable::Bad(format!("cannot read it: {e}"))),
    };
    let bad = |why: &str| Err(Unusable::Bad(why.to_owned()));
    if bytes.len() < HEADER || &bytes[..8] != MAGIC {
        return bad("not a rungs cache file of this version");
    }
    if bytes[8] != kind as u8 || bytes[9..41] != key[..] {
        return bad("it belongs to another kind of cache entry or another setup");
    }
    let length = u64::from_le_bytes(bytes[41..49].try_into().unwrap_or_default());
    let body = &bytes[HEADER..];
    if body.len() as u64 != length {
        return bad("truncated");
    }
    if blake3::hash(body).as_bytes()[..] != bytes[49..81] {
        return bad("its checksum does not match (corrupt)");
    }
    Ok(body.to_vec())
}

/// Write `body` to `path` atomically. `pause` names the step for the test hook
/// (see [`test_pause`]).
pub(crate) fn write(
    path: &Path,
    kind: Kind,
    key: &[u8; 32],
    body: &[u8],
    pause: &str,
) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let tmp = temporary(dir);
    let result = (|| {
        let mut file = fs::File::create(&tmp)?;
        let mut header = Vec::with_capacity(HEADER);
        header.extend_from_slice(MAGIC);
        header.push(kind as u8);
        header.extend_from_slice(key);
        header.extend_from_slice(&(body.len() as u64).to_le_bytes());
        header.extend_from_slice(blake3::hash(body).as_bytes());
        file.write_all(&header)?;
        let half = body.len() / 2;
        file.write_all(&body[..half])?;
        file.flush()?;
        test_pause(&format!("{pause}-partial"));
        file.write_all(&body[half..])?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, path)?;
        // Make the rename itself durable; not every platform can open a directory.
        if let Ok(dir) = fs::File::open(dir) {
            let _ = dir.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    test_pause(&format!("{pause}-renamed"));
    result
}

/// A temporary file name no other run or thread uses.
fn temporary(dir: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    dir.join(format!(
        "{TMP_PREFIX}{}-{}-{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ))
}

/// The cache files in `dir` with `extension`, sorted by name; temporary files
/// left by runs that died long ago are removed on the way.
pub(crate) fn list(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(TMP_PREFIX) {
            let stale = entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > STALE_TMP);
            if stale {
                let _ = fs::remove_file(&path);
            }
        } else if path.extension().is_some_and(|e| e == extension) {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// For tests of crash safety: when `RUNGS_TEST_PAUSE` names `point`, say so on
/// standard error and wait to be killed.
pub fn test_pause(point: &str) {
    if std::env::var_os("RUNGS_TEST_PAUSE").is_some_and(|p| p == point) {
        eprintln!("rungs: test pause at {point}");
        loop {
            std::thread::sleep(Duration::from_secs(3600));
        }
    }
}

/// Lower-case hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_every_kind_of_damage() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.seg");
        let key = [7u8; 32];
        write(&path, Kind::Records, &key, b"hello world", "t").expect("write");
        assert_eq!(
            read(&path, Kind::Records, &key).expect("read"),
            b"hello world"
        );
        assert!(matches!(
            read(&path, Kind::Snapshot, &key),
            Err(Unusable::Bad(_))
        ));
        assert!(matches!(
            read(&path, Kind::Records, &[8u8; 32]),
            Err(Unusable::Bad(_))
        ));
        let mut bytes = fs::read(&path).expect("read");
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        fs::write(&path, &bytes).expect("write");
        assert!(
            matches!(read(&path, Kind::Records, &key), Err(Unusable::Bad(m)) if m.contains("corrupt"))
        );
        fs::write(&path, &bytes[..last]).expect("write");
        assert!(
            matches!(read(&path, Kind::Records, &key), Err(Unusable::Bad(m)) if m.contains("truncated"))
        );
        fs::write(&path, b"garbage").expect("write");
        assert!(matches!(
            read(&path, Kind::Records, &key),
            Err(Unusable::Bad(_))
        ));
        fs::remove_file(&path).expect("rm");
        assert!(matches!(
            read(&path, Kind::Records, &key),
            Err(Unusable::Missing)
        ));
        assert!(list(dir.path(), "seg").is_empty());
    }
}
