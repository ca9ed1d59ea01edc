//! Compiling rule files into a validated [`RuleSet`], and matching text against it.
//!
//! Patterns are grouped per (target, language) bucket. One Aho-Corasick pass over
//! a line finds the literals the bucket's patterns cannot match without (see
//! [`crate::literals`]) and the word rules' stems, so most lines run no pattern at
//! all, and the few patterns a line could match run on it alone, without Unicode
//! when the line is ASCII. A bucket with too many patterns that need no literal
//! runs one `RegexSet` instead.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use aho_corasick::{AhoCorasick, MatchKind};
use globset::{Glob, GlobSet, GlobSetBuilder};
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};

use crate::{
    error::{LoadError, position},
    language::Language,
    raw::{RawCatalogue, RawFile, RawRule, Target},
    scoring::Scoring,
    words::{self, Role},
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
    pub(crate) paths: Option<GlobSet>,
    /// The pattern over the text itself. A word rule is matched by its
    /// [`words`](Self::words) instead, and has a pattern that matches nothing.
    pub pattern: Regex,
    /// The pattern without Unicode (ASCII classes, case and word boundaries), for
    /// lines of ASCII text, where it finds exactly what the pattern finds with far
    /// smaller automata; `None` for word rules and patterns it cannot compile.
    ascii_pattern: Option<regex::bytes::Regex>,
    /// For word rules: the word sequences as written; empty for pattern rules.
    pub words: Vec<String>,
    /// For word rules: where in a line the words count. Empty for pattern rules.
    pub roles: Vec<Role>,
    /// A pattern that vetoes a match on the same line (over the text itself).
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
    /// Whether this is a word rule (matched against a line's words, by role).
    pub fn is_word_rule(&self) -> bool {
        !self.words.is_empty()
    }

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
    /// Built on first use: which of `rules` a line could match at all, by the
    /// literals each pattern needs (see [`crate::literals`]); `None` when too many
    /// patterns need no literal for it to pay.
    prefilter: std::sync::OnceLock<Option<Prefilter>>,
    /// Compiled on first use, for buckets without a prefilter: a scan compiles
    /// only the buckets of the languages it meets (compiling all of them took a third
    /// of a second and 70 MB). `None` if the set does not compile (a size limit);
    /// then each rule's own pattern is tried.
    set: std::sync::OnceLock<Option<RegexSet>>,
}

/// The literals of a bucket's patterns, and for added and removed lines the word
/// stems of the word rules, in one automaton searched without ASCII case: one pass
/// over a line tells which patterns could match and whether its words need working
/// out. Most lines hold none of them, and no pattern runs on them at all.
#[derive(Debug, Clone)]
struct Prefilter {
    automaton: AhoCorasick,
    /// Per pattern of the automaton: the rules (indices) needing it, and whether it
    /// is a word stem.
    owners: Vec<(Vec<usize>, bool)>,
    /// Rules (indices) whose patterns need no literal: every line tries them.
    always: Vec<usize>,
}

/// A bucket with more patterns that need no literal than this runs its
/// `RegexSet` on every line instead of trying them one by one.
const MAX_UNFILTERED: usize = 4;

impl Prefilter {
    fn new(rules: &[usize], patterns: &[String], stems: &[String]) -> Option<Prefilter> {
        let mut literals: BTreeMap<String, (Vec<usize>, bool)> = BTreeMap::new();
        let mut always = Vec::new();
        for (&rule, pattern) in rules.iter().zip(patterns) {
            match crate::literals::required_literals(pattern) {
                Some(found) => {
                    for literal in found {
                        literals.entry(literal).or_default().0.push(rule);
                    }
                }
                None => always.push(rule),
            }
        }
        for stem in stems {
            literals.entry(stem.clone()).or_default().1 = true;
        }
        if always.len() > MAX_UNFILTERED || literals.is_empty() {
            return None;
        }
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(literals.keys())
            .ok()?;
        Some(Prefilter {
            automaton,
            owners: literals.into_values().collect(),
            always,
        })
    }

    /// Whether the prefilter can judge `text`: the literals are searched for
    /// without ASCII case, which misses the two characters Unicode case folding
    /// makes equal to an ASCII letter (the Kelvin sign and the long s).
    fn judges(text: &str) -> bool {
        text.is_ascii() || !text.contains(crate::literals::FOLDS_TO_ASCII)
    }

    /// The rules (indices) whose patterns `text` could match, into `out`, sorted
    /// and without repeats; returns whether `text` holds a word stem.
    fn candidates(&self, text: &str, out: &mut Vec<usize>) -> bool {
        out.clear();
        out.extend_from_slice(&self.always);
        let mut stem = false;
        for found in self.automaton.find_overlapping_iter(text) {
            let (rules, is_stem) = &self.owners[found.pattern().as_usize()];
            out.extend_from_slice(rules);
            stem |= is_stem;
        }
        out.sort_unstable();
        out.dedup();
        stem
    }
}

impl Bucket {
    fn new(rules: Vec<usize>, patterns: Vec<String>) -> Bucket {
        Bucket {
            prefilter: std::sync::OnceLock::new(),
            patterns,
            rules,
            set: std::sync::OnceLock::new(),
        }
    }

    /// The prefilter, with the word `stems` for buckets of added or removed lines.
    fn prefilter(&self, stems: &[String]) -> Option<&Prefilter> {
        self.prefilter
            .get_or_init(|| Prefilter::new(&self.rules, &self.patterns, stems))
            .as_ref()
    }

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
    /// Every word rule's words, in one automaton over a line's words.
    word_matcher: Option<WordMatcher>,
    /// How hits add up to crediting a skill (the weights file; empty without one).
    scoring: Scoring,
}

/// The name a rule source must end with to be read as the weights file.
pub const WEIGHTS_FILE: &str = "weights.toml";

/// The words of every word rule, found in one pass over a line's words.
#[derive(Debug, Clone)]
struct WordMatcher {
    automaton: AhoCorasick,
    /// Per pattern of the automaton: the rule (index) whose words it is.
    rules: Vec<usize>,
    /// One word of every entry (its longest), found in the raw line without case:
    /// a line without any of them has no vocabulary in it, and its words need
    /// not be worked out at all (most lines of code).
    prefilter: AhoCorasick,
    /// Those words, for the buckets' prefilters, which look for them in the same pass.
    stems: Vec<String>,
}

