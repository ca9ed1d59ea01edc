//! The bad-input matrix of issue 7: every hostile input ends in a clear one-line
//! error (exit 1) or a graceful, reported skip (exit 0), and never in a panic, a
//! hang, or a partial output file. The inputs are built by `fixtures/hostile.sh`.

use std::{
    collections::BTreeMap,
    ffi::OsString,
    fs,
    path::{Path, PathBuf},
    process::{Child, Command, ExitStatus, Stdio},
    time::{Duration, Instant},
};

use crate::common::*;
use serde_json::Value;

/// Longer than any case takes in a debug build by far: past it, a run is a hang.
const DEADLINE: Duration = Duration::from_secs(120);

/// What an interrupted or failed run must leave at the output path, when it existed.
const PREVIOUS: &[u8] = b"the report of an earlier run\n";

fn fixture() -> PathBuf {
    build_fixture("hostile.sh", "hostile")
}

/// A fresh, empty directory under the scratch directory.
fn fresh_dir(name: &str) -> PathBuf {
    let dir = scratch().join("hostile-runs").join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("mkdir");
    dir
}

/// Start `rungs args` in `dir`, its standard output and error going to files in
/// `logs` (a pipe could fill up while the caller waits).
fn spawn(dir: &Path, args: &[OsString], env: &[(&str, &str)], logs: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_rungs"))
        .current_dir(dir)
        .args(args)
        .env_remove("RUNGS_JOBS")
        .env_remove("RUNGS_CACHE")
        .env_remove("RUNGS_ANONYMIZE_KEY")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(fs::File::create(logs.join("stdout")).expect("stdout file"))
        .stderr(fs::File::create(logs.join("stderr")).expect("stderr file"))
        .spawn()
        .expect("rungs runs")
}

/// How a run ended.
struct Ran {
    status: ExitStatus,
    stdout: Vec<u8>,
    stderr: String,
}

