//! The error type of scanning operations.

use std::path::PathBuf;

/// A boxed source error from gix or the file system.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Everything that can go wrong while opening and scanning a repository.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The path does not exist.
    #[error("{}: no such file or directory", path.display())]
    NoSuchPath {
        /// The path given by the user.
        path: PathBuf,
    },
    /// The path holds no git repository.
    #[error("{}: not a git repository (or any parent up to the root)", path.display())]
    NotARepository {
        /// The path given by the user.
        path: PathBuf,
        /// Why discovery failed.
        #[source]
        source: BoxError,
    },
    /// A revision given with `--rev` does not name anything in the repository.
    #[error("{}: cannot resolve revision '{spec}'", repo.display())]
    BadRevision {
        /// The repository the revision was looked up in.
        repo: PathBuf,
        /// The revision as given.
        spec: String,
        /// What gix said.
        #[source]
        source: BoxError,
    },
    /// A `--since`/`--until` value is not a date git would accept.
    #[error("cannot parse date '{input}' (try 2024-01-31, an RFC 3339 time or '2 weeks ago')")]
    BadDate {
        /// The value as given.
        input: String,
        /// What the date parser said.
        #[source]
        source: BoxError,
    },
    /// An `--exclude` glob does not compile.
    #[error("invalid --exclude glob '{glob}'")]
    BadGlob {
        /// The glob as given.
        glob: String,
        /// What globset said.
        #[source]
        source: globset::Error,
    },
    /// An `--exclude-author` pattern does not compile.
    #[error("invalid author pattern '{pattern}'")]
    BadAuthorPattern {
        /// The pattern as given.
        pattern: String,
        /// What globset said.
        #[source]
        source: globset::Error,
    },
    /// The ignore-revs file cannot be read or holds a line that is not a revision.
    #[error("{}:{line}: {message}", path.display())]
    IgnoreRevs {
        /// The file.
        path: PathBuf,
        /// The 1-based line number, 0 when the file itself cannot be read.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// Reading history or objects failed (a missing or corrupt object, a broken pack).
    #[error("{}: {what}", repo.display())]
    Git {
        /// The repository being read.
        repo: PathBuf,
        /// What was being done.
        what: String,
        /// The underlying error.
        #[source]
        source: BoxError,
    },
    /// The record sink (the caller's writer) failed.
    #[error("writing records failed")]
    Sink(#[source] BoxError),
    /// A worker thread panicked: a bug in rungs or a library, reported instead of hanging.
    #[error("{}: a scan worker failed unexpectedly: {message} (please report this as a bug)", repo.display())]
    WorkerPanic {
        /// The repository being scanned.
        repo: PathBuf,
        /// The panic message.
        message: String,
    },
    /// The worker pool could not be built.
    #[error("cannot start {threads} worker threads")]
    ThreadPool {
        /// The requested number of threads.
        threads: usize,
        /// What rayon said.
        #[source]
        source: rayon::ThreadPoolBuildError,
    },
}

impl Error {
    /// Build a [`Error::Git`] from any source error.
    pub(crate) fn git(
        repo: &std::path::Path,
        what: impl Into<String>,
        source: impl Into<BoxError>,
    ) -> Self {
        Error::Git {
            repo: repo.to_owned(),
            what: what.into(),
            source: source.into(),
        }
    }
}
