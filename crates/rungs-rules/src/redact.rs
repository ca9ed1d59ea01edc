//! Evidence text with secrets taken out.
//!
//! A line that matched a rule is kept as evidence, and evidence ends up in files
//! that are shared (CI artefacts, pull-request comments). A line of code may hold a
//! credential, so every piece of evidence text goes through [`evidence_text`] before
//! it leaves the classifier: known token formats, private-key blocks, passwords in
//! URLs, values assigned to secret-looking names and long random-looking strings are
//! replaced by `[REDACTED]`.

use std::sync::LazyLock;

use regex::Regex;

/// What replaces a secret.
pub const REDACTED: &str = "[REDACTED]";

/// The longest evidence text kept, in characters; longer lines are cut and end in `…`.
pub const MAX_EVIDENCE_CHARS: usize = 200;

/// Token formats with a recognisable shape, replaced whole.
static TOKENS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?:",
        // AWS access key ids.
        r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}\b",
        // GitHub tokens (classic and fine-grained).
        r"|\bgh[pousr]_[A-Za-z0-9]{30,}",
        r"|\bgithub_pat_[A-Za-z0-9_]{30,}",
        // GitLab personal access tokens.
        r"|\bglpat-[A-Za-z0-9_\-]{20,}",
        // Slack tokens.
        r"|\bxox[abposr]-[A-Za-z0-9\-]{10,}",
        // Stripe-style secret keys.
        r"|\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}",
        // Google API keys.
        r"|\bAIza[0-9A-Za-z_\-]{35}",
        // JSON web tokens.
        r"|\beyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}",
        // PEM private-key armour lines (the body lines are long base64, caught below).
        r"|-----BEGIN[A-Z ]*PRIVATE KEY-----",
        r")"
    ))
    .unwrap_or_else(|e| unreachable!("a fixed pattern compiles: {e}"))
});

/// `scheme://user:password@host`: the password goes.
static URL_PASSWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<head>[A-Za-z][A-Za-z0-9+.\-]*://[^\s:/@]+:)[^\s@/]+(?P<tail>@)")
        .unwrap_or_else(|e| unreachable!("a fixed pattern compiles: {e}"))
});

/// `password = "…"`, `api_key: …`, `"client_secret": "…"`: the value goes.
static ASSIGNED_SECRET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?i)(?P<head>\b[a-z0-9_\-]*(?:password|passwd|pwd|secret|token|api[_\-]?key|access[_\-]?key|private[_\-]?key|credential)s?[a-z0-9_\-]*["']?\s*(?::=|=>|[:=])\s*)"#,
        r#"(?P<value>"[^"]+"|'[^']+'|`[^`]+`|[^\s,;)]+)"#
    ))
    .unwrap_or_else(|e| unreachable!("a fixed pattern compiles: {e}"))
});

/// SQL: `PASSWORD 'x'`, `IDENTIFIED BY 'x'`: the quoted value goes.
static SQL_PASSWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)(?P<head>\b(?:password|identified\s+by)\s+)(?:'[^']*'|"[^"]*")"#)
        .unwrap_or_else(|e| unreachable!("a fixed pattern compiles: {e}"))
});

/// Long runs of base64 or hex with both letters and digits: keys, hashes of
/// credentials, PEM bodies. Commit ids are 40 hex digits and are kept.
static RANDOM_RUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z0-9+/_\-]{32,}={0,2}")
        .unwrap_or_else(|e| unreachable!("a fixed pattern compiles: {e}"))
});

/// Whether an assigned value is a reference to a secret rather than the secret:
/// a call, an environment lookup, a placeholder or an empty string.
fn is_reference(value: &str) -> bool {
    let inner = value.trim_matches(['"', '\'', '`']);
    inner.is_empty()
        || inner.len() < 4
        || inner.contains('(')
        || inner.contains("${")
        || inner.starts_with('$')
        || inner.starts_with('<')
        || inner.starts_with('%')
        || inner.starts_with("{{")
        || inner.chars().all(|c| c == '*' || c == 'x' || c == 'X')
        || inner.contains('.') && !inner.contains(' ') && value == inner
        || inner.eq_ignore_ascii_case("none")
        || inner.eq_ignore_ascii_case("null")
        || inner.eq_ignore_ascii_case("nil")
        || inner.eq_ignore_ascii_case("true")
        || inner.eq_ignore_ascii_case("false")
}

