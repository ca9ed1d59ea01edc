//! Writing output files atomically, so an interrupted run never leaves a truncated file.

use std::{
    io::Write,
    path::{Path, PathBuf},
};

use anyhow::Context;

/// A file being written: a temporary file beside the target, renamed into place on [`commit`](AtomicFile::commit).
///
/// A target that exists and is not a regular file (`/dev/null`, a FIFO, `/dev/stdout`)
/// is written directly: renaming over it would replace the device.
pub(crate) struct AtomicFile {
    target: PathBuf,
    file: std::io::BufWriter<Sink>,
}

enum Sink {
    Temporary(tempfile::NamedTempFile),
    Direct(std::fs::File),
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::Temporary(f) => f.write(buf),
            Sink::Direct(f) => f.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::Temporary(f) => f.flush(),
            Sink::Direct(f) => f.flush(),
        }
    }
}

impl AtomicFile {
    pub(crate) fn create(target: &Path) -> anyhow::Result<Self> {
        if std::fs::metadata(target).is_ok_and(|m| !m.is_file()) {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(target)
                .with_context(|| format!("cannot write {}", target.display()))?;
            return Ok(AtomicFile {
                target: target.to_owned(),
                file: std::io::BufWriter::new(Sink::Direct(file)),
            });
        }
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".rungs-").suffix(".tmp");
        // The file is renamed into place: created as any new file is (0666 less
        // the umask), not with a temporary file's 0600.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
        let tmp = builder
            .tempfile_in(dir)
            .with_context(|| format!("cannot write {}", target.display()))?;
        Ok(AtomicFile {
            target: target.to_owned(),
            file: std::io::BufWriter::new(Sink::Temporary(tmp)),
        })
    }

    pub(crate) fn commit(self) -> anyhow::Result<()> {
        let target = self.target;
        let tmp = self
            .file
            .into_inner()
            .map_err(|e| e.into_error())
            .with_context(|| format!("cannot write {}", target.display()))?;
        match tmp {
            Sink::Temporary(tmp) => {
                tmp.persist(&target)
                    .map_err(|e| e.error)
                    .with_context(|| format!("cannot write {}", target.display()))?;
            }
            // Already flushed by `into_inner`; devices and pipes have nothing to sync.
            Sink::Direct(_) => {}
        }
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// Write `text` to `target` atomically, or to standard output when `target` is `None`.
pub(crate) fn write_text(target: Option<&Path>, text: &str) -> anyhow::Result<()> {
    match target {
        Some(path) => {
            let mut file = AtomicFile::create(path)?;
            file.write_all(text.as_bytes())
                .with_context(|| format!("cannot write {}", path.display()))?;
            file.commit()
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())
                .context("cannot write to standard output")?;
            out.flush().context("cannot write to standard output")
        }
    }
}

/// The format `args` ask for: `--format`, else what the output file's extension
/// says (`-o team.html`); `None` when neither says. An extension rungs does not
/// write, without `--format`, is a usage error rather than JSON under a name
/// that promises something else.
fn format_of(args: &crate::args::OutputArgs) -> anyhow::Result<Option<crate::args::Format>> {
    use crate::args::Format;

    if args.format.is_some() {
        return Ok(args.format);
    }
    let Some(extension) = args.output.as_deref().and_then(|p| p.extension()) else {
        return Ok(None);
    };
    match extension.to_string_lossy().to_ascii_lowercase().as_str() {
        "json" => Ok(Some(Format::Json)),
        "html" | "htm" => Ok(Some(Format::Html)),
        "md" | "markdown" => Ok(Some(Format::Markdown)),
        "txt" => Ok(Some(Format::Table)),
        "csv" => Ok(Some(Format::Csv)),
        other => Err(crate::UsageError(format!(
            "--output {}: rungs writes .json, .html, .md, .txt or .csv, not .{other}; \
             name the file so, or say the format with --format",
            args.output.as_deref().unwrap_or(Path::new("")).display()
        ))
        .into()),
    }
}

/// What `--top`, `--min-commits` and `--active-since` ask to list, if anything.
fn focus_of(args: &crate::args::OutputArgs) -> Option<rungs_core::FocusOn> {
    let on = rungs_core::FocusOn {
        top: args.top.map(|n| n as usize),
        min_commits: args.min_commits,
        active_since: args.active_since.clone(),
    };
    (!on.is_empty()).then_some(on)
}

/// The roster `--team` names, read and checked (before any scan starts).
pub(crate) fn read_roster(
    path: Option<&Path>,
) -> anyhow::Result<Option<rungs_core::roster::Roster>> {
    let Some(path) = path else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the roster {}", path.display()))?;
    Ok(Some(rungs_core::roster::parse_roster(
        &path.display().to_string(),
        &text,
    )?))
}

