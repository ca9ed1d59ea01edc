//! The terminal view: a team skills matrix and each author's rungs.

use std::fmt::Write;

use rungs_report::{Author, Report};

use crate::view;

/// How the table is drawn.
#[derive(Debug, Clone, Copy, Default)]
pub struct TableOptions {
    /// Colour with ANSI escapes.
    pub color: bool,
}

/// Widest author column, in characters.
const NAME_WIDTH: usize = 32;

/// Width of a placement column: `below Engineering manager · medium` fits.
const RUNG_WIDTH: usize = 32;

/// ANSI colours per depth 0-4: dim, then a blue-to-yellow scale that stays
/// distinct for colour-blind readers.
const DEPTH_COLORS: [&str; 5] = ["2", "38;5;67", "38;5;32", "38;5;35;1", "38;5;220;1"];

struct Painter {
    color: bool,
}

impl Painter {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

/// Cut `text` to `width` terminal columns (with an ellipsis) and pad it on the
/// right; control characters become `?`, so names cannot move the cursor.
fn fit(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;

    let text = view::printable(text).replace('\n', " ");
    let columns = |c: char| c.width().unwrap_or(0);
    let total: usize = text.chars().map(columns).sum();
    if total <= width {
        return format!("{text}{}", " ".repeat(width - total));
    }
    let mut cut = String::new();
    let mut used = 0;
    for c in text.chars() {
        if used + columns(c) > width.saturating_sub(1) {
            break;
        }
        used += columns(c);
        cut.push(c);
    }
    cut.push('…');
    cut.push_str(&" ".repeat(width.saturating_sub(used + 1)));
    cut
}

fn who(author: &Author) -> String {
    if author.name.is_empty() {
        author.email.clone()
    } else {
        format!("{} <{}>", author.name, author.email)
    }
}

/// Render `report` as text for a terminal.
pub fn table(report: &Report, options: TableOptions) -> String {
    let p = Painter {
        color: options.color,
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        p.paint(
            "1",
            &view::printable(&format!("rungs: {}", view::scope(report)))
        )
    );
    out.push('\n');
    if report.team.is_none() {
        counts_table(report, &mut out);
    } else {
        skills_table(report, &p, &mut out);
        next_steps(report, &p, &mut out);
    }
    let _ = writeln!(out, "\n{}", p.paint("2", &report.notice));
    out
}

fn counts_table(report: &Report, out: &mut String) {
    let _ = writeln!(
        out,
        "{} {:>8} {:>7} {:>9} {:>9}  {:<10}  LAST",
        fit("AUTHOR", NAME_WIDTH),
        "COMMITS",
        "MERGES",
        "ADDED",
        "REMOVED",
        "FIRST",
    );
    for a in &report.authors {
        let line = format!(
            "{} {:>8} {:>7} {:>9} {:>9}  {:<10}  {:<10}",
            fit(&who(a), NAME_WIDTH),
            a.commits,
            a.merges,
            a.lines_added,
            a.lines_removed,
            a.first_commit.as_deref().map_or("", view::date),
            a.last_commit.as_deref().map_or("", view::date),
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

fn skills_table(report: &Report, p: &Painter, out: &mut String) {
    let skills = view::skills(report);
    let tracks = view::tracks(report);
    let mut header = format!("{} {:>7} ", fit("AUTHOR", NAME_WIDTH), "COMMITS");
    for skill in &skills {
        let _ = write!(
            header,
            " {}",
            fit(&format!("{:^7}", view::skill_heading(skill)), 7)
        );
    }
    for track in &tracks {
        let _ = write!(header, "  {}", fit(&track.to_uppercase(), RUNG_WIDTH));
    }
    let _ = writeln!(out, "{}", p.paint("1", header.trim_end()));
    let row = |a: &Author| {
        let mut line = format!("{} {:>7} ", fit(&who(a), NAME_WIDTH), a.commits);
        for skill in &skills {
            let depth = view::depth(report, a, skill);
            let cell = if depth == 0 {
                "·".to_owned()
            } else {
                depth.to_string()
            };
            let code = DEPTH_COLORS[usize::from(depth.min(4))];
            let _ = write!(line, " {}", p.paint(code, &format!("{cell:^7}")));
        }
        for track in &tracks {
            let label = a
                .rungs
                .get(*track)
                .map(|placed| view::placement_label(report, track, placed))
                .unwrap_or_default();
            let _ = write!(line, "  {}", fit(&label, RUNG_WIDTH));
        }
        line.trim_end().to_owned()
    };
    let teams = view::roster_teams(report);
    if teams.is_empty() {
        for a in &report.authors {
            let _ = writeln!(out, "{}", row(a));
        }
    } else {
        // A roster: each team's rows under its name (someone in two teams is in both).
        for team in &teams {
            let _ = writeln!(out, "{}", p.paint("1", &view::printable(&team.heading)));
            for (_, a) in &team.members {
                let _ = writeln!(out, "{}", row(a));
            }
        }
    }
    let mut legend = String::from("depth: ");
    for (depth, name) in view::DEPTH_NAMES.iter().enumerate() {
        let cell = if depth == 0 {
            "·".to_owned()
        } else {
            depth.to_string()
        };
        let _ = write!(legend, "{} {name}  ", p.paint(DEPTH_COLORS[depth], &cell));
    }
    let _ = writeln!(out, "\n{}", legend.trim_end());
    let names: Vec<String> = skills
        .iter()
        .filter(|s| view::skill_heading(s) != **s)
        .map(|s| format!("{} = {s}", view::skill_heading(s)))
        .collect();
    if !names.is_empty() {
        let _ = writeln!(out, "skills: {}", names.join(", "));
    }
    let _ = writeln!(
        out,
        "rungs: confidence low, medium or high; * lifted above the strict reading by a waiver"
    );
    for team in &teams {
        let _ = writeln!(out, "\n{}", p.paint("1", &view::printable(&team.heading)));
        for line in &team.lines {
            let _ = writeln!(out, "  {}", view::printable(line));
        }
    }
    let seen = view::observability_lines(report);
    if !seen.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            p.paint("1", "Waived: what this history cannot show (not gaps):")
        );
        for line in seen {
            let _ = writeln!(out, "  {}", view::printable(&line));
        }
    }
}

/// Per author and track, the next rung and what it needs.
fn next_steps(report: &Report, p: &Painter, out: &mut String) {
    let mut lines = Vec::new();
    for a in &report.authors {
        for (track, placed) in &a.rungs {
            let Some(next) = &placed.next else { continue };
            // Starter plans of people too new to place are in the other formats.
            if placed.gaps.is_empty() || placed.rung == "insufficient_evidence" {
                continue;
            }
            let gaps: Vec<String> = placed
                .gaps
                .iter()
                .map(|g| format!("{} {}→{}", g.skill, g.credited, g.required))
                .collect();
            let waived: Vec<String> = placed
                .waived
                .iter()
                .filter(|w| &w.rung == next)
                .map(|w| format!("{} {}→{}", w.skill, w.required, w.held))
                .collect();
            let mut line = format!(
                "  {}  {} → {}: {}",
                fit(&a.name, 24),
                view::name_of(report, track),
                view::name_of(report, next),
                gaps.join(", ")
            );
            if !waived.is_empty() {
                let _ = write!(line, " (waived: {})", waived.join(", "));
            }
            lines.push(view::printable(&line).into_owned());
        }
    }
    if !lines.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            p.paint("1", "Next rung, and the skills short of it:")
        );
        for line in lines {
            let _ = writeln!(out, "{line}");
        }
        let _ = writeln!(
            out,
            "  (tasks, mentors and evidence: --format markdown or --format html; `rungs explain --author NAME`)"
        );
    }
}
