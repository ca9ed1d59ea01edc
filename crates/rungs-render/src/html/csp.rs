//! The page's Content-Security-Policy: nothing may be loaded from anywhere, and
//! the one script of the page runs only if its SHA-256 matches, so markup that
//! slipped past escaping could not run script.

use base64::Engine as _;
use sha2::Digest as _;

/// The `content` of the page's `Content-Security-Policy` meta element for a page
/// whose only script is `script`.
pub(super) fn policy(script: &str) -> String {
    format!(
        "default-src 'none'; style-src 'unsafe-inline'; \
         script-src 'sha256-{}'; base-uri 'none'; form-action 'none'",
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(script.as_bytes()))
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_hash_is_the_base64_sha256_browsers_compute() {
        // `printf 'alert(1)' | openssl dgst -sha256 -binary | base64`
        assert!(
            super::policy("alert(1)")
                .contains("'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='")
        );
    }
}
