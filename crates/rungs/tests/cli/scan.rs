//! Behaviour of `rungs scan` beyond raw counts: revision selection, policies
//! (bots, ignore-revs, exclusions), identities, determinism and bad input.

use std::path::Path;

use crate::common::*;

fn total_commits(report: &serde_json::Value) -> u64 {
    report["totals"]["commits"].as_u64().expect("commits")
}

fn rev_list_count(repo: &Path, args: &[&str]) -> u64 {
    let mut all = vec!["rev-list", "--count"];
    all.extend_from_slice(args);
    String::from_utf8(git(repo, &all).stdout)
        .expect("utf-8")
        .trim()
        .parse()
        .expect("count")
}

#[test]
fn revision_selection_matches_git_rev_list() {
    let repo = scanner_fixture();
    let since = "@1700050000";
    let until = "@1700090000";
    let cases: Vec<(Vec<&str>, Vec<&str>)> = vec![
        (vec![], vec!["HEAD"]),
        (vec!["--all"], vec!["--all"]),
        (vec!["--rev", "v1.0"], vec!["v1.0"]),
        (vec!["--rev", "HEAD~5..HEAD"], vec!["HEAD~5..HEAD"]),
        (
            vec!["--rev", "side", "--rev", "^main"],
            vec!["side", "^main"],
        ),
        (vec!["--rev", "main...side"], vec!["main...side"]),
        (vec!["--rev", "^HEAD~1"], vec!["^HEAD~1"]),
        (vec!["--first-parent"], vec!["--first-parent", "HEAD"]),
        (vec!["--since", since], vec!["--since", since, "HEAD"]),
        (vec!["--until", until], vec!["--until", until, "HEAD"]),
    ];
    for (ours, theirs) in cases {
        let mut args = vec!["--include-bots"];
        args.extend_from_slice(&ours);
        let (report, records) = scan(repo, &args);
        // With --all, a cherry-picked patch counts once (see `all_counts_a_cherry_picked_patch_once`).
        let duplicates = report["totals"]["duplicate_patches"]
            .as_u64()
            .expect("duplicates");
        assert_eq!(duplicates > 0, ours == ["--all"], "duplicates for {ours:?}");
        let scanned = total_commits(&report) + duplicates;
        assert_eq!(
            scanned,
            rev_list_count(repo, &theirs),
            "commits for {ours:?}"
        );
        assert_eq!(records.len() as u64, scanned, "records for {ours:?}");
        let merges: u64 = report["authors"]
            .as_array()
            .expect("a")
            .iter()
            .map(|a| a["merges"].as_u64().expect("m"))
            .sum();
        let mut merge_args = vec!["--merges"];
        merge_args.extend_from_slice(&theirs);
        assert_eq!(
            merges,
            rev_list_count(repo, &merge_args),
            "merges for {ours:?}"
        );
    }
}

#[test]
fn records_come_in_git_log_order() {
    let repo = scanner_fixture();
    let (_, records) = scan(repo, &["--include-bots"]);
    let ours: Vec<&str> = records
        .iter()
        .map(|r| r["commit"].as_str().expect("id"))
        .collect();
    let log = String::from_utf8(git(repo, &["log", "--format=%H"]).stdout).expect("utf-8");
    let theirs: Vec<&str> = log.lines().collect();
    assert_eq!(ours, theirs);
}

#[test]
fn output_does_not_depend_on_thread_count() {
    let repo = scanner_fixture();
    let one = rungs_ok(
        repo,
        &[
            "scan",
            ".",
            "--quiet",
            "--jobs",
            "1",
            "--records",
            "/dev/stderr",
        ],
    );
    let two = rungs_ok(
        repo,
        &[
            "scan",
            ".",
            "--quiet",
            "--jobs",
            "2",
            "--records",
            "/dev/stderr",
        ],
    );
    assert!(!one.stdout.is_empty() && !one.stderr.is_empty());
    assert_eq!(
        one.stdout, two.stdout,
        "reports differ between --jobs 1 and --jobs 2"
    );
    assert_eq!(
        one.stderr, two.stderr,
        "records differ between --jobs 1 and --jobs 2"
    );
}

