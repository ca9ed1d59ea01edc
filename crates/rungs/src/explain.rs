//! `rungs explain`: the evidence behind one person's profile, commit by commit.

use std::{collections::BTreeSet, fmt::Write as _, io::Write as _};

use anyhow::bail;
use rungs_report::{Author, Report, SignalLine};
use rungs_scan::bstr::ByteSlice;

use crate::{
    args::{EvalFormat, ExplainArgs},
    scan,
};

/// One piece of evidence, and whether the person co-authored the commit rather than wrote it.
struct Shown {
    line: SignalLine,
    coauthored: bool,
}

pub(crate) fn run(args: &ExplainArgs) -> anyhow::Result<()> {
    let prepared = scan::prepare(&args.input, true)?;
    let Some(classifier) = &prepared.run.classifier else {
        bail!("explain needs the rules");
    };
    if let Some(skill) = &args.skill
        && !classifier.rules().rules().iter().any(|r| &r.skill == skill)
    {
        bail!(
            "no rule gives evidence of the skill {skill:?} (skills: {})",
            rungs_rules::skills().join(", ")
        );
    }
    let wanted = args.author.trim().to_lowercase();
    // Who the person is (their key) is known only once the scan is done, so the
    // evidence of every commit is kept, with the keys of its author and co-authors.
    let mut candidates: Vec<(Vec<String>, Vec<SignalLine>)> = Vec::new();
    let scanned = prepared.scan(
        |repo, record, is_bulk| {
            if record.duplicate_of.is_some() || record.hits.is_empty() {
                return Ok(());
            }
            let lines: Vec<SignalLine> = rungs_core::signal_lines(
                repo,
                record,
                classifier.rules(),
                &prepared.run.bulk,
                is_bulk,
            )
            .into_iter()
            .filter(|line| args.skill.as_ref().is_none_or(|s| *s == line.skill))
            .collect();
            if !lines.is_empty() {
                let keys = std::iter::once(&record.author)
                    .chain(&record.coauthors)
                    .map(|who| who.key().to_str_lossy().into_owned())
                    .collect();
                candidates.push((keys, lines));
            }
            Ok(())
        },
        true,
    )?;
    let mut report = prepared.report_with_names(&scanned);
    let person = match rungs_core::identities::find_author(&report, &wanted) {
        Ok(person) => person,
        Err(rungs_core::identities::NoAuthor::Several(found)) => {
            let shown = found.len().min(10);
            bail!(
                "{:?} matches {} identities: {}{}; give one of their emails, or join the \
                 identities of one person with an aliases file (`rungs aliases suggest REPORT`)",
                args.author,
                found.len(),
                found[..shown].join("; "),
                if found.len() > shown { "; ..." } else { "" }
            );
        }
        Err(rungs_core::identities::NoAuthor::Nobody) => {
            if prepared.pseudonyms.is_some() {
                bail!("no author {:?} in the scanned history", args.author);
            }
            let close: Vec<String> = report
                .authors
                .iter()
                .filter(|a| a.name.to_lowercase().contains(&wanted) || a.email.contains(&wanted))
                .take(5)
                .map(|a| format!("{} <{}>", a.name, a.email))
                .collect();
            if close.is_empty() {
                bail!(
                    "no author {:?} in the scanned history (matched against emails, names, \
                     handles and the start of names, ignoring case)",
                    args.author
                );
            }
            bail!(
                "no author {:?} in the scanned history; did you mean: {}",
                args.author,
                close.join("; ")
            );
        }
    };
    let person_email = person.email.clone();
    let mut shown: Vec<Shown> = Vec::new();
    for (keys, lines) in candidates {
        let Some(position) = keys.iter().position(|k| *k == person_email) else {
            continue;
        };
        shown.extend(lines.into_iter().map(|line| Shown {
            line,
            coauthored: position > 0,
        }));
    }
    // Newest first across repositories (each repository's commits come in git log order).
    shown.sort_by_cached_key(|s| {
        std::cmp::Reverse(rungs_core::time::parse(&s.line.time).map_or(i64::MIN, |(t, _)| t))
    });
    for s in &mut shown {
        prepared.guard(&mut s.line);
    }
    if let Some(p) = &prepared.pseudonyms {
        p.report(&mut report);
    }
    let pseudonym = prepared
        .pseudonyms
        .as_ref()
        .map_or(person_email.clone(), |p| p.email(&person_email));
    let Some(person) = report.authors.iter().find(|a| a.email == pseudonym) else {
        bail!("{} vanished from the report", args.author);
    };
    let text = match args.format {
        EvalFormat::Json => {
            let mut out = String::new();
            for s in &shown {
                out.push_str(&serde_json::to_string(&s.line)?);
                out.push('\n');
            }
            out
        }
        // Names, messages and lines come from the repository: no terminal escapes.
        EvalFormat::Text => {
            let mut text = render(&report, person, args.skill.as_deref(), &shown);
            if args
                .skill
                .as_deref()
                .is_none_or(|s| s == rungs_ladder::METRIC_SKILL)
                && let Some(metrics) = &person.metrics
            {
                let at = text.find("\n\n").map_or(text.len(), |i| i + 1);
                text.insert_str(at, &metric_lines(metrics, person.merges, &prepared.ladder));
            }
            rungs_render::printable(&text).into_owned()
        }
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(())
}

fn render(report: &Report, person: &Author, skill: Option<&str>, shown: &[Shown]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} <{}>: {} commits, {} merges",
        person.name, person.email, person.commits, person.merges
    );
    for (track, placed) in &person.rungs {
        let _ = write!(out, "  {track}: {}", placed.rung);
        if let Some(confidence) = &placed.confidence {
            let _ = write!(out, ", {confidence} confidence");
        }
        if placed.strict_rung != placed.rung {
            let _ = write!(out, " ({} if held as written)", placed.strict_rung);
        }
        if let Some(next) = &placed.next {
            let gaps: Vec<String> = placed
                .gaps
                .iter()
                .map(|g| format!("{} {}→{}", g.skill, g.credited, g.required))
                .collect();
            let _ = write!(out, " (next: {next}; short of it: {})", gaps.join(", "));
        }
        out.push('\n');
        for waiver in &placed.waived {
            let _ = writeln!(
                out,
                "    waived for {}: {} {} held at {}: {}",
                waiver.rung, waiver.skill, waiver.required, waiver.held, waiver.reason
            );
        }
    }
    for (id, s) in &person.skills {
        if skill.is_some_and(|k| k != id) {
            continue;
        }
        // The team view also counts the metric signals (agile-iteration).
        let depth = report
            .team
            .as_ref()
            .and_then(|t| t.matrix.get(&person.email)?.get(id).copied())
            .unwrap_or(s.depth);
        let _ = writeln!(
            out,
            "  {id}: depth {depth} credited, {} evidence commits ({} bulk), confidence {}",
            s.evidence_commits, s.bulk_commits, s.confidence
        );
    }
    let commits: BTreeSet<&str> = shown.iter().map(|s| s.line.commit.as_str()).collect();
    let _ = writeln!(
        out,
        "\n{} pieces of evidence in {} commits, newest first:",
        shown.len(),
        commits.len()
    );
    let mut last_commit = "";
    for s in shown {
        let l = &s.line;
        if l.commit != last_commit {
            last_commit = &l.commit;
            let _ = writeln!(
                out,
                "\n{}  {}  {}{}{}",
                &l.commit[..l.commit.len().min(12)],
                &l.time[..l.time.len().min(10)],
                l.repo,
                if s.coauthored { "  (co-authored)" } else { "" },
                if l.bulk {
                    "  (bulk: a tenth of the weight)"
                } else {
                    ""
                },
            );
        }
        let place = match (&l.path, l.line) {
            (Some(path), Some(line)) => format!("{path}:{line}"),
            (Some(path), None) => path.clone(),
            (None, _) => l.target.clone(),
        };
        let _ = writeln!(
            out,
            "  {} · {} · depth {} · rule {} · {place}",
            l.skill, l.signal, l.depth, l.rule
        );
        if let Some(text) = &l.text {
            let marker = match l.target.as_str() {
                "added" => "+ ",
                "removed" => "- ",
                _ => "> ",
            };
            let _ = writeln!(out, "      {marker}{text}");
        }
    }
    out
}

