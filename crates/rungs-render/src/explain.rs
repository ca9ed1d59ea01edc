//! `rungs explain` as text: one person's rungs, skills and evidence.

use std::{collections::BTreeSet, fmt::Write as _};

use rungs_report::{Author, Report, SignalLine};

/// The skill the metric signals credit.
const METRIC_SKILL: &str = "agile-iteration";

/// One piece of evidence, and whether the person co-authored the commit rather
/// than wrote it.
pub struct Shown {
    /// The evidence, as `scan --signals` writes it.
    pub line: SignalLine,
    /// The person co-authored the commit.
    pub coauthored: bool,
}

/// The ladder's thresholds of the metric signals (its `[metrics]` and
/// `evidence.window_weeks`), to say why they credit what they do.
pub struct MetricRules {
    /// Small batches: the median changed lines per commit is at most this.
    pub small_batches_max_median_lines: u64,
    /// Depth credited for small batches.
    pub small_batches_depth: u8,
    /// Steady cadence: at least this share of the window's weeks have a commit.
    pub steady_cadence_min_share: f64,
    /// Depth credited for a steady cadence.
    pub steady_cadence_depth: u8,
    /// Integration: at least this many merge commits.
    pub integration_min_merges: u64,
    /// Depth credited for integration.
    pub integration_depth: u8,
    /// Collaboration: at least this share of commits record co-authors or reviewers.
    pub collaboration_min_share: f64,
    /// Depth credited for collaboration.
    pub collaboration_depth: u8,
    /// The cadence window, in weeks.
    pub window_weeks: u64,
}

/// `rungs explain` as text: the person's rungs and skills, why the metric signals
/// credit agile-iteration what they do (unless another skill is asked for), then
/// every piece of evidence, commit by commit. Control characters are made visible.
pub fn explain(
    report: &Report,
    person: &Author,
    skill: Option<&str>,
    shown: &[Shown],
    rules: &MetricRules,
) -> String {
    let mut text = explain_body(report, person, skill, shown);
    if skill.is_none_or(|s| s == METRIC_SKILL)
        && let Some(metrics) = &person.metrics
    {
        let at = text.find("\n\n").map_or(text.len(), |i| i + 1);
        text.insert_str(at, &metric_lines(metrics, person.merges, rules));
    }
    crate::view::printable(&text).into_owned()
}

fn explain_body(report: &Report, person: &Author, skill: Option<&str>, shown: &[Shown]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} <{}>: {} commits, {} merges",
        person.name, person.email, person.commits, person.merges
    );
    for (track, placed) in &person.rungs {
        let _ = write!(out, "  {track}: {}", placed.rung);
        if let Some(confidence) = &placed.confidence {
            let _ = write!(out, ", {confidence} confidence");
        }
        if placed.strict_rung != placed.rung {
            let _ = write!(out, " ({} if held as written)", placed.strict_rung);
        }
        if let Some(next) = &placed.next {
            let gaps: Vec<String> = placed
                .gaps
                .iter()
                .map(|g| format!("{} {}→{}", g.skill, g.credited, g.required))
                .collect();
            let _ = write!(out, " (next: {next}; short of it: {})", gaps.join(", "));
        }
        out.push('\n');
        for waiver in &placed.waived {
            let _ = writeln!(
                out,
                "    waived for {}: {} {} held at {}: {}",
                waiver.rung, waiver.skill, waiver.required, waiver.held, waiver.reason
            );
        }
    }
    for (id, s) in &person.skills {
        if skill.is_some_and(|k| k != id) {
            continue;
        }
        // The team view also counts the metric signals (agile-iteration).
        let depth = report
            .team
            .as_ref()
            .and_then(|t| t.matrix.get(&person.email)?.get(id).copied())
            .unwrap_or(s.depth);
        let _ = writeln!(
            out,
            "  {id}: depth {depth} credited, {} evidence commits ({} bulk), confidence {}",
            s.evidence_commits, s.bulk_commits, s.confidence
        );
    }
    let commits: BTreeSet<&str> = shown.iter().map(|s| s.line.commit.as_str()).collect();
    let _ = writeln!(
        out,
        "\n{} pieces of evidence in {} commits, newest first:",
        shown.len(),
        commits.len()
    );
    let mut last_commit = "";
    for s in shown {
        let l = &s.line;
        if l.commit != last_commit {
            last_commit = &l.commit;
            let _ = writeln!(
                out,
                "\n{}  {}  {}{}{}",
                &l.commit[..l.commit.len().min(12)],
                &l.time[..l.time.len().min(10)],
                l.repo,
                if s.coauthored { "  (co-authored)" } else { "" },
                if l.bulk {
                    "  (bulk: a tenth of the weight)"
                } else {
                    ""
                },
            );
        }
        let place = match (&l.path, l.line) {
            (Some(path), Some(line)) => format!("{path}:{line}"),
            (Some(path), None) => path.clone(),
            (None, _) => l.target.clone(),
        };
        let _ = writeln!(
            out,
            "  {} · {} · depth {} · rule {} · {place}",
            l.skill, l.signal, l.depth, l.rule
        );
        if let Some(text) = &l.text {
            let marker = match l.target.as_str() {
                "added" => "+ ",
                "removed" => "- ",
                _ => "> ",
            };
            let _ = writeln!(out, "      {marker}{text}");
        }
    }
    out
}

/// Why the metric signals credit agile-iteration the depth they do: each signal
/// with its measure, the ladder's threshold, and the depth it credits when met.
fn metric_lines(m: &rungs_report::AuthorMetrics, merges: u64, t: &MetricRules) -> String {
    let met = |yes: bool| if yes { "met" } else { "not met" };
    let percent = |share: f64| format!("{:.0}%", share * 100.0);
    let median = m.median_changed_lines.map_or_else(
        || "no diffed commit".to_owned(),
        |n| format!("median {n} changed lines per commit"),
    );
    let mut out = format!(
        "  {}: depth {} from the metric signals (commit metadata, no rule):\n",
        METRIC_SKILL, m.depth
    );
    let _ = writeln!(
        out,
        "    small batches: {median}, at most {} for depth {}: {}",
        t.small_batches_max_median_lines,
        t.small_batches_depth,
        met(m.small_batches)
    );
    let _ = writeln!(
        out,
        "    steady cadence: a commit in {} of the last {} weeks, at least {} for depth {}: {}",
        percent(m.active_week_share),
        t.window_weeks,
        percent(t.steady_cadence_min_share),
        t.steady_cadence_depth,
        met(m.steady_cadence)
    );
    let _ = writeln!(
        out,
        "    integration: {merges} merge commits, at least {} for depth {}: {}",
        t.integration_min_merges,
        t.integration_depth,
        met(m.integration)
    );
    let _ = writeln!(
        out,
        "    collaboration: {} of commits ({}) record co-authors or reviewers, at least {} for depth {}: {}",
        percent(m.collaborative_share),
        m.collaborative_commits,
        percent(t.collaboration_min_share),
        t.collaboration_depth,
        met(m.collaboration)
    );
    out
}
