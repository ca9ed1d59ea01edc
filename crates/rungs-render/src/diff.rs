//! What changed between two reports, as text for a terminal or Markdown for a
//! weekly job's summary (`rungs diff`).

use std::fmt::Write;

use rungs_report::diff::{AuthorChange, ReportDiff};

use crate::view;

fn lines(change: &AuthorChange) -> Vec<String> {
    let mut out = Vec::new();
    for r in &change.rungs {
        let placed = |rung: &Option<String>, confidence: &Option<String>| {
            let rung = rung.as_deref().unwrap_or("not placed");
            match confidence {
                Some(c) => format!("{rung} ({c})"),
                None => rung.to_owned(),
            }
        };
        let mut line = format!(
            "{}: {} → {}",
            r.track,
            placed(&r.old, &r.old_confidence),
            placed(&r.new, &r.new_confidence)
        );
        if !r.waived.is_empty() {
            let _ = write!(line, "; waived: {}", r.waived.join(", "));
        }
        out.push(line);
    }
    for s in &change.skills {
        let evidence = match s.evidence_commits {
            0 => String::new(),
            n => format!(
                "{n:+} evidence {}",
                if n.abs() == 1 { "commit" } else { "commits" }
            ),
        };
        let line = if s.old_depth != s.new_depth {
            let mut line = format!(
                "{}: depth {} → {} ({})",
                s.skill,
                s.old_depth,
                s.new_depth,
                view::depth_name(s.new_depth)
            );
            if !evidence.is_empty() {
                let _ = write!(line, ", {evidence}");
            }
            line
        } else {
            format!("{}: {evidence}", s.skill)
        };
        out.push(line);
    }
    out
}

fn heading(change: &AuthorChange) -> String {
    let commits = change.new_commits as i64 - change.old_commits as i64;
    let what = match change.status.as_str() {
        "new" => format!(
            "new, {}",
            view::plural(change.new_commits, "commit", "commits")
        ),
        "gone" => "no longer in the report".to_owned(),
        _ if commits.abs() == 1 => format!("{commits:+} commit"),
        _ => format!("{commits:+} commits"),
    };
    format!("{} <{}>: {what}", change.name, change.email)
}

/// `412 → 431 commits; 3 authors with changes`, then the news counted.
fn summary(diff: &ReportDiff) -> String {
    let s = &diff.summary;
    let count = |n: u64, one: &str, many: &str| view::plural(n, one, many);
    let mut news = vec![
        count(s.rung_changes, "rung change", "rung changes"),
        count(
            s.skills_newly_credited,
            "skill newly credited",
            "skills newly credited",
        ),
        count(s.depth_changes, "other depth change", "other depth changes"),
    ];
    let mut people = count(s.new_authors, "new author", "new authors");
    if s.newcomers > 0 {
        let _ = write!(people, " ({} too new to place)", s.newcomers);
    }
    news.push(people);
    news.push(format!("{} gone", s.gone_authors));
    let compared = diff
        .compared
        .as_ref()
        .map_or(String::new(), |who| format!("{who}: "));
    format!(
        "{compared}{} → {} commits; {} with changes: {}",
        diff.old_commits,
        diff.new_commits,
        view::plural(diff.authors.len() as u64, "author", "authors"),
        news.join(", ")
    )
}

/// The changes to list one by one, and the newcomers folded into one line
/// (unless `all`).
fn listed(diff: &ReportDiff, all: bool) -> (Vec<&AuthorChange>, Option<String>) {
    let (folded, listed): (Vec<&AuthorChange>, Vec<&AuthorChange>) =
        diff.authors.iter().partition(|a| a.newcomer && !all);
    let line = (!folded.is_empty()).then(|| {
        let commits: u64 = folded.iter().map(|a| a.new_commits).sum();
        format!(
            "and {} too new to place ({} between them; --all lists them)",
            view::plural(folded.len() as u64, "newcomer", "newcomers"),
            view::plural(commits, "commit", "commits")
        )
    });
    (listed, line)
}

/// The changes as text for a terminal (control characters made visible); with
/// `all`, every newcomer too new to place is listed too.
pub fn diff_text(diff: &ReportDiff, all: bool) -> String {
    let mut out = format!("rungs diff: {}\n", summary(diff));
    let (listed, folded) = listed(diff, all);
    for change in listed {
        let _ = writeln!(out, "\n{}", heading(change));
        for line in lines(change) {
            let _ = writeln!(out, "  {line}");
        }
    }
    if let Some(line) = folded {
        let _ = writeln!(out, "\n{line}");
    }
    view::printable(&out).into_owned()
}

/// The changes as Markdown (names escaped); with `all`, every newcomer too new to
/// place is listed too.
pub fn diff_markdown(diff: &ReportDiff, all: bool) -> String {
    let esc = crate::markdown::esc;
    let mut out = format!("## rungs: what changed\n\n{}.\n\n", summary(diff));
    let (listed, folded) = listed(diff, all);
    let any_listed = !listed.is_empty();
    for change in listed {
        let _ = writeln!(out, "- **{}**", esc(&heading(change)));
        for line in lines(change) {
            let _ = writeln!(out, "  - {}", esc(&line));
        }
    }
    if let Some(line) = folded {
        // A blank line ends the list above, if there is one.
        let gap = if any_listed { "\n" } else { "" };
        let _ = writeln!(out, "{gap}{}", esc(&line));
    }
    out
}
