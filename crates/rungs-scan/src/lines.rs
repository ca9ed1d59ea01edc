//! Line diffs of two blobs with exactly git's counts, at a fraction of the interning cost.
//!
//! Myers as git runs it (and gix's port of imara-diff reproduces) trims the common
//! prefix and suffix of the two files, but counts how often each line occurs in
//! the *whole* files to decide which lines to prune before the search. Only the
//! counts of lines that also occur in the middle (the part between the common
//! ends) are ever consulted, and only how many there are, not where.
//!
//! So when only counts are wanted ([`LineDiff::compute`] without `positions`), the
//! common ends are found byte-wise and never split into lines one by one: they
//! get one shared filler token per line, except for as many lines as equal some
//! middle line, which get that line's token. The token sequences then have the
//! same length, the same common ends and the same counts for every middle token
//! as fully interned ones, hence the same diff. How often a middle line occurs
//! in the ends is found by searching for it when the middle has few distinct
//! lines (the usual small edit), and otherwise by splitting the ends into lines
//! and ruling most of them out by length before any hashing.
//!
//! Placing hunks as `git log -p` does (`positions`) slides them along equal
//! lines, which needs exact tokens where they slide. That path takes the
//! counting diff (the same hunks before sliding) and gives exact tokens to the
//! middle (the counting diff's own) and a window of common lines around it (the
//! only lines interned again); only when a hunk could slide near the window's
//! edge are all lines interned.

use std::ops::Range;

use foldhash::{HashMap, HashMapExt};

use gix::diff::blob::{Algorithm, Diff, IndentHeuristic, IndentLevel, Token};

/// Tab width for the indent heuristic, as git's xdiff uses.
const TAB_WIDTH: u8 = 8;

/// Lines longer than this are not tracked in the length filter and always looked up.
const LENGTH_FILTER_BITS: usize = 4096;

/// Up to this many distinct middle lines, their occurrences in the common ends are
/// found with a substring search per line; beyond, the ends are split into lines.
/// Measured with callgrind on rust-lang/cargo: 2 and 4 cost the same, 16 costs 2% more.
const MAX_SEARCHED_LINES: usize = 4;

/// Lines of each common end next to the middle that get exact tokens for placing hunks.
const PLACEMENT_MARGIN: usize = 48;

/// A hunk that could slide this close to an edge of the exact window is placed again
/// with the whole file interned: the indent heuristic reads up to 20 blank lines past
/// a candidate position, and one line more.
const PLACEMENT_GUARD: usize = 22;

/// The bit of tokens given to lines outside the exact window (one per position).
const OUTSIDE: u32 = 1 << 31;

/// Where the common ends of the last counting diff start and stop.
struct Ends {
    /// Byte offset where the middle starts (both blobs).
    prefix_start: usize,
    /// Lines of the common prefix.
    prefix_lines: usize,
    /// Byte offset where the common suffix starts in the old blob.
    old_suffix: usize,
    /// Byte offset where the common suffix starts in the new blob.
    new_suffix: usize,
}

/// Lines interned by text: equal lines get equal tokens, numbered from 0 in the
/// order first seen.
struct Interned<'a> {
    tokens: HashMap<&'a [u8], u32>,
    /// Per token, its text.
    texts: Vec<&'a [u8]>,
}

impl<'a> Interned<'a> {
    fn with_capacity(lines: usize) -> Self {
        Interned {
            tokens: HashMap::with_capacity(lines),
            texts: Vec::with_capacity(lines),
        }
    }

    fn intern(&mut self, text: &'a [u8]) -> Token {
        let next = self.texts.len() as u32;
        let id = *self.tokens.entry(text).or_insert(next);
        if id == next {
            self.texts.push(text);
        }
        Token(id)
    }
}

/// Reusable buffers for [`LineDiff::compute`].
#[derive(Default)]
pub(crate) struct LineDiff {
    /// Byte ranges of old lines, starting at line index `first_line`.
    old_lines: Vec<Range<u32>>,
    /// Byte ranges of new lines, starting at line index `first_line`.
    new_lines: Vec<Range<u32>>,
    first_line: u32,
    before: Vec<Token>,
    after: Vec<Token>,
    lengths: Vec<u64>,
    scratch: Vec<Range<u32>>,
    /// The middle's lines and tokens while the window around them is placed.
    middle_lines: Vec<Range<u32>>,
    middle_tokens: Vec<Token>,
    diff: Diff,
}

