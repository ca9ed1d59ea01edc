//! `rungs rules list|test`: show and check rule files.

use std::{
    io::Write,
    path::{Path, PathBuf},
};

use anyhow::Context;
use rungs_rules::{RuleSet, RuleSource};

use crate::args::RulesCommand;

fn load(dir: Option<&Path>) -> anyhow::Result<RuleSet> {
    let sources: Vec<RuleSource> = match dir {
        Some(dir) => rungs_rules::sources_from_dir(dir)?,
        None => rungs_rules::default_sources(),
    };
    Ok(RuleSet::from_sources(&sources)?)
}

/// The built-in pack or the rule files of `rules`, plus those of every `add`
/// directory, with a digest of their names and texts.
pub(crate) fn load_pack(
    rules: Option<&Path>,
    add: &[PathBuf],
) -> anyhow::Result<(RuleSet, [u8; 32])> {
    let mut sources = match rules {
        Some(dir) => rungs_rules::sources_from_dir(dir)?,
        None => rungs_rules::default_sources(),
    };
    for dir in add {
        sources.extend(rungs_rules::sources_from_dir(dir)?);
    }
    let mut digest = blake3::Hasher::new();
    for source in &sources {
        for part in [&source.name, &source.text] {
            digest.update(&(part.len() as u64).to_le_bytes());
            digest.update(part.as_bytes());
        }
    }
    Ok((
        RuleSet::from_sources(&sources)?,
        *digest.finalize().as_bytes(),
    ))
}

pub(crate) fn run(command: &RulesCommand) -> anyhow::Result<()> {
    match command {
        RulesCommand::List { dir } => {
            let rules = load(dir.as_deref())?;
            let mut out = std::io::stdout().lock();
            writeln!(
                out,
                "id\tskill\tsignal\tdepth\ttarget\tlanguages\tdescription"
            )?;
            for rule in rules.rules() {
                let mut languages = if rule.languages.is_empty() {
                    "any".to_owned()
                } else {
                    rule.languages
                        .iter()
                        .map(|l| l.name())
                        .collect::<Vec<_>>()
                        .join(",")
                };
                if !rule.path_globs.is_empty() {
                    languages = format!("{languages} in {}", rule.path_globs.join(","));
                }
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    rule.id,
                    rule.skill,
                    rule.signal,
                    rule.depth,
                    rule.target.name(),
                    languages,
                    rule.description
                )?;
            }
            out.flush().context("cannot write to standard output")
        }
        RulesCommand::Test { dir } => {
            let rules = load(dir.as_deref())?;
            let checked = rules.check_examples()?;
            println!(
                "{} rules, {checked} examples: all pass",
                rules.rules().len()
            );
            Ok(())
        }
    }
}
