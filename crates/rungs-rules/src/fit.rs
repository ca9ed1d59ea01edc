//! Fitting the weights of [`scoring`](crate::scoring) to labelled commits.
//!
//! Per weighted skill, a logistic regression over the commits' evidence: one
//! feature per rule and place seen in the examples (`ln(1 + lines hit)`) and
//! one per fact, with the prior weights file's values as the centre of an L2
//! penalty. A feature seen rarely stays near its prior; a feature the labels
//! contradict moves. The solver is Newton's method with a fixed order of
//! summation and a fixed number of steps at most, so the same examples and
//! prior give the same weights, byte for byte.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::{
    ruleset::Rule,
    scoring::{Fact, Place, Scoring, SkillScoring},
};

/// One labelled commit's evidence: what the classifier saw, and what readers said.
#[derive(Debug, Clone, Default)]
pub struct Example {
    /// Per rule (index into the rule set) and place: the lines or messages hit.
    pub counts: Vec<(u32, Place, u32)>,
    /// The facts that hold for the commit.
    pub facts: Vec<Fact>,
    /// The skills readers labelled the commit with.
    pub skills: Vec<String>,
}

/// The fitted weights of one skill.
#[derive(Debug, Clone)]
pub struct FittedSkill {
    /// The skill.
    pub skill: String,
    /// Its bias.
    pub bias: f64,
    /// Per `rule@place` key and `fact:name` key: the weight.
    pub weights: BTreeMap<String, f64>,
    /// Labelled positives and examples it was fitted on.
    pub positives: usize,
    /// Examples it was fitted on.
    pub examples: usize,
}

/// One feature of a skill's regression: a rule at a place, or a fact.
#[derive(Debug, Clone, Copy)]
enum Feature {
    Rule(u32, Place),
    Fact(Fact),
}

/// How strongly weights are held to their prior (the L2 penalty per weight).
pub const DEFAULT_LAMBDA: f64 = 1.0;

/// How far positives are weighed up towards counting as much as negatives.
pub const DEFAULT_BALANCE: f64 = 0.5;

/// The bias is held to its prior far more loosely than the weights.
const BIAS_LAMBDA_SHARE: f64 = 0.01;

/// Newton steps at most; each halves its step until the loss falls.
const MAX_STEPS: usize = 100;

/// Fit every skill `prior` weights to `examples`.
///
/// `balance` (0 to 1) weighs the examples of each class so that positives and
/// negatives count alike (1), as they come (0), or in between: a commit showing
/// a skill is rarer than one that does not, and unweighted, the fit trades recall
/// for precision.
pub fn fit(
    rules: &[Rule],
    prior: &Scoring,
    examples: &[Example],
    lambda: f64,
    balance: f64,
) -> Vec<FittedSkill> {
    let mut out = Vec::new();
    for skill in prior.skills() {
        let Some(weights) = prior.skill(skill) else {
            continue;
        };
        let keys = features_of(rules, prior, weights, skill, examples);
        let names: Vec<&String> = keys.keys().collect();
        let features: Vec<_> = keys.values().collect();
        let dim = features.len() + 1;
        let rows = design_matrix(examples, &features);
        // Commits with no evidence of the skill are never credited (the score only
        // counts when a hit exists), so they say nothing about the weights.
        let with_evidence: Vec<usize> = (0..examples.len())
            .filter(|&i| {
                examples[i]
                    .counts
                    .iter()
                    .any(|(r, _, _)| rules[*r as usize].skill == skill)
            })
            .collect();
        let y: Vec<f64> = examples
            .iter()
            .map(|e| f64::from(u8::from(e.skills.iter().any(|s| s == skill))))
            .collect();
        let mut centre: Vec<f64> = features.iter().map(|(_, w)| *w).collect();
        centre.push(weights.bias);
        let mut penalty = vec![lambda; dim];
        penalty[dim - 1] = lambda * BIAS_LAMBDA_SHARE;
        let positives = with_evidence.iter().filter(|&&i| y[i] > 0.5).count();
        let negatives = with_evidence.len() - positives;
        let positive_weight = if positives > 0 && negatives > 0 {
            (negatives as f64 / positives as f64).powf(balance)
        } else {
            1.0
        };
        let example_weight: Vec<f64> = y
            .iter()
            .map(|&label| if label > 0.5 { positive_weight } else { 1.0 })
            .collect();
        let theta = newton(
            &rows,
            &y,
            &example_weight,
            &with_evidence,
            &centre,
            &penalty,
        );
        out.push(FittedSkill {
            skill: skill.to_owned(),
            bias: theta[dim - 1],
            weights: names
                .into_iter()
                .cloned()
                .zip(theta[..dim - 1].iter().copied())
                .collect(),
            positives,
            examples: with_evidence.len(),
        });
    }
    out
}

