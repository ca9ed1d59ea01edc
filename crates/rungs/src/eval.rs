//! `rungs eval`: precision and recall of the rules against labelled commits.

use std::{
    collections::{BTreeMap, BTreeSet},
    io::Write,
    path::{Path, PathBuf},
};

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};

use rungs_rules::RuleSet;
use rungs_scan::{OpenRepo, RuleClassifier, ScanOptions};

use crate::args::{EvalArgs, EvalFormat};

/// A labels file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LabelsFile {
    #[serde(default)]
    commit: Vec<Label>,
}

/// One labelled commit.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Label {
    /// The repository's name, mapped to a local path with `--repo`.
    repo: String,
    /// The full commit id.
    id: String,
    /// The skills the commit shows.
    skills: Vec<String>,
    /// The depth (1-4) of each skill shown.
    #[serde(default)]
    depth: BTreeMap<String, u8>,
    /// How the commit was chosen (free text, shown in disagreements).
    #[serde(default)]
    sample: Option<String>,
    /// A name for the case (shown in disagreements).
    #[serde(default)]
    case: Option<String>,
    /// Why the labeller chose these skills.
    #[serde(default)]
    why: Option<String>,
}

/// Per-skill counts over all labelled commits.
#[derive(Debug, Default, Serialize)]
struct SkillScore {
    skill: String,
    labelled: u64,
    found: u64,
    true_positives: u64,
    false_positives: u64,
    false_negatives: u64,
    /// `null` when nothing was found.
    precision: Option<f64>,
    /// `null` when nothing is labelled.
    recall: Option<f64>,
    /// True positives whose label gives a depth.
    depth_checked: u64,
    /// Of those, how many were credited a depth within one of the label's.
    depth_within_one: u64,
    /// `depth_within_one / depth_checked`; `null` when nothing was checked.
    depth_agreement: Option<f64>,
}

/// A commit where the rules and the label disagree on one skill.
#[derive(Debug, Serialize)]
struct Disagreement {
    /// `missed` (labelled, not found) or `extra` (found, not labelled).
    kind: &'static str,
    skill: String,
    repo: String,
    commit: String,
    /// The case name, or the sample the commit came from.
    label: Option<String>,
    /// For `extra`: the rules that hit.
    rules: Vec<String>,
}

#[derive(Debug, Serialize)]
struct Evaluation {
    commits: u64,
    repos: u64,
    rules: u64,
    skills: Vec<SkillScore>,
    disagreements: Vec<Disagreement>,
}

