//! Walking history once, on one thread, into the list of commits to scan.

use gix::{ObjectId, revision::walk::Sorting, traverse::commit::simple::CommitTimeOrder};

use crate::{Error, OpenRepo, revs::Selection};

/// Hand the commits to scan to `emit`, newest first (by committer date, as `git log`
/// lists them), until `emit` returns `false`.
pub(crate) fn commits(
    open: &OpenRepo,
    sel: &Selection,
    first_parent: bool,
    mut emit: impl FnMut(ObjectId) -> bool,
) -> Result<(), Error> {
    if sel.tips.is_empty() {
        return Ok(());
    }
    let repo = open.repo.to_thread_local();
    let sorting = match sel.since {
        Some(seconds) => Sorting::ByCommitTimeCutoff {
            order: CommitTimeOrder::NewestFirst,
            seconds,
        },
        None => Sorting::ByCommitTime(CommitTimeOrder::NewestFirst),
    };
    let mut platform = repo
        .rev_walk(sel.tips.iter().map(|id| id.to_gix()))
        .sorting(sorting)
        .with_hidden(sel.hidden.iter().map(|id| id.to_gix()));
    if first_parent {
        platform = platform.first_parent_only();
    }
    let walk = platform
        .all()
        .map_err(|e| Error::git(&open.path, "cannot walk history", e))?;
    for info in walk {
        let info = info.map_err(|e| Error::git(&open.path, "cannot walk history", e))?;
        let time = info.commit_time.unwrap_or_default();
        if sel.since.is_some_and(|s| time < s) || sel.until.is_some_and(|u| time > u) {
            continue;
        }
        if !emit(info.id) {
            break;
        }
    }
    Ok(())
}
