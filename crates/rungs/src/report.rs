//! `rungs report`: render a saved JSON report without scanning again.

use anyhow::Context;

use crate::{args::ReportArgs, output};

pub(crate) fn run(args: &ReportArgs) -> anyhow::Result<()> {
    output::check_writable(&args.output)?;
    let roster = output::read_roster(args.output.team.as_deref())?;
    let pseudonyms = crate::anonymize::wanted(&args.anon)?;
    let mut report = read_report(&args.report)?;
    if pseudonyms.is_some() && report.anonymized {
        anyhow::bail!("{} is anonymized already", args.report.display());
    }
    if args.ladder.is_some() || args.strict_ladder {
        let builtin = rungs_ladder::default_ladder().file;
        if let Some(used) = report.ladder.as_ref().filter(|_| args.ladder.is_none())
            && used.file != builtin
        {
            anyhow::bail!(
                "{} was placed on the ladder {}: give it with --ladder to place again on it",
                args.report.display(),
                used.file
            );
        }
        let ladder = crate::scan::load_ladder(args.ladder.as_deref(), args.strict_ladder)?;
        report = rungs_core::place_again(&args.report, report, &ladder)?;
    }
    output::apply_roster(&mut report, roster.as_ref())?;
    if let Some(p) = &pseudonyms {
        p.report(&mut report);
    }
    output::write_report(&report, &args.output)
}

/// Read a JSON report, with a clear error for a file that is not one (or is one
/// of a schema version this rungs does not read).
pub(crate) fn read_report(path: &std::path::Path) -> anyhow::Result<rungs_report::Report> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the report {}", path.display()))?;
    let version: Option<String> = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| v.get("schema_version")?.as_str().map(str::to_owned));
    if let Some(version) = &version
        && let Err(why) = rungs_report::readable(version)
    {
        anyhow::bail!("{}: {why}", path.display());
    }
    serde_json::from_str(&text).with_context(|| {
        format!(
            "{} is not a rungs report (schema {})",
            path.display(),
            rungs_report::SCHEMA_VERSION
        )
    })
}
