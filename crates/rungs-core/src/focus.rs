//! Focusing a report on the people a reader asks about: the most active, those
//! with enough commits, those active lately. Totals still count everyone; the
//! team view is worked out again over the people listed.

use rungs_report::{Author, Focus, Report};

/// What to list of a report's authors; every filter given applies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FocusOn {
    /// At most this many, the most active first (report order).
    pub top: Option<usize>,
    /// Only authors with at least this many non-merge commits.
    pub min_commits: Option<u64>,
    /// Only authors whose latest commit is at or after this time (seconds since
    /// the epoch), with the date as given, for the report to say.
    pub active_since: Option<(i64, String)>,
}

impl FocusOn {
    /// Whether nothing is asked: the report is listed whole.
    pub fn is_empty(&self) -> bool {
        self.top.is_none() && self.min_commits.is_none() && self.active_since.is_none()
    }
}

/// List in `report` only the authors `on` asks for, saying so in `report.focus`.
/// Nothing changes when nothing is asked.
pub fn focus(report: &mut Report, on: &FocusOn) {
    if on.is_empty() {
        return;
    }
    if let Some(min) = on.min_commits {
        narrow(report, format!("{min} commits or more"), |a| {
            a.commits >= min
        });
    }
    if let Some((since, label)) = &on.active_since {
        narrow(report, format!("a commit since {label}"), |a| {
            a.last_commit
                .as_deref()
                .and_then(crate::time::parse)
                .is_some_and(|(t, _)| t >= *since)
        });
    }
    if let Some(top) = on.top {
        // Authors are in report order: the most active first.
        let mut kept = 0;
        narrow(report, format!("the {top} most active"), |_| {
            kept += 1;
            kept <= top
        });
    }
    crate::roster::refresh_views(report);
}

/// Keep in `report` the authors `keep` wants, and say in `report.focus` what
/// chose them (`chosen_by`), out of every author of the history. The views are
/// the caller's to work out again once every filter is applied.
pub(crate) fn narrow(report: &mut Report, chosen_by: String, keep: impl FnMut(&Author) -> bool) {
    let focus = report.focus.get_or_insert_with(|| Focus {
        authors_in_history: report.authors.len() as u64,
        chosen_by: Vec::new(),
    });
    focus.chosen_by.push(chosen_by);
    report.authors.retain(keep);
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn author(email: &str, commits: u64, last: &str) -> rungs_report::Author {
        rungs_report::Author {
            name: email.to_owned(),
            names: BTreeMap::from([(email.to_owned(), commits)]),
            email: email.to_owned(),
            commits,
            last_commit: Some(last.to_owned()),
            ..crate::assemble::empty_author()
        }
    }

    #[test]
    fn filters_apply_together_and_are_said() {
        let mut report = crate::assemble::assemble(
            Vec::new(),
            rungs_report::Totals::default(),
            vec![
                author("a@x", 50, "2025-03-01T00:00:00+00:00"),
                author("b@x", 30, "2023-01-01T00:00:00+00:00"),
                author("c@x", 20, "2025-02-01T00:00:00+00:00"),
                author("d@x", 5, "2025-02-01T00:00:00+00:00"),
                author("e@x", 12, "2025-01-15T00:00:00+00:00"),
            ],
            None,
        );
        let untouched = report.clone();
        focus(&mut report, &FocusOn::default());
        assert_eq!(report, untouched, "nothing asked, nothing changes");
        let since = crate::time::parse("2025-01-01T00:00:00+00:00")
            .expect("time")
            .0;
        focus(
            &mut report,
            &FocusOn {
                top: Some(2),
                min_commits: Some(10),
                active_since: Some((since, "2025-01-01".to_owned())),
            },
        );
        let emails: Vec<&str> = report.authors.iter().map(|a| a.email.as_str()).collect();
        assert_eq!(emails, ["a@x", "c@x"]);
        let f = report.focus.as_ref().expect("focus");
        assert_eq!(f.authors_in_history, 5);
        assert_eq!(
            f.chosen_by,
            [
                "10 commits or more",
                "a commit since 2025-01-01",
                "the 2 most active"
            ]
        );
        // Focusing again narrows what is listed, out of the same history.
        focus(
            &mut report,
            &FocusOn {
                top: Some(1),
                ..FocusOn::default()
            },
        );
        let f = report.focus.as_ref().expect("focus");
        assert_eq!((report.authors.len(), f.authors_in_history), (1, 5));
    }
}
