//! Compiling rule files into a validated [`RuleSet`], and matching text against it.
//!
//! Patterns are compiled into one `RegexSet` per (target, language) bucket, so a
//! line is tested against all candidate rules in one pass, whatever their number.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use globset::{Glob, GlobSet, GlobSetBuilder};
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};

use crate::{
    error::{LoadError, position},
    language::Language,
    raw::{RawCatalogue, RawFile, Target},
};

/// A compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Unique id.
    pub id: String,
    /// The skill it gives evidence of.
    pub skill: String,
    /// The signal within the skill.
    pub signal: String,
    /// Depth 1 (use) to 4 (design).
    pub depth: u8,
    /// Relative weight of one hit.
    pub weight: f64,
    /// What it looks at.
    pub target: Target,
    /// Languages it applies to; empty means every file.
    pub languages: Vec<Language>,
    /// Path globs it is limited to, as written; empty means every path.
    pub path_globs: Vec<String>,
    paths: Option<GlobSet>,
    /// The pattern.
    pub pattern: Regex,
    /// A pattern that vetoes a match on the same line.
    pub unless: Option<Regex>,
    /// Whether lines that are only comments may match.
    pub comments: bool,
    /// For message rules: only the subject (the first non-empty line) is matched.
    pub subject_only: bool,
    /// What the rest of the commit must show for a hit to count.
    pub requires: Option<Requires>,
    /// One line on what it finds.
    pub description: String,
    /// Lines (or paths, or messages) that must match.
    pub examples_match: Vec<String>,
    /// Lines that must not match.
    pub examples_no_match: Vec<String>,
    /// The file the rule came from.
    pub file: String,
}

/// Conditions on the rest of the commit (for commit-level signals such as tests
/// changed together with code, or a version bump with a changelog).
#[derive(Debug, Clone)]
pub struct Requires {
    /// Some changed path matches this ...
    pub path: Option<Regex>,
    /// ... and not this.
    pub path_unless: Option<Regex>,
    /// The message matches this.
    pub message: Option<Regex>,
}

impl Requires {
    /// Whether a commit with these changed `paths` and `message` meets the conditions.
    pub fn holds(&self, paths: &[&str], message: &str) -> bool {
        let path_ok = self.path.as_ref().is_none_or(|wanted| {
            paths.iter().any(|p| {
                wanted.is_match(p) && !self.path_unless.as_ref().is_some_and(|u| u.is_match(p))
            })
        });
        path_ok && self.message.as_ref().is_none_or(|m| m.is_match(message))
    }
}

impl Rule {
    /// Whether the rule applies to a file at `path` in `language` (ignored for message rules).
    pub fn applies_to(&self, path: &str, language: Option<Language>) -> bool {
        (self.languages.is_empty() || language.is_some_and(|l| self.languages.contains(&l)))
            && self.paths.as_ref().is_none_or(|g| g.is_match(path))
    }
}

/// One rule file's name and text.
#[derive(Debug, Clone)]
pub struct RuleSource {
    /// Shown in errors.
    pub name: String,
    /// The TOML text.
    pub text: String,
}

#[derive(Debug, Clone)]
struct Bucket {
    /// The patterns of `rules`, with ASCII word boundaries (see [`ascii_word_boundaries`]).
    patterns: Vec<String>,
    rules: Vec<usize>,
    /// Compiled on first use: a scan compiles only the buckets of the languages it
    /// meets (compiling all of them took a third of a second and 70 MB). `None` if the
    /// set does not compile (a size limit); then each rule's own pattern is tried.
    set: std::sync::OnceLock<Option<RegexSet>>,
}

impl Bucket {
    fn set(&self) -> Option<&RegexSet> {
        self.set
            .get_or_init(|| {
                // The lazy DFA of a set of many alternations needs room for its states:
                // with the default cache it keeps rebuilding them (measured: a fifth of
                // the scan time went to determinizing), so each set gets a larger cache.
                RegexSetBuilder::new(&self.patterns)
                    .dfa_size_limit(DFA_CACHE_BYTES)
                    .build()
                    .ok()
            })
            .as_ref()
    }
}

