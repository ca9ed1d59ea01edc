//! `--format table|markdown` and `rungs report`: every author shown, hostile
//! names inert, no colour when piped, and a saved report renders as a scan does.

use crate::common::*;

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("utf-8 output")
}

#[test]
fn table_and_markdown_show_every_author_and_placement() {
    let repo = build_fixture("profiles.sh", "profiles");
    let (report, _) = scan(&repo, &[]);
    let table = stdout(&rungs_ok(
        &repo,
        &["scan", ".", "--quiet", "--format", "table"],
    ));
    let markdown = stdout(&rungs_ok(
        &repo,
        &["scan", ".", "--quiet", "--format", "markdown"],
    ));
    for author in report["authors"].as_array().expect("authors") {
        let name = author["name"].as_str().expect("name");
        assert!(table.contains(name), "{name} missing from the table");
        assert!(markdown.contains(name), "{name} missing from the markdown");
    }
    assert!(!table.contains('\x1b'), "no colour when piped");
    assert!(table.contains("Junior engineer") && table.contains("below Junior engineer"));
    assert!(table.contains("Manager → Tech lead: access-violation 0→2"));
    // Collapsible details for people with something to show, balanced tags.
    assert_eq!(
        markdown.matches("<details>").count(),
        markdown.matches("</details>").count()
    );
    assert!(markdown.contains("<summary><b>Dana Deep</b>"));
    assert!(markdown.contains("- [ ] "), "plan tasks as a checklist");
    assert!(
        markdown.contains("Ask: Morgan Lead (`docs/adr/"),
        "mentors with their files"
    );
}

#[test]
fn a_saved_report_renders_as_the_scan_does_and_hostile_text_stays_inert() {
    let repo = build_fixture("profiles.sh", "profiles");
    let dir = scratch().join("render-saved");
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let saved = dir.join("report.json");
    rungs_ok(
        &repo,
        &["scan", ".", "--quiet", "-o", saved.to_str().expect("utf-8")],
    );
    for format in ["table", "markdown", "html", "json"] {
        let direct = rungs_ok(&repo, &["scan", ".", "--quiet", "--format", format]);
        let rendered = rungs_ok(
            &repo,
            &["report", saved.to_str().expect("utf-8"), "--format", format],
        );
        assert_eq!(
            stdout(&direct),
            stdout(&rendered),
            "{format}: a saved report renders as the scan"
        );
    }
    // --output writes the file and nothing to stdout.
    let md = dir.join("report.md");
    let out = rungs_ok(
        &repo,
        &[
            "report",
            saved.to_str().expect("utf-8"),
            "--format",
            "markdown",
            "-o",
            md.to_str().expect("utf-8"),
        ],
    );
    assert!(out.stdout.is_empty());
    assert!(
        std::fs::read_to_string(&md)
            .expect("written")
            .starts_with("## rungs")
    );
    // The extension of --output picks the format when --format is not given.
    for (name, start) in [
        ("r.html", "<!doctype html>"),
        ("r.md", "## rungs"),
        ("r.json", "{"),
    ] {
        let file = dir.join(name);
        rungs_ok(
            &repo,
            &[
                "report",
                saved.to_str().expect("utf-8"),
                "-o",
                file.to_str().expect("utf-8"),
            ],
        );
        assert!(
            std::fs::read_to_string(&file)
                .expect("written")
                .starts_with(start),
            "{name}"
        );
    }

    // A hostile name and email stay text in every format.
    let mut report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&saved).expect("saved")).expect("json");
    report["authors"][0]["name"] = "<script>alert(1)</script> | *x*".into();
    report["authors"][1]["name"] = "Evil\u{1b}]0;owned\u{7}\u{1b}[2J".into();
    report["authors"][1]["email"] = "jane_doe@corp.example".into();
    report["repos"][0]["commit_url"] = "javascript:alert(1)//{commit}".into();
    let hostile = dir.join("hostile.json");
    std::fs::write(&hostile, report.to_string()).expect("write");
    let md = stdout(&rungs_ok(
        &repo,
        &[
            "report",
            hostile.to_str().expect("utf-8"),
            "--format",
            "markdown",
        ],
    ));
    assert!(!md.contains("<script>"), "{md}");
    assert!(
        !md.contains("javascript:"),
        "no link from a hand-edited commit_url"
    );
    assert!(
        md.contains("&lt;jane_doe@corp.example&gt;"),
        "HTML escaping only in <summary>"
    );
    let table = stdout(&rungs_ok(
        &repo,
        &[
            "report",
            hostile.to_str().expect("utf-8"),
            "--format",
            "table",
        ],
    ));
    assert!(
        !table.contains('\u{1b}') && !table.contains('\u{7}'),
        "{table:?}"
    );
    assert!(md.contains("&lt;script&gt;alert(1)&lt;/script&gt; \\| \\*x\\*"));
    let html = stdout(&rungs_ok(
        &repo,
        &[
            "report",
            hostile.to_str().expect("utf-8"),
            "--format",
            "html",
        ],
    ));
    assert!(!html.contains("<script>alert(1)"));
}

