//! The terminal view: a team skills matrix and each author's rungs.

use rungs_report::Report;

/// How the table is drawn.
#[derive(Debug, Clone, Copy, Default)]
pub struct TableOptions {
    /// Colour with ANSI escapes.
    pub color: bool,
}

/// Render `report` as text for a terminal.
pub fn table(report: &Report, options: TableOptions) -> String {
    let _ = (report, options);
    String::new()
}
