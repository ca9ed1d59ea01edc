//! The team view: who holds which skill, and names that look like one person.

use std::collections::BTreeMap;

use rungs_report::{Author, Holder, SuggestedAlias, Team};

use crate::plans::depth_of;

/// Authors by skills, and who holds each skill at depth 3 or more.
pub(crate) fn team<'a>(authors: impl IntoIterator<Item = &'a Author>) -> Team {
    let mut matrix = BTreeMap::new();
    let mut concentration: BTreeMap<String, Vec<Holder>> = rungs_rules::skills()
        .into_iter()
        .map(|skill| (skill, Vec::new()))
        .collect();
    for author in authors {
        let mut row = BTreeMap::new();
        for (skill, holders) in concentration.iter_mut() {
            let depth = depth_of(author, skill);
            if depth > 0 {
                row.insert(skill.clone(), depth);
            }
            if depth >= 3 {
                holders.push(Holder {
                    name: author.name.clone(),
                    email: author.email.clone(),
                    depth,
                    evidence_commits: author.skills.get(skill).map_or(0, |s| s.evidence_commits),
                });
            }
        }
        matrix.insert(author.email.clone(), row);
    }
    // By email, whatever order the authors came in (a scan and a merge list them differently).
    for holders in concentration.values_mut() {
        holders.sort_by(|a, b| a.email.cmp(&b.email));
    }
    Team {
        matrix,
        concentration,
    }
}

/// Authors whose names are equal once case and spacing are ignored, but whose emails differ.
pub(crate) fn suggested_aliases(authors: &[Author]) -> Vec<SuggestedAlias> {
    let mut by_name: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    for author in authors {
        let normalized = author
            .name
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        if normalized.is_empty() {
            continue;
        }
        let entry = by_name
            .entry(normalized)
            .or_insert_with(|| (author.name.clone(), Vec::new()));
        entry.1.push(author.email.clone());
    }
    by_name
        .into_values()
        .filter(|(_, emails)| emails.len() > 1)
        .map(|(name, mut emails)| {
            emails.sort();
            SuggestedAlias { name, emails }
        })
        .collect()
}