#[test]
fn long_history_output_does_not_depend_on_thread_count() {
    let repo = long_history();
    for extra in [&[][..], &["--all"][..]] {
        let mut one = vec![
            "scan",
            ".",
            "--quiet",
            "--records",
            "/dev/stderr",
            "--jobs",
            "1",
        ];
        one.extend_from_slice(extra);
        let mut two = one.clone();
        two[6] = "2";
        let (one, two) = (rungs_ok(repo, &one), rungs_ok(repo, &two));
        assert_eq!(one.stdout, two.stdout);
        assert_eq!(one.stderr, two.stderr);
        assert_eq!(String::from_utf8_lossy(&one.stderr).lines().count(), 700);
    }
    let (report, _) = scan(repo, &[]);
    assert_eq!(report["authors"].as_array().expect("authors").len(), 3);
    assert_eq!(report["totals"]["commits"], 700);
}

#[test]
fn a_bare_clone_gives_the_same_report() {
    let repo = scanner_fixture();
    let bare = scratch().join("bare.git");
    if !bare.exists() {
        git(
            scratch(),
            &[
                "clone",
                "-q",
                "--bare",
                repo.to_str().expect("utf-8"),
                "bare.git",
            ],
        );
    }
    let (work, _) = scan(repo, &[]);
    let (mirror, _) = scan(&bare, &[]);
    // The repository path is in `repos` and in every evidence reference.
    let work = work
        .to_string()
        .replace(&format!("{:?}", repo.display().to_string()), "\"x\"");
    let mirror = mirror
        .to_string()
        .replace(&format!("{:?}", bare.display().to_string()), "\"x\"");
    assert!(work.contains("top_evidence"));
    assert_eq!(work, mirror);
}

#[test]
fn bots_are_left_out_unless_asked() {
    let repo = scanner_fixture();
    let (report, _) = scan(repo, &[]);
    assert_eq!(report["totals"]["bot_commits_excluded"], 1);
    assert!(
        report["authors"]
            .as_array()
            .expect("a")
            .iter()
            .all(|a| !a["email"].as_str().expect("e").contains("[bot]"))
    );
    let (report, _) = scan(repo, &["--include-bots"]);
    assert_eq!(report["totals"]["bot_commits_excluded"], 0);
    assert_eq!(
        author(&report, "49699333+dependabot[bot]@users.noreply.github.com")["commits"],
        1
    );
}

