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
///
/// An offset past the end counts as the end, and one inside a character as that
/// character's start.
pub fn position(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::position;

    #[test]
    fn position_inside_a_character_is_its_start() {
        // Found by the rule_file fuzz target: an offset inside a multi-byte character panicked.
        let text = "a\n\u{e9}\u{fffd}b";
        assert_eq!(position(text, 3), (2, 1));
        assert_eq!(position(text, 4), (2, 2));
        assert_eq!(position(text, 5), (2, 2));
        assert_eq!(position(text, 7), (2, 3));
        assert_eq!(position(text, 100), (2, 4));
    }
}
