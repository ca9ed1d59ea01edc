//! The `--records` and `--signals` lines: one commit, or one piece of evidence,
//! per line.

use rungs_report::{CommitLine, FileLine, SignalLine};
use rungs_rules::RuleSet;
use rungs_scan::{BulkPolicy, CommitRecord, bstr::ByteSlice, rfc3339_utc};

use crate::text;

/// One `--records` line.
pub fn commit_line(repo: &str, record: &CommitRecord, bulk: bool) -> CommitLine {
    CommitLine {
        repo: repo.to_owned(),
        commit: record.id.to_string(),
        author: text(record.author.name.as_bstr()),
        email: text(record.author.email.as_bstr()),
        time: rfc3339_utc(record.time.seconds),
        parents: record.parents,
        duplicate_of: record.duplicate_of.map(|id| id.to_string()),
        bulk,
        files: record
            .files
            .iter()
            .map(|f| {
                let (added, removed, skipped) = match f.lines {
                    Ok(c) => (Some(c.added), Some(c.removed), None),
                    Err(reason) => (None, None, Some(reason.as_str().to_owned())),
                };
                FileLine {
                    path: text(f.path.as_bstr()),
                    path_bytes: f
                        .path
                        .to_str()
                        .is_err()
                        .then(|| f.path.iter().map(|b| format!("{b:02x}")).collect()),
                    old_path: f.old_path.as_ref().map(|p| text(p.as_bstr())),
                    status: f.status.as_str().to_owned(),
                    added,
                    removed,
                    skipped,
                }
            })
            .collect(),
    }
}

/// The `--signals` lines of one commit, in the order of its hits (rule, path, line).
pub fn signal_lines(
    repo: &str,
    record: &CommitRecord,
    rules: &RuleSet,
    bulk: &BulkPolicy,
    is_bulk: bool,
) -> Vec<SignalLine> {
    record
        .hits
        .iter()
        .filter_map(|hit| {
            let rule = rules.rules().get(hit.rule as usize)?;
            Some(SignalLine {
                repo: repo.to_owned(),
                commit: record.id.to_string(),
                author: text(record.author.name.as_bstr()),
                email: text(record.author.email.as_bstr()),
                time: rfc3339_utc(record.time.seconds),
                skill: rule.skill.clone(),
                signal: rule.signal.clone(),
                depth: hit.depth,
                rule: rule.id.clone(),
                target: rule.target.name().to_owned(),
                path: hit.path.as_ref().map(|p| text(p.as_bstr())),
                line: hit.line,
                text: hit.text.clone(),
                weight: bulk.scale(rule.weight, is_bulk),
                bulk: is_bulk,
            })
        })
        .collect()
}
