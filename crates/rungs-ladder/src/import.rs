//! Ladders from the progression frameworks teams already keep as data: a
//! skeleton `ladder.toml` with tracks and rungs from a framework's levels, and
//! per rung its criteria as comments beside the skills rungs maps them to, for a
//! person to confirm.
//!
//! Two formats are read:
//! - `ft`: a YAML list of competencies, each with `summary`, `level` (such as
//!   `junior-to-mid`: what it takes to reach `mid`), `area` and `examples`;
//! - `monzo`: Markdown whose YAML front matter has a `title` and `topics`, each
//!   with a `name` and `content` of `level` numbers and `criteria` (plain
//!   strings, or `exampleCriteria` entries with their own `criteria`).
//!
//! A criterion maps to a skill when it names what the skill's evidence is made
//! of (tests, CI and releases; incidents and errors; security and access; data
//! integrity; decisions; reviews; backlogs), and the word that decided is kept as
//! the reason. A rung requires each skill its criteria, or those of a rung below,
//! name, at a depth that grows from 1 on the first rung to 4 on the last.

use std::fmt::Write;

use yaml_rust2::{Yaml, YamlLoader};

/// The framework formats [`import`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameworkFormat {
    /// Financial Times' engineering-progression `competencies.yml`.
    Ft,
    /// monzo's progression-framework Markdown with YAML front matter.
    Monzo,
}

/// What cannot be imported, and why.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {message}")]
pub struct ImportError {
    /// The framework file.
    pub file: String,
    /// What is wrong.
    pub message: String,
}

/// One criterion of a framework level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Criterion {
    /// The area or topic it belongs to.
    pub area: String,
    /// Its text.
    pub text: String,
    /// The skills it maps to, each with the words that decided.
    pub skills: Vec<(String, String)>,
}

/// One level of a framework: a rung.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Level {
    /// The rung id.
    pub id: String,
    /// The rung name.
    pub name: String,
    /// Its criteria, in file order.
    pub criteria: Vec<Criterion>,
}

/// A framework read and mapped: the ladder text, and its levels for a summary.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The ladder file, ready for `rungs ladder check` and `--ladder`.
    pub toml: String,
    /// The levels, lowest first, with each criterion's mapping.
    pub levels: Vec<Level>,
}

impl Imported {
    /// Criteria mapped to at least one skill, and those left unmapped.
    pub fn counts(&self) -> (usize, usize) {
        let all = self.levels.iter().flat_map(|l| &l.criteria);
        let mapped = all.clone().filter(|c| !c.skills.is_empty()).count();
        (mapped, all.count() - mapped)
    }
}

/// Words that tie a criterion to a skill: per skill, the stems a criterion's
/// words are matched against (a stem matches a word that starts with it).
const VOCABULARY: [(&str, &[&str]); 7] = [
    (
        "access-violation",
        &[
            "security",
            "secure",
            "vulnerab",
            "permission",
            "access control",
            "authori",
            "authenticat",
            "credential",
            "secret",
            "privilege",
            "privacy",
        ],
    ),
    (
        "acid",
        &[
            "data integrity",
            "database",
            "schema",
            "migration",
            "transaction",
            "consisten",
            "race condition",
            "locking",
            "idempoten",
            "partial failure",
            "durab",
            "user data",
        ],
    ),
    (
        "error-codes",
        &[
            "incident",
            "production issue",
            "error",
            "exception",
            "failure",
            "bug",
            "debug",
            "crash",
            "resilien",
            "outage",
        ],
    ),
    (
        "engineering-goals",
        &[
            "test",
            "release",
            "deploy",
            "deliver",
            "ship",
            "performance",
            "monitoring",
            "dashboard",
            "observab",
            "alert",
            "reliab",
            "slo",
        ],
    ),
    (
        "backlog-sprint",
        &[
            "backlog",
            "ticket",
            "sprint",
            "user stor",
            "priorit",
            "roadmap",
            "milestone",
            "status of work",
            "status update",
            "estimat",
        ],
    ),
    (
        "decision-making",
        &[
            "decision",
            "decide",
            "trade-off",
            "tradeoff",
            "proposal",
            "design doc",
            "rfc",
            "technical vision",
            "risk",
            "experiment",
            "evaluat",
        ],
    ),
    (
        "agile-iteration",
        &[
            "review",
            "feedback",
            "iterat",
            "small step",
            "pair",
            "pull request",
            "continuous delivery",
            "continuous integration",
            "pipeline",
            "collaborat",
            "retro",
        ],
    ),
];

