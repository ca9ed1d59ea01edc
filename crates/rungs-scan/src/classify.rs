//! The seam between the scanner and the rule engine.
//!
//! The scanner computes, per commit, the message and for every diffed file the
//! added and removed lines with their line numbers; a [`Classifier`] turns them
//! into [`Hit`]s. The rule engine implements this trait; [`NoClassifier`] finds
//! nothing and lets the scanner skip collecting line text altogether.

use bstr::{BStr, BString};

/// One added or removed line.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    /// 1-based line number: in the new blob for added lines, the old blob for removed ones.
    pub number: u32,
    /// The line's bytes, including its line ending if it has one.
    pub text: &'a BStr,
    /// The index of the hunk the line is in (0 for the first hunk of the file): an
    /// added and a removed line with the same hunk replace one another.
    pub hunk: u32,
}

/// The diff of one text file, handed to [`Classifier::classify_file`].
#[derive(Debug)]
pub struct FileLines<'a> {
    /// The path in the commit's tree.
    pub path: &'a BStr,
    /// Added lines, in order.
    pub added: &'a [Line<'a>],
    /// Removed lines, in order.
    pub removed: &'a [Line<'a>],
}

/// The commit-level input handed to [`Classifier::classify_message`].
#[derive(Debug)]
pub struct MessageInput<'a> {
    /// The whole raw message (subject, body and trailers).
    pub message: &'a BStr,
    /// Every changed path of the commit, including skipped ones.
    pub paths: &'a [&'a BStr],
}

/// How many places a rule's evidence keeps per commit; further matches add nothing.
pub const EVIDENCE_PER_RULE: usize = 3;

/// One piece of evidence found by a classifier.
///
/// Hits order by rule, then path, then line: the order evidence is listed in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Hit {
    /// The rule that matched, as an index into the classifier's rules (for a
    /// [`RuleClassifier`](crate::RuleClassifier), into `RuleSet::rules`).
    pub rule: u32,
    /// The file it matched in; `None` for message rules.
    pub path: Option<BString>,
    /// The line it matched at; `None` for message and path rules.
    pub line: Option<u32>,
    /// The matched line or message line, trimmed, cut and with secrets redacted;
    /// `None` for path rules (the path is the evidence).
    pub text: Option<String>,
}

/// Turns diffs and messages into [`Hit`]s. Called from many worker threads at once.
pub trait Classifier: Sync {
    /// Whether [`classify_file`](Classifier::classify_file) wants the lines at all.
    ///
    /// Returning `false` lets the scanner count lines without collecting them.
    fn wants_lines(&self) -> bool;

    /// Classify the added and removed lines of one file of a commit.
    fn classify_file(&self, file: &FileLines<'_>, hits: &mut Vec<Hit>);

    /// Classify the commit message and the set of changed paths. Called last for
    /// each commit, with `hits` already holding the hits of its files, so that
    /// commit-level conditions can be applied to them.
    fn classify_message(&self, input: &MessageInput<'_>, hits: &mut Vec<Hit>);
}

/// A classifier that finds nothing; counting lines is all that happens.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoClassifier;

impl Classifier for NoClassifier {
    fn wants_lines(&self) -> bool {
        false
    }

    fn classify_file(&self, _file: &FileLines<'_>, _hits: &mut Vec<Hit>) {}

    fn classify_message(&self, _input: &MessageInput<'_>, _hits: &mut Vec<Hit>) {}
}
