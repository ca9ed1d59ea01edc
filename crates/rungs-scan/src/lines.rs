//! Line diffs of two blobs with exactly git's counts, at a fraction of the interning cost.
//!
//! Myers as git runs it (and gix's port of imara-diff reproduces) trims the common
//! prefix and suffix of the two files, but counts how often each line occurs in
//! the *whole* files to decide which lines to prune before the search. Only the
//! counts of lines that also occur in the middle (the part between the common
//! ends) are ever consulted. So the lines of the common ends need no token of
//! their own: a common-end line that equals some middle line gets that line's
//! token, and every other common-end line gets one shared filler token that
//! never occurs in the middle. The resulting token sequences have the same
//! length, the same common ends and the same counts for every middle token as
//! fully interned ones, hence the same diff, while most lines of a typical
//! change (the unchanged ends) are neither hashed nor inserted anywhere: a set
//! of middle line lengths rules out almost all of them with one lookup.

use std::ops::Range;

use foldhash::{HashMap, HashMapExt};

use gix::diff::blob::{Algorithm, Diff, IndentHeuristic, IndentLevel, Token};

/// Tab width for the indent heuristic, as git's xdiff uses.
const TAB_WIDTH: u8 = 8;

/// Reusable buffers for [`LineDiff::compute`].
#[derive(Default)]
pub(crate) struct LineDiff {
    old_lines: Vec<Range<u32>>,
    new_lines: Vec<Range<u32>>,
    before: Vec<Token>,
    after: Vec<Token>,
    lengths: Vec<u64>,
    diff: Diff,
}

/// Lines longer than this are not tracked in the length filter and always looked up.
const LENGTH_FILTER_BITS: usize = 4096;

fn split_lines(data: &[u8], out: &mut Vec<Range<u32>>) {
    out.clear();
    let mut start = 0usize;
    for end in memchr::memchr_iter(b'\n', data) {
        out.push(start as u32..end as u32 + 1);
        start = end + 1;
    }
    if start < data.len() {
        out.push(start as u32..data.len() as u32);
    }
}

fn line<'a>(data: &'a [u8], range: &Range<u32>) -> &'a [u8] {
    &data[range.start as usize..range.end as usize]
}

impl LineDiff {
    /// Diff `old` against `new` line by line (lines keep their terminator, as in git).
    ///
    /// Counts are always git's. With `positions`, the hunks are also placed where
    /// `git log -p` places them (which costs tokens for every line); without, only
    /// the counts are meaningful.
    ///
    /// Blobs of 4 GiB or more are not supported (line offsets are `u32`); callers cap blob sizes far lower.
    pub(crate) fn compute<'a>(&mut self, old: &'a [u8], new: &'a [u8], positions: bool) {
        split_lines(old, &mut self.old_lines);
        split_lines(new, &mut self.new_lines);
        let (n_old, n_new) = (self.old_lines.len(), self.new_lines.len());
        self.before.clear();
        self.after.clear();
        if n_old == 0 || n_new == 0 {
            // All added or all removed: no line needs a token of its own.
            self.before.resize(n_old, Token(0));
            self.after.resize(n_new, Token(0));
            self.diff
                .compute_with(Algorithm::Myers, &self.before, &self.after, 1);
            return;
        }

        let prefix = self
            .old_lines
            .iter()
            .zip(&self.new_lines)
            .take_while(|(a, b)| line(old, a) == line(new, b))
            .count();
        let suffix = self.old_lines[prefix..]
            .iter()
            .rev()
            .zip(self.new_lines[prefix..].iter().rev())
            .take_while(|(a, b)| line(old, a) == line(new, b))
            .count();
        let old_middle = prefix..n_old - suffix;
        let new_middle = prefix..n_new - suffix;

