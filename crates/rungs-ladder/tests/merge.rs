//! Merging aggregates is associative and commutative, and merged aggregates are
//! exactly those of one scan over all the commits (property test).

use proptest::prelude::*;
use rungs_ladder::{Aggregates, Evidence, Place, default_ladder, profile};

const SKILLS: [(&str, &str); 4] = [
    ("acid", "transaction"),
    ("acid", "isolation-locking"),
    ("error-codes", "error-handling"),
    ("decision-making", "rollback"),
];
const AUTHORS: [&str; 3] = ["a@x", "b@x", "c@x"];
const COMMITS: [&str; 4] = ["c1", "c2", "c3", "c4"];

/// A commit as plain data: author, time, changed lines (none: nothing diffed), bulk,
/// merge, (collaborative, a co-author), and hits as (skill-signal index, depth,
/// weight in tenths, commit index, line).
type Commit = (
    usize,
    i64,
    Option<u64>,
    bool,
    bool,
    (bool, Option<usize>),
    Vec<(usize, u8, u8, usize, u32)>,
);

fn commit() -> impl Strategy<Value = Commit> {
    (
        0..AUTHORS.len(),
        1_600_000_000i64..1_700_000_000,
        prop::option::weighted(0.9, 0u64..500),
        any::<bool>(),
        prop::bool::weighted(0.1),
        (any::<bool>(), prop::option::weighted(0.2, 0..AUTHORS.len())),
        prop::collection::vec(
            (
                0..SKILLS.len(),
                1u8..=4,
                1u8..=20,
                0..COMMITS.len(),
                1u32..50,
            ),
            0..4,
        ),
    )
}

fn fold(commits: &[Commit]) -> Aggregates {
    let mut agg = Aggregates::default();
    for (author, time, lines, bulk, merge, (collaborative, coauthor), hits) in commits {
        if *merge {
            agg.add_merge(AUTHORS[*author], *time);
            continue;
        }
        let evidence: Vec<Evidence<'_>> = hits
            .iter()
            .map(|&(s, depth, weight, c, line)| Evidence {
                skill: SKILLS[s].0,
                signal: SKILLS[s].1,
                depth,
                weight: f64::from(weight) / 10.0,
                place: Place {
                    rule: SKILLS[s].1,
                    commit: COMMITS[c],
                    repo: ".",
                    path: Some("src/x.rs"),
                    line: Some(line),
                },
            })
            .collect();
        agg.add_commit_with(
            AUTHORS[*author],
            *time,
            *lines,
            *bulk,
            *collaborative,
            &evidence,
        );
        if let Some(other) = coauthor {
            agg.add_coauthored(AUTHORS[*other], *time, *bulk, &evidence);
        }
    }
    agg
}

fn merged(a: &Aggregates, b: &Aggregates) -> Aggregates {
    let mut out = a.clone();
    out.merge(b);
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn merge_is_associative_commutative_and_equals_one_scan(
        commits in prop::collection::vec(commit(), 0..40),
        cut1 in 0usize..40,
        cut2 in 0usize..40,
    ) {
        let (c1, c2) = (cut1.min(commits.len()), cut2.min(commits.len()));
        let (lo, hi) = (c1.min(c2), c1.max(c2));
        let (a, b, c) = (fold(&commits[..lo]), fold(&commits[lo..hi]), fold(&commits[hi..]));
        let whole = fold(&commits);
        prop_assert_eq!(&merged(&merged(&a, &b), &c), &whole);
        prop_assert_eq!(&merged(&a, &merged(&b, &c)), &whole);
        prop_assert_eq!(&merged(&merged(&c, &a), &b), &whole);
        // Profiles are a pure function of the aggregates: the same from either side.
        let ladder = default_ladder();
        if let Some(newest) = whole.newest {
            for (author, aggregate) in &whole.authors {
                let split = merged(&merged(&c, &b), &a);
                prop_assert_eq!(
                    profile(aggregate, newest, &ladder),
                    profile(&split.authors[author], newest, &ladder)
                );
            }
        }
    }
}

#[test]
fn areas_are_directories_two_levels_deep_and_add_up() {
    use rungs_ladder::{Aggregates, area_of};
    assert_eq!(area_of("src/cargo/core/resolver.rs"), "src/cargo");
    assert_eq!(area_of("src/lib.rs"), "src");
    assert_eq!(area_of("README.md"), ".");
    let mut one = Aggregates::default();
    one.add_files(
        "a",
        ["src/cargo/ops/mod.rs", "src/cargo/util/x.rs", "README.md"],
    );
    let mut two = Aggregates::default();
    two.add_files("a", ["src/cargo/core/y.rs"]);
    two.add_files("b", ["tests/t.rs"]);
    one.merge(&two);
    assert_eq!(
        one.authors["a"].areas,
        [("src/cargo".to_owned(), 3), (".".to_owned(), 1)]
            .into_iter()
            .collect()
    );
    assert_eq!(one.authors["b"].areas["tests"], 1);
}
