//! The team section: a heatmap of authors by skills with their placements (or, for
//! a counts-only report, a table of counts), where knowledge sits, and possible aliases.

use std::fmt::Write;

use rungs_report::{Author, Holder, Report, Team};

use super::{
    Page,
    escape::esc,
    format::{num, plural},
};
use crate::view;

/// Write the team section.
pub(super) fn write(out: &mut String, page: &Page<'_>) {
    out.push_str("<section id=\"team\">\n<h2>Team</h2>\n");
    if page.report.authors.is_empty() {
        out.push_str(
            "<p class=\"muted\">No commits by people in the scanned history.</p>\n</section>\n",
        );
        return;
    }
    if page.skills.is_empty() {
        out.push_str("<p class=\"muted\">Commits and lines per author.</p>\n");
    } else {
        out.push_str(
            "<p class=\"muted\">The depth credited per skill (from the commits' evidence) and each \
             author's place per track of the ladder. Names link to the evidence.</p>\n",
        );
        legend(out);
    }
    controls(out, page);
    out.push_str("<div class=\"team-wrap\">\n");
    if page.skills.is_empty() {
        counts_table(out, page);
    } else {
        let everyone: Vec<(usize, &Author)> = page.report.authors.iter().enumerate().collect();
        heatmap(out, page, &everyone, page.report.team.as_ref(), true);
    }
    out.push_str("</div>\n");
    waived(out, page);
    if let Some(team) = &page.report.team {
        concentration(out, page, team);
    }
    roster_teams(out, page);
    aliases(out, page);
    out.push_str("</section>\n");
}

/// With a roster: each team's own heatmap and where its knowledge sits.
fn roster_teams(out: &mut String, page: &Page<'_>) {
    for team in view::roster_teams(page.report) {
        let _ = writeln!(out, "<h3>{}</h3>", esc(&team.heading));
        if page.skills.is_empty() || team.members.is_empty() {
            continue;
        }
        out.push_str("<div class=\"team-wrap\">\n");
        heatmap(out, page, &team.members, team.team, false);
        out.push_str("</div>\n");
        if let Some(view) = team.team {
            concentration(out, page, view);
        }
    }
}

/// What this history cannot show: skills held below the ladder, rungs not placed.
fn waived(out: &mut String, page: &Page<'_>) {
    let lines = view::observability_lines(page.report);
    if lines.is_empty() {
        return;
    }
    out.push_str(
        "<div class=\"waived\"><p class=\"label\">Waived: what this history cannot show (not gaps)</p>\n<ul>",
    );
    for line in lines {
        let _ = write!(out, "<li>{}</li>", esc(&line));
    }
    out.push_str(
        "</ul><p class=\"muted small\">Rungs show their confidence (low, medium, high); \
         * marks a placement lifted above the strict reading by a waiver.</p></div>\n",
    );
}

/// The colour scale of depths.
pub(super) fn legend(out: &mut String) {
    out.push_str("<div class=\"legend\" aria-label=\"Depth colours\">");
    for depth in 0..=4u8 {
        let _ = write!(
            out,
            "<span><i class=\"sw d{depth}\"></i>{depth} {}</span>",
            view::depth_name(depth)
        );
    }
    out.push_str("</div>\n");
}

/// Filter box and expand buttons: hidden until the script shows them.
fn controls(out: &mut String, page: &Page<'_>) {
    let _ = writeln!(
        out,
        "<div class=\"controls\" hidden><label for=\"filter\">Filter authors</label>\
         <input type=\"search\" id=\"filter\" placeholder=\"Name or email\" autocomplete=\"off\" spellcheck=\"false\">\
         <span id=\"filter-count\" class=\"muted small\" aria-live=\"polite\"></span>\
         <button type=\"button\" id=\"expand-all\">Expand all {}</button>\
         <button type=\"button\" id=\"collapse-all\">Collapse all</button></div>",
        plural(page.report.authors.len() as u64, "author", "authors")
    );
}

