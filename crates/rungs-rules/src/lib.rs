//! Rules of rungs: rule files that turn added and removed lines, paths and commit
//! messages into hits on skill signals.
//!
//! Rule files are TOML (see `rules/*.toml` for the default pack). They are parsed
//! strictly, validated against the catalogue of skills and signals
//! (`rules/signals.toml`), and compiled into a [`RuleSet`] whose patterns are
//! matched per (target, language) bucket, behind one literal prefilter each.
#![deny(missing_docs)]

mod error;
pub mod fit;
pub mod language;
mod literals;
pub mod paths;
mod raw;
pub mod redact;
mod ruleset;
pub mod scoring;
pub mod words;

use std::path::Path;

pub use error::{LoadError, position};
pub use language::Language;
pub use raw::Target;
pub use ruleset::{
    ExampleFailure, FileKind, LineHit, LineScratch, Requires, Rule, RuleSet, RuleSource,
    WEIGHTS_FILE,
};
pub use scoring::{Fact, Place, Scoring};
pub use words::Role;

/// One file of `rules/`, embedded: (name as errors show it, text).
macro_rules! embedded {
    ($file:literal) => {
        (
            concat!("rules/", $file),
            include_str!(concat!("../../../rules/", $file)),
        )
    };
}

/// The default rule pack, embedded in the binary: (file name, text).
const DEFAULT_PACK: &[(&str, &str)] = &[
    embedded!("access-violation-words.toml"),
    embedded!("access-violation.toml"),
    embedded!("acid-words.toml"),
    embedded!("acid.toml"),
    embedded!("agile-iteration.toml"),
    embedded!("backlog-sprint.toml"),
    embedded!("decision-making-words.toml"),
    embedded!("decision-making.toml"),
    embedded!("engineering-goals.toml"),
    embedded!("error-codes-words.toml"),
    embedded!("error-codes.toml"),
    embedded!("weights.toml"),
];

/// The skills rules may name (from `rules/signals.toml`), sorted.
pub fn skills() -> Vec<String> {
    ruleset::catalogue_skills()
}

/// The sources of the default pack.
pub fn default_sources() -> Vec<RuleSource> {
    DEFAULT_PACK
        .iter()
        .map(|(name, text)| RuleSource {
            name: (*name).to_owned(),
            text: (*text).to_owned(),
        })
        .collect()
}

/// Files of a rules directory that are not rule files: the signal catalogue and the ladder.
pub const NOT_RULE_FILES: [&str; 2] = ["signals.toml", "ladder.toml"];

/// A rules directory may hold a copy of the signal catalogue (`rules/` does), but
/// not another one: rules are checked against, and profiles built from, the
/// catalogue built in, so a different one would be ignored without a word.
fn check_own_catalogue(dir: &Path) -> Result<(), LoadError> {
    let path = dir.join(NOT_RULE_FILES[0]);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(());
    };
    if ruleset::is_builtin_catalogue(&text) == Some(true) {
        return Ok(());
    }
    Err(LoadError {
        file: path.display().to_string(),
        rule: None,
        line: 0,
        column: 0,
        message: "this signal catalogue differs from the one built into rungs, which is the \
                  only one rules are checked against and profiles are built from: add new \
                  signals to rules/signals.toml and rebuild rungs, or remove this file"
            .to_owned(),
    })
}

/// Read every `*.toml` file of `dir` (sorted by name) as rule sources, except
/// [`NOT_RULE_FILES`]; a `signals.toml` there must be the built-in catalogue.
pub fn sources_from_dir(dir: &Path) -> Result<Vec<RuleSource>, LoadError> {
    let unreadable = |message: String| LoadError {
        file: dir.display().to_string(),
        rule: None,
        line: 0,
        column: 0,
        message,
    };
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| unreadable(format!("cannot read the rule directory: {e}")))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "toml")
                && p.file_name()
                    .is_some_and(|n| !NOT_RULE_FILES.iter().any(|skip| n == *skip))
        })
        .collect();
    paths.sort();
    check_own_catalogue(dir)?;
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).map_err(|e| LoadError {
                file: path.display().to_string(),
                rule: None,
                line: 0,
                column: 0,
                message: format!("cannot read: {e}"),
            })?;
            Ok(RuleSource {
                name: path.display().to_string(),
                text,
            })
        })
        .collect()
}