/// Append the line ranges of `data[range]` (absolute offsets) to `out`.
fn split_lines(data: &[u8], range: Range<usize>, out: &mut Vec<Range<u32>>) {
    let mut start = range.start;
    for end in memchr::memchr_iter(b'\n', &data[range.clone()]) {
        let end = range.start + end;
        out.push(start as u32..end as u32 + 1);
        start = end + 1;
    }
    if start < range.end {
        out.push(start as u32..range.end as u32);
    }
}

fn line<'a>(data: &'a [u8], range: &Range<u32>) -> &'a [u8] {
    &data[range.start as usize..range.end as usize]
}

/// Lines in `data`: one per newline, plus an unterminated last one.
fn count_lines(data: &[u8]) -> usize {
    // Counting into a byte-wide accumulator per chunk of at most 255 bytes lets the
    // compiler use full-width vector lanes; iterating matches costs a call per line.
    let newlines: usize = data
        .chunks(255)
        .map(|chunk| usize::from(chunk.iter().fold(0u8, |n, &b| n + u8::from(b == b'\n'))))
        .sum();
    newlines + usize::from(data.last().is_some_and(|&b| b != b'\n'))
}

fn common_prefix_len(a: &[u8], b: &[u8]) -> usize {
    const STEP: usize = 64;
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + STEP <= n && a[i..i + STEP] == b[i..i + STEP] {
        i += STEP;
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

fn common_suffix_len(a: &[u8], b: &[u8]) -> usize {
    const STEP: usize = 64;
    let n = a.len().min(b.len());
    let (ea, eb) = (a.len(), b.len());
    let mut i = 0;
    while i + STEP <= n && a[ea - i - STEP..ea - i] == b[eb - i - STEP..eb - i] {
        i += STEP;
    }
    while i < n && a[ea - i - 1] == b[eb - i - 1] {
        i += 1;
    }
    i
}

fn mark_length(bits: &mut [u64], long_lines: &mut bool, len: usize) {
    if len < LENGTH_FILTER_BITS {
        bits[len / 64] |= 1 << (len % 64);
    } else {
        *long_lines = true;
    }
}

impl LineDiff {
    /// Diff `old` against `new` line by line (lines keep their terminator, as in git).
    ///
    /// Counts are always git's. With `positions`, the hunks are also placed where
    /// `git log -p` places them; without, hunks are valid but may sit at another
    /// of several equally short placements.
    ///
    /// Blobs of 4 GiB or more are not supported (line offsets are `u32`); callers cap blob sizes far lower.
    pub(crate) fn compute(&mut self, old: &[u8], new: &[u8], positions: bool) {
        self.compute_within(old, new, positions.then_some(PLACEMENT_MARGIN));
    }

    /// [`compute`](Self::compute), placing hunks with exact tokens for `margin` lines
    /// around the middle when `placement` is `Some(margin)`.
    fn compute_within(&mut self, old: &[u8], new: &[u8], placement: Option<usize>) {
        self.before.clear();
        self.after.clear();
        self.old_lines.clear();
        self.new_lines.clear();
        self.first_line = 0;
        if old.is_empty() || new.is_empty() {
            // All added or all removed: no line needs a token of its own.
            split_lines(old, 0..old.len(), &mut self.old_lines);
            split_lines(new, 0..new.len(), &mut self.new_lines);
            self.before.resize(self.old_lines.len(), Token(0));
            self.after.resize(self.new_lines.len(), Token(0));
            self.diff
                .compute_with(Algorithm::Myers, &self.before, &self.after, 1);
        } else if let Some(margin) = placement {
            self.compute_placed_near(old, new, margin);
        } else {
            self.compute_counts(old, new);
        }
    }

    /// Every line gets its exact token, and hunks are slid into git's places.
    fn compute_placed(&mut self, old: &[u8], new: &[u8]) {
        split_lines(old, 0..old.len(), &mut self.old_lines);
        split_lines(new, 0..new.len(), &mut self.new_lines);
        let mut interned = Interned::with_capacity(self.old_lines.len() + self.new_lines.len());
        self.before
            .extend(self.old_lines.iter().map(|r| interned.intern(line(old, r))));
        self.after
            .extend(self.new_lines.iter().map(|r| interned.intern(line(new, r))));
        let texts = &interned.texts;
        self.diff.compute_with(
            Algorithm::Myers,
            &self.before,
            &self.after,
            texts.len() as u32,
        );
        // Place ambiguous hunks where git's default output (the indent heuristic) puts them.
        self.diff.postprocess_with(
            &self.before,
            &self.after,
            IndentHeuristic::new(|token: Token| {
                IndentLevel::for_ascii_line(texts[token.0 as usize].iter().copied(), TAB_WIDTH)
            }),
        );
    }

    /// Exact counts; only the changed middle is split into lines and interned.
    fn compute_counts(&mut self, old: &[u8], new: &[u8]) -> Ends {
        self.counts_interned(old, new).0
    }

    /// [`compute_counts`](Self::compute_counts), also returning the middle's lines
    /// as interned, for placing hunks without interning them again.
    fn counts_interned<'a>(&mut self, old: &'a [u8], new: &'a [u8]) -> (Ends, Interned<'a>) {
        // The common prefix: every line that ends before the first differing byte.
        let differ = common_prefix_len(old, new);
        let prefix_end = old[..differ]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let prefix_lines = count_lines(&old[..prefix_end]);

        // The common suffix of what is left, cut to whole lines on both sides.
        let (old_rest, new_rest) = (&old[prefix_end..], &new[prefix_end..]);
        let same = common_suffix_len(old_rest, new_rest);
        let (old_same, new_same) = (old_rest.len() - same, new_rest.len() - same);
        let old_suffix = if starts_line(old_rest, old_same) && starts_line(new_rest, new_same) {
            old_same
        } else {
            memchr::memchr(b'\n', &old_rest[old_same..])
                .map_or(old_rest.len(), |i| old_same + i + 1)
        };
        let new_suffix = old_suffix - old_same + new_same;
        let suffix = &old_rest[old_suffix..];
        let suffix_lines = count_lines(suffix);

        // Exact tokens for the middle lines.
        self.first_line = prefix_lines as u32;
        split_lines(
            old,
            prefix_end..prefix_end + old_suffix,
            &mut self.old_lines,
        );
        split_lines(
            new,
            prefix_end..prefix_end + new_suffix,
            &mut self.new_lines,
        );
        let mut interned = Interned::with_capacity(self.old_lines.len() + self.new_lines.len());
        let middle_before: Vec<Token> = self
            .old_lines
            .iter()
            .map(|r| interned.intern(line(old, r)))
            .collect();
        let middle_after: Vec<Token> = self
            .new_lines
            .iter()
            .map(|r| interned.intern(line(new, r)))
            .collect();
        let tokens = &interned.tokens;
        let filler = Token(tokens.len() as u32);

        // How often each middle line occurs among the lines of the common ends.
        let ends: [&[u8]; 2] = [&old[..prefix_end], suffix];
        let mut end_tokens: [Vec<Token>; 2] =
            [vec![filler; prefix_lines], vec![filler; suffix_lines]];
        if tokens.len() <= MAX_SEARCHED_LINES {
            search_end_tokens(&ends, tokens, filler, &mut end_tokens);
        } else {
            self.look_up_end_tokens(&ends, tokens, &mut end_tokens);
        }

        let [prefix_tokens, suffix_tokens] = end_tokens;
        for (side, middle) in [
            (&mut self.before, middle_before),
            (&mut self.after, middle_after),
        ] {
            side.extend_from_slice(&prefix_tokens);
            side.extend_from_slice(&middle);
            side.extend_from_slice(&suffix_tokens);
        }
        self.diff
            .compute_with(Algorithm::Myers, &self.before, &self.after, filler.0 + 1);
        let ends = Ends {
            prefix_start: prefix_end,
            prefix_lines,
            old_suffix: prefix_end + old_suffix,
            new_suffix: prefix_end + new_suffix,
        };
        (ends, interned)
    }

    /// The tokens of the common ends' lines when the middle has many distinct
    /// lines: each end line is looked up, after a filter on line lengths.
    fn look_up_end_tokens(
        &mut self,
        ends: &[&[u8]; 2],
        tokens: &HashMap<&[u8], u32>,
        end_tokens: &mut [Vec<Token>; 2],
    ) {
        self.lengths.clear();
        self.lengths.resize(LENGTH_FILTER_BITS / 64, 0);
        let mut long_lines = false;
        for text in tokens.keys() {
            mark_length(&mut self.lengths, &mut long_lines, text.len());
        }
        for (region, slots) in ends.iter().zip(end_tokens.iter_mut()) {
            self.scratch.clear();
            split_lines(region, 0..region.len(), &mut self.scratch);
            for (slot, range) in slots.iter_mut().zip(&self.scratch) {
                let len = range.len();
                let may_match = if len < LENGTH_FILTER_BITS {
                    self.lengths[len / 64] & (1 << (len % 64)) != 0
                } else {
                    long_lines
                };
                if may_match && let Some(&token) = tokens.get(line(region, range)) {
                    *slot = Token(token);
                }
            }
        }
    }

    /// Hunks placed as `git log -p` places them, with exact tokens only near the middle.
    ///
    /// The diff is the counting one ([`compute_counts`](Self::compute_counts): the same
    /// hunks as full interning before sliding). Sliding and the indent heuristic
    /// then see exact tokens for the middle and up to `margin` lines of each common
    /// end next to it, and tokens equal to nothing beyond, so no hunk slides out of
    /// that window. A hunk that could slide to within [`PLACEMENT_GUARD`] lines of an
    /// edge of the window that is not an edge of the file might have been placed
    /// differently with the whole file in view: then every line is interned.
    fn compute_placed_near(&mut self, old: &[u8], new: &[u8], margin: usize) {
        let (ends, mut interned) = self.counts_interned(old, new);
        // The window: up to `margin` lines of the common prefix and of the common suffix.
        let (mut start, mut above) = (ends.prefix_start, 0);
        while above < margin && start > 0 {
            start = memchr::memrchr(b'\n', &old[..start - 1]).map_or(0, |i| i + 1);
            above += 1;
        }
        let suffix = &old[ends.old_suffix..];
        let (mut below_len, mut below) = (0, 0);
        while below < margin && below_len < suffix.len() {
            below_len = memchr::memchr(b'\n', &suffix[below_len..])
                .map_or(suffix.len(), |i| below_len + i + 1);
            below += 1;
        }
        let first = ends.prefix_lines - above;
        self.first_line = first as u32;

        // The middle is split and interned already (its lines and tokens are the
        // counting diff's); the lines of the window around it join them.
        let outside = |at: usize| Token(OUTSIDE | at as u32);
        let LineDiff {
            before,
            after,
            old_lines,
            new_lines,
            middle_lines,
            middle_tokens,
            ..
        } = self;
        for (side, data, lines, suffix_start) in [
            (before, old, old_lines, ends.old_suffix),
            (after, new, new_lines, ends.new_suffix),
        ] {
            std::mem::swap(lines, middle_lines);
            let middle = ends.prefix_lines..ends.prefix_lines + middle_lines.len();
            middle_tokens.clear();
            middle_tokens.extend_from_slice(&side[middle]);
            let total = side.len();
            lines.clear();
            split_lines(data, start..ends.prefix_start, lines);
            let window_above = lines.len();
            lines.extend_from_slice(middle_lines);
            split_lines(data, suffix_start..suffix_start + below_len, lines);
            side.clear();
            side.extend((0..first).map(outside));
            side.extend(
                lines[..window_above]
                    .iter()
                    .map(|r| interned.intern(line(data, r))),
            );
            side.extend_from_slice(middle_tokens);
            let window_below = window_above + middle_tokens.len();
            side.extend(
                lines[window_below..]
                    .iter()
                    .map(|r| interned.intern(line(data, r))),
            );
            let end = side.len();
            side.extend((end..total).map(outside));
        }
        let texts = &interned.texts;
        self.diff.postprocess_with(
            &self.before,
            &self.after,
            IndentHeuristic::new(|token: Token| match texts.get(token.0 as usize) {
                Some(text) => IndentLevel::for_ascii_line(text.iter().copied(), TAB_WIDTH),
                None => IndentLevel::for_ascii_line(*b"x", TAB_WIDTH),
            }),
        );

        let reaches_edge = |tokens: &[Token], window: Range<usize>, hunk: Range<u32>| {
            if hunk.is_empty() {
                return false;
            }
            let (mut lo, mut hi) = (hunk.start as usize, hunk.end as usize);
            while lo > 0 && tokens[lo - 1] == tokens[hi - 1] {
                lo -= 1;
                hi -= 1;
            }
            let (mut lo2, mut hi2) = (hunk.start as usize, hunk.end as usize);
            while hi2 < tokens.len() && tokens[lo2] == tokens[hi2] {
                lo2 += 1;
                hi2 += 1;
            }
            (window.start > 0 && lo < window.start + PLACEMENT_GUARD)
                || (window.end < tokens.len() && hi2 + PLACEMENT_GUARD > window.end)
        };
        let old_window = first..first + self.old_lines.len();
        let new_window = first..first + self.new_lines.len();
        let fall_back = self.diff.hunks().any(|h| {
            reaches_edge(&self.before, old_window.clone(), h.before)
                || reaches_edge(&self.after, new_window.clone(), h.after)
        });
        if fall_back {
            self.before.clear();
            self.after.clear();
            self.old_lines.clear();
            self.new_lines.clear();
            self.first_line = 0;
            self.compute_placed(old, new);
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

    /// The byte range of line `index` (0-based) of the old blob; only lines inside a hunk are known.
    pub(crate) fn old_line(&self, index: u32) -> Range<usize> {
        let r = &self.old_lines[(index - self.first_line) as usize];
        r.start as usize..r.end as usize
    }

    /// The byte range of line `index` (0-based) of the new blob; only lines inside a hunk are known.
    pub(crate) fn new_line(&self, index: u32) -> Range<usize> {
        let r = &self.new_lines[(index - self.first_line) as usize];
        r.start as usize..r.end as usize
    }
}

/// Whether `at` is the start of a line of `text`.
#[inline]
fn starts_line(text: &[u8], at: usize) -> bool {
    at == 0 || text[at - 1] == b'\n'
}

/// The tokens of the common ends' lines when the middle has few distinct lines:
/// where a line sits inside an end does not matter, except next to the middle
/// (the lines adjacent to it decide where the common ends stop), so those get
/// their exact tokens and the other occurrences of each middle line go to the
/// far side of each end. `ends` are the common prefix and suffix, `end_tokens`
/// one slot per line of each.
fn search_end_tokens(
    ends: &[&[u8]; 2],
    tokens: &HashMap<&[u8], u32>,
    filler: Token,
    end_tokens: &mut [Vec<Token>; 2],
) {
    let [prefix, suffix] = *ends;
    let (prefix_lines, suffix_lines) = (end_tokens[0].len(), end_tokens[1].len());
    let prefix_edge = prefix.len().checked_sub(1).map(|last| {
        let start = prefix[..last]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        &prefix[start..]
    });
    let suffix_edge = (!suffix.is_empty())
        .then(|| &suffix[..memchr::memchr(b'\n', suffix).map_or(suffix.len(), |i| i + 1)]);
    let token_of = |text: &[u8]| tokens.get(text).map_or(filler, |&t| Token(t));
    let [prefix_slots, suffix_slots] = end_tokens;
    let prefix_edge_token = prefix_edge.map(token_of);
    let suffix_edge_token = suffix_edge.map(token_of);
    if let Some(token) = prefix_edge_token {
        prefix_slots[prefix_lines - 1] = token;
    }
    if let Some(token) = suffix_edge_token {
        suffix_slots[0] = token;
    }
    let (mut prefix_next, mut suffix_next) = (0, suffix_lines.saturating_sub(1));
    for (&text, &token) in tokens {
        let token = Token(token);
        for (which, region, edge) in [
            (0, prefix, prefix_edge_token),
            (1, suffix, suffix_edge_token),
        ] {
            let found = if text.ends_with(b"\n") {
                memchr::memmem::find_iter(region, text)
                    .filter(|&at| starts_line(region, at))
                    .count()
            } else {
                // Only the unterminated last line of a file can equal it.
                usize::from(
                    region.ends_with(text) && starts_line(region, region.len() - text.len()),
                )
            };
            let elsewhere = found - usize::from(edge == Some(token));
            if elsewhere == 0 {
                continue;
            }
            if which == 0 {
                prefix_slots[prefix_next..prefix_next + elsewhere].fill(token);
                prefix_next += elsewhere;
            } else {
                // Filled from the far end, never reaching slot 0 (the edge).
                suffix_slots[suffix_next + 1 - elsewhere..=suffix_next].fill(token);
                suffix_next -= elsewhere;
            }
        }
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
        let hunks: Vec<_> = ours.hunks().collect();
        assert_eq!(
            (ours.added() as u32, ours.removed() as u32, hunks.clone()),
            reference(old, new, false),
            "counts: old={:?} new={:?}",
            old.as_bstr(),
            new.as_bstr()
        );
        let old_lines: Vec<&[u8]> = old.lines_with_terminator().collect();
        let new_lines: Vec<&[u8]> = new.lines_with_terminator().collect();
        for (before, after) in hunks {
            for i in before {
                assert_eq!(&old[ours.old_line(i)], old_lines[i as usize]);
            }
            for i in after {
                assert_eq!(&new[ours.new_line(i)], new_lines[i as usize]);
            }
        }
        let placed = reference(old, new, true);
        // The default window, and narrow ones that make hunks reach its edges.
        for margin in [PLACEMENT_MARGIN, 24, 0, 1, 5] {
            ours.compute_within(old, new, Some(margin));
            let hunks: Vec<_> = ours.hunks().collect();
            assert_eq!(
                (ours.added() as u32, ours.removed() as u32, hunks.clone()),
                placed,
                "margin={margin} old={:?} new={:?}",
                old.as_bstr(),
                new.as_bstr()
            );
            for (before, after) in hunks {
                for i in before {
                    assert_eq!(&old[ours.old_line(i)], old_lines[i as usize]);
                }
                for i in after {
                    assert_eq!(&new[ours.new_line(i)], new_lines[i as usize]);
                }
            }
        }
    }

    /// A deterministic xorshift generator (no dependency, the same cases every run):
    /// `next(n)` is in `0..n`.
    fn generator(seed: u64) -> impl FnMut(u64) -> u64 {
        let mut state = seed;
        move |n| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        }
    }

    /// One edit of `lines` at `at`: a line removed, replaced or inserted, the new
    /// line picked from `vocabulary`.
    fn edit(
        lines: &mut Vec<Vec<u8>>,
        at: usize,
        vocabulary: &[Vec<u8>],
        next: &mut impl FnMut(u64) -> u64,
    ) {
        match next(3) {
            0 if at < lines.len() => {
                lines.remove(at);
            }
            choice => {
                let line = vocabulary[next(vocabulary.len() as u64) as usize].clone();
                if choice == 1 && at < lines.len() {
                    lines[at] = line;
                } else {
                    lines.insert(at, line);
                }
            }
        }
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
    fn placing_near_the_middle_equals_full_interning_in_long_files() {
        // Files of a few hundred lines with blank lines, braces and repeated lines, edited
        // in one place: the exact window around the middle is used (not the whole file),
        // and hunks land where full interning puts them.
        let mut next = generator(0x2545_F491_4F6C_DD1D);
        let vocabulary: Vec<Vec<u8>> = (0..10)
            .map(|i| match i {
                0 | 1 => b"\n".to_vec(),
                2 => b"}\n".to_vec(),
                3 => b"    }\n".to_vec(),
                4 => b"    if x {\n".to_vec(),
                _ => format!("{}line {i}\n", " ".repeat(i % 3 * 4)).into_bytes(),
            })
            .collect();
        let mut windowed = 0;
        let cases = 2_000;
        for _ in 0..cases {
            let len = 100 + next(200) as usize;
            let old: Vec<u8> = (0..len)
                .flat_map(|_| vocabulary[next(10) as usize].clone())
                .collect();
            let mut lines: Vec<Vec<u8>> = old.lines_with_terminator().map(|l| l.to_vec()).collect();
            let around = next(lines.len() as u64) as usize;
            for _ in 0..1 + next(4) {
                let at = (around + next(6) as usize).min(lines.len());
                edit(&mut lines, at, &vocabulary, &mut next);
            }
            let new: Vec<u8> = lines.concat();
            check(&old, &new);
            let mut ours = LineDiff::default();
            ours.compute(&old, &new, true);
            windowed += usize::from(ours.first_line > 0);
        }
        assert!(windowed > cases / 2, "{windowed} of {cases}");
    }

    #[test]
    fn equals_full_interning_on_generated_edits() {
        let mut next = generator(0x9E37_79B9_7F4A_7C15);
        let vocabulary: Vec<Vec<u8>> = (0..12)
            .map(|i| match i {
                0 => b"\n".to_vec(),
                1 => b"}\n".to_vec(),
                2 => b"    }\n".to_vec(),
                _ => format!("line {i} {}\n", "x".repeat(i)).into_bytes(),
            })
            .collect();
        for _ in 0..10_000 {
            let len = next(60) as usize;
            let old: Vec<u8> = (0..len)
                .flat_map(|_| vocabulary[next(12) as usize].clone())
                .collect();
            let mut lines: Vec<Vec<u8>> = old.lines_with_terminator().map(|l| l.to_vec()).collect();
            for _ in 0..next(6) {
                let at = next(lines.len() as u64 + 1) as usize;
                edit(&mut lines, at, &vocabulary, &mut next);
            }
            let mut new: Vec<u8> = lines.concat();
            if next(10) == 0 && new.ends_with(b"\n") {
                new.pop();
            }
            check(&old, &new);
        }
    }
}
