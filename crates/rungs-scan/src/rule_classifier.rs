//! The [`Classifier`] backed by a rule set: added and removed lines, paths and
//! message lines are matched against the rules of `rungs-rules`, and the hits of
//! a commit are weighed together into the skills it is credited with.
//!
//! What counts, commit by commit:
//! - Pattern rules see whole lines; word rules see a line's words by role (the
//!   name a definition introduces, code, strings, comments, test and docs files).
//! - A changed line that keeps what a rule found is not new evidence: a hit on
//!   an added line does not count when a removed line of the same hunk has the
//!   same match, and the other way round.
//! - Moved code is not new evidence: a line removed in one place and added in
//!   another (with a neighbour moved along with it), in any file of the commit.
//! - Trailers naming the author themself are not evidence of working together.
//! - The hits left are weighed per skill (see `rungs_rules::scoring`); the hits
//!   of skills the commit is not credited with are dropped, so every hit a
//!   record keeps is evidence of a credited skill.

use std::hash::{BuildHasher, Hash, Hasher};

use bstr::{BStr, ByteSlice};
use rungs_rules::{
    Fact, FileKind, Language, LineHit, LineScratch, Place, Role, RuleSet, Target, fit::Example,
    redact::evidence_text,
};

use crate::classify::{Classifier, EVIDENCE_PER_RULE, FileLines, Hit, Line, MessageInput};

/// The depth of evidence found in the name a definition introduces: a commit
/// that defines a function or type named for a skill builds its mechanism.
const DEFINITION_DEPTH: u8 = 3;

/// Classifies with a compiled [`RuleSet`].
#[derive(Debug)]
pub struct RuleClassifier {
    rules: RuleSet,
    /// When fitting weights: every commit's evidence before it is weighed.
    recorded: Option<std::sync::Mutex<Vec<Example>>>,
}

/// One match of a rule on one changed line, kept until the commit is complete.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    rule: u32,
    place: Place,
    /// The line's text (normalised) and that of its neighbours on the same side,
    /// for telling moved code; 0 for message and path hits.
    line: u64,
    before: u64,
    after: u64,
    added: bool,
    /// The index of the hit it produced in the commit's hits, if it produced one.
    hit: Option<usize>,
    /// Found in a file whose change is a reshaping (names changed, code reformatted):
    /// not new evidence.
    reshaped: bool,
}

/// What a worker keeps about the commit being classified.
#[derive(Debug, Default)]
pub struct CommitState {
    scratch: LineScratch,
    line_hits: Vec<LineHit>,
    candidates: Vec<Candidate>,
    /// Normalised texts of every added and removed line of the commit.
    added: foldhash::HashSet<u64>,
    removed: foldhash::HashSet<u64>,
    /// Whether any changed file is code, a test, or documentation.
    saw_code: bool,
    saw_test: bool,
    saw_docs: bool,
    /// Per line of the file being classified: its normalised text.
    hashes: Vec<u64>,
    /// Shapes of the removed lines of the file being classified.
    shapes: foldhash::HashSet<u64>,
    per_rule: Vec<(usize, usize)>,
}

impl CommitState {
    fn reset(&mut self) {
        self.candidates.clear();
        self.added.clear();
        self.removed.clear();
        self.saw_code = false;
        self.saw_test = false;
        self.saw_docs = false;
    }
}

impl RuleClassifier {
    /// Classify with `rules`.
    pub fn new(rules: RuleSet) -> Self {
        RuleClassifier {
            rules,
            recorded: None,
        }
    }

    /// Classify with `rules`, and keep every commit's evidence as it stands before
    /// it is weighed (for fitting weights; see [`take_recorded`](Self::take_recorded)).
    pub fn recording(rules: RuleSet) -> Self {
        RuleClassifier {
            rules,
            recorded: Some(std::sync::Mutex::new(Vec::new())),
        }
    }

