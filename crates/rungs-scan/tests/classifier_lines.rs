//! The lines a classifier sees are exactly the `+` and `-` lines of `git log -p`,
//! with git's line numbers: same hunks, placed where git's default output places them.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::Path,
    process::{Command, Stdio},
    sync::atomic::{AtomicU32, Ordering},
};

use rungs_scan::{
    Classifier, FileLines, Hit, MessageInput, OpenRepo, ScanOptions,
    bstr::{BString, ByteSlice},
};

static NEXT_RULE: AtomicU32 = AtomicU32::new(0);

/// Reports every line it is shown as a hit with the text `+text` or `-text`.
struct LineEcho;

impl Classifier for LineEcho {
    type Commit = ();

    fn wants_lines(&self) -> bool {
        true
    }

    fn classify_file(&self, _: &mut (), file: &FileLines<'_>, hits: &mut Vec<Hit>) {
        for (sign, lines) in [('+', file.added), ('-', file.removed)] {
            for line in lines {
                // Every hit gets its own rule, so that the scanner's pruning to a
                // few hits per rule and commit keeps them all.
                hits.push(Hit {
                    rule: NEXT_RULE.fetch_add(1, Ordering::Relaxed),
                    path: Some(file.path.to_owned()),
                    line: Some(line.number),
                    text: Some(format!(
                        "{sign}{}",
                        line.text
                            .trim_end_with(|c| c == '\n' || c == '\r')
                            .to_str_lossy()
                    )),
                    depth: 1,
                });
            }
        }
    }

