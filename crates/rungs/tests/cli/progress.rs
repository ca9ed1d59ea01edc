//! Progress on standard error: a bar on a terminal, nothing when piped, in CI or
//! with `--quiet`; errors always.

use std::process::Command;

use crate::common::*;

#[test]
fn no_progress_when_piped_and_nothing_but_errors_when_quiet() {
    let repo = scanner_fixture();
    let out = rungs_ok(repo, &["scan", ".", "-o", "/dev/null"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("scanning") && !err.contains('\r'), "{err}");
    assert_eq!(err.lines().count(), 1, "one closing line: {err}");
    assert!(err.starts_with("rungs: scanned "), "{err}");

    let out = rungs_ok(repo, &["scan", ".", "--quiet", "-o", "/dev/null"]);
    assert!(out.stderr.is_empty());
    let out = rungs(repo, &["scan", "/nonexistent/repo", "--quiet"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("rungs: error: "));
}

/// Run the binary under `script`, which gives it a terminal; `None` when
/// `script` (util-linux) is not installed.
fn on_a_terminal(dir: &std::path::Path, args: &str, ci: bool) -> Option<String> {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let log = scratch().join(format!("pty-{n}.log"));
    let mut cmd = Command::new("script");
    cmd.current_dir(dir)
        .args(["-qec"])
        .arg(format!("{} {args}", env!("CARGO_BIN_EXE_rungs")))
        .arg(&log)
        .env_remove("CI")
        .env_remove("RUNGS_JOBS");
    if ci {
        cmd.env("CI", "true");
    }
    let status = cmd.output().ok()?.status;
    assert!(status.success());
    Some(String::from_utf8_lossy(&std::fs::read(&log).expect("log")).into_owned())
}

#[test]
fn a_bar_on_a_terminal_but_not_in_ci() {
    let repo = long_history();
    let Some(shown) = on_a_terminal(repo, "scan . -o /dev/null --jobs 1", false) else {
        eprintln!("skipped: `script` is not installed");
        return;
    };
    assert!(shown.contains("scanning"), "{shown}");
    assert!(shown.contains("commits/s"), "{shown}");
    let shown = on_a_terminal(repo, "scan . -o /dev/null", true).expect("script ran before");
    assert!(!shown.contains("scanning"), "{shown}");
}

#[test]
fn a_terminal_gets_a_coloured_table_unless_no_color() {
    let repo = build_fixture("profiles.sh", "profiles");
    let Some(shown) = on_a_terminal(&repo, "scan . --quiet", false) else {
        eprintln!("skipped: `script` is not installed");
        return;
    };
    assert!(
        shown.contains("AUTHOR") && shown.contains("Dana Deep"),
        "{shown}"
    );
    assert!(shown.contains("\x1b["), "colour on a terminal: {shown}");
    let shown = on_a_terminal(&repo, "scan . --quiet --no-color", false).expect("script");
    assert!(
        shown.contains("Dana Deep") && !shown.contains("\x1b["),
        "{shown}"
    );
    let shown = on_a_terminal(&repo, "scan . --quiet", true).expect("script");
    assert!(
        shown.contains("Dana Deep") && !shown.contains("\x1b["),
        "no colour in CI: {shown}"
    );
    let shown = on_a_terminal(&repo, "scan . --quiet --format json", false).expect("script");
    assert!(shown.contains("\"schema_version\""), "{shown}");
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let repo = scanner_fixture();
    let mut child = Command::new(env!("CARGO_BIN_EXE_rungs"))
        .current_dir(repo)
        .args(["scan", ".", "--quiet", "--format", "json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("rungs runs");
    // Read nothing and close the pipe, as `rungs scan | head -0` does.
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("rungs ends");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty());
}
