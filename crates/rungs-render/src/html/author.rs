//! One section per author: facts, placement and plan per track with a depth
//! chart, working pattern, activity over time, and the evidence behind it all.

use std::fmt::Write;

use rungs_report::{Author, Gap, PlanItem, SkillEvidence, TrackPlacement};

use super::{
    OPEN_AUTHORS_UP_TO, Page,
    charts::{self, DepthRow, MonthCount},
    escape::{esc, safe_url, with_code},
    format::{badge, depth_words, num, percent, plural, span},
    team::filter_key,
};
use crate::view;

/// Write the section of every author.
pub(super) fn write_all(out: &mut String, page: &Page<'_>) {
    let authors = &page.report.authors;
    if authors.is_empty() {
        return;
    }
    out.push_str("<section id=\"authors\">\n<h2>Authors</h2>\n");
    let open = authors.len() <= OPEN_AUTHORS_UP_TO;
    if !open {
        out.push_str(
            "<p class=\"muted\">Open an author to see their placement, plan and evidence.</p>\n",
        );
    }
    starter_plans(out, page);
    for (index, author) in authors.iter().enumerate() {
        write(out, page, index, author, open);
    }
    out.push_str("</section>\n");
}

/// The anchor of the starter plan of track number `index` of the page.
fn starter_anchor(index: usize) -> String {
    format!("starter-{index}")
}

/// Once per track, the starter plan of everyone too new to place: the same
/// steps for all of them (the first rung's requirements, with teammates and their
/// commits), so each author's section links here instead of repeating it.
fn starter_plans(out: &mut String, page: &Page<'_>) {
    for (index, track) in page.tracks.iter().enumerate() {
        let Some((author, placement)) = page.report.authors.iter().find_map(|a| {
            a.rungs
                .get(track)
                .filter(|p| p.rung == "insufficient_evidence" && p.next.is_some())
                .map(|p| (a, p))
        }) else {
            continue;
        };
        let Some(next) = placement.next.as_deref() else {
            continue;
        };
        let next = view::name_of(page.report, next);
        let _ = write!(
            out,
            "<details class=\"author starter\" id=\"{}\"><summary><span class=\"who\">Starter plan: {}</span>\
             <span class=\"email\">toward {} · for everyone with too little history to place yet</span></summary>\n\
             <div class=\"author-body\">\n<p class=\"why\">The same steps for each of them; the examples \
             and mentors shown are those chosen for {} (each person's own, nearest the code they \
             change, are in the JSON report).</p>\n",
            starter_anchor(index),
            esc(view::name_of(page.report, track)),
            esc(next),
            esc(&author.name)
        );
        plan(out, page, author, track, placement, next);
        out.push_str("</div>\n</details>\n");
    }
}

fn write(out: &mut String, page: &Page<'_>, index: usize, author: &Author, open: bool) {
    let _ = write!(
        out,
        "<details class=\"author\" id=\"{}\" data-key=\"{}\"{}>\n<summary><span class=\"who\">{}</span>\
         <span class=\"email\">{}</span><span class=\"chips\">",
        Page::anchor(index),
        esc(&filter_key(author)),
        if open { " open" } else { "" },
        esc(&author.name),
        esc(&author.email),
    );
    for track in &page.tracks {
        if let Some(placement) = author.rungs.get(track) {
            let _ = write!(
                out,
                "<span class=\"chip\">{}: <b>{}</b></span>",
                esc(view::name_of(page.report, track)),
                esc(&view::placement_label(page.report, track, placement))
            );
        }
    }
    let _ = write!(
        out,
        "<span class=\"chip\"><b>{}</b> {}</span></span></summary>\n<div class=\"author-body\">\n",
        num(author.commits),
        if author.commits == 1 {
            "commit"
        } else {
            "commits"
        }
    );
    facts(out, author);
    let placed: Vec<(&String, &TrackPlacement)> = page
        .tracks
        .iter()
        .filter_map(|t| author.rungs.get(t).map(|p| (t, p)))
        .collect();
    if !placed.is_empty() {
        out.push_str("<div class=\"cols\">\n");
        for (track, placement) in placed {
            track_card(out, page, author, track, placement);
        }
        out.push_str("</div>\n");
    }
    metrics(out, author);
    activity(out, page, author);
    evidence(out, page, author);
    out.push_str("</div>\n</details>\n");
}

