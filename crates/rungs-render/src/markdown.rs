//! Markdown for pull-request comments and CI step summaries.

use rungs_report::Report;

/// Render `report` as GitHub-flavoured Markdown.
pub fn markdown(report: &Report) -> String {
    let _ = report;
    String::new()
}
