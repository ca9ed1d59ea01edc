//! Raw evidence aggregates: what profiles are computed from.
//!
//! Per author, skill and calendar month (UTC): evidence commits, bulk commits,
//! summed weights, commits by the deepest depth they show for the skill, and
//! commits per signal and depth. Every field is a sum or a maximum, so the
//! aggregates of two scans merge into exactly those of one scan over both, in
//! any order; profiles are a pure function of them.

use std::collections::{BTreeMap, BTreeSet};

use crate::ladder::MAX_DEPTH;

/// One rule hit of a commit, reduced to what profiles need.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evidence<'a> {
    /// The skill.
    pub skill: &'a str,
    /// The signal within the skill.
    pub signal: &'a str,
    /// Depth 1 to 4.
    pub depth: u8,
    /// The weight of the hit (the rule's weight, already scaled for bulk commits).
    pub weight: f64,
    /// Where it was found: the rule, the commit, and the file and line of its first place.
    pub place: Place<'a>,
}

/// Where a piece of evidence was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Place<'a> {
    /// The repository, as named in the report.
    pub repo: &'a str,
    /// The rule that matched.
    pub rule: &'a str,
    /// The commit id.
    pub commit: &'a str,
    /// The file, for line and path rules.
    pub path: Option<&'a str>,
    /// The line, for line rules.
    pub line: Option<u32>,
}

/// How many evidence references a profile keeps per author and skill.
pub const TOP_EVIDENCE: usize = 5;

/// A reference to one piece of evidence, kept for the profile's top evidence.
///
/// References order deepest first, then newest, then by commit, repository, path, line
/// and rule, so the top few of any union are the same whatever the merge order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct EvidenceRef {
    /// Depth, negated so that deeper sorts first.
    pub neg_depth: i8,
    /// Author time, negated so that newer sorts first.
    pub neg_time: i64,
    /// The commit id.
    pub commit: String,
    /// The repository, as named in the report.
    pub repo: String,
    /// The file.
    pub path: Option<String>,
    /// The line.
    pub line: Option<u32>,
    /// The rule.
    pub rule: String,
    /// The signal.
    pub signal: String,
}

impl EvidenceRef {
    /// The depth of the evidence.
    pub fn depth(&self) -> u8 {
        self.neg_depth.unsigned_abs()
    }

    /// The author time of the commit.
    pub fn time(&self) -> i64 {
        -self.neg_time
    }
}

fn keep_top(refs: &mut Vec<EvidenceRef>) {
    refs.sort();
    refs.dedup();
    refs.truncate(TOP_EVIDENCE);
}

/// The evidence of one skill in one month.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SkillMonth {
    /// Commits with evidence of the skill.
    pub commits: u64,
    /// Of those, bulk commits.
    pub bulk_commits: u64,
    /// Summed weights of the distinct rules hit, in thousandths (exact in any order).
    pub score_milli: u64,
    /// `deepest[d - 1]`: commits whose deepest evidence of the skill is depth `d`
    /// (bulk commits left out: they count as evidence, but never credit a depth).
    pub deepest: [u64; MAX_DEPTH as usize],
    /// Commits per (signal, depth).
    pub signals: BTreeMap<(String, u8), u64>,
    /// Author time (seconds) of the earliest evidence commit of the month.
    pub first: Option<i64>,
    /// Author time of the latest one.
    pub last: Option<i64>,
}

impl SkillMonth {
    fn merge(&mut self, other: &SkillMonth) {
        self.first = match (self.first, other.first) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.last = match (self.last, other.last) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        self.commits += other.commits;
        self.bulk_commits += other.bulk_commits;
        self.score_milli += other.score_milli;
        for (mine, theirs) in self.deepest.iter_mut().zip(other.deepest) {
            *mine += theirs;
        }
        for (key, n) in &other.signals {
            *self.signals.entry(key.clone()).or_default() += n;
        }
    }
}

/// A calendar month, as `year * 12 + month0`, so that months order and subtract.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Month(pub i64);

impl Month {
    /// The UTC month of a time in seconds since the epoch.
    pub fn of(seconds: i64) -> Month {
        let (year, month, _) = civil_from_days(seconds.div_euclid(86_400));
        Month(year * 12 + (month as i64 - 1))
    }

    /// `YYYY-MM`.
    pub fn label(self) -> String {
        format!(
            "{:04}-{:02}",
            self.0.div_euclid(12),
            self.0.rem_euclid(12) + 1
        )
    }

