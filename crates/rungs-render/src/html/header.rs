//! The top of the page: what was scanned, the totals, and what the figures are not.

use std::fmt::Write;

use super::{
    Page,
    escape::esc,
    format::{num, plural},
};
use crate::view;

/// Write the page header: title, notice, totals, repositories, rules and ladder.
pub(super) fn write(out: &mut String, page: &Page<'_>) {
    let report = page.report;
    let totals = &report.totals;
    let _ = write!(
        out,
        "<header>\n<h1>Skills and career-ladder signals</h1>\n<p class=\"subtitle\">{} in {}{}</p>\n\
         <p class=\"notice\" role=\"note\"><strong>Read this first</strong>{}</p>\n",
        view::authors(report),
        plural(report.repos.len() as u64, "repository", "repositories"),
        esc(&subtitle_repos(page)),
        esc(&report.notice),
    );
    out.push_str("<dl class=\"stats\">");
    let mut stat = |label: &str, value: u64| {
        let _ = write!(out, "<div><dt>{label}</dt><dd>{}</dd></div>", num(value));
    };
    stat("Authors", report.authors.len() as u64);
    stat("Commits scanned", totals.commits);
    if report.rules.is_some() {
        stat("Evidence commits", totals.evidence_commits);
        stat("Bulk commits", totals.bulk_commits);
    }
    out.push_str("</dl>\n");
    excluded(out, page);
    repos(out, page);
    rules(out, page);
    out.push_str("</header>\n");
}

/// The repositories for the subtitle, after a separator: up to three paths;
/// nothing for the current directory alone.
fn subtitle_repos(page: &Page<'_>) -> String {
    let paths: Vec<&str> = page.report.repos.iter().map(|r| r.path.as_str()).collect();
    if paths.is_empty() || paths == ["."] {
        String::new()
    } else if paths.len() <= 3 {
        format!(" · {}", paths.join(", "))
    } else {
        format!(" · {} and {} more", paths[..3].join(", "), paths.len() - 3)
    }
}

/// What the totals leave out, in one line.
fn excluded(out: &mut String, page: &Page<'_>) {
    let totals = &page.report.totals;
    let mut parts = Vec::new();
    if totals.bot_commits_excluded > 0 {
        parts.push(plural(
            totals.bot_commits_excluded,
            "bot commit excluded",
            "bot commits excluded",
        ));
    }
    if totals.excluded_author_commits > 0 {
        parts.push(plural(
            totals.excluded_author_commits,
            "commit of excluded people left out",
            "commits of excluded people left out",
        ));
    }
    if totals.ignored_commits > 0 {
        parts.push(format!(
            "{} (ignore-revs: counted without lines)",
            plural(totals.ignored_commits, "ignored commit", "ignored commits")
        ));
    }
    if totals.duplicate_patches > 0 {
        parts.push(plural(
            totals.duplicate_patches,
            "duplicate patch left out",
            "duplicate patches left out",
        ));
    }
    let skipped: u64 = totals.skipped_files.values().sum();
    if skipped > 0 {
        let reasons: Vec<String> = totals
            .skipped_files
            .iter()
            .map(|(reason, n)| format!("{reason} {}", num(*n)))
            .collect();
        parts.push(format!(
            "{} not diffed ({})",
            plural(skipped, "changed file", "changed files"),
            reasons.join(", ")
        ));
    }
    if !parts.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"muted small\">{}.</p>",
            esc(&parts.join("; "))
        );
    }
}

/// The table of repositories scanned, with their `HEAD`.
fn repos(out: &mut String, page: &Page<'_>) {
    if page.report.repos.is_empty() {
        return;
    }
    let with_notes = page
        .report
        .repos
        .iter()
        .any(|r| r.shallow || r.commit_url.is_some());
    let _ = write!(
        out,
        "<table class=\"plain fit\"><thead><tr><th>Repository</th><th>HEAD</th>\
         <th class=\"num\">Commits</th>{}</tr></thead><tbody>",
        if with_notes { "<th>Notes</th>" } else { "" }
    );
    for repo in &page.report.repos {
        let head = match &repo.head {
            Some(head) => format!(
                "<code title=\"{}\">{}</code>",
                esc(head),
                esc(view::short(head))
            ),
            None => "<span class=\"muted\">no commits</span>".to_owned(),
        };
        let mut notes = Vec::new();
        if repo.shallow {
            notes.push("shallow clone: older history missing");
        }
        if repo.commit_url.is_some() {
            notes.push("commits link to the hosting service");
        }
        let _ = write!(
            out,
            "<tr><td><code>{}</code></td><td>{head}</td><td class=\"num\">{}</td>",
            esc(&repo.path),
            num(repo.commits_scanned),
        );
        if with_notes {
            let _ = write!(out, "<td class=\"muted\">{}</td>", notes.join("; "));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>\n");
}

/// How the commits were classified and placed.
fn rules(out: &mut String, page: &Page<'_>) {
    let report = page.report;
    match (&report.rules, &report.ladder) {
        (Some(rules), ladder) => {
            let _ = write!(
                out,
                "<p class=\"muted small\">Classified with {} from {}",
                plural(rules.count, "rule", "rules"),
                plural(rules.files.len() as u64, "file", "files"),
            );
            if let Some(ladder) = ladder {
                let tracks: Vec<&str> = ladder
                    .tracks
                    .keys()
                    .map(|t| view::name_of(report, t))
                    .collect();
                let _ = write!(
                    out,
                    "; placed on the ladder <code>{}</code> ({})",
                    esc(&ladder.file),
                    esc(&tracks.join(", "))
                );
            }
            let _ = writeln!(
                out,
                ". Commits over {} files or {} lines are bulk; their evidence weighs {}×.</p>",
                num(rules.bulk_max_files),
                num(rules.bulk_max_lines),
                rules.bulk_factor
            );
        }
        (None, _) => out.push_str(
            "<p class=\"muted small\">Counts only: no rules were applied, so there are no skills, \
             placements or plans in this report.</p>\n",
        ),
    }
}