/// The features of `skill` (weighed by `weights` in `prior`) seen in the
/// examples, sorted by key, with their prior weights: each rule at each place
/// hit, and the facts the prior names.
fn features_of(
    rules: &[Rule],
    prior: &Scoring,
    weights: &SkillScoring,
    skill: &str,
    examples: &[Example],
) -> BTreeMap<String, (Feature, f64)> {
    let mut keys: BTreeMap<String, (Feature, f64)> = BTreeMap::new();
    for example in examples {
        for &(rule, place, _) in &example.counts {
            if rules[rule as usize].skill == skill {
                keys.entry(format!("{}@{}", rules[rule as usize].id, place.name()))
                    .or_insert((
                        Feature::Rule(rule, place),
                        prior.weight(rule as usize, place),
                    ));
            }
        }
    }
    // Facts are fitted where the prior names them: a fact it leaves out (design
    // documents are documentation; a docs-only commit can still decide) stays out.
    for (&fact, &weight) in &weights.facts {
        keys.insert(
            format!("fact:{}", fact.name()),
            (Feature::Fact(fact), weight),
        );
    }
    keys
}

/// The design matrix: a row per example, a column per feature (ln(1 + hits)
/// of a rule at a place, or 1 when a fact holds), and the bias last.
fn design_matrix(examples: &[Example], features: &[&(Feature, f64)]) -> Vec<Vec<f64>> {
    let dim = features.len() + 1;
    examples
        .iter()
        .map(|example| {
            let mut row = vec![0.0; dim];
            for (j, (feature, _)) in features.iter().enumerate() {
                row[j] = match *feature {
                    Feature::Rule(rule, place) => example
                        .counts
                        .iter()
                        .filter(|&&(r, p, _)| r == rule && p == place)
                        .map(|&(_, _, n)| f64::from(n).ln_1p())
                        .sum(),
                    Feature::Fact(fact) => f64::from(u8::from(example.facts.contains(&fact))),
                };
            }
            row[dim - 1] = 1.0;
            row
        })
        .collect()
}

