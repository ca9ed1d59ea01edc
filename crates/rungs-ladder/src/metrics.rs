//! The metric signals of agile-iteration, from commit metadata: batch size,
//! cadence, integration and collaboration. They credit depths of that skill as the ladder says.

use crate::{
    aggregate::{AuthorAggregate, week_of},
    ladder::Ladder,
};

/// The skill the metric signals give evidence of.
pub const METRIC_SKILL: &str = "agile-iteration";

/// An author's metric signals.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricSignals {
    /// The median of changed lines (added plus removed) per non-merge commit.
    pub median_changed_lines: Option<u64>,
    /// Share of the ladder's window (weeks ending at the newest scanned commit) with
    /// at least one commit by the author.
    pub active_week_share: f64,
    /// Merge commits.
    pub merges: u64,
    /// The median batch is at most the ladder's threshold.
    pub small_batches: bool,
    /// The active-week share reaches the ladder's threshold.
    pub steady_cadence: bool,
    /// Merges reach the ladder's threshold.
    pub integration: bool,
    /// Share of non-merge commits that record co-authors or reviewers.
    pub collaborative_share: f64,
    /// That share reaches the ladder's threshold.
    pub collaboration: bool,
    /// The deepest depth of [`METRIC_SKILL`] the met signals credit (0: none).
    pub depth: u8,
}

/// The lower median of a histogram of values.
fn median(histogram: &std::collections::BTreeMap<u64, u64>) -> Option<u64> {
    let total: u64 = histogram.values().sum();
    if total == 0 {
        return None;
    }
    let middle = total.div_ceil(2);
    let mut seen = 0;
    histogram.iter().find_map(|(&value, &n)| {
        seen += n;
        (seen >= middle).then_some(value)
    })
}

/// The metric signals of `author` in a scan whose commits span `oldest` to `newest`
/// (seconds), under `ladder`. The cadence window ends at `newest` and never reaches
/// before `oldest`. Authors below the ladder's activity minimum meet none of them.
pub fn metrics(
    author: &AuthorAggregate,
    oldest: i64,
    newest: i64,
    ladder: &Ladder,
) -> MetricSignals {
    let m = &ladder.metrics;
    let active = author.commits >= ladder.evidence.min_commits;
    let median_changed_lines = median(&author.batch_sizes);
    let last = week_of(newest);
    let scanned_weeks = (last - week_of(oldest.min(newest)) + 1).max(1);
    let window = (ladder.evidence.window_weeks as i64).min(scanned_weeks);
    let weeks = author.active_weeks.range(last - window + 1..=last).count();
    let active_week_share = weeks as f64 / window as f64;
    let small_batches =
        active && median_changed_lines.is_some_and(|v| v <= m.small_batches_max_median_lines);
    let steady_cadence = active && active_week_share >= m.steady_cadence_min_share;
    let integration = active && author.merges >= m.integration_min_merges;
    let collaborative_share = if author.commits == 0 {
        0.0
    } else {
        author.collaborative_commits as f64 / author.commits as f64
    };
    let collaboration = active && collaborative_share >= m.collaboration_min_share;
    let depth = [
        (small_batches, m.small_batches_depth),
        (steady_cadence, m.steady_cadence_depth),
        (integration, m.integration_depth),
        (collaboration, m.collaboration_depth),
    ]
    .into_iter()
    .filter(|(met, _)| *met)
    .map(|(_, depth)| depth)
    .max()
    .unwrap_or(0);
    MetricSignals {
        median_changed_lines,
        active_week_share: (active_week_share * 1000.0).round() / 1000.0,
        merges: author.merges,
        small_batches,
        steady_cadence,
        integration,
        collaborative_share: (collaborative_share * 1000.0).round() / 1000.0,
        collaboration,
        depth,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_is_the_lower_middle_value() {
        let h = |pairs: &[(u64, u64)]| pairs.iter().copied().collect();
        assert_eq!(median(&h(&[])), None);
        assert_eq!(median(&h(&[(5, 1)])), Some(5));
        assert_eq!(median(&h(&[(1, 1), (9, 1)])), Some(1));
        assert_eq!(median(&h(&[(1, 1), (4, 1), (9, 1)])), Some(4));
        assert_eq!(median(&h(&[(1, 3), (100, 2)])), Some(1));
    }
}