    /// The evidence recorded since the last call, in the order commits were weighed.
    pub fn take_recorded(&self) -> Vec<Example> {
        self.recorded.as_ref().map_or_else(Vec::new, |r| {
            std::mem::take(&mut *r.lock().unwrap_or_else(|p| p.into_inner()))
        })
    }

    /// The rules; [`Hit::rule`] indexes [`RuleSet::rules`].
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Classify `lines` (one side of a file's diff) as `target`; `other` is the other side.
    #[allow(clippy::too_many_arguments)]
    fn lines(
        &self,
        state: &mut CommitState,
        target: Target,
        path: &str,
        language: Option<Language>,
        kind: FileKind,
        lines: &[Line<'_>],
        other: &[Line<'_>],
        hits: &mut Vec<Hit>,
    ) {
        let added = target == Target::Added;
        state.hashes.clear();
        state
            .hashes
            .extend(lines.iter().map(|l| normalised_hash(l.text)));
        let set = if added {
            &mut state.added
        } else {
            &mut state.removed
        };
        set.extend(state.hashes.iter().copied().filter(|&h| h != 0));
        // Hits per rule in this file: past EVIDENCE_PER_RULE a hit adds nothing the
        // commit-level pruning would keep, so its text is not even built.
        state.per_rule.clear();
        let mut line_hits = std::mem::take(&mut state.line_hits);
        for (k, line) in lines.iter().enumerate() {
            let text = line.text.to_str_lossy();
            let text = text.trim_end_matches(['\n', '\r']);
            self.rules.match_line(
                target,
                path,
                language,
                kind,
                text,
                &mut state.scratch,
                &mut line_hits,
            );
            for found in &line_hits {
                let index = found.rule;
                if self.kept_in_hunk(state, index, text, line.hunk, other) {
                    continue;
                }
                let before = k
                    .checked_sub(1)
                    .filter(|&j| lines[j].hunk == line.hunk)
                    .map_or(0, |j| state.hashes[j]);
                let after = lines
                    .get(k + 1)
                    .filter(|l| l.hunk == line.hunk)
                    .map_or(0, |_| state.hashes[k + 1]);
                let seen = match state.per_rule.iter_mut().find(|(rule, _)| *rule == index) {
                    Some((_, n)) => n,
                    None => {
                        state.per_rule.push((index, 0));
                        &mut state.per_rule.last_mut().expect("just pushed").1
                    }
                };
                *seen += 1;
                let hit = (*seen <= EVIDENCE_PER_RULE).then(|| {
                    let rule = &self.rules.rules()[index];
                    hits.push(Hit {
                        rule: rule_index(index),
                        path: Some(path.into()),
                        line: Some(line.number),
                        text: Some(evidence_text(text)),
                        depth: if found.role == Role::Definition {
                            rule.depth.max(DEFINITION_DEPTH)
                        } else {
                            rule.depth
                        },
                    });
                    hits.len() - 1
                });
                state.candidates.push(Candidate {
                    rule: rule_index(index),
                    place: Place::Line(found.role),
                    line: state.hashes[k],
                    before,
                    after,
                    added,
                    hit,
                    reshaped: false,
                });
            }
        }
        state.line_hits = line_hits;
    }

    /// Whether a line of `hunk` among `other` (the other side) has the same match for
    /// rule `index` as `text`.
    fn kept_in_hunk(
        &self,
        state: &mut CommitState,
        index: usize,
        text: &str,
        hunk: u32,
        other: &[Line<'_>],
    ) -> bool {
        let start = other.partition_point(|l| l.hunk < hunk);
        let mut same_hunk = other[start..]
            .iter()
            .take_while(|l| l.hunk == hunk)
            .peekable();
        if same_hunk.peek().is_none() {
            return false;
        }
        let Some(found) = self.rules.rule_match(index, text, &mut state.scratch) else {
            return false;
        };
        same_hunk.any(|l| {
            let other_text = l.text.to_str_lossy();
            self.rules
                .rule_match(
                    index,
                    other_text.trim_end_matches(['\n', '\r']),
                    &mut state.scratch,
                )
                .is_some_and(|m| m.trim() == found.trim())
        })
    }

    /// Weigh the commit's evidence: drop moved code, score each skill, keep the hits
    /// of the skills credited and set their depths.
    ///
    /// `dropped` marks hits already ruled out (a commit-level condition not met).
    fn weigh(
        &self,
        state: &mut CommitState,
        subject: &str,
        hits: &mut Vec<Hit>,
        mut dropped: Vec<bool>,
    ) {
        let rules = self.rules.rules();
        let scoring = self.rules.scoring();
        let moved = |c: &Candidate| {
            let other = if c.added {
                &state.removed
            } else {
                &state.added
            };
            c.line != 0
                && other.contains(&c.line)
                && ((c.before != 0 && other.contains(&c.before))
                    || (c.after != 0 && other.contains(&c.after)))
        };
        let mut counts: Vec<(u32, Place, u32)> = Vec::new();
        for c in &state.candidates {
            if c.hit.is_some_and(|h| dropped[h]) {
                continue;
            }
            if c.reshaped || moved(c) {
                if let Some(h) = c.hit {
                    dropped[h] = true;
                }
                continue;
            }
            match counts
                .iter_mut()
                .find(|(r, p, _)| *r == c.rule && *p == c.place)
            {
                Some((_, _, n)) => *n += 1,
                None => counts.push((c.rule, c.place, 1)),
            }
        }
        let tests_only = state.saw_test && !state.saw_code;
        let docs_only = state.saw_docs && !state.saw_code && !state.saw_test;
        let fix = scoring.is_fix(subject);
        let facts: Vec<Fact> = Fact::ALL
            .into_iter()
            .filter(|&fact| match fact {
                Fact::TestsOnly => tests_only,
                Fact::DocsOnly => docs_only,
                Fact::Fix => fix,
            })
            .collect();
        if let Some(recorded) = &self.recorded {
            recorded
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(Example {
                    counts: counts.clone(),
                    facts: facts.clone(),
                    skills: Vec::new(),
                });
        }
        // Skills with evidence left, and whether each is credited.
        let mut credited: Vec<(&str, bool)> = Vec::new();
        for &(rule, _, _) in &counts {
            let skill = rules[rule as usize].skill.as_str();
            if !credited.iter().any(|(s, _)| *s == skill) {
                let score = scoring.score(rules, skill, &counts, &facts);
                credited.push((skill, score.is_none_or(|s| s > 0.0)));
            }
        }
        let mut index = 0;
        hits.retain_mut(|hit| {
            let keep = !dropped.get(index).copied().unwrap_or(false) && {
                let rule = &rules[hit.rule as usize];
                credited
                    .iter()
                    .any(|(s, yes)| *yes && *s == rule.skill.as_str())
            };
            index += 1;
            if keep
                && fix
                && let Some(depth) = scoring
                    .skill(&rules[hit.rule as usize].skill)
                    .and_then(|w| w.fix_depth)
            {
                hit.depth = hit.depth.max(depth.min(hit.depth + 1));
            }
            keep
        });
    }
}

/// A hash of a line's text with blanks removed (0 for a line of blanks only, or
/// too short to tell moved code from a coincidence).
fn normalised_hash(text: &BStr) -> u64 {
    let mut hasher = foldhash::fast::FixedState::with_seed(0).build_hasher();
    let mut kept = 0usize;
    for &b in text.iter() {
        if !b.is_ascii_whitespace() {
            b.hash(&mut hasher);
            kept += 1;
        }
    }
    if kept < MOVED_MIN_CHARS {
        return 0;
    }
    hasher.finish() | 1
}

/// Lines shorter than this (`}`, `return err;`) are too common to tell moved code.
const MOVED_MIN_CHARS: usize = 12;

/// The share of a file's added lines that must have the shape of a removed line
/// for the change to be a reshaping (a rename, a reformat) rather than new code.
const RESHAPED_SHARE: f64 = 0.8;

/// Whether most added lines of `file` are removed lines with other names or
/// spacing: `if e != nil` becoming `if err != nil`, a call renamed throughout.
fn is_reshaping(state: &mut CommitState, file: &FileLines<'_>) -> bool {
    if file.added.len() < 2 || file.removed.len() < 2 {
        return false;
    }
    state.shapes.clear();
    state
        .shapes
        .extend(file.removed.iter().map(|l| shape_hash(l.text)));
    let alike = file
        .added
        .iter()
        .filter(|l| state.shapes.contains(&shape_hash(l.text)))
        .count();
    alike as f64 >= RESHAPED_SHARE * file.added.len() as f64
}

/// A hash of a line's shape: every identifier or number replaced by one mark,
/// blanks dropped, so that renaming leaves it unchanged.
fn shape_hash(text: &BStr) -> u64 {
    let mut hasher = foldhash::fast::FixedState::with_seed(1).build_hasher();
    let mut in_word = false;
    for &b in text.iter() {
        let word = b.is_ascii_alphanumeric() || b == b'_' || b == b'$';
        if word {
            if !in_word {
                b'w'.hash(&mut hasher);
            }
        } else if !b.is_ascii_whitespace() {
            b.hash(&mut hasher);
        }
        in_word = word;
    }
    hasher.finish()
}

fn rule_index(index: usize) -> u32 {
    u32::try_from(index).unwrap_or_else(|_| unreachable!("a rule set holds fewer than 2^32 rules"))
}

/// Whether a trailer line (`Key-by: value`) names the author (by name or email).
fn names_the_author(line: &str, name: &str, email: &str) -> bool {
    let Some((key, value)) = line.split_once(':') else {
        return false;
    };
    let key = key.trim();
    if key.is_empty() || key.contains(' ') || !key.contains('-') {
        return false;
    }
    let value = value.trim();
    let (trailer_name, trailer_email) = match value.split_once('<') {
        Some((n, rest)) => (n.trim(), rest.trim_end_matches('>').trim()),
        None => (value, ""),
    };
    (!email.is_empty() && trailer_email.eq_ignore_ascii_case(email))
        || (!name.is_empty() && trailer_name.eq_ignore_ascii_case(name))
}

impl Classifier for RuleClassifier {
    type Commit = CommitState;

    fn wants_lines(&self) -> bool {
        true
    }

    fn classify_file(&self, state: &mut CommitState, file: &FileLines<'_>, hits: &mut Vec<Hit>) {
        let path = file.path.to_str_lossy();
        let language = Language::detect(&path);
        let kind = file_kind(&path);
        match kind {
            FileKind::Test => state.saw_test = true,
            FileKind::Docs => state.saw_docs = true,
            FileKind::Code => state.saw_code = true,
        }
        let first = state.candidates.len();
        self.lines(
            state,
            Target::Added,
            &path,
            language,
            kind,
            file.added,
            file.removed,
            hits,
        );
        self.lines(
            state,
            Target::Removed,
            &path,
            language,
            kind,
            file.removed,
            file.added,
            hits,
        );
        if is_reshaping(state, file) {
            for c in &mut state.candidates[first..] {
                c.reshaped = true;
            }
        }
    }

    fn classify_message(
        &self,
        state: &mut CommitState,
        input: &MessageInput<'_>,
        hits: &mut Vec<Hit>,
    ) {
        let mut found = Vec::new();
        for path in input.paths {
            let path = path.to_str_lossy();
            // Files not diffed (binary, skipped) still say what kind the commit touches.
            match file_kind(&path) {
                FileKind::Test => state.saw_test = true,
                FileKind::Docs => state.saw_docs = true,
                FileKind::Code => state.saw_code |= Language::detect(&path).is_some(),
            }
            self.rules.matches(
                Target::Path,
                &path,
                Language::detect(&path),
                &path,
                &mut found,
            );
            for &index in &found {
                hits.push(Hit {
                    rule: rule_index(index),
                    path: Some(path.as_bytes().into()),
                    line: None,
                    text: None,
                    depth: self.rules.rules()[index].depth,
                });
                state
                    .candidates
                    .push(message_candidate(index, Place::Path, hits.len() - 1));
            }
        }
        // Hits of rules with commit-level conditions stand only if the commit meets them.
        // This runs after every file of the commit was classified.
        let rules = self.rules.rules();
        let mut dropped = vec![false; hits.len()];
        if hits
            .iter()
            .any(|hit| rules[hit.rule as usize].requires.is_some())
        {
            let paths: Vec<std::borrow::Cow<'_, str>> =
                input.paths.iter().map(|p| p.to_str_lossy()).collect();
            let paths: Vec<&str> = paths.iter().map(|p| p.as_ref()).collect();
            let message = input.message.to_str_lossy();
            let fails = |rule: u32| {
                rules[rule as usize]
                    .requires
                    .as_ref()
                    .is_some_and(|requires| !requires.holds(&paths, &message))
            };
            for (hit, flag) in hits.iter().zip(dropped.iter_mut()) {
                *flag = fails(hit.rule);
            }
            state.candidates.retain(|c| !fails(c.rule));
        }
        // Message rules see the subject, the body and the trailers, one line at a time;
        // a trailer naming the author is no evidence of anyone else's part.
        let author_name = input.author_name.to_str_lossy();
        let author_email = input.author_email.to_str_lossy();
        let mut seen: Vec<usize> = Vec::new();
        let mut subject_seen = false;
        let mut subject = String::new();
        for line in input.message.lines() {
            let line: &BStr = line.as_bstr();
            let text = line.to_str_lossy();
            // The subject is the first non-empty line; subject-only rules stop there.
            let is_subject = !subject_seen && !text.trim().is_empty();
            subject_seen |= is_subject;
            if is_subject {
                subject = text.trim().to_owned();
            }
            if names_the_author(&text, &author_name, &author_email) {
                continue;
            }
            self.rules
                .matches(Target::Message, "", None, &text, &mut found);
            for &index in &found {
                // A message rule counts once; its first matching line is the evidence.
                if seen.contains(&index) || (rules[index].subject_only && !is_subject) {
                    continue;
                }
                seen.push(index);
                hits.push(Hit {
                    rule: rule_index(index),
                    path: None,
                    line: None,
                    text: Some(evidence_text(&text)),
                    depth: rules[index].depth,
                });
                state
                    .candidates
                    .push(message_candidate(index, Place::Message, hits.len() - 1));
            }
        }
        dropped.resize(hits.len(), false);
        self.weigh(state, &subject, hits, dropped);
        state.reset();
    }
}

fn message_candidate(index: usize, place: Place, hit: usize) -> Candidate {
    Candidate {
        rule: rule_index(index),
        place,
        line: 0,
        before: 0,
        after: 0,
        added: true,
        hit: Some(hit),
        reshaped: false,
    }
}

/// What kind of file `path` is, for word rules and the facts of a commit.
fn file_kind(path: &str) -> FileKind {
    if rungs_rules::paths::is_test_path(path) {
        FileKind::Test
    } else if rungs_rules::paths::is_docs_path(path) {
        FileKind::Docs
    } else {
        FileKind::Code
    }
}

#[cfg(test)]
mod tests {
    use super::names_the_author;

    #[test]
    fn trailers_naming_the_author() {
        let (name, email) = ("Ada Lovelace", "ada@example.com");
        assert!(names_the_author(
            "Signed-off-by: Ada Lovelace <ada@example.com>",
            name,
            email
        ));
        assert!(names_the_author(
            "Signed-off-by: A. L. <ADA@example.com>",
            name,
            email
        ));
        assert!(names_the_author(
            "Co-authored-by: ada lovelace <other@example.com>",
            name,
            email
        ));
        assert!(!names_the_author(
            "Reviewed-by: Bob <bob@example.com>",
            name,
            email
        ));
        assert!(!names_the_author("Fix the lock: Ada Lovelace", name, email));
    }
}
