//! Weighing a commit's evidence into the skills it is credited with.
//!
//! A rule hit is a piece of evidence; whether a commit shows a skill depends on
//! all of its evidence together. The weights file (`rules/weights.toml`) gives,
//! per skill, a bias and a weight per rule and role (`transaction-words@code`,
//! `transaction-words@test`), and weights for facts about the whole commit
//! (`fact:tests-only`). A commit's score for a skill is
//!
//! ```text
//! bias + Σ weight(rule, role) · ln(1 + lines with a hit of that rule in that role)
//!      + Σ weight(fact) for the facts that hold
//! ```
//!
//! and the commit is credited with the skill when the score is positive. A rule
//! the file does not name weighs the skill's `unlisted` weight. A skill the file
//! does not name, or a rule pack without a weights file, keeps the simplest
//! reading: any hit credits its skill.
//!
//! The format, strict like the rule files:
//!
//! ```toml
//! [facts]
//! fix = '''(?i)\bfix'''          # over the subject line: the commit fixes something
//!
//! [skill.acid]
//! bias = -2.0
//! unlisted = 3.0
//! fix_depth = 2                    # depth-1 evidence of a fix commit resolves a defect
//!
//! [skill.acid.weights]
//! "transaction-api" = 3.0          # every role
//! "transaction-words@code" = 1.2   # one role
//! "fact:tests-only" = -1.0
//! ```

use std::collections::{BTreeMap, HashMap};

use regex::Regex;
use serde::Deserialize;
use toml::Spanned;

use crate::{
    error::{LoadError, position},
    raw::Target,
    ruleset::Rule,
    words::Role,
};

/// Facts about a whole commit that weights may name as `fact:NAME`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Fact {
    /// Every changed file is a test file (or documentation), and some are tests.
    TestsOnly,
    /// Every changed file is documentation.
    DocsOnly,
    /// The subject line says the commit fixes something (`[facts] fix`).
    Fix,
}

impl Fact {
    /// Every fact.
    pub const ALL: [Fact; 3] = [Fact::TestsOnly, Fact::DocsOnly, Fact::Fix];

    /// The name weights use after `fact:`.
    pub fn name(self) -> &'static str {
        match self {
            Fact::TestsOnly => "tests-only",
            Fact::DocsOnly => "docs-only",
            Fact::Fix => "fix",
        }
    }
}

/// Where a hit was found, as weights name it after `@`: a line role, or the
/// message, or a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Place {
    /// A part of an added or removed line.
    Line(Role),
    /// The commit message.
    Message,
    /// A changed path.
    Path,
}

impl Place {
    /// Every place, in slot order.
    const ALL: [Place; 8] = [
        Place::Line(Role::Definition),
        Place::Line(Role::Code),
        Place::Line(Role::String),
        Place::Line(Role::Comment),
        Place::Line(Role::Test),
        Place::Line(Role::Docs),
        Place::Message,
        Place::Path,
    ];

    /// The name weights use after `@`.
    pub fn name(self) -> &'static str {
        match self {
            Place::Line(role) => role.name(),
            Place::Message => "message",
            Place::Path => "path",
        }
    }

    /// Where hits of a rule of `target` found in `role` are.
    pub fn of(target: Target, role: Role) -> Place {
        match target {
            Target::Message => Place::Message,
            Target::Path => Place::Path,
            Target::Added | Target::Removed => Place::Line(role),
        }
    }

    fn slot(self) -> usize {
        Place::ALL
            .iter()
            .position(|p| *p == self)
            .unwrap_or_else(|| unreachable!("every place is in Place::ALL"))
    }
}

/// The compiled weights: per rule and place, per skill and fact.
#[derive(Debug, Clone, Default)]
pub struct Scoring {
    /// Per skill (by name): its bias, fact weights and fix depth. Skills absent
    /// here are unweighted.
    skills: BTreeMap<String, SkillScoring>,
    /// Per rule (index into the rule set), per place slot: the weight of a hit.
    rule_weights: Vec<[f64; 8]>,
    fix: Option<Regex>,
}

/// The weights of one skill.
#[derive(Debug, Clone)]
pub struct SkillScoring {
    /// The score of a commit with no evidence.
    pub bias: f64,
    /// The weight of a rule the file does not name.
    pub unlisted: f64,
    /// Per fact, the weight it adds when it holds.
    pub facts: BTreeMap<Fact, f64>,
    /// The depth depth-1 evidence of a fix commit counts as (a defect resolved).
    pub fix_depth: Option<u8>,
}

