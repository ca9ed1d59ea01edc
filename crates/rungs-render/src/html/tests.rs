//! Unit tests of the page: escaping, counts-only reports, links, determinism.

use rungs_report::Report;
use serde_json::json;

use super::html;

const HOSTILE: &str = "<script>alert(1)</script>";
const QUOTED: &str = "\"quotes\" & ampersands";

/// A report with a ladder and two authors, one with hostile names and paths.
fn report(commit_url: Option<&str>) -> Report {
    let evidence = |path: &str, rule: &str| {
        json!({
            "commit": "0123456789abcdef0123456789abcdef01234567", "repo": ".",
            "time": "2024-03-04T05:06:07Z", "signal": "transaction", "depth": 3,
            "rule": rule, "path": path, "line": 7
        })
    };
    let skill = |depth: u8, path: &str, rule: &str| {
        json!({
            "evidence_commits": 3, "bulk_commits": 0, "score": 2.5, "depth": depth,
            "confidence": "low", "commits_at_or_above": { "use": 3, "resolve": 2, "implement": 2, "design": 0 }, "active_months": 2,
            "first_evidence": "2024-01-04T05:06:07Z", "last_evidence": "2024-03-04T05:06:07Z",
            "signals": [ { "signal": "transaction", "depth": 3, "commits": 2 } ],
            "months": {
                "2024-01": { "commits": 1, "bulk_commits": 0, "score_milli": 1000, "deepest": { "use": 1, "resolve": 0, "implement": 0, "design": 0 }, "signals": [] },
                "2024-03": { "commits": 2, "bulk_commits": 0, "score_milli": 2000, "deepest": { "use": 0, "resolve": 0, "implement": 2, "design": 0 }, "signals": [] }
            },
            "top_evidence": [ evidence(path, rule) ]
        })
    };
    let author = |name: &str, email: &str, depth: u8, path: &str, rule: &str| {
        json!({
            "name": name, "names": { name: 3 }, "email": email, "emails": [email],
            "commits": 3, "merges": 0, "ignored_commits": 0, "files_changed": 3,
            "lines_added": 30, "lines_removed": 2,
            "first_commit": "2024-01-04T05:06:07Z", "last_commit": "2024-03-04T05:06:07Z",
            "skills": { "acid": skill(depth, path, rule) },
            "rungs": { "ic": { "rung": "junior", "confidence": "medium", "strict_rung": "junior",
                "next": "middle", "gaps": [ {
                "skill": "error-codes", "required": 2, "credited": 0,
                "seen": "no evidence in 3 commits", "missing": "depth 2 needs 2 commits",
                "tasks_depth": 1, "tasks": [ format!("Fix {name}") ] } ], "waived": [ {
                "skill": "acid", "rung": "middle", "required": 2, "held": 1,
                "reason": format!("1 of 40 active authors show depth 2 or deeper; {name}") } ] } },
            "metrics": {
                "median_changed_lines": 11, "active_week_share": 0.25, "small_batches": true,
                "steady_cadence": false, "integration": false, "collaborative_share": 0.0,
                "collaboration": false, "collaborative_commits": 0, "depth": 1,
                "changed_lines": { "11": 3 }, "active_weeks": ["2023-W36"], "areas": { "src": 3 }
            },
            "plan": [ {
                "track": "ic", "toward": "middle", "skill": "error-codes", "from_depth": 0,
                "to_depth": 2, "tasks_depth": 1, "tasks": [ format!("Fix {name}") ],
                "mentors": [ { "name": name, "email": email, "depth": 3, "paths": [path] } ],
                "examples": [ { "name": name, "email": email, "evidence": {
                    "commit": "0123456789abcdef0123456789abcdef01234567", "repo": ".",
                    "time": "2024-02-01T10:00:00Z", "signal": rule, "depth": 2, "rule": rule,
                    "path": path, "line": 9 } } ],
                "starter": false, "areas": ["src"]
            } ]
        })
    };
    let value = json!({
        "schema_version": "0.7.0",
        "tool": { "name": "rungs", "version": "0.1.0" },
        "repos": [ { "path": ".", "head": "0123456789abcdef0123456789abcdef01234567",
                     "commits_scanned": 6, "shallow": false, "commit_url": commit_url } ],
        "totals": { "commits": 6, "bot_commits_excluded": 0, "excluded_author_commits": 0, "ignored_commits": 0,
                    "duplicate_patches": 0, "skipped_files": {}, "evidence_commits": 6, "bulk_commits": 0 },
        "authors": [
            author("Ann Able", "ann@example.com", 3, "src/db.rs", "sql-transaction"),
            author(HOSTILE, "evil\"<b>@example.com", 1, "<img src=x onerror=alert(2)>.rs", QUOTED),
            author(QUOTED, "q@example.com", 0, "q.rs", "rule"),
        ],
        "suggested_aliases": [ { "name": HOSTILE, "emails": ["a@x", "b@x"] } ],
        "rules": { "count": 2, "files": ["rules/acid.toml"], "bulk_max_files": 100,
                   "bulk_max_lines": 5000, "bulk_factor": 0.1 },
        "ladder": {
            "file": "rules/ladder.toml",
            "tracks": { "ic": ["junior", "middle"] },
            "names": { "ic": "Individual contributor", "junior": "Junior engineer", "middle": "Middle engineer" },
            "requires": { "junior": { "acid": 1 }, "middle": { "acid": 2, "error-codes": 2 } },
            "skills": { "ic": ["acid", "error-codes"] },
            "observability": { "min_share_of_authors": 0.05, "min_authors": 2,
                               "min_active_authors": 10, "min_step_share": 0.5, "strict": false },
            "confidence": {
                "high": { "commits": 200, "active_weeks": 52, "evidence_commits": 10 },
                "medium": { "commits": 40, "active_weeks": 12, "evidence_commits": 4 },
                "waived": "medium"
            }
        },
        "observability": {
            "strict": false, "judged": true, "active_authors": 40, "authors_needed": 2,
            "skills": {
                "acid": { "authors_at_or_above": [9, 1, 0, 0], "depth": 1 },
                "error-codes": { "authors_at_or_above": [5, 4, 0, 0], "depth": 2 }
            },
            "hidden_rungs": { "ic": [] }
        },
        "team": {
            "matrix": { "ann@example.com": { "acid": 3 }, "evil\"<b>@example.com": { "acid": 1 }, "q@example.com": {} },
            "concentration": {
                "acid": [{ "name": "Ann", "email": "ann@example.com", "depth": 3, "evidence_commits": 3 }],
                "error-codes": []
            }
        },
        "notice": "Signals, not a review.",
        "anonymized": false
    });
    serde_json::from_value(value).expect("a valid report")
}

