//! Markdown for pull-request comments and CI step summaries (GitHub-flavoured;
//! GitLab renders the same).

use std::fmt::Write;

use rungs_report::{Author, EvidenceRef, PlanItem, Report, TrackPlacement};

use crate::view;

/// Escape text for a Markdown table cell or a line of prose: Markdown's
/// punctuation and HTML's angle brackets become inert.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '|' => out.push_str("\\|"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Text inside raw HTML (the `<summary>` line), where Markdown's backslash escapes
/// would show literally: HTML escaping only, on one line.
fn html(text: &str) -> String {
    crate::html::escape::esc(text)
        .to_string()
        .replace(['\n', '\r'], " ")
}

/// Text from the ladder file (tasks): Markdown is kept, HTML and table pipes are not.
fn prose(text: &str) -> String {
    html(text).replace('|', "\\|")
}

/// Text inside a code span: backticks cannot be escaped there, so they are replaced.
fn code(text: &str) -> String {
    format!("`{}`", text.replace('`', "'").replace(['\n', '\r'], " "))
}

/// The most authors the tables list (the report orders authors by commits).
pub const MAX_TABLE_AUTHORS: usize = 50;

/// The size the Markdown stays within, in bytes: it fits a GitHub or GitLab
/// comment (65,536 characters) and a step summary (1 MiB). Per-author sections
/// stop before the budget runs out; the rest is in the JSON or HTML report.
pub const BUDGET_BYTES: usize = 60_000;

/// Render `report` as GitHub-flavoured Markdown: a summary, the team matrix, and
/// one collapsible section per author with gaps, plan and evidence, within
/// [`BUDGET_BYTES`] (the tables list at most [`MAX_TABLE_AUTHORS`] authors).
pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## rungs: skills and rungs from git history\n");
    let _ = writeln!(out, "> {}\n", esc(&report.notice));
    let _ = writeln!(out, "{}.\n", esc(&view::scope(report)));
    if report.team.is_none() {
        counts(report, &mut out);
        more(report.authors.len(), MAX_TABLE_AUTHORS, &mut out);
        return out;
    }
    matrix(report, &mut out);
    more(report.authors.len(), MAX_TABLE_AUTHORS, &mut out);
    let with_details: Vec<&Author> = report
        .authors
        .iter()
        // Starter plans of people too new to place are in the JSON and HTML reports.
        .filter(|a| {
            !a.skills.is_empty()
                || a.rungs
                    .values()
                    .any(|p| p.next.is_some() && p.rung != "insufficient_evidence")
        })
        .collect();
    let mut shown = 0;
    for author in &with_details {
        let mut section = String::new();
        details(report, author, &mut section);
        // Room for the closing line that says what was left out.
        if out.len() + section.len() + 200 > BUDGET_BYTES {
            break;
        }
        out.push_str(&section);
        shown += 1;
    }
    if shown < with_details.len() {
        let _ = writeln!(
            out,
            "_Details of {} more authors are left out to keep this short: see the JSON or HTML report._",
            with_details.len() - shown
        );
    }
    out
}

/// A line saying how many authors a table left out.
fn more(total: usize, shown: usize, out: &mut String) {
    if total > shown {
        let _ = writeln!(
            out,
            "_{} more authors with fewer commits are in the JSON and HTML reports._\n",
            total - shown
        );
    }
}

fn counts(report: &Report, out: &mut String) {
    let _ = writeln!(
        out,
        "| Author | Commits | Merges | Added | Removed | First | Last |\n|---|--:|--:|--:|--:|---|---|"
    );
    for a in report.authors.iter().take(MAX_TABLE_AUTHORS) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            esc(&a.name),
            a.commits,
            a.merges,
            a.lines_added,
            a.lines_removed,
            a.first_commit.as_deref().map_or("", view::date),
            a.last_commit.as_deref().map_or("", view::date),
        );
    }
}

