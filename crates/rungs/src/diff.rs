//! `rungs diff`: what changed between two reports.

use crate::{
    args::{DiffArgs, DiffFormat},
    output,
    report::read_report,
};

pub(crate) fn run(args: &DiffArgs) -> anyhow::Result<()> {
    let roster = output::read_roster(args.team.as_deref())?;
    let pseudonyms = crate::anonymize::wanted(&args.anon)?;
    let mut old = read_report(&args.old)?;
    let mut new = read_report(&args.new)?;
    if let Some(why) = rungs_report::diff::incomparable(&old, &new) {
        anyhow::bail!(
            "{} and {} cannot be compared: {why}",
            args.old.display(),
            args.new.display()
        );
    }
    if let Some(roster) = &roster {
        // Entries that find nobody are said once, of the newer report.
        rungs_core::roster::apply_roster(&mut old, roster)?;
        output::apply_roster(&mut new, Some(roster))?;
    }
    if pseudonyms.is_some() && (old.anonymized || new.anonymized) {
        anyhow::bail!("--anonymize: the reports are anonymized already (compare them without it)");
    }
    let mut diff = rungs_report::diff::diff(&old, &new);
    if let Some(p) = &pseudonyms {
        p.diff(&mut diff);
    }
    let text = match args.format {
        DiffFormat::Text => rungs_render::diff_text(&diff, args.all),
        DiffFormat::Markdown => rungs_render::diff_markdown(&diff, args.all),
        DiffFormat::Json => {
            let mut json = serde_json::to_string_pretty(&diff)?;
            json.push('\n');
            json
        }
    };
    output::write_text(args.output.as_deref(), &text)
}