fn read_labels(paths: &[PathBuf], known: &BTreeSet<String>) -> anyhow::Result<Vec<Label>> {
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

/// What the classifier credits a commit with, per skill.
#[derive(Debug, Default)]
struct Found {
    /// The rules that hit.
    rules: BTreeSet<String>,
    /// The deepest depth among the hits.
    depth: u8,
}

/// The skills `classifier` finds in commit `id` (diffed against its first parent),
/// with the rules that hit and the depth credited, by skill.
fn classify_commit(
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
                entry.depth = entry.depth.max(rule.depth);
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

fn ratio(num: u64, den: u64) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

fn evaluate(args: &EvalArgs, rules: RuleSet) -> anyhow::Result<Evaluation> {
    let known: BTreeSet<String> = rungs_rules::skills().into_iter().collect();
    let labels = read_labels(&args.labels, &known)?;
    let mapping: BTreeMap<&str, &Path> = args
        .repos
        .iter()
        .map(|(name, path)| (name.as_str(), path.as_path()))
        .collect();
    let mut opened: BTreeMap<&str, OpenRepo> = BTreeMap::new();
    for label in &labels {
        if opened.contains_key(label.repo.as_str()) {
            continue;
        }
        let Some(path) = mapping.get(label.repo.as_str()) else {
            bail!(
                "no local clone given for {:?}; pass --repo {}=PATH (rungs eval fetches nothing)",
                label.repo,
                label.repo
            );
        };
        let open = OpenRepo::open(path)
            .with_context(|| format!("cannot open {} for {:?}", path.display(), label.repo))?;
        opened.insert(label.repo.as_str(), open);
    }

    let rule_count = rules.rules().len() as u64;
    let classifier = RuleClassifier::new(rules);
    let mut scores: BTreeMap<&str, SkillScore> = known
        .iter()
        .map(|s| {
            (
                s.as_str(),
                SkillScore {
                    skill: s.clone(),
                    ..SkillScore::default()
                },
            )
        })
        .collect();
    let mut disagreements = Vec::new();
    for label in &labels {
        let found = classify_commit(
            &opened[label.repo.as_str()],
            &classifier,
            &label.id,
            &args.excludes,
        )?;
        let expected: BTreeSet<&str> = label.skills.iter().map(String::as_str).collect();
        for (skill, score) in scores.iter_mut() {
            let is_labelled = expected.contains(skill);
            let credited = found.get(*skill);
            score.labelled += u64::from(is_labelled);
            score.found += u64::from(credited.is_some());
            let kind = match (is_labelled, credited) {
                (true, Some(credited)) => {
                    score.true_positives += 1;
                    if let Some(&depth) = label.depth.get(*skill) {
                        score.depth_checked += 1;
                        score.depth_within_one += u64::from(depth.abs_diff(credited.depth) <= 1);
                    }
                    continue;
                }
                (false, None) => continue,
                (true, None) => {
                    score.false_negatives += 1;
                    "missed"
                }
                (false, Some(_)) => {
                    score.false_positives += 1;
                    "extra"
                }
            };
            disagreements.push(Disagreement {
                kind,
                skill: (*skill).to_owned(),
                repo: label.repo.clone(),
                commit: label.id.clone(),
                label: label
                    .case
                    .clone()
                    .or_else(|| label.sample.clone())
                    .or_else(|| label.why.clone()),
                rules: credited
                    .map(|c| c.rules.iter().cloned().collect())
                    .unwrap_or_default(),
            });
        }
    }
    let skills = scores
        .into_values()
        .map(|mut s| {
            s.precision = ratio(s.true_positives, s.found);
            s.recall = ratio(s.true_positives, s.labelled);
            s.depth_agreement = ratio(s.depth_within_one, s.depth_checked);
            s
        })
        .collect();
    Ok(Evaluation {
        commits: labels.len() as u64,
        repos: opened.len() as u64,
        rules: rule_count,
        skills,
        disagreements,
    })
}

fn shown(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| format!("{v:.3}"))
}

fn print_text(out: &mut impl Write, eval: &Evaluation) -> std::io::Result<()> {
    writeln!(
        out,
        "{} labelled commits in {} repositories, {} rules\n",
        eval.commits, eval.repos, eval.rules
    )?;
    writeln!(
        out,
        "{:<18} {:>8} {:>6} {:>5} {:>5} {:>5} {:>9} {:>7} {:>8}",
        "skill", "labelled", "found", "tp", "fp", "fn", "precision", "recall", "depth±1"
    )?;
    for s in &eval.skills {
        writeln!(
            out,
            "{:<18} {:>8} {:>6} {:>5} {:>5} {:>5} {:>9} {:>7} {:>8}",
            s.skill,
            s.labelled,
            s.found,
            s.true_positives,
            s.false_positives,
            s.false_negatives,
            shown(s.precision),
            shown(s.recall),
            shown(s.depth_agreement)
        )?;
    }
    if !eval.disagreements.is_empty() {
        writeln!(
            out,
            "\ndisagreements (missed: labelled, not found; extra: found, not labelled):"
        )?;
        for d in &eval.disagreements {
            write!(
                out,
                "  {:<6} {:<18} {} {}",
                d.kind,
                d.skill,
                d.repo,
                &d.commit[..12.min(d.commit.len())]
            )?;
            if let Some(label) = &d.label {
                write!(out, "  {label}")?;
            }
            if !d.rules.is_empty() {
                write!(out, "  (rules: {})", d.rules.join(", "))?;
            }
            writeln!(out)?;
        }
    }
    Ok(())
}

pub(crate) fn run(args: &EvalArgs) -> anyhow::Result<()> {
    for (name, value) in [
        ("--min-precision", args.min_precision),
        ("--min-recall", args.min_recall),
    ] {
        if let Some(v) = value
            && !(0.0..=1.0).contains(&v)
        {
            bail!("{name} must be between 0 and 1, got {v}");
        }
    }
    let (rules, _) = crate::rules::load_pack(args.rules.as_deref(), &args.rules_add)?;
    let eval = evaluate(args, rules)?;
    let mut out = std::io::stdout().lock();
    match args.format {
        EvalFormat::Text => print_text(&mut out, &eval)?,
        EvalFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &eval)?;
            writeln!(out)?;
        }
    }
    out.flush().context("cannot write to standard output")?;

    let mut below = Vec::new();
    for s in &eval.skills {
        if let (Some(floor), Some(p)) = (args.min_precision, s.precision)
            && p < floor
        {
            below.push(format!(
                "precision of {} is {p:.3} (floor {floor})",
                s.skill
            ));
        }
        if let (Some(floor), Some(r)) = (args.min_recall, s.recall)
            && r < floor
        {
            below.push(format!("recall of {} is {r:.3} (floor {floor})", s.skill));
        }
    }
    if !below.is_empty() {
        bail!("below the floor: {}", below.join("; "));
    }
    Ok(())
}