fn matrix(report: &Report, out: &mut String) {
    let teams = view::roster_teams(report);
    if teams.is_empty() {
        let listed: Vec<&Author> = report.authors.iter().take(MAX_TABLE_AUTHORS).collect();
        matrix_rows(report, &listed, out);
    }
    // A roster: each team's own matrix and where its knowledge sits.
    for team in &teams {
        let _ = writeln!(out, "### {}\n", esc(&team.heading));
        let listed: Vec<&Author> = team
            .members
            .iter()
            .map(|(_, a)| *a)
            .take(MAX_TABLE_AUTHORS)
            .collect();
        matrix_rows(report, &listed, out);
        out.push('\n');
        for line in &team.lines {
            let _ = writeln!(out, "- {}", esc(line));
        }
        if !team.lines.is_empty() {
            out.push('\n');
        }
    }
    let legend: Vec<String> = view::DEPTH_NAMES
        .iter()
        .enumerate()
        .skip(1)
        .map(|(d, name)| format!("{d} {name}"))
        .collect();
    let _ = writeln!(
        out,
        "\nDepth credited per skill: {} (· none). Rungs: confidence low, medium or high; \\* lifted above the strict reading by a waiver.\n",
        legend.join(", ")
    );
    let seen = view::observability_lines(report);
    if !seen.is_empty() {
        let _ = writeln!(
            out,
            "**Waived: what this history cannot show (not gaps)**\n"
        );
        for line in seen {
            let _ = writeln!(out, "- {}", esc(&line));
        }
        out.push('\n');
    }
}

/// The skills matrix of `authors`: depth per skill, placement per track.
fn matrix_rows(report: &Report, authors: &[&Author], out: &mut String) {
    let skills = view::skills(report);
    let tracks = view::tracks(report);
    let mut head = String::from("| Author | Commits |");
    let mut rule = String::from("|---|--:|");
    for skill in &skills {
        let _ = write!(head, " {} |", esc(skill));
        rule.push_str(":-:|");
    }
    for track in &tracks {
        let _ = write!(head, " {} |", esc(view::name_of(report, track)));
        rule.push_str("---|");
    }
    let _ = writeln!(out, "{head}\n{rule}");
    for a in authors {
        let _ = write!(out, "| {} | {} |", esc(&a.name), a.commits);
        for skill in &skills {
            match view::depth(report, a, skill) {
                0 => out.push_str(" · |"),
                d => {
                    let _ = write!(out, " {d} |");
                }
            }
        }
        for track in &tracks {
            let label = a
                .rungs
                .get(*track)
                .map(|p| view::placement_label(report, track, p))
                .unwrap_or_default();
            let _ = write!(out, " {} |", esc(&label));
        }
        out.push('\n');
    }
}

/// One author's collapsible section: the summary line, the skills table, the
/// way up each track, and the top evidence.
fn details(report: &Report, a: &Author, out: &mut String) {
    summary(report, a, out);
    skills_table(report, a, out);
    for (track, placed) in &a.rungs {
        toward_next_rung(report, a, track, placed, out);
    }
    evidence(report, a, out);
    let _ = writeln!(out, "</details>\n");
}

/// The opening of an author's section: name, email, commits and placements.
fn summary(report: &Report, a: &Author, out: &mut String) {
    let placements: Vec<String> = a
        .rungs
        .iter()
        .map(|(track, p)| {
            let mut text = format!(
                "{}: {}",
                view::name_of(report, track),
                view::placement_label(report, track, p)
            );
            if let Some(note) = view::strict_note(report, track, p) {
                let _ = write!(text, " ({note})");
            }
            text
        })
        .collect();
    let _ = writeln!(
        out,
        "<details>\n<summary><b>{}</b> &lt;{}&gt; · {} · {}</summary>\n",
        html(&a.name),
        html(&a.email),
        view::plural(a.commits, "commit", "commits"),
        html(&placements.join("; "))
    );
}

/// An author's skills: depth, evidence commits, confidence and last evidence
/// (nothing when the author has none).
fn skills_table(report: &Report, a: &Author, out: &mut String) {
    if a.skills.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "| Skill | Depth | Evidence commits | Confidence | Last evidence |\n|---|---|--:|---|---|"
    );
    for (skill, s) in &a.skills {
        let depth = view::depth(report, a, skill);
        let _ = writeln!(
            out,
            "| {} | {} {} | {} | {} | {} |",
            esc(skill),
            depth,
            view::depth_name(depth),
            s.evidence_commits,
            esc(&s.confidence),
            s.last_evidence.as_deref().map_or("", view::date)
        );
    }
    out.push('\n');
}

