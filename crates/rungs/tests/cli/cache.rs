//! `--cache DIR`: a scan through the cache gives, byte for byte, the report of a
//! scan without it, whatever happened to the cache: cold, warm, after new
//! commits, after history was rewritten, after options changed, after a run was
//! killed at any step, with damaged or foreign files, and with runs sharing it.

use std::{
    io::{BufRead, BufReader},
    path::{Path, PathBuf},
    process::{Command, Stdio},
    sync::atomic::{AtomicUsize, Ordering},
};

use crate::common::*;

/// A fresh clone of the profiles fixture, to add commits to.
fn clone_of_profiles() -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let origin = build_fixture("profiles.sh", "profiles");
    let name = format!("cache-repo-{}", N.fetch_add(1, Ordering::Relaxed));
    git(
        scratch(),
        &["clone", "-q", origin.to_str().expect("utf-8"), &name],
    );
    scratch().join(name)
}

/// A new, empty directory under the scratch directory.
fn fresh_dir(prefix: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = scratch().join(format!("{prefix}-{}", N.fetch_add(1, Ordering::Relaxed)));
    std::fs::create_dir_all(&dir).expect("mkdir");
    dir
}

/// Write `file` in `repo` and commit it as `who` ("Name <email>") at `date`.
fn add_commit(repo: &Path, who: &str, date: &str, file: &str, text: &str) {
    let path = repo.join(file);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(&path, text).expect("write");
    git(repo, &["add", "-A"]);
    let (name, email) = who
        .trim_end_matches('>')
        .split_once(" <")
        .expect("Name <email>");
    commit_as(repo, name, email, date, &format!("Change {file} (PAY-900)"));
}

/// The JSON report of `rungs scan REPO` with `args`, and its standard error.
fn scan_json(repo: &Path, args: &[&str]) -> (Vec<u8>, String) {
    let out = fresh_dir("cache-out").join("report.json");
    let mut argv: Vec<String> = std::iter::once("scan")
        .chain(args.iter().copied())
        .map(String::from)
        .collect();
    argv.push(repo.display().to_string());
    argv.extend(["--format", "json", "-o"].map(String::from));
    argv.push(out.display().to_string());
    let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
    let run = rungs_ok(scratch(), &argv);
    (
        std::fs::read(&out).expect("report written"),
        String::from_utf8_lossy(&run.stderr).into_owned(),
    )
}

fn cache_args(cache: &Path) -> Vec<String> {
    vec!["--cache".to_owned(), cache.display().to_string()]
}

/// Scan with the cache and check the report against a scan without it.
#[track_caller]
fn check_same(repo: &Path, cache: &Path, extra: &[&str]) -> String {
    let (plain, _) = scan_json(repo, extra);
    check_against(&plain, repo, cache, extra)
}

/// Scan with the cache and check the report against `plain`.
#[track_caller]
fn check_against(plain: &[u8], repo: &Path, cache: &Path, extra: &[&str]) -> String {
    let mut args: Vec<String> = cache_args(cache);
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (cached, stderr) = scan_json(repo, &args);
    assert!(
        plain == cached,
        "the report through the cache differs from the one without it ({extra:?}); stderr:\n{stderr}"
    );
    stderr
}

fn files_with_extension(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == extension) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn cold_warm_grown_and_rewritten_histories_give_the_plain_report() {
    let repo = clone_of_profiles();
    let cache = fresh_dir("cache");
    let cold = check_same(&repo, &cache, &[]);
    assert!(
        !cold.contains("cache"),
        "a cold cache has nothing to say: {cold}"
    );
    assert!(cache.join("CACHEDIR.TAG").is_file());
    assert_eq!(files_with_extension(&cache, "seg").len(), 1);
    assert_eq!(files_with_extension(&cache, "snap").len(), 1);

    let warm = check_same(&repo, &cache, &[]);
    assert!(warm.contains("unchanged since the cached scan"), "{warm}");

    // Each step: commits to drop, commits to add ("Name <email>", date, file,
    // text), and what the scan must say about the cache.
    type Commit = (&'static str, &'static str, &'static str, &'static str);
    let steps: [(Option<&str>, &[Commit], &str); 3] = [
        // Two new commits, one with evidence and a new person: only they are walked.
        (
            None,
            &[
                (
                    "Dana Deep <dana@example.com>",
                    "2025-03-01T10:00:00+00:00",
                    "db/900_more.sql",
                    "BEGIN;\nUPDATE orders SET total = 0 WHERE id = 9;\nCOMMIT;\n",
                ),
                (
                    "Quinn Quick <quinn@example.com>",
                    "2025-03-02T10:00:00+00:00",
                    "src/new.rs",
                    "fn f() -> Result<(), Error> { Err(Error::Timeout) }\n",
                ),
            ],
            "from the cached scan, 2 new",
        ),
        // Back to the first tip plus a commit: resumed from the first snapshot.
        (
            Some("HEAD~2"),
            &[(
                "Nico New <nico@example.com>",
                "2025-03-03T09:00:00+00:00",
                "src/third.rs",
                "fn h() {}\n",
            )],
            "from the cached scan, 1 new",
        ),
        // History rewritten below every cached tip: the walk is full, but every
        // commit still known is taken from the records.
        (
            Some("HEAD~3"),
            &[(
                "Nico New <nico@example.com>",
                "2025-03-03T10:00:00+00:00",
                "src/other.rs",
                "fn g() {}\n",
            )],
            "taken from the cache",
        ),
    ];
    for (reset, commits, expected) in steps {
        if let Some(target) = reset {
            git(&repo, &["reset", "-q", "--hard", target]);
        }
        for (who, date, file, text) in commits {
            add_commit(&repo, who, date, file, text);
        }
        let stderr = check_same(&repo, &cache, &[]);
        assert!(stderr.contains(expected), "{expected:?} not in {stderr}");
    }
}

