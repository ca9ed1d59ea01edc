//! Commits labelled by hand with the skills they show, as `rungs eval` and
//! `rungs fit` read them, and classifying one such commit.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::{Path, PathBuf},
};

use anyhow::{Context, bail};
use serde::Deserialize;

use rungs_core::RuleClassifier;
use rungs_scan::{OpenRepo, ScanOptions};

/// A labels file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LabelsFile {
    #[serde(default)]
    pub(crate) commit: Vec<Label>,
}

/// One labelled commit.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Label {
    /// The repository's name, mapped to a local path with `--repo`.
    pub(crate) repo: String,
    /// The full commit id.
    pub(crate) id: String,
    /// The skills the commit shows.
    pub(crate) skills: Vec<String>,
    /// The depth (1-4) of each skill shown.
    #[serde(default)]
    pub(crate) depth: BTreeMap<String, u8>,
    /// How the commit was chosen (free text, shown in disagreements).
    #[serde(default)]
    pub(crate) sample: Option<String>,
    /// A name for the case (shown in disagreements).
    #[serde(default)]
    pub(crate) case: Option<String>,
    /// Why the labeller chose these skills.
    #[serde(default)]
    pub(crate) why: Option<String>,
}

/// Read labels files, checking every entry; a commit labelled twice is an error.
pub(crate) fn read_labels(
    paths: &[PathBuf],
    known: &BTreeSet<String>,
) -> anyhow::Result<Vec<Label>> {
    let mut labels = Vec::new();
    let mut seen = BTreeSet::new();
    for path in paths {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the labels file {}", path.display()))?;
        let file: LabelsFile = toml::from_str(&text).map_err(|e| {
            let (line, column) = e
                .span()
                .map_or((0, 0), |span| rungs_rules::position(&text, span.start));
            anyhow::anyhow!(
                "{}:{line}:{column}: not a labels file: {}",
                path.display(),
                e.message().trim()
            )
        })?;
        for label in file.commit {
            if label.id.len() != 40 || !label.id.bytes().all(|b| b.is_ascii_hexdigit()) {
                bail!(
                    "{}: commit {:?}: the id must be a full 40-digit hex commit id",
                    path.display(),
                    label.id
                );
            }
            if let Some(unknown) = label.skills.iter().find(|s| !known.contains(*s)) {
                bail!(
                    "{}: commit {}: unknown skill {unknown:?} (known: {})",
                    path.display(),
                    label.id,
                    known.iter().cloned().collect::<Vec<_>>().join(", ")
                );
            }
            if let Some((skill, depth)) = label
                .depth
                .iter()
                .find(|(s, d)| !label.skills.contains(s) || !(1..=4).contains(*d))
            {
                bail!(
                    "{}: commit {}: depth {depth} for {skill:?} (a depth is 1-4, for a skill the commit is labelled with)",
                    path.display(),
                    label.id
                );
            }
            if !seen.insert((label.repo.clone(), label.id.to_ascii_lowercase())) {
                bail!(
                    "{}: commit {} of {} is labelled twice",
                    path.display(),
                    label.id,
                    label.repo
                );
            }
            labels.push(label);
        }
    }
    Ok(labels)
}

/// Open the local clone of every repository `labels` name, from `NAME=PATH` mappings.
pub(crate) fn open_repos<'a>(
    labels: &'a [Label],
    repos: &[(String, PathBuf)],
    command: &str,
) -> anyhow::Result<BTreeMap<&'a str, OpenRepo>> {
    let mapping: BTreeMap<&str, &Path> = repos
        .iter()
        .map(|(name, path)| (name.as_str(), path.as_path()))
        .collect();
    let mut opened: BTreeMap<&str, OpenRepo> = BTreeMap::new();
    for label in labels {
        if opened.contains_key(label.repo.as_str()) {
            continue;
        }
        let Some(path) = mapping.get(label.repo.as_str()) else {
            bail!(
                "no local clone given for {:?}; pass --repo {}=PATH (rungs {command} fetches nothing)",
                label.repo,
                label.repo
            );
        };
        let open = OpenRepo::open(path)
            .with_context(|| format!("cannot open {} for {:?}", path.display(), label.repo))?;
        opened.insert(label.repo.as_str(), open);
    }
    Ok(opened)
}

/// What the classifier credits a commit with, per skill.
#[derive(Debug, Default)]
pub(crate) struct Found {
    /// The rules that hit.
    pub(crate) rules: BTreeSet<String>,
    /// The deepest depth among the hits.
    pub(crate) depth: u8,
}

/// The skills `classifier` finds in commit `id` (diffed against its first parent),
/// with the rules that hit and the depth credited, by skill.
pub(crate) fn classify_commit(
    open: &OpenRepo,
    classifier: &RuleClassifier,
    id: &str,
    excludes: &[String],
) -> anyhow::Result<BTreeMap<String, Found>> {
    let options = ScanOptions {
        revs: vec![format!("{id}^!")],
        excludes: excludes.to_vec(),
        include_bots: true,
        jobs: 1,
        ..ScanOptions::default()
    };
    let rules = classifier.rules().rules();
    let mut found: BTreeMap<String, Found> = BTreeMap::new();
    let mut seen = false;
    let mut sink = |record: &rungs_scan::CommitRecord| -> Result<(), rungs_scan::BoxError> {
        seen = true;
        for hit in &record.hits {
            if let Some(rule) = rules.get(hit.rule as usize) {
                let entry = found.entry(rule.skill.clone()).or_default();
                entry.rules.insert(rule.id.clone());
                entry.depth = entry.depth.max(hit.depth);
            }
        }
        Ok(())
    };
    rungs_scan::scan_repo(open, &options, classifier, Some(&mut sink))
        .with_context(|| format!("cannot scan commit {id} of {}", open.path.display()))?;
    if !seen {
        bail!("commit {id} of {} was not scanned", open.path.display());
    }
    Ok(found)
}
