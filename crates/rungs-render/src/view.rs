//! What every renderer needs from a report: skill order, depth names, links.

use rungs_report::{Author, Report, Team, TrackPlacement, Waiver};

/// The depth names of SIGNALS.md, index 0 for "none".
pub(crate) const DEPTH_NAMES: [&str; 5] = ["none", "use", "resolve", "implement", "design"];

/// The name of a depth (0 to 4).
pub(crate) fn depth_name(depth: u8) -> &'static str {
    DEPTH_NAMES
        .get(usize::from(depth))
        .copied()
        .unwrap_or("design")
}

/// The skills a report speaks of, in a stable order: those of the team view (every
/// skill of the catalogue), then any other skill an author has evidence of.
pub(crate) fn skills(report: &Report) -> Vec<String> {
    let mut skills: Vec<String> = report
        .team
        .as_ref()
        .map(|t| t.concentration.keys().cloned().collect())
        .unwrap_or_default();
    for author in &report.authors {
        for skill in author.skills.keys() {
            if !skills.contains(skill) {
                skills.push(skill.clone());
            }
        }
    }
    skills
}

/// The depth credited to `author` for `skill`, as the team view counts it (rules
/// and, for agile-iteration, the metric signals).
pub(crate) fn depth(report: &Report, author: &Author, skill: &str) -> u8 {
    report
        .team
        .as_ref()
        .and_then(|t| t.matrix.get(&author.email))
        .and_then(|row| row.get(skill))
        .copied()
        .unwrap_or_else(|| author.skills.get(skill).map_or(0, |s| s.depth))
}

/// The display name of a track or rung id, from the ladder in the report.
pub(crate) fn name_of<'a>(report: &'a Report, id: &'a str) -> &'a str {
    report
        .ladder
        .as_ref()
        .and_then(|l| l.names.get(id))
        .map_or(id, String::as_str)
}

/// A short human form of a placement: `Senior engineer`, `insufficient evidence`,
/// `below Junior engineer`.
pub(crate) fn rung_label(report: &Report, track: &str, rung: &str) -> String {
    match rung {
        "insufficient_evidence" => "insufficient evidence".to_owned(),
        "below_first_rung" => {
            let first = report
                .ladder
                .as_ref()
                .and_then(|l| l.tracks.get(track))
                .and_then(|rungs| rungs.first());
            match first {
                Some(first) => format!("below {}", name_of(report, first)),
                None => "below the first rung".to_owned(),
            }
        }
        id => name_of(report, id).to_owned(),
    }
}

/// The URL of `commit` of the repository named `repo` in the report, when its
/// origin is on a known hosting service. A report may be edited by hand: only
/// an `http(s)` template without spaces, quotes or angle brackets, and a commit id
/// of hex digits, make a link.
pub(crate) fn commit_link(report: &Report, repo: &str, commit: &str) -> Option<String> {
    let template = report
        .repos
        .iter()
        .find(|r| r.path == repo)
        .and_then(|r| r.commit_url.as_deref())?;
    let lower = template.to_ascii_lowercase();
    let web = lower.starts_with("https://") || lower.starts_with("http://");
    let clean = !template
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '`'));
    let hex = (7..=64).contains(&commit.len()) && commit.bytes().all(|b| b.is_ascii_hexdigit());
    (web && clean && hex).then(|| template.replace("{commit}", commit))
}

