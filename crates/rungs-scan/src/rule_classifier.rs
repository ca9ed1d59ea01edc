//! The [`Classifier`] backed by a rule set: added and removed lines, paths and
//! message lines are matched against the rules of `rungs-rules`.

use bstr::{BStr, ByteSlice};
use rungs_rules::{Language, RuleSet, Target, redact::evidence_text};

use crate::classify::{Classifier, EVIDENCE_PER_RULE, FileLines, Hit, Line, MessageInput};

/// Classifies with a compiled [`RuleSet`].
#[derive(Debug, Clone)]
pub struct RuleClassifier {
    rules: RuleSet,
}

impl RuleClassifier {
    /// Classify with `rules`.
    pub fn new(rules: RuleSet) -> Self {
        RuleClassifier { rules }
    }

    /// The rules; [`Hit::rule`] indexes [`RuleSet::rules`].
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Classify `lines` (one side of a file's diff) as `target`; `other` is the other side.
    ///
    /// A changed line that keeps what the rule found is not new evidence: a hit on an
    /// added line does not count when a removed line of the same hunk has the same
    /// match for the rule (a call that already propagated its error, now with another
    /// argument), and the same holds the other way round for removed lines. A changed
    /// match (another status code, a narrower `except`) still counts.
    fn lines(
        &self,
        target: Target,
        path: &str,
        language: Option<Language>,
        lines: &[Line<'_>],
        other: &[Line<'_>],
        hits: &mut Vec<Hit>,
    ) {
        let mut found = Vec::new();
        // Hits per rule in this file: past EVIDENCE_PER_RULE a hit adds nothing the
        // commit-level pruning would keep, so its text is not even built.
        let mut per_rule: Vec<(usize, usize)> = Vec::new();
        for line in lines {
            let text = line.text.to_str_lossy();
            let text = text.trim_end_matches(['\n', '\r']);
            self.rules.matches(target, path, language, text, &mut found);
            for &index in &found {
                if self.kept_in_hunk(index, text, line.hunk, other) {
                    continue;
                }
                let seen = match per_rule.iter_mut().find(|(rule, _)| *rule == index) {
                    Some((_, n)) => n,
                    None => {
                        per_rule.push((index, 0));
                        &mut per_rule.last_mut().expect("just pushed").1
                    }
                };
                *seen += 1;
                if *seen > EVIDENCE_PER_RULE {
                    continue;
                }
                hits.push(Hit {
                    rule: rule_index(index),
                    path: Some(path.into()),
                    line: Some(line.number),
                    text: Some(evidence_text(text)),
                });
            }
        }
    }

    /// Whether a line of `hunk` among `other` (the other side) has the same match for
    /// rule `index` as `text`.
    fn kept_in_hunk(&self, index: usize, text: &str, hunk: u32, other: &[Line<'_>]) -> bool {
        let Some(found) = self.rules.rule_match(index, text) else {
            return false;
        };
        let start = other.partition_point(|l| l.hunk < hunk);
        other[start..]
            .iter()
            .take_while(|l| l.hunk == hunk)
            .any(|l| {
                let other_text = l.text.to_str_lossy();
                self.rules
                    .rule_match(index, other_text.trim_end_matches(['\n', '\r']))
                    .is_some_and(|m| m.trim() == found.trim())
            })
    }
}

fn rule_index(index: usize) -> u32 {
    u32::try_from(index).unwrap_or_else(|_| unreachable!("a rule set holds fewer than 2^32 rules"))
}

impl Classifier for RuleClassifier {
    fn wants_lines(&self) -> bool {
        true
    }

    fn classify_file(&self, file: &FileLines<'_>, hits: &mut Vec<Hit>) {
        let path = file.path.to_str_lossy();
        let language = Language::detect(&path);
        self.lines(
            Target::Added,
            &path,
            language,
            file.added,
            file.removed,
            hits,
        );
        self.lines(
            Target::Removed,
            &path,
            language,
            file.removed,
            file.added,
            hits,
        );
    }

    fn classify_message(&self, input: &MessageInput<'_>, hits: &mut Vec<Hit>) {
        let mut found = Vec::new();
        for path in input.paths {
            let path = path.to_str_lossy();
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
                });
            }
        }
        // Hits of rules with commit-level conditions stand only if the commit meets them.
        // This runs after every file of the commit was classified.
        let rules = self.rules.rules();
        if hits
            .iter()
            .any(|hit| rules[hit.rule as usize].requires.is_some())
        {
            let paths: Vec<std::borrow::Cow<'_, str>> =
                input.paths.iter().map(|p| p.to_str_lossy()).collect();
            let paths: Vec<&str> = paths.iter().map(|p| p.as_ref()).collect();
            let message = input.message.to_str_lossy();
            hits.retain(|hit| {
                rules[hit.rule as usize]
                    .requires
                    .as_ref()
                    .is_none_or(|requires| requires.holds(&paths, &message))
            });
        }
        // Message rules see the subject, the body and the trailers, one line at a time.
        let mut seen: Vec<usize> = Vec::new();
        let mut subject_seen = false;
        for line in input.message.lines() {
            let line: &BStr = line.as_bstr();
            let text = line.to_str_lossy();
            // The subject is the first non-empty line; subject-only rules stop there.
            let is_subject = !subject_seen && !text.trim().is_empty();
            subject_seen |= is_subject;
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
                });
            }
        }
    }
}
