//! The `rungs` command line: parse arguments, run a command, map the outcome to an exit code.

mod aliases;
mod anonymize;
mod args;

mod diff;
mod eval;
mod explain;
mod fit;
mod labels;
mod ladder;
mod manual;
mod merge;
mod output;
mod progress;
mod report;
mod repos;
mod rules;
mod scan;

use std::process::ExitCode;

use clap::Parser;

/// Arguments that cannot work together or with this environment, found after
/// clap has read them: exit status 2, as clap's own usage errors.
#[derive(Debug)]
pub(crate) struct UsageError(pub(crate) String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Exit status: 0 success, 1 an error, 2 a usage error (clap's or [`UsageError`]).
fn main() -> ExitCode {
    let cli = args::Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            if is_broken_pipe(&err) {
                // The reader went away (`rungs ... | head`): not our failure.
                return ExitCode::SUCCESS;
            }
            eprintln!("rungs: error: {err:#}");
            if err.downcast_ref::<UsageError>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

fn run(cli: args::Cli) -> anyhow::Result<()> {
    match cli.command {
        args::Command::Scan(scan) => scan::run(&scan),
        args::Command::Rules(command) => rules::run(&command),
        args::Command::Report(report) => report::run(&report),
        args::Command::Merge(merge) => merge::run(&merge),
        args::Command::Explain(explain) => explain::run(&explain),
        args::Command::Diff(diff) => diff::run(&diff),
        args::Command::Eval(eval) => eval::run(&eval),
        args::Command::Fit(fit) => fit::run(&fit),
        args::Command::Aliases(args::AliasesCommand::Suggest { report, output }) => {
            aliases::suggest(&report, output.as_deref())
        }
        args::Command::Ladder(command) => ladder::run(command),
        args::Command::Completions { shell } => manual::completions(shell),
        args::Command::Man => manual::man(),
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
