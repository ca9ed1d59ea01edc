//! The rule file format as written, parsed strictly: unknown keys are errors.

use serde::Deserialize;
use toml::Spanned;

/// What a rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Target {
    /// Lines added by the commit.
    Added,
    /// Lines removed by the commit.
    Removed,
    /// Paths of changed files.
    Path,
    /// The commit message (subject, body and trailers).
    Message,
}

impl Target {
    /// The name used in rule files.
    pub fn name(self) -> &'static str {
        match self {
            Target::Added => "added",
            Target::Removed => "removed",
            Target::Path => "path",
            Target::Message => "message",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFile {
    #[serde(default)]
    pub rule: Vec<Spanned<RawRule>>,
}

fn one() -> f64 {
    1.0
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRule {
    pub id: Spanned<String>,
    pub skill: Spanned<String>,
    pub signal: Spanned<String>,
    pub depth: Spanned<u8>,
    #[serde(default = "one")]
    pub weight: f64,
    pub target: Target,
    #[serde(default)]
    pub languages: Vec<Spanned<String>>,
    #[serde(default)]
    pub paths: Vec<Spanned<String>>,
    /// A regular expression over the line (or path, or message line).
    pub pattern: Option<Spanned<String>>,
    /// Instead of a pattern: word sequences matched against the line's words (see `words.rs`).
    pub words: Option<Spanned<Vec<Spanned<String>>>>,
    /// Where in a line the words count (word rules only); default: definitions and code.
    pub roles: Option<Vec<Spanned<String>>>,
    pub unless: Option<Spanned<String>>,
    #[serde(default)]
    pub comments: bool,
    /// Message rules only: match the subject line alone, not the body or trailers.
    #[serde(default)]
    pub subject_only: Option<Spanned<bool>>,
    pub requires: Option<RawRequires>,
    pub description: String,
    pub examples: RawExamples,
}

/// Conditions on the rest of the commit that a hit needs.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRequires {
    /// Some changed path of the commit matches this.
    pub path: Option<Spanned<String>>,
    /// ... and does not match this.
    pub path_unless: Option<Spanned<String>>,
    /// The commit message matches this.
    pub message: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawExamples {
    #[serde(rename = "match")]
    pub matches: Vec<String>,
    pub no_match: Vec<String>,
}

/// The catalogue of skills and signals (`rules/signals.toml`): skill → signal → [min, max] depth.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCatalogue {
    pub skills: std::collections::BTreeMap<String, std::collections::BTreeMap<String, [u8; 2]>>,
}
