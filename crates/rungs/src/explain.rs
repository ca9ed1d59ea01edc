//! `rungs explain`: the evidence behind one person's profile, commit by commit.

use std::{collections::BTreeSet, fmt::Write as _, io::Write as _};

use anyhow::bail;
use rungs_report::{Author, Report, SignalLine};
use rungs_scan::bstr::ByteSlice;

use crate::{
    args::{EvalFormat, ExplainArgs},
    report, scan,
};

/// One piece of evidence, and whether the person co-authored the commit rather than wrote it.
struct Shown {
    line: SignalLine,
    coauthored: bool,
    /// The key (resolved email) of the person matched in the commit.
    key: String,
}

pub(crate) fn run(args: &ExplainArgs) -> anyhow::Result<()> {
    let prepared = scan::prepare(&args.input, true)?;
    let Some(classifier) = &prepared.classifier else {
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
    // Evidence of anyone who might be the person; narrowed once the report says who they are.
    let mut shown: Vec<Shown> = Vec::new();
    let scanned = prepared.scan(
        |repo, record, is_bulk| {
            if record.duplicate_of.is_some() || record.hits.is_empty() {
                return Ok(());
            }
            let matches = |name: &[u8], email: &[u8]| {
                name.to_str_lossy().to_lowercase() == wanted
                    || email.to_str_lossy().to_lowercase() == wanted
            };
            let by_author = matches(&record.author.name, &record.author.email)
                || record.raw_email.to_str_lossy().to_lowercase() == wanted;
            let key = if by_author {
                record.author.key()
            } else if let Some(c) = record.coauthors.iter().find(|c| matches(&c.name, &c.email)) {
                c.key()
            } else {
                return Ok(());
            };
            let key = key.to_str_lossy().into_owned();
            for line in
                report::signal_lines(repo, record, classifier.rules(), &prepared.bulk, is_bulk)
            {
                if args.skill.as_ref().is_none_or(|s| *s == line.skill) {
                    shown.push(Shown {
                        line,
                        coauthored: !by_author,
                        key: key.clone(),
                    });
                }
            }
            Ok(())
        },
        false,
    )?;
    let mut report = prepared.report_with_names(&scanned);
    let Some(person) = find(&report, &wanted) else {
        let close: Vec<String> = report
            .authors
            .iter()
            .filter(|a| a.name.to_lowercase().contains(&wanted) || a.email.contains(&wanted))
            .take(5)
            .map(|a| format!("{} <{}>", a.name, a.email))
            .collect();
        if close.is_empty() {
            bail!(
                "no author {:?} in the scanned history (names and emails are matched whole, ignoring case)",
                args.author
            );
        }
        bail!(
            "no author {:?} in the scanned history; did you mean: {}",
            args.author,
            close.join("; ")
        );
    };
    // Someone else under the same name is not the person.
    let person_email = person.email.clone();
    shown.retain(|s| s.key == person_email);
    if let Some(p) = &prepared.pseudonyms {
        p.report(&mut report);
        for s in &mut shown {
            p.signal(&mut s.line);
        }
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
        EvalFormat::Text => render(&report, person, args.skill.as_deref(), &shown),
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(())
}

/// The author a name or email designates, ignoring case: the resolved email, any
/// email seen, or the name.
fn find<'a>(report: &'a Report, wanted: &str) -> Option<&'a Author> {
    report
        .authors
        .iter()
        .find(|a| a.email == wanted || a.emails.iter().any(|e| e == wanted))
        .or_else(|| {
            report
                .authors
                .iter()
                .find(|a| a.name.to_lowercase() == wanted)
        })
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
        if let Some(next) = &placed.next {
            let gaps: Vec<String> = placed
                .gaps
                .iter()
                .map(|g| format!("{} {}→{}", g.skill, g.credited, g.required))
                .collect();
            let _ = write!(out, " (next: {next}; short of it: {})", gaps.join(", "));
        }
        out.push('\n');
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
