//! The HTML report in a real browser: headless Chromium loads the page written by
//! `rungs scan --format html` (and `rungs report --format html` for a team of 200)
//! without console messages, script errors or blocked loads, runs its script,
//! and shows every author.
//!
//! Without `chromium` on PATH the browser checks are skipped with a message, unless
//! `RUNGS_REQUIRE_CHROMIUM=1` (set in CI) makes that a failure.

mod common;

use std::{
    path::{Path, PathBuf},
    process::{Command, Stdio},
    time::{Duration, Instant},
};

use common::*;

/// How long one page may take to load before the browser is killed.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(120);

/// The largest page accepted for a team of 200.
const MAX_PAGE_BYTES_200: usize = 4 * 1024 * 1024;

/// The Chromium binary, or `None` (after saying why) when the browser checks
/// should be skipped.
fn chromium() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
            .find(|candidate| candidate.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var("RUNGS_REQUIRE_CHROMIUM").as_deref() != Ok("1"),
            "RUNGS_REQUIRE_CHROMIUM=1 but `chromium` is not on PATH: install it \
             (Debian: apt-get install chromium) or unset RUNGS_REQUIRE_CHROMIUM"
        );
        eprintln!(
            "skipping the browser checks: `chromium` is not on PATH \
             (set RUNGS_REQUIRE_CHROMIUM=1 to make this a failure)"
        );
    }
    found
}

/// A page as headless Chromium saw it.
struct Loaded {
    /// The DOM after the page's script ran.
    dom: String,
    /// Every console message: log lines with `CONSOLE` (Chromium writes console
    /// calls, uncaught exceptions and Content-Security-Policy violations so, at
    /// any level) or an uncaught exception.
    console: Vec<String>,
}

/// Load `page` in headless Chromium with a fresh profile and dump its DOM.
fn load(chromium: &Path, page: &Path) -> Loaded {
    let dir = tempfile::tempdir().expect("temp dir");
    let profile = dir.path().join("profile");
    let stdout_path = dir.path().join("dom.html");
    let stderr_path = dir.path().join("stderr.log");
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&stdout_path).expect("stdout file"))
        .stderr(std::fs::File::create(&stderr_path).expect("stderr file"))
        .spawn()
        .expect("chromium starts");
    let deadline = Instant::now() + BROWSER_TIMEOUT;
    let status = loop {
        if let Some(status) = child.try_wait().expect("chromium status") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "chromium did not finish loading {} within {BROWSER_TIMEOUT:?}; stderr:\n{}",
                page.display(),
                std::fs::read_to_string(&stderr_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stderr = std::fs::read_to_string(&stderr_path).expect("stderr");
    assert!(
        status.success(),
        "chromium failed on {} ({status}); stderr:\n{stderr}",
        page.display()
    );
    let console = stderr
        .lines()
        .filter(|l| l.contains("CONSOLE") || l.contains("Uncaught"))
        .map(str::to_owned)
        .collect();
    let dom = std::fs::read_to_string(&stdout_path).expect("dumped DOM");
    assert!(
        dom.contains("</html>"),
        "no DOM dumped for {}; stderr:\n{stderr}",
        page.display()
    );
    Loaded { dom, console }
}

/// Text as the DOM serializer writes it between tags.
fn as_dom_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\u{a0}', "&nbsp;")
}

/// Every author of `report` appears in `dom`, by name and email.
fn assert_authors_shown(report: &serde_json::Value, dom: &str) {
    let authors = report["authors"].as_array().expect("authors");
    assert!(!authors.is_empty());
    for author in authors {
        let name = as_dom_text(author["name"].as_str().expect("name"));
        let email = as_dom_text(author["email"].as_str().expect("email"));
        assert!(dom.contains(&format!(">{name}<")), "{name} not shown");
        assert!(dom.contains(&format!(">{email}<")), "{email} not shown");
    }
}

/// The script ran: it shows the filter box and turns sortable headers into buttons.
fn assert_script_ran(dom: &str) {
    assert!(
        dom.contains("data-sort=\"text\"><button type=\"button\""),
        "the page's script did not run"
    );
    assert!(
        !dom.contains("<div class=\"controls\" hidden"),
        "the filter box is still hidden"
    );
}

