//! The HTML report in a real browser: headless Chromium loads the page written by
//! `rungs scan --format html` (and `rungs report --format html` for a team of 200)
//! without console messages, script errors or blocked loads, runs its script,
//! and shows every author.
//!
//! Without `chromium` on PATH the browser checks are skipped with a message, unless
//! `RUNGS_REQUIRE_CHROMIUM=1` (set in CI) makes that a failure.

use std::{
    path::{Path, PathBuf},
    process::{Command, Stdio},
    time::{Duration, Instant},
};

use crate::common::*;

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
    load_with(chromium, page, &[])
}

/// [`load`] with more command-line flags.
fn load_with(chromium: &Path, page: &Path, flags: &[&str]) -> Loaded {
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
        .args(flags)
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

/// The report of a team of 200 and its page, written once per test binary.
fn team_200() -> &'static (serde_json::Value, PathBuf) {
    static TEAM: std::sync::OnceLock<(serde_json::Value, PathBuf)> = std::sync::OnceLock::new();
    TEAM.get_or_init(|| {
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
        (team, page)
    })
}

#[test]
fn a_team_of_200_stays_small_and_usable() {
    let (team, page) = team_200();
    let html = std::fs::read_to_string(page).expect("page written");
    assert!(
        html.len() < MAX_PAGE_BYTES_200,
        "the page for 200 authors is {} bytes",
        html.len()
    );
    assert_eq!(html.matches("<details class=\"author\"").count(), 200);
    assert_eq!(html.matches("<details class=\"author\" id=\"author-1\" data-key=\"person 000 person000@example.com\">").count(), 1, "collapsed");
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
    let loaded = load(&chromium, page);
    assert!(
        loaded.console.is_empty(),
        "console messages:\n{}",
        loaded.console.join("\n")
    );
    assert_script_ran(&loaded.dom);
    assert_authors_shown(team, &loaded.dom);
}

/// What a scratch page that drives the team page in a frame reports, as JSON in
/// its `<pre id="out">`.
const DRIVER: &str = r##"<!doctype html><pre id="out"></pre><iframe id="f" src="PAGE#author-150"></iframe>
<script>
var frame = document.getElementById("f");
frame.addEventListener("load", function () {
  var d = frame.contentDocument, r = {};
  var rows = function () { return Array.prototype.slice.call(d.querySelectorAll("#team-table tbody tr")); };
  var heads = d.querySelectorAll("#team-table thead th");
  r.linkedOpen = d.getElementById("author-150").open;
  r.otherOpen = d.getElementById("author-1").open;
  heads[1].querySelector("button").click();
  var commits = rows().map(function (row) { return Number(row.cells[1].getAttribute("data-v")); });
  r.commitsDescending = commits.every(function (c, i) { return i === 0 || commits[i - 1] >= c; });
  r.commitsVary = commits[0] > commits[commits.length - 1];
  r.commitsSort = heads[1].getAttribute("aria-sort");
  heads[0].querySelector("button").click();
  var names = rows().map(function (row) { return row.cells[0].getAttribute("data-v"); });
  r.namesAscending = names.every(function (n, i) { return i === 0 || names[i - 1] <= n; });
  var filter = d.getElementById("filter");
  filter.value = "Person 19";
  filter.dispatchEvent(new Event("input"));
  r.shownRows = rows().filter(function (row) { return !row.hidden; }).length;
  r.shownAuthors = Array.prototype.filter.call(d.querySelectorAll("details.author"), function (a) { return !a.hidden; }).length;
  r.count = d.getElementById("filter-count").textContent;
  d.getElementById("expand-all").click();
  r.openAfterExpand = d.querySelectorAll("details.author[open]").length;
  document.getElementById("out").textContent = JSON.stringify(r);
});
</script>"##;

#[test]
fn the_script_opens_sorts_and_filters() {
    let (_, page) = team_200();
    let Some(chromium) = chromium() else {
        return;
    };
    let driver = scratch().join("driver.html");
    std::fs::write(
        &driver,
        DRIVER.replace("PAGE", &format!("file://{}", page.display())),
    )
    .expect("write driver");
    let loaded = load_with(
        &chromium,
        &driver,
        &[
            "--allow-file-access-from-files",
            "--virtual-time-budget=10000",
        ],
    );
    assert!(
        loaded.console.is_empty(),
        "console messages:\n{}",
        loaded.console.join("\n")
    );
    let out = loaded
        .dom
        .split_once("<pre id=\"out\">")
        .and_then(|(_, rest)| rest.split_once("</pre>"))
        .map(|(json, _)| json)
        .expect("driver output");
    let r: serde_json::Value = serde_json::from_str(out).unwrap_or_else(|e| panic!("{e}: {out:?}"));
    assert_eq!(r["linkedOpen"], true, "a link opens its author: {r}");
    assert_eq!(r["otherOpen"], false, "a team of 200 starts collapsed: {r}");
    assert_eq!(r["commitsSort"], "descending", "{r}");
    assert_eq!(r["commitsDescending"], true, "{r}");
    assert_eq!(r["commitsVary"], true, "{r}");
    assert_eq!(r["namesAscending"], true, "{r}");
    assert_eq!(r["shownRows"], 10, "Person 190 to 199: {r}");
    assert_eq!(r["shownAuthors"], 10, "{r}");
    assert_eq!(r["count"], "10 of 200 shown", "{r}");
    assert_eq!(
        r["openAfterExpand"], 11,
        "the ten shown and the linked one: {r}"
    );
}