/// Why the metric signals credit agile-iteration the depth they do: each signal
/// with its measure, the ladder's threshold, and the depth it credits when met.
fn metric_lines(
    m: &rungs_report::AuthorMetrics,
    merges: u64,
    ladder: &rungs_ladder::Ladder,
) -> String {
    let t = &ladder.metrics;
    let met = |yes: bool| if yes { "met" } else { "not met" };
    let percent = |share: f64| format!("{:.0}%", share * 100.0);
    let median = m.median_changed_lines.map_or_else(
        || "no diffed commit".to_owned(),
        |n| format!("median {n} changed lines per commit"),
    );
    let mut out = format!(
        "  {}: depth {} from the metric signals (commit metadata, no rule):\n",
        rungs_ladder::METRIC_SKILL,
        m.depth
    );
    let _ = writeln!(
        out,
        "    small batches: {median}, at most {} for depth {}: {}",
        t.small_batches_max_median_lines,
        t.small_batches_depth,
        met(m.small_batches)
    );
    let _ = writeln!(
        out,
        "    steady cadence: a commit in {} of the last {} weeks, at least {} for depth {}: {}",
        percent(m.active_week_share),
        ladder.evidence.window_weeks,
        percent(t.steady_cadence_min_share),
        t.steady_cadence_depth,
        met(m.steady_cadence)
    );
    let _ = writeln!(
        out,
        "    integration: {merges} merge commits, at least {} for depth {}: {}",
        t.integration_min_merges,
        t.integration_depth,
        met(m.integration)
    );
    let _ = writeln!(
        out,
        "    collaboration: {} of commits ({}) record co-authors or reviewers, at least {} for depth {}: {}",
        percent(m.collaborative_share),
        m.collaborative_commits,
        percent(t.collaboration_min_share),
        t.collaboration_depth,
        met(m.collaboration)
    );
    out
}