impl WordMatcher {
    fn new(rules: &[Rule]) -> Option<WordMatcher> {
        let mut patterns = Vec::new();
        let mut owners = Vec::new();
        let mut stems = std::collections::BTreeSet::new();
        for (index, rule) in rules.iter().enumerate() {
            for entry in &rule.words {
                if let Some(longest) = entry
                    .trim_end_matches('*')
                    .split(' ')
                    .max_by_key(|w| w.len())
                {
                    stems.insert(longest.to_owned());
                }
                // A view is " word word ... word ": a whole entry is framed by spaces,
                // an entry ending in `*` is open at its end.
                patterns.push(match entry.strip_suffix('*') {
                    Some(stem) => format!(" {stem}"),
                    None => format!(" {entry} "),
                });
                owners.push(index);
            }
        }
        if patterns.is_empty() {
            return None;
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .unwrap_or_else(|e| unreachable!("word patterns are plain ASCII strings: {e}"));
        let prefilter = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(&stems)
            .unwrap_or_else(|e| unreachable!("word stems are plain ASCII strings: {e}"));
        Some(WordMatcher {
            automaton,
            rules: owners,
            prefilter,
            stems: stems.into_iter().collect(),
        })
    }
}

/// Reused buffers for [`RuleSet::match_line`], one per worker, and the results of
/// lines seen lately: most changed lines were seen before (a line added once is
/// removed later, braces and `return err` recur), and a line's result depends
/// only on its text, side, language and kind of file.
#[derive(Debug, Default)]
pub struct LineScratch {
    code: String,
    strings: String,
    view: String,
    found: Vec<usize>,
    hits: Vec<LineHit>,
    cache: LineCache,
}

/// Results of recent lines in two generations: when the current one is full it
/// becomes the previous one, so the lines seen last stay (a cheap LRU). Texts
/// and hits live in one buffer per generation: a line costs no allocation.
#[derive(Debug, Default)]
struct LineCache {
    current: Generation,
    previous: Generation,
}

#[derive(Debug, Default)]
struct Generation {
    lines: HashMap<u64, CachedLine, foldhash::fast::FixedState>,
    texts: String,
    hits: Vec<LineHit>,
}

#[derive(Debug, Clone, Copy)]
struct CachedLine {
    /// Side, kind of file and language, packed.
    tag: u32,
    text: (u32, u32),
    hits: (u32, u32),
}

impl Generation {
    fn find(&self, key: u64, tag: u32, text: &str) -> Option<CachedLine> {
        self.lines.get(&key).copied().filter(|e| {
            e.tag == tag && self.texts.get(e.text.0 as usize..e.text.1 as usize) == Some(text)
        })
    }

    fn hits(&self, line: CachedLine) -> &[LineHit] {
        &self.hits[line.hits.0 as usize..line.hits.1 as usize]
    }

    fn add(&mut self, key: u64, tag: u32, text: &str, hits: &[LineHit]) -> CachedLine {
        let start = self.texts.len() as u32;
        self.texts.push_str(text);
        let first = self.hits.len() as u32;
        self.hits.extend_from_slice(hits);
        let line = CachedLine {
            tag,
            text: (start, self.texts.len() as u32),
            hits: (first, self.hits.len() as u32),
        };
        self.lines.insert(key, line);
        line
    }

    fn clear(&mut self) {
        self.lines.clear();
        self.texts.clear();
        self.hits.clear();
    }
}

/// Lines per cache generation: measured on cargo's history, 32k lines a
/// generation let about half of the lines be answered from the cache, at a few
/// MB per worker.
const CACHE_LINES: usize = 1 << 15;

impl LineCache {
    fn key(tag: u32, text: &str) -> u64 {
        use std::hash::{BuildHasher, Hasher};
        let mut hasher = FIXED_HASH.build_hasher();
        hasher.write(text.as_bytes());
        hasher.write_u32(tag);
        hasher.finish()
    }

    /// The hits of a line seen lately, moving it to the current generation.
    fn get(&mut self, key: u64, tag: u32, text: &str) -> Option<&[LineHit]> {
        if let Some(line) = self.current.find(key, tag, text) {
            return Some(self.current.hits(line));
        }
        let line = self.previous.find(key, tag, text)?;
        let hits: Vec<LineHit> = self.previous.hits(line).to_vec();
        Some(self.insert(key, tag, text, &hits))
    }

    fn insert(&mut self, key: u64, tag: u32, text: &str, hits: &[LineHit]) -> &[LineHit] {
        if self.current.lines.len() >= CACHE_LINES {
            std::mem::swap(&mut self.current, &mut self.previous);
            self.current.clear();
        }
        let line = self.current.add(key, tag, text, hits);
        self.current.hits(line)
    }
}

/// A fixed hasher: the cache must behave the same in every run.
const FIXED_HASH: foldhash::fast::FixedState = foldhash::fast::FixedState::with_seed(7);

/// What kind of file a changed line is in, for word rules' roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// Source code, configuration, schemas: anything not below.
    Code,
    /// A test file (see [`crate::paths::is_test_path`]).
    Test,
    /// Documentation (see [`crate::paths::is_docs_path`]).
    Docs,
}

/// One rule matching one line, and the role of the part it matched in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineHit {
    /// Index into [`RuleSet::rules`].
    pub rule: usize,
    /// Where it matched: for pattern rules `Code`, `Comment`, `Test` or `Docs`.
    pub role: Role,
}

struct Catalogue(BTreeMap<String, BTreeMap<String, [u8; 2]>>);

/// The pattern a word rule carries in place of its own: it matches nothing. Word
/// rules are matched by one automaton over all their words (see `WordMatcher`).
static NEVER: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
    Regex::new(r"[^\s\S]")
        .unwrap_or_else(|e| unreachable!("a pattern matching nothing compiles: {e}"))
});

const CATALOGUE: &str = include_str!("../../../rules/signals.toml");

/// The embedded catalogue, parsed once.
fn catalogue() -> &'static Catalogue {
    static PARSED: std::sync::OnceLock<Catalogue> = std::sync::OnceLock::new();
    PARSED.get_or_init(|| {
        let raw: RawCatalogue = toml::from_str(CATALOGUE).unwrap_or_else(|e| {
            unreachable!("the embedded rules/signals.toml is checked by a test: {e}")
        });
        Catalogue(raw.skills)
    })
}

