//! `rungs diff`: what changed between two reports.

use crate::{
    args::{DiffArgs, DiffFormat},
    output,
    report::read_report,
};

pub(crate) fn run(args: &DiffArgs) -> anyhow::Result<()> {
    let old = read_report(&args.old)?;
    let new = read_report(&args.new)?;
    if let Some(why) = rungs_report::diff::incomparable(&old, &new) {
        anyhow::bail!(
            "{} and {} cannot be compared: {why}",
            args.old.display(),
            args.new.display()
        );
    }
    let diff = rungs_report::diff::diff(&old, &new);
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
