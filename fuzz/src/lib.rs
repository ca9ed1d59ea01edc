//! The input format of the `classify` fuzz target: a commit written as plain bytes,
//! so that seeds can be made from `git log -p` (see `seed.py`) and read by people.
//!
//! The input is split at NUL bytes into sections:
//!
//! ```text
//! MESSAGE \0 PATH \0 DIFF \0 PATH \0 DIFF ...
//! ```
//!
//! The first section is the raw commit message (subject, body, trailers). Then come
//! files, each a path and its diff; a path without a diff is a changed file with no
//! lines (a binary file, a mode change). A diff is unified-diff text: a line starting
//! with `@@ -OLD[,N] +NEW[,N] @@` opens a hunk and sets the line numbers, `+` lines are
//! added, `-` lines removed, ` ` lines are context (both numbers move on), and other
//! lines are ignored. Lines before the first hunk header are in hunk 0, from line 1.

use rungs_scan::Line;
use rungs_scan::bstr::{BStr, ByteSlice};

/// The separator of sections.
pub const SEPARATOR: u8 = 0;

/// At most this many files are taken from one input.
pub const MAX_FILES: usize = 64;

/// One file of a [`Commit`]: its path and the lines of its diff.
#[derive(Debug, Default)]
pub struct File<'a> {
    /// The path, as bytes.
    pub path: &'a BStr,
    /// Added lines, with their line numbers in the new file.
    pub added: Vec<Line<'a>>,
    /// Removed lines, with their line numbers in the old file.
    pub removed: Vec<Line<'a>>,
}

/// A commit parsed from fuzzer bytes.
#[derive(Debug, Default)]
pub struct Commit<'a> {
    /// The raw message.
    pub message: &'a BStr,
    /// The changed files.
    pub files: Vec<File<'a>>,
}

impl<'a> Commit<'a> {
    /// Read `data` in the format of this module. Every input is accepted.
    pub fn parse(data: &'a [u8]) -> Commit<'a> {
        let mut sections = data.split(|&b| b == SEPARATOR);
        let message = sections.next().unwrap_or_default().as_bstr();
        let mut files = Vec::new();
        while files.len() < MAX_FILES {
            let Some(path) = sections.next() else {
                break;
            };
            let mut file = File {
                path: path.as_bstr(),
                ..File::default()
            };
            if let Some(diff) = sections.next() {
                read_diff(diff, &mut file);
            }
            files.push(file);
        }
        Commit { message, files }
    }

    /// Every changed path, as [`rungs_scan::MessageInput::paths`] wants them.
    pub fn paths(&self) -> Vec<&'a BStr> {
        self.files.iter().map(|f| f.path).collect()
    }
}

/// The diff lines of `diff` into `file`.
fn read_diff<'a>(diff: &'a [u8], file: &mut File<'a>) {
    let (mut old, mut new) = (1u32, 1u32);
    let mut hunk: Option<u32> = None;
    for line in diff.lines_with_terminator() {
        if let Some(header) = line.strip_prefix(b"@@") {
            hunk = Some(hunk.map_or(0, |h| h.wrapping_add(1)));
            if let Some((o, n)) = hunk_starts(header) {
                (old, new) = (o, n);
            }
            continue;
        }
        let Some((&kind, text)) = line.split_first() else {
            continue;
        };
        let at = |number: u32| Line {
            number,
            text: text.as_bstr(),
            hunk: hunk.unwrap_or(0),
        };
        match kind {
            b'+' => {
                file.added.push(at(new));
                new = new.wrapping_add(1);
            }
            b'-' => {
                file.removed.push(at(old));
                old = old.wrapping_add(1);
            }
            b' ' => {
                old = old.wrapping_add(1);
                new = new.wrapping_add(1);
            }
            _ => {}
        }
    }
}

/// The first old and new line numbers of a hunk header (after its `@@`).
fn hunk_starts(header: &[u8]) -> Option<(u32, u32)> {
    let header = header.to_str().ok()?;
    let mut words = header.split_whitespace();
    let start = |word: Option<&str>, sign: char| -> Option<u32> {
        let range = word?.strip_prefix(sign)?;
        range.split(',').next()?.parse().ok()
    };
    let old = start(words.next(), '-')?;
    let new = start(words.next(), '+')?;
    Some((old, new))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_commit_with_two_files() {
        let data =
            b"Fix it\n\nFixes #1\n\0src/a.rs\0@@ -3,2 +3,2 @@ fn a\n ctx\n-old?\n+new?\n\0img.png";
        let commit = Commit::parse(data);
        assert_eq!(commit.message, "Fix it\n\nFixes #1\n");
        assert_eq!(commit.files.len(), 2);
        let file = &commit.files[0];
        assert_eq!(file.path, "src/a.rs");
        assert_eq!(file.removed.len(), 1);
        assert_eq!(
            (file.removed[0].number, file.removed[0].text),
            (4, "old?\n".into())
        );
        assert_eq!(
            (file.added[0].number, file.added[0].text),
            (4, "new?\n".into())
        );
        assert_eq!(commit.paths(), ["src/a.rs", "img.png"]);
    }
}
