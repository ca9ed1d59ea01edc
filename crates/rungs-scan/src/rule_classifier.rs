//! The [`Classifier`] backed by a rule set: added and removed lines, paths and
//! message lines are matched against the rules of `rungs-rules`.

use bstr::{BStr, ByteSlice};
use rungs_rules::{Language, RuleSet, Target};

use crate::classify::{Classifier, FileLines, Hit, Line, MessageInput};

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

    /// The rules, to look up what a [`Hit::rule`] names.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    fn lines(
        &self,
        target: Target,
        path: &str,
        language: Option<Language>,
        lines: &[Line<'_>],
        hits: &mut Vec<Hit>,
    ) {
        let mut found = Vec::new();
        for line in lines {
            let text = line.text.to_str_lossy();
            let text = text.trim_end_matches(['\n', '\r']);
            self.rules.matches(target, path, language, text, &mut found);
            for &index in &found {
                hits.push(Hit {
                    rule: self.rules.rules()[index].id.clone(),
                    path: Some(path.into()),
                    line: Some(line.number),
                });
            }
        }
    }
}

impl Classifier for RuleClassifier {
    fn wants_lines(&self) -> bool {
        true
    }

    fn classify_file(&self, file: &FileLines<'_>, hits: &mut Vec<Hit>) {
        let path = file.path.to_str_lossy();
        let language = Language::detect(&path);
        self.lines(Target::Added, &path, language, file.added, hits);
        self.lines(Target::Removed, &path, language, file.removed, hits);
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
                    rule: self.rules.rules()[index].id.clone(),
                    path: Some(path.as_bytes().into()),
                    line: None,
                });
            }
        }
        // Hits of rules with commit-level conditions stand only if the commit meets them.
        // This runs after every file of the commit was classified.
        let paths: Vec<std::borrow::Cow<'_, str>> =
            input.paths.iter().map(|p| p.to_str_lossy()).collect();
        let paths: Vec<&str> = paths.iter().map(|p| p.as_ref()).collect();
        let message = input.message.to_str_lossy();
        let rules = self.rules.rules();
        hits.retain(|hit| {
            rules
                .binary_search_by(|r| r.id.as_str().cmp(hit.rule.as_str()))
                .ok()
                .and_then(|i| rules[i].requires.as_ref())
                .is_none_or(|requires| requires.holds(&paths, &message))
        });
        // Message rules see the subject, the body and the trailers, one line at a time.
        for line in input.message.lines() {
            let line: &BStr = line.as_bstr();
            self.rules
                .matches(Target::Message, "", None, &line.to_str_lossy(), &mut found);
            for &index in &found {
                hits.push(Hit {
                    rule: self.rules.rules()[index].id.clone(),
                    path: None,
                    line: None,
                });
            }
        }
    }
}
