//! Shared helpers for the end-to-end tests: fixture repositories built once per
//! test binary by the scripts in `fixtures/`, the `rungs` binary, and git itself.
#![allow(dead_code, unreachable_pub, missing_docs)]

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
    process::{Command, Output, Stdio},
    sync::OnceLock,
};

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("workspace root")
}

/// A scratch directory that lives as long as the test binary.
pub fn scratch() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("temp dir"))
        .path()
}

/// Run `git` with no user or system configuration, so results do not depend on the machine.
pub fn git(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("LC_ALL", "C")
        .stdin(Stdio::null())
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The scanner fixture (see `fixtures/scanner.sh`), built once.
pub fn scanner_fixture() -> &'static Path {
    static REPO: OnceLock<PathBuf> = OnceLock::new();
    REPO.get_or_init(|| build_fixture("scanner.sh", "scanner"))
}

/// Build the repository of `fixtures/<script>` under the scratch directory as
/// `name`, once per test binary (tests running in parallel share it).
pub fn build_fixture(script: &str, name: &str) -> PathBuf {
    static BUILT: OnceLock<std::sync::Mutex<BTreeMap<String, PathBuf>>> = OnceLock::new();
    let mut built = BUILT
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(path) = built.get(name) {
        return path.clone();
    }
    let out = scratch().join(name);
    let status = Command::new("bash")
        .arg(workspace().join("fixtures").join(script))
        .arg(&out)
        .stdin(Stdio::null())
        .status()
        .expect("bash runs");
    assert!(status.success(), "fixture script {script} failed");
    built.insert(name.to_owned(), out.clone());
    out
}

/// A history longer than several 64-commit chunks, so that workers finish chunks
/// out of order and the output has to be put back in order.
pub fn long_history() -> &'static Path {
    static REPO: OnceLock<PathBuf> = std::sync::OnceLock::new();
    REPO.get_or_init(|| {
        let repo = scratch().join("long-history");
        git(scratch(), &["init", "-q", "-b", "main", "long-history"]);
        let mut stream = String::new();
        for n in 0..700u64 {
            let (name, email) = [("Ann", "ann@example.com"), ("Ben", "ben@example.com"), ("Cy", "cy@example.com")][(n % 3) as usize];
            let time = 1_600_000_000 + n * 600;
            let file = n % 11;
            let body: String = (0..(n % 40 + 1)).map(|i| format!("row {i} of commit {n}\n")).collect();
            stream.push_str(&format!(
                "commit refs/heads/main\nauthor {name} <{email}> {time} +0000\ncommitter {name} <{email}> {time} +0000\ndata 4\nc{n:02}\n"
            ));
            stream.push_str(&format!("M 100644 inline f{file}.txt\ndata {}\n{body}\n", body.len()));
        }
        let mut child = std::process::Command::new("git")
            .args(["-C", repo.to_str().expect("utf-8"), "fast-import", "--quiet"])
            .stdin(std::process::Stdio::piped())
            .spawn()
            .expect("git fast-import");
        {
            use std::io::Write;
            child.stdin.take().expect("stdin").write_all(stream.as_bytes()).expect("write");
        }
        assert!(child.wait().expect("fast-import").success());
        repo
    })
}

/// A fresh clone of the fixture `origin` under the scratch directory, named
/// `name` (an earlier one is removed), for a test to add commits to.
pub fn fresh_clone(origin: &Path, name: &str) -> PathBuf {
    let clone = scratch().join(name);
    let _ = std::fs::remove_dir_all(&clone);
    git(
        scratch(),
        &["clone", "-q", origin.to_str().expect("utf-8"), name],
    );
    clone
}

/// Run `rungs` with `args` in `dir`.
pub fn rungs(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rungs"))
        .current_dir(dir)
        .args(args)
        .env_remove("RUNGS_JOBS")
        .env_remove("RUNGS_ANONYMIZE_KEY")
        .stdin(Stdio::null())
        .output()
        .expect("rungs runs")
}

