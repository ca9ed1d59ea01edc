//! The aliases file (`--aliases FILE`): people known under several emails,
//! beyond `.mailmap`.
//!
//! ```toml
//! [[person]]
//! email = "ana@example.com"          # the email reports use
//! name = "Ana Lima"                  # optional: the name reports use
//! aliases = ["ana.lima@old.example", "1234+ana@users.noreply.github.com"]
//! ```

use std::collections::BTreeMap;

use rungs_scan::{bstr::ByteSlice, identity::Aliases};
use serde::Deserialize;
use toml::Spanned;

/// What is wrong in an aliases file, and where.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct AliasesError {
    /// The file, as named to [`parse_aliases`].
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

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

/// The aliases `text` (the file `file`) defines, checked: every person has an
/// email, and no address belongs to two people.
pub fn parse_aliases(file: &str, text: &str) -> Result<Aliases, AliasesError> {
    let error = |offset: usize, message: String| {
        let (line, column) = rungs_rules::position(text, offset);
        AliasesError {
            file: file.to_owned(),
            line,
            column,
            message,
        }
    };
    let parsed: AliasFile = toml::from_str(text).map_err(|e| {
        error(
            e.span().map_or(0, |s| s.start),
            e.message().trim().to_owned(),
        )
    })?;
    let mut aliases = Aliases::default();
    let mut owner: BTreeMap<String, String> = BTreeMap::new();
    for person in &parsed.person {
        let email = person.email.get_ref().trim();
        if !email.contains('@') {
            return Err(error(
                person.email.span().start,
                format!("person {email:?}: not an email address"),
            ));
        }
        for alias in std::iter::once(&person.email).chain(&person.aliases) {
            let key = alias.get_ref().trim().to_ascii_lowercase();
            if let Some(first) = owner.insert(key.clone(), email.to_owned())
                && !first.eq_ignore_ascii_case(email)
            {
                return Err(error(
                    alias.span().start,
                    format!("{key} is listed for both {first} and {email}"),
                ));
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
