//! `rungs ladder check` and `rungs ladder import` (the work is in rungs-ladder).

use anyhow::Context;

use crate::args::{FrameworkFormat, LadderCommand};

pub(crate) fn run(command: LadderCommand) -> anyhow::Result<()> {
    match command {
        LadderCommand::Check { file } => {
            let ladder = crate::scan::load_ladder(file.as_deref(), false)?;
            crate::output::write_text(None, &ladder.describe())
        }
        LadderCommand::Import {
            file,
            format,
            track,
            output,
        } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read the framework {}", file.display()))?;
            let format = match format {
                FrameworkFormat::Ft => rungs_ladder::import::FrameworkFormat::Ft,
                FrameworkFormat::Monzo => rungs_ladder::import::FrameworkFormat::Monzo,
            };
            let name = file.display().to_string();
            let imported = rungs_ladder::import::import(&name, &text, format, track.as_deref())?;
            // What is written must load as a ladder: never hand over a broken one.
            rungs_ladder::Ladder::from_toml(&name, &imported.toml)
                .context("the imported ladder does not load (a bug in rungs)")?;
            let (mapped, unmapped) = imported.counts();
            eprintln!(
                "rungs: {} levels, {mapped} criteria mapped to skills, {unmapped} left unmapped \
                 (listed as comments); review the mappings, then `rungs ladder check`",
                imported.levels.len()
            );
            crate::output::write_text(output.as_deref(), &imported.toml)
        }
    }
}
