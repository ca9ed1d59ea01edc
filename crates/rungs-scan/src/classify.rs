//! The seam between the scanner and the rule engine.
//!
//! The scanner computes, per commit, the message and for every diffed file the
//! added and removed lines with their line numbers; a [`Classifier`] turns them
//! into [`Hit`]s. The rule classifier of rungs-core implements this trait; [`NoClassifier`] finds
//! nothing and lets the scanner skip collecting line text altogether.
//!
//! A classifier sees a commit file by file, then its message, and keeps what it
//! needs in between in its per-commit state ([`Classifier::Commit`]): what a
//! commit shows depends on all of it together (code moved from one file to
//! another is not new evidence, and weak evidence adds up). It never depends on
//! other commits.

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
    /// The author's name, as the commit gives it.
    pub author_name: &'a BStr,
    /// The author's email, as the commit gives it.
    pub author_email: &'a BStr,
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
    /// `RuleClassifier` of rungs-core, into `RuleSet::rules`).
    pub rule: u32,
    /// The file it matched in; `None` for message rules.
    pub path: Option<BString>,
    /// The line it matched at; `None` for message and path rules.
    pub line: Option<u32>,
    /// The matched line or message line, trimmed, cut and with secrets redacted;
    /// `None` for path rules (the path is the evidence).
    pub text: Option<String>,
    /// The depth (1-4) this piece of evidence shows: the rule's, or deeper where
    /// the hit's role says so (a definition implements what it is named for).
    pub depth: u8,
}

/// Turns diffs and messages into [`Hit`]s. Called from many worker threads at once.
pub trait Classifier: Sync {
    /// What the classifier keeps about the commit being classified, between its
    /// files and its message. Each worker owns one and reuses it commit after commit.
    type Commit: Default + Send;

    /// Whether [`classify_file`](Classifier::classify_file) wants the lines at all.
    ///
    /// Returning `false` lets the scanner count lines without collecting them.
    fn wants_lines(&self) -> bool;

    /// Classify the added and removed lines of one file of a commit.
    fn classify_file(&self, commit: &mut Self::Commit, file: &FileLines<'_>, hits: &mut Vec<Hit>);

    /// Classify the commit message and the set of changed paths. Called last for
    /// each commit, with `hits` already holding the hits of its files, so that
    /// commit-level conditions can be applied to them; it leaves `commit` ready
    /// for the next commit.
    fn classify_message(
        &self,
        commit: &mut Self::Commit,
        input: &MessageInput<'_>,
        hits: &mut Vec<Hit>,
    );
}

/// A classifier that finds nothing; counting lines is all that happens.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoClassifier;

impl Classifier for NoClassifier {
    type Commit = ();

    fn wants_lines(&self) -> bool {
        false
    }

    fn classify_file(&self, _: &mut (), _file: &FileLines<'_>, _hits: &mut Vec<Hit>) {}

    fn classify_message(&self, _: &mut (), _input: &MessageInput<'_>, _hits: &mut Vec<Hit>) {}
}