/// Whether `text` is the built-in catalogue, whatever its layout and comments
/// (`None`: it does not parse as a catalogue).
pub(crate) fn is_builtin_catalogue(text: &str) -> Option<bool> {
    let raw: RawCatalogue = toml::from_str(text).ok()?;
    Some(raw.skills == catalogue().0)
}

pub(crate) fn catalogue_skills() -> Vec<String> {
    catalogue().0.keys().cloned().collect()
}

/// An error at `span` of `source`, naming `rule` if there is one.
fn load_error(
    source: &RuleSource,
    rule: Option<&str>,
    span: std::ops::Range<usize>,
    message: String,
) -> LoadError {
    let (line, column) = position(&source.text, span.start);
    LoadError {
        file: source.name.clone(),
        rule: rule.map(str::to_owned),
        line,
        column,
        message,
    }
}

/// Parse one rule file and validate its rules in order, adding them to `rules`;
/// `ids` maps the ids seen so far to the file that defined them.
fn load_file(
    source: &RuleSource,
    catalogue: &Catalogue,
    ids: &mut BTreeMap<String, String>,
    rules: &mut Vec<Rule>,
) -> Result<(), LoadError> {
    let file: RawFile = toml::from_str(&source.text).map_err(|e| {
        load_error(
            source,
            None,
            e.span().unwrap_or(0..0),
            e.message().to_owned(),
        )
    })?;
    for raw in file.rule {
        rules.push(load_rule(source, raw.into_inner(), catalogue, ids)?);
    }
    Ok(())
}

/// Validate and compile one rule of `source`, checking its id, skill, signal and
/// depth, weight, `subject_only`, languages, paths, pattern or words, `unless`,
/// `requires` and examples, in that order.
fn load_rule(
    source: &RuleSource,
    raw: RawRule,
    catalogue: &Catalogue,
    ids: &mut BTreeMap<String, String>,
) -> Result<Rule, LoadError> {
    let id = raw.id.get_ref().clone();
    let site = RuleSite { source, id: &id };
    if let Some(first) = ids.insert(id.clone(), source.name.clone()) {
        return Err(site.error(
            raw.id.span(),
            format!("duplicate rule id (first defined in {first})"),
        ));
    }
    let depth = site.depth(&raw, catalogue)?;
    if !(raw.weight.is_finite() && raw.weight > 0.0) {
        return Err(site.error(
            raw.id.span(),
            format!("weight {} must be a positive number", raw.weight),
        ));
    }
    let subject_only = site.subject_only(&raw)?;
    let languages = site.languages(&raw.languages)?;
    let paths = site.paths(&raw)?;
    let (pattern, word_list, roles) = site.pattern_or_words(&raw)?;
    let unless = raw
        .unless
        .as_ref()
        .map(|u| site.compile(u, "unless pattern"))
        .transpose()?;
    let requires = site.requires(&raw)?;
    if raw.examples.matches.len() < 2 || raw.examples.no_match.len() < 2 {
        return Err(site.error(
            raw.id.span(),
            "needs at least two examples.match and two examples.no_match".to_owned(),
        ));
    }
    Ok(Rule {
        id,
        skill: raw.skill.into_inner(),
        signal: raw.signal.into_inner(),
        depth,
        weight: raw.weight,
        target: raw.target,
        languages,
        path_globs: raw.paths.into_iter().map(|g| g.into_inner()).collect(),
        paths,
        ascii_pattern: if word_list.is_empty() {
            ascii_regex(pattern.as_str())
        } else {
            None
        },
        pattern,
        words: word_list,
        roles,
        unless,
        comments: raw.comments,
        subject_only,
        requires,
        description: raw.description,
        examples_match: raw.examples.matches,
        examples_no_match: raw.examples.no_match,
        file: source.name.clone(),
    })
}

/// A rule being loaded, as its errors name it: its file and its id.
struct RuleSite<'a> {
    source: &'a RuleSource,
    id: &'a str,
}

