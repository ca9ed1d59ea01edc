//! The library core of rungs.
//!
//! The scanner ([`rungs_scan`]) knows git and nothing of skills: it hands every
//! commit's changed lines and message to a [`Classifier`](rungs_scan::Classifier).
//! The rule engine ([`rungs_rules`]) knows rules and nothing of git. This crate
//! joins them and builds what rungs reports:
//! - [`RuleClassifier`]: the classifier backed by a compiled rule set, so the
//!   scanner depends on the classifier seam only;
//! - [`ScanRun`]: a scan of several repositories, each through the [`cache`],
//!   with the records folded into per-author [`EvidenceCounts`];
//! - [`build`]: the report, with profiles, placements on the ladder,
//!   development plans and the team view;
//! - [`merge`]: the report one scan of several repositories would give, from
//!   their reports; [`place_again`]: a report placed on another ladder;
//! - [`commit_line`] and [`signal_lines`]: the `--records` and `--signals` lines;
//! - [`cache`]: the incremental cache of records and snapshots;
//! - [`anonymize`]: stable pseudonyms for everyone a report names;
//! - [`focus`] and [`roster`]: a report of only the people a reader asks about,
//!   or leads (in teams, each with its own view).
#![deny(missing_docs)]

pub mod aliases_file;
pub mod anonymize;
mod assemble;
pub mod cache;
mod evidence;
mod focus;
mod hosting;
pub mod identities;
mod lines;
mod mapping;
mod merge;
mod plans;
mod profile;
pub mod roster;
mod rule_classifier;
mod run;
mod team;
pub mod time;

pub use assemble::{
    Classified, build, display_name, ladder_used, repo_entry, rules_used, sort_authors,
};
pub use evidence::{COAUTHOR_WEIGHT, EvidenceCounts};
pub use focus::{FocusOn, focus};
pub use hosting::commit_url;
pub use lines::{commit_line, signal_lines};
pub use merge::{BadField, MergeError, merge, place_again};
pub use rule_classifier::RuleClassifier;
pub use run::{Observer, OnRecord, ScanError, ScanRun, Scanned};

/// Bytes as text, invalid UTF-8 replaced.
fn text(bytes: &rungs_scan::bstr::BStr) -> String {
    use rungs_scan::bstr::ByteSlice;
    bytes.to_str_lossy().into_owned()
}
