//! Rule-file loading: arbitrary bytes as one rule file, alone and after a file of
//! the default pack (so that ids clash with real ones); a file that loads has its
//! examples checked and its rules matched. Errors are fine, panics are not.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use rungs_rules::{Language, LineScratch, RuleSet, RuleSource, Target, default_sources, position};

/// The default pack, read once.
static DEFAULTS: LazyLock<Vec<RuleSource>> = LazyLock::new(default_sources);

/// Texts every loaded rule set is matched against, besides the rules' own examples.
const TEXTS: &[&str] = &[
    "",
    "BEGIN;",
    "    let x = std::fs::read_to_string(path)?;",
    "Fixes #12",
    "src/db/migrations/001.sql",
    "é\u{301}\u{0}\r",
];

const TARGETS: [Target; 4] = [
    Target::Added,
    Target::Removed,
    Target::Path,
    Target::Message,
];

fuzz_target!(|data: &[u8]| {
    let source = RuleSource {
        name: "fuzz.toml".to_owned(),
        text: String::from_utf8_lossy(data).into_owned(),
    };
    // Positions are asked for at any offset, not only at the spans TOML reports.
    let (line, column) = position(&source.text, data.len() / 2);
    assert!(line >= 1 && column >= 1);

    let alone = RuleSet::from_sources(std::slice::from_ref(&source));
    check_error(&alone, &source);
    // Mixed with a file of the default pack: when the file loads alone, and for some
    // inputs that do not (an id clash may come before the problem).
    if alone.is_ok() || data.len().is_multiple_of(8) {
        let other = &DEFAULTS[data.len() % DEFAULTS.len()];
        check_error(
            &RuleSet::from_sources(&[other.clone(), source.clone()]),
            &source,
        );
    }
    if let Ok(rules) = &alone {
        check_rules(rules, &source);
    }
});

/// An error names a place in the file it is about.
fn check_error(loaded: &Result<RuleSet, rungs_rules::LoadError>, source: &RuleSource) {
    if let Err(error) = loaded {
        assert!(!error.to_string().is_empty());
        if error.file == source.name {
            assert!(error.line >= 1, "{error}");
        }
    }
}

/// Examples are checked and texts matched without a panic, and every match has evidence.
fn check_rules(rules: &RuleSet, source: &RuleSource) {
    let _ = rules.check_examples().map_err(|e| e.to_string());
    let language = Language::ALL[source.text.len() % Language::ALL.len()];
    let mut found = Vec::new();
    let mut scratch = LineScratch::default();
    for (index, rule) in rules.rules().iter().enumerate() {
        let path = rule
            .path_globs
            .first()
            .map_or("src/example.rs", String::as_str);
        let paths = [path, "tests/a_test.rs", "CHANGELOG.md"];
        for text in rule.examples_match.iter().chain(&rule.examples_no_match) {
            rules.matches(
                rule.target,
                path,
                rule.languages.first().copied(),
                text,
                &mut found,
            );
            assert!(found.iter().all(|&i| i < rules.rules().len()));
            let _ = rules.rule_match(index, text, &mut scratch);
            let _ = rule.applies_to(text, Some(language));
            if let Some(requires) = &rule.requires {
                let _ = requires.holds(&paths, text);
            }
        }
    }
    for target in TARGETS {
        for text in TEXTS {
            for language in [None, Some(language)] {
                rules.matches(target, text, language, text, &mut found);
                for &index in &found {
                    // A rule that matched has a match to show as evidence.
                    assert!(rules.rule_match(index, text, &mut scratch).is_some());
                }
            }
        }
    }
}