#[test]
fn report_rejects_what_is_not_a_report() {
    let dir = scratch().join("render-bad");
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let bad = dir.join("bad.json");
    std::fs::write(&bad, "{\"hello\": 1}").expect("write");
    let out = rungs(&dir, &["report", bad.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is not a rungs report"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");

    std::fs::write(&bad, "{\"schema_version\": \"9.0.0\"}").expect("write");
    let out = rungs(&dir, &["report", bad.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("schema version 9.0.0"), "{err}");
    // A report of before 1.0 says so, in one line.
    std::fs::write(&bad, "{\"schema_version\": \"0.7.0\", \"authors\": []}").expect("write");
    let out = rungs(&dir, &["report", bad.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("from before schema 1.0"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");

    let out = rungs(
        &dir,
        &["report", dir.join("missing.json").to_str().expect("utf-8")],
    );
    assert_eq!(out.status.code(), Some(1));
    let out = rungs(&dir, &["report"]);
    assert_eq!(out.status.code(), Some(2), "usage error");
}

#[test]
fn counts_only_reports_render_as_author_tables() {
    let repo = build_fixture("profiles.sh", "profiles");
    for format in ["table", "markdown"] {
        let text = stdout(&rungs_ok(
            &repo,
            &["scan", ".", "--quiet", "--counts-only", "--format", format],
        ));
        assert!(text.contains("Dana Deep"), "{format}: {text}");
        assert!(!text.contains("<details>"));
    }
}

#[test]
fn markdown_of_a_large_team_fits_a_comment() {
    let repo = build_fixture("profiles.sh", "profiles");
    let dir = scratch().join("render-large");
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let mut report: serde_json::Value =
        serde_json::from_slice(&rungs_ok(&repo, &["scan", ".", "--quiet"]).stdout).expect("json");
    let dana = author(&report, "dana@example.com").clone();
    let authors = report["authors"].as_array_mut().expect("authors");
    for i in 0..300 {
        let mut copy = dana.clone();
        copy["email"] = format!("dana{i:03}@example.com").into();
        copy["name"] = format!("Dana {i:03}").into();
        authors.push(copy);
    }
    let file = dir.join("large.json");
    std::fs::write(&file, report.to_string()).expect("write");
    let md = stdout(&rungs_ok(
        &repo,
        &[
            "report",
            file.to_str().expect("utf-8"),
            "--format",
            "markdown",
        ],
    ));
    assert!(md.len() <= 60_000, "{} bytes", md.len());
    assert!(md.contains("more authors with fewer commits are in the JSON and HTML reports"));
    assert!(md.contains("more authors are left out to keep this short"));
    assert_eq!(
        md.matches("<details>").count(),
        md.matches("</details>").count()
    );
}

#[test]
fn step_summary_appends_the_markdown() {
    let repo = build_fixture("profiles.sh", "profiles");
    let dir = scratch().join("render-summary");
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let summary = dir.join("summary.md");
    std::fs::write(&summary, "# earlier step\n").expect("write");
    for _ in 0..2 {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_rungs"))
            .current_dir(&repo)
            .args(["scan", ".", "--quiet", "--step-summary", "-o"])
            .arg(dir.join("r.json"))
            .env("GITHUB_STEP_SUMMARY", &summary)
            .output()
            .expect("rungs runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let text = std::fs::read_to_string(&summary).expect("summary");
    assert!(text.starts_with("# earlier step\n## rungs"), "{text}");
    assert_eq!(text.matches("## rungs: skills and rungs").count(), 2);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rungs"))
        .current_dir(&repo)
        .args(["scan", ".", "--quiet", "--step-summary", "-o", "/dev/null"])
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .expect("rungs runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("GITHUB_STEP_SUMMARY is not set"));
}

/// `--top`, `--min-commits` and `--active-since` list only the people asked for,
/// in every format, and say what they left out; `--format csv` (or `-o x.csv`)
/// writes the skills matrix with rungs for a spreadsheet.
#[test]
fn focus_and_csv_list_the_people_asked_for() {
    let repo = build_fixture("profiles.sh", "profiles");
    let dir = scratch().join("render-focus");
    std::fs::create_dir_all(&dir).expect("dir");
    let path = |name: &str| dir.join(name).to_str().expect("utf-8").to_owned();
    rungs_ok(&repo, &["scan", ".", "--quiet", "-o", &path("whole.json")]);
    let whole: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path("whole.json")).expect("report"))
            .expect("json");
    let all = whole["authors"].as_array().expect("authors").len();
    assert!(all > 2, "the fixture has more than two authors");
    let emails = |report: &serde_json::Value| -> Vec<String> {
        report["authors"]
            .as_array()
            .expect("authors")
            .iter()
            .map(|a| a["email"].as_str().expect("email").to_owned())
            .collect()
    };

    let top: serde_json::Value = serde_json::from_slice(
        &rungs_ok(
            scratch(),
            &[
                "report",
                &path("whole.json"),
                "--top",
                "2",
                "--format",
                "json",
            ],
        )
        .stdout,
    )
    .expect("json");
    assert_eq!(emails(&top), emails(&whole)[..2]);
    assert_eq!(top["focus"]["authors_in_history"], all);
    assert_eq!(top["focus"]["chosen_by"][0], "the 2 most active");
    assert_eq!(
        top["totals"], whole["totals"],
        "totals still count everyone"
    );

    let busy: Vec<String> = whole["authors"]
        .as_array()
        .expect("authors")
        .iter()
        .filter(|a| a["commits"].as_u64() >= Some(5))
        .map(|a| a["email"].as_str().expect("email").to_owned())
        .collect();
    let min: serde_json::Value = serde_json::from_slice(
        &rungs_ok(
            scratch(),
            &[
                "report",
                &path("whole.json"),
                "--min-commits",
                "5",
                "--format",
                "json",
            ],
        )
        .stdout,
    )
    .expect("json");
    assert_eq!(emails(&min), busy);
    // Nobody in the fixture committed after 2030.
    let none: serde_json::Value = serde_json::from_slice(
        &rungs_ok(
            scratch(),
            &[
                "report",
                &path("whole.json"),
                "--active-since",
                "2030-01-01",
                "--format",
                "json",
            ],
        )
        .stdout,
    )
    .expect("json");
    assert_eq!(emails(&none).len(), 0);

    for (format, said) in [
        (
            "table",
            format!("rungs: 2 of {all} authors (the 2 most active)"),
        ),
        (
            "markdown",
            format!("2 of {all} authors (the 2 most active)"),
        ),
        ("html", format!("2 of {all} authors (the 2 most active)")),
    ] {
        let out = rungs_ok(
            scratch(),
            &[
                "report",
                &path("whole.json"),
                "--top",
                "2",
                "--format",
                format,
                "--no-color",
            ],
        );
        let text = String::from_utf8(out.stdout).expect("utf-8");
        assert!(text.contains(&said), "{format}: {said:?} not in {text}");
        assert!(text.contains(&emails(&whole)[0]), "{format}");
        assert!(
            !text.contains(&emails(&whole)[2]),
            "{format} lists a third author"
        );
    }

    // CSV, chosen by the extension: a header, then one row per author listed.
    rungs_ok(
        scratch(),
        &[
            "report",
            &path("whole.json"),
            "--top",
            "2",
            "-o",
            &path("team.csv"),
        ],
    );
    let csv = std::fs::read_to_string(path("team.csv")).expect("csv");
    let rows: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert!(
        rows[0].starts_with("name,email,commits,access-violation,acid,")
            && rows[0].ends_with(",ic_rung,ic_confidence,manager_rung,manager_confidence"),
        "{}",
        rows[0]
    );
    assert_eq!(rows.len(), 3, "{csv}");
    let first = &whole["authors"][0];
    assert!(
        rows[1].starts_with(&format!(
            "{},{},{},",
            first["name"].as_str().expect("name"),
            first["email"].as_str().expect("email"),
            first["commits"]
        )),
        "{}",
        rows[1]
    );
    assert!(
        rows[1].contains(first["rungs"]["ic"]["rung"].as_str().expect("rung")),
        "{}",
        rows[1]
    );

    // A focused report cannot be merged, compared or placed again.
    rungs_ok(
        scratch(),
        &[
            "report",
            &path("whole.json"),
            "--top",
            "2",
            "-o",
            &path("top.json"),
        ],
    );
    for args in [
        vec!["merge", "top.json"],
        vec!["diff", "whole.json", "top.json"],
        vec!["report", "top.json", "--strict-ladder"],
    ] {
        let out = rungs(&dir, &args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("only some of its authors"), "{args:?}: {err}");
    }
}
