//! Errors of loading a ladder file: each names the file, the key and the position.

use std::fmt;

/// A ladder file that cannot be used, with where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LadderError {
    /// The file, as given or as embedded (`rules/ladder.toml`).
    pub file: String,
    /// Where in the ladder the problem is, as a path of keys and ids
    /// (`track 'ic' > rung 'senior' > requires.acid`), when known.
    pub key: Option<String>,
    /// 1-based line in the file (0 when unknown).
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for LadderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column)?;
        }
        if let Some(key) = &self.key {
            write!(f, ": {key}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for LadderError {}