/// Every `<script` in the page: only the page's own one.
fn scripts(page: &str) -> usize {
    page.matches("<script").count()
}

#[test]
fn hostile_text_is_escaped() {
    let page = html(&report(None));
    assert_eq!(scripts(&page), 1, "only the page's own script");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("&quot;quotes&quot; &amp; ampersands"));
    assert!(page.contains("evil&quot;&lt;b&gt;@example.com"));
    assert!(!page.contains("<img"), "paths are text");
    assert!(!page.contains("<b>@"), "emails are text");
    assert!(page.contains("&lt;img src=x onerror=alert(2)&gt;.rs:7"));
    assert!(!page.contains("\"<b>"), "no attribute value ends early");
}

#[test]
fn the_page_is_complete_and_self_contained() {
    let page = html(&report(None));
    assert!(page.starts_with("<!doctype html>"));
    assert!(page.ends_with("</html>\n"));
    for part in [
        "Signals, not a review.",
        "id=\"team-table\"",
        "id=\"author-1\"",
        "id=\"author-3\"",
        "Junior engineer",
        "Middle engineer",
        "<svg",
        "Evidence commits per month, 2024-01 to 2024-03",
        "Plan toward Middle engineer",
        "Junior engineer · medium",
        "Waived, not gaps: <span title=",
        "acid 2 → held at 1 (Middle engineer)",
        "Shown here by teammates",
        "acid: observable to depth 1 (1 of 40 active authors show depth 2 or deeper; 2 needed)",
        "Median changed lines per commit",
        "src/db.rs:7",
    ] {
        assert!(page.contains(part), "missing {part:?}");
    }
    for external in ["src=\"http", "href=\"http", "@import", "url(http", "<link"] {
        assert!(!page.contains(external), "external reference {external:?}");
    }
}

#[test]
fn commit_links_only_with_a_commit_url() {
    let page = html(&report(None));
    assert!(!page.contains("target=\"_blank\""));
    assert!(
        page.contains("<span title=\"0123456789abcdef0123456789abcdef01234567\">0123456789</span>")
    );

    let page = html(&report(Some("https://github.com/o/r/commit/{commit}")));
    assert!(page.contains(
        "href=\"https://github.com/o/r/commit/0123456789abcdef0123456789abcdef01234567\" target=\"_blank\" rel=\"noopener\""
    ));

    let page = html(&report(Some("javascript:alert('{commit}')")));
    assert!(!page.contains("javascript:"), "only web links");
}

#[test]
fn counts_only_reports_render_a_table_of_counts() {
    let mut report = report(None);
    report.rules = None;
    report.ladder = None;
    report.team = None;
    for author in &mut report.authors {
        author.skills.clear();
        author.rungs.clear();
        author.metrics = None;
        author.plan.clear();
    }
    let page = html(&report);
    assert!(page.contains("Counts only"));
    assert!(page.contains("<th scope=\"col\" class=\"num\" data-sort=\"num\">Lines added</th>"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!page.contains("<svg"), "no charts without evidence");
    assert!(!page.contains("Plan toward"));
    assert_eq!(page.matches("<details class=\"author\"").count(), 3);
}

#[test]
fn an_empty_report_renders() {
    let mut report = report(None);
    report.authors.clear();
    report.repos.clear();
    let page = html(&report);
    assert!(page.contains("No commits by people"));
    assert!(page.ends_with("</html>\n"));
}

#[test]
fn output_is_deterministic() {
    let report = report(Some("https://gitlab.com/o/r/-/commit/{commit}"));
    let first = html(&report);
    assert_eq!(first, html(&report));
    assert_eq!(first, html(&report.clone()));
}

#[test]
fn the_script_is_allowed_by_its_hash() {
    let page = html(&report(None));
    let policy = super::csp::policy(super::SCRIPT);
    assert!(policy.contains("default-src 'none'"));
    assert!(page.contains(&format!("content=\"{}\"", super::escape::esc(&policy))));
    assert!(page.contains(&format!("<script>{}</script>", super::SCRIPT)));
}
