//! The ladder file: parsed strictly, then validated into a [`Ladder`].

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use toml::Spanned;

use crate::{
    confidence::{ConfidenceRules, RawConfidence},
    error::LadderError,
    observability::{ObservabilityRules, RawObservability},
};

/// Rung ids that name a placement outcome rather than a rung; a ladder may not use them.
pub const RESERVED_RUNGS: [&str; 2] = ["insufficient_evidence", "below_first_rung"];

/// The deepest depth a requirement or a task may name.
pub const MAX_DEPTH: u8 = 4;

/// How much evidence it takes to credit anything.
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceRules {
    /// Distinct evidence commits at or above a depth needed to credit that depth.
    pub commits_for_depth: u64,
    /// Non-merge commits an author needs before being placed at all; below it the
    /// placement is `insufficient_evidence`.
    pub min_commits: u64,
    /// Half-life of the weight of evidence, in days before the newest scanned commit.
    pub half_life_days: f64,
    /// The activity window for cadence, in weeks ending at the newest scanned commit.
    pub window_weeks: u64,
}

/// The thresholds of the metric signals of agile-iteration, and the depth each credits.
#[derive(Debug, Clone, PartialEq)]
pub struct Metrics {
    /// Small batches: the median of changed lines per commit is at most this.
    pub small_batches_max_median_lines: u64,
    /// Depth credited for small batches.
    pub small_batches_depth: u8,
    /// Steady cadence: at least this share (0 to 1) of the window's weeks have a commit.
    pub steady_cadence_min_share: f64,
    /// Depth credited for a steady cadence.
    pub steady_cadence_depth: u8,
    /// Integration: at least this many merge commits.
    pub integration_min_merges: u64,
    /// Depth credited for integration.
    pub integration_depth: u8,
    /// Collaboration: at least this share (0 to 1) of commits record co-authors or reviewers.
    pub collaboration_min_share: f64,
    /// Depth credited for collaboration.
    pub collaboration_depth: u8,
}

/// One rung of a track.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rung {
    /// Id used in reports (`senior`).
    pub id: String,
    /// Name shown to people (`Senior engineer`).
    pub name: String,
    /// Skill → the depth credited that this rung needs.
    pub requires: BTreeMap<String, u8>,
}

/// A career track: its rungs, lowest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Track {
    /// Id used in reports (`ic`).
    pub id: String,
    /// Name shown to people.
    pub name: String,
    /// The skills the track weighs.
    pub skills: Vec<String>,
    /// Rungs, lowest first. A rung needs at least what the one below it needs.
    pub rungs: Vec<Rung>,
}

