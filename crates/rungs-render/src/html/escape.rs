//! HTML escaping of text that comes from repositories: names, emails, paths, rules.

use std::fmt;

/// `text` escaped for HTML text and quoted attribute values, as a [`fmt::Display`]
/// that writes without allocating.
pub(crate) fn esc(text: &str) -> Escaped<'_> {
    Escaped(text)
}

/// Text to be written escaped; see [`esc`].
pub(crate) struct Escaped<'a>(&'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
            f.write_str(&rest[..at])?;
            let entity = match rest.as_bytes()[at] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                _ => "&#39;",
            };
            f.write_str(entity)?;
            rest = &rest[at + 1..];
        }
        f.write_str(rest)
    }
}

/// `text` escaped, with `` `code` `` spans (as the ladder writes them in tasks)
/// set in `<code>`; text with an odd number of backticks is only escaped.
pub(super) fn with_code(text: &str) -> String {
    if !text.matches('`').count().is_multiple_of(2) {
        return esc(text).to_string();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str("<code>");
            out.push_str(&esc(part).to_string());
            out.push_str("</code>");
        } else {
            out.push_str(&esc(part).to_string());
        }
    }
    out
}

/// A link target safe to put in `href`: only `http` and `https` URLs (a report
/// may be edited by hand, and a `javascript:` URL would run on click).
pub(super) fn safe_url(url: &str) -> Option<&str> {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then_some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc(r#"<script>alert(1)</script> "q" & 'a'"#).to_string(),
            "&lt;script&gt;alert(1)&lt;/script&gt; &quot;q&quot; &amp; &#39;a&#39;"
        );
        assert_eq!(esc("plain ünïcode").to_string(), "plain ünïcode");
    }

    #[test]
    fn backticks_become_code() {
        assert_eq!(
            with_code("use `git revert` & <explain>"),
            "use <code>git revert</code> &amp; &lt;explain&gt;"
        );
        assert_eq!(with_code("odd ` tick <b>"), "odd ` tick &lt;b&gt;");
    }

    #[test]
    fn only_web_urls_are_links() {
        assert!(safe_url("https://github.com/o/r/commit/abc").is_some());
        assert!(safe_url("HTTP://example.com/x").is_some());
        assert!(safe_url("javascript:alert(1)").is_none());
        assert!(safe_url("data:text/html,x").is_none());
    }
}