#[test]
fn every_option_that_changes_the_report_misses_the_cache() {
    let repo = clone_of_profiles();
    let cache = fresh_dir("cache");
    check_same(&repo, &cache, &[]);
    for extra in [
        &["--exclude", "db/**"][..],
        &["--counts-only"],
        &["--bulk-files", "1"],
        &["--exclude-author", "dana@example.com"],
        &["--rev", "HEAD~3"],
        &["--rev", "HEAD~3..HEAD"],
        &["--since", "2024-12-24"],
        &["--first-parent"],
        &["--all"],
        &["--renames"],
        &["--include-bots"],
    ] {
        // Twice: the first fills the cache under the new setup, the second reads it.
        let (plain, _) = scan_json(&repo, extra);
        check_against(&plain, &repo, &cache, extra);
        check_against(&plain, &repo, &cache, extra);
    }
    // A rule pack of its own: the same commits, other evidence.
    let rules = fresh_dir("cache-rules");
    std::fs::copy(workspace().join("rules/acid.toml"), rules.join("acid.toml"))
        .expect("copy a rule file");
    let extra = ["--rules", rules.to_str().expect("utf-8")];
    let (plain, _) = scan_json(&repo, &extra);
    check_against(&plain, &repo, &cache, &extra);
    check_against(&plain, &repo, &cache, &extra);
    // .mailmap is part of the setup: adding one changes who is who.
    add_commit(
        &repo,
        "Nico New <nico@example.com>",
        "2025-03-05T10:00:00+00:00",
        ".mailmap",
        "Dana Deep <dana@example.com> <nico@example.com>\n",
    );
    check_same(&repo, &cache, &[]);
}

/// Run `rungs` with `args`, through the cache when one is given.
fn run_with(args: &[&str], cache: Option<&Path>) -> std::process::Output {
    let mut all: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    if let Some(cache) = cache {
        all.extend(cache_args(cache));
    }
    let all: Vec<&str> = all.iter().map(String::as_str).collect();
    rungs_ok(scratch(), &all)
}

#[test]
fn records_and_signals_through_the_cache_equal_a_plain_scan() {
    let repo = clone_of_profiles();
    let repo_arg = repo.to_str().expect("utf-8");
    let cache = fresh_dir("cache");
    let out = fresh_dir("cache-records");
    let text = |p: &PathBuf| p.to_str().expect("utf-8").to_owned();
    let run = |name: &str, with_cache: bool| -> (Vec<u8>, Vec<u8>) {
        let (report, records, signals) = (
            text(&out.join(format!("{name}.json"))),
            text(&out.join(format!("{name}.records"))),
            text(&out.join(format!("{name}.signals"))),
        );
        run_with(
            &[
                "scan",
                repo_arg,
                "--format",
                "json",
                "-o",
                &report,
                "--records",
                &records,
                "--signals",
                &signals,
            ],
            with_cache.then_some(cache.as_path()),
        );
        (
            std::fs::read(records).expect("records"),
            std::fs::read(signals).expect("signals"),
        )
    };
    let plain = run("plain", false);
    assert_eq!(run("cold", true), plain);
    assert_eq!(run("warm", true), plain);

    // Signals alone, and `explain`, need every commit too: not only the new ones.
    let signals_only = |with_cache: bool| -> Vec<u8> {
        let signals = text(&out.join("only.signals"));
        run_with(
            &[
                "scan",
                repo_arg,
                "-q",
                "-o",
                "/dev/null",
                "--signals",
                &signals,
            ],
            with_cache.then_some(cache.as_path()),
        );
        std::fs::read(signals).expect("signals")
    };
    assert_eq!(signals_only(true), plain.1);
    assert_eq!(signals_only(false), plain.1);
    let explain = |with_cache: bool| -> Vec<u8> {
        let args = [
            "explain",
            "--author",
            "dana@example.com",
            "--format",
            "json",
            repo_arg,
        ];
        run_with(&args, with_cache.then_some(cache.as_path())).stdout
    };
    let plain_explain = explain(false);
    assert!(!plain_explain.is_empty());
    assert_eq!(explain(true), plain_explain);
}

