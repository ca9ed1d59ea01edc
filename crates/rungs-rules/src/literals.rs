//! Literals a pattern cannot match without: a prefilter for the pattern rules.
//!
//! Most changed lines match no pattern rule, and a `RegexSet` over a whole
//! bucket still has to run its lazy DFA over each of them, building states as it
//! goes. For most patterns a short list of literal strings can be read off the
//! pattern such that every match contains one of them (`\breturn\s+Err\(` cannot
//! match without `return`, `(?i)\b(fsync|fdatasync)\b` without `fsync` or
//! `fdatasync`). One Aho-Corasick automaton over the literals of a bucket says
//! which patterns a line could match at all, and only those are run.
//!
//! The literals are lower case and meant to be searched for without ASCII case:
//! a superset of what the pattern needs, so a prefilter built on them never
//! drops a match, except in text holding one of the two non-ASCII characters
//! Unicode case folding makes equal to an ASCII letter ([`FOLDS_TO_ASCII`]),
//! which is left to the patterns themselves.

use std::collections::BTreeSet;

use regex_syntax::hir::{Class, Hir, HirKind};

/// Literals (lower case) one of which every match of `pattern` contains, ignoring
/// ASCII case; `None` when there is no such list (a pattern that can match the
/// empty string, or one built of character classes) or the pattern does not parse.
///
/// Among the lists a pattern allows, the one whose shortest literal is longest
/// is chosen: the longer the literals, the fewer lines pass the prefilter.
pub(crate) fn required_literals(pattern: &str) -> Option<Vec<String>> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    let set = required(&hir)?;
    Some(set.into_iter().collect())
}

/// A set of literals, as [`required_literals`] returns it.
type Literals = BTreeSet<String>;

/// How good a set of required literals is as a prefilter: its shortest literal's
/// length, then fewer literals.
fn quality(set: &Literals) -> (usize, std::cmp::Reverse<usize>) {
    (
        set.iter().map(String::len).min().unwrap_or(0),
        std::cmp::Reverse(set.len()),
    )
}

/// The required literals of one node of a pattern.
fn required(hir: &Hir) -> Option<Literals> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => None,
        HirKind::Literal(_) | HirKind::Class(_) => {
            let mut text = String::new();
            push_literal(hir, &mut text)
                .then_some(text)
                .filter(|t| !t.is_empty())
                .map(|t| BTreeSet::from([t]))
        }
        HirKind::Repetition(repetition) if repetition.min >= 1 => required(&repetition.sub),
        HirKind::Repetition(_) => None,
        HirKind::Capture(capture) => required(&capture.sub),
        HirKind::Alternation(branches) => {
            let mut all = BTreeSet::new();
            for branch in branches {
                all.extend(required(branch)?);
            }
            Some(all)
        }
        HirKind::Concat(items) => {
            let mut best: Option<Literals> = None;
            let mut consider = |candidate: Literals| {
                if best
                    .as_ref()
                    .is_none_or(|b| quality(&candidate) > quality(b))
                {
                    best = Some(candidate);
                }
            };
            // Runs of literal characters (zero-width assertions between them
            // change nothing) are required as a whole.
            let mut run = String::new();
            for item in items {
                if matches!(item.kind(), HirKind::Look(_)) {
                    continue;
                }
                if push_literal(item, &mut run) {
                    continue;
                }
                if !run.is_empty() {
                    consider(BTreeSet::from([std::mem::take(&mut run)]));
                }
                if let Some(set) = required(item) {
                    consider(set);
                }
            }
            if !run.is_empty() {
                consider(BTreeSet::from([run]));
            }
            best
        }
    }
}

/// Append the text `hir` always matches (lower case) to `out`, when it is a
/// literal, or a class of one ASCII letter's cases (what `(?i)` makes of a
/// letter, with the Kelvin sign or long s); `false`, and
/// `out` unchanged, for anything else.
fn push_literal(hir: &Hir, out: &mut String) -> bool {
    match hir.kind() {
        HirKind::Literal(literal) => match std::str::from_utf8(&literal.0) {
            Ok(text) => {
                out.push_str(&text.to_ascii_lowercase());
                true
            }
            Err(_) => false,
        },
        HirKind::Class(class) => match one_ascii_letter(class) {
            Some(c) => {
                out.push(c);
                true
            }
            None => false,
        },
        _ => false,
    }
}