    /// Seconds since the epoch at the middle of the month (the 15th, 12:00 UTC).
    pub fn middle(self) -> i64 {
        let (year, month0) = (self.0.div_euclid(12), self.0.rem_euclid(12));
        days_from_civil(year, month0 as u32 + 1, 15) * 86_400 + 43_200
    }
}

/// Days since 1970-01-01 to (year, month 1-12, day 1-31), proleptic Gregorian
/// (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Days since 1970-01-01 of a date (year, month 1-12, day 1-31), proleptic
/// Gregorian; the inverse of the calendar arithmetic behind [`Month::of`].
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The evidence of one author.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AuthorAggregate {
    /// Non-merge commits (with or without evidence).
    pub commits: u64,
    /// Merge commits.
    pub merges: u64,
    /// Non-merge commits whose message records collaboration (co-authors, reviewers).
    pub collaborative_commits: u64,
    /// Commits of others this author co-authored (a `Co-authored-by` trailer) that
    /// carry evidence: they count toward being placed, as toward evidence.
    #[serde(default)]
    pub coauthored_commits: u64,
    /// Changed lines (added plus removed) per non-merge commit → how many commits.
    pub batch_sizes: BTreeMap<u64, u64>,
    /// Weeks (days since the epoch / 7) with at least one commit, merges included.
    pub active_weeks: BTreeSet<i64>,
    /// Per skill, the [`TOP_EVIDENCE`] strongest references (see [`EvidenceRef`]).
    pub top_evidence: BTreeMap<String, Vec<EvidenceRef>>,
    /// Changed files per area of the codebase (see [`area_of`]) over non-merge commits.
    #[serde(default)]
    pub areas: BTreeMap<String, u64>,
    /// Per skill, per month.
    pub skills: BTreeMap<String, BTreeMap<Month, SkillMonth>>,
}

/// The area of the codebase a file is in: its directory, at most two levels deep
/// (`src/cargo/core/resolver.rs` is in `src/cargo`, `README.md` in `.`).
pub fn area_of(path: &str) -> &str {
    let Some((directory, _)) = path.rsplit_once('/') else {
        return ".";
    };
    match directory.match_indices('/').nth(1) {
        Some((cut, _)) => &directory[..cut],
        None => directory,
    }
}

/// The week of a time (seconds since the epoch, UTC): weeks run Monday to
/// Sunday, numbered from the one holding 1970-01-01 (week 0, from Monday
/// 1969-12-29), so they are ISO weeks ([`iso_week`] names them).
pub fn week_of(seconds: i64) -> i64 {
    (seconds.div_euclid(86_400) + 3).div_euclid(7)
}

/// The ISO 8601 name of a week of [`week_of`]: `2026-W07`.
pub fn iso_week(week: i64) -> String {
    // The week's Thursday decides its ISO year.
    let thursday = week * 7;
    let (year, _, _) = civil_from_days(thursday);
    let number = (thursday - days_from_civil(year, 1, 1)) / 7 + 1;
    format!("{year:04}-W{number:02}")
}

/// The week of [`week_of`] an ISO 8601 week name (`2026-W07`) names, if it is one.
pub fn week_from_iso(name: &str) -> Option<i64> {
    let (year, number) = name.split_once("-W")?;
    // Years of a history (a far larger one would overflow the day count).
    let year: i64 = year
        .parse()
        .ok()
        .filter(|y: &i64| (-1_000_000..=1_000_000).contains(y))?;
    let number: i64 = number.parse().ok().filter(|n| (1..=53).contains(n))?;
    if name.len() < 8 || !name.ends_with(&format!("-W{number:02}")) {
        return None;
    }
    // Week 1 holds 4 January; its Monday starts it.
    let jan4 = days_from_civil(year, 1, 4);
    let monday = jan4 - (jan4 + 3).rem_euclid(7) + (number - 1) * 7;
    let week = (monday + 3).div_euclid(7);
    // Week 53 only in years that have one.
    (iso_week(week) == name).then_some(week)
}

/// Evidence of every author of a scan, and the newest commit time it saw.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Aggregates {
    /// By author key (the lower-cased resolved email).
    pub authors: BTreeMap<String, AuthorAggregate>,
    /// The newest author time of any scanned commit: recency is measured from it.
    pub newest: Option<i64>,
    /// The oldest author time of any scanned commit: windows never reach before it.
    pub oldest: Option<i64>,
}

impl Aggregates {
    fn seen(&mut self, time: i64) {
        self.newest = Some(self.newest.map_or(time, |n| n.max(time)));
        self.oldest = Some(self.oldest.map_or(time, |o| o.min(time)));
    }

