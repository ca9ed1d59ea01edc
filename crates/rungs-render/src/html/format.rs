//! Small formatting helpers shared by the parts of the page.

use std::fmt::Write;

use crate::view;

/// `n` with thousands separators: `12,345`.
pub(super) fn num(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A share (0 to 1) as a whole percentage: `42%`.
pub(super) fn percent(share: f64) -> String {
    format!("{:.0}%", (share * 100.0).clamp(0.0, 100.0))
}

/// A depth as a coloured badge with its number, named in the tooltip.
pub(super) fn badge(out: &mut String, depth: u8) {
    let _ = write!(
        out,
        "<span class=\"badge d{}\" title=\"{}\">{}</span>",
        depth.min(4),
        view::depth_name(depth),
        depth
    );
}

/// A depth in words with its number: `implement (3)`.
pub(super) fn depth_words(depth: u8) -> String {
    format!("{} ({depth})", view::depth_name(depth))
}

/// `first – last` of two optional RFC 3339 times, as dates.
pub(super) fn span(first: Option<&str>, last: Option<&str>) -> String {
    match (first.map(view::date), last.map(view::date)) {
        (Some(a), Some(b)) if a == b => a.to_owned(),
        (Some(a), Some(b)) => format!("{a} – {b}"),
        (Some(a), None) | (None, Some(a)) => a.to_owned(),
        (None, None) => "–".to_owned(),
    }
}

/// `1 commit`, `2 commits`.
pub(super) fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", num(n), if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_separators() {
        assert_eq!(num(0), "0");
        assert_eq!(num(999), "999");
        assert_eq!(num(1000), "1,000");
        assert_eq!(num(1234567), "1,234,567");
    }

    #[test]
    fn spans_collapse_equal_dates() {
        assert_eq!(
            span(
                Some("2024-01-02T10:00:00+01:00"),
                Some("2024-01-02T11:00:00+01:00")
            ),
            "2024-01-02"
        );
        assert_eq!(span(None, None), "–");
    }
}