/// What the filter matches: names and emails, lower-case.
pub(super) fn filter_key(author: &Author) -> String {
    let mut key = author.name.to_lowercase();
    for name in author.names.keys() {
        if *name != author.name {
            key.push(' ');
            key.push_str(&name.to_lowercase());
        }
    }
    key.push(' ');
    key.push_str(&author.email);
    for email in &author.emails {
        if *email != author.email {
            key.push(' ');
            key.push_str(email);
        }
    }
    key
}

/// The first cell of a row: the linked name and the email.
fn author_cell(out: &mut String, index: usize, author: &Author) {
    let _ = write!(
        out,
        "<tr data-key=\"{}\"><th scope=\"row\" data-v=\"{}\" title=\"{} &lt;{}&gt;\"><a href=\"#{}\">{}</a><span class=\"email\">{}</span></th>",
        esc(&filter_key(author)),
        esc(&author.name.to_lowercase()),
        esc(&author.name),
        esc(&author.email),
        Page::anchor(index),
        esc(&author.name),
        esc(&author.email),
    );
}

/// `authors` (with their index in the report) × skills, coloured by depth, with
/// the placements per track, and `team`'s concentration at the foot. The `main`
/// table is the one the script filters and sorts.
fn heatmap(
    out: &mut String,
    page: &Page<'_>,
    authors: &[(usize, &Author)],
    team: Option<&Team>,
    main: bool,
) {
    let report = page.report;
    out.push_str(if main {
        "<table class=\"heat\" id=\"team-table\"><thead><tr>\
         <th scope=\"col\" data-sort=\"text\">Author</th><th scope=\"col\" class=\"num\" data-sort=\"num\">Commits</th>"
    } else {
        "<table class=\"heat\"><thead><tr>\
         <th scope=\"col\">Author</th><th scope=\"col\" class=\"num\">Commits</th>"
    });
    for skill in &page.skills {
        let _ = write!(
            out,
            "<th scope=\"col\" class=\"skill\" data-sort=\"num\" title=\"{0}\"><span class=\"v\">{0}</span></th>",
            esc(skill)
        );
    }
    for track in &page.tracks {
        let _ = write!(
            out,
            "<th scope=\"col\" data-sort=\"num\">{}</th>",
            esc(view::name_of(report, track))
        );
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for &(index, author) in authors {
        author_cell(out, index, author);
        let _ = write!(
            out,
            "<td class=\"n\" data-v=\"{0}\">{1}</td>",
            author.commits,
            num(author.commits)
        );
        for skill in &page.skills {
            let depth = view::depth(report, author, skill).min(4);
            if depth == 0 {
                out.push_str("<td class=\"c d0\" data-v=\"0\">·</td>");
            } else {
                let _ = write!(
                    out,
                    "<td class=\"c d{depth}\" data-v=\"{depth}\" title=\"{}: {}\">{depth}</td>",
                    esc(skill),
                    view::depth_name(depth)
                );
            }
        }
        for track in &page.tracks {
            placement_cell(out, report, author, track);
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>");
    if let Some(team) = team {
        out.push_str("<tfoot><tr><th colspan=\"2\">At implement or deeper</th>");
        for skill in &page.skills {
            let people = team.concentration.get(skill).map_or(0, Vec::len);
            let risk = if people <= 1 { " risk" } else { "" };
            let _ = write!(
                out,
                "<td class=\"k{risk}\" title=\"{}: {}\">{people}</td>",
                esc(skill),
                plural(people as u64, "person", "people")
            );
        }
        let _ = write!(
            out,
            "<td colspan=\"{}\"></td></tr></tfoot>",
            page.tracks.len()
        );
    }
    out.push_str("</table>\n");
}

/// One author's place on one track: the rung, and the next one in grey.
fn placement_cell(out: &mut String, report: &Report, author: &Author, track: &str) {
    let Some(placement) = author.rungs.get(track) else {
        out.push_str("<td class=\"t none\" data-v=\"-3\">–</td>");
        return;
    };
    let order = rung_order(report, track, &placement.rung);
    let class = if order < 0 { "t none" } else { "t" };
    let _ = write!(out, "<td class=\"{class}\" data-v=\"{order}\"");
    if let Some(next) = &placement.next {
        let _ = write!(out, " title=\"next: {}\"", esc(view::name_of(report, next)));
    }
    let _ = write!(
        out,
        ">{}</td>",
        esc(&view::placement_label(report, track, placement))
    );
}

/// A number that sorts placements: rungs by their position, below the first rung
/// -1, not placed -2.
fn rung_order(report: &Report, track: &str, rung: &str) -> i64 {
    match rung {
        "insufficient_evidence" => -2,
        "below_first_rung" => -1,
        rung => report
            .ladder
            .as_ref()
            .and_then(|l| l.tracks.get(track))
            .and_then(|rungs| rungs.iter().position(|r| r == rung))
            .map_or(-1, |i| i as i64),
    }
}

/// Authors with their counts, for a report without skills.
fn counts_table(out: &mut String, page: &Page<'_>) {
    out.push_str(
        "<table class=\"heat\" id=\"team-table\"><thead><tr>\
         <th scope=\"col\" data-sort=\"text\">Author</th>\
         <th scope=\"col\" class=\"num\" data-sort=\"num\">Commits</th>\
         <th scope=\"col\" class=\"num\" data-sort=\"num\">Merges</th>\
         <th scope=\"col\" class=\"num\" data-sort=\"num\">Files changed</th>\
         <th scope=\"col\" class=\"num\" data-sort=\"num\">Lines added</th>\
         <th scope=\"col\" class=\"num\" data-sort=\"num\">Lines removed</th>\
         <th scope=\"col\" data-sort=\"text\">First commit</th>\
         <th scope=\"col\" data-sort=\"text\">Last commit</th></tr></thead>\n<tbody>\n",
    );
    for (index, author) in page.report.authors.iter().enumerate() {
        author_cell(out, index, author);
        for n in [
            author.commits,
            author.merges,
            author.files_changed,
            author.lines_added,
            author.lines_removed,
        ] {
            let _ = write!(out, "<td class=\"n\" data-v=\"{n}\">{}</td>", num(n));
        }
        for time in [&author.first_commit, &author.last_commit] {
            let date = time.as_deref().map_or("–", view::date);
            let _ = write!(out, "<td class=\"t\">{}</td>", esc(date));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
}

/// Skills that one person or nobody reaches implement in: the knowledge sits
/// with too few people.
fn concentration(out: &mut String, page: &Page<'_>, team: &Team) {
    let risks: Vec<(&String, &Vec<Holder>)> = team
        .concentration
        .iter()
        .filter(|(_, holders)| holders.len() <= 1)
        .collect();
    if risks.is_empty() {
        return;
    }
    out.push_str(
        "<p class=\"small\"><span class=\"risk\">Knowledge with one person or nobody</span> \
         <span class=\"muted\">(implement or deeper):</span> ",
    );
    for (i, (skill, holders)) in risks.iter().enumerate() {
        if i > 0 {
            out.push_str(" · ");
        }
        let _ = write!(out, "<b>{}</b> ", esc(skill));
        match holders.first() {
            None => out.push_str("<span class=\"muted\">nobody</span>"),
            Some(holder) => match page.name_of_email(&holder.email) {
                Some((index, _)) => {
                    let _ = write!(
                        out,
                        "<a href=\"#{}\">{}</a>",
                        Page::anchor(index),
                        esc(&holder.name)
                    );
                }
                None => {
                    let _ = write!(out, "{}", esc(&holder.name));
                }
            },
        }
    }
    out.push_str("</p>\n");
}

/// Names that appear under several emails: possibly one person, never merged.
fn aliases(out: &mut String, page: &Page<'_>) {
    let aliases = &page.report.suggested_aliases;
    if aliases.is_empty() {
        return;
    }
    out.push_str(
        "<h3>Possibly the same person</h3>\n<p class=\"muted small\">One name under several emails; \
         they are counted apart until mapped in <code>.mailmap</code> or with aliases.</p>\n<ul>",
    );
    for alias in aliases {
        let emails: Vec<String> = alias.emails.iter().map(|e| esc(e).to_string()).collect();
        let _ = write!(
            out,
            "<li><b>{}</b>: {}</li>",
            esc(&alias.name),
            emails.join(", ")
        );
    }
    out.push_str("</ul>\n");
}
