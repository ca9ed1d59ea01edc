//! `--aliases FILE`: people known under several emails, beyond `.mailmap`.
//!
//! ```toml
//! [[person]]
//! email = "ana@example.com"          # the email reports use
//! name = "Ana Lima"                  # optional: the name reports use
//! aliases = ["ana.lima@old.example", "1234+ana@users.noreply.github.com"]
//! ```

use std::{collections::BTreeMap, path::Path};

use anyhow::{Context, bail};
use serde::Deserialize;
use toml::Spanned;

use rungs_scan::{bstr::ByteSlice, identity::Aliases};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AliasFile {
    #[serde(default)]
    person: Vec<Person>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Person {
    email: Spanned<String>,
    name: Option<String>,
    aliases: Vec<Spanned<String>>,
}

/// Read and check an aliases file.
pub(crate) fn load(path: &Path) -> anyhow::Result<Aliases> {
    let shown = path.display();
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the aliases file {shown}"))?;
    let at = |offset: usize| rungs_rules::position(&text, offset);
    let file: AliasFile = toml::from_str(&text).map_err(|e| {
        let (line, column) = at(e.span().map_or(0, |s| s.start));
        anyhow::anyhow!("{shown}:{line}:{column}: {}", e.message().trim())
    })?;
    let mut aliases = Aliases::default();
    let mut owner: BTreeMap<String, String> = BTreeMap::new();
    for person in &file.person {
        let email = person.email.get_ref().trim();
        if !email.contains('@') {
            let (line, column) = at(person.email.span().start);
            bail!("{shown}:{line}:{column}: person {email:?}: not an email address");
        }
        for alias in std::iter::once(&person.email).chain(&person.aliases) {
            let key = alias.get_ref().trim().to_ascii_lowercase();
            if let Some(first) = owner.insert(key.clone(), email.to_owned())
                && !first.eq_ignore_ascii_case(email)
            {
                let (line, column) = at(alias.span().start);
                bail!("{shown}:{line}:{column}: {key} is listed for both {first} and {email}");
            }
            aliases.insert(
                key.as_bytes().as_bstr(),
                email.as_bytes().as_bstr(),
                person.name.as_deref().map(|n| n.as_bytes().as_bstr()),
            );
        }
    }
    Ok(aliases)
}

/// `rungs aliases suggest REPORT`: the aliases file the report's identities
/// suggest, to standard output or `output`.
pub(crate) fn suggest(report: &Path, output: Option<&Path>) -> anyhow::Result<()> {
    let report_data = crate::report::read_report(report)?;
    if report_data.anonymized {
        bail!(
            "{} is anonymized: its pseudonyms cannot go into an aliases file; suggest from a report scanned without --anonymize",
            report.display()
        );
    }
    let (groups, shared) = rungs_core::identities::suggest_aliases(&report_data);
    crate::output::write_text(
        output,
        &rungs_core::identities::aliases_toml(&groups, &shared),
    )
}