/// The skills `text` names, each with the stem that decided, in skill order.
fn map_criterion(text: &str) -> Vec<(String, String)> {
    let lower = format!(
        " {} ",
        text.to_lowercase()
            .chars()
            .map(|c| if c.is_alphanumeric() || c == '-' {
                c
            } else {
                ' '
            })
            .collect::<String>()
    );
    let mut skills = Vec::new();
    for (skill, stems) in VOCABULARY {
        // A stem starts a word: "bug" in "bugs" and "debug"'s own stem, not "debugger" for "bug".
        if let Some(stem) = stems.iter().find(|s| lower.contains(&format!(" {s}"))) {
            skills.push((skill.to_owned(), (*stem).to_owned()));
        }
    }
    skills
}

fn criterion(area: &str, text: &str) -> Criterion {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    Criterion {
        area: area.to_owned(),
        skills: map_criterion(&text),
        text,
    }
}

/// `senior1` → `Senior1`, `mid` → `Mid`.
fn title(id: &str) -> String {
    id.split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or_else(String::new, |c| {
                c.to_uppercase().collect::<String>() + chars.as_str()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A rung id for the level written `level`: its slug, or `level-N` when it has
/// none (a name in another script), made unique among `levels` with `-2`, `-3`.
fn unique_id(levels: &[Level], level: &str) -> String {
    let base = slug(level);
    let base = if base.is_empty() {
        format!("level-{}", levels.len() + 1)
    } else {
        base
    };
    let mut id = base.clone();
    let mut n = 2;
    while levels.iter().any(|l| l.id == id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// A TOML id from any text: lower-case letters, digits and single dashes.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

fn yaml(file: &str, text: &str) -> Result<Yaml, ImportError> {
    // Aliases are refused before loading: expanded, a few lines of them can
    // make gigabytes (and no framework needs them).
    let mut parser = yaml_rust2::parser::Parser::new_from_str(text);
    while let Ok((event, marker)) = parser.next_token() {
        match event {
            yaml_rust2::parser::Event::StreamEnd => break,
            yaml_rust2::parser::Event::Alias(_) => {
                return Err(ImportError {
                    file: file.to_owned(),
                    message: format!(
                        "line {}: a YAML alias (`*name`); write the value out instead",
                        marker.line()
                    ),
                });
            }
            _ => {}
        }
    }
    let mut docs = YamlLoader::load_from_str(text).map_err(|e| ImportError {
        file: file.to_owned(),
        message: format!("not YAML: {e}"),
    })?;
    if docs.is_empty() {
        return Err(ImportError {
            file: file.to_owned(),
            message: "empty".to_owned(),
        });
    }
    Ok(docs.remove(0))
}

/// The levels of an `ft` competencies list, in the order they first appear.
fn ft_levels(file: &str, text: &str) -> Result<Vec<Level>, ImportError> {
    let doc = yaml(file, text)?;
    let items = doc.as_vec().ok_or_else(|| ImportError {
        file: file.to_owned(),
        message: "expected a list of competencies (`- summary: ... level: ...`)".to_owned(),
    })?;
    let mut levels: Vec<Level> = Vec::new();
    // The levels as written, in the order of `levels`.
    let mut seen: Vec<String> = Vec::new();
    for (n, item) in items.iter().enumerate() {
        let field = |name: &str| item[name].as_str().map(str::trim).filter(|s| !s.is_empty());
        // A level may be written as a number too.
        let level = field("level")
            .map(str::to_owned)
            .or_else(|| item["level"].as_i64().map(|n| format!("level-{n}")));
        let (Some(summary), Some(level)) = (field("summary"), level) else {
            return Err(ImportError {
                file: file.to_owned(),
                message: format!(
                    "competency {}: needs a `summary` and a `level` (text or a number)",
                    n + 1
                ),
            });
        };
        // `junior-to-mid` is what it takes to reach `mid`.
        let reached = level
            .rsplit_once("-to-")
            .map_or(level.as_str(), |(_, to)| to)
            .to_owned();
        let index = match seen.iter().position(|l| *l == reached) {
            Some(i) => i,
            None => {
                seen.push(reached.clone());
                levels.push(Level {
                    id: unique_id(&levels, &reached),
                    name: title(&reached),
                    criteria: Vec::new(),
                });
                levels.len() - 1
            }
        };
        let mut text = summary.to_owned();
        for example in item["examples"].as_vec().into_iter().flatten() {
            if let Some(example) = example.as_str() {
                let _ = write!(text, "; e.g. {example}");
            }
        }
        let area = field("area").unwrap_or("general");
        levels[index].criteria.push(criterion(area, &text));
    }
    Ok(levels)
}

/// The title and levels of a `monzo` framework page (levels by number).
fn monzo_levels(file: &str, text: &str) -> Result<(Option<String>, Vec<Level>), ImportError> {
    let error = |message: &str| ImportError {
        file: file.to_owned(),
        message: message.to_owned(),
    };
    let body = text.trim_start_matches('\u{feff}');
    let front = body
        .strip_prefix("---")
        .and_then(|rest| rest.split_once("\n---"))
        .map(|(front, _)| front)
        .ok_or_else(|| error("no YAML front matter between `---` lines"))?;
    let doc = yaml(file, front)?;
    let topics = doc["topics"]
        .as_vec()
        .ok_or_else(|| error("the front matter has no `topics` list"))?;
    let mut by_level: std::collections::BTreeMap<i64, Vec<Criterion>> = Default::default();
    for topic in topics {
        let area = topic["name"].as_str().unwrap_or("general");
        for content in topic["content"].as_vec().into_iter().flatten() {
            let level = content["level"]
                .as_i64()
                .ok_or_else(|| error("a topic's content entry has no numeric `level`"))?;
            let entry = by_level.entry(level).or_default();
            for text in content["criteria"].as_vec().into_iter().flatten() {
                if let Some(text) = text.as_str() {
                    entry.push(criterion(area, text));
                }
            }
            for example in content["exampleCriteria"].as_vec().into_iter().flatten() {
                if let Some(text) = example["criteria"].as_str() {
                    entry.push(criterion(area, text));
                }
            }
        }
    }
    let levels = by_level
        .into_iter()
        .map(|(n, criteria)| Level {
            id: format!("level-{n}"),
            name: format!("Level {n}"),
            criteria,
        })
        .collect();
    let title = doc["title"].as_str().map(|t| {
        t.chars()
            .filter(|c| c.is_alphanumeric() || c.is_whitespace() || "-&()/".contains(*c))
            .collect::<String>()
            .trim()
            .to_owned()
    });
    Ok((title.filter(|t| !t.is_empty()), levels))
}

/// The depth rung `index` of `count` asks: 1 on the first rung, 4 (design) only
/// on the last, and in between a share of the way from 1 to 4, rounded down.
fn depth_at(index: usize, count: usize) -> u8 {
    if count <= 1 {
        return 1;
    }
    if index + 1 >= count {
        return 4;
    }
    1 + (index * 3 / (count - 1)) as u8
}

/// Read the framework `text` (the file `file`) in `format` and write a ladder
/// with one track of its levels; `track` names the track's id (default: from
/// the file's title or name).
pub fn import(
    file: &str,
    text: &str,
    format: FrameworkFormat,
    track: Option<&str>,
) -> Result<Imported, ImportError> {
    let stem = std::path::Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (title, levels) = match format {
        FrameworkFormat::Ft => (None, ft_levels(file, text)?),
        FrameworkFormat::Monzo => monzo_levels(file, text)?,
    };
    if levels.is_empty() {
        return Err(ImportError {
            file: file.to_owned(),
            message: "no levels: nothing to make rungs of".to_owned(),
        });
    }
    let name = title.unwrap_or_else(|| title_of_stem(&stem));
    let id = track.map_or_else(|| slug(&name), slug);
    let id = if id.is_empty() {
        "imported".to_owned()
    } else {
        id
    };
    let toml = ladder_text(file, &id, &name, &levels);
    Ok(Imported { toml, levels })
}

fn title_of_stem(stem: &str) -> String {
    let name = title(stem);
    if name.is_empty() {
        "Imported".to_owned()
    } else {
        name
    }
}

/// `text` fit for a comment line: no control characters (a line break would
/// end the comment).
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// A TOML basic string.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The ladder: the built-in ladder's thresholds and development tasks, and one
/// track of `levels` with the criteria as comments.
fn ladder_text(file: &str, id: &str, name: &str, levels: &[Level]) -> String {
    let default = crate::default_ladder_text();
    let tracks_at = default.find("\n[[track]]").map_or(0, |i| i + 1);
    let plans_at = default.find("\n[[plan]]").map_or(default.len(), |i| i + 1);
    let plans_comment_at = default[..plans_at]
        .rfind("\n\n")
        .map_or(plans_at, |i| i + 2);
    let order: Vec<&str> = VOCABULARY.iter().map(|(s, _)| *s).collect();
    let mut skills: Vec<&str> = Vec::new();
    for skill in &order {
        if levels
            .iter()
            .flat_map(|l| &l.criteria)
            .any(|c| c.skills.iter().any(|(s, _)| s == skill))
        {
            skills.push(skill);
        }
    }
    let file = one_line(file);
    let mut out = format!(
        "# A ladder imported from {file} by `rungs ladder import`: a skeleton to review.\n\
         # Each rung lists its criteria as comments with the skills rungs maps them to\n\
         # (and the word that decided); `requires` is built from those mappings, at a\n\
         # depth growing from 1 on the first rung to 4 on the last. Confirm or change\n\
         # each mapping and depth, then check it with `rungs ladder check`.\n\
         # The thresholds and development tasks are those of the built-in ladder.\n\n"
    );
    out.push_str(&default[..tracks_at]);
    let _ = writeln!(
        out,
        "[[track]]\nid = {}\nname = {}\nskills = [{}]\n",
        quoted(id),
        quoted(name),
        skills
            .iter()
            .map(|s| quoted(s))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut required: Vec<(&str, u8)> = Vec::new();
    for (index, level) in levels.iter().enumerate() {
        let depth = depth_at(index, levels.len());
        let _ = writeln!(
            out,
            "[[track.rung]]\nid = {}\nname = {}",
            quoted(&level.id),
            quoted(&level.name)
        );
        for c in &level.criteria {
            let mapping = if c.skills.is_empty() {
                "unmapped".to_owned()
            } else {
                c.skills
                    .iter()
                    .map(|(s, why)| format!("{s} (\"{why}\")"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let _ = writeln!(
                out,
                "# [{}] {}\n#     -> {mapping}",
                one_line(&c.area),
                one_line(&c.text)
            );
        }
        // A skill named here, or on a rung below, is required at this rung's depth
        // if named here, else at the depth of the last rung that named it.
        for c in &level.criteria {
            for (skill, _) in &c.skills {
                match required.iter_mut().find(|(s, _)| s == skill) {
                    Some(entry) => entry.1 = depth,
                    None => required.push((skill.as_str(), depth)),
                }
            }
        }
        required.sort_by_key(|(s, _)| order.iter().position(|o| o == s));
        let requires: Vec<String> = required.iter().map(|(s, d)| format!("{s} = {d}")).collect();
        let _ = writeln!(out, "requires = {{ {} }}\n", requires.join(", "));
    }
    out.push_str(&default[plans_comment_at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn criteria_map_by_the_words_that_start_a_word() {
        let skills =
            |t: &str| -> Vec<String> { map_criterion(t).into_iter().map(|(s, _)| s).collect() };
        assert_eq!(
            skills("Writes automated tests and fixes bugs"),
            ["error-codes", "engineering-goals"]
        );
        assert_eq!(skills("Leads incident resolutions"), ["error-codes"]);
        assert_eq!(skills("Reviews pull requests"), ["agile-iteration"]);
        assert_eq!(skills("Designs new schemas with constraints"), ["acid"]);
        assert_eq!(skills("Owns technical decisions"), ["decision-making"]);
        assert_eq!(
            skills("Identifies and fixes security vulnerabilities"),
            ["access-violation"]
        );
        assert!(skills("Attends conferences").is_empty());
        // A stem only at the start of a word: "protest" is no test.
        assert!(skills("Leads a protest").is_empty());
    }

    #[test]
    fn depths_grow_from_one_to_four() {
        assert_eq!(depth_at(0, 1), 1);
        assert_eq!(
            (0..4).map(|i| depth_at(i, 4)).collect::<Vec<_>>(),
            [1, 2, 3, 4]
        );
        assert_eq!(
            (0..3).map(|i| depth_at(i, 3)).collect::<Vec<_>>(),
            [1, 2, 4]
        );
        assert_eq!(
            (0..6).map(|i| depth_at(i, 6)).collect::<Vec<_>>(),
            [1, 1, 2, 2, 3, 4]
        );
    }

    fn loads(file: &str, text: &str, format: FrameworkFormat) -> Imported {
        let imported = import(file, text, format, None).expect("imports");
        crate::Ladder::from_toml(file, &imported.toml)
            .unwrap_or_else(|e| panic!("{e}\n{}", imported.toml));
        imported
    }

    #[test]
    fn odd_frameworks_still_make_ladders_that_load() {
        // Levels in another script, or reduced to nothing, stay apart.
        let ft = "- summary: Writes tests\n  level: 中级\n  area: \"a\\nb = 1\"\n\
                  - summary: Fixes bugs\n  level: 高级\n  area: x\n\
                  - summary: Reviews code\n  level: '!!!'\n\
                  - summary: Ships releases\n  level: 4\n";
        let imported = loads("odd\nname.yml", ft, FrameworkFormat::Ft);
        let ids: Vec<&str> = imported.levels.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["level-1", "level-2", "level-3", "level-4"]);
        // A monzo topic name with a line break stays in its comment.
        let monzo = "---\ntopics:\n  - name: \"x\\ny = 2\"\n    content:\n      - level: 1\n        criteria: [\"Writes tests\"]\n---\n";
        loads("page.md", monzo, FrameworkFormat::Monzo);
    }

    #[test]
    fn yaml_aliases_are_refused_before_they_expand() {
        let bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n";
        let err = import("bomb.yml", bomb, FrameworkFormat::Ft, None).expect_err("refused");
        assert!(err.message.contains("YAML alias"), "{err}");
    }
}
