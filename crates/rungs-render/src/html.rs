//! One self-contained HTML page: team heatmap, per-author charts, evidence.

use rungs_report::Report;

/// Render `report` as one self-contained HTML page (no network access needed).
pub fn html(report: &Report) -> String {
    let _ = report;
    String::from("<!doctype html>\n<title>rungs</title>\n")
}