#[test]
fn damaged_and_foreign_files_are_reported_and_rebuilt() {
    let repo = clone_of_profiles();
    let cache = fresh_dir("cache");
    check_same(&repo, &cache, &[]);
    let segment = files_with_extension(&cache, "seg").remove(0);
    let snapshot = files_with_extension(&cache, "snap").remove(0);

    // A flipped bit in the snapshot: reported, removed, rebuilt.
    let mut bytes = std::fs::read(&snapshot).expect("read");
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x40;
    std::fs::write(&snapshot, &bytes).expect("write");
    let stderr = check_same(&repo, &cache, &[]);
    assert!(
        stderr.contains("warning: cache file") && stderr.contains("corrupt"),
        "{stderr}"
    );
    let again = check_same(&repo, &cache, &[]);
    assert!(!again.contains("warning"), "rebuilt: {again}");

    // A truncated segment, and the snapshot gone: the full walk diffs everything again.
    for path in files_with_extension(&cache, "snap") {
        std::fs::remove_file(path).expect("rm");
    }
    let bytes = std::fs::read(&segment).expect("read");
    std::fs::write(&segment, &bytes[..bytes.len() / 3]).expect("write");
    let stderr = check_same(&repo, &cache, &[]);
    assert!(stderr.contains("truncated"), "{stderr}");

    // Files that are not ours at all, under our names.
    for path in files_with_extension(&cache, "snap") {
        std::fs::write(path, b"{\"not\": \"a cache\"}").expect("write");
    }
    for path in files_with_extension(&cache, "seg") {
        std::fs::write(path, b"").expect("write");
    }
    let stderr = check_same(&repo, &cache, &[]);
    assert!(stderr.contains("not a rungs cache file"), "{stderr}");
    let again = check_same(&repo, &cache, &[]);
    assert!(!again.contains("warning"), "rebuilt: {again}");
}

#[test]
fn an_unusable_cache_directory_costs_speed_not_the_report() {
    let repo = clone_of_profiles();
    let dir = fresh_dir("cache-blocked");
    let file = dir.join("not-a-directory");
    std::fs::write(&file, "x").expect("write");
    let stderr = check_same(&repo, &file, &[]);
    assert!(
        stderr.contains("warning: cannot use the cache directory"),
        "{stderr}"
    );
}

/// Start a cached scan that stops at `point` (the test hook), wait until it
/// says so, and kill it with SIGKILL.
fn kill_at(repo: &Path, cache: &Path, out: &Path, point: &str) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rungs"))
        .args([
            "scan",
            repo.to_str().expect("utf-8"),
            "--format",
            "json",
            "-o",
        ])
        .arg(out)
        .args(cache_args(cache))
        .env("RUNGS_TEST_PAUSE", point)
        .env_remove("RUNGS_JOBS")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rungs runs");
    let stderr = child.stderr.take().expect("stderr");
    let mut paused = false;
    for line in BufReader::new(stderr).lines() {
        let line = line.expect("stderr line");
        if line.contains(&format!("test pause at {point}")) {
            paused = true;
            break;
        }
    }
    // `Child::kill` sends SIGKILL on Unix: no destructor, no flush, no cleanup runs.
    child.kill().expect("kill");
    let status = child.wait().expect("wait");
    assert!(paused, "the scan never reached {point} (exit {status})");
    assert!(!status.success());
}