/// A validated, compiled set of rules.
#[derive(Debug, Clone)]
pub struct RuleSet {
    rules: Vec<Rule>,
    buckets: HashMap<(Target, Option<Language>), Bucket>,
}

struct Catalogue(BTreeMap<String, BTreeMap<String, [u8; 2]>>);

const CATALOGUE: &str = include_str!("../../../rules/signals.toml");

fn catalogue() -> Catalogue {
    let raw: RawCatalogue = toml::from_str(CATALOGUE).unwrap_or_else(|e| {
        unreachable!("the embedded rules/signals.toml is checked by a test: {e}")
    });
    Catalogue(raw.skills)
}

pub(crate) fn catalogue_skills() -> Vec<String> {
    catalogue().0.into_keys().collect()
}

impl RuleSet {
    /// Load and validate rule files. The first problem found is returned, naming
    /// the file, the rule and the position.
    pub fn from_sources(sources: &[RuleSource]) -> Result<RuleSet, LoadError> {
        let catalogue = catalogue();
        let mut rules: Vec<Rule> = Vec::new();
        let mut ids: BTreeMap<String, String> = BTreeMap::new();
        for source in sources {
            let text = &source.text;
            let error = |rule: Option<&str>, span: std::ops::Range<usize>, message: String| {
                let (line, column) = position(text, span.start);
                LoadError {
                    file: source.name.clone(),
                    rule: rule.map(str::to_owned),
                    line,
                    column,
                    message,
                }
            };
            let file: RawFile = toml::from_str(text)
                .map_err(|e| error(None, e.span().unwrap_or(0..0), e.message().to_owned()))?;
            for raw in file.rule {
                let raw = raw.into_inner();
                let id = raw.id.get_ref().clone();
                let err =
                    |span: std::ops::Range<usize>, message: String| error(Some(&id), span, message);
                if let Some(first) = ids.insert(id.clone(), source.name.clone()) {
                    return Err(err(
                        raw.id.span(),
                        format!("duplicate rule id (first defined in {first})"),
                    ));
                }
                let signals = catalogue.0.get(raw.skill.get_ref()).ok_or_else(|| {
                    err(
                        raw.skill.span(),
                        format!(
                            "unknown skill '{}' (known: {})",
                            raw.skill.get_ref(),
                            catalogue.0.keys().cloned().collect::<Vec<_>>().join(", ")
                        ),
                    )
                })?;
                let [min, max] = *signals.get(raw.signal.get_ref()).ok_or_else(|| {
                    err(
                        raw.signal.span(),
                        format!(
                            "unknown signal '{}' for skill '{}' (known: {})",
                            raw.signal.get_ref(),
                            raw.skill.get_ref(),
                            signals.keys().cloned().collect::<Vec<_>>().join(", ")
                        ),
                    )
                })?;
                let depth = *raw.depth.get_ref();
                if !(1..=4).contains(&depth) {
                    return Err(err(
                        raw.depth.span(),
                        format!("depth {depth} is out of range 1-4"),
                    ));
                }
                if depth < min || depth > max {
                    return Err(err(
                        raw.depth.span(),
                        format!(
                            "depth {depth} is outside {min}-{max}, the depths of signal '{}'",
                            raw.signal.get_ref()
                        ),
                    ));
                }
                if !(raw.weight.is_finite() && raw.weight > 0.0) {
                    return Err(err(
                        raw.id.span(),
                        format!("weight {} must be a positive number", raw.weight),
                    ));
                }
                let subject_only = match &raw.subject_only {
                    Some(flag) if *flag.get_ref() && raw.target != Target::Message => {
                        return Err(err(
                            flag.span(),
                            "subject_only applies to message rules only".to_owned(),
                        ));
                    }
                    Some(flag) => *flag.get_ref(),
                    None => false,
                };
                let mut languages = Vec::new();
                for name in &raw.languages {
                    let language = Language::from_name(name.get_ref()).ok_or_else(|| {
                        err(
                            name.span(),
                            format!(
                                "unknown language '{}' (known: {})",
                                name.get_ref(),
                                Language::ALL.map(Language::name).join(", ")
                            ),
                        )
                    })?;
                    languages.push(language);
                }
                let paths = if raw.paths.is_empty() {
                    None
                } else {
                    let mut builder = GlobSetBuilder::new();
                    for glob in &raw.paths {
                        builder
                            .add(Glob::new(glob.get_ref()).map_err(|e| {
                                err(glob.span(), format!("invalid path glob: {e}"))
                            })?);
                    }
                    Some(
                        builder
                            .build()
                            .map_err(|e| err(raw.id.span(), format!("invalid path globs: {e}")))?,
                    )
                };
                let compile = |pattern: &toml::Spanned<String>, what: &str| {
                    // Rule patterns only confirm the candidates of a bucket's set, on
                    // few lines: a small lazy DFA cache per thread is enough.
                    RegexBuilder::new(pattern.get_ref())
                        .dfa_size_limit(RULE_DFA_CACHE_BYTES)
                        .build()
                        .map_err(|e| {
                            let (at, problem) = regex_problem(pattern.get_ref(), &e);
                            let span = pattern.span();
                            let start = at
                                .zip(verbatim_start(text, &span, pattern.get_ref()))
                                .map_or(span.start, |(at, start)| start + at);
                            err(start..start, format!("invalid {what}: {problem}"))
                        })
                };
                let pattern = compile(&raw.pattern, "pattern")?;
                let unless = raw
                    .unless
                    .as_ref()
                    .map(|u| compile(u, "unless pattern"))
                    .transpose()?;
                let requires = match &raw.requires {
                    None => None,
                    Some(r) => {
                        if r.path.is_none() && r.message.is_none() {
                            return Err(err(
                                raw.id.span(),
                                "requires needs a path or a message condition".to_owned(),
                            ));
                        }
                        Some(Requires {
                            path: r
                                .path
                                .as_ref()
                                .map(|p| compile(p, "requires.path pattern"))
                                .transpose()?,
                            path_unless: r
                                .path_unless
                                .as_ref()
                                .map(|p| compile(p, "requires.path_unless pattern"))
                                .transpose()?,
                            message: r
                                .message
                                .as_ref()
                                .map(|m| compile(m, "requires.message pattern"))
                                .transpose()?,
                        })
                    }
                };
                if raw.examples.matches.len() < 2 || raw.examples.no_match.len() < 2 {
                    return Err(err(
                        raw.id.span(),
                        "needs at least two examples.match and two examples.no_match".to_owned(),
                    ));
                }
                rules.push(Rule {
                    id,
                    skill: raw.skill.into_inner(),
                    signal: raw.signal.into_inner(),
                    depth,
                    weight: raw.weight,
                    target: raw.target,
                    languages,
                    path_globs: raw.paths.into_iter().map(|g| g.into_inner()).collect(),
                    paths,
                    pattern,
                    unless,
                    comments: raw.comments,
                    subject_only,
                    requires,
                    description: raw.description,
                    examples_match: raw.examples.matches,
                    examples_no_match: raw.examples.no_match,
                    file: source.name.clone(),
                });
            }
        }
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        let buckets = build_buckets(&rules);
        Ok(RuleSet { rules, buckets })
    }

