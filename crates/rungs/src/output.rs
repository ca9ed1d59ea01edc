//! Writing output files atomically, so an interrupted run never leaves a truncated file.

use std::{
    io::Write,
    path::{Path, PathBuf},
};

use anyhow::Context;

/// A file being written: a temporary file beside the target, renamed into place on [`commit`](AtomicFile::commit).
pub(crate) struct AtomicFile {
    target: PathBuf,
    file: std::io::BufWriter<tempfile::NamedTempFile>,
}

impl AtomicFile {
    pub(crate) fn create(target: &Path) -> anyhow::Result<Self> {
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let tmp = tempfile::Builder::new()
            .prefix(".rungs-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .with_context(|| format!("cannot write {}", target.display()))?;
        Ok(AtomicFile {
            target: target.to_owned(),
            file: std::io::BufWriter::new(tmp),
        })
    }

    pub(crate) fn commit(self) -> anyhow::Result<()> {
        let target = self.target;
        let tmp = self
            .file
            .into_inner()
            .map_err(|e| e.into_error())
            .with_context(|| format!("cannot write {}", target.display()))?;
        tmp.persist(&target)
            .map_err(|e| e.error)
            .with_context(|| format!("cannot write {}", target.display()))?;
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
