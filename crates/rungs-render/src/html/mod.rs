//! One self-contained HTML page: team heatmap, per-author charts, evidence.
//!
//! The page needs no network: styles and the one script are inline, charts are
//! inline SVG, and a Content-Security-Policy forbids loading anything. Everything
//! is readable without JavaScript; the script only adds filtering, sorting of the
//! team table, opening of linked authors, and expanding every author for print.
//! All text from the report is escaped. The same report gives the same bytes.

mod author;
mod charts;
mod csp;
pub(crate) mod escape;
mod format;
mod header;
mod team;

use std::fmt::Write;

use rungs_report::Report;

use crate::view;
use escape::esc;

/// The page's styles.
const STYLE: &str = include_str!("style.css");
/// The page's only script.
const SCRIPT: &str = include_str!("script.js");

/// Teams up to this size get every author's section open; larger ones start
/// collapsed, so the page stays easy to scan.
const OPEN_AUTHORS_UP_TO: usize = 12;

/// Render `report` as one self-contained HTML page (no network access needed).
pub fn html(report: &Report) -> String {
    let page = Page::new(report);
    let mut out = String::with_capacity(64 * 1024 + report.authors.len() * 12 * 1024);
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n\
         <meta name=\"generator\" content=\"{} {}\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n\
         </head>\n<body>\n<main>\n",
        esc(&csp::policy(SCRIPT)),
        esc(&report.tool.name),
        esc(&report.tool.version),
        esc(&title(report)),
    );
    header::write(&mut out, &page);
    team::write(&mut out, &page);
    author::write_all(&mut out, &page);
    let _ = write!(
        out,
        "<footer>Written by {} {} from a report of schema {}. {}</footer>\n</main>\n\
         <script>{SCRIPT}</script>\n</body>\n</html>\n",
        esc(&report.tool.name),
        esc(&report.tool.version),
        esc(&report.schema_version),
        esc(&report.notice),
    );
    out
}

/// The document title: the repositories scanned.
fn title(report: &Report) -> String {
    let repos: Vec<&str> = report.repos.iter().map(|r| r.path.as_str()).collect();
    match repos.as_slice() {
        [] => "rungs report".to_owned(),
        [one] => format!("rungs report: {one}"),
        [first, rest @ ..] => format!("rungs report: {first} and {} more", rest.len()),
    }
}

/// What every part of the page shares: the report and the orders derived from it.
pub(super) struct Page<'a> {
    /// The report rendered.
    report: &'a Report,
    /// Every skill, in [`view::skills`] order (the team table's columns).
    skills: Vec<String>,
    /// Track ids: the ladder's, or those authors are placed on.
    tracks: Vec<String>,
}

impl<'a> Page<'a> {
    fn new(report: &'a Report) -> Self {
        let tracks = match &report.ladder {
            Some(ladder) => ladder.tracks.keys().cloned().collect(),
            None => {
                let set: std::collections::BTreeSet<&String> =
                    report.authors.iter().flat_map(|a| a.rungs.keys()).collect();
                set.into_iter().cloned().collect()
            }
        };
        Page {
            report,
            skills: view::skills(report),
            tracks,
        }
    }

    /// The id of the section of the author at `index` in the report.
    fn anchor(index: usize) -> String {
        format!("author-{}", index + 1)
    }

    /// The colour of `skill` in the activity charts (Okabe–Ito, safe for
    /// colour-blind readers).
    fn skill_colour(&self, skill: &str) -> &'static str {
        const PALETTE: [&str; 8] = [
            "#0072b2", "#e69f00", "#009e73", "#d55e00", "#cc79a7", "#56b4e9", "#4d4d4d", "#f0e442",
        ];
        let index = self.skills.iter().position(|s| s == skill).unwrap_or(0);
        PALETTE[index % PALETTE.len()]
    }

    /// The display name of an author's email, for lists of teammates.
    fn name_of_email(&self, email: &str) -> Option<(usize, &'a str)> {
        self.report
            .authors
            .iter()
            .position(|a| a.email == email)
            .map(|i| (i, self.report.authors[i].name.as_str()))
    }
}

#[cfg(test)]
mod tests;
