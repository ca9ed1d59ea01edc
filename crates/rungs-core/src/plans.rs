//! Development plans: per gap, what to work on, with mentors and example commits
//! from teammates, preferring the parts of the codebase a person works in.

use std::collections::{BTreeMap, BTreeSet};

use rungs_report::{Author, EvidenceRef, Mentor, PlanExample, PlanItem};

/// The depth credited to `author` for `skill`, from the rules or the metric signals.
pub(crate) fn depth_of(author: &Author, skill: &str) -> u8 {
    let from_rules = author.skills.get(skill).map_or(0, |s| s.depth);
    let from_metrics = author
        .metrics
        .as_ref()
        .filter(|_| skill == rungs_ladder::METRIC_SKILL)
        .map_or(0, |m| m.depth);
    from_rules.max(from_metrics)
}

/// How many teammates a plan step names, and how many of their files.
const MENTORS: usize = 3;

/// How many example commits a plan step names.
const EXAMPLES: usize = 3;

/// How many mentors and example commits a starter plan's step names: most authors
/// of a large history are too new to place, and one of each keeps their plans
/// from outweighing the rest of the report.
const STARTER_NAMES: usize = 1;

/// Per skill, every author's strongest evidence with a file, in the order plan
/// steps offer it: shallowest first (closest to the depth a step needs), then
/// newest, then by commit and email.
fn evidence_by_skill(authors: &[Author]) -> BTreeMap<&str, Vec<(&Author, &EvidenceRef)>> {
    let mut by_skill: BTreeMap<&str, Vec<(&Author, &EvidenceRef)>> = BTreeMap::new();
    for author in authors {
        for (skill, evidence) in &author.skills {
            by_skill.entry(skill).or_default().extend(
                evidence
                    .top_evidence
                    .iter()
                    .filter(|r| r.path.is_some())
                    .map(|r| (author, r)),
            );
        }
    }
    for refs in by_skill.values_mut() {
        refs.sort_by(|(a, x), (b, y)| {
            x.depth
                .cmp(&y.depth)
                .then_with(|| y.time.cmp(&x.time))
                .then_with(|| x.commit.cmp(&y.commit))
                .then_with(|| a.email.cmp(&b.email))
        });
    }
    by_skill
}

/// Per skill, the people who could mentor it, in the order plans name them:
/// deepest first, then the most evidence, then by email. Mentors are placed on
/// some track: enough activity to learn from.
fn mentors_by_skill(authors: &[Author]) -> BTreeMap<String, Vec<(&Author, u8)>> {
    let placed: Vec<&Author> = authors
        .iter()
        .filter(|a| {
            a.rungs
                .values()
                .any(|p| p.rung != rungs_ladder::INSUFFICIENT_EVIDENCE)
        })
        .collect();
    // The metric signals credit agile-iteration without rule evidence.
    let mut skills: BTreeSet<&str> = placed
        .iter()
        .flat_map(|a| a.skills.keys().map(String::as_str))
        .collect();
    skills.insert(rungs_ladder::METRIC_SKILL);
    skills
        .into_iter()
        .map(|skill| {
            let mut mentors: Vec<(&Author, u8)> = placed
                .iter()
                .map(|a| (*a, depth_of(a, skill)))
                .filter(|(_, depth)| *depth > 0)
                .collect();
            let evidence = |x: &Author| x.skills.get(skill).map_or(0, |s| s.evidence_commits);
            mentors.sort_by(|(a, da), (b, db)| {
                db.cmp(da)
                    .then_with(|| evidence(b).cmp(&evidence(a)))
                    .then_with(|| a.email.cmp(&b.email))
            });
            (skill.to_owned(), mentors)
        })
        .collect()
}

/// Up to `limit` commits where people other than `author` showed `skill` at
/// `depth` or deeper, one per person.
fn examples(
    by_skill: &BTreeMap<&str, Vec<(&Author, &EvidenceRef)>>,
    author: &Author,
    areas: &[String],
    skill: &str,
    depth: u8,
    limit: usize,
) -> Vec<PlanExample> {
    let candidates = || {
        by_skill
            .get(skill)
            .into_iter()
            .flatten()
            .filter(|(other, evidence)| evidence.depth >= depth && other.email != author.email)
    };
    let in_areas = |evidence: &EvidenceRef| {
        evidence
            .path
            .as_deref()
            .is_some_and(|p| areas.iter().any(|a| a == rungs_ladder::area_of(p)))
    };
    // In the parts of the codebase the person works in first, then anywhere.
    let mut people: Vec<&str> = Vec::new();
    let mut found = Vec::new();
    for (other, evidence) in candidates()
        .filter(|(_, e)| in_areas(e))
        .chain(candidates().filter(|(_, e)| !in_areas(e)))
    {
        if found.len() == limit {
            break;
        }
        if people.contains(&other.email.as_str()) {
            continue;
        }
        people.push(&other.email);
        found.push(PlanExample {
            name: other.name.clone(),
            email: other.email.clone(),
            evidence: (*evidence).clone(),
        });
    }
    found
}

/// How many areas of the codebase a plan names as the person's own.
const AREAS: usize = 3;

/// The areas of the codebase `author` changes most (most changed files first, then
/// by name), at most [`AREAS`].
fn own_areas(author: &Author) -> Vec<String> {
    let Some(metrics) = &author.metrics else {
        return Vec::new();
    };
    let mut areas: Vec<(&String, u64)> = metrics.areas.iter().map(|(a, n)| (a, *n)).collect();
    areas.sort_by(|(a, x), (b, y)| y.cmp(x).then_with(|| a.cmp(b)));
    areas
        .into_iter()
        .take(AREAS)
        .map(|(a, _)| a.clone())
        .collect()
}