/// Counts and dates.
fn facts(out: &mut String, author: &Author) {
    out.push_str("<dl class=\"facts\">");
    let mut fact = |label: &str, value: String| {
        let _ = write!(out, "<div><dt>{label}</dt><dd>{value}</dd></div>");
    };
    fact("Commits", num(author.commits));
    fact("Merges", num(author.merges));
    fact(
        "Lines",
        format!(
            "<span class=\"added\">+{}</span> <span class=\"removed\">−{}</span>",
            num(author.lines_added),
            num(author.lines_removed)
        ),
    );
    fact("Files changed", num(author.files_changed));
    if author.ignored_commits > 0 {
        fact("Ignored commits", num(author.ignored_commits));
    }
    fact(
        "Active",
        esc(&span(
            author.first_commit.as_deref(),
            author.last_commit.as_deref(),
        ))
        .to_string(),
    );
    let others: Vec<String> = author
        .emails
        .iter()
        .filter(|e| **e != author.email)
        .map(|e| esc(e).to_string())
        .collect();
    if !others.is_empty() {
        fact("Also as", others.join(", "));
    }
    let names: Vec<String> = author
        .names
        .keys()
        .filter(|n| **n != author.name)
        .map(|n| esc(n).to_string())
        .collect();
    if !names.is_empty() {
        fact("Other names", names.join(", "));
    }
    out.push_str("</dl>\n");
}

/// One track: where the author is, a chart of depths against the next rung, and
/// the plan for each gap.
fn track_card(
    out: &mut String,
    page: &Page<'_>,
    author: &Author,
    track: &str,
    placement: &TrackPlacement,
) {
    let report = page.report;
    let next = placement.next.as_deref().map(|n| view::name_of(report, n));
    if placement.rung == "insufficient_evidence" {
        let _ = write!(
            out,
            "<section class=\"track\"><h4>{}</h4><p class=\"now\">{} <span class=\"muted\">· too little activity to place yet</span></p>",
            esc(view::name_of(report, track)),
            esc(&view::rung_label(report, track, &placement.rung)),
        );
        if let (Some(next), Some(index)) = (next, page.tracks.iter().position(|t| *t == track)) {
            let skills: Vec<String> = placement
                .gaps
                .iter()
                .map(|g| esc(&g.skill).to_string())
                .collect();
            let _ = write!(
                out,
                "<p class=\"small\"><a href=\"#{}\">Starter plan toward {}</a>: {}.</p>",
                starter_anchor(index),
                esc(next),
                skills.join(", ")
            );
        }
        out.push_str("</section>\n");
        return;
    }
    let _ = write!(
        out,
        "<section class=\"track\"><h4>{}</h4><p class=\"now\">Now <b>{}</b>",
        esc(view::name_of(report, track)),
        esc(&view::rung_label(report, track, &placement.rung))
    );
    if let Some(confidence) = &placement.confidence {
        let _ = write!(
            out,
            " <span class=\"muted\">({} confidence)</span>",
            esc(confidence)
        );
    }
    if let Some(note) = view::strict_note(report, track, placement) {
        let _ = write!(out, " <span class=\"muted\">· {}</span>", esc(&note));
    }
    match (next, placement.rung.as_str()) {
        (Some(next), "insufficient_evidence") => {
            let _ = write!(
                out,
                " <span class=\"muted\">· too little activity to place yet</span> · starter plan toward <b>{}</b>",
                esc(next)
            );
        }
        (Some(next), _) => {
            let _ = write!(out, " · next <b>{}</b>", esc(next));
        }
        (None, "insufficient_evidence") => {
            out.push_str(" <span class=\"muted\">· too little activity to place</span>");
        }
        (None, _) => out.push_str(" <span class=\"muted\">· the top rung</span>"),
    }
    out.push_str("</p>\n");
    if !placement.waived.is_empty() {
        out.push_str("<p class=\"small waived\">Waived, not gaps: ");
        for (i, waiver) in placement.waived.iter().enumerate() {
            let _ = write!(
                out,
                "{}<span title=\"{}\">{}</span>",
                if i == 0 { "" } else { "; " },
                esc(&waiver.reason),
                esc(&view::waiver_short(report, waiver))
            );
        }
        out.push_str("</p>\n");
    }
    let rows = chart_rows(page, author, track, placement);
    if rows.iter().any(|r| r.credited > 0 || r.required > 0) {
        charts::depth_chart(out, &rows, next);
        out.push_str(
            "<div class=\"legend\"><span><i class=\"sw ramp\"></i>credited (by depth)</span>",
        );
        if let Some(next) = next {
            let _ = write!(
                out,
                "<span><i class=\"sw mark\"></i>needed for {}</span><span><i class=\"sw gap\"></i>gap</span>",
                esc(next)
            );
        }
        out.push_str("</div>\n");
    }
    if let Some(next) = next {
        plan(out, page, author, track, placement, next);
    }
    out.push_str("</section>\n");
}

