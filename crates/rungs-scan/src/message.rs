//! Commit messages: subject and trailers, parsed the way git does.

use bstr::{BStr, BString, ByteSlice};

/// One `Key: value` line from the trailer block at the end of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trailer {
    /// The token before the colon, as written (`Co-authored-by`).
    pub key: BString,
    /// The value, trimmed and unfolded.
    pub value: BString,
}

/// Parse the trailers of a raw commit message (the text after the headers).
///
/// The subject line is never a trailer; only the last paragraph of the body counts,
/// following git's `interpret-trailers` rules as implemented by gix.
pub fn trailers(message: &BStr) -> Vec<Trailer> {
    let message = gix::objs::commit::MessageRef::from_bytes(message);
    let Some(body) = message.body() else {
        return Vec::new();
    };
    body.trailers()
        .map(|t| Trailer {
            key: t.token.to_owned(),
            value: t.value.into_owned(),
        })
        .collect()
}

/// The first line of the message, without its line ending.
pub fn subject(message: &BStr) -> &BStr {
    message
        .trim_start()
        .lines()
        .next()
        .unwrap_or_default()
        .as_bstr()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailers_come_from_the_last_paragraph_only() {
        let msg = "feat: add login\n\nBody text here.\nFixes: not a trailer block yet\n\nCo-authored-by: A <a@x.org>\nSigned-off-by: B <b@x.org>\n";
        let t = trailers(msg.into());
        assert_eq!(t.len(), 2, "{t:?}");
        assert_eq!(t[0].key, "Co-authored-by");
        assert_eq!(t[0].value, "A <a@x.org>");
        assert_eq!(t[1].key, "Signed-off-by");
    }

    #[test]
    fn a_subject_alone_has_no_trailers() {
        assert!(trailers("Signed-off-by: A <a@x.org>\n".into()).is_empty());
        assert_eq!(subject("  first line\nsecond".into()), "first line");
    }
}