fn looks_random(run: &str) -> bool {
    let count = |f: fn(&u8) -> bool| run.bytes().filter(f).count();
    let (upper, lower, digits) = (
        count(u8::is_ascii_uppercase),
        count(u8::is_ascii_lowercase),
        count(u8::is_ascii_digit),
    );
    let separators = count(|b| matches!(b, b'_' | b'-'));
    let hex = run.bytes().all(|b| b.is_ascii_hexdigit());
    // Commit ids (40 hex digits) are evidence, not secrets.
    if hex && run.len() == 40 {
        return false;
    }
    // Identifiers like `some_very_long_function_name` are words joined by separators;
    // keys are letters of both cases and digits throughout.
    let words = separators * 8 >= run.len();
    let hex_digest = hex && digits >= 4 && upper + lower >= 4;
    let mixed = upper >= 2 && lower >= 2 && digits >= 1;
    !words && (hex_digest || mixed)
}

/// Remove what looks like a secret from `text`.
pub fn redact(text: &str) -> String {
    let text = TOKENS.replace_all(text, REDACTED);
    let text = URL_PASSWORD.replace_all(&text, format!("${{head}}{REDACTED}${{tail}}"));
    let text = ASSIGNED_SECRET.replace_all(&text, |caps: &regex::Captures<'_>| {
        let value = &caps["value"];
        if is_reference(value) || value.contains(REDACTED) {
            caps[0].to_owned()
        } else {
            format!("{}{REDACTED}", &caps["head"])
        }
    });
    let text = SQL_PASSWORD.replace_all(&text, format!("${{head}}{REDACTED}"));
    RANDOM_RUN
        .replace_all(&text, |caps: &regex::Captures<'_>| {
            if looks_random(&caps[0]) {
                REDACTED.to_owned()
            } else {
                caps[0].to_owned()
            }
        })
        .into_owned()
}

/// The text kept as evidence for a matched line: surrounding whitespace trimmed,
/// secrets redacted, at most [`MAX_EVIDENCE_CHARS`] characters.
pub fn evidence_text(line: &str) -> String {
    let line = line.trim();
    let cut = match line.char_indices().nth(MAX_EVIDENCE_CHARS) {
        Some((end, _)) => &line[..end],
        None => line,
    };
    let mut kept = redact(cut);
    if cut.len() < line.len() {
        kept.push('…');
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_token_formats_are_removed() {
        for (line, secret) in [
            ("aws_key_id = AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE"),
            (
                "let t = \"ghp_16C7e42F292c6912E7710c838347Ae178B4a\";",
                "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
            ),
            (
                "curl -H 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'",
                "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
            ),
            ("-----BEGIN RSA PRIVATE KEY-----", "BEGIN RSA PRIVATE KEY"),
            (
                "DATABASE_URL=postgres://app:hunter2secret@db.internal:5432/app",
                "hunter2secret",
            ),
            ("password = \"correct horse battery\"", "correct horse"),
            ("    \"client_secret\": \"s3cr3t-value-here\",", "s3cr3t"),
            ("db.connect(user, password='tr0ub4dor&3')", "tr0ub4dor"),
            ("CREATE USER app IDENTIFIED BY 'letmein42';", "letmein42"),
            ("BEGIN; SET ROLE app PASSWORD 'hunter2hunter2';", "hunter2"),
            (
                "key: MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7",
                "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7",
            ),
        ] {
            let kept = redact(line);
            assert!(!kept.contains(secret), "{line:?} kept {secret:?}: {kept:?}");
            assert!(kept.contains(REDACTED), "{line:?} -> {kept:?}");
        }
    }

    #[test]
    fn ordinary_code_is_kept() {
        for line in [
            "let tx = pool.begin().await?;",
            "password = os.environ[\"DB_PASSWORD\"]",
            "token := os.Getenv(\"API_TOKEN\")",
            "secret_key = settings.SECRET_KEY",
            "if (!user.hasPermission(\"admin\")) return res.status(403).end();",
            "fixes 0123456789abcdef0123456789abcdef01234567 again",
            "fn very_long_function_name_without_any_digits_at_all() {}",
            "password: \"\"",
        ] {
            assert_eq!(redact(line), line);
        }
    }

    #[test]
    fn evidence_is_trimmed_and_cut_on_a_character_boundary() {
        assert_eq!(evidence_text("   BEGIN;\n"), "BEGIN;");
        let long = "é".repeat(MAX_EVIDENCE_CHARS + 10);
        let kept = evidence_text(&long);
        assert_eq!(kept.chars().count(), MAX_EVIDENCE_CHARS + 1);
        assert!(kept.ends_with('…'));
    }
}