/// The non-ASCII characters Unicode simple case folding makes equal to an ASCII
/// letter: the Kelvin sign (`k`) and the long s (`s`).
pub(crate) const FOLDS_TO_ASCII: [char; 2] = ['\u{212A}', '\u{17F}'];

/// The lower-case ASCII character every ASCII member of `class` is a case of, when
/// it has ASCII members and they are all cases of one character.
fn one_ascii_letter(class: &Class) -> Option<char> {
    let mut found: Option<char> = None;
    let mut check = |c: char| -> bool {
        if !c.is_ascii() {
            // What Unicode case folding adds to `k` and `s`: text holding them is
            // left to the patterns (see `Prefilter::judges`). Anything else is
            // another character, and the class no letter.
            return FOLDS_TO_ASCII.contains(&c);
        }
        let lower = c.to_ascii_lowercase();
        match found {
            None => {
                found = Some(lower);
                true
            }
            Some(f) => f == lower,
        }
    };
    match class {
        Class::Unicode(class) => {
            for range in class.ranges() {
                let (start, end) = (u32::from(range.start()), u32::from(range.end()));
                // A class of one letter's cases has two or three members.
                if end - start > 2 {
                    return None;
                }
                for code in start..=end {
                    if !char::from_u32(code).is_some_and(&mut check) {
                        return None;
                    }
                }
            }
        }
        Class::Bytes(class) => {
            for range in class.ranges() {
                if range.end() - range.start() > 2 {
                    return None;
                }
                for byte in range.start()..=range.end() {
                    if !byte.is_ascii() || !check(char::from(byte)) {
                        return None;
                    }
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literals(pattern: &str) -> Option<Vec<String>> {
        required_literals(pattern)
    }

    #[test]
    fn a_plain_word_is_its_own_literal() {
        assert_eq!(literals(r"\breturn\s+Err\("), Some(vec!["return".into()]));
    }

    #[test]
    fn case_insensitive_words_are_lower_case() {
        assert_eq!(
            literals(r"(?i)\b(fsync|datasync)\b"),
            Some(vec!["datasync".into(), "fsync".into()])
        );
        // A common prefix is factored out of an alternation: what follows it is
        // required too, and longer.
        assert_eq!(
            literals(r"(?i)\b(fsync|fdatasync)\b"),
            Some(vec!["datasync".into(), "sync".into()])
        );
        assert_eq!(literals(r"(?i)Kelvin"), Some(vec!["kelvin".into()]));
    }

    #[test]
    fn the_longest_required_run_wins() {
        assert_eq!(
            literals(r"\bif\s*\(\s*errno\s*==\s*EAGAIN"),
            Some(vec!["eagain".into()])
        );
        assert_eq!(
            literals(r"@(Transactional|TransactionAttribute)\b"),
            Some(vec!["transactional".into(), "transactionattribute".into()])
        );
    }

    #[test]
    fn optional_parts_are_not_required() {
        assert_eq!(
            literals(r"(return\s+)?error\("),
            Some(vec!["error(".into()])
        );
        assert_eq!(literals(r"(foo)?"), None);
        assert_eq!(literals(r"a*"), None);
    }

    #[test]
    fn an_alternation_needs_every_branch() {
        assert_eq!(literals(r"\berr\b|[0-9]+"), None);
        assert_eq!(
            literals(r"\berr\b|status(code)?"),
            Some(vec!["err".into(), "status".into()])
        );
    }

    #[test]
    fn classes_are_not_literals() {
        assert_eq!(literals(r"\d+"), None);
        assert_eq!(literals(r"[A-Z][A-Z0-9]{1,9}-\d+"), Some(vec!["-".into()]));
    }

    #[test]
    fn every_match_of_the_default_pack_holds_a_literal() {
        // The property the prefilter rests on, checked on every example line of
        // the default pack: wherever a pattern matches, one of its literals is
        // in the text (ignoring ASCII case).
        let rules = crate::RuleSet::from_sources(&crate::default_sources())
            .expect("the default pack loads");
        let mut checked = 0;
        for rule in rules.rules().iter().filter(|r| !r.is_word_rule()) {
            let Some(literals) = required_literals(rule.pattern.as_str()) else {
                continue;
            };
            for example in rule.examples_match.iter().chain(&rule.examples_no_match) {
                if example.is_ascii() && rule.pattern.is_match(example) {
                    let lower = example.to_ascii_lowercase();
                    assert!(
                        literals.iter().any(|l| lower.contains(l.as_str())),
                        "{}: {example:?} matches without any of {literals:?}",
                        rule.id
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 100, "only {checked} examples checked");
    }
}
