//! Turning `--rev`, `--all`, `--since` and `--until` into walk tips, hidden commits and a time window.

use gix::{ObjectId, revision::plumbing::Spec};

use crate::{Error, Oid, OpenRepo, ScanOptions};

/// Where a walk starts, what it must not cross, and which commit times it keeps.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Selection {
    /// The commits the walk starts from, sorted.
    pub tips: Vec<Oid>,
    /// The commits whose ancestry (themselves included) is left out, sorted.
    pub hidden: Vec<Oid>,
    /// Only commits with a committer time at or after this (seconds since the epoch).
    pub since: Option<i64>,
    /// Only commits with a committer time at or before this.
    pub until: Option<i64>,
}

fn peel_to_commit(
    repo: &gix::Repository,
    open: &OpenRepo,
    spec: &str,
    id: ObjectId,
) -> Result<ObjectId, Error> {
    repo.find_object(id)
        .and_then(|o| o.peel_to_commit())
        .map(|c| c.id)
        .map_err(|e| Error::BadRevision {
            repo: open.path.clone(),
            spec: spec.to_owned(),
            source: Box::new(e),
        })
}

/// Parse a date the way `git log --since` does (`2024-01-31`, RFC 3339, `3 months
/// ago`) into seconds since the epoch; relative dates are relative to now.
pub fn parse_date(input: &str) -> Result<i64, Error> {
    gix::date::parse(input, Some(gix::date::Zoned::now()))
        .map(|t| t.seconds)
        .map_err(|e| Error::BadDate {
            input: input.to_owned(),
            source: Box::new(e),
        })
}

pub(crate) fn select(open: &OpenRepo, options: &ScanOptions) -> Result<Selection, Error> {
    let repo = open.repo.to_thread_local();
    let since = options.since.as_deref().map(parse_date).transpose()?;
    let until = options.until.as_deref().map(parse_date).transpose()?;
    let (mut tips, mut hidden): (Vec<ObjectId>, Vec<ObjectId>) = (Vec::new(), Vec::new());
    if options.all {
        tips.extend(open.head.map(Oid::to_gix));
        let refs = repo
            .references()
            .map_err(|e| Error::git(&open.path, "cannot read references", e))?;
        let all = refs
            .all()
            .map_err(|e| Error::git(&open.path, "cannot read references", e))?;
        for reference in all {
            let mut reference =
                reference.map_err(|e| Error::git(&open.path, "cannot read a reference", e))?;
            // A symbolic reference to a branch that does not exist is skipped, as git
            // skips it (`refs/remotes/origin/HEAD` after the branch was deleted).
            if let gix::refs::TargetRef::Symbolic(target) = reference.target()
                && matches!(repo.try_find_reference(target), Ok(None))
            {
                continue;
            }
            // A reference to a missing object fails, as `git log --all` does: leaving it
            // out would silently leave out the history it was meant to keep.
            let id = reference.peel_to_id().map_err(|e| {
                Error::git(
                    &open.path,
                    format!(
                        "cannot resolve the reference {}",
                        reference.name().as_bstr()
                    ),
                    e,
                )
            })?;
            let kind = repo
                .find_header(id)
                .map_err(|e| Error::git(&open.path, format!("cannot read object {id}"), e))?
                .kind();
            // Tags may point at trees or blobs; only commits start a walk.
            if kind == gix::object::Kind::Commit {
                tips.push(id.detach());
            }
        }
    }
    for spec in &options.revs {
        if let Some(rest) = spec.strip_prefix('^') {
            let id = resolve_single(&repo, open, spec, rest)?;
            hidden.push(id);
            continue;
        }
        let parsed = repo
            .rev_parse(spec.as_str())
            .map_err(|e| Error::BadRevision {
                repo: open.path.clone(),
                spec: spec.clone(),
                source: Box::new(e),
            })?;
        match parsed.detach() {
            Spec::Include(id) => tips.push(peel_to_commit(&repo, open, spec, id)?),
            Spec::Exclude(id) => hidden.push(peel_to_commit(&repo, open, spec, id)?),
            Spec::Range { from, to } => {
                hidden.push(peel_to_commit(&repo, open, spec, from)?);
                tips.push(peel_to_commit(&repo, open, spec, to)?);
            }
            Spec::Merge { theirs, ours } => {
                let theirs = peel_to_commit(&repo, open, spec, theirs)?;
                let ours = peel_to_commit(&repo, open, spec, ours)?;
                let bases =
                    repo.merge_bases_many(theirs, &[ours])
                        .map_err(|e| Error::BadRevision {
                            repo: open.path.clone(),
                            spec: spec.clone(),
                            source: Box::new(e),
                        })?;
                hidden.extend(bases.into_iter().map(|id| id.detach()));
                tips.extend([theirs, ours]);
            }
            Spec::IncludeOnlyParents(id) => {
                let commit = peel_to_commit(&repo, open, spec, id)?;
                let commit = repo
                    .find_commit(commit)
                    .map_err(|e| Error::git(&open.path, "cannot read commit", e))?;
                tips.extend(commit.parent_ids().map(|p| p.detach()));
            }
            Spec::ExcludeParents(id) => {
                let commit = peel_to_commit(&repo, open, spec, id)?;
                let object = repo
                    .find_commit(commit)
                    .map_err(|e| Error::git(&open.path, "cannot read commit", e))?;
                hidden.extend(object.parent_ids().map(|p| p.detach()));
                tips.push(commit);
            }
        }
    }
    // Like git log: HEAD only when no revision is named at all (`git log ^A` lists nothing).
    if options.revs.is_empty() && !options.all {
        tips.extend(open.head.map(Oid::to_gix));
    }
    let ids = |mut ids: Vec<ObjectId>| -> Vec<Oid> {
        ids.sort();
        ids.dedup();
        ids.into_iter().map(Oid::from_gix).collect()
    };
    let sel = Selection {
        tips: ids(tips),
        hidden: ids(hidden),
        since,
        until,
    };
    Ok(sel)
}

fn resolve_single(
    repo: &gix::Repository,
    open: &OpenRepo,
    spec: &str,
    name: &str,
) -> Result<ObjectId, Error> {
    let id = repo
        .rev_parse_single(name)
        .map_err(|e| Error::BadRevision {
            repo: open.path.clone(),
            spec: spec.to_owned(),
            source: Box::new(e),
        })?
        .detach();
    peel_to_commit(repo, open, spec, id)
}
