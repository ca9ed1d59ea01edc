//! Renderers of a rungs [`Report`](rungs_report::Report): a terminal table, Markdown
//! for pull-request comments and CI step summaries, one self-contained HTML page
//! with inline SVG charts, and CSV for a spreadsheet.
//!
//! Every renderer is a pure function of the report: the same report gives the
//! same bytes.
#![deny(missing_docs)]

pub mod csv;
pub mod diff;
pub mod explain;
pub mod html;
pub mod markdown;
pub mod table;
mod view;

pub use csv::csv;
pub use diff::{diff_markdown, diff_text};
pub use explain::explain;
pub use html::html;
pub use markdown::markdown;
pub use table::{TableOptions, table};
pub use view::printable;