/// Whether `mentor` changed files in any of `areas`.
fn works_in(mentor: &Author, areas: &[String]) -> bool {
    mentor
        .metrics
        .as_ref()
        .is_some_and(|m| areas.iter().any(|a| m.areas.contains_key(a)))
}

/// What a plan step asks of its mentors.
struct Need<'a> {
    /// The skill to learn.
    skill: &'a str,
    /// The depth a mentor must hold it at.
    depth: u8,
    /// The areas of the codebase the person works in.
    areas: &'a [String],
    /// How many mentors to name.
    count: usize,
}

/// The mentors of one plan step for `author`: people other than them who hold
/// the skill at the depth needed, teammates first, and among those first who
/// changed files where the person works; deepest first within each.
fn pick_mentors(
    mentors_by_skill: &BTreeMap<String, Vec<(&Author, u8)>>,
    author: &Author,
    need: &Need<'_>,
    teammate: &dyn Fn(&Author) -> bool,
) -> Vec<Mentor> {
    let mut able: Vec<(&Author, u8)> = mentors_by_skill
        .get(need.skill)
        .into_iter()
        .flatten()
        .take_while(|(_, depth)| *depth >= need.depth)
        .filter(|(other, _)| other.email != author.email)
        .copied()
        .collect();
    // A stable sort keeps the order of depth and evidence within each group.
    able.sort_by_key(|(other, _)| (!teammate(other), !works_in(other, need.areas)));
    able.into_iter()
        .take(need.count)
        .map(|(other, depth)| {
            let mut paths: Vec<String> = Vec::new();
            for r in other
                .skills
                .get(need.skill)
                .map_or(&[][..], |s| &s.top_evidence)
            {
                if let Some(path) = &r.path
                    && !paths.contains(path)
                    && paths.len() < MENTORS
                {
                    paths.push(path.clone());
                }
            }
            Mentor {
                name: other.name.clone(),
                email: other.email.clone(),
                depth,
                paths,
                teammate: teammate(other),
            }
        })
        .collect()
}

/// Name the mentors of the plans of everyone `teammates` lists again, their
/// teammates first (`teammates`: email → the emails of the people they share a
/// team with). Mentors still come from everyone in `authors`.
pub(crate) fn mentors_from_teams(
    authors: &mut [Author],
    teammates: &BTreeMap<String, BTreeSet<String>>,
) {
    let mentors_by_skill = mentors_by_skill(authors);
    let mut named: Vec<(usize, Vec<Vec<Mentor>>)> = Vec::new();
    for (index, author) in authors.iter().enumerate() {
        let Some(team) = teammates.get(&author.email) else {
            continue;
        };
        let teammate = |other: &Author| team.contains(&other.email);
        let steps = author
            .plan
            .iter()
            .map(|step| {
                let count = if step.starter { STARTER_NAMES } else { MENTORS };
                pick_mentors(
                    &mentors_by_skill,
                    author,
                    &Need {
                        skill: &step.skill,
                        depth: step.to_depth,
                        areas: &step.areas,
                        count,
                    },
                    &teammate,
                )
            })
            .collect();
        named.push((index, steps));
    }
    for (index, steps) in named {
        for (step, mentors) in authors[index].plan.iter_mut().zip(steps) {
            step.mentors = mentors;
        }
    }
}

/// Fill every author's plan from their gaps, with teammates who show the skill
/// and the commits where they showed it. Authors too new to place get a starter
/// plan toward the first rung of each track.
pub(crate) fn add_plans(authors: &mut [Author]) {
    let by_skill = evidence_by_skill(authors);
    let mentors_by_skill = mentors_by_skill(authors);
    let mut plans = Vec::with_capacity(authors.len());
    for author in authors.iter() {
        let mut plan = Vec::new();
        let areas = own_areas(author);
        for (track, placed) in &author.rungs {
            let Some(toward) = &placed.next else { continue };
            let starter = placed.rung == rungs_ladder::INSUFFICIENT_EVIDENCE;
            let (mentor_count, example_count) = if starter {
                (STARTER_NAMES, STARTER_NAMES)
            } else {
                (MENTORS, EXAMPLES)
            };
            for gap in &placed.gaps {
                plan.push(PlanItem {
                    areas: areas.clone(),
                    examples: examples(
                        &by_skill,
                        author,
                        &areas,
                        &gap.skill,
                        gap.tasks_depth,
                        example_count,
                    ),
                    starter,
                    track: track.clone(),
                    toward: toward.clone(),
                    skill: gap.skill.clone(),
                    from_depth: gap.credited,
                    to_depth: gap.required,
                    tasks_depth: gap.tasks_depth,
                    tasks: gap.tasks.clone(),
                    mentors: pick_mentors(
                        &mentors_by_skill,
                        author,
                        &Need {
                            skill: &gap.skill,
                            depth: gap.required,
                            areas: &areas,
                            count: mentor_count,
                        },
                        &|_| false,
                    ),
                });
            }
        }
        plans.push(plan);
    }
    for (author, plan) in authors.iter_mut().zip(plans) {
        author.plan = plan;
        // A starter plan's steps hold the tasks; its gaps need not repeat them.
        for placed in author.rungs.values_mut() {
            if placed.rung == rungs_ladder::INSUFFICIENT_EVIDENCE {
                for gap in &mut placed.gaps {
                    gap.tasks.clear();
                }
            }
        }
    }
}