impl SkillScoring {
    /// The score of a commit with these facts before any hit counts: the bias and
    /// the weights of the facts that hold.
    pub fn base(&self, facts: &[Fact]) -> f64 {
        self.bias
            + facts
                .iter()
                .map(|fact| self.facts.get(fact).copied().unwrap_or(0.0))
                .sum::<f64>()
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWeights {
    #[serde(default)]
    facts: RawFacts,
    #[serde(default)]
    skill: BTreeMap<String, Spanned<RawSkill>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFacts {
    fix: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSkill {
    bias: f64,
    unlisted: f64,
    fix_depth: Option<Spanned<u8>>,
    #[serde(default)]
    weights: BTreeMap<String, Spanned<f64>>,
}

impl Scoring {
    /// Whether any skill is weighted (a weights file was given).
    pub fn is_weighted(&self) -> bool {
        !self.skills.is_empty()
    }

    /// The weights of `skill`, or `None` when any hit credits it.
    pub fn skill(&self, skill: &str) -> Option<&SkillScoring> {
        self.skills.get(skill)
    }

    /// The weight of one hit of rule `rule` (an index into the rule set) at `place`.
    pub fn weight(&self, rule: usize, place: Place) -> f64 {
        self.rule_weights
            .get(rule)
            .map_or(0.0, |slots| slots[place.slot()])
    }

    /// The weighted skills, sorted.
    pub fn skills(&self) -> impl Iterator<Item = &str> {
        self.skills.keys().map(String::as_str)
    }

    /// The pattern of `[facts] fix`, as written.
    pub fn fix_pattern(&self) -> Option<&str> {
        self.fix.as_ref().map(Regex::as_str)
    }

    /// The weights as `text` (the file these were compiled from) writes them,
    /// per skill and key; empty if it does not parse.
    pub fn written_weights(&self, text: &str) -> BTreeMap<String, BTreeMap<String, f64>> {
        toml::from_str::<RawWeights>(text)
            .map(|raw| {
                raw.skill
                    .into_iter()
                    .map(|(skill, s)| {
                        let weights = s
                            .into_inner()
                            .weights
                            .into_iter()
                            .map(|(k, v)| (k, v.into_inner()))
                            .collect();
                        (skill, weights)
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The score of `skill` for a commit with `counts` (per rule index and place:
    /// lines or messages hit) and `facts`; `None` for an unweighted skill, which
    /// any hit credits. A positive score credits the skill.
    pub fn score(
        &self,
        rules: &[Rule],
        skill: &str,
        counts: &[(u32, Place, u32)],
        facts: &[Fact],
    ) -> Option<f64> {
        let mut score = self.skills.get(skill)?.base(facts);
        for &(rule, place, n) in counts {
            if rules[rule as usize].skill == skill {
                score += self.contribution(rule as usize, place, n);
            }
        }
        Some(score)
    }

    /// What `n` hits of rule `rule` (an index into the rule set) at `place` add to
    /// the score of its skill: more hits count, with diminishing returns.
    pub fn contribution(&self, rule: usize, place: Place, n: u32) -> f64 {
        self.weight(rule, place) * f64::from(n).ln_1p()
    }

    /// Whether a commit with this subject line is a fix (`[facts] fix`).
    pub fn is_fix(&self, subject: &str) -> bool {
        self.fix.as_ref().is_some_and(|r| r.is_match(subject))
    }

    /// Compile the weights file `name` with `text` for `rules`. Every name must
    /// refer to a rule of the set, a role and a fact that exist; errors name the
    /// file, the key and the position.
    pub fn compile(
        name: &str,
        text: &str,
        rules: &[Rule],
        skills: &[String],
    ) -> Result<Scoring, LoadError> {
        let file = WeightsFile { name, text };
        let raw: RawWeights = toml::from_str(text)
            .map_err(|e| file.error(e.span().unwrap_or(0..0), None, e.message().to_owned()))?;
        let fix = file.fix_pattern(&raw.facts)?;
        let by_id: HashMap<&str, usize> = rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i))
            .collect();
        let mut rule_weights = vec![[0.0; 8]; rules.len()];
        let mut compiled = BTreeMap::new();
        for (skill, raw_skill) in &raw.skill {
            let scoring =
                file.compile_skill(skill, raw_skill, rules, skills, &by_id, &mut rule_weights)?;
            compiled.insert(skill.clone(), scoring);
        }
        Ok(Scoring {
            skills: compiled,
            rule_weights,
            fix,
        })
    }
}

/// The weights file being compiled, as its errors name it.
struct WeightsFile<'a> {
    name: &'a str,
    text: &'a str,
}

impl WeightsFile<'_> {
    /// An error at `span` of the file, under the key `rule` if any.
    fn error(
        &self,
        span: std::ops::Range<usize>,
        rule: Option<String>,
        message: String,
    ) -> LoadError {
        let (line, column) = position(self.text, span.start);
        LoadError {
            file: self.name.to_owned(),
            rule,
            line,
            column,
            message,
        }
    }

    /// The `[facts] fix` pattern, compiled.
    fn fix_pattern(&self, facts: &RawFacts) -> Result<Option<Regex>, LoadError> {
        facts
            .fix
            .as_ref()
            .map(|pattern| {
                Regex::new(pattern.get_ref()).map_err(|e| {
                    self.error(
                        pattern.span(),
                        None,
                        format!("invalid facts.fix pattern: {e}"),
                    )
                })
            })
            .transpose()
    }

    /// One `[skill.NAME]` table: a known skill with finite bias and unlisted
    /// weights and a fix depth in 1-4. Its rules start at the unlisted weight in
    /// `rule_weights`, then take the weights it lists, rule-wide ones first.
    fn compile_skill(
        &self,
        skill: &String,
        raw_skill: &Spanned<RawSkill>,
        rules: &[Rule],
        skills: &[String],
        by_id: &HashMap<&str, usize>,
        rule_weights: &mut [[f64; 8]],
    ) -> Result<SkillScoring, LoadError> {
        let span = raw_skill.span();
        let raw_skill = raw_skill.get_ref();
        if !skills.contains(skill) {
            return Err(self.error(
                span,
                None,
                format!("unknown skill '{skill}' (known: {})", skills.join(", ")),
            ));
        }
        for (value, what) in [(raw_skill.bias, "bias"), (raw_skill.unlisted, "unlisted")] {
            if !value.is_finite() {
                return Err(self.error(
                    span.clone(),
                    None,
                    format!("skill '{skill}': {what} must be a finite number"),
                ));
            }
        }
        if let Some(depth) = &raw_skill.fix_depth
            && !(1..=4).contains(depth.get_ref())
        {
            return Err(self.error(
                depth.span(),
                None,
                format!("skill '{skill}': fix_depth must be 1-4"),
            ));
        }
        // Every rule of the skill starts at the unlisted weight.
        for (i, rule) in rules.iter().enumerate() {
            if rule.skill == *skill {
                rule_weights[i] = [raw_skill.unlisted; 8];
            }
        }
        let mut facts = BTreeMap::new();
        // Rule-wide weights first, then place-specific ones override them.
        let mut entries: Vec<(&String, &Spanned<f64>)> = raw_skill.weights.iter().collect();
        entries.sort_by_key(|(key, _)| key.contains('@'));
        for (key, value) in entries {
            match self.weight_entry(skill, key, value, rules, by_id)? {
                Weight::Fact(fact, weight) => {
                    facts.insert(fact, weight);
                }
                Weight::Rule(index, Some(place), weight) => {
                    rule_weights[index][place.slot()] = weight;
                }
                Weight::Rule(index, None, weight) => rule_weights[index] = [weight; 8],
            }
        }
        Ok(SkillScoring {
            bias: raw_skill.bias,
            unlisted: raw_skill.unlisted,
            facts,
            fix_depth: raw_skill.fix_depth.as_ref().map(|d| *d.get_ref()),
        })
    }

    /// One entry of `[skill.NAME.weights]`: a finite weight for a fact
    /// (`fact:NAME`) or for a rule of the skill, everywhere (`ID`) or at one place
    /// (`ID@PLACE`).
    fn weight_entry(
        &self,
        skill: &str,
        key: &str,
        value: &Spanned<f64>,
        rules: &[Rule],
        by_id: &HashMap<&str, usize>,
    ) -> Result<Weight, LoadError> {
        let weight = *value.get_ref();
        if !weight.is_finite() {
            return Err(self.error(
                value.span(),
                Some(key.to_owned()),
                "the weight must be a finite number".to_owned(),
            ));
        }
        if let Some(fact) = key.strip_prefix("fact:") {
            let fact = Fact::ALL
                .into_iter()
                .find(|f| f.name() == fact)
                .ok_or_else(|| {
                    self.error(
                        value.span(),
                        Some(key.to_owned()),
                        format!(
                            "unknown fact '{fact}' (known: {})",
                            Fact::ALL.map(Fact::name).join(", ")
                        ),
                    )
                })?;
            return Ok(Weight::Fact(fact, weight));
        }
        let (id, place) = match key.split_once('@') {
            Some((id, place)) => {
                let place = Place::ALL
                    .into_iter()
                    .find(|p| p.name() == place)
                    .ok_or_else(|| {
                        self.error(
                            value.span(),
                            Some(key.to_owned()),
                            format!(
                                "unknown place '{place}' (known: {})",
                                Place::ALL.map(Place::name).join(", ")
                            ),
                        )
                    })?;
                (id, Some(place))
            }
            None => (key, None),
        };
        let index = *by_id.get(id).ok_or_else(|| {
            self.error(
                value.span(),
                Some(key.to_owned()),
                format!("no rule '{id}' in the rule set"),
            )
        })?;
        if rules[index].skill != skill {
            return Err(self.error(
                value.span(),
                Some(key.to_owned()),
                format!(
                    "rule '{id}' gives evidence of {}, not {skill}",
                    rules[index].skill
                ),
            ));
        }
        Ok(Weight::Rule(index, place, weight))
    }
}

/// What one entry of `[skill.NAME.weights]` weighs.
enum Weight {
    /// A fact, with its weight.
    Fact(Fact, f64),
    /// A rule (an index into the rule set), at one place or (`None`) everywhere.
    Rule(usize, Option<Place>, f64),
}
