//! `rungs merge`: combine reports of different repositories (or shards of a list
//! of repositories) into the report one scan of them all would give.
//!
//! The merging itself is `rungs_core::merge`.

use crate::{args::MergeArgs, output, report::read_report};

pub(crate) fn run(args: &MergeArgs) -> anyhow::Result<()> {
    output::check_writable(&args.out)?;
    let roster = output::read_roster(args.out.team.as_deref())?;
    let reports = args
        .reports
        .iter()
        .map(|path| Ok((path.as_path(), read_report(path)?)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let ladder = crate::scan::load_ladder(args.ladder.as_deref(), args.strict_ladder)?;
    let mut merged = rungs_core::merge(&reports, &ladder)?;
    output::apply_roster(&mut merged, roster.as_ref())?;
    output::write_report(&merged, &args.out)
}