/// The skills of a track with the depth credited and the depth the next rung
/// needs, as held in this history.
fn chart_rows<'a>(
    page: &'a Page<'_>,
    author: &Author,
    track: &str,
    placement: &TrackPlacement,
) -> Vec<DepthRow<'a>> {
    let ladder = page.report.ladder.as_ref();
    let next = placement.next.as_deref();
    let required = next.and_then(|n| ladder.and_then(|l| l.requires.get(n)));
    let held = |skill: &str, written: u8| {
        placement
            .waived
            .iter()
            .find(|w| w.skill == skill && Some(w.rung.as_str()) == next)
            .map_or(written, |w| w.held)
    };
    let skills: Vec<&str> = match ladder.and_then(|l| l.skills.get(track)) {
        Some(skills) => skills.iter().map(String::as_str).collect(),
        None => page.skills.iter().map(String::as_str).collect(),
    };
    skills
        .into_iter()
        .map(|skill| DepthRow {
            skill,
            credited: view::depth(page.report, author, skill),
            required: held(
                skill,
                required.and_then(|r| r.get(skill)).copied().unwrap_or(0),
            ),
        })
        .collect()
}

/// The gaps to the next rung, each with its tasks and mentors.
fn plan(
    out: &mut String,
    page: &Page<'_>,
    author: &Author,
    track: &str,
    placement: &TrackPlacement,
    next: &str,
) {
    let steps: Vec<&PlanItem> = author.plan.iter().filter(|p| p.track == track).collect();
    if placement.gaps.is_empty() && steps.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"muted small\">No skill gaps to {}.</p>",
            esc(next)
        );
        return;
    }
    let starter = steps.iter().any(|s| s.starter);
    let _ = writeln!(
        out,
        "<p class=\"label\">{} toward {}</p>",
        if starter { "Starter plan" } else { "Plan" },
        esc(next)
    );
    if let Some(step) = steps.first().filter(|s| !s.areas.is_empty() && !s.starter) {
        let areas: Vec<String> = step
            .areas
            .iter()
            .map(|a| format!("<code>{}</code>", esc(a)))
            .collect();
        let _ = writeln!(
            out,
            "<p class=\"why\">Best done where {} works most: {}; examples and mentors from there come first.</p>",
            esc(&author.name),
            areas.join(", ")
        );
    }
    out.push_str("<ul class=\"plan\">");
    for gap in &placement.gaps {
        let step = steps.iter().find(|s| s.skill == gap.skill).copied();
        gap_item(out, page, gap, step);
    }
    // Steps without a matching gap (not written by rungs itself, but a report may be edited).
    for step in steps
        .iter()
        .filter(|s| !placement.gaps.iter().any(|g| g.skill == s.skill))
    {
        let _ = write!(
            out,
            "<li><span class=\"skill\">{}</span> ",
            esc(&step.skill)
        );
        badge(out, step.from_depth);
        out.push_str(" → ");
        badge(out, step.to_depth);
        examples(out, page, step);
        tasks(out, step.tasks_depth, &step.tasks);
        mentors(out, page, step);
        out.push_str("</li>");
    }
    out.push_str("</ul>\n");
}

fn gap_item(out: &mut String, page: &Page<'_>, gap: &Gap, step: Option<&PlanItem>) {
    let _ = write!(out, "<li><span class=\"skill\">{}</span> ", esc(&gap.skill));
    badge(out, gap.credited);
    out.push_str(" → ");
    badge(out, gap.required);
    let _ = write!(
        out,
        " <span class=\"muted small\">{} → {}</span><p class=\"why\">Seen: {}. Missing: {}.</p>",
        depth_words(gap.credited),
        depth_words(gap.required),
        with_code(gap.seen.trim_end_matches('.')),
        with_code(gap.missing.trim_end_matches('.')),
    );
    match step {
        Some(step) => {
            examples(out, page, step);
            tasks(out, step.tasks_depth, &step.tasks);
            mentors(out, page, step);
        }
        None => tasks(out, gap.tasks_depth, &gap.tasks),
    }
    out.push_str("</li>");
}

fn tasks(out: &mut String, depth: u8, tasks: &[String]) {
    if tasks.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<p class=\"label\">Tasks that would show {}</p><ol>",
        depth_words(depth)
    );
    for task in tasks {
        let _ = write!(out, "<li>{}</li>", with_code(task));
    }
    out.push_str("</ol>");
}

