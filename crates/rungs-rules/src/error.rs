//! Errors of loading rule files: each names the file, the rule and the position.

use std::fmt;

/// A rule file that cannot be used, with where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The file, as given or as embedded (`rules/acid.toml`).
    pub file: String,
    /// The rule's id, when the problem is inside a rule.
    pub rule: Option<String>,
    /// 1-based line in the file (0 when the file itself cannot be read).
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column)?;
        }
        if let Some(rule) = &self.rule {
            write!(f, ": rule '{rule}'")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for LoadError {}

/// Line and column (1-based) of byte `offset` in `text`, as errors about TOML files show them.
pub fn position(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}