/// `text` with control characters other than line feeds (terminal escapes,
/// carriage returns) replaced by `?`, for output to a terminal.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && c != '\n';
    if text.chars().any(unsafe_char) {
        text.chars()
            .map(|c| if unsafe_char(c) { '?' } else { c })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

/// The first 10 hex digits of a commit id.
pub(crate) fn short(commit: &str) -> &str {
    commit.get(..10).unwrap_or(commit)
}

/// The date part (`YYYY-MM-DD`) of an RFC 3339 time.
pub(crate) fn date(time: &str) -> &str {
    time.get(..10).unwrap_or(time)
}

/// A short column heading for a skill id (at most 7 characters).
pub(crate) fn skill_heading(skill: &str) -> String {
    let known = match skill {
        "access-violation" => "access",
        "acid" => "acid",
        "agile-iteration" => "agile",
        "backlog-sprint" => "backlog",
        "decision-making" => "decide",
        "engineering-goals" => "goals",
        "error-codes" => "errors",
        other => return other.chars().take(7).collect(),
    };
    known.to_owned()
}

/// The tracks of the report's ladder, in id order.
pub(crate) fn tracks(report: &Report) -> Vec<&str> {
    report
        .ladder
        .as_ref()
        .map(|l| l.tracks.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

/// One line on what was scanned: authors, commits, repositories.
pub(crate) fn scope(report: &Report) -> String {
    const NAMED: usize = 5;
    let mut repos: Vec<&str> = report
        .repos
        .iter()
        .take(NAMED)
        .map(|r| r.path.as_str())
        .collect();
    let more = report.repos.len().saturating_sub(NAMED);
    let more = format!("{more} more");
    if report.repos.len() > NAMED {
        repos.push(&more);
    }
    format!(
        "{}, {} in {} ({})",
        authors(report),
        plural(report.totals.commits, "commit", "commits"),
        plural(report.repos.len() as u64, "repository", "repositories"),
        repos.join(", ")
    )
}

/// `12 authors`, or for a focused report `12 of 1374 authors (10 commits or more)`.
pub(crate) fn authors(report: &Report) -> String {
    match &report.focus {
        None => plural(report.authors.len() as u64, "author", "authors"),
        Some(focus) => format!(
            "{} of {} ({})",
            report.authors.len(),
            plural(focus.authors_in_history, "author", "authors"),
            focus.chosen_by.join("; ")
        ),
    }
}

/// One team of a roster report, as every format shows it.
pub(crate) struct TeamView<'a> {
    /// Its members found in the history, in report order, with their index in
    /// the report.
    pub members: Vec<(usize, &'a Author)>,
    /// Its matrix and concentration (none for a report that only counted).
    pub team: Option<&'a Team>,
    /// `Team Registry: 3 people; not found in this history: "Ed Pge"`.
    pub heading: String,
    /// Where its knowledge sits: skills held at implement or deeper, and those
    /// with one person or nobody (none for a report that only counted).
    pub lines: Vec<String>,
}

/// The teams of a report given a roster (`--team`), in roster order.
pub(crate) fn roster_teams(report: &Report) -> Vec<TeamView<'_>> {
    report
        .teams
        .iter()
        .map(|team| {
            let members: Vec<(usize, &Author)> = report
                .authors
                .iter()
                .enumerate()
                .filter(|(_, a)| team.members.contains(&a.email))
                .collect();
            let mut heading = format!(
                "Team {}: {}",
                team.name,
                plural(members.len() as u64, "person", "people")
            );
            if !team.not_found.is_empty() {
                let entries: Vec<String> =
                    team.not_found.iter().map(|e| format!("{e:?}")).collect();
                heading.push_str("; not found in this history: ");
                heading.push_str(&entries.join(", "));
            }
            let mut lines = Vec::new();
            if let Some(view) = &team.view {
                let held: Vec<String> = view
                    .concentration
                    .iter()
                    .filter(|(_, holders)| holders.len() > 1)
                    .map(|(skill, holders)| {
                        // One name once, though two identities of a person hold it.
                        let mut names: Vec<String> = Vec::new();
                        for name in holders.iter().map(|h| &h.name) {
                            if !names.contains(name) {
                                names.push(name.clone());
                            }
                        }
                        format!("{skill} ({})", names.join(", "))
                    })
                    .collect();
                let thin: Vec<String> = view
                    .concentration
                    .iter()
                    .filter(|(_, holders)| holders.len() <= 1)
                    .map(|(skill, holders)| match holders.first() {
                        Some(holder) => format!("{skill} (only {})", holder.name),
                        None => format!("{skill} (nobody)"),
                    })
                    .collect();
                if !held.is_empty() {
                    lines.push(format!(
                        "held at implement or deeper by several: {}",
                        held.join("; ")
                    ));
                }
                if !thin.is_empty() {
                    lines.push(format!(
                        "with one person or nobody at implement or deeper: {}",
                        thin.join("; ")
                    ));
                }
            }
            TeamView {
                members,
                team: team.view.as_ref(),
                heading,
                lines,
            }
        })
        .collect()
}

/// The names of the roster teams `email` belongs to, in roster order.
pub(crate) fn teams_of<'a>(report: &'a Report, email: &str) -> Vec<&'a str> {
    report
        .teams
        .iter()
        .filter(|t| t.members.iter().any(|m| m == email))
        .map(|t| t.name.as_str())
        .collect()
}