/// A short commit id, linked to its page on the hosting service when the report
/// knows it; the title holds the full id (and the repository, when several).
fn commit_ref(out: &mut String, page: &Page<'_>, repo: &str, commit: &str, several_repos: bool) {
    let title = if several_repos {
        format!("{repo}: {commit}")
    } else {
        commit.to_owned()
    };
    let link = view::commit_link(page.report, repo, commit);
    match link.as_deref().and_then(safe_url) {
        Some(url) => {
            let _ = write!(
                out,
                "<a href=\"{}\" target=\"_blank\" rel=\"noopener\" title=\"{}\">{}</a>",
                esc(url),
                esc(&title),
                esc(view::short(commit))
            );
        }
        None => {
            let _ = write!(
                out,
                "<span title=\"{}\">{}</span>",
                esc(&title),
                esc(view::short(commit))
            );
        }
    }
}

/// Where teammates showed the skill in these repositories: the commits and files
/// to read before the tasks.
fn examples(out: &mut String, page: &Page<'_>, step: &PlanItem) {
    if step.examples.is_empty() {
        return;
    }
    out.push_str("<p class=\"label\">Shown here by teammates</p><ul class=\"mentors\">");
    let several_repos = page.report.repos.len() > 1;
    for example in &step.examples {
        let r = &example.evidence;
        out.push_str("<li>");
        commit_ref(out, page, &r.repo, &r.commit, several_repos);
        if let Some(path) = &r.path {
            let place = match r.line {
                Some(line) => format!("{path}:{line}"),
                None => path.clone(),
            };
            let _ = write!(out, " <code>{}</code>", esc(&place));
        }
        let _ = write!(
            out,
            " <span class=\"muted\">{} · {} by</span> {} ",
            esc(&r.signal),
            esc(view::date(&r.time)),
            esc(&example.name)
        );
        badge(out, r.depth);
        out.push_str("</li>");
    }
    out.push_str("</ul>");
}

fn mentors(out: &mut String, page: &Page<'_>, step: &PlanItem) {
    if step.mentors.is_empty() {
        out.push_str(
            "<p class=\"why\">Nobody in this scan shows this skill deep enough to mentor.</p>",
        );
        return;
    }
    out.push_str("<p class=\"label\">Who could help</p><ul class=\"mentors\">");
    for mentor in &step.mentors {
        out.push_str("<li>");
        match page.name_of_email(&mentor.email) {
            Some((index, _)) => {
                let _ = write!(
                    out,
                    "<a href=\"#{}\">{}</a>",
                    Page::anchor(index),
                    esc(&mentor.name)
                );
            }
            None => {
                let _ = write!(out, "<b>{}</b>", esc(&mentor.name));
            }
        }
        let _ = write!(out, " <span class=\"muted\">{}</span> ", esc(&mentor.email));
        if mentor.teammate {
            out.push_str("<b class=\"small\">your team</b> ");
        }
        badge(out, mentor.depth);
        let paths: Vec<String> = mentor
            .paths
            .iter()
            .map(|p| format!("<code>{}</code>", esc(p)))
            .collect();
        if !paths.is_empty() {
            let _ = write!(out, " <span class=\"muted\">in</span> {}", paths.join(", "));
        }
        out.push_str("</li>");
    }
    out.push_str("</ul>");
}

/// Batch size, cadence and collaboration.
fn metrics(out: &mut String, author: &Author) {
    let Some(m) = &author.metrics else {
        return;
    };
    let yes = |b: bool| if b { "yes" } else { "no" };
    out.push_str("<section class=\"block\"><h4>Working pattern</h4><dl class=\"metrics\">");
    let median = m.median_changed_lines.map_or_else(|| "–".to_owned(), num);
    let _ = write!(
        out,
        "<div><dt>Median changed lines per commit</dt><dd>{median} <span>· small batches: {}</span></dd></div>\
         <div><dt>Weeks with a commit</dt><dd>{} <span>· steady cadence: {}</span></dd></div>\
         <div><dt>Commits with co-authors or reviewers</dt><dd>{} <span>({}) · collaboration: {}</span></dd></div>\
         <div><dt>Merges</dt><dd>{} <span>· integration: {}</span></dd></div>\
         <div><dt>agile-iteration from these</dt><dd>{}</dd></div>",
        yes(m.small_batches),
        percent(m.active_week_share),
        yes(m.steady_cadence),
        percent(m.collaborative_share),
        num(m.collaborative_commits),
        yes(m.collaboration),
        num(author.merges),
        yes(m.integration),
        depth_words(m.depth),
    );
    out.push_str("</dl></section>\n");
}