/// A validated ladder.
#[derive(Debug, Clone, PartialEq)]
pub struct Ladder {
    /// The file it was loaded from, as named to [`Ladder::from_toml`].
    pub file: String,
    /// Evidence thresholds.
    pub evidence: EvidenceRules,
    /// Metric signal thresholds.
    pub metrics: Metrics,
    /// What a history must show for a requirement to be held as written.
    pub observability: ObservabilityRules,
    /// How the confidence of a placement is worked out.
    pub confidence: ConfidenceRules,
    /// Tracks, in file order.
    pub tracks: Vec<Track>,
    /// Development tasks per (skill, depth): what to do to show that depth.
    pub tasks: BTreeMap<(String, u8), Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLadder {
    evidence: RawEvidence,
    metrics: RawMetrics,
    observability: Option<RawObservability>,
    confidence: Option<RawConfidence>,
    #[serde(default)]
    track: Vec<Spanned<RawTrack>>,
    #[serde(default)]
    plan: Vec<Spanned<RawPlan>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvidence {
    commits_for_depth: Spanned<u64>,
    min_commits: Spanned<u64>,
    half_life_days: Spanned<f64>,
    window_weeks: Spanned<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMetrics {
    small_batches: RawSmallBatches,
    steady_cadence: RawCadence,
    integration: RawIntegration,
    collaboration: RawCollaboration,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCollaboration {
    min_share_of_commits: Spanned<f64>,
    depth: Spanned<u8>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSmallBatches {
    max_median_lines: u64,
    depth: Spanned<u8>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCadence {
    min_share_of_weeks: Spanned<f64>,
    depth: Spanned<u8>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIntegration {
    min_merges: u64,
    depth: Spanned<u8>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTrack {
    id: Spanned<String>,
    name: String,
    skills: Vec<Spanned<String>>,
    #[serde(default)]
    rung: Vec<Spanned<RawRung>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRung {
    id: Spanned<String>,
    name: String,
    #[serde(default)]
    requires: BTreeMap<Spanned<String>, Spanned<u8>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    skill: Spanned<String>,
    depth: Spanned<u8>,
    tasks: Vec<String>,
}

/// Builds errors for one file.
pub(crate) struct Errors<'a> {
    file: &'a str,
    text: &'a str,
}

impl Errors<'_> {
    /// Check that every value is a share between 0 and 1; the error names the key.
    pub(crate) fn shares(&self, values: &[(&Spanned<f64>, &str)]) -> Result<(), LadderError> {
        for (value, name) in values {
            let share = *value.get_ref();
            if !(0.0..=1.0).contains(&share) {
                return Err(self.at(
                    value.span(),
                    Some((*name).to_owned()),
                    format!("{share} is not a share between 0 and 1"),
                ));
            }
        }
        Ok(())
    }

    /// An error at `span`, under `key`.
    pub(crate) fn at(
        &self,
        span: std::ops::Range<usize>,
        key: Option<String>,
        message: String,
    ) -> LadderError {
        let (line, column) = rungs_rules::position(self.text, span.start);
        LadderError {
            file: self.file.to_owned(),
            key,
            line,
            column,
            message,
        }
    }
}

/// The dotted key assigned on the line holding `offset`, with the table it is in
/// (`evidence.min_commits`), for errors that serde reports without one.
fn key_at(text: &str, offset: usize) -> Option<String> {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = text[line_start..].lines().next().unwrap_or("");
    let (key, _) = line.split_once('=')?;
    let key = key.trim();
    if key.is_empty() || key.starts_with('[') {
        return None;
    }
    let table = text[..line_start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('['))
        .map(|l| l.trim_matches(|c| c == '[' || c == ']').trim().to_owned());
    Some(match table {
        Some(table) if !table.is_empty() => format!("{table}.{key}"),
        _ => key.to_owned(),
    })
}

fn depth_ok(depth: u8) -> bool {
    (1..=MAX_DEPTH).contains(&depth)
}

impl Ladder {
    /// Parse and validate the ladder in `text` (named `file` in errors) against the
    /// skills rules may name (`rungs_rules::skills()`).
    pub fn from_toml(file: &str, text: &str) -> Result<Ladder, LadderError> {
        let errors = Errors { file, text };
        let raw: RawLadder = toml::from_str(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            errors.at(
                span.clone(),
                key_at(text, span.start),
                e.message().trim().to_owned(),
            )
        })?;
        let known: BTreeSet<String> = rungs_rules::skills().into_iter().collect();

        let evidence = evidence_rules(&errors, &raw.evidence)?;
        let metrics = metrics(&errors, &raw.metrics)?;
        let observability = match &raw.observability {
            Some(table) => table.validate(&errors)?,
            None => ObservabilityRules::default(),
        };
        let confidence = match &raw.confidence {
            Some(table) => table.validate(&errors)?,
            None => ConfidenceRules::default(),
        };
        let tasks = plan_tasks(&errors, &raw.plan, &known)?;

        let mut tracks = Vec::new();
        let mut track_ids = BTreeSet::new();
        for track in &raw.track {
            let track = track.get_ref();
            if !track_ids.insert(track.id.get_ref().clone()) {
                return Err(errors.at(
                    track.id.span(),
                    Some(format!("track '{}'", track.id.get_ref())),
                    "duplicate track id".to_owned(),
                ));
            }
            tracks.push(validate_track(&errors, track, &known, &tasks)?);
        }
        if tracks.is_empty() {
            return Err(errors.at(0..0, None, "the ladder has no [[track]]".to_owned()));
        }

        Ok(Ladder {
            file: file.to_owned(),
            evidence,
            metrics,
            observability,
            confidence,
            tracks,
            tasks,
        })
    }

    /// What the ladder asks, for a person to read: per track its rungs, lowest
    /// first, with the depth each needs per skill, then the thresholds that
    /// credit a depth and place anyone.
    pub fn describe(&self) -> String {
        use std::fmt::Write;

        let rungs: usize = self.tracks.iter().map(|t| t.rungs.len()).sum();
        let mut out = format!(
            "{}: {} {}, {} {}; valid\n",
            self.file,
            self.tracks.len(),
            if self.tracks.len() == 1 {
                "track"
            } else {
                "tracks"
            },
            rungs,
            if rungs == 1 { "rung" } else { "rungs" },
        );
        for track in &self.tracks {
            let _ = writeln!(
                out,
                "\n{} ({}), weighing {}:",
                track.name,
                track.id,
                track.skills.join(", ")
            );
            for rung in &track.rungs {
                let needs: Vec<String> = track
                    .skills
                    .iter()
                    .filter_map(|s| rung.requires.get(s).map(|d| format!("{s} {d}")))
                    .collect();
                let needs = if needs.is_empty() {
                    "nothing".to_owned()
                } else {
                    needs.join(", ")
                };
                let _ = writeln!(out, "  {} ({}): {needs}", rung.name, rung.id);
            }
        }
        let e = &self.evidence;
        let _ = writeln!(
            out,
            "\nA depth is credited by {} distinct evidence commits at it or deeper; \
             authors with fewer than {} commits are not placed; evidence halves in weight \
             every {} days.",
            e.commits_for_depth, e.min_commits, e.half_life_days
        );
        if self.observability.strict {
            out.push_str("Every requirement is held as written (observability.strict).\n");
        }
        out
    }

    /// The tasks for showing `skill` at `depth`.
    pub fn tasks_for(&self, skill: &str, depth: u8) -> &[String] {
        self.tasks
            .get(&(skill.to_owned(), depth))
            .map_or(&[], Vec::as_slice)
    }
}

/// The `[evidence]` table: the counts must be at least 1 and the half-life a
/// positive number of days.
fn evidence_rules(errors: &Errors<'_>, e: &RawEvidence) -> Result<EvidenceRules, LadderError> {
    for (value, name) in [
        (&e.commits_for_depth, "evidence.commits_for_depth"),
        (&e.min_commits, "evidence.min_commits"),
        (&e.window_weeks, "evidence.window_weeks"),
    ] {
        if *value.get_ref() == 0 {
            return Err(errors.at(
                value.span(),
                Some(name.to_owned()),
                "must be at least 1".to_owned(),
            ));
        }
    }
    let half_life = *e.half_life_days.get_ref();
    if !(half_life.is_finite() && half_life > 0.0) {
        return Err(errors.at(
            e.half_life_days.span(),
            Some("evidence.half_life_days".to_owned()),
            format!("{half_life} must be a positive number of days"),
        ));
    }
    Ok(EvidenceRules {
        commits_for_depth: *e.commits_for_depth.get_ref(),
        min_commits: *e.min_commits.get_ref(),
        half_life_days: half_life,
        window_weeks: *e.window_weeks.get_ref(),
    })
}

/// The `[metrics]` tables: every depth in range, then every share between 0 and 1.
fn metrics(errors: &Errors<'_>, m: &RawMetrics) -> Result<Metrics, LadderError> {
    for (depth, name) in [
        (&m.small_batches.depth, "metrics.small_batches.depth"),
        (&m.steady_cadence.depth, "metrics.steady_cadence.depth"),
        (&m.integration.depth, "metrics.integration.depth"),
        (&m.collaboration.depth, "metrics.collaboration.depth"),
    ] {
        if !depth_ok(*depth.get_ref()) {
            return Err(errors.at(
                depth.span(),
                Some(name.to_owned()),
                format!("depth {} is out of range 1-{MAX_DEPTH}", depth.get_ref()),
            ));
        }
    }
    errors.shares(&[
        (
            &m.steady_cadence.min_share_of_weeks,
            "metrics.steady_cadence.min_share_of_weeks",
        ),
        (
            &m.collaboration.min_share_of_commits,
            "metrics.collaboration.min_share_of_commits",
        ),
    ])?;
    Ok(Metrics {
        small_batches_max_median_lines: m.small_batches.max_median_lines,
        small_batches_depth: *m.small_batches.depth.get_ref(),
        steady_cadence_min_share: *m.steady_cadence.min_share_of_weeks.get_ref(),
        steady_cadence_depth: *m.steady_cadence.depth.get_ref(),
        integration_min_merges: m.integration.min_merges,
        integration_depth: *m.integration.depth.get_ref(),
        collaboration_min_share: *m.collaboration.min_share_of_commits.get_ref(),
        collaboration_depth: *m.collaboration.depth.get_ref(),
    })
}

/// The `[[plan]]` tables, as tasks per (skill, depth): each names a known skill
/// and a depth in range, has at least two tasks, none empty, and is given once.
fn plan_tasks(
    errors: &Errors<'_>,
    plans: &[Spanned<RawPlan>],
    known: &BTreeSet<String>,
) -> Result<BTreeMap<(String, u8), Vec<String>>, LadderError> {
    let mut tasks: BTreeMap<(String, u8), Vec<String>> = BTreeMap::new();
    for plan in plans {
        let span = plan.span();
        let plan = plan.get_ref();
        let skill = plan.skill.get_ref();
        let key = || Some(format!("plan {skill} depth {}", plan.depth.get_ref()));
        if !known.contains(skill) {
            return Err(errors.at(plan.skill.span(), key(), format!("unknown skill '{skill}'")));
        }
        if !depth_ok(*plan.depth.get_ref()) {
            return Err(errors.at(
                plan.depth.span(),
                key(),
                format!(
                    "depth {} is out of range 1-{MAX_DEPTH}",
                    plan.depth.get_ref()
                ),
            ));
        }
        if plan.tasks.len() < 2 || plan.tasks.iter().any(|t| t.trim().is_empty()) {
            return Err(errors.at(
                span,
                key(),
                "needs at least two tasks, none of them empty".to_owned(),
            ));
        }
        if tasks
            .insert((skill.clone(), *plan.depth.get_ref()), plan.tasks.clone())
            .is_some()
        {
            return Err(errors.at(span, key(), "is given twice".to_owned()));
        }
    }
    Ok(tasks)
}

/// One `[[track]]` (its id already checked to be new): known skills, at least one
/// rung, and each rung valid on top of the ones below it.
fn validate_track(
    errors: &Errors<'_>,
    track: &RawTrack,
    known: &BTreeSet<String>,
    tasks: &BTreeMap<(String, u8), Vec<String>>,
) -> Result<Track, LadderError> {
    let id = track.id.get_ref();
    let track_key = format!("track '{id}'");
    let mut skills = Vec::new();
    for skill in &track.skills {
        if !known.contains(skill.get_ref()) {
            return Err(errors.at(
                skill.span(),
                Some(format!("{track_key} > skills")),
                format!(
                    "unknown skill '{}' (known: {})",
                    skill.get_ref(),
                    known.iter().cloned().collect::<Vec<_>>().join(", ")
                ),
            ));
        }
        skills.push(skill.get_ref().clone());
    }
    if track.rung.is_empty() {
        return Err(errors.at(track.id.span(), Some(track_key), "has no rungs".to_owned()));
    }
    let mut rungs: Vec<Rung> = Vec::new();
    for rung in &track.rung {
        let rung = validate_rung(errors, &track_key, rung.get_ref(), &skills, &rungs, tasks)?;
        rungs.push(rung);
    }
    Ok(Track {
        id: id.clone(),
        name: track.name.clone(),
        skills,
        rungs,
    })
}

/// One `[[track.rung]]` of the track `track_key` weighing `skills`, above `below`:
/// a new, unreserved id, valid requirements, and at least what the rung below needs.
fn validate_rung(
    errors: &Errors<'_>,
    track_key: &str,
    rung: &RawRung,
    skills: &[String],
    below: &[Rung],
    tasks: &BTreeMap<(String, u8), Vec<String>>,
) -> Result<Rung, LadderError> {
    let rung_id = rung.id.get_ref();
    let rung_key = format!("{track_key} > rung '{rung_id}'");
    if RESERVED_RUNGS.contains(&rung_id.as_str()) {
        return Err(errors.at(
            rung.id.span(),
            Some(rung_key),
            "this id is reserved for placements outside the ladder".to_owned(),
        ));
    }
    if below.iter().any(|r| &r.id == rung_id) {
        return Err(errors.at(
            rung.id.span(),
            Some(rung_key),
            "duplicate rung id in this track".to_owned(),
        ));
    }
    let requires = rung_requires(errors, &rung_key, &rung.requires, skills, tasks)?;
    if let Some(below) = below.last() {
        for (skill, &wanted) in &below.requires {
            let here = requires.get(skill).copied().unwrap_or(0);
            if here < wanted {
                return Err(errors.at(
                    rung.id.span(),
                    Some(rung_key),
                    format!(
                        "needs {skill} at depth {here}, less than rung '{}' below it ({wanted})",
                        below.id
                    ),
                ));
            }
        }
    }
    Ok(Rung {
        id: rung_id.clone(),
        name: rung.name.clone(),
        requires,
    })
}

/// A rung's `requires` (of the rung `rung_key`): each skill one the track weighs,
/// each depth in range, with `[[plan]]` tasks at every depth up to it.
fn rung_requires(
    errors: &Errors<'_>,
    rung_key: &str,
    raw: &BTreeMap<Spanned<String>, Spanned<u8>>,
    skills: &[String],
    tasks: &BTreeMap<(String, u8), Vec<String>>,
) -> Result<BTreeMap<String, u8>, LadderError> {
    let mut requires = BTreeMap::new();
    for (skill, depth) in raw {
        let key = Some(format!("{rung_key} > requires.{}", skill.get_ref()));
        if !skills.contains(skill.get_ref()) {
            return Err(errors.at(
                skill.span(),
                key,
                format!(
                    "skill '{}' is not one the track weighs ({})",
                    skill.get_ref(),
                    skills.join(", ")
                ),
            ));
        }
        let d = *depth.get_ref();
        if !depth_ok(d) {
            return Err(errors.at(
                depth.span(),
                key,
                format!("depth {d} is out of range 1-{MAX_DEPTH}"),
            ));
        }
        // Every depth up to the one required needs tasks, so any gap has a plan.
        if let Some(missing) = (1..=d).find(|&k| !tasks.contains_key(&(skill.get_ref().clone(), k)))
        {
            return Err(errors.at(
                depth.span(),
                key,
                format!(
                    "no [[plan]] tasks for {} at depth {missing}; a gap must come with tasks",
                    skill.get_ref()
                ),
            ));
        }
        requires.insert(skill.get_ref().clone(), d);
    }
    Ok(requires)
}
