//! The career ladder of rungs, as data.
//!
//! A ladder file (TOML; the default is `rules/ladder.toml`, embedded in the
//! binary) defines the tracks, their rungs lowest first, the skills each track
//! weighs, the depth each rung needs per skill, the evidence thresholds (how many
//! distinct commits credit a depth, how much activity it takes to place anyone),
//! the recency half-life, the thresholds of the metric signals, and per skill and
//! depth the development tasks a plan offers. It is parsed strictly and
//! validated; every error names the file, the key and the position.
//!
//! From raw evidence [`Aggregates`] (per author, skill and month; mergeable) it
//! computes each author's [`profile()`] per skill and [`place()`]s the author on every
//! track, with the gaps to the next rung and the tasks for them.
#![deny(missing_docs)]

pub mod aggregate;
mod confidence;
mod error;
pub mod import;
mod ladder;
pub mod metrics;
mod observability;
pub mod placement;
pub mod profile;

pub use aggregate::{
    Aggregates, AuthorAggregate, Evidence, EvidenceRef, Month, Place, SkillMonth, TOP_EVIDENCE,
    area_of, days_from_civil, iso_week, week_from_iso, week_of,
};
pub use confidence::{ConfidenceLevel, ConfidenceRules};
pub use error::LadderError;
pub use ladder::{EvidenceRules, Ladder, MAX_DEPTH, Metrics, RESERVED_RUNGS, Rung, Track};
pub use metrics::{METRIC_SKILL, MetricSignals, metrics};
pub use observability::{Observability, ObservabilityRules, SkillObservability};
pub use placement::{
    BELOW_FIRST_RUNG, Gap, INSUFFICIENT_EVIDENCE, Standing, TrackPlacement, Waiver, place,
};
pub use profile::{Confidence, SkillProfile, profile};

/// The name the embedded default ladder has in errors.
pub const DEFAULT_LADDER_FILE: &str = "rules/ladder.toml";

const DEFAULT_LADDER: &str = include_str!("../../../rules/ladder.toml");

/// The default ladder (checked by a test, so loading it cannot fail).
pub fn default_ladder() -> Ladder {
    Ladder::from_toml(DEFAULT_LADDER_FILE, DEFAULT_LADDER)
        .unwrap_or_else(|e| unreachable!("the embedded ladder is checked by a test: {e}"))
}

/// The text of the default ladder, for users who want to start their own from it.
pub fn default_ladder_text() -> &'static str {
    DEFAULT_LADDER
}