    /// The rules, sorted by id.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Indices (into [`rules`](Self::rules)) of the rules that match `text` as `target`
    /// in a file at `path` of `language`, in ascending order. `path` and `language`
    /// are ignored for message rules.
    pub fn matches(
        &self,
        target: Target,
        path: &str,
        language: Option<Language>,
        text: &str,
        out: &mut Vec<usize>,
    ) {
        out.clear();
        let key = match target {
            Target::Message => (target, None),
            _ => (target, language),
        };
        let Some(bucket) = self.buckets.get(&key) else {
            return;
        };
        let is_comment = matches!(target, Target::Added | Target::Removed)
            && language.is_some_and(|l| l.is_comment_line(text));
        let mut consider = |index: usize| {
            let rule = &self.rules[index];
            if (is_comment && !rule.comments)
                || (target != Target::Message && !rule.applies_to(path, language))
                || !rule.pattern.is_match(text)
                || rule.unless.as_ref().is_some_and(|u| u.is_match(text))
            {
                return;
            }
            out.push(index);
        };
        match bucket.set() {
            Some(set) => set
                .matches(text)
                .iter()
                .for_each(|i| consider(bucket.rules[i])),
            None => bucket.rules.iter().for_each(|&i| consider(i)),
        }
        out.sort_unstable();
    }

