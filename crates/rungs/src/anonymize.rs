//! Privacy at the command line: the secret pseudonyms are keyed by, and opt-out
//! lists (the pseudonyms themselves are `rungs_core::anonymize`).

use std::path::Path;

use anyhow::{Context, bail};
use rungs_core::anonymize::Pseudonyms;

/// The environment variable holding the secret pseudonyms are keyed by.
pub(crate) const KEY_VARIABLE: &str = "RUNGS_ANONYMIZE_KEY";

/// The people of an opt-out file: one email, name or glob per line; blank lines
/// and `#` comments are skipped.
pub(crate) fn read_opt_out(path: &Path) -> anyhow::Result<Vec<String>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the opt-out list {}", path.display()))?;
    Ok(text
        .lines()
        .map(|line| line.split_once('#').map_or(line, |(kept, _)| kept).trim())
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect())
}

/// With `--anonymize`, the pseudonyms its secret keys.
pub(crate) fn wanted(args: &crate::args::AnonymizeArgs) -> anyhow::Result<Option<Pseudonyms>> {
    args.anonymize
        .then(|| pseudonyms(args.anonymize_key_file.as_deref()))
        .transpose()
}

/// Pseudonyms keyed by the secret in `key_file`, or else in `RUNGS_ANONYMIZE_KEY`.
pub(crate) fn pseudonyms(key_file: Option<&Path>) -> anyhow::Result<Pseudonyms> {
    let secret = match key_file {
        Some(path) => std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the anonymize key file {}", path.display()))?
            .trim()
            .to_owned(),
        None => std::env::var(KEY_VARIABLE).unwrap_or_default(),
    };
    if secret.len() < 8 {
        bail!(
            "--anonymize needs a secret of at least 8 characters, in {KEY_VARIABLE} or --anonymize-key-file \
             (keep it: the same secret gives the same pseudonyms next time)"
        );
    }
    Ok(Pseudonyms::new(&secret))
}