/// Run `rungs` and expect success.
pub fn rungs_ok(dir: &Path, args: &[&str]) -> Output {
    let out = rungs(dir, args);
    assert!(
        out.status.success(),
        "rungs {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Scan `repo` and return the JSON report and the parsed records.
pub fn scan(repo: &Path, extra: &[&str]) -> (serde_json::Value, Vec<serde_json::Value>) {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let records = scratch().join(format!("records-{n}.ndjson"));
    let mut args = vec![
        "scan",
        repo.to_str().expect("utf-8 path"),
        "--quiet",
        "--records",
    ];
    args.push(records.to_str().expect("utf-8 path"));
    args.extend_from_slice(extra);
    let out = rungs_ok(repo, &args);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("report is JSON");
    let lines = std::fs::read_to_string(&records).expect("records written");
    let records = lines
        .lines()
        .map(|l| serde_json::from_str(l).expect("record is JSON"))
        .collect();
    (report, records)
}

/// Scan `repo` with `--signals`; return the report and the parsed signal lines.
pub fn scan_signals(
    repo: &std::path::Path,
    extra: &[&str],
) -> (serde_json::Value, Vec<serde_json::Value>) {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let signals = scratch().join(format!("evidence-{n}.ndjson"));
    let mut args = vec![
        "scan",
        ".",
        "--quiet",
        "--signals",
        signals.to_str().expect("utf-8"),
    ];
    args.extend_from_slice(extra);
    let out = rungs_ok(repo, &args);
    let report = serde_json::from_slice(&out.stdout).expect("report is JSON");
    let lines = std::fs::read_to_string(&signals)
        .expect("signals written")
        .lines()
        .map(|l| serde_json::from_str(l).expect("signal line is JSON"))
        .collect();
    (report, lines)
}

/// The report entry of the author with this (lower-case) email.
pub fn author<'a>(report: &'a serde_json::Value, email: &str) -> &'a serde_json::Value {
    report["authors"]
        .as_array()
        .expect("authors")
        .iter()
        .find(|a| a["email"] == email)
        .unwrap_or_else(|| panic!("no author {email}"))
}

/// The bytes of a record's path (exact even when the path is not UTF-8).
pub fn path_bytes(file: &serde_json::Value) -> Vec<u8> {
    match file.get("path_bytes").and_then(|v| v.as_str()) {
        Some(hex) => (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
            .collect(),
        None => file["path"].as_str().expect("path").as_bytes().to_vec(),
    }
}

/// One numstat entry: added and removed lines, or `None` where git shows `-` (binary).
pub type Numstat = Option<(u64, u64)>;

/// `git log --numstat --no-renames --no-merges` as a map from (commit, path bytes) to counts.
pub fn git_numstat(repo: &Path, revs: &[&str]) -> BTreeMap<(String, Vec<u8>), Numstat> {
    let mut args = vec![
        "log",
        "--numstat",
        "--no-renames",
        "--no-merges",
        "-z",
        "--format=%x01%H",
    ];
    args.extend_from_slice(revs);
    let out = git(repo, &args).stdout;
    let mut map = BTreeMap::new();
    let mut commit = String::new();
    for mut token in out.split(|&b| b == 0) {
        while token.first() == Some(&b'\n') {
            token = &token[1..];
        }
        if token.first() == Some(&1) {
            commit = String::from_utf8(token[1..41].to_vec()).expect("hex id");
            token = &token[41..];
            while token.first() == Some(&b'\n') {
                token = &token[1..];
            }
        }
        if token.is_empty() {
            continue;
        }
        let mut parts = token.splitn(3, |&b| b == b'\t');
        let (a, r, path) = (
            parts.next().expect("added"),
            parts.next().expect("removed"),
            parts.next().expect("path"),
        );
        let counts = if a == b"-" {
            None
        } else {
            let n = |s: &[u8]| {
                std::str::from_utf8(s)
                    .expect("digits")
                    .parse::<u64>()
                    .expect("count")
            };
            Some((n(a), n(r)))
        };
        map.insert((commit.clone(), path.to_vec()), counts);
    }
    map
}

/// `git shortlog -sne --no-merges` (mailmap applied), summed per lower-cased email.
pub fn git_shortlog(repo: &Path, revs: &[&str]) -> BTreeMap<String, u64> {
    let mut args = vec!["shortlog", "-sne", "--no-merges"];
    args.extend_from_slice(revs);
    let out = String::from_utf8(git(repo, &args).stdout).expect("utf-8 shortlog");
    let mut map = BTreeMap::new();
    for line in out.lines() {
        let (count, rest) = line.trim().split_once('\t').expect("count and identity");
        let email = rest
            .rsplit_once('<')
            .and_then(|(_, e)| e.strip_suffix('>'))
            .expect("email");
        *map.entry(email.to_lowercase()).or_default() += count.parse::<u64>().expect("count");
    }
    map
}

/// Commit (empty, with `message`) in `dir` as `name <email>` at `date`, author
/// and committer alike, with no user or system configuration.
pub fn commit_as(dir: &Path, name: &str, email: &str, date: &str, message: &str) {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["commit", "-q", "--allow-empty", "-m", message])
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", name)
        .env("GIT_AUTHOR_EMAIL", email)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_NAME", name)
        .env("GIT_COMMITTER_EMAIL", email)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git commit failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