    /// The text rule `index` (into [`rules`](Self::rules)) matches in `text`: the first
    /// match of its pattern, or `None` when it does not match or its `unless` pattern
    /// does. Scope and comments are not checked.
    pub fn rule_match<'t>(&self, index: usize, text: &'t str) -> Option<&'t str> {
        let rule = self.rules.get(index)?;
        let found = rule.pattern.find(text)?;
        if rule.unless.as_ref().is_some_and(|u| u.is_match(text)) {
            return None;
        }
        Some(found.as_str())
    }

    /// Check every example of every rule; the first failure is the error.
    ///
    /// A `match` example must be matched by its rule and a `no_match` example must
    /// not, for the rule's first language (or any file, for rules without languages).
    /// Examples test the pattern; `requires` conditions are about whole commits and
    /// are tested with commits (see the signals fixture).
    pub fn check_examples(&self) -> Result<usize, ExampleFailure> {
        let mut checked = 0;
        let mut found = Vec::new();
        for (index, rule) in self.rules.iter().enumerate() {
            let language = rule.languages.first().copied();
            let path = example_path(rule, language);
            for (text, expected) in rule
                .examples_match
                .iter()
                .map(|t| (t, true))
                .chain(rule.examples_no_match.iter().map(|t| (t, false)))
            {
                self.matches(rule.target, &path, language, text, &mut found);
                if found.contains(&index) != expected {
                    return Err(ExampleFailure {
                        rule: rule.id.clone(),
                        file: rule.file.clone(),
                        example: text.clone(),
                        expected_match: expected,
                    });
                }
                checked += 1;
            }
        }
        Ok(checked)
    }
}

/// A path the examples of `rule` are checked as coming from.
fn example_path(rule: &Rule, language: Option<Language>) -> String {
    if let Some(glob) = rule.path_globs.first() {
        // The literal part of the glob is a path it accepts in the common cases (`**/x/*.sql`).
        return glob.replace("**/", "").replace('*', "example");
    }
    let ext = match language {
        Some(Language::Rust) => "rs",
        Some(Language::Go) => "go",
        Some(Language::Python) => "py",
        Some(Language::Java) => "java",
        Some(Language::Kotlin) => "kt",
        Some(Language::JavaScript) => "js",
        Some(Language::TypeScript) => "ts",
        Some(Language::C) => "c",
        Some(Language::Cpp) => "cpp",
        Some(Language::CSharp) => "cs",
        Some(Language::Ruby) => "rb",
        Some(Language::Php) => "php",
        Some(Language::Swift) => "swift",
        Some(Language::Scala) => "scala",
        Some(Language::Sql) => "sql",
        Some(Language::Shell) => "sh",
        Some(Language::Yaml) => "yaml",
        Some(Language::Hcl) => "tf",
        Some(Language::Dockerfile) => return "Dockerfile".to_owned(),
        Some(Language::Markdown) | None => "md",
    };
    format!("src/example.{ext}")
}

/// An example that does not behave as its rule says.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{file}: rule '{rule}': example {example:?} {}",
    if *expected_match { "should match but does not" } else { "should not match but does" }
)]
pub struct ExampleFailure {
    /// The rule.
    pub rule: String,
    /// Its file.
    pub file: String,
    /// The example text.
    pub example: String,
    /// Whether it was listed under `match`.
    pub expected_match: bool,
}

