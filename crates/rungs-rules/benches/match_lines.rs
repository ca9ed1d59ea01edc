//! Lines per second through the whole default pack against a single rule.
//!
//! `cargo bench -p rungs-rules --bench match_lines`
//!
//! The corpus is fixed: every example of every rule (the lines rules are written
//! for) mixed with plain code-like lines in several languages, repeated to about
//! 200,000 lines. The figure to watch is the ratio: with one `RegexSet` per
//! language bucket the whole pack should cost a small multiple of one rule.

use std::{hint::black_box, time::Instant};

use rungs_rules::{Language, RuleSet, RuleSource, Target};

const PLAIN: &[(&str, &str)] = &[
    (
        "src/lib.rs",
        "    let total: u64 = items.iter().map(|i| i.price).sum();",
    ),
    ("src/lib.rs", "    }"),
    ("main.go", "\tfor i := 0; i < len(xs); i++ {"),
    (
        "app.py",
        "        return [x for x in values if x > threshold]",
    ),
    (
        "Service.java",
        "    private final Map<String, Order> orders = new HashMap<>();",
    ),
    (
        "web/app.ts",
        "  const rows = data.filter((r) => r.active).map(render);",
    ),
    (
        "db/q.sql",
        "SELECT id, name FROM customers WHERE region = $1;",
    ),
    ("deploy/app.yaml", "  replicas: 3"),
];

fn corpus(rules: &RuleSet) -> Vec<(String, Option<Language>, String)> {
    let mut lines = Vec::new();
    for rule in rules.rules() {
        if !matches!(rule.target, Target::Added) {
            continue;
        }
        let language = rule.languages.first().copied();
        let path = format!("src/x.{}", language.map_or("txt", Language::name));
        for text in rule.examples_match.iter().chain(&rule.examples_no_match) {
            lines.push((path.clone(), language, text.clone()));
        }
    }
    for (path, text) in PLAIN {
        for _ in 0..8 {
            lines.push((path.to_string(), Language::detect(path), text.to_string()));
        }
    }
    let base = lines.clone();
    while lines.len() < 200_000 {
        lines.extend(base.iter().cloned());
    }
    lines
}

fn lines_per_second(rules: &RuleSet, corpus: &[(String, Option<Language>, String)]) -> f64 {
    let mut found = Vec::new();
    let mut hits = 0usize;
    let start = Instant::now();
    for (path, language, text) in corpus {
        rules.matches(Target::Added, path, *language, text, &mut found);
        hits += found.len();
    }
    black_box(hits);
    corpus.len() as f64 / start.elapsed().as_secs_f64()
}

fn main() {
    let pack = RuleSet::from_sources(&rungs_rules::default_sources()).expect("default pack");
    let single_source = rungs_rules::default_sources()
        .into_iter()
        .find(|s| s.name.ends_with("acid.toml"))
        .expect("acid.toml");
    let one_rule_text: String = single_source
        .text
        .split("[[rule]]")
        .nth(1)
        .map(|r| format!("[[rule]]{r}"))
        .expect("a rule");
    let single = RuleSet::from_sources(&[RuleSource {
        name: "one.toml".into(),
        text: one_rule_text,
    }])
    .expect("one rule");
    let corpus = corpus(&pack);
    // Warm up, then take the best of five for each.
    let best = |rules: &RuleSet| {
        (0..5)
            .map(|_| lines_per_second(rules, &corpus))
            .fold(0.0, f64::max)
    };
    let _ = best(&pack);
    let whole = best(&pack);
    let one = best(&single);
    println!("corpus: {} lines", corpus.len());
    println!(
        "whole default pack ({} rules): {:>12.0} lines/s",
        pack.rules().len(),
        whole
    );
    println!(
        "single rule ({}):   {:>12.0} lines/s",
        single.rules()[0].id,
        one
    );
    println!(
        "cost of the whole pack relative to one rule: {:.2}x",
        one / whole
    );
}
