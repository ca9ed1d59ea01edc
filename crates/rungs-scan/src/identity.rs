//! Who wrote a commit: mailmap resolution, the identity key, and bot detection.

use bstr::{BStr, BString, ByteSlice};

/// An author after `.mailmap` resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Identity {
    /// The display name, as mailmap resolves it.
    pub name: BString,
    /// The email, as mailmap resolves it (original case).
    pub email: BString,
}

impl Identity {
    /// The key authors are grouped by: the resolved email, compared case-insensitively.
    ///
    /// Names are never part of the key: two people can share a name, and one
    /// person's name is spelled in many ways.
    pub fn key(&self) -> BString {
        key_of(self.email.as_bstr())
    }
}

/// People known under several emails, beyond what `.mailmap` says: applied after
/// mailmap, each alias email (compared without case) becomes the person's email,
/// and their name when one is given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Aliases {
    by_email: std::collections::BTreeMap<BString, (BString, Option<BString>)>,
}

impl Aliases {
    /// Map `alias` (any case) to the person with `email` and, optionally, `name`.
    pub fn insert(&mut self, alias: &BStr, email: &BStr, name: Option<&BStr>) {
        self.by_email.insert(
            key_of(alias),
            (email.to_owned(), name.map(ToOwned::to_owned)),
        );
    }

    /// Whether no alias is known.
    pub fn is_empty(&self) -> bool {
        self.by_email.is_empty()
    }

    /// The identity after aliases: the person's email (and name) for an alias,
    /// `identity` unchanged otherwise.
    pub fn resolve(&self, identity: Identity) -> Identity {
        match self.by_email.get(&identity.key()) {
            Some((email, name)) => Identity {
                name: name.clone().unwrap_or(identity.name),
                email: email.clone(),
            },
            None => identity,
        }
    }

    /// The grouping key of `email` after aliases.
    pub fn key(&self, email: &BStr) -> BString {
        let key = key_of(email);
        self.by_email
            .get(&key)
            .map_or(key, |(email, _)| key_of(email.as_bstr()))
    }
}

/// The grouping key for an email address (ASCII case folded, as git's mailmap compares).
pub fn key_of(email: &BStr) -> BString {
    email.to_ascii_lowercase().into()
}

/// Accounts that are known automation, matched against the lower-cased name and email.
///
/// Their commits (dependency bumps, generated releases) say nothing about a person's
/// skills, so they are left out unless `--include-bots` is given.
const BOT_MARKERS: &[&str] = &[
    "[bot]",
    "dependabot",
    "renovate",
    "github-actions",
    "greenkeeper",
    "snyk-bot",
    "mergify",
    "pre-commit-ci",
    "semantic-release-bot",
    "allcontributors",
    "imgbot",
    "codecov",
    "gitlab-bot",
    "copilot-swe-agent",
];

/// Whether this name or email belongs to a bot account.
pub fn is_bot(name: &BStr, email: &BStr) -> bool {
    let name = name.to_ascii_lowercase();
    let email = email.to_ascii_lowercase();
    BOT_MARKERS
        .iter()
        .any(|m| name.find(m).is_some() || email.find(m).is_some())
        || name.ends_with(b" bot")
        || name.ends_with(b"-bot")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bots_are_recognised_by_name_or_email() {
        assert!(is_bot(
            "dependabot[bot]".into(),
            "49699333+dependabot[bot]@users.noreply.github.com".into()
        ));
        assert!(is_bot("Renovate Bot".into(), "bot@renovateapp.com".into()));
        assert!(is_bot(
            "github-actions".into(),
            "41898282+github-actions[bot]@users.noreply.github.com".into()
        ));
        assert!(!is_bot("Abbot Jones".into(), "abbot@example.com".into()));
        assert!(!is_bot("Jane Roe".into(), "jane@example.com".into()));
    }

    #[test]
    fn key_folds_case_of_email_only() {
        let a = Identity {
            name: "A".into(),
            email: "Jane@Example.COM".into(),
        };
        assert_eq!(a.key(), "jane@example.com");
    }
}

