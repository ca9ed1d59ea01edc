//! Opening a repository for scanning, and the facts a report states about it.

use std::path::{Path, PathBuf};

use gix::ObjectId;

use crate::{Error, Oid};

/// A repository opened for a scan.
pub struct OpenRepo {
    pub(crate) repo: gix::ThreadSafeRepository,
    /// The path as the user gave it, used in messages and reports.
    pub path: PathBuf,
    /// The commit `HEAD` points to; `None` when the repository has no commits yet.
    pub head: Option<Oid>,
    /// The grafted bottom commits of a shallow clone, sorted; `None` for a full clone.
    pub(crate) shallow: Option<Vec<ObjectId>>,
    /// The promisor remote of a partial clone (`git clone --filter`), whose
    /// missing objects git fetches on demand and rungs does not.
    pub partial_clone: Option<String>,
}

/// Facts about one scanned repository, for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepoInfo {
    /// The path as given.
    pub path: PathBuf,
    /// `HEAD` at scan time, if the repository has commits.
    pub head: Option<Oid>,
    /// Commits selected and scanned (bots excluded).
    pub commits_scanned: u64,
    /// The repository is a shallow clone: history is cut off.
    pub shallow: bool,
}

/// The commit `HEAD` points to, `None` when its branch is unborn (no commits yet).
/// A `HEAD` that cannot be read or points to a missing object is an error: taking
/// it for an empty repository would report nothing as if all were well.
fn head_commit(repo: &gix::Repository, path: &Path) -> Result<Option<ObjectId>, Error> {
    let mut head = repo
        .head()
        .map_err(|e| Error::git(path, "cannot read HEAD", e))?;
    if head.is_unborn() {
        return Ok(None);
    }
    let target = match (head.referent_name(), head.id()) {
        (Some(name), Some(id)) => format!("HEAD ({name} at {id})"),
        (Some(name), None) => format!("HEAD ({name})"),
        (None, Some(id)) => format!("HEAD ({id})"),
        (None, None) => "HEAD".to_owned(),
    };
    head.peel_to_commit()
        .map(|commit| Some(commit.id))
        .map_err(|e| {
            Error::git(
                path,
                format!("{target} does not lead to a readable commit"),
                e,
            )
        })
}

/// The promisor remote of a partial clone: `extensions.partialClone`, or any
/// remote with `promisor = true`.
fn promisor_remote(repo: &gix::Repository) -> Option<String> {
    let config = repo.config_snapshot();
    if let Some(remote) = config.string("extensions.partialClone") {
        return Some(remote.to_string());
    }
    repo.remote_names().into_iter().find_map(|name| {
        config
            .boolean(format!("remote.{name}.promisor").as_str())
            .filter(|on| *on)
            .map(|_| name.to_string())
    })
}

impl OpenRepo {
    /// Open the repository containing `path`: a work tree (any directory inside it) or a bare repository.
    pub fn open(path: &Path) -> Result<Self, Error> {
        if std::fs::symlink_metadata(path).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
        {
            return Err(Error::NoSuchPath {
                path: path.to_owned(),
            });
        }
        // Found but not openable (a damaged `objects/pack`, say) is not "not a repository".
        gix::discover::upwards(path).map_err(|e| Error::NotARepository {
            path: path.to_owned(),
            source: Box::new(e),
        })?;
        let repo = gix::ThreadSafeRepository::discover(path)
            .map_err(|e| Error::git(path, "cannot open the repository", e))?;
        let local = repo.to_thread_local();
        let head = head_commit(&local, path)?;
        let shallow = local
            .shallow_commits()
            .map_err(|e| Error::git(path, "cannot read the shallow file", e))?
            .map(|commits| {
                let mut v: Vec<ObjectId> = commits.iter().copied().collect();
                v.sort();
                v
            });
        let partial_clone = promisor_remote(&local);
        Ok(OpenRepo {
            repo,
            path: path.to_owned(),
            head: head.map(Oid::from_gix),
            shallow,
            partial_clone,
        })
    }

    /// Whether this is a shallow clone.
    pub fn is_shallow(&self) -> bool {
        self.shallow.is_some()
    }

    /// The URL of the `origin` remote, as configured (it may hold credentials: do
    /// not print it as is).
    pub fn origin_url(&self) -> Option<String> {
        let repo = self.repo.to_thread_local();
        let config = repo.config_snapshot();
        config
            .string("remote.origin.url")
            .map(|url| url.to_string())
    }

    /// Whether the repository has no commits at all.
    pub fn is_empty(&self) -> bool {
        self.head.is_none() && {
            let repo = self.repo.to_thread_local();
            repo.references()
                .ok()
                .and_then(|r| r.all().ok().map(|mut it| it.next().is_none()))
                .unwrap_or(true)
        }
    }

    /// Whether `ancestor` is `descendant` or one of its ancestors (any parent, not
    /// only the first). An unreadable commit gives `false`.
    pub fn is_ancestor(&self, ancestor: Oid, descendant: Oid) -> bool {
        let (ancestor, descendant) = (ancestor.to_gix(), descendant.to_gix());
        ancestor == descendant
            || self
                .repo
                .to_thread_local()
                .merge_base(ancestor, descendant)
                .is_ok_and(|base| base.is_some_and(|b| b.detach() == ancestor))
    }

    pub(crate) fn is_grafted(&self, id: &ObjectId) -> bool {
        self.shallow
            .as_ref()
            .is_some_and(|s| s.binary_search(id).is_ok())
    }
}
