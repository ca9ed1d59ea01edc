//! The skills matrix with rungs as CSV (RFC 4180), for a spreadsheet: one row per
//! author listed.

use std::fmt::Write;

use rungs_report::Report;

use crate::view;

/// A CSV field: quoted when it holds a comma, quote or line break, and made inert
/// for spreadsheets when it would start a formula (`=`, `+`, `-`, `@`, tab or
/// carriage return: names and emails come from the repository).
fn field(text: &str) -> String {
    let inert = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if inert.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", inert.replace('"', "\"\""))
    } else {
        inert
    }
}

fn row(out: &mut String, fields: &[String]) {
    let line: Vec<String> = fields.iter().map(|f| field(f)).collect();
    let _ = write!(out, "{}\r\n", line.join(","));
}

/// The report as CSV: per author, name, email, commits and (given a roster) their
/// teams, then the depth of each skill and the rung and confidence on each track
/// (a report that only counted: commits, merges, lines and dates). Line ends are CRLF, as RFC 4180 writes them.
pub fn csv(report: &Report) -> String {
    let mut out = String::new();
    if report.team.is_none() {
        row(
            &mut out,
            &[
                "name",
                "email",
                "commits",
                "merges",
                "lines_added",
                "lines_removed",
                "first_commit",
                "last_commit",
            ]
            .map(str::to_owned),
        );
        for a in &report.authors {
            row(
                &mut out,
                &[
                    a.name.clone(),
                    a.email.clone(),
                    a.commits.to_string(),
                    a.merges.to_string(),
                    a.lines_added.to_string(),
                    a.lines_removed.to_string(),
                    a.first_commit.clone().unwrap_or_default(),
                    a.last_commit.clone().unwrap_or_default(),
                ],
            );
        }
        return out;
    }
    let skills = view::skills(report);
    let tracks = view::tracks(report);
    // With a roster, a column of each person's teams (`; ` between two).
    let roster = !report.teams.is_empty();
    let mut header = vec!["name".to_owned(), "email".to_owned(), "commits".to_owned()];
    if roster {
        header.push("teams".to_owned());
    }
    header.extend(skills.iter().cloned());
    for track in &tracks {
        header.push(format!("{track}_rung"));
        header.push(format!("{track}_confidence"));
    }
    row(&mut out, &header);
    for a in &report.authors {
        let mut fields = vec![a.name.clone(), a.email.clone(), a.commits.to_string()];
        if roster {
            fields.push(view::teams_of(report, &a.email).join("; "));
        }
        fields.extend(skills.iter().map(|s| view::depth(report, a, s).to_string()));
        for track in &tracks {
            let placed = a.rungs.get(*track);
            fields.push(placed.map(|p| p.rung.clone()).unwrap_or_default());
            fields.push(
                placed
                    .and_then(|p| p.confidence.clone())
                    .unwrap_or_default(),
            );
        }
        row(&mut out, &fields);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn fields_are_quoted_and_formulas_made_inert() {
        assert_eq!(field("Dana Deep"), "Dana Deep");
        assert_eq!(field("Deep, Dana"), "\"Deep, Dana\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("@bob"), "'@bob");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
    }
}