/// People left out of a scan at their request (`--exclude-author`, an opt-out
/// list): glob patterns, without case, over the resolved email, the email as
/// written in the commit, and the resolved name.
///
/// A pattern that is a plain email also leaves out the person `.mailmap` and the
/// aliases resolve it to, under every address they used.
#[derive(Debug, Clone, Default)]
pub struct OptOut {
    patterns: Option<globset::GlobSet>,
    /// The patterns as given, in glob order.
    texts: Vec<String>,
    /// The keys of the people plain-email patterns stand for, with the patterns.
    keys: std::collections::BTreeMap<BString, Vec<usize>>,
    /// Patterns that are plain names (no `@`, no glob), lower-cased.
    names: Vec<String>,
}

impl OptOut {
    /// `resolve` gives the keys of the people an email may belong to.
    pub(crate) fn new(
        patterns: &[String],
        resolve: impl Fn(&BStr) -> Vec<BString>,
    ) -> Result<Self, crate::Error> {
        if patterns.is_empty() {
            return Ok(OptOut::default());
        }
        let mut keys: std::collections::BTreeMap<BString, Vec<usize>> = Default::default();
        for (i, email) in patterns.iter().enumerate().map(|(i, p)| (i, p.trim())) {
            if email.contains('@') && !email.contains(['*', '?', '[', '{']) {
                for key in resolve(email.as_bytes().as_bstr()) {
                    keys.entry(key).or_default().push(i);
                }
            }
        }
        let mut builder = globset::GlobSetBuilder::new();
        for pattern in patterns {
            let glob = globset::GlobBuilder::new(pattern.trim())
                .case_insensitive(true)
                .build()
                .map_err(|source| crate::Error::BadAuthorPattern {
                    pattern: pattern.clone(),
                    source,
                })?;
            builder.add(glob);
        }
        let set = builder
            .build()
            .map_err(|source| crate::Error::BadAuthorPattern {
                pattern: patterns.join(" "),
                source,
            })?;
        let names = patterns
            .iter()
            .map(|p| p.trim().to_lowercase())
            .filter(|p| !p.is_empty() && !p.contains(['@', '*', '?', '[', '{']))
            .collect();
        Ok(OptOut {
            patterns: Some(set),
            texts: patterns.to_vec(),
            keys,
            names,
        })
    }

    /// The people `patterns` leave out, with emails taken as written (no mailmap):
    /// for checking free text with [`mentions`](Self::mentions).
    pub fn from_patterns(patterns: &[String]) -> Result<Self, crate::Error> {
        OptOut::new(patterns, |email| vec![key_of(email)])
    }

    /// Whether `text` (a commit message line, say) names someone left out: an
    /// email the patterns match, or a name given as a pattern.
    pub fn mentions(&self, text: &str) -> bool {
        let Some(set) = &self.patterns else {
            return false;
        };
        let lower = text.to_lowercase();
        if self.names.iter().any(|name| lower.contains(name.as_str())) {
            return true;
        }
        lower
            .split(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | ',' | ';' | '(' | ')'))
            .filter(|word| word.contains('@'))
            .any(|email| set.is_match(email) || self.keys.contains_key(email.as_bytes()))
    }

    /// Whether no pattern was given: nobody is left out.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_none()
    }

    /// The patterns (as given) that leave `person` (with `raw_email` as written in
    /// the commit, if known) out; empty when none does.
    pub(crate) fn matching(&self, person: &Identity, raw_email: Option<&BStr>) -> Vec<&str> {
        let Some(set) = &self.patterns else {
            return Vec::new();
        };
        let mut found: Vec<usize> = self.keys.get(&person.key()).cloned().unwrap_or_default();
        for text in [
            Some(person.email.as_bstr()),
            raw_email,
            Some(person.name.as_bstr()),
        ]
        .into_iter()
        .flatten()
        {
            found.extend(set.matches(text.to_str_lossy().trim()));
        }
        found.sort_unstable();
        found.dedup();
        found.into_iter().map(|i| self.texts[i].as_str()).collect()
    }
}