    fn classify_message(&self, _: &mut (), _input: &MessageInput<'_>, _hits: &mut Vec<Hit>) {}
}

type LineKey = (String, BString, u32, String);

fn build_fixture(dir: &Path) -> std::path::PathBuf {
    let out = dir.join("scanner");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/scanner.sh");
    let status = Command::new("bash")
        .arg(script)
        .arg(&out)
        .stdin(Stdio::null())
        .status()
        .expect("bash");
    assert!(status.success());
    out
}

/// (commit, path, line number, ±text) for every changed line `git log -p -U0` shows
/// (line endings dropped: the patch is split with CRLF-aware `lines()`).
fn git_lines(repo: &Path) -> BTreeSet<LineKey> {
    let out = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args([
            "-c",
            "core.quotepath=false",
            "log",
            "-p",
            "-U0",
            "--no-renames",
            "--no-merges",
            "--no-prefix",
            "--format=commit %H",
        ])
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .stdin(Stdio::null())
        .output()
        .expect("git");
    assert!(out.status.success());
    let mut set = BTreeSet::new();
    let (mut commit, mut path) = (String::new(), BString::default());
    let (mut old_line, mut new_line) = (0u32, 0u32);
    let mut old_path = BString::default();
    for raw in out.stdout.lines() {
        if let Some(id) = raw.strip_prefix(b"commit ") {
            commit = id.to_str_lossy().into_owned();
        } else if raw.starts_with(b"diff --git ") {
            path.clear();
        } else if let Some(p) = raw.strip_prefix(b"--- ") {
            old_path = p.into();
        } else if let Some(p) = raw.strip_prefix(b"+++ ") {
            path = if p == b"/dev/null" {
                old_path.clone()
            } else {
                p.into()
            };
        } else if let Some(header) = raw.strip_prefix(b"@@ -") {
            let header = header.to_str_lossy();
            let mut parts = header.split(' ');
            let start = |s: &str| {
                s.split(',')
                    .next()
                    .and_then(|n| n.parse::<u32>().ok())
                    .expect("hunk start")
            };
            old_line = start(parts.next().expect("old"));
            new_line = start(parts.next().expect("new").trim_start_matches('+'));
            // A zero-length side names the line before the hunk.
            if header.split(' ').next().is_some_and(|s| s.ends_with(",0")) {
                old_line += 1;
            }
            if header.split(' ').nth(1).is_some_and(|s| s.ends_with(",0")) {
                new_line += 1;
            }
        } else if let Some(text) = raw.strip_prefix(b"+") {
            set.insert((
                commit.clone(),
                path.clone(),
                new_line,
                format!("+{}", text.to_str_lossy()),
            ));
            new_line += 1;
        } else if let Some(text) = raw.strip_prefix(b"-") {
            set.insert((
                commit.clone(),
                path.clone(),
                old_line,
                format!("-{}", text.to_str_lossy()),
            ));
            old_line += 1;
        }
    }
    set
}

#[test]
fn classifier_lines_equal_git_log_patch() {
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = build_fixture(dir.path());
    assert_lines_equal_git(&repo, dir.path(), 0.0);
}

/// `RUNGS_PARITY_REPO=/path/to/repo cargo test --release` runs the same check on any
/// repository; it is off by default because it takes minutes.
///
/// Counts are exact everywhere (the parity tests of the `rungs` crate). Placement is
/// not always: where several equally short diffs exist, imara-diff's Myers and its
/// slider post-processing sometimes choose another of them than git's xdiff. On
/// rust-lang/cargo that is 1,403 of 2,437,858 changed lines (0.06%), so this
/// check allows 0.1%.
#[test]
fn classifier_lines_equal_git_log_patch_on_a_given_repository() {
    let Some(repo) = std::env::var_os("RUNGS_PARITY_REPO") else {
        eprintln!("skipped: set RUNGS_PARITY_REPO to run");
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    assert_lines_equal_git(Path::new(&repo), dir.path(), 0.001);
}

/// Compare the lines a classifier sees with git's patch; `tolerance` is the share of
/// changed lines that may sit at another of several equally valid positions.
fn assert_lines_equal_git(repo: &Path, scratch: &Path, tolerance: f64) {
    let open = OpenRepo::open(repo).expect("open");
    let options = ScanOptions {
        include_bots: true,
        ignore_revs_file: Some(scratch.join("none")),
        // Attributes and exclusions are policies; compare what git shows for every text file.
        default_excludes: false,
        ..ScanOptions::default()
    };
    std::fs::write(scratch.join("none"), "").expect("write");
    let mut ours = BTreeSet::new();
    let mut counted: BTreeMap<String, BTreeSet<BString>> = BTreeMap::new();
    let mut sink = |record: &rungs_scan::CommitRecord| -> Result<(), rungs_scan::BoxError> {
        let id = record.id.to_string();
        for file in record.files.iter().filter(|f| f.lines.is_ok()) {
            counted
                .entry(id.clone())
                .or_default()
                .insert(file.path.clone());
        }
        for hit in &record.hits {
            ours.insert((
                id.clone(),
                hit.path.clone().expect("path"),
                hit.line.expect("line"),
                hit.text.clone().expect("text"),
            ));
        }
        Ok(())
    };
    rungs_scan::scan_repo(&open, &options, &LineEcho, Some(&mut sink)).expect("scan");
    // Skipped files (binary, submodule, vendored, ...) have no lines on our side by design.
    let theirs: BTreeSet<LineKey> = git_lines(repo)
        .into_iter()
        .filter(|(c, p, _, _)| counted.get(c).is_some_and(|paths| paths.contains(p)))
        .collect();
    assert!(!theirs.is_empty());
    let missing: Vec<_> = theirs.difference(&ours).collect();
    let extra: Vec<_> = ours.difference(&theirs).collect();
    eprintln!(
        "{} of {} lines placed differently from git",
        missing.len(),
        theirs.len()
    );
    assert!(
        (missing.len().max(extra.len()) as f64) <= tolerance * theirs.len() as f64,
        "{} of {} lines placed differently from git; first missing {:?}\nfirst extra {:?}",
        missing.len(),
        theirs.len(),
        &missing[..missing.len().min(5)],
        &extra[..extra.len().min(5)]
    );
}