        // Tokens for the middle lines, exact.
        let mut tokens: HashMap<&[u8], u32> = HashMap::with_capacity(
            old_middle.len() + new_middle.len() + if positions { prefix + suffix } else { 0 },
        );
        let mut texts: Vec<&[u8]> = Vec::new();
        let mut intern = |text: &'a [u8]| -> Token {
            let next = tokens.len() as u32;
            let id = *tokens.entry(text).or_insert(next);
            if positions && id == next {
                texts.push(text);
            }
            Token(id)
        };
        self.lengths.clear();
        self.lengths.resize(LENGTH_FILTER_BITS / 64, 0);
        let mut long_lines = false;
        self.before.reserve(n_old);
        self.after.reserve(n_new);
        let mut middle_before = Vec::with_capacity(old_middle.len());
        for range in &self.old_lines[old_middle.clone()] {
            let text = line(old, range);
            mark_length(&mut self.lengths, &mut long_lines, text.len());
            middle_before.push(intern(text));
        }
        let mut middle_after = Vec::with_capacity(new_middle.len());
        for range in &self.new_lines[new_middle.clone()] {
            let text = line(new, range);
            mark_length(&mut self.lengths, &mut long_lines, text.len());
            middle_after.push(intern(text));
        }
        let (prefix_tokens, suffix_tokens, filler): (Vec<Token>, Vec<Token>, Token) = if positions {
            // Sliding hunks into place compares the lines around them, so every line needs its exact token.
            let p = self.old_lines[..prefix]
                .iter()
                .map(|r| intern(line(old, r)))
                .collect();
            let s = self.old_lines[n_old - suffix..]
                .iter()
                .map(|r| intern(line(old, r)))
                .collect();
            (p, s, Token(tokens.len() as u32))
        } else {
            let filler = Token(tokens.len() as u32);
            let end_token = |text: &[u8]| -> Token {
                let len = text.len();
                let may_match = if len < LENGTH_FILTER_BITS {
                    self.lengths[len / 64] & (1 << (len % 64)) != 0
                } else {
                    long_lines
                };
                if may_match {
                    tokens.get(text).map_or(filler, |&t| Token(t))
                } else {
                    filler
                }
            };
            let p = self.old_lines[..prefix]
                .iter()
                .map(|r| end_token(line(old, r)))
                .collect();
            let s = self.old_lines[n_old - suffix..]
                .iter()
                .map(|r| end_token(line(old, r)))
                .collect();
            (p, s, filler)
        };
        let num_tokens = filler.0 + 1;

        self.before.extend_from_slice(&prefix_tokens);
        self.before.extend_from_slice(&middle_before);
        self.before.extend_from_slice(&suffix_tokens);
        self.after.extend_from_slice(&prefix_tokens);
        self.after.extend_from_slice(&middle_after);
        self.after.extend_from_slice(&suffix_tokens);
        self.diff
            .compute_with(Algorithm::Myers, &self.before, &self.after, num_tokens);
        if positions {
            // Place ambiguous hunks where git's default output (the indent heuristic) puts them.
            self.diff.postprocess_with(
                &self.before,
                &self.after,
                IndentHeuristic::new(|token: Token| {
                    IndentLevel::for_ascii_line(texts[token.0 as usize].iter().copied(), TAB_WIDTH)
                }),
            );
        }
    }

    /// Lines added by the last [`compute`](Self::compute).
    pub(crate) fn added(&self) -> u64 {
        u64::from(self.diff.count_additions())
    }

    /// Lines removed by the last [`compute`](Self::compute).
    pub(crate) fn removed(&self) -> u64 {
        u64::from(self.diff.count_removals())
    }

    /// The changed regions of the last diff, as line index ranges into the old and new blob.
    pub(crate) fn hunks(&self) -> impl Iterator<Item = (Range<u32>, Range<u32>)> + '_ {
        self.diff.hunks().map(|h| (h.before, h.after))
    }

    /// The byte range of line `index` (0-based) of the old blob.
    pub(crate) fn old_line(&self, index: u32) -> Range<usize> {
        let r = &self.old_lines[index as usize];
        r.start as usize..r.end as usize
    }

    /// The byte range of line `index` (0-based) of the new blob.
    pub(crate) fn new_line(&self, index: u32) -> Range<usize> {
        let r = &self.new_lines[index as usize];
        r.start as usize..r.end as usize
    }
}

