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

/// `412 → 431 commits; 3 authors with changes`.
fn summary(diff: &ReportDiff) -> String {
    format!(
        "{} → {} commits; {} with changes",
        diff.old_commits,
        diff.new_commits,
        view::plural(diff.authors.len() as u64, "author", "authors")
    )
}

/// The changes as text for a terminal (control characters made visible).
pub fn diff_text(diff: &ReportDiff) -> String {
    let mut out = format!("rungs diff: {}\n", summary(diff));
    for change in &diff.authors {
        let _ = writeln!(out, "\n{}", heading(change));
        for line in lines(change) {
            let _ = writeln!(out, "  {line}");
        }
    }
    view::printable(&out).into_owned()
}

/// The changes as Markdown (names escaped).
pub fn diff_markdown(diff: &ReportDiff) -> String {
    let esc = crate::markdown::esc;
    let mut out = format!("## rungs: what changed\n\n{}.\n\n", summary(diff));
    for change in &diff.authors {
        let _ = writeln!(out, "- **{}**", esc(&heading(change)));
        for line in lines(change) {
            let _ = writeln!(out, "  - {}", esc(&line));
        }
    }
    out
}