#[test]
fn ignore_revs_file_of_the_repository_applies_by_default() {
    let repo = scanner_fixture();
    let reformat =
        String::from_utf8(git(repo, &["log", "-1", "--format=%H", "--grep=two-space"]).stdout)
            .expect("utf-8");
    let reformat = reformat.trim();
    let (report, records) = scan(repo, &[]);
    assert_eq!(report["totals"]["ignored_commits"], 1);
    let frank = author(&report, "frank@example.com");
    assert_eq!(
        frank["commits"], 2,
        "ignored commits still count as commits"
    );
    assert_eq!(frank["ignored_commits"], 1);
    let record = records
        .iter()
        .find(|r| r["commit"] == reformat)
        .expect("reformat record");
    for file in record["files"].as_array().expect("files") {
        assert_eq!(file["skipped"], "ignore-revs");
    }
    // The lines of the reformat are gone from Frank's totals: only the ignore file itself counts.
    assert_eq!(frank["lines_added"], 1);
    assert_eq!(frank["lines_removed"], 0);

    let bad = scratch().join("bad-ignore-revs");
    std::fs::write(&bad, "# comment\n\nnot-a-sha\n").expect("write");
    let out = rungs(
        repo,
        &[
            "scan",
            ".",
            "--ignore-revs-file",
            bad.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad-ignore-revs:3:") && err.contains("not-a-sha"),
        "{err}"
    );
}

#[test]
fn mailmap_merges_emails_and_same_names_are_only_suggested() {
    let repo = scanner_fixture();
    let (report, _) = scan(repo, &[]);
    let alice = author(&report, "alice@example.com");
    assert_eq!(alice["name"], "Alice Example");
    assert_eq!(
        alice["emails"],
        serde_json::json!(["alice.old@example.org", "alice@example.com"])
    );
    let bob = author(&report, "bob@work.example");
    assert_eq!(bob["commits"], 2);
    assert_eq!(author(&report, "carol@one.example")["commits"], 1);
    assert_eq!(author(&report, "carol@two.example")["commits"], 1);
    assert_eq!(
        report["suggested_aliases"],
        serde_json::json!([{ "name": "Carol Coder", "emails": ["carol@one.example", "carol@two.example"] }])
    );
}

#[test]
fn skipped_files_carry_their_reason() {
    let repo = scanner_fixture();
    let (report, records) = scan(repo, &["--exclude", "docs/**"]);
    let reason_of = |path: &str| -> Vec<String> {
        records
            .iter()
            .flat_map(|r| r["files"].as_array().expect("files").iter())
            .filter(|f| f["path"] == path)
            .map(|f| f["skipped"].as_str().unwrap_or("counted").to_owned())
            .collect()
    };
    assert_eq!(reason_of("logo.png"), ["binary", "binary"]);
    assert_eq!(reason_of("table.dat"), ["binary"]);
    assert_eq!(reason_of("gen/consts.rs"), ["generated"]);
    assert_eq!(reason_of("gen/notes.keep"), ["counted"]);
    assert_eq!(reason_of("extern/lib.c"), ["vendored"]);
    assert_eq!(reason_of("vendor/dep/lib.rs"), ["excluded"]);
    assert_eq!(reason_of("Cargo.lock"), ["excluded"]);
    // Added, bumped, then dropped from the index by a later `git add -A`.
    assert_eq!(reason_of("sub"), ["submodule", "submodule", "submodule"]);
    assert_eq!(reason_of("big.txt"), ["too-large", "too-large"]);
    assert_eq!(reason_of("mid.txt"), ["counted"]);
    assert!(reason_of("docs/guide.txt").iter().all(|r| r == "excluded"));
    assert!(report["totals"]["skipped_files"]["excluded"].as_u64() > Some(2));

    let (_, records) = scan(repo, &["--no-default-excludes"]);
    let vendored = records
        .iter()
        .flat_map(|r| r["files"].as_array().expect("files").iter())
        .find(|f| f["path"] == "vendor/dep/lib.rs")
        .expect("vendor file");
    assert_eq!(vendored["added"], 2);
}

#[test]
fn non_utf8_paths_keep_their_bytes() {
    let repo = scanner_fixture();
    let (_, records) = scan(repo, &[]);
    let file = records
        .iter()
        .flat_map(|r| r["files"].as_array().expect("files").iter())
        .find(|f| f.get("path_bytes").is_some())
        .expect("a non-UTF-8 path");
    assert_eq!(path_bytes(file), b"latin1-\xe9t\xe9.txt");
    assert_eq!(file["added"], 2);
}

#[test]
fn renames_are_followed_only_when_asked() {
    let repo = scanner_fixture();
    let commit =
        String::from_utf8(git(repo, &["log", "-1", "--format=%H", "--grep=Rename notes"]).stdout)
            .expect("utf-8");
    let commit = commit.trim();
    let (_, plain) = scan(repo, &[]);
    let (_, renamed) = scan(repo, &["--renames"]);
    let files = |records: &[serde_json::Value]| -> serde_json::Value {
        records
            .iter()
            .find(|r| r["commit"] == commit)
            .expect("record")["files"]
            .clone()
    };
    assert_eq!(
        files(&plain),
        serde_json::json!([
            { "path": "docs/guide.txt", "status": "added", "added": 5, "removed": 0 },
            { "path": "docs/notes.txt", "status": "deleted", "added": 0, "removed": 4 }
        ])
    );
    let numstat =
        String::from_utf8(git(repo, &["show", "-M", "--numstat", "--format=", commit]).stdout)
            .expect("utf-8");
    let (added, rest) = numstat.split_once('\t').expect("numstat");
    let removed = rest.split('\t').next().expect("removed");
    assert_eq!(
        files(&renamed),
        serde_json::json!([{
            "path": "docs/guide.txt", "old_path": "docs/notes.txt", "status": "renamed",
            "added": added.parse::<u64>().expect("n"), "removed": removed.parse::<u64>().expect("n")
        }])
    );
}

#[test]
fn merges_are_counted_but_not_diffed() {
    let repo = scanner_fixture();
    let (report, records) = scan(repo, &[]);
    let alice = author(&report, "alice@example.com");
    assert_eq!(alice["merges"], 1);
    let merge = records
        .iter()
        .find(|r| r["parents"] == 2)
        .expect("merge record");
    assert_eq!(
        merge["files"],
        serde_json::json!([]),
        "merges are not diffed"
    );
}

#[test]
fn an_empty_repository_gives_an_empty_report() {
    let repo = scratch().join("empty");
    if !repo.exists() {
        git(scratch(), &["init", "-q", "empty"]);
    }
    let out = rungs_ok(&repo, &["scan", "."]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["authors"], serde_json::json!([]));
    assert_eq!(report["repos"][0]["head"], serde_json::Value::Null);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no commits yet"), "{err}");
}

#[test]
fn a_shallow_clone_is_marked_and_counted_as_git_does() {
    let repo = scanner_fixture();
    let shallow = scratch().join("shallow");
    if !shallow.exists() {
        let url = format!("file://{}", repo.display());
        git(scratch(), &["clone", "-q", "--depth", "4", &url, "shallow"]);
    }
    let out = rungs_ok(
        &shallow,
        &[
            "scan",
            ".",
            "--include-bots",
            "--ignore-revs-file",
            "/dev/null",
        ],
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["repos"][0]["shallow"], true);
    assert_eq!(total_commits(&report), rev_list_count(&shallow, &["HEAD"]));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("shallow clone") && err.contains("--unshallow"),
        "{err}"
    );
    // The grafted bottom commit is diffed against the empty tree, as git log does.
    let (_, records) = scan(
        &shallow,
        &["--include-bots", "--ignore-revs-file", "/dev/null"],
    );
    let numstat = git_numstat(&shallow, &["HEAD"]);
    let bottom = records.last().expect("records");
    assert_eq!(bottom["parents"], 0);
    for file in bottom["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter(|f| f.get("added").is_some())
    {
        let key = (
            bottom["commit"].as_str().expect("id").to_owned(),
            path_bytes(file),
        );
        let ours = (
            file["added"].as_u64().expect("n"),
            file["removed"].as_u64().expect("n"),
        );
        assert_eq!(numstat.get(&key).copied().flatten(), Some(ours), "{key:?}");
    }
}

#[test]
fn bad_input_gets_a_one_line_error() {
    let repo = scanner_fixture();
    let not_a_repo = scratch().join("plain-dir");
    std::fs::create_dir_all(&not_a_repo).expect("mkdir");
    let cases: Vec<(&Path, Vec<&str>, &str)> = vec![
        (&not_a_repo, vec!["scan", "."], "not a git repository"),
        (
            repo,
            vec!["scan", "/definitely/not/here"],
            "/definitely/not/here: no such file or directory",
        ),
        (
            repo,
            vec!["scan", ".", "--rev", "no-such-branch"],
            "cannot resolve revision 'no-such-branch'",
        ),
        (
            repo,
            vec!["scan", ".", "--exclude", "src/["],
            "invalid --exclude glob 'src/['",
        ),
        (
            repo,
            vec!["scan", ".", "--output", "/nonexistent-dir/report.json"],
            "cannot write /nonexistent-dir/report.json",
        ),
    ];
    for (dir, args, expected) in cases {
        let out = rungs(dir, &args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains(expected), "{args:?}: {err}");
        assert_eq!(
            err.trim_end().lines().count(),
            1,
            "{args:?} printed more than one line: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
    let usage = rungs(repo, &["scan", "--format", "yaml"]);
    assert_eq!(usage.status.code(), Some(2));
}

/// Arguments that cannot work are usage errors (exit 2), found before anything
/// is scanned or written, each naming the value at fault.
#[test]
fn unworkable_arguments_are_usage_errors_before_the_scan() {
    let repo = scanner_fixture();
    let dir = scratch().join("usage-errors");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let pdf = dir.join("report.pdf");
    let saved = dir.join("saved.json");
    let json = pdf.with_extension("json");
    rungs_ok(
        repo,
        &["scan", ".", "--quiet", "-o", saved.to_str().expect("utf-8")],
    );
    let cases: Vec<(Vec<&str>, Vec<&str>)> = vec![
        (
            vec!["scan", ".", "--since", "yesterdy"],
            vec!["'yesterdy'", "--since", "not a date"],
        ),
        (
            vec!["explain", ".", "--author", "x", "--until", "soonish"],
            vec!["'soonish'", "--until"],
        ),
        (
            vec!["scan", ".", "-o", pdf.to_str().expect("utf-8")],
            vec!["report.pdf", "not .pdf", "--format"],
        ),
        (
            vec![
                "report",
                saved.to_str().expect("utf-8"),
                "-o",
                pdf.to_str().expect("utf-8"),
            ],
            vec!["not .pdf"],
        ),
        (
            vec![
                "scan",
                ".",
                "--step-summary",
                "-o",
                json.to_str().expect("utf-8"),
            ],
            vec!["GITHUB_STEP_SUMMARY is not set", "nothing was scanned"],
        ),
    ];
    for (args, expected) in cases {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_rungs"))
            .current_dir(repo)
            .args(&args)
            .env_remove("GITHUB_STEP_SUMMARY")
            .output()
            .expect("rungs runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        for e in expected {
            assert!(err.contains(e), "{args:?}: {e:?} not in {err}");
        }
        assert!(out.stdout.is_empty(), "{args:?} wrote a report");
        assert!(
            !pdf.exists() && !pdf.with_extension("json").exists(),
            "{args:?} wrote a file"
        );
    }
    // Saying the format makes any name fine.
    rungs_ok(
        repo,
        &[
            "report",
            saved.to_str().expect("utf-8"),
            "--format",
            "json",
            "-o",
            pdf.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(
        std::fs::read(&pdf).expect("pdf"),
        std::fs::read(&saved).expect("saved")
    );
}

/// Reports are written as any new file is: 0666 less the umask, not 0600.
#[cfg(unix)]
#[test]
fn output_files_get_the_permissions_of_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let repo = scanner_fixture();
    let dir = scratch().join("umask");
    std::fs::create_dir_all(&dir).expect("mkdir");
    for (umask, mode) in [("022", 0o644), ("077", 0o600), ("002", 0o664)] {
        let path = dir.join(format!("report-{umask}.json"));
        let out = std::process::Command::new("sh")
            .current_dir(repo)
            .arg("-c")
            .arg(format!(
                "umask {umask} && exec \"$0\" scan . --quiet -o \"$1\""
            ))
            .arg(env!("CARGO_BIN_EXE_rungs"))
            .arg(&path)
            .output()
            .expect("sh runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let got = std::fs::metadata(&path)
            .expect("report")
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(got, mode, "umask {umask}: {got:o}");
    }
}

#[test]
fn all_counts_a_cherry_picked_patch_once() {
    let repo = scanner_fixture();
    // git's view: every distinct `git patch-id` once, plus the commits it gives no id (empty ones).
    let patches = git(repo, &["log", "--all", "--no-merges", "-p"]).stdout;
    let mut child = std::process::Command::new("git")
        .args(["patch-id", "--stable"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("git patch-id");
    {
        use std::io::Write;
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(&patches)
            .expect("write");
    }
    let ids = String::from_utf8(child.wait_with_output().expect("output").stdout).expect("utf-8");
    // A patch counts once per (patch-id, author, author date): a cherry-pick or a rebase
    // keeps both; a revert of a revert makes the same patch again as new work.
    let mut distinct = std::collections::BTreeSet::new();
    let mut with_id = std::collections::BTreeSet::new();
    for line in ids.lines() {
        let (patch, commit) = line.split_once(' ').expect("patch-id line");
        let who = String::from_utf8(git(repo, &["log", "-1", "--format=%ae %at", commit]).stdout)
            .expect("utf-8");
        distinct.insert((patch.to_owned(), who.trim().to_lowercase()));
        with_id.insert(commit.to_owned());
    }
    let all =
        String::from_utf8(git(repo, &["rev-list", "--all", "--no-merges"]).stdout).expect("utf-8");
    let without_id = all.lines().filter(|c| !with_id.contains(*c)).count();

    let (report, records) = scan(repo, &["--all", "--include-bots"]);
    let non_merges: u64 = report["authors"]
        .as_array()
        .expect("a")
        .iter()
        .map(|a| a["commits"].as_u64().expect("n"))
        .sum();
    assert_eq!(non_merges, (distinct.len() + without_id) as u64);
    assert_eq!(report["totals"]["duplicate_patches"], 1);
    assert_eq!(author(&report, "heidi@example.com")["commits"], 1);
    assert_eq!(
        author(&report, "ivy@example.com")["commits"],
        3,
        "a reapplied change is new work"
    );
    let duplicate = records
        .iter()
        .find(|r| r.get("duplicate_of").is_some())
        .expect("a duplicate");
    let original = duplicate["duplicate_of"].as_str().expect("id");
    assert!(
        records
            .iter()
            .any(|r| r["commit"] == original && r.get("duplicate_of").is_none())
    );

    // Without --all nothing is deduplicated.
    let (report, _) = scan(repo, &["--rev", "hotfix", "--rev", "side"]);
    assert_eq!(report["totals"]["duplicate_patches"], 0);
}

#[test]
fn several_repositories_combine_by_identity() {
    let repo = scanner_fixture();
    let other = scratch().join("other-clone");
    if !other.exists() {
        git(
            scratch(),
            &["clone", "-q", repo.to_str().expect("utf-8"), "other-clone"],
        );
    }
    let (single, _) = scan(repo, &[]);
    let out = rungs_ok(
        repo,
        &[
            "scan",
            repo.to_str().expect("utf-8"),
            other.to_str().expect("utf-8"),
            "--quiet",
        ],
    );
    let both: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(both["repos"].as_array().expect("repos").len(), 2);
    assert_eq!(total_commits(&both), 2 * total_commits(&single));
    for author in single["authors"].as_array().expect("authors") {
        let email = author["email"].as_str().expect("email");
        let combined = self::author(&both, email);
        for field in [
            "commits",
            "merges",
            "lines_added",
            "lines_removed",
            "files_changed",
        ] {
            assert_eq!(
                combined[field].as_u64(),
                author[field].as_u64().map(|n| 2 * n),
                "{email} {field}"
            );
        }
        assert_eq!(combined["first_commit"], author["first_commit"]);
    }
}

#[test]
fn a_missing_object_is_a_clear_error_not_a_hang() {
    // Loose objects, so that one blob can be removed.
    let repo = scratch().join("missing-object");
    if !repo.exists() {
        git(scratch(), &["init", "-q", "missing-object"]);
        for n in 0..200 {
            std::fs::write(repo.join(format!("f{}.txt", n % 7)), format!("line {n}\n"))
                .expect("write");
            git(&repo, &["add", "-A"]);
            git(
                &repo,
                &[
                    "-c",
                    "user.name=A",
                    "-c",
                    "user.email=a@example.com",
                    "commit",
                    "-q",
                    "-m",
                    &format!("c{n}"),
                ],
            );
        }
        let blob =
            String::from_utf8(git(&repo, &["rev-parse", "HEAD~150:f1.txt"]).stdout).expect("utf-8");
        let blob = blob.trim();
        std::fs::remove_file(repo.join(".git/objects").join(&blob[..2]).join(&blob[2..]))
            .expect("remove blob");
    }
    for jobs in ["1", "2"] {
        let out = rungs(
            &repo,
            &[
                "scan",
                ".",
                "--jobs",
                jobs,
                "--records",
                "/dev/null",
                "--quiet",
            ],
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains("blob") && err.contains("missing"), "{err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    }
}