#[test]
fn a_run_killed_at_any_step_leaves_a_cache_the_next_run_can_use() {
    let repo = clone_of_profiles();
    let (plain, _) = scan_json(&repo, &[]);
    let points = [
        "records-partial",
        "records-renamed",
        "snapshot-partial",
        "snapshot-renamed",
        "report",
    ];
    for point in points {
        for warm in [false, true] {
            let cache = fresh_dir("cache");
            if warm {
                // Killed while adding to a cache that already has entries.
                check_same(&repo, &cache, &["--rev", "HEAD~2"]);
            }
            let out = fresh_dir("cache-killed").join("report.json");
            kill_at(&repo, &cache, &out, point);
            assert!(
                !out.exists(),
                "a killed run left a report behind at {point}"
            );
            let stderr = check_against(&plain, &repo, &cache, &[]);
            assert!(
                !stderr.contains("warning"),
                "after a kill at {point}: {stderr}"
            );
            let again = check_against(&plain, &repo, &cache, &[]);
            assert!(again.contains("unchanged since the cached scan"), "{again}");
        }
    }
}

#[test]
fn kills_at_arbitrary_moments_never_give_a_wrong_report() {
    let repo = long_history();
    let cache = fresh_dir("cache");
    for delay_ms in [5u64, 20, 40, 80, 120, 200] {
        let out = fresh_dir("cache-killed").join("report.json");
        let mut child = Command::new(env!("CARGO_BIN_EXE_rungs"))
            .args([
                "scan",
                repo.to_str().expect("utf-8"),
                "-q",
                "--format",
                "json",
                "-o",
            ])
            .arg(&out)
            .args(cache_args(&cache))
            .args(["--jobs", "1"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("rungs runs");
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        check_same(repo, &cache, &[]);
        // Start over from a damaged state half of the time: a walk that is
        // resumed and one that is not.
        if delay_ms % 40 == 0 {
            for snapshot in files_with_extension(&cache, "snap") {
                std::fs::remove_file(snapshot).expect("rm");
            }
        }
    }
}

#[test]
fn concurrent_runs_share_a_cache_safely() {
    let repo = clone_of_profiles();
    let cache = fresh_dir("cache");
    let (plain, _) = scan_json(&repo, &[]);
    let outs: Vec<PathBuf> = (0..4)
        .map(|i| fresh_dir("cache-concurrent").join(format!("{i}.json")))
        .collect();
    let children: Vec<_> = outs
        .iter()
        .enumerate()
        .map(|(i, out)| {
            let mut command = Command::new(env!("CARGO_BIN_EXE_rungs"));
            command
                .args([
                    "scan",
                    repo.to_str().expect("utf-8"),
                    "--format",
                    "json",
                    "-o",
                ])
                .arg(out)
                .args(cache_args(&cache))
                .env_remove("RUNGS_JOBS")
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped());
            // Half of them see one commit less, so they add and resume snapshots.
            if i % 2 == 1 {
                command.args(["--rev", "HEAD~1"]);
            }
            command.spawn().expect("rungs runs")
        })
        .collect();
    for (i, child) in children.into_iter().enumerate() {
        let done = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&done.stderr);
        assert!(done.status.success(), "{stderr}");
        assert!(!stderr.contains("warning"), "{stderr}");
        if i % 2 == 0 {
            assert!(std::fs::read(&outs[i]).expect("report") == plain);
        }
    }
    let stderr = check_same(&repo, &cache, &[]);
    assert!(!stderr.contains("warning"), "{stderr}");
}

#[test]
fn many_runs_compact_their_record_segments() {
    let repo = clone_of_profiles();
    let cache = fresh_dir("cache");
    check_same(&repo, &cache, &[]);
    for n in 0..40 {
        add_commit(
            &repo,
            "Nico New <nico@example.com>",
            &format!("2025-04-01T10:{:02}:00+00:00", n),
            &format!("notes/{n}.txt"),
            &format!("note {n}\n"),
        );
        let mut args = cache_args(&cache);
        args.push(repo.display().to_string());
        args.insert(0, "scan".into());
        args.extend(["-q", "--format", "json", "-o", "/dev/null"].map(String::from));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        rungs_ok(scratch(), &args);
    }
    let segments = files_with_extension(&cache, "seg").len();
    assert!(segments <= 33, "{segments} segments were never compacted");
    // The compacted store still gives every record: a full walk diffs nothing again.
    for snapshot in files_with_extension(&cache, "snap") {
        std::fs::remove_file(snapshot).expect("rm");
    }
    let stderr = check_same(&repo, &cache, &[]);
    let line = stderr
        .lines()
        .find(|l| l.contains("commits taken from the cache"))
        .unwrap_or_else(|| panic!("no line on the cache: {stderr}"));
    let numbers: Vec<&str> = line
        .split_whitespace()
        .filter(|w| w.chars().all(|c| c.is_ascii_digit()))
        .collect();
    assert!(
        numbers.len() == 2 && numbers[0] == numbers[1],
        "some commits were diffed again: {line}"
    );
}