/// `1 commit`, `2 commits`.
pub(crate) fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A placement with its confidence: `Senior engineer · medium`, and a `*` when a
/// waiver lifts it above the strict reading (see [`lifted`]).
pub(crate) fn placement_label(report: &Report, track: &str, placed: &TrackPlacement) -> String {
    let mut label = rung_label(report, track, &placed.rung);
    if lifted(placed) {
        label.push('*');
    }
    if let Some(confidence) = &placed.confidence {
        label.push_str(" · ");
        label.push_str(confidence);
    }
    label
}

/// Whether a waiver lifts the placement above the rung every requirement held
/// as written gives.
pub(crate) fn lifted(placed: &TrackPlacement) -> bool {
    placed.strict_rung != placed.rung
}

/// What a lifted placement would be read strictly, in words: "Middle engineer if
/// every requirement is held as written".
pub(crate) fn strict_note(report: &Report, track: &str, placed: &TrackPlacement) -> Option<String> {
    lifted(placed).then(|| {
        format!(
            "{} if every requirement is held as written",
            rung_label(report, track, &placed.strict_rung)
        )
    })
}

/// One waiver in a few words: "acid 3 → held at 1 (Senior engineer)".
pub(crate) fn waiver_short(report: &Report, waiver: &Waiver) -> String {
    let held = if waiver.held == 0 {
        "not held".to_owned()
    } else {
        format!("held at {}", waiver.held)
    };
    format!(
        "{} {} → {held} ({})",
        waiver.skill,
        waiver.required,
        name_of(report, &waiver.rung)
    )
}

/// What the history can show, as lines for every renderer: the skills held below
/// some requirement of the ladder, the rungs it cannot place, or that the strict
/// reading is on. Empty when nothing is waived.
pub(crate) fn observability_lines(report: &Report) -> Vec<String> {
    let (Some(seen), Some(ladder)) = (&report.observability, &report.ladder) else {
        return Vec::new();
    };
    if seen.strict {
        return vec![
            "Every requirement is held as the ladder writes it (strict), whatever this history shows."
                .to_owned(),
        ];
    }
    if !seen.judged {
        return vec![format!(
            "{} active author{} (with enough commits to place): too few to judge what this history can show, so every requirement is held as the ladder writes it ({} needed; see the ladder's observability)",
            seen.active_authors,
            if seen.active_authors == 1 { "" } else { "s" },
            ladder.observability.min_active_authors
        )];
    }
    let mut lines = Vec::new();
    for (skill, shown) in &seen.skills {
        let deepest = ladder
            .requires
            .values()
            .filter_map(|r| r.get(skill))
            .copied()
            .max()
            .unwrap_or(0);
        if shown.depth >= deepest {
            continue;
        }
        let at = |d: u8| {
            shown
                .authors_at_or_above
                .get(usize::from(d.max(1)) - 1)
                .copied()
                .unwrap_or(0)
        };
        let line = if shown.depth == 0 {
            format!(
                "{skill}: not observable in this history ({} of {} active authors show any; {} needed), so no rung holds it against anyone",
                at(1),
                seen.active_authors,
                seen.authors_needed
            )
        } else {
            format!(
                "{skill}: observable to depth {} ({} of {} active authors show depth {} or deeper; {} needed), so deeper requirements are held at {}",
                shown.depth,
                at(shown.depth + 1),
                seen.active_authors,
                shown.depth + 1,
                seen.authors_needed,
                shown.depth
            )
        };
        lines.push(line);
    }
    for (track, hidden) in &seen.hidden_rungs {
        if hidden.is_empty() {
            continue;
        }
        let names: Vec<&str> = hidden.iter().map(|r| name_of(report, r)).collect();
        lines.push(format!(
            "{} ({}): placed only on requirements met as written; this history shows too little of what {} over the rung below",
            names.join(", "),
            name_of(report, track),
            if hidden.len() == 1 { "it adds" } else { "they add" }
        ));
    }
    lines
}
