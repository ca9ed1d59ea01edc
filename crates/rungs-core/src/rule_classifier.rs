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

use bstr::{BStr, ByteSlice};
use rungs_rules::{
    Fact, FileKind, Language, LineHit, LineScratch, Place, Role, RuleSet, Target, fit::Example,
    redact::evidence_text, scoring::SkillScoring,
};

use rungs_scan::{Classifier, FileLines, Hit, Line, MessageInput, classify::EVIDENCE_PER_RULE};

/// The depth of evidence found in the name a definition introduces: a commit
/// that defines a function or type named for a skill builds its mechanism.
const DEFINITION_DEPTH: u8 = 3;

/// Classifies with a compiled [`RuleSet`].
#[derive(Debug)]
pub struct RuleClassifier {
    rules: RuleSet,
    /// When fitting weights: every commit's evidence before it is weighed.
    recorded: Option<std::sync::Mutex<Vec<Example>>>,
    /// The skills of the rules, and per rule the index of its skill.
    skills: Vec<String>,
    skill_of: Vec<usize>,
    /// Per skill: its weights, `None` for a skill credited on any hit.
    weights: Vec<Option<SkillScoring>>,
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
    /// Normalised texts of every added and removed line of the commit (sorted
    /// only when a candidate has to be looked up in them).
    added: Vec<u64>,
    removed: Vec<u64>,
    /// Whether any changed file is code, a test, or documentation.
    saw_code: bool,
    saw_test: bool,
    saw_docs: bool,
    /// Per line of the file being classified: its normalised text.
    hashes: Vec<u64>,
    /// Hits per line of the two sides of the file being classified.
    added_found: Vec<(usize, LineHit)>,
    removed_found: Vec<(usize, LineHit)>,
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
        let mut skills: Vec<String> = Vec::new();
        let skill_of = rules
            .rules()
            .iter()
            .map(|rule| match skills.iter().position(|s| *s == rule.skill) {
                Some(i) => i,
                None => {
                    skills.push(rule.skill.clone());
                    skills.len() - 1
                }
            })
            .collect();
        let weights = skills
            .iter()
            .map(|s| rules.scoring().skill(s).cloned())
            .collect();
        RuleClassifier {
            rules,
            recorded: None,
            skills,
            skill_of,
            weights,
        }
    }

    /// Classify with `rules`, and keep every commit's evidence as it stands before
    /// it is weighed (for fitting weights; see [`take_recorded`](Self::take_recorded)).
    pub fn recording(rules: RuleSet) -> Self {
        RuleClassifier {
            recorded: Some(std::sync::Mutex::new(Vec::new())),
            ..RuleClassifier::new(rules)
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

    /// Match every line of one side of a file's diff: `found` gets, per hit, the
    /// line's index and the hit, in line order.
    #[allow(clippy::too_many_arguments)]
    fn match_side(
        &self,
        state: &mut CommitState,
        target: Target,
        path: &str,
        language: Option<Language>,
        kind: FileKind,
        lines: &[Line<'_>],
        found: &mut Vec<(usize, LineHit)>,
    ) {
        found.clear();
        let mut line_hits = std::mem::take(&mut state.line_hits);
        for (k, line) in lines.iter().enumerate() {
            let text = line.text.to_str_lossy();
            self.rules.match_line(
                target,
                path,
                language,
                kind,
                text.trim_end_matches(['\n', '\r']),
                &mut state.scratch,
                &mut line_hits,
            );
            found.extend(line_hits.iter().map(|&h| (k, h)));
        }
        state.line_hits = line_hits;
    }

    /// Turn the hits of one side (`found`, from [`match_side`](Self::match_side))
    /// into candidates and hits; `other` is the other side's lines.
    #[allow(clippy::too_many_arguments)]
    fn side_evidence(
        &self,
        state: &mut CommitState,
        added: bool,
        path: &str,
        lines: &[Line<'_>],
        found: &[(usize, LineHit)],
        other: &[Line<'_>],
        hits: &mut Vec<Hit>,
    ) {
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
        for &(k, hit_found) in found {
            let line = &lines[k];
            let index = hit_found.rule;
            if self.kept_in_hunk(state, index, line, other) {
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
                let text = line.text.to_str_lossy();
                hits.push(Hit {
                    rule: rule_index(index),
                    path: Some(path.into()),
                    line: Some(line.number),
                    text: Some(evidence_text(text.trim_end_matches(['\n', '\r']))),
                    depth: if hit_found.role == Role::Definition {
                        rule.depth.max(DEFINITION_DEPTH)
                    } else {
                        rule.depth
                    },
                });
                hits.len() - 1
            });
            state.candidates.push(Candidate {
                rule: rule_index(index),
                place: Place::Line(hit_found.role),
                line: state.hashes[k],
                before,
                after,
                added,
                hit,
                reshaped: false,
            });
        }
    }

    /// Whether a line of the same hunk on the other side (`other`, in hunk order) has
    /// the same match for rule `index` as `line`: a changed line that keeps what the
    /// rule saw is no new evidence.
    fn kept_in_hunk(
        &self,
        state: &mut CommitState,
        index: usize,
        line: &Line<'_>,
        other: &[Line<'_>],
    ) -> bool {
        let start = other.partition_point(|l| l.hunk < line.hunk);
        let same = other[start..].iter().take_while(|l| l.hunk == line.hunk);
        if same.clone().next().is_none() {
            return false;
        }
        let text = line.text.to_str_lossy();
        let Some(mine) = self.rules.rule_match(
            index,
            text.trim_end_matches(['\n', '\r']),
            &mut state.scratch,
        ) else {
            return false;
        };
        let mine = mine.trim();
        // A pattern's match is a piece of the line: a line without it cannot have it.
        // A word rule's match is the line's words, compared after splitting.
        let words = self.rules.rules()[index].is_word_rule();
        same.into_iter().any(|o| {
            let other_text = o.text.to_str_lossy();
            let other_text = other_text.trim_end_matches(['\n', '\r']);
            (words || other_text.contains(mine))
                && self
                    .rules
                    .rule_match(index, other_text, &mut state.scratch)
                    .is_some_and(|m| m.trim() == mine)
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
        let scoring = self.rules.scoring();
        if state.candidates.iter().any(|c| c.line != 0) {
            state.added.sort_unstable();
            state.removed.sort_unstable();
        }
        let moved = |c: &Candidate| {
            let other = if c.added {
                &state.removed
            } else {
                &state.added
            };
            let has = |h: u64| h != 0 && other.binary_search(&h).is_ok();
            has(c.line) && (has(c.before) || has(c.after))
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
        // Per skill (by index): the score, or `None` while no evidence of it is left.
        let mut scores: Vec<Option<f64>> = vec![None; self.skills.len()];
        for &(rule, place, n) in &counts {
            let skill = self.skill_of[rule as usize];
            // The same sum as `Scoring::score`, without a pass over every skill's rules.
            let score = scores[skill].get_or_insert_with(|| {
                self.weights[skill]
                    .as_ref()
                    .map_or(f64::INFINITY, |weights| weights.base(&facts))
            });
            *score += scoring.contribution(rule as usize, place, n);
        }
        let mut index = 0;
        hits.retain_mut(|hit| {
            let skill = self.skill_of[hit.rule as usize];
            let keep = !dropped.get(index).copied().unwrap_or(false)
                && scores[skill].is_some_and(|s| s > 0.0);
            index += 1;
            if keep
                && fix
                && let Some(depth) = self.weights[skill].as_ref().and_then(|w| w.fix_depth)
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
    // Folded into one u64 as it goes (FNV-1a): this runs on every changed line.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut kept = 0usize;
    for &b in text.iter() {
        if !b.is_ascii_whitespace() {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            kept += 1;
        }
    }
    if kept < MOVED_MIN_CHARS {
        return 0;
    }
    hash | 1
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
    // Folded into one u64 as it goes: hashing byte by byte through a Hasher is slow.
    let mut shape: u64 = 0xcbf2_9ce4_8422_2325;
    let mut in_word = false;
    for &b in text.iter() {
        let word = b.is_ascii_alphanumeric() || b == b'_' || b == b'$';
        let mark = if word {
            (!in_word).then_some(b'w')
        } else {
            (!b.is_ascii_whitespace()).then_some(b)
        };
        if let Some(mark) = mark {
            shape = (shape ^ u64::from(mark)).wrapping_mul(0x0100_0000_01b3);
        }
        in_word = word;
    }
    shape
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
        let mut added = std::mem::take(&mut state.added_found);
        let mut removed = std::mem::take(&mut state.removed_found);
        self.match_side(
            state,
            Target::Added,
            &path,
            language,
            kind,
            file.added,
            &mut added,
        );
        self.match_side(
            state,
            Target::Removed,
            &path,
            language,
            kind,
            file.removed,
            &mut removed,
        );
        self.side_evidence(state, true, &path, file.added, &added, file.removed, hits);
        self.side_evidence(
            state,
            false,
            &path,
            file.removed,
            &removed,
            file.added,
            hits,
        );
        state.added_found = added;
        state.removed_found = removed;
        if state.candidates.len() > first && is_reshaping(state, file) {
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
            // Each rule's conditions are checked once per commit, not once per hit.
            let mut verdicts: Vec<(u32, bool)> = Vec::new();
            let mut fails = |rule: u32| match verdicts.iter().find(|(r, _)| *r == rule) {
                Some(&(_, verdict)) => verdict,
                None => {
                    let verdict = rules[rule as usize]
                        .requires
                        .as_ref()
                        .is_some_and(|requires| !requires.holds(&paths, &message));
                    verdicts.push((rule, verdict));
                    verdict
                }
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