/// One track of an author: the requirements waived, then, when there is a next
/// rung with gaps, where to work and each gap with its plan.
fn toward_next_rung(
    report: &Report,
    a: &Author,
    track: &str,
    placed: &TrackPlacement,
    out: &mut String,
) {
    if !placed.waived.is_empty() {
        let waived: Vec<String> = placed
            .waived
            .iter()
            .map(|w| view::waiver_short(report, w))
            .collect();
        let _ = writeln!(
            out,
            "_{}: waived, not gaps: {}._\n",
            esc(view::name_of(report, track)),
            esc(&waived.join("; "))
        );
    }
    let Some(next) = &placed.next else { return };
    if placed.gaps.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "**Toward {} ({})**\n",
        esc(view::name_of(report, next)),
        esc(view::name_of(report, track))
    );
    if let Some(step) = a
        .plan
        .iter()
        .find(|i| i.track == track && !i.areas.is_empty())
    {
        let areas: Vec<String> = step.areas.iter().map(|p| code(p)).collect();
        let _ = writeln!(
            out,
            "Best done where they work most: {}.\n",
            areas.join(", ")
        );
    }
    for gap in &placed.gaps {
        let _ = writeln!(
            out,
            "- **{}** {} → {}: {}; {}",
            esc(&gap.skill),
            gap.credited,
            gap.required,
            esc(&gap.seen),
            esc(&gap.missing)
        );
        if let Some(item) = a
            .plan
            .iter()
            .find(|i| i.track == track && i.skill == gap.skill)
        {
            plan_item(report, item, out);
        }
    }
    out.push('\n');
}

/// The plan for one gap, as sub-items: commits by others that show the depth,
/// the tasks as a checklist, and whom to ask.
fn plan_item(report: &Report, item: &PlanItem, out: &mut String) {
    for example in &item.examples {
        let r = &example.evidence;
        let commit = linked_commit(report, r);
        let place = match (&r.path, r.line) {
            (Some(path), Some(line)) => code(&format!("{path}:{line}")),
            (Some(path), None) => code(path),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "  - Shown here: {commit} {place} by {} (depth {})",
            esc(&example.name),
            r.depth
        );
    }
    for task in &item.tasks {
        let _ = writeln!(out, "  - [ ] {}", prose(task));
    }
    if !item.mentors.is_empty() {
        let mentors: Vec<String> = item
            .mentors
            .iter()
            .map(|m| {
                let mut paths: Vec<String> = m.paths.iter().map(|p| code(p)).collect();
                if m.teammate {
                    paths.insert(0, "your team".to_owned());
                }
                if paths.is_empty() {
                    esc(&m.name)
                } else {
                    format!("{} ({})", esc(&m.name), paths.join(", "))
                }
            })
            .collect();
        let _ = writeln!(out, "  - Ask: {}", mentors.join("; "));
    }
}

/// A commit's short id as code, linked to the commit when the report knows a
/// URL for its repository.
fn linked_commit(report: &Report, r: &EvidenceRef) -> String {
    let id = code(view::short(&r.commit));
    match view::commit_link(report, &r.repo, &r.commit) {
        Some(url) => format!("[{id}]({url})"),
        None => id,
    }
}

/// The top three pieces of evidence of each of an author's skills, one line each
/// (nothing when there are none).
fn evidence(report: &Report, a: &Author, out: &mut String) {
    let evidence: Vec<String> = a
        .skills
        .iter()
        .flat_map(|(skill, s)| s.top_evidence.iter().take(3).map(move |r| (skill, r)))
        .map(|(skill, r)| {
            let commit = linked_commit(report, r);
            let place = match (&r.path, r.line) {
                (Some(path), Some(line)) => format!(" {}", code(&format!("{path}:{line}"))),
                (Some(path), None) => format!(" {}", code(path)),
                _ => String::new(),
            };
            format!(
                "- {} {commit} {} · {} (depth {}) · rule {}{place}",
                view::date(&r.time),
                esc(skill),
                esc(&r.signal),
                r.depth,
                code(&r.rule)
            )
        })
        .collect();
    if !evidence.is_empty() {
        let _ = writeln!(out, "**Evidence**\n\n{}\n", evidence.join("\n"));
    }
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn markdown_and_html_are_escaped() {
        assert_eq!(
            esc("<script>a|b</script> *x* [l](u)"),
            "&lt;script&gt;a\\|b&lt;/script&gt; \\*x\\* \\[l\\](u)"
        );
    }
}
