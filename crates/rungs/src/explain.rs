//! `rungs explain`: the evidence behind one person's profile, commit by commit.

use std::io::Write as _;

use anyhow::bail;
use rungs_render::explain::{MetricRules, Shown};
use rungs_report::SignalLine;
use rungs_scan::bstr::ByteSlice;

use crate::{
    args::{EvalFormat, ExplainArgs},
    scan,
};

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
        Err(why) => bail!(
            "{}",
            rungs_core::identities::no_author_message(
                &report,
                &args.author,
                why,
                prepared.pseudonyms.is_none()
            )
        ),
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
            let m = &prepared.ladder.metrics;
            let rules = MetricRules {
                small_batches_max_median_lines: m.small_batches_max_median_lines,
                small_batches_depth: m.small_batches_depth,
                steady_cadence_min_share: m.steady_cadence_min_share,
                steady_cadence_depth: m.steady_cadence_depth,
                integration_min_merges: m.integration_min_merges,
                integration_depth: m.integration_depth,
                collaboration_min_share: m.collaboration_min_share,
                collaboration_depth: m.collaboration_depth,
                window_weeks: prepared.ladder.evidence.window_weeks,
            };
            rungs_render::explain(&report, person, args.skill.as_deref(), &shown, &rules)
        }
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(())
}
