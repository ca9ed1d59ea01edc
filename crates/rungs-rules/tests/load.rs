//! Loading rules: the default pack is valid and its examples hold; every kind of
//! broken rule file gets an error naming the file, the rule and the position.

use rungs_rules::{Language, RuleSet, RuleSource, Target};

fn load(text: &str) -> Result<RuleSet, rungs_rules::LoadError> {
    RuleSet::from_sources(&[RuleSource {
        name: "team/rules.toml".into(),
        text: text.into(),
    }])
}

const GOOD: &str = r#"
[[rule]]
id = "a"
skill = "acid"
signal = "transaction"
depth = 1
target = "added"
languages = ["sql"]
pattern = '(?i)^\s*BEGIN\b'
description = "d"
examples.match = ["BEGIN;", "begin transaction;"]
examples.no_match = ["SELECT 1;", "-- BEGIN;"]
"#;

#[test]
fn default_pack_loads_and_its_examples_hold() {
    let rules = RuleSet::from_sources(&rungs_rules::default_sources()).expect("default pack loads");
    assert!(rules.rules().len() >= 10);
    let checked = rules.check_examples().unwrap_or_else(|e| panic!("{e}"));
    assert!(checked >= 4 * rules.rules().len());
}

#[test]
fn a_good_file_loads_and_matches() {
    let rules = load(GOOD).expect("loads");
    let mut out = Vec::new();
    rules.matches(
        Target::Added,
        "db/m.sql",
        Some(Language::Sql),
        "BEGIN;",
        &mut out,
    );
    assert_eq!(out, [0]);
    rules.matches(
        Target::Added,
        "db/m.sql",
        Some(Language::Sql),
        "-- BEGIN;",
        &mut out,
    );
    assert!(out.is_empty(), "comment lines do not count");
    rules.matches(
        Target::Added,
        "src/m.rs",
        Some(Language::Rust),
        "BEGIN;",
        &mut out,
    );
    assert!(out.is_empty(), "other languages do not count");
    rules.matches(
        Target::Removed,
        "db/m.sql",
        Some(Language::Sql),
        "BEGIN;",
        &mut out,
    );
    assert!(out.is_empty(), "other targets do not count");
}

fn error_of(text: &str) -> String {
    load(text).expect_err("must not load").to_string()
}

#[test]
fn broken_files_are_named_with_rule_and_position() {
    let cases: Vec<(String, &str)> = vec![
        ("[[rule]\nid = 1".into(), "team/rules.toml:1:"),
        (
            GOOD.replace(
                "description = \"d\"",
                "description = \"d\"\ncolour = \"red\"",
            ),
            "unknown field `colour`",
        ),
        (
            GOOD.replace("skill = \"acid\"", "skill = \"cooking\""),
            "team/rules.toml:4:9: rule 'a': unknown skill 'cooking'",
        ),
        (
            GOOD.replace("signal = \"transaction\"", "signal = \"vibes\""),
            "rule 'a': unknown signal 'vibes' for skill 'acid'",
        ),
        (
            GOOD.replace("depth = 1", "depth = 7"),
            "team/rules.toml:6:9: rule 'a': depth 7 is out of range 1-4",
        ),
        (
            GOOD.replace("depth = 1", "depth = 4"),
            "depth 4 is outside 1-3",
        ),
        (
            GOOD.replace("'(?i)^\\s*BEGIN\\b'", "'(unclosed'"),
            "team/rules.toml:9:12: rule 'a': invalid pattern: unclosed group",
        ),
        (
            GOOD.replace("[\"sql\"]", "[\"cobol\"]"),
            "rule 'a': unknown language 'cobol'",
        ),
        (
            GOOD.replace(
                "examples.no_match = [\"SELECT 1;\", \"-- BEGIN;\"]",
                "examples.no_match = [\"SELECT 1;\"]",
            ),
            "needs at least two",
        ),
        (format!("{GOOD}\n{GOOD}"), "rule 'a': duplicate rule id"),
        (
            GOOD.replace(
                "description = \"d\"",
                "subject_only = true\ndescription = \"d\"",
            ),
            "team/rules.toml:10:16: rule 'a': subject_only applies to message rules only",
        ),
    ];
    for (text, expected) in cases {
        let error = error_of(&text);
        assert!(
            error.contains(expected),
            "expected {expected:?} in {error:?}"
        );
        assert!(error.starts_with("team/rules.toml"), "{error}");
        assert!(!error.contains('\n'), "not one line: {error}");
    }
}

