//! `--aliases FILE` (the format: `rungs_core::aliases_file`) and `rungs aliases
//! suggest`.

use std::path::Path;

use anyhow::{Context, bail};
use rungs_scan::identity::Aliases;

/// Read and check an aliases file.
pub(crate) fn load(path: &Path) -> anyhow::Result<Aliases> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the aliases file {}", path.display()))?;
    Ok(rungs_core::aliases_file::parse_aliases(
        &path.display().to_string(),
        &text,
    )?)
}

/// `rungs aliases suggest REPORT`: the aliases file the report's identities
/// suggest, to standard output or `output`.
pub(crate) fn suggest(report: &Path, output: Option<&Path>) -> anyhow::Result<()> {
    let report_data = crate::report::read_report(report)?;
    if report_data.anonymized {
        bail!(
            "{} is anonymized: its pseudonyms cannot go into an aliases file; suggest from a report scanned without --anonymize",
            report.display()
        );
    }
    let (groups, shared) = rungs_core::identities::suggest_aliases(&report_data);
    crate::output::write_text(
        output,
        &rungs_core::identities::aliases_toml(&groups, &shared),
    )
}