/// The detection the other tests rely on: console calls of every level, uncaught
/// exceptions and blocked loads all show up as console lines.
#[test]
fn console_messages_are_detected() {
    let Some(chromium) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let quiet = dir.path().join("quiet.html");
    std::fs::write(
        &quiet,
        "<!doctype html><title>q</title><p>quiet</p><script>document.title = 'ran';</script>",
    )
    .expect("write page");
    let loaded = load(&chromium, &quiet);
    assert!(loaded.console.is_empty(), "{:?}", loaded.console);
    assert!(loaded.dom.contains("<title>ran</title>"), "scripts run");

    let noisy = dir.path().join("noisy.html");
    std::fs::write(
        &noisy,
        "<!doctype html><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'\">\
         <p>noisy</p><img src=\"https://example.invalid/x.png\">\
         <script>console.error('deliberate error'); undefinedFunction();</script>",
    )
    .expect("write page");
    let console = load(&chromium, &noisy).console.join("\n");
    assert!(
        console.contains("deliberate error"),
        "console.error:\n{console}"
    );
    assert!(
        console.contains("Uncaught ReferenceError"),
        "exception:\n{console}"
    );
    assert!(
        console.contains("Content Security Policy"),
        "blocked load:\n{console}"
    );
}

#[test]
fn the_report_page_loads_cleanly_and_shows_every_author() {
    let repo = build_fixture("profiles.sh", "profiles");
    let (report, _) = scan(&repo, &[]);
    let page = scratch().join("profiles.html");
    rungs_ok(
        &repo,
        &[
            "scan",
            ".",
            "--quiet",
            "--format",
            "html",
            "-o",
            page.to_str().expect("utf-8"),
        ],
    );
    let html = std::fs::read_to_string(&page).expect("page written");
    assert!(html.starts_with("<!doctype html>"));
    let Some(chromium) = chromium() else {
        return;
    };
    let loaded = load(&chromium, &page);
    assert!(
        loaded.console.is_empty(),
        "console messages:\n{}",
        loaded.console.join("\n")
    );
    assert_script_ran(&loaded.dom);
    assert_authors_shown(&report, &loaded.dom);
}

/// A hostile name: if escaping failed, the image's handler would log to the console.
const HOSTILE: &str =
    "<img src=x onerror=console.error('injected')> \"quotes\" & <script>alert(1)</script>";

/// The profiles report grown to `n` authors: copies of its authors under new
/// names and emails (one of them hostile), with matching team rows.
fn team_of(report: &serde_json::Value, n: usize) -> serde_json::Value {
    let mut report = report.clone();
    let originals = report["authors"].as_array().expect("authors").clone();
    let matrix = report["team"]["matrix"].clone();
    let mut authors = Vec::new();
    let mut rows = serde_json::Map::new();
    for i in 0..n {
        let mut author = originals[i % originals.len()].clone();
        let email_of_original = author["email"].as_str().expect("email").to_owned();
        let (name, email) = if i == 7 {
            (
                HOSTILE.to_owned(),
                format!("\"><img src=x onerror=console.error(2)>{i}@example.com"),
            )
        } else {
            (
                format!("Person {i:03}"),
                format!("person{i:03}@example.com"),
            )
        };
        author["name"] = name.clone().into();
        author["names"] = serde_json::json!({ name: author["commits"].clone() });
        author["email"] = email.clone().into();
        author["emails"] = serde_json::json!([email.clone()]);
        rows.insert(email, matrix[&email_of_original].clone());
        authors.push(author);
    }
    report["authors"] = authors.into();
    report["team"]["matrix"] = rows.into();
    report
}

#[test]
fn a_team_of_200_stays_small_and_usable() {
    let repo = build_fixture("profiles.sh", "profiles");
    let (report, _) = scan(&repo, &[]);
    let team = team_of(&report, 200);
    let json = scratch().join("team-200.json");
    std::fs::write(&json, serde_json::to_string(&team).expect("JSON")).expect("write report");
    let page = scratch().join("team-200.html");
    rungs_ok(
        &repo,
        &[
            "report",
            json.to_str().expect("utf-8"),
            "--format",
            "html",
            "-o",
            page.to_str().expect("utf-8"),
        ],
    );
    let html = std::fs::read_to_string(&page).expect("page written");
    assert!(
        html.len() < MAX_PAGE_BYTES_200,
        "the page for 200 authors is {} bytes",
        html.len()
    );
    assert_eq!(html.matches("<details class=\"author\"").count(), 200);
    assert_eq!(
        html.matches("<script").count(),
        1,
        "only the page's own script"
    );
    for i in [0, 1, 99, 199] {
        assert!(html.contains(&format!(">Person {i:03}<")), "author {i}");
    }
    let Some(chromium) = chromium() else {
        return;
    };
    let loaded = load(&chromium, &page);
    assert!(
        loaded.console.is_empty(),
        "console messages:\n{}",
        loaded.console.join("\n")
    );
    assert_script_ran(&loaded.dom);
    assert_authors_shown(&team, &loaded.dom);
}