/// `pattern` with `\b` and `\B` made ASCII-only, for the prefilter sets.
///
/// The lazy DFA cannot decide a Unicode word boundary next to a non-ASCII byte and
/// hands such lines to a much slower engine; with ASCII boundaries it never does.
/// A set only picks candidate rules: every candidate is confirmed with the rule's
/// own pattern. An ASCII boundary sits wherever a Unicode one does, as long as the
/// characters next to the `\b` in the pattern are ASCII (true of every rule shipped);
/// it may add candidates, which the confirmation drops.
fn ascii_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(next) = chars.next() else {
                    out.push(c);
                    break;
                };
                if !in_class && (next == 'b' || next == 'B') {
                    out.push_str("(?-u:\\");
                    out.push(next);
                    out.push(')');
                } else {
                    out.push(c);
                    out.push(next);
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                // A `]` right after `[` or `[^` is a literal.
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    out.push(']');
                    chars.next();
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// What is wrong with a pattern that does not compile, on one line (the regex
/// crate draws the pattern and a caret over several), and the byte offset in the
/// pattern where the parser found it, when it says.
fn regex_problem(pattern: &str, error: &regex::Error) -> (Option<usize>, String) {
    match regex_syntax::Parser::new().parse(pattern) {
        Err(regex_syntax::Error::Parse(e)) => (Some(e.span().start.offset), e.kind().to_string()),
        Err(regex_syntax::Error::Translate(e)) => {
            (Some(e.span().start.offset), e.kind().to_string())
        }
        // A size limit, say: one sentence already, but make sure of one line.
        _ => (
            None,
            error
                .to_string()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        ),
    }
}

/// Where the characters of `value` begin in `text`, when the TOML string at `span`
/// holds them verbatim (a literal string, or a basic string without escapes).
fn verbatim_start(text: &str, span: &std::ops::Range<usize>, value: &str) -> Option<usize> {
    // After one quote, after three, or after three and the newline TOML trims there.
    [1, 3, 4, 5]
        .into_iter()
        .map(|quotes| span.start + quotes)
        .find(|&start| {
            start + value.len() < span.end && text.get(start..start + value.len()) == Some(value)
        })
}

/// Lazy DFA cache per rule pattern and thread.
const RULE_DFA_CACHE_BYTES: usize = 256 * 1024;

/// Lazy DFA cache per bucket and thread (the regex default is 2 MiB).
const DFA_CACHE_BYTES: usize = 16 * 1024 * 1024;

fn build_buckets(rules: &[Rule]) -> HashMap<(Target, Option<Language>), Bucket> {
    let mut members: BTreeMap<(Target, Option<Language>), BTreeSet<usize>> = BTreeMap::new();
    for (index, rule) in rules.iter().enumerate() {
        match rule.target {
            Target::Message => {
                members
                    .entry((Target::Message, None))
                    .or_default()
                    .insert(index);
            }
            target => {
                if rule.languages.is_empty() {
                    // Any file: every language bucket, and files of no known language.
                    for language in Language::ALL.map(Some).into_iter().chain([None]) {
                        members.entry((target, language)).or_default().insert(index);
                    }
                } else {
                    for &language in &rule.languages {
                        members
                            .entry((target, Some(language)))
                            .or_default()
                            .insert(index);
                    }
                }
            }
        }
    }
    members
        .into_iter()
        .map(|(key, indices)| {
            let rules_in: Vec<usize> = indices.into_iter().collect();
            let bucket = Bucket {
                patterns: rules_in
                    .iter()
                    .map(|&i| ascii_word_boundaries(rules[i].pattern.as_str()))
                    .collect(),
                rules: rules_in,
                set: std::sync::OnceLock::new(),
            };
            (key, bucket)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::ascii_word_boundaries as ascii;

    #[test]
    fn word_boundaries_become_ascii_outside_classes() {
        assert_eq!(ascii(r"\bfoo\B"), r"(?-u:\b)foo(?-u:\B)");
        assert_eq!(ascii(r"[\b]\\b"), r"[\b]\\b");
        assert_eq!(ascii(r"[]\b]x\b"), r"[]\b]x(?-u:\b)");
        assert_eq!(ascii(r"[^]a]\b"), r"[^]a](?-u:\b)");
        assert_eq!(ascii(r"\d+\s"), r"\d+\s");
    }

    #[test]
    fn ascii_sets_still_compile_for_the_default_pack() {
        let rules = super::RuleSet::from_sources(&crate::default_sources()).expect("loads");
        for rule in rules.rules() {
            regex::Regex::new(&ascii(rule.pattern.as_str()))
                .unwrap_or_else(|e| panic!("{}: {e}", rule.id));
        }
    }
}