#[test]
fn a_failing_example_is_reported() {
    let rules = load(&GOOD.replace("\"SELECT 1;\"", "\"BEGIN WORK;\"")).expect("loads");
    let failure = rules
        .check_examples()
        .expect_err("example must fail")
        .to_string();
    assert_eq!(
        failure,
        "team/rules.toml: rule 'a': example \"BEGIN WORK;\" should not match but does"
    );
}

#[test]
fn the_embedded_pack_is_the_rules_directory() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules");
    let on_disk: Vec<(String, String)> = rungs_rules::sources_from_dir(&dir)
        .expect("rules directory")
        .into_iter()
        .map(|s| {
            let name = std::path::Path::new(&s.name)
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            (format!("rules/{name}"), s.text)
        })
        .collect();
    let embedded: Vec<(String, String)> = rungs_rules::default_sources()
        .into_iter()
        .map(|s| (s.name, s.text))
        .collect();
    assert_eq!(
        embedded.iter().map(|(n, _)| n).collect::<Vec<_>>(),
        on_disk.iter().map(|(n, _)| n).collect::<Vec<_>>(),
        "a rule file was added or removed: list it in DEFAULT_PACK (crates/rungs-rules/src/lib.rs)"
    );
    assert_eq!(embedded, on_disk);
}

#[test]
fn rule_match_gives_the_matched_text_unless_vetoed() {
    let rules = load(&GOOD.replace(
        "description = \"d\"",
        "unless = 'WORK'\ndescription = \"d\"",
    ))
    .expect("loads");
    let mut scratch = rungs_rules::LineScratch::default();
    assert_eq!(
        rules.rule_match(0, "  BEGIN;", &mut scratch).as_deref(),
        Some("  BEGIN")
    );
    assert_eq!(
        rules.rule_match(0, "BEGIN WORK;", &mut scratch),
        None,
        "vetoed by unless"
    );
    assert_eq!(rules.rule_match(0, "SELECT 1;", &mut scratch), None);
    assert_eq!(
        rules.rule_match(9, "BEGIN;", &mut scratch),
        None,
        "no such rule"
    );
}

#[test]
fn a_rules_directory_cannot_bring_another_signal_catalogue() {
    let builtin = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules/signals.toml"),
    )
    .expect("catalogue");
    let dir = std::env::temp_dir().join(format!("rungs-own-catalogue-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join("team.toml"), GOOD).expect("rules");
    // A copy of the built-in catalogue, laid out otherwise, is welcome (rules/ has one).
    let copy = format!("# ours\n{}", builtin.replace(" = [", "=["));
    std::fs::write(dir.join("signals.toml"), copy).expect("copy");
    let sources = rungs_rules::sources_from_dir(&dir).expect("a copy of the catalogue");
    assert_eq!(sources.len(), 1);
    // Another catalogue would be ignored: it is refused, by name.
    let other = builtin.replacen(
        "[skills.",
        "[skills.our-skill]\nour-signal = [1, 2]\n\n[skills.",
        1,
    );
    std::fs::write(dir.join("signals.toml"), other).expect("other");
    let err = rungs_rules::sources_from_dir(&dir)
        .expect_err("another catalogue")
        .to_string();
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        err.starts_with(&dir.join("signals.toml").display().to_string())
            && err.contains("differs from the one built into rungs"),
        "{err}"
    );
}