fn mark_length(bits: &mut [u64], long_lines: &mut bool, len: usize) {
    if len < LENGTH_FILTER_BITS {
        bits[len / 64] |= 1 << (len % 64);
    } else {
        *long_lines = true;
    }
}

#[cfg(test)]
mod tests {
    use bstr::ByteSlice;
    use gix::diff::blob::{Algorithm, Diff, InternedInput, sources::byte_lines};

    use super::*;

    type Hunks = Vec<(Range<u32>, Range<u32>)>;

    fn reference(old: &[u8], new: &[u8], postprocess: bool) -> (u32, u32, Hunks) {
        let input = InternedInput::new(byte_lines(old), byte_lines(new));
        let mut diff = Diff::compute(Algorithm::Myers, &input);
        if postprocess {
            diff.postprocess_lines(&input);
        }
        let hunks = diff.hunks().map(|h| (h.before, h.after)).collect();
        (diff.count_additions(), diff.count_removals(), hunks)
    }

    fn check(old: &[u8], new: &[u8]) {
        let mut ours = LineDiff::default();
        ours.compute(old, new, false);
        let (added, removed) = (ours.added() as u32, ours.removed() as u32);
        let (ref_added, ref_removed, _) = reference(old, new, false);
        assert_eq!(
            (added, removed),
            (ref_added, ref_removed),
            "counts: old={:?} new={:?}",
            old.as_bstr(),
            new.as_bstr()
        );
        ours.compute(old, new, true);
        let hunks: Vec<_> = ours.hunks().collect();
        assert_eq!(
            (ours.added() as u32, ours.removed() as u32, hunks),
            reference(old, new, true),
            "old={:?} new={:?}",
            old.as_bstr(),
            new.as_bstr()
        );
    }

    #[test]
    fn equals_full_interning_on_edge_cases() {
        let cases: &[(&[u8], &[u8])] = &[
            (b"", b""),
            (b"", b"a\nb\n"),
            (b"a\nb\n", b""),
            (b"a", b"a\n"),
            (b"a\n", b"a"),
            (b"x\na\nb\nc\n", b"a\nb\nc\n"),
            (b"a\nb\nc\n", b"a\nb\nc\nd"),
            (b"}\n}\n}\nx\n}\n}\n", b"}\n}\ny\n}\n}\n}\n"),
            (b"a\r\nb\r\n", b"a\nb\r\n"),
            (b"same\nsame\nsame\n", b"same\nsame\n"),
            (b"\n\n\n", b"\n\nq\n\n"),
        ];
        for (old, new) in cases {
            check(old, new);
            check(new, old);
        }
    }

    #[test]
    fn equals_full_interning_on_generated_edits() {
        // A deterministic xorshift generator: no dependency, same cases every run.
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        let vocabulary: Vec<Vec<u8>> = (0..12)
            .map(|i| match i {
                0 => b"\n".to_vec(),
                1 => b"}\n".to_vec(),
                2 => b"    }\n".to_vec(),
                _ => format!("line {i} {}\n", "x".repeat(i)).into_bytes(),
            })
            .collect();
        for _ in 0..3000 {
            let len = next(60) as usize;
            let old: Vec<u8> = (0..len)
                .flat_map(|_| vocabulary[next(12) as usize].clone())
                .collect();
            let mut lines: Vec<Vec<u8>> = old.lines_with_terminator().map(|l| l.to_vec()).collect();
            for _ in 0..next(6) {
                let at = next(lines.len() as u64 + 1) as usize;
                match next(3) {
                    0 if at < lines.len() => {
                        lines.remove(at);
                    }
                    1 if at < lines.len() => lines[at] = vocabulary[next(12) as usize].clone(),
                    _ => lines.insert(at, vocabulary[next(12) as usize].clone()),
                }
            }
            let mut new: Vec<u8> = lines.concat();
            if next(10) == 0 && new.ends_with(b"\n") {
                new.pop();
            }
            check(&old, &new);
        }
    }
}
