//! Commit messages: subject and trailers, parsed the way git does.

use bstr::{BStr, BString, ByteSlice};

/// One `Key: value` line from the trailer block at the end of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
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

/// The name and email of a `Name <email>` value (as in `Co-authored-by`), trimmed.
pub fn name_and_email(value: &BStr) -> Option<(&BStr, &BStr)> {
    let open = value.find_byte(b'<')?;
    let close = open + value[open..].find_byte(b'>')?;
    let email = value[open + 1..close].trim();
    if email.is_empty() {
        return None;
    }
    Some((value[..open].trim().as_bstr(), email.as_bstr()))
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

    #[test]
    fn name_and_email_of_a_trailer_value() {
        use bstr::ByteSlice;
        let pair = |v: &str| {
            super::name_and_email(v.as_bytes().as_bstr())
                .map(|(n, e)| (n.to_string(), e.to_string()))
        };
        assert_eq!(
            pair("Kim Lee <kim@x.org>"),
            Some(("Kim Lee".into(), "kim@x.org".into()))
        );
        assert_eq!(
            pair("<kim@x.org>"),
            Some((String::new(), "kim@x.org".into()))
        );
        assert_eq!(pair("Kim Lee"), None);
        assert_eq!(pair("Kim <>"), None);
    }
}
