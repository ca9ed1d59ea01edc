//! The roster (`--team FILE`): the people a reader leads, in teams. A report
//! given a roster lists only its members, gives each team its own matrix and
//! concentration, and names teammates first as mentors.
//!
//! ```toml
//! [[team]]
//! name = "Registry"
//! # An email, a name, or a GitHub handle (`@` optional), ignoring case.
//! members = ["Ana Lima", "bo@example.com", "@carol"]
//! ```

use std::collections::{BTreeMap, BTreeSet};

use rungs_report::{Author, Report, RosterTeam};
use serde::Deserialize;
use toml::Spanned;

/// A roster: teams and the entries naming their members.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roster {
    /// The file it was read from, as the reader named it.
    pub file: String,
    /// Its teams, in file order.
    pub teams: Vec<TeamEntry>,
}

/// One team of a roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamEntry {
    /// The team's name.
    pub name: String,
    /// Its members as written: emails, names or handles.
    pub members: Vec<String>,
}

/// What is wrong with a roster, or with using it.
#[derive(Debug, thiserror::Error)]
pub enum RosterError {
    /// The file is not a roster; where and why.
    #[error("{file}:{line}:{column}: {message}")]
    Invalid {
        /// The file, as named to [`parse_roster`].
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The report's people are pseudonyms, which a roster cannot name.
    #[error(
        "{file}: the report is anonymized, so its people are pseudonyms a roster cannot name; \
         give the roster to the scan itself (`rungs scan --anonymize --team {file}`)"
    )]
    Anonymized {
        /// The roster file.
        file: String,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RosterFile {
    #[serde(default)]
    team: Vec<TeamFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TeamFile {
    name: Spanned<String>,
    members: Spanned<Vec<Spanned<String>>>,
}

/// The roster `text` (the file `file`) defines, checked: at least one team,
/// every team named once and with members, no empty entry, no entry twice in a
/// team.
pub fn parse_roster(file: &str, text: &str) -> Result<Roster, RosterError> {
    let error = |offset: usize, message: String| {
        let (line, column) = rungs_rules::position(text, offset);
        RosterError::Invalid {
            file: file.to_owned(),
            line,
            column,
            message,
        }
    };
    let parsed: RosterFile = toml::from_str(text).map_err(|e| {
        error(
            e.span().map_or(0, |s| s.start),
            e.message().trim().to_owned(),
        )
    })?;
    if parsed.team.is_empty() {
        return Err(error(
            0,
            "no team: a roster lists `[[team]]` tables, each with a `name` and `members`"
                .to_owned(),
        ));
    }
    let mut names = BTreeSet::new();
    let mut teams = Vec::with_capacity(parsed.team.len());
    for team in parsed.team {
        let name = team.name.get_ref().trim().to_owned();
        if name.is_empty() {
            return Err(error(
                team.name.span().start,
                "a team without a name".to_owned(),
            ));
        }
        if !names.insert(name.to_lowercase()) {
            return Err(error(
                team.name.span().start,
                format!("team {name:?} is listed twice"),
            ));
        }
        if team.members.get_ref().is_empty() {
            return Err(error(
                team.members.span().start,
                format!("team {name:?} has no members"),
            ));
        }
        let mut members: Vec<String> = Vec::new();
        for entry in team.members.into_inner() {
            let member = entry
                .get_ref()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if member.is_empty() || member == "@" {
                return Err(error(
                    entry.span().start,
                    format!("team {name:?}: an empty member"),
                ));
            }
            if members.iter().any(|m| m.eq_ignore_ascii_case(&member)) {
                return Err(error(
                    entry.span().start,
                    format!("team {name:?}: {member:?} is listed twice"),
                ));
            }
            members.push(member);
        }
        teams.push(TeamEntry { name, members });
    }
    Ok(Roster {
        file: file.to_owned(),
        teams,
    })
}

/// List in `report` only the members of `roster`'s teams, give each team its
/// view, and name teammates first as mentors in their plans. Returns warnings:
/// entries that found nobody, and entries that found several identities.
pub fn apply_roster(report: &mut Report, roster: &Roster) -> Result<Vec<String>, RosterError> {
    if report.anonymized {
        return Err(RosterError::Anonymized {
            file: roster.file.clone(),
        });
    }
    let mut warnings = Vec::new();
    let mut teams: Vec<RosterTeam> = Vec::with_capacity(roster.teams.len());
    for entry in &roster.teams {
        let mut members: BTreeSet<String> = BTreeSet::new();
        let mut not_found = Vec::new();
        for member in &entry.members {
            let found = crate::identities::designated(&report.authors, member, false);
            match found.as_slice() {
                [] => {
                    warnings.push(format!(
                        "{}: team {:?}: {member:?} found nobody in this history (an email, a name \
                         or a GitHub handle, ignoring case)",
                        roster.file, entry.name
                    ));
                    not_found.push(member.clone());
                }
                [one] => {
                    members.insert(one.email.clone());
                }
                several => {
                    let emails: Vec<&str> = several.iter().map(|a| a.email.as_str()).collect();
                    warnings.push(format!(
                        "{}: team {:?}: {member:?} found {} identities ({}), listed apart; if \
                         they are one person, join them with --aliases (`rungs aliases suggest`)",
                        roster.file,
                        entry.name,
                        several.len(),
                        emails.join(", ")
                    ));
                    members.extend(several.iter().map(|a| a.email.clone()));
                }
            }
        }
        teams.push(RosterTeam {
            name: entry.name.clone(),
            members: members.into_iter().collect(),
            not_found,
            view: None,
        });
    }
    if report.team.is_some() {
        crate::plans::mentors_from_teams(&mut report.authors, &teammates(&teams));
    }
    let listed: BTreeSet<String> = teams.iter().flat_map(|t| t.members.clone()).collect();
    // The file's name, not its path: a path can name the person who ran it.
    let name = std::path::Path::new(&roster.file)
        .file_name()
        .map_or_else(|| roster.file.clone(), |n| n.to_string_lossy().into_owned());
    let chosen_by = format!(
        "the members of {} {} in {name}",
        teams.len(),
        if teams.len() == 1 { "team" } else { "teams" },
    );
    crate::focus::narrow(report, chosen_by, |a| listed.contains(&a.email));
    report.teams = teams;
    refresh_views(report);
    Ok(warnings)
}

/// Email → the emails of everyone who shares a team with them.
fn teammates(teams: &[RosterTeam]) -> BTreeMap<String, BTreeSet<String>> {
    let mut of: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for team in teams {
        for member in &team.members {
            let mates = of.entry(member.clone()).or_default();
            mates.extend(team.members.iter().filter(|m| *m != member).cloned());
        }
    }
    of
}

/// Work the views of `report` out again over the authors it lists: the team
/// view, each roster team's members and view, and the suggested aliases among
/// the people listed.
pub(crate) fn refresh_views(report: &mut Report) {
    if report.team.is_some() {
        report.team = Some(crate::team::team(&report.authors));
    }
    let counts_only = report.team.is_none();
    let listed: BTreeSet<&str> = report.authors.iter().map(|a| a.email.as_str()).collect();
    for team in &mut report.teams {
        team.members.retain(|m| listed.contains(m.as_str()));
    }
    order_members(&mut report.teams, &report.authors);
    for team in &mut report.teams {
        let members = report
            .authors
            .iter()
            .filter(|a| team.members.contains(&a.email));
        team.view = (!counts_only).then(|| crate::team::team(members));
    }
    // The suggestions of the whole report, among the people listed (worked out
    // again from names, they would be lost in an anonymized report).
    report.suggested_aliases = std::mem::take(&mut report.suggested_aliases)
        .into_iter()
        .filter_map(|mut s| {
            s.emails.retain(|e| listed.contains(e.as_str()));
            (s.emails.len() > 1).then_some(s)
        })
        .collect();
}

/// Put each team's members in the order `authors` lists them.
pub(crate) fn order_members(teams: &mut [RosterTeam], authors: &[Author]) {
    let position: BTreeMap<&str, usize> = authors
        .iter()
        .enumerate()
        .map(|(i, a)| (a.email.as_str(), i))
        .collect();
    for team in teams {
        team.members
            .sort_by_key(|m| position.get(m.as_str()).copied().unwrap_or(usize::MAX));
    }
}