/// Minimise the penalised logistic loss over the rows in `used`.
fn newton(
    rows: &[Vec<f64>],
    y: &[f64],
    weight: &[f64],
    used: &[usize],
    centre: &[f64],
    penalty: &[f64],
) -> Vec<f64> {
    let dim = centre.len();
    let loss = |theta: &[f64]| {
        let mut total = 0.0;
        for &i in used {
            let z = dot(&rows[i], theta);
            // log(1 + e^z) - y z, computed without overflow.
            total += weight[i] * (z.max(0.0) + (-z.abs()).exp().ln_1p() - y[i] * z);
        }
        for j in 0..dim {
            total += 0.5 * penalty[j] * (theta[j] - centre[j]).powi(2);
        }
        total
    };
    let mut theta = centre.to_vec();
    let mut current = loss(&theta);
    for _ in 0..MAX_STEPS {
        let mut gradient: Vec<f64> = (0..dim)
            .map(|j| penalty[j] * (theta[j] - centre[j]))
            .collect();
        let mut hessian = vec![vec![0.0; dim]; dim];
        for (j, row) in hessian.iter_mut().enumerate() {
            row[j] = penalty[j];
        }
        for &i in used {
            let p = sigmoid(dot(&rows[i], &theta));
            let w = weight[i] * p * (1.0 - p);
            for j in 0..dim {
                if rows[i][j] == 0.0 {
                    continue;
                }
                gradient[j] += weight[i] * (p - y[i]) * rows[i][j];
                for k in 0..dim {
                    hessian[j][k] += w * rows[i][j] * rows[i][k];
                }
            }
        }
        let Some(step) = solve(hessian, gradient) else {
            break;
        };
        let mut scale = 1.0;
        let mut next = theta.clone();
        let mut next_loss = current;
        while scale > 1e-6 {
            next = theta
                .iter()
                .zip(&step)
                .map(|(t, s)| t - scale * s)
                .collect();
            next_loss = loss(&next);
            if next_loss <= current {
                break;
            }
            scale /= 2.0;
        }
        if next_loss > current {
            break;
        }
        let improvement = current - next_loss;
        theta = next;
        current = next_loss;
        if improvement < 1e-10 {
            break;
        }
    }
    theta
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// Solve `a x = b` for a symmetric positive definite `a` (Cholesky); `None` if it is not.
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    for j in 0..n {
        let d = a[j][j] - a[j][..j].iter().map(|x| x * x).sum::<f64>();
        if d <= 0.0 || !d.is_finite() {
            return None;
        }
        let d = d.sqrt();
        a[j][j] = d;
        for i in j + 1..n {
            let s = a[i][j] - dot(&a[i][..j], &a[j][..j]);
            a[i][j] = s / d;
        }
    }
    for i in 0..n {
        for k in 0..i {
            b[i] -= a[i][k] * b[k];
        }
        b[i] /= a[i][i];
    }
    for i in (0..n).rev() {
        for k in i + 1..n {
            b[i] -= a[k][i] * b[k];
        }
        b[i] /= a[i][i];
    }
    Some(b)
}

/// The weights file of `fitted`, keeping what the prior says beyond weights (the
/// facts, `unlisted`, `fix_depth`) and the prior's weights of features no example
/// showed. `header` (comment lines) goes first.
pub fn render(prior_text: &str, prior: &Scoring, fitted: &[FittedSkill], header: &str) -> String {
    let mut out = String::new();
    for line in header.lines() {
        let _ = writeln!(out, "{}", format!("# {line}").trim_end());
    }
    if let Some(fix) = prior.fix_pattern() {
        let _ = writeln!(out, "\n[facts]\nfix = '''{fix}'''");
    }
    let written = prior.written_weights(prior_text);
    for skill in fitted {
        let Some(weights) = prior.skill(&skill.skill) else {
            continue;
        };
        let _ = writeln!(
            out,
            "\n# {} labelled commits with evidence of {}, {} of them showing it.",
            skill.examples, skill.skill, skill.positives
        );
        let _ = writeln!(out, "[skill.{}]", skill.skill);
        let _ = writeln!(out, "bias = {}", number(skill.bias));
        let _ = writeln!(out, "unlisted = {}", number(weights.unlisted));
        if let Some(depth) = weights.fix_depth {
            let _ = writeln!(out, "fix_depth = {depth}");
        }
        let _ = writeln!(out, "\n[skill.{}.weights]", skill.skill);
        let mut all: BTreeMap<String, f64> = written.get(&skill.skill).cloned().unwrap_or_default();
        for (key, value) in &skill.weights {
            all.insert(key.clone(), *value);
        }
        for (key, value) in all {
            let _ = writeln!(out, "\"{key}\" = {}", number(value));
        }
    }
    out
}

/// A weight as written: three decimals, no negative zero.
fn number(value: f64) -> String {
    let rounded = (value * 1000.0).round() / 1000.0;
    let rounded = if rounded == 0.0 { 0.0 } else { rounded };
    format!("{rounded:.3}")
}
