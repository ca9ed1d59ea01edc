//! `rungs eval`: precision and recall of the rules against labelled commits.

use std::{
    collections::{BTreeMap, BTreeSet},
    io::Write,
};

use anyhow::{Context, bail};
use serde::Serialize;

use rungs_core::RuleClassifier;
use rungs_rules::RuleSet;

use crate::{
    args::{EvalArgs, EvalFormat},
    labels::{classify_commit, open_repos, read_labels},
};

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
    /// The skill's score for the commit (`null` for an unweighted skill).
    score: Option<f64>,
    /// The evidence of the skill before it was weighed: `rule@place×lines`,
    /// and the facts that held (`fact:name`).
    evidence: Vec<String>,
}

#[derive(Debug, Serialize)]
struct Evaluation {
    commits: u64,
    repos: u64,
    rules: u64,
    skills: Vec<SkillScore>,
    disagreements: Vec<Disagreement>,
}

fn ratio(num: u64, den: u64) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

fn evaluate(args: &EvalArgs, rules: RuleSet) -> anyhow::Result<Evaluation> {
    let known: BTreeSet<String> = rungs_rules::skills().into_iter().collect();
    let labels = read_labels(&args.commits.labels, &known)?;
    let opened = open_repos(&labels, &args.commits.repos, "eval")?;

    let rule_count = rules.rules().len() as u64;
    let classifier = RuleClassifier::recording(rules);
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
            &args.commits.excludes,
        )?;
        let example = classifier.take_recorded().pop().unwrap_or_default();
        let rule_set = classifier.rules();
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
                score: rule_set.scoring().score(
                    rule_set.rules(),
                    skill,
                    &example.counts,
                    &example.facts,
                ),
                evidence: example
                    .counts
                    .iter()
                    .filter(|(r, _, _)| rule_set.rules()[*r as usize].skill == *skill)
                    .map(|&(r, place, n)| {
                        format!("{}@{}×{n}", rule_set.rules()[r as usize].id, place.name())
                    })
                    .chain(example.facts.iter().map(|f| format!("fact:{}", f.name())))
                    .collect(),
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

fn print_text(out: &mut impl Write, eval: &Evaluation, why: bool) -> std::io::Result<()> {
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
            if why {
                if let Some(score) = d.score {
                    write!(out, "\n         score {score:+.2}")?;
                }
                if !d.evidence.is_empty() {
                    write!(out, "  {}", d.evidence.join(" "))?;
                }
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
    let (rules, _) = crate::rules::load_pack(args.commits.rules.as_deref(), &args.rules_add)?;
    let eval = evaluate(args, rules)?;
    let mut out = std::io::stdout().lock();
    match args.format {
        EvalFormat::Text => print_text(&mut out, &eval, args.why)?,
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