    /// Fold in one merge commit of `author` at `time` (seconds since the epoch).
    pub fn add_merge(&mut self, author: &str, time: i64) {
        self.seen(time);
        let entry = self.authors.entry(author.to_owned()).or_default();
        entry.merges += 1;
        entry.active_weeks.insert(week_of(time));
    }

    /// Credit `author` with the evidence of a commit they co-authored (a
    /// `Co-authored-by` trailer): skills and evidence only, never commits, batch
    /// sizes or active weeks, which stay with the commit's author.
    pub fn add_coauthored(
        &mut self,
        author: &str,
        time: i64,
        bulk: bool,
        evidence: &[Evidence<'_>],
    ) {
        if evidence.is_empty() {
            return;
        }
        self.seen(time);
        self.authors
            .entry(author.to_owned())
            .or_default()
            .coauthored_commits += 1;
        self.add_evidence(author, time, bulk, evidence);
    }

    /// Fold in one non-merge commit of `author` at `time` (seconds since the epoch)
    /// that changed `changed_lines` lines, with its evidence. A rule counts once per
    /// commit: pass one [`Evidence`] per distinct rule hit. `bulk` marks a commit
    /// over the bulk thresholds.
    pub fn add_commit(
        &mut self,
        author: &str,
        time: i64,
        changed_lines: u64,
        bulk: bool,
        evidence: &[Evidence<'_>],
    ) {
        self.add_commit_with(author, time, Some(changed_lines), bulk, false, evidence);
    }

    /// [`add_commit`](Self::add_commit) for a commit whose message records
    /// collaboration (`collaborative`: co-author or reviewer trailers) or not, and
    /// whose size is unknown (`changed_lines` `None`: nothing was diffed, as for
    /// commits in the ignore-revs file), so it stays out of the batch sizes.
    pub fn add_commit_with(
        &mut self,
        author: &str,
        time: i64,
        changed_lines: Option<u64>,
        bulk: bool,
        collaborative: bool,
        evidence: &[Evidence<'_>],
    ) {
        self.seen(time);
        let entry = self.authors.entry(author.to_owned()).or_default();
        entry.commits += 1;
        entry.collaborative_commits += u64::from(collaborative);
        if let Some(lines) = changed_lines {
            *entry.batch_sizes.entry(lines).or_default() += 1;
        }
        entry.active_weeks.insert(week_of(time));
        self.add_evidence(author, time, bulk, evidence);
    }

    /// Count the files one non-merge commit of `author` changed, by area.
    pub fn add_files<P: AsRef<str>>(&mut self, author: &str, paths: impl IntoIterator<Item = P>) {
        let entry = self.authors.entry(author.to_owned()).or_default();
        for path in paths {
            let area = area_of(path.as_ref());
            match entry.areas.get_mut(area) {
                Some(files) => *files += 1,
                None => {
                    entry.areas.insert(area.to_owned(), 1);
                }
            }
        }
    }

    fn add_evidence(&mut self, author: &str, time: i64, bulk: bool, evidence: &[Evidence<'_>]) {
        let entry = self.authors.entry(author.to_owned()).or_default();
        let month = Month::of(time);
        let skills: BTreeSet<&str> = evidence.iter().map(|e| e.skill).collect();
        for skill in skills {
            let mut tally = SkillMonth {
                commits: 1,
                bulk_commits: u64::from(bulk),
                first: Some(time),
                last: Some(time),
                ..SkillMonth::default()
            };
            let mut deepest = 0;
            for e in evidence.iter().filter(|e| e.skill == skill) {
                tally.score_milli += (e.weight * 1000.0).round().max(0.0) as u64;
                deepest = deepest.max(e.depth.clamp(1, MAX_DEPTH));
                tally.signals.insert((e.signal.to_owned(), e.depth), 1);
            }
            if !bulk {
                tally.deepest[usize::from(deepest) - 1] = 1;
            }
            let top = entry.top_evidence.entry(skill.to_owned()).or_default();
            // The weakest reference kept so far: a candidate strictly weaker on depth
            // and time can never enter, so it is not built (no strings allocated).
            let floor = (top.len() >= TOP_EVIDENCE)
                .then(|| top.last().map(|r| (r.neg_depth, r.neg_time)))
                .flatten();
            top.extend(
                evidence
                    .iter()
                    .filter(|e| e.skill == skill)
                    .filter(|e| {
                        floor.is_none_or(|f| (-(e.depth.clamp(1, MAX_DEPTH) as i8), -time) <= f)
                    })
                    .map(|e| EvidenceRef {
                        neg_depth: -(e.depth.clamp(1, MAX_DEPTH) as i8),
                        neg_time: -time,
                        commit: e.place.commit.to_owned(),
                        repo: e.place.repo.to_owned(),
                        path: e.place.path.map(str::to_owned),
                        line: e.place.line,
                        rule: e.place.rule.to_owned(),
                        signal: e.signal.to_owned(),
                    }),
            );
            keep_top(top);
            entry
                .skills
                .entry(skill.to_owned())
                .or_default()
                .entry(month)
                .or_default()
                .merge(&tally);
        }
    }

    /// Merge the aggregates of another scan into these.
    pub fn merge(&mut self, other: &Aggregates) {
        self.newest = match (self.newest, other.newest) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        self.oldest = match (self.oldest, other.oldest) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        for (author, theirs) in &other.authors {
            let mine = self.authors.entry(author.clone()).or_default();
            mine.commits += theirs.commits;
            mine.merges += theirs.merges;
            mine.collaborative_commits += theirs.collaborative_commits;
            mine.coauthored_commits += theirs.coauthored_commits;
            for (lines, n) in &theirs.batch_sizes {
                *mine.batch_sizes.entry(*lines).or_default() += n;
            }
            mine.active_weeks
                .extend(theirs.active_weeks.iter().copied());
            for (area, n) in &theirs.areas {
                *mine.areas.entry(area.clone()).or_default() += n;
            }
            for (skill, refs) in &theirs.top_evidence {
                let top = mine.top_evidence.entry(skill.clone()).or_default();
                top.extend(refs.iter().cloned());
                keep_top(top);
            }
            for (skill, months) in &theirs.skills {
                let my_months = mine.skills.entry(skill.clone()).or_default();
                for (month, tally) in months {
                    my_months.entry(*month).or_default().merge(tally);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_round_trip_through_the_calendar() {
        // 2024-02-29T23:59:59Z, 1970-01-01, 1969-12-31.
        assert_eq!(Month::of(1_709_251_199).label(), "2024-02");
        assert_eq!(Month::of(0).label(), "1970-01");
        assert_eq!(Month::of(-1).label(), "1969-12");
        for days in [-800_000, -1, 0, 59, 10_000, 20_000, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        let feb = Month::of(1_709_251_199);
        assert_eq!(Month::of(feb.middle()), feb);
    }

    #[test]
    fn deepest_depth_counts_a_commit_once_per_skill() {
        let mut agg = Aggregates::default();
        let ev = |skill, signal, depth| Evidence {
            skill,
            signal,
            depth,
            weight: 1.0,
            place: Place::default(),
        };
        agg.add_commit(
            "a@x",
            1_700_000_000,
            10,
            false,
            &[
                ev("acid", "transaction", 1),
                ev("acid", "isolation-locking", 3),
            ],
        );
        agg.add_commit("a@x", 1_700_000_100, 20, true, &[]);
        let a = &agg.authors["a@x"];
        assert_eq!(a.commits, 2);
        let month = &a.skills["acid"][&Month::of(1_700_000_000)];
        assert_eq!(month.commits, 1);
        assert_eq!(month.deepest, [0, 0, 1, 0]);
        assert_eq!(month.score_milli, 2000);
        assert_eq!(month.signals.len(), 2);
        assert_eq!(agg.newest, Some(1_700_000_100));
    }
}

#[cfg(test)]
mod week_tests {
    use super::{days_from_civil, iso_week, week_from_iso, week_of};

    fn week(year: i64, month: u32, day: u32) -> String {
        iso_week(week_of(days_from_civil(year, month, day) * 86_400 + 43_200))
    }

    #[test]
    fn weeks_are_iso_weeks() {
        assert_eq!(week(1970, 1, 1), "1970-W01");
        assert_eq!(week(2021, 1, 3), "2020-W53");
        assert_eq!(week(2021, 1, 4), "2021-W01");
        assert_eq!(week(2024, 12, 29), "2024-W52");
        assert_eq!(week(2024, 12, 30), "2025-W01");
        assert_eq!(week(2026, 2, 9), "2026-W07");
        assert_eq!(week(2026, 2, 15), "2026-W07");
        assert_eq!(week(2026, 2, 16), "2026-W08");
        for w in -3000..3000 {
            assert_eq!(week_from_iso(&iso_week(w)), Some(w), "{}", iso_week(w));
        }
        for bad in [
            "2021-W54", "2021-W53", "2021-W00", "2021W01", "2021-W1", "x-W01", "",
        ] {
            assert_eq!(week_from_iso(bad), None, "{bad}");
        }
    }
}