/// List in `report` only the people of `roster`, if one is given, warning on
/// standard error of entries that found nobody or several identities.
pub(crate) fn apply_roster(
    report: &mut rungs_report::Report,
    roster: Option<&rungs_core::roster::Roster>,
) -> anyhow::Result<()> {
    if let Some(roster) = roster {
        for warning in rungs_core::roster::apply_roster(report, roster)? {
            eprintln!("rungs: warning: {warning}");
        }
    }
    Ok(())
}

/// Fail now if `args` cannot be met: an output file that cannot be written (a
/// temporary file is created beside it and removed), a format its name does not
/// say, a step summary outside GitHub Actions; rather than after a long scan.
pub(crate) fn check_writable(args: &crate::args::OutputArgs) -> anyhow::Result<()> {
    format_of(args)?;
    if args.step_summary && step_summary_path().is_none() {
        return Err(crate::UsageError(
            "--step-summary: GITHUB_STEP_SUMMARY is not set (GitHub Actions sets it); \
             nothing was scanned or written"
                .to_owned(),
        )
        .into());
    }
    if let Some(path) = &args.output {
        drop(AtomicFile::create(path)?);
    }
    Ok(())
}

/// A report written out but not yet in place: its file is complete in a temporary
/// file beside the target, so the other outputs of a run can be put in place
/// before it, once nothing is left to fail but renames.
pub(crate) struct StagedReport {
    /// `None` when the report went to standard output.
    file: Option<AtomicFile>,
    /// The Markdown to append to the step summary, with `--step-summary`.
    step_summary: Option<String>,
}

impl StagedReport {
    /// Put the report in place and append the step summary.
    pub(crate) fn commit(self) -> anyhow::Result<()> {
        if let Some(file) = self.file {
            file.commit()?;
        }
        if let Some(markdown) = self.step_summary {
            append_step_summary(&markdown)?;
        }
        Ok(())
    }
}

/// Render `report` as `args` ask (the format defaults to a table on a terminal,
/// JSON otherwise) and write it to the file or standard output.
pub(crate) fn write_report(
    report: &rungs_report::Report,
    args: &crate::args::OutputArgs,
) -> anyhow::Result<()> {
    stage_report(report, args)?.commit()
}

/// Render `report` as [`write_report`] does and write it to standard output, or
/// to a temporary file that [`StagedReport::commit`] puts in place.
pub(crate) fn stage_report(
    report: &rungs_report::Report,
    args: &crate::args::OutputArgs,
) -> anyhow::Result<StagedReport> {
    use std::io::IsTerminal;

    use crate::args::Format;

    let focused;
    let report = match focus_of(args) {
        Some(on) => {
            let mut copy = report.clone();
            rungs_core::focus(&mut copy, &on);
            focused = copy;
            &focused
        }
        None => report,
    };
    let terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let format = format_of(args)?.unwrap_or(if terminal {
        Format::Table
    } else {
        Format::Json
    });
    // JSON is streamed: a large history's report is never held as one string.
    let text = match format {
        Format::Json => None,
        Format::Markdown => Some(rungs_render::markdown(report)),
        Format::Html => Some(rungs_render::html(report)),
        Format::Csv => Some(rungs_render::csv(report)),
        Format::Table => {
            let color = terminal
                && !args.no_color
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var_os("CI").is_none();
            Some(rungs_render::table(
                report,
                rungs_render::TableOptions { color },
            ))
        }
    };
    let write = |out: &mut dyn Write| -> std::io::Result<()> {
        match &text {
            Some(text) => out.write_all(text.as_bytes()),
            None => report.write_json(&mut *out),
        }?;
        out.flush()
    };
    let file = match args.output.as_deref() {
        Some(path) => {
            let mut file = AtomicFile::create(path)?;
            write(&mut file).with_context(|| format!("cannot write {}", path.display()))?;
            Some(file)
        }
        None => {
            write(&mut std::io::BufWriter::new(std::io::stdout().lock()))
                .context("cannot write to standard output")?;
            None
        }
    };
    Ok(StagedReport {
        file,
        step_summary: args.step_summary.then(|| rungs_render::markdown(report)),
    })
}

/// Append `markdown` to the file `GITHUB_STEP_SUMMARY` names (GitHub Actions
/// shows it on the run's page).
fn append_step_summary(markdown: &str) -> anyhow::Result<()> {
    let Some(path) = step_summary_path() else {
        anyhow::bail!("--step-summary: GITHUB_STEP_SUMMARY is not set (it is, in GitHub Actions)");
    };
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .with_context(|| format!("cannot append to the step summary {}", path.display()))?;
    file.write_all(markdown.as_bytes())
        .and_then(|()| file.write_all(b"\n"))
        .with_context(|| format!("cannot append to the step summary {}", path.display()))
}

/// The file `GITHUB_STEP_SUMMARY` names, if it is set.
fn step_summary_path() -> Option<PathBuf> {
    std::env::var_os("GITHUB_STEP_SUMMARY")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
}