/// Wait for `child` until [`DEADLINE`]; past it, kill it and fail: a hang.
fn finish(mut child: Child, what: &str, logs: &Path) -> Ran {
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: still running after {DEADLINE:?}, killed");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stderr = fs::read(logs.join("stderr")).expect("stderr");
    Ran {
        status,
        stdout: fs::read(logs.join("stdout")).expect("stdout"),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

/// Run `rungs args` in `dir` with the deadline.
fn run_within(dir: &Path, args: &[OsString], logs: &Path) -> Ran {
    finish(
        spawn(dir, args, &[], logs),
        &format!("rungs {args:?}"),
        logs,
    )
}

/// The names in `dir`, sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// A successful run's JSON report and per-commit records.
struct Scanned<'a> {
    /// Where rungs ran: the repository, for scans of `.`.
    repo: &'a Path,
    report: Value,
    records: Vec<Value>,
}

type Check = Box<dyn Fn(&Scanned<'_>) + Send + Sync>;

/// What a case must end in.
enum Expect {
    /// Exit 1 with one line on standard error, `rungs: error: ...`, holding each of these.
    Error(Vec<String>),
    /// Exit 0, with a report (and, for scans, records) that pass the check.
    Report(Check),
}

/// Where a case writes its report.
enum Output {
    /// `report.json` in a directory of the case's own, which holds [`PREVIOUS`]
    /// before the run when `existed` (to see that a failed run leaves it alone).
    Fresh { existed: bool },
    /// A path that cannot be written.
    Unwritable(PathBuf),
}

struct Case {
    name: &'static str,
    /// Where rungs runs.
    dir: PathBuf,
    /// The command line, without the output options the runner adds.
    args: Vec<OsString>,
    output: Output,
    expect: Expect,
}

fn args(list: &[&str]) -> Vec<OsString> {
    list.iter().map(OsString::from).collect()
}

fn error(parts: &[&str]) -> Expect {
    Expect::Error(parts.iter().map(|s| (*s).to_owned()).collect())
}

fn report(check: impl Fn(&Scanned<'_>) + Send + Sync + 'static) -> Expect {
    Expect::Report(Box::new(check))
}

fn rev_parse(repo: &Path, spec: &str) -> String {
    String::from_utf8(git(repo, &["rev-parse", spec]).stdout)
        .expect("utf-8")
        .trim()
        .to_owned()
}

/// How the records count one file: git's numbers, or the reason it was skipped.
type Counted = Result<(u64, u64), String>;

/// The files of `records` by (commit, path bytes).
fn counted(records: &[Value]) -> BTreeMap<(String, Vec<u8>), Counted> {
    let mut files = BTreeMap::new();
    for record in records {
        let commit = record["commit"].as_str().expect("commit").to_owned();
        for file in record["files"].as_array().expect("files") {
            let counts = match file.get("skipped").and_then(Value::as_str) {
                Some(reason) => Err(reason.to_owned()),
                None => Ok((
                    file["added"].as_u64().expect("added"),
                    file["removed"].as_u64().expect("removed"),
                )),
            };
            files.insert((commit.clone(), path_bytes(file)), counts);
        }
    }
    files
}

/// The records list the files `git log --numstat` lists for `revs`, each with
/// git's counts, except those skipped for one of `skips`.
fn same_counts_as_git(repo: &Path, revs: &[&str], records: &[Value], skips: &[&str]) {
    let ours = counted(records);
    let theirs = git_numstat(repo, revs);
    assert_eq!(
        ours.keys().collect::<Vec<_>>(),
        theirs.keys().collect::<Vec<_>>(),
        "the files changed differ from git's"
    );
    for (key, counts) in &ours {
        match counts {
            Ok(counts) => assert_eq!(theirs[key], Some(*counts), "{key:?}"),
            Err(reason) => assert!(skips.contains(&reason.as_str()), "{key:?}: {reason}"),
        }
    }
}

/// `git shortlog -sne --no-merges` per email (ASCII-lower-cased, then read as UTF-8
/// with replacement characters, as the report shows emails), from raw bytes.
fn shortlog_bytes(repo: &Path, revs: &[&str]) -> BTreeMap<String, u64> {
    let mut args = vec!["shortlog", "-sne", "--no-merges"];
    args.extend_from_slice(revs);
    let mut counts = BTreeMap::new();
    for line in git(repo, &args).stdout.split(|&b| b == b'\n') {
        let Some(tab) = line.iter().position(|&b| b == b'\t') else {
            continue;
        };
        let count: u64 = String::from_utf8_lossy(&line[..tab])
            .trim()
            .parse()
            .expect("count");
        let open = line.iter().rposition(|&b| b == b'<').expect("<");
        let email = line[open + 1..line.len() - 1].to_ascii_lowercase();
        *counts
            .entry(String::from_utf8_lossy(&email).into_owned())
            .or_default() += count;
    }
    counts
}

/// Commits per email in the report.
fn commits_by_email(report: &Value) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    for author in report["authors"].as_array().expect("authors") {
        let email = author["email"].as_str().expect("email").to_owned();
        counts.insert(email, author["commits"].as_u64().expect("commits"));
    }
    counts
}

/// A valid report, and damaged copies of it, for `rungs report` and `rungs merge`.
fn reports() -> (PathBuf, PathBuf, PathBuf) {
    let dir = fixture().join("reports");
    let good = dir.join("good.json");
    if !good.exists() {
        fs::create_dir_all(&dir).expect("mkdir");
        let base = fixture().join("base");
        let logs = fresh_dir("good-report");
        let scan = args(&["scan", ".", "--quiet", "--format", "json"]);
        let ran = run_within(&base, &scan, &logs);
        assert!(ran.status.success(), "{}", ran.stderr);
        let half = ran.stdout.len() / 2;
        fs::write(dir.join("truncated.json"), &ran.stdout[..half]).expect("write");
        fs::write(dir.join("not-json.json"), b"\xff\xfe this is not JSON\n").expect("write");
        fs::write(&good, &ran.stdout).expect("write");
    }
    (good, dir.join("truncated.json"), dir.join("not-json.json"))
}

/// The matrix: every bad input of issue 7 with what rungs must do with it.
fn cases() -> Vec<Case> {
    let f = fixture();
    let blob = rev_parse(&f.join("base"), "HEAD:f2.txt");
    let tree = rev_parse(&f.join("base"), "HEAD^{tree}");
    let missing = "1234567890123456789012345678901234567890";
    let rules = |name: &str| f.join("rules").join(name).display().to_string();
    let content = f.join("content");
    let wide = f.join("wide");
    let (good, truncated, not_json) = reports();
    let (good, truncated, not_json) = (
        good.display().to_string(),
        truncated.display().to_string(),
        not_json.display().to_string(),
    );
    let no_parent = scratch().join("hostile-no-such-dir").join("report.json");
    let a_directory = fresh_dir("output-is-a-directory");
    let fresh = |existed| Output::Fresh { existed };

    let scan_of = |repo: &str, extra: &[&str]| {
        let mut list = args(&["scan", repo]);
        list.extend(args(extra));
        list
    };
    let case = |name, dir: &Path, args, output, expect| Case {
        name,
        dir: dir.to_owned(),
        args,
        output,
        expect,
    };
    #[rustfmt::skip]
    let cases = vec![
        // Not a repository, damaged objects and packs.
        case("not a repository", &f, scan_of("plain", &[]), fresh(true), error(&["plain: not a git repository"])),
        case("loose blob: zlib of garbage", &f, scan_of("zlib-garbage", &[]), fresh(false), error(&["zlib-garbage", &blob])),
        case("a blob that is not there", &f, scan_of("missing-blob", &[]), fresh(true), error(&["missing-blob", &blob, "of f2.txt in commit", "is missing", "--exclude"])),
        case("loose blob: not zlib", &f, scan_of("not-zlib", &["--jobs", "2"]), fresh(true), error(&["not-zlib", &blob, "zip"])),
        case("pack cut in half", &f, scan_of("truncated-pack", &[]), fresh(false), error(&["truncated-pack", &tree, "truncated"])),
        case("pack with another pack's index", &f, scan_of("wrong-idx", &[]), fresh(true), error(&["wrong-idx", &tree])),
        case("unreadable directory: objects/pack is a file", &f, scan_of("pack-dir-is-file", &[]), fresh(false), error(&["pack-dir-is-file: cannot open the repository", "objects/pack"])),
        case("unreadable directory: an object fan-out directory", &f, scan_of("unreadable-objects", &[]), fresh(true), error(&["unreadable-objects", &blob])),
        // Dangling references.
        case("dangling branch, with --all", &f, scan_of("dangling-branch", &["--all"]), fresh(false), error(&["dangling-branch", "refs/heads/dangling", missing])),
        case("dangling branch, with --rev", &f, scan_of("dangling-branch", &["--rev", "dangling"]), fresh(true), error(&["dangling-branch", "'dangling'", missing])),
        case("dangling branch, not asked for", &f, scan_of("dangling-branch", &[]), fresh(false), report(|s| assert_eq!(s.report["totals"]["commits"], 3))),
        case("HEAD's branch points to a missing commit", &f, scan_of("dangling-head", &[]), fresh(true), error(&["dangling-head: HEAD (refs/heads/main at", missing])),
        case("HEAD's branch points to a missing commit, with --all", &f, scan_of("dangling-head", &["--all"]), fresh(false), error(&["dangling-head: HEAD", missing])),
        case("detached HEAD points to a missing commit", &f, scan_of("dangling-detached", &[]), fresh(true), error(&["dangling-detached: HEAD", missing])),
        // Rule files: file, position and rule in the message.
        case("rules: invalid TOML", &f, scan_of("base", &["--rules", &rules("bad-toml")]), fresh(false), error(&["bad-toml/team.toml:3:14:", "invalid basic string"])),
        case("rules: invalid regex", &f, scan_of("base", &["--rules-add", &rules("bad-regex")]), fresh(true), error(&["bad-regex/team.toml:7:18: rule 'bad-regex': invalid pattern: unclosed group"])),
        case("rules: duplicate id in one directory", &f, scan_of("base", &["--rules", &rules("duplicate-id")]), fresh(false), error(&["duplicate-id/b.toml:2:6: rule 'twice': duplicate rule id", "duplicate-id/a.toml"])),
        case("rules: duplicate id of a built-in rule", &f, scan_of("base", &["--rules-add", &rules("duplicate-of-builtin")]), fresh(true), error(&["team.toml:2:6: rule 'sql-transaction-statements': duplicate rule id", "rules/acid.toml"])),
        case("rules: unknown skill", &f, scan_of("base", &["--rules", &rules("unknown-skill")]), fresh(false), error(&["unknown-skill/team.toml:3:9: rule 'juggling': unknown skill 'juggling'"])),
        // Hostile content.
        case("a pattern catastrophic for backtracking, on 100,000 a's and a b", &content, scan_of(".", &["--rules-add", &rules("catastrophic"), "--rev", "HEAD~4"]), fresh(true), report(|s| {
            let files = s.report["rules"]["files"].to_string();
            assert!(files.contains("catastrophic/team.toml"), "{files}");
            assert_eq!(s.records.len(), 1);
            assert_eq!(s.records[0]["files"][0]["added"], 1);
        })),
        case("a 10 MB line: skipped as too large, and counted as such", &content, scan_of(".", &[]), fresh(false), report(|s| {
            assert_eq!(s.report["totals"]["skipped_files"]["too-large"], 1);
            let skipped = counted(&s.records).into_iter().filter(|(_, c)| c.is_err());
            let skipped: Vec<_> = skipped.map(|((_, path), c)| (path, c)).collect();
            assert_eq!(
                skipped,
                [(
                    b"one-line.txt".to_vec(),
                    Err::<(u64, u64), _>("too-large".to_owned())
                )]
            );
            same_counts_as_git(s.repo, &["HEAD"], &s.records, &["too-large"]);
        })),
        case("a 10 MB line under --max-blob-size: diffed as git does", &content, scan_of(".", &["--max-blob-size", "20000000"]), fresh(true), report(|s| {
            assert_eq!(s.report["totals"]["skipped_files"], serde_json::json!({}));
            same_counts_as_git(s.repo, &["HEAD"], &s.records, &[]);
        })),
        case("text without a final newline", &content, scan_of(".", &["--rev", "HEAD~3..HEAD~1"]), fresh(false), report(|s| {
            let counts: Vec<_> = counted(&s.records).into_values().collect();
            assert_eq!(counts.len(), 2);
            assert!(
                counts.contains(&Ok((1, 0))) && counts.contains(&Ok((2, 1))),
                "{counts:?}"
            );
            same_counts_as_git(s.repo, &["HEAD~3..HEAD~1"], &s.records, &[]);
        })),
        case("non-UTF-8 author name, email, message and path", &content, scan_of(".", &["--rev", "HEAD~1..HEAD"]), fresh(true), report(|s| {
            same_counts_as_git(s.repo, &["HEAD~1..HEAD"], &s.records, &[]);
            assert_eq!(
                commits_by_email(&s.report),
                shortlog_bytes(s.repo, &["HEAD~1..HEAD"])
            );
            let file = &s.records[0]["files"][0];
            assert_eq!(path_bytes(file), b"caf\xe9-na\xefve.txt");
            assert_eq!(s.report["authors"][0]["name"], "J\u{fffd}rg M\u{fffd}ller");
        })),
        case("a commit touching 100,000 files", &wide, scan_of(".", &[]), fresh(false), report(|s| {
            let bulk = s
                .records
                .iter()
                .find(|r| r["files"].as_array().expect("files").len() == 100_000);
            assert_eq!(bulk.expect("the wide commit")["bulk"], true);
            assert_eq!(s.report["totals"]["bulk_commits"], 1);
            same_counts_as_git(s.repo, &["HEAD"], &s.records, &[]);
        })),
        // Outputs that cannot be written.
        case("output in a missing directory", &f, scan_of("base", &[]), Output::Unwritable(no_parent.clone()), error(&["cannot write", &no_parent.display().to_string()])),
        case("output is an existing directory", &f, scan_of("base", &[]), Output::Unwritable(a_directory.clone()), error(&["cannot write", &a_directory.display().to_string(), "Is a directory"])),
        case("output under /proc (not even root can write there)", &f, scan_of("base", &[]), Output::Unwritable("/proc/rungs-report.json".into()), error(&["cannot write /proc/rungs-report.json"])),
        case("output to a full device", &f, scan_of("base", &[]), Output::Unwritable("/dev/full".into()), error(&["cannot write /dev/full", "No space left"])),
        // Damaged reports given to `rungs report` and `rungs merge`.
        case("report: a truncated report", &f, args(&["report", &truncated]), fresh(true), error(&[&truncated, "is not a rungs report", "EOF"])),
        case("report: not JSON", &f, args(&["report", &not_json]), fresh(false), error(&["cannot read the report", &not_json])),
        case("merge: a truncated report", &f, args(&["merge", &good, &truncated]), fresh(false), error(&[&truncated, "is not a rungs report"])),
        case("merge: not JSON", &f, args(&["merge", &not_json, &good]), fresh(true), error(&[&not_json])),
        case("report: a good report (the control)", &f, args(&["report", &good]), fresh(true), report(|s| assert_eq!(s.report["totals"]["commits"], 3))),
    ];
    cases
}

/// Run one case and check its outcome; panics with what went wrong.
fn check(case: &Case) {
    let dir = fresh_dir(&case.name.replace(|c: char| !c.is_ascii_alphanumeric(), "-"));
    let logs = dir.join("logs");
    let out_dir = dir.join("out");
    fs::create_dir_all(&logs).expect("mkdir");
    fs::create_dir_all(&out_dir).expect("mkdir");
    let is_scan = case.args.first().is_some_and(|a| a == "scan");
    let (target, existed) = match &case.output {
        Output::Fresh { existed } => {
            let target = out_dir.join("report.json");
            if *existed {
                fs::write(&target, PREVIOUS).expect("write");
            }
            (target, *existed)
        }
        Output::Unwritable(path) => (path.clone(), false),
    };
    let unwritable_before = fs::metadata(&target).ok().map(|m| m.file_type());
    let records = out_dir.join("records.ndjson");
    let mut args = case.args.clone();
    args.extend([
        "--format".into(),
        "json".into(),
        "-o".into(),
        target.clone().into(),
    ]);
    if is_scan {
        args.extend(["--quiet".into(), "--records".into(), records.clone().into()]);
    }
    let ran = run_within(&case.dir, &args, &logs);
    let err = &ran.stderr;
    assert!(!err.contains("panicked"), "a panic: {err}");
    assert_ne!(ran.status.code(), Some(101), "a panic: {err}");
    let left = entries(&out_dir);
    match &case.expect {
        Expect::Error(parts) => {
            assert_eq!(ran.status.code(), Some(1), "exit status; stderr: {err}");
            assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err}");
            assert!(err.starts_with("rungs: error: "), "{err}");
            for part in parts {
                assert!(err.contains(part.as_str()), "{part:?} not in {err}");
            }
            assert!(ran.stdout.is_empty(), "a failed run printed a report");
            match &case.output {
                Output::Fresh { .. } if existed => {
                    assert_eq!(
                        fs::read(&target).expect("kept"),
                        PREVIOUS,
                        "the earlier report changed"
                    );
                    assert_eq!(left, ["report.json"], "files left behind");
                }
                Output::Fresh { .. } => assert!(left.is_empty(), "files left behind: {left:?}"),
                Output::Unwritable(path) => {
                    assert!(left.is_empty(), "files left behind: {left:?}");
                    let after = fs::metadata(path).ok().map(|m| m.file_type());
                    assert_eq!(after, unwritable_before, "{} changed", path.display());
                    if let Some(parent) = path.parent().filter(|p| p.is_dir()) {
                        let temporary: Vec<_> = entries(parent)
                            .into_iter()
                            .filter(|n| n.starts_with(".rungs-"))
                            .collect();
                        assert!(temporary.is_empty(), "temporary files left: {temporary:?}");
                    }
                    if path.is_dir() {
                        assert!(entries(path).is_empty(), "files left in {}", path.display());
                    }
                }
            }
        }
        Expect::Report(check) => {
            assert_eq!(ran.status.code(), Some(0), "exit status; stderr: {err}");
            let expected: &[&str] = if is_scan {
                &["records.ndjson", "report.json"]
            } else {
                &["report.json"]
            };
            assert_eq!(left, expected, "files in the output directory");
            let report: Value = serde_json::from_slice(&fs::read(&target).expect("report"))
                .expect("the report is JSON");
            let records = if is_scan {
                fs::read_to_string(&records)
                    .expect("records are UTF-8")
                    .lines()
                    .map(|l| serde_json::from_str(l).expect("a record is JSON"))
                    .collect()
            } else {
                Vec::new()
            };
            check(&Scanned {
                repo: &case.dir,
                report,
                records,
            });
        }
    }
}

#[test]
fn every_bad_input_gets_a_one_line_error_or_a_reported_skip() {
    let started = Instant::now();
    let cases = cases();
    // Two at a time (the machines have two cores); every failure is reported, not only the first.
    let failures = std::sync::Mutex::new(Vec::new());
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                while let Some(case) =
                    cases.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
                {
                    let took = Instant::now();
                    let outcome =
                        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(case)));
                    eprintln!("{:>6.2}s  {}", took.elapsed().as_secs_f64(), case.name);
                    if let Err(panic) = outcome {
                        let message = panic
                            .downcast_ref::<String>()
                            .cloned()
                            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                            .unwrap_or_default();
                        failures
                            .lock()
                            .expect("lock")
                            .push(format!("{}: {message}", case.name));
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().expect("lock");
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    eprintln!(
        "{} cases in {:.1}s",
        cases.len(),
        started.elapsed().as_secs_f64()
    );
}

/// Wait until the file `path` holds `text`, or `child` exits, or the deadline passes.
fn wait_for(path: &Path, text: &str, child: &mut Child) -> bool {
    let started = Instant::now();
    while started.elapsed() < DEADLINE {
        if fs::read_to_string(path).is_ok_and(|s| s.contains(text)) {
            return true;
        }
        if child.try_wait().expect("wait").is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    false
}

#[test]
fn a_killed_scan_leaves_the_earlier_report_and_no_temporary_file() {
    let repo = long_history();
    // Killed (SIGKILL: no destructor, no clean-up runs) at the test hook just before
    // the report is written, and at moments in the middle of the scan.
    let moments: [(&str, Option<u64>); 4] = [
        ("before the report is written", None),
        ("after 30 ms", Some(30)),
        ("after 150 ms", Some(150)),
        ("after 400 ms", Some(400)),
    ];
    for (moment, delay) in moments {
        let dir = fresh_dir(&format!("killed-{}", delay.unwrap_or(0)));
        let (out_dir, logs) = (dir.join("out"), dir.join("logs"));
        fs::create_dir_all(&out_dir).expect("mkdir");
        fs::create_dir_all(&logs).expect("mkdir");
        let target = out_dir.join("report.json");
        fs::write(&target, PREVIOUS).expect("write");
        let scan = args(&[
            "scan",
            ".",
            "--format",
            "json",
            "--jobs",
            "2",
            "-o",
            target.to_str().expect("utf-8"),
        ]);
        let env: &[(&str, &str)] = if delay.is_none() {
            &[("RUNGS_TEST_PAUSE", "report")]
        } else {
            &[]
        };
        let mut child = spawn(repo, &scan, env, &logs);
        match delay {
            None => assert!(
                wait_for(&logs.join("stderr"), "test pause at report", &mut child),
                "the scan never reached the pause"
            ),
            Some(ms) => std::thread::sleep(Duration::from_millis(ms)),
        }
        let running = child.try_wait().expect("wait").is_none();
        // A kill is only meaningful while the scan runs; the short delays must catch it.
        assert!(
            running || delay > Some(150),
            "{moment}: the scan had already finished"
        );
        child.kill().expect("kill");
        let ran = finish(child, moment, &logs);
        assert!(!ran.stderr.contains("panicked"), "{moment}: {}", ran.stderr);
        if running {
            assert!(!ran.status.success(), "{moment}");
            assert_eq!(
                fs::read(&target).expect("kept"),
                PREVIOUS,
                "{moment}: the earlier report changed"
            );
        } else {
            let report: Value =
                serde_json::from_slice(&fs::read(&target).expect("report")).expect("JSON");
            assert_eq!(report["totals"]["commits"], 700);
        }
        assert_eq!(
            entries(&out_dir),
            ["report.json"],
            "{moment}: files left behind"
        );
    }
}
