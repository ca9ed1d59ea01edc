//! `rungs diff`: what changed between two reports.

use crate::{
    args::{DiffArgs, DiffFormat},
    output,
    report::read_report,
};

pub(crate) fn run(args: &DiffArgs) -> anyhow::Result<()> {
    let old = read_report(&args.old)?;
    let new = read_report(&args.new)?;
    if old.anonymized != new.anonymized {
        anyhow::bail!(
            "one of {} and {} is anonymized and the other is not: their people cannot be matched",
            args.old.display(),
            args.new.display()
        );
    }
    if old.pseudonym_key != new.pseudonym_key {
        anyhow::bail!(
            "{} and {} were anonymized with different secrets: the same person has other \
             pseudonyms in each, so their people cannot be matched",
            args.old.display(),
            args.new.display()
        );
    }
    let diff = rungs_report::diff::diff(&old, &new);
    let text = match args.format {
        DiffFormat::Text => rungs_render::diff_text(&diff),
        DiffFormat::Markdown => rungs_render::diff_markdown(&diff),
        DiffFormat::Json => {
            let mut json = serde_json::to_string_pretty(&diff)?;
            json.push('\n');
            json
        }
    };
    output::write_text(args.output.as_deref(), &text)
}