impl RuleSite<'_> {
    /// An error at `span` of the rule's file, naming the rule.
    fn error(&self, span: std::ops::Range<usize>, message: String) -> LoadError {
        load_error(self.source, Some(self.id), span, message)
    }

    /// The rule's depth, once its skill and signal are in the catalogue and the
    /// depth is in 1-4 and within the signal's depths.
    fn depth(&self, raw: &RawRule, catalogue: &Catalogue) -> Result<u8, LoadError> {
        let signals = catalogue.0.get(raw.skill.get_ref()).ok_or_else(|| {
            self.error(
                raw.skill.span(),
                format!(
                    "unknown skill '{}' (known: {})",
                    raw.skill.get_ref(),
                    catalogue.0.keys().cloned().collect::<Vec<_>>().join(", ")
                ),
            )
        })?;
        let [min, max] = *signals.get(raw.signal.get_ref()).ok_or_else(|| {
            self.error(
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
            return Err(self.error(
                raw.depth.span(),
                format!("depth {depth} is out of range 1-4"),
            ));
        }
        if depth < min || depth > max {
            return Err(self.error(
                raw.depth.span(),
                format!(
                    "depth {depth} is outside {min}-{max}, the depths of signal '{}'",
                    raw.signal.get_ref()
                ),
            ));
        }
        Ok(depth)
    }

    /// The rule's `subject_only` flag (default false), which only message rules
    /// may set.
    fn subject_only(&self, raw: &RawRule) -> Result<bool, LoadError> {
        match &raw.subject_only {
            Some(flag) if *flag.get_ref() && raw.target != Target::Message => Err(self.error(
                flag.span(),
                "subject_only applies to message rules only".to_owned(),
            )),
            Some(flag) => Ok(*flag.get_ref()),
            None => Ok(false),
        }
    }

    /// The rule's languages, by name.
    fn languages(&self, names: &[toml::Spanned<String>]) -> Result<Vec<Language>, LoadError> {
        let mut languages = Vec::new();
        for name in names {
            let language = Language::from_name(name.get_ref()).ok_or_else(|| {
                self.error(
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
        Ok(languages)
    }

    /// The rule's path globs as one set; `None` when it has none.
    fn paths(&self, raw: &RawRule) -> Result<Option<GlobSet>, LoadError> {
        if raw.paths.is_empty() {
            return Ok(None);
        }
        let mut builder = GlobSetBuilder::new();
        for glob in &raw.paths {
            builder.add(
                Glob::new(glob.get_ref())
                    .map_err(|e| self.error(glob.span(), format!("invalid path glob: {e}")))?,
            );
        }
        Ok(Some(builder.build().map_err(|e| {
            self.error(raw.id.span(), format!("invalid path globs: {e}"))
        })?))
    }

    /// Compile one of the rule's patterns; `what` names it in the error, which is
    /// placed where the regex parser found the problem when it can be.
    fn compile(&self, pattern: &toml::Spanned<String>, what: &str) -> Result<Regex, LoadError> {
        // Rule patterns only confirm the candidates of a bucket's set, on
        // few lines: a small lazy DFA cache per thread is enough.
        RegexBuilder::new(pattern.get_ref())
            .dfa_size_limit(RULE_DFA_CACHE_BYTES)
            .build()
            .map_err(|e| {
                let (at, problem) = regex_problem(pattern.get_ref(), &e);
                let span = pattern.span();
                let start = at
                    .zip(verbatim_start(&self.source.text, &span, pattern.get_ref()))
                    .map_or(span.start, |(at, start)| start + at);
                self.error(start..start, format!("invalid {what}: {problem}"))
            })
    }

    /// The rule's compiled pattern, words and roles: a pattern rule has no words
    /// or roles, a word rule has the pattern that matches nothing.
    fn pattern_or_words(
        &self,
        raw: &RawRule,
    ) -> Result<(Regex, Vec<String>, Vec<Role>), LoadError> {
        match (&raw.pattern, &raw.words) {
            (Some(pattern), None) => {
                if let Some(roles) = raw.roles.as_ref().and_then(|r| r.first()) {
                    return Err(self.error(
                        roles.span(),
                        "roles apply to word rules only (rules with `words`)".to_owned(),
                    ));
                }
                Ok((self.compile(pattern, "pattern")?, Vec::new(), Vec::new()))
            }
            (None, Some(list)) => {
                if !matches!(raw.target, Target::Added | Target::Removed) {
                    return Err(self.error(
                        list.span(),
                        "word rules look at added or removed lines only".to_owned(),
                    ));
                }
                if list.get_ref().is_empty() {
                    return Err(self.error(list.span(), "words is empty".to_owned()));
                }
                for entry in list.get_ref() {
                    word_pattern(entry.get_ref()).map_err(|problem| {
                        self.error(entry.span(), format!("invalid words entry: {problem}"))
                    })?;
                }
                let regex = NEVER.clone();
                let roles = self.roles(raw.roles.as_deref())?;
                let words = list.get_ref().iter().map(|w| w.get_ref().clone()).collect();
                Ok((regex, words, roles))
            }
            (Some(pattern), Some(_)) => Err(self.error(
                pattern.span(),
                "a rule has either a pattern or words, not both".to_owned(),
            )),
            (None, None) => Err(self.error(
                raw.id.span(),
                "a rule needs a pattern (or, for a word rule, words)".to_owned(),
            )),
        }
    }

    /// A word rule's roles, by name, sorted and without repeats; by default
    /// definitions and code.
    fn roles(&self, names: Option<&[toml::Spanned<String>]>) -> Result<Vec<Role>, LoadError> {
        let mut roles = Vec::new();
        match names {
            None => roles.extend([Role::Definition, Role::Code]),
            Some(names) => {
                for name in names {
                    let role = Role::from_name(name.get_ref()).ok_or_else(|| {
                        self.error(
                            name.span(),
                            format!(
                                "unknown role '{}' (known: {})",
                                name.get_ref(),
                                Role::ALL.map(Role::name).join(", ")
                            ),
                        )
                    })?;
                    if !roles.contains(&role) {
                        roles.push(role);
                    }
                }
            }
        }
        roles.sort();
        Ok(roles)
    }

    /// The rule's `requires` conditions, compiled; it needs a path or a message
    /// condition.
    fn requires(&self, raw: &RawRule) -> Result<Option<Requires>, LoadError> {
        let Some(r) = &raw.requires else {
            return Ok(None);
        };
        if r.path.is_none() && r.message.is_none() {
            return Err(self.error(
                raw.id.span(),
                "requires needs a path or a message condition".to_owned(),
            ));
        }
        Ok(Some(Requires {
            path: r
                .path
                .as_ref()
                .map(|p| self.compile(p, "requires.path pattern"))
                .transpose()?,
            path_unless: r
                .path_unless
                .as_ref()
                .map(|p| self.compile(p, "requires.path_unless pattern"))
                .transpose()?,
            message: r
                .message
                .as_ref()
                .map(|m| self.compile(m, "requires.message pattern"))
                .transpose()?,
        }))
    }
}

impl RuleSet {
    /// Load and validate rule files; a source whose name ends with [`WEIGHTS_FILE`]
    /// is the weights file. The first problem found is returned, naming the file,
    /// the rule and the position.
    pub fn from_sources(sources: &[RuleSource]) -> Result<RuleSet, LoadError> {
        let (weights, rules): (Vec<&RuleSource>, Vec<&RuleSource>) =
            sources.iter().partition(|s| s.name.ends_with(WEIGHTS_FILE));
        if let [first, second, ..] = weights.as_slice() {
            return Err(LoadError {
                file: second.name.clone(),
                rule: None,
                line: 0,
                column: 0,
                message: format!("a second weights file (the first is {})", first.name),
            });
        }
        RuleSet::with_weights(rules, weights.first().copied())
    }

    /// Load and validate rule files, weighed with `weights` (none: any hit credits
    /// its skill).
    pub fn with_weights<'s>(
        sources: impl IntoIterator<Item = &'s RuleSource>,
        weights: Option<&RuleSource>,
    ) -> Result<RuleSet, LoadError> {
        let catalogue = catalogue();
        let mut rules: Vec<Rule> = Vec::new();
        let mut ids: BTreeMap<String, String> = BTreeMap::new();
        for source in sources {
            load_file(source, catalogue, &mut ids, &mut rules)?;
        }
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        let buckets = build_buckets(&rules);
        let word_matcher = WordMatcher::new(&rules);
        let scoring = match weights {
            Some(source) => Scoring::compile(
                &source.name,
                &source.text,
                &rules,
                &catalogue.0.keys().cloned().collect::<Vec<_>>(),
            )?,
            None => Scoring::default(),
        };
        Ok(RuleSet {
            rules,
            buckets,
            word_matcher,
            scoring,
        })
    }

    /// The rules, sorted by id.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// How hits add up to crediting a skill.
    pub fn scoring(&self) -> &Scoring {
        &self.scoring
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
        self.scoped_matches(target, Some(path), language, text, out);
    }

    /// [`matches`](Self::matches), with path globs checked only when `path` is given.
    /// Returns whether the line may hold words of the word rules, when the
    /// bucket's prefilter could tell (see [`Prefilter`]).
    fn scoped_matches(
        &self,
        target: Target,
        path: Option<&str>,
        language: Option<Language>,
        text: &str,
        out: &mut Vec<usize>,
    ) -> Option<bool> {
        let may_hold_words = self.candidates(target, language, text, out);
        self.keep_matching(target, path, language, text, out);
        may_hold_words
    }

    /// The bucket of rules for lines of `target` in files of `language`.
    fn bucket(&self, target: Target, language: Option<Language>) -> Option<&Bucket> {
        let key = match target {
            Target::Message => (target, None),
            _ => (target, language),
        };
        self.buckets.get(&key)
    }

    /// The pattern rules (indices) `text` could match, sorted, into `out`: those
    /// the bucket's prefilter lets through, or those its set matches when the
    /// bucket has no prefilter. Returns whether the line may hold words of
    /// the word rules when the prefilter could tell.
    fn candidates(
        &self,
        target: Target,
        language: Option<Language>,
        text: &str,
        out: &mut Vec<usize>,
    ) -> Option<bool> {
        out.clear();
        let bucket = self.bucket(target, language)?;
        let stems = match (target, &self.word_matcher) {
            (Target::Added | Target::Removed, Some(matcher)) => matcher.stems.as_slice(),
            _ => &[],
        };
        if !Prefilter::judges(text) {
            // The literals are searched without ASCII case, which misses a character
            // that folds to an ASCII letter: rare enough to try every pattern.
            out.extend_from_slice(&bucket.rules);
            return None;
        }
        match bucket.prefilter(stems) {
            Some(prefilter) => Some(prefilter.candidates(text, out)),
            None => {
                // The set's word boundaries are ASCII, which judges ASCII text as
                // the rules' own patterns do, but not a pattern's non-ASCII word
                // characters next to a `\b` in non-ASCII text.
                match bucket.set().filter(|_| text.is_ascii()) {
                    Some(set) => out.extend(set.matches(text).iter().map(|i| bucket.rules[i])),
                    None => out.extend_from_slice(&bucket.rules),
                }
                None
            }
        }
    }

    /// Keep the rules of `candidates` whose pattern matches `text` in scope (path
    /// globs only when `path` is given), not vetoed by their `unless`.
    fn keep_matching(
        &self,
        target: Target,
        path: Option<&str>,
        language: Option<Language>,
        text: &str,
        candidates: &mut Vec<usize>,
    ) {
        if candidates.is_empty() {
            return;
        }
        let is_comment = matches!(target, Target::Added | Target::Removed)
            && language.is_some_and(|l| l.is_comment_line(text));
        let ascii_text = text.is_ascii();
        candidates.retain(|&index| {
            let rule = &self.rules[index];
            let in_scope = match path {
                Some(path) => rule.applies_to(path, language),
                None => {
                    rule.languages.is_empty()
                        || language.is_some_and(|l| rule.languages.contains(&l))
                }
            };
            if (is_comment && !rule.comments) || (target != Target::Message && !in_scope) {
                return false;
            }
            let is_match = match &rule.ascii_pattern {
                Some(ascii) if ascii_text => ascii.is_match(text.as_bytes()),
                _ => rule.pattern.is_match(text),
            };
            is_match && !rule.unless.as_ref().is_some_and(|u| u.is_match(text))
        });
    }

    /// The text rule `index` (into [`rules`](Self::rules)) matches in `text`: the first
    /// match of its pattern, or `None` when it does not match or its `unless` pattern
    /// does. Scope and comments are not checked. For a word rule, the words it
    /// matches in `text` in any of its roles (see [`match_line`](Self::match_line)).
    pub fn rule_match(
        &self,
        index: usize,
        text: &str,
        scratch: &mut LineScratch,
    ) -> Option<String> {
        let rule = self.rules.get(index)?;
        if rule.unless.as_ref().is_some_and(|u| u.is_match(text)) {
            return None;
        }
        if !rule.is_word_rule() {
            return rule.pattern.find(text).map(|m| m.as_str().to_owned());
        }
        let matcher = self.word_matcher.as_ref()?;
        scratch.view.clear();
        words::push_words(text, &mut scratch.view);
        words::finish(&mut scratch.view);
        // The rule's first words in the line, found with the shared automaton.
        matcher
            .automaton
            .find_overlapping_iter(scratch.view.as_str())
            .find(|m| matcher.rules[m.pattern().as_usize()] == index)
            .map(|m| scratch.view[m.range()].trim().to_owned())
    }

    /// Every rule that matches one added or removed line, with the role of the part
    /// it matched in, in ascending rule order.
    ///
    /// Pattern rules see the whole line (comment lines only if they say
    /// `comments = true`). Word rules see the line's words by role: in a code
    /// file, the name a definition introduces, the code outside strings, the
    /// string literals and comment lines each count only for rules listing that
    /// role; in a test or docs file the whole line counts as `test` or `docs`.
    /// A word rule matching both a definition and its code counts once, as the
    /// definition.
    #[allow(clippy::too_many_arguments)]
    pub fn match_line(
        &self,
        target: Target,
        path: &str,
        language: Option<Language>,
        file: FileKind,
        text: &str,
        scratch: &mut LineScratch,
        out: &mut Vec<LineHit>,
    ) {
        out.clear();
        // A brace, a blank or `);` says nothing any rule looks for.
        if text
            .bytes()
            .filter(|b| !b.is_ascii_whitespace())
            .nth(2)
            .is_none()
        {
            return;
        }
        let tag = target as u32 | (file as u32) << 2 | language.map_or(0, |l| l as u32 + 1) << 4;
        let key = LineCache::key(tag, text);
        // Path globs are the one thing the cache does not know.
        let in_path = |hit: &&LineHit| {
            self.rules[hit.rule]
                .paths
                .as_ref()
                .is_none_or(|g| g.is_match(path))
        };
        if let Some(cached) = scratch.cache.get(key, tag, text) {
            out.extend(cached.iter().filter(in_path));
            return;
        }
        let mut candidates = std::mem::take(&mut scratch.found);
        let may_hold_words = self.candidates(target, language, text, &mut candidates);
        scratch.found = candidates;
        let mut hits = std::mem::take(&mut scratch.hits);
        self.line_hits(
            target,
            language,
            file,
            text,
            may_hold_words,
            scratch,
            &mut hits,
        );
        scratch.cache.insert(key, tag, text, &hits);
        out.extend(hits.iter().filter(in_path));
        scratch.hits = hits;
    }

    /// What [`match_line`](Self::match_line) finds in a line, path globs aside,
    /// given the line's [`candidates`](Self::candidates) in `scratch.found` and
    /// what they said of its words.
    #[allow(clippy::too_many_arguments)]
    fn line_hits(
        &self,
        target: Target,
        language: Option<Language>,
        file: FileKind,
        text: &str,
        may_hold_words: Option<bool>,
        scratch: &mut LineScratch,
        out: &mut Vec<LineHit>,
    ) {
        out.clear();
        let is_comment = language.is_some_and(|l| l.is_comment_line(text));
        let text_role = match file {
            FileKind::Test => Role::Test,
            FileKind::Docs => Role::Docs,
            FileKind::Code if is_comment => Role::Comment,
            FileKind::Code => Role::Code,
        };
        self.keep_matching(target, None, language, text, &mut scratch.found);
        out.extend(scratch.found.iter().map(|&rule| LineHit {
            rule,
            role: text_role,
        }));
        let Some(matcher) = &self.word_matcher else {
            out.sort_unstable();
            return;
        };
        if !matches!(target, Target::Added | Target::Removed)
            || !may_hold_words.unwrap_or_else(|| matcher.prefilter.is_match(text))
        {
            out.sort_unstable();
            return;
        }
        let words_of = |role: Role, part: &str, view: &mut String, out: &mut Vec<LineHit>| {
            view.clear();
            words::push_words(part, view);
            if view.is_empty() {
                return;
            }
            words::finish(view);
            for found in matcher.automaton.find_overlapping_iter(view.as_str()) {
                let rule = matcher.rules[found.pattern().as_usize()];
                let r = &self.rules[rule];
                if r.target != target
                    || !r.roles.contains(&role)
                    || out.iter().any(|h| h.rule == rule)
                    || !(r.languages.is_empty()
                        || language.is_some_and(|l| r.languages.contains(&l)))
                    || r.unless.as_ref().is_some_and(|u| u.is_match(text))
                {
                    continue;
                }
                out.push(LineHit { rule, role });
            }
        };
        let LineScratch {
            code,
            strings,
            view,
            ..
        } = scratch;
        if text_role != Role::Code {
            words_of(text_role, text, view, out);
        } else {
            if let Some(language) = language
                && let Some(name) = words::defined_name(text, language)
            {
                words_of(Role::Definition, name, view, out);
            }
            words::split_strings(text, language, code, strings);
            words_of(Role::Code, code, view, out);
            if !strings.is_empty() {
                words_of(Role::String, strings, view, out);
            }
        }
        out.sort_unstable();
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
        let mut hits = Vec::new();
        let mut scratch = LineScratch::default();
        for (index, rule) in self.rules.iter().enumerate() {
            // Word rules' examples are lines of code in their first language (or C).
            let language = rule
                .languages
                .first()
                .copied()
                .or(rule.is_word_rule().then_some(Language::C));
            let path = example_path(rule, language);
            for (text, expected) in rule
                .examples_match
                .iter()
                .map(|t| (t, true))
                .chain(rule.examples_no_match.iter().map(|t| (t, false)))
            {
                let matched = if rule.is_word_rule() {
                    // The example counts in any of the rule's roles: as code (or the
                    // definition on the line), as a comment, or as a line of a test or
                    // docs file.
                    [FileKind::Code, FileKind::Test, FileKind::Docs]
                        .into_iter()
                        .any(|file| {
                            self.match_line(
                                rule.target,
                                &path,
                                language,
                                file,
                                text,
                                &mut scratch,
                                &mut hits,
                            );
                            hits.iter().any(|h| h.rule == index)
                        })
                } else {
                    self.matches(rule.target, &path, language, text, &mut found);
                    found.contains(&index)
                };
                if matched != expected {
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
/// own pattern. On ASCII text an ASCII boundary sits wherever a Unicode one does,
/// so the sets run on ASCII text only (next to a non-ASCII letter the two differ).
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
                    // `\b{start}`, `\b{end}`, `\b{start-half}`, `\b{end-half}`.
                    if next == 'b' && chars.peek() == Some(&'{') {
                        for c in chars.by_ref() {
                            out.push(c);
                            if c == '}' {
                                break;
                            }
                        }
                    }
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

/// `pattern` compiled without Unicode, for ASCII text: classes, case-insensitivity
/// and word boundaries are ASCII, which on ASCII text is what they are with
/// Unicode, with far smaller automata. `None` if it does not compile that way, or
/// if the pattern names a non-ASCII character: without Unicode that is its bytes,
/// and case folding no longer makes the Kelvin sign a `k` or the long s an `s`.
fn ascii_regex(pattern: &str) -> Option<regex::bytes::Regex> {
    if names_non_ascii(pattern) {
        return None;
    }
    regex::bytes::RegexBuilder::new(pattern)
        .unicode(false)
        .dfa_size_limit(RULE_DFA_CACHE_BYTES)
        .build()
        .ok()
}

/// Whether `pattern` names a character outside ASCII, written out or escaped, as a
/// literal or in a class range (true too when it does not parse).
fn names_non_ascii(pattern: &str) -> bool {
    use regex_syntax::ast::{self, Ast, ClassSetItem};

    struct NonAscii;
    impl ast::Visitor for NonAscii {
        type Output = ();
        type Err = ();
        fn finish(self) -> Result<(), ()> {
            Ok(())
        }
        fn visit_pre(&mut self, ast: &Ast) -> Result<(), ()> {
            match ast {
                Ast::Literal(literal) if !literal.c.is_ascii() => Err(()),
                _ => Ok(()),
            }
        }
        fn visit_class_set_item_pre(&mut self, item: &ClassSetItem) -> Result<(), ()> {
            match item {
                ClassSetItem::Literal(literal) if !literal.c.is_ascii() => Err(()),
                ClassSetItem::Range(range) if !range.end.c.is_ascii() => Err(()),
                _ => Ok(()),
            }
        }
    }

    match ast::parse::Parser::new().parse(pattern) {
        Ok(parsed) => ast::visit(&parsed, NonAscii).is_err(),
        Err(_) => true,
    }
}

/// Lazy DFA cache per rule pattern and thread.
const RULE_DFA_CACHE_BYTES: usize = 256 * 1024;

/// Lazy DFA cache per bucket and thread (the regex default is 2 MiB). Measured on
/// git/git with two threads (`benches/scale.py`): 64 MiB took 443 MiB of allocated
/// memory, 16 MiB 387 and 8 MiB 361, at the same speed.
const DFA_CACHE_BYTES: usize = 8 * 1024 * 1024;

fn build_buckets(rules: &[Rule]) -> HashMap<(Target, Option<Language>), Bucket> {
    let mut members: BTreeMap<(Target, Option<Language>), BTreeSet<usize>> = BTreeMap::new();
    for (index, rule) in rules.iter().enumerate() {
        if rule.is_word_rule() {
            continue;
        }
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
            let patterns = rules_in
                .iter()
                .map(|&i| ascii_word_boundaries(rules[i].pattern.as_str()))
                .collect();
            (key, Bucket::new(rules_in, patterns))
        })
        .collect()
}

/// Check one `words` entry: lower-case ASCII words separated by single spaces;
/// the last word may end in `*` to match any word it begins (`authori*` matches
/// `authorize` and `authorization`). Returns the entry as a regular expression
/// over a line's words (as documentation; the automaton does the matching).
fn word_pattern(entry: &str) -> Result<String, String> {
    if entry.is_empty() || entry.starts_with(' ') || entry.ends_with(' ') || entry.contains("  ") {
        return Err(format!(
            "{entry:?} must be words separated by single spaces"
        ));
    }
    let mut parts = Vec::new();
    let last = entry.split(' ').count() - 1;
    for (k, word) in entry.split(' ').enumerate() {
        if k < last && word.ends_with('*') {
            return Err(format!("{entry:?}: only the last word may end with *"));
        }
        let (stem, prefix) = match word.strip_suffix('*') {
            Some(stem) => (stem, true),
            None => (word, false),
        };
        if stem.is_empty()
            || !stem
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        {
            return Err(format!(
                "{word:?} is not a lower-case ASCII word (letters and digits, an optional trailing *)"
            ));
        }
        parts.push(if prefix {
            format!("{stem}[a-z0-9]*")
        } else {
            stem.to_owned()
        });
    }
    Ok(parts.join(" "))
}

#[cfg(test)]
mod tests {
    use super::ascii_word_boundaries as ascii;
    use crate::{Language, Target};

    #[test]
    fn word_boundaries_become_ascii_outside_classes() {
        assert_eq!(ascii(r"\bfoo\B"), r"(?-u:\b)foo(?-u:\B)");
        assert_eq!(ascii(r"[\b]\\b"), r"[\b]\\b");
        assert_eq!(ascii(r"[]\b]x\b"), r"[]\b]x(?-u:\b)");
        assert_eq!(ascii(r"[^]a]\b"), r"[^]a](?-u:\b)");
        assert_eq!(ascii(r"\d+\s"), r"\d+\s");
        assert_eq!(
            ascii(r"\b{start}x\b{end}"),
            r"(?-u:\b{start})x(?-u:\b{end})"
        );
        regex::Regex::new(&ascii(r"\b{start-half}x\b{end}")).expect("compiles");
    }

    #[test]
    fn ascii_sets_still_compile_for_the_default_pack() {
        let rules = super::RuleSet::from_sources(&crate::default_sources()).expect("loads");
        for rule in rules.rules() {
            regex::Regex::new(&ascii(rule.pattern.as_str()))
                .unwrap_or_else(|e| panic!("{}: {e}", rule.id));
        }
    }

    /// Every rule of `rules` that matches `text` as `target` in `path`, each pattern
    /// tried on its own: what the prefilter and the sets must agree with.
    fn brute_force(
        rules: &super::RuleSet,
        target: Target,
        path: &str,
        language: Option<Language>,
        text: &str,
    ) -> Vec<usize> {
        let is_comment = matches!(target, Target::Added | Target::Removed)
            && language.is_some_and(|l| l.is_comment_line(text));
        (0..rules.rules().len())
            .filter(|&i| {
                let rule = &rules.rules()[i];
                !rule.is_word_rule()
                    && rule.target == target
                    && (target == Target::Message || rule.applies_to(path, language))
                    && (!is_comment || rule.comments)
                    && rule.pattern.is_match(text)
                    && !rule.unless.as_ref().is_some_and(|u| u.is_match(text))
            })
            .collect()
    }

    #[test]
    fn the_prefilter_finds_what_every_pattern_finds() {
        let mut sources = crate::default_sources();
        // Unicode case folding makes the Kelvin sign a `k`: text holding it is left
        // to the patterns, which find it.
        sources.push(super::RuleSource {
            name: "extra.toml".into(),
            text: r#"
[[rule]]
id = "kafka-consumer"
skill = "acid"
signal = "transaction"
depth = 1
target = "added"
pattern = '(?i)\bkafka\b'
description = "Kafka"
examples.match = ["let kafka = connect();", "KAFKA_URL"]
examples.no_match = ["let total = 1;", "kafkaesque"]
"#
            .into(),
        });
        let rules = super::RuleSet::from_sources(&sources).expect("loads");
        let mut lines: Vec<String> = Vec::new();
        for rule in rules.rules() {
            lines.extend(rule.examples_match.iter().cloned());
            lines.extend(rule.examples_no_match.iter().cloned());
        }
        // Non-ASCII text, with and without the characters case folding adds.
        lines.extend(
            [
                "let caf\u{e9} = ERROR_TIMEOUT; // r\u{e9}essayer",
                "\u{212A}afka.send(msg)?;",
                "if (err) return error(\"\u{17F}tatus\");",
                "    return Err(ConfigError::Invalid(\"\u{fc}ber\"));",
            ]
            .map(String::from),
        );
        let files = [
            ("src/lib.rs", Some(Language::Rust)),
            ("main.go", Some(Language::Go)),
            ("app.py", Some(Language::Python)),
            ("refs.c", Some(Language::C)),
            ("db/schema.sql", Some(Language::Sql)),
            ("Cargo.toml", Language::detect("Cargo.toml")),
            ("notes.txt", None),
        ];
        let mut out = Vec::new();
        let mut checked = 0;
        for text in &lines {
            for target in [
                Target::Added,
                Target::Removed,
                Target::Message,
                Target::Path,
            ] {
                for &(path, language) in &files {
                    rules.matches(target, path, language, text, &mut out);
                    let expected = brute_force(&rules, target, path, language, text);
                    let ids = |found: &[usize]| -> Vec<&str> {
                        found
                            .iter()
                            .map(|&i| rules.rules()[i].id.as_str())
                            .collect()
                    };
                    assert_eq!(ids(&out), ids(&expected), "{target:?} {path} {text:?}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 10_000, "{checked}");
        let kafka = rules
            .rules()
            .iter()
            .position(|r| r.id == "kafka-consumer")
            .expect("the extra rule");
        rules.matches(
            Target::Added,
            "src/lib.rs",
            Some(Language::Rust),
            "\u{212A}afka.send(msg)?;",
            &mut out,
        );
        assert!(out.contains(&kafka), "{out:?}");
    }

    /// A rule file of `patterns`, one rule each (`r0`, `r1`, ...), all of `target`.
    fn pack(target: &str, patterns: &[String]) -> Vec<super::RuleSource> {
        let mut text = String::new();
        for (i, pattern) in patterns.iter().enumerate() {
            text.push_str(&format!(
                "[[rule]]\nid = \"r{i}\"\nskill = \"acid\"\nsignal = \"transaction\"\n\
                 depth = 1\ntarget = \"{target}\"\npattern = '''{pattern}'''\n\
                 description = \"generated\"\n\
                 examples.match = [\"a\", \"b\"]\nexamples.no_match = [\"c\", \"d\"]\n\n"
            ));
        }
        vec![super::RuleSource {
            name: "generated.toml".into(),
            text,
        }]
    }

    /// Whether the matching agrees with trying every pattern on `lines`.
    fn agrees(target: Target, patterns: &[String], lines: &[&str]) -> Result<(), String> {
        let name = match target {
            Target::Message => "message",
            _ => "added",
        };
        let rules = super::RuleSet::from_sources(&pack(name, patterns))
            .map_err(|e| format!("does not load: {e}"))?;
        let mut out = Vec::new();
        for text in lines {
            rules.matches(target, "src/lib.rs", Some(Language::Rust), text, &mut out);
            let expected = brute_force(&rules, target, "src/lib.rs", Some(Language::Rust), text);
            if out != expected {
                return Err(format!(
                    "{patterns:?} on {text:?}: {out:?}, expected {expected:?}"
                ));
            }
        }
        Ok(())
    }

    #[test]
    fn non_ascii_characters_in_patterns_keep_their_unicode_meaning() {
        // The Kelvin sign and the long s fold to `k` and `s`, written or escaped.
        for pattern in [
            r"(?i)\x{212A}afka\b",
            "(?i)\u{17F}hutdown",
            r"(?i)[\x{2100}-\x{2130}]afka",
        ] {
            agrees(
                Target::Added,
                &[pattern.to_owned()],
                &[
                    "let kafka = 1;",
                    "SHUTDOWN the pool",
                    "shutdown",
                    "\u{212A}afka",
                ],
            )
            .unwrap_or_else(|problem| panic!("{problem}"));
        }
        // A bucket of more than four patterns without literals matches with a set,
        // whose ASCII word boundaries do not judge non-ASCII text.
        let mut patterns: Vec<String> = [
            r"^\d+$",
            r"^\w{40}$",
            r"\s{3}\S",
            r"^[A-Z]{2,}:",
            r"[[:punct:]]{3}",
        ]
        .map(String::from)
        .to_vec();
        patterns.push("\\b\u{e9}t\u{e9}\\b".to_owned());
        patterns.push("\\b{start}caf\u{e9}\\b{end}".to_owned());
        agrees(
            Target::Message,
            &patterns,
            &[
                "\u{e9}t\u{e9}",
                "un \u{e9}t\u{e9} chaud",
                "caf\u{e9} noir",
                "123",
                "FIX: x",
            ],
        )
        .unwrap_or_else(|problem| panic!("{problem}"));
    }

    /// What generated patterns are made of.
    const PIECES: &[&str] = &[
        "kafka",
        "lock",
        "commit",
        r"\b",
        r"\B",
        r"\b{start}",
        r"\b{end}",
        r"\w+",
        r"\d",
        r"\s+",
        ".",
        "[a-z]+",
        "[^ ]",
        r"\x{212A}",
        "\u{17F}",
        "\u{e9}",
        "t\u{e9}",
        "(err|fail)",
        "_",
        "x?",
        r"\(",
        "^",
        "$",
        "K",
        "S",
    ];

    /// What generated lines are made of.
    const LINE_PARTS: &[&str] = &[
        "kafka", "KAFKA", "Kafka", "lock", "LOCK", "commit", " ", "_", "(", ")", "err", "fail",
        "\u{212A}", "\u{17F}", "\u{e9}", "t\u{e9}", "x", "1", "s", "S", "k", "\u{fc}", "\t",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// Packs of patterns made of literals (some non-ASCII, some folding to ASCII
        /// letters), classes, word boundaries and case-insensitivity, on lines of
        /// the same characters: the prefilter, the sets and the ASCII patterns find
        /// exactly what trying every pattern finds.
        #[test]
        fn generated_packs_match_as_their_patterns_do(
            pieces in proptest::collection::vec(
                proptest::collection::vec(0usize..PIECES.len(), 1..5), 1..8),
            folds in proptest::collection::vec(proptest::bool::ANY, 8),
            message in proptest::bool::ANY,
            lines in proptest::collection::vec(
                proptest::collection::vec(0usize..LINE_PARTS.len(), 0..8), 1..12),
        ) {
            let patterns: Vec<String> = pieces
                .iter()
                .zip(&folds)
                .map(|(parts, &fold)| {
                    let body: String = parts.iter().map(|&p| PIECES[p]).collect();
                    if fold { format!("(?i){body}") } else { body }
                })
                .collect();
            let lines: Vec<String> = lines
                .iter()
                .map(|parts| parts.iter().map(|&p| LINE_PARTS[p]).collect())
                .collect();
            let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
            let target = if message { Target::Message } else { Target::Added };
            if let Err(problem) = agrees(target, &patterns, &lines) {
                proptest::prop_assert!(false, "{}", problem);
            }
        }
    }
}