/// Evidence commits per month, stacked by skill.
fn activity(out: &mut String, page: &Page<'_>, author: &Author) {
    let mut counts = Vec::new();
    let mut present = Vec::new();
    for skill in &page.skills {
        let Some(evidence) = author.skills.get(skill) else {
            continue;
        };
        let colour = page.skill_colour(skill);
        present.push((skill, colour));
        for (month, m) in &evidence.months {
            counts.push(MonthCount {
                month,
                skill,
                colour,
                commits: m.commits,
            });
        }
    }
    if counts.iter().all(|c| c.commits == 0) {
        if page.report.rules.is_some() {
            let _ = writeln!(
                out,
                "<p class=\"muted\">No evidence of any skill in {}.</p>",
                plural(author.commits, "commit", "commits")
            );
        }
        return;
    }
    out.push_str("<section class=\"block\"><h4>Activity</h4>");
    charts::timeline(out, &counts);
    out.push_str("<div class=\"legend\">");
    for (skill, colour) in present {
        let _ = write!(
            out,
            "<span><i class=\"sw\" style=\"background:{colour}\"></i>{}</span>",
            esc(skill)
        );
    }
    out.push_str(
        "</div><p class=\"muted small\">Evidence commits per month (UTC) by skill; a commit with \
         evidence of several skills counts once for each.</p></section>\n",
    );
}

/// The strongest evidence per skill, with links to the commits where the
/// repository's hosting service is known.
fn evidence(out: &mut String, page: &Page<'_>, author: &Author) {
    let skills: Vec<(&String, &SkillEvidence)> = page
        .skills
        .iter()
        .filter_map(|s| author.skills.get(s).map(|e| (s, e)))
        .collect();
    if skills.is_empty() {
        return;
    }
    out.push_str("<section class=\"block evidence\"><h4 class=\"label\">Evidence</h4>");
    for (skill, e) in skills {
        out.push_str("<h4>");
        badge(out, e.depth);
        let _ = write!(
            out,
            " {} <span class=\"muted\">{} by the rules",
            esc(skill),
            depth_words(e.depth)
        );
        let counted = view::depth(page.report, author, skill);
        if counted != e.depth {
            let _ = write!(out, ", {} with the working pattern", depth_words(counted));
        }
        let _ = write!(
            out,
            " · confidence {} · {}",
            esc(&e.confidence),
            plural(e.evidence_commits, "evidence commit", "evidence commits")
        );
        if e.bulk_commits > 0 {
            let _ = write!(out, " ({} bulk)", num(e.bulk_commits));
        }
        let _ = write!(
            out,
            " · {}</span></h4>",
            esc(&span(
                e.first_evidence.as_deref(),
                e.last_evidence.as_deref()
            ))
        );
        if !e.signals.is_empty() {
            let signals: Vec<String> = e
                .signals
                .iter()
                .map(|s| format!("{} (depth {}) {}", esc(&s.signal), s.depth, num(s.commits)))
                .collect();
            let _ = write!(
                out,
                "<p class=\"signals\">Signals: {}</p>",
                signals.join(" · ")
            );
        }
        if e.top_evidence.is_empty() {
            continue;
        }
        out.push_str(
            "<table><colgroup><col class=\"date\"><col class=\"commit\"><col class=\"signal\"><col class=\"depth\">\
             <col class=\"rule\"><col></colgroup><thead><tr><th>Date</th><th>Commit</th><th>Signal</th><th>Depth</th>\
             <th>Rule</th><th>Where</th></tr></thead><tbody>",
        );
        let several_repos = page.report.repos.len() > 1;
        for r in &e.top_evidence {
            let _ = write!(
                out,
                "<tr><td>{}</td><td class=\"mono\">",
                esc(view::date(&r.time))
            );
            commit_ref(out, page, &r.repo, &r.commit, several_repos);
            let _ = write!(out, "</td><td>{}</td><td>", esc(&r.signal));
            badge(out, r.depth);
            let _ = write!(out, "</td><td class=\"mono\">{}</td>", esc(&r.rule));
            match (&r.path, r.line) {
                (Some(path), Some(line)) => {
                    let _ = write!(out, "<td class=\"mono\">{}:{line}</td>", esc(path));
                }
                (Some(path), None) => {
                    let _ = write!(out, "<td class=\"mono\">{}</td>", esc(path));
                }
                (None, _) => out.push_str("<td class=\"muted\">commit message</td>"),
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table>");
    }
    out.push_str("</section>\n");
}
