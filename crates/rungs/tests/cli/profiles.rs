//! Known histories give known profiles and placements on the built-in ladder
//! (fixtures/profiles.sh): deep transaction work with shallow error handling, a
//! manager-like history of decisions and pipelines, and a newcomer.

use serde_json::json;

use crate::common::*;

fn gap_skills(placement: &serde_json::Value) -> Vec<(String, u64, u64)> {
    placement["gaps"]
        .as_array()
        .expect("gaps")
        .iter()
        .map(|g| {
            (
                g["skill"].as_str().expect("skill").to_owned(),
                g["credited"].as_u64().expect("credited"),
                g["required"].as_u64().expect("required"),
            )
        })
        .collect()
}

/// A file's area as the report counts it: its directory, at most two levels deep.
fn area(path: &str) -> &str {
    match path.rsplit_once('/') {
        None => ".",
        Some((dir, _)) => match dir.match_indices('/').nth(1) {
            Some((cut, _)) => &dir[..cut],
            None => dir,
        },
    }
}

#[test]
fn known_histories_are_placed_as_expected() {
    let repo = build_fixture("profiles.sh", "profiles");
    let (report, _) = scan(&repo, &[]);

    let dana = author(&report, "dana@example.com");
    assert_eq!(
        dana["skills"]["acid"]["depth"], 4,
        "outbox and constraints: design depth"
    );
    assert_eq!(
        dana["skills"]["error-codes"]["depth"], 1,
        "shallow error handling"
    );
    assert_eq!(dana["rungs"]["ic"]["rung"], "junior");
    assert_eq!(dana["rungs"]["ic"]["next"], "middle");
    assert_eq!(
        gap_skills(&dana["rungs"]["ic"]),
        [("error-codes".to_owned(), 1, 2)],
        "deep acid does not hide the error-codes gap"
    );
    let gap = &dana["rungs"]["ic"]["gaps"][0];
    assert_eq!(gap["seen"], "2 evidence commits, depth 1 credited");
    assert_eq!(gap["tasks"].as_array().expect("tasks").len(), 3);

    let morgan = author(&report, "morgan@example.com");
    assert_eq!(morgan["skills"]["decision-making"]["depth"], 4);
    assert_eq!(morgan["rungs"]["manager"]["rung"], "engineering-manager");
    assert_eq!(morgan["rungs"]["manager"]["next"], "tech-lead");
    assert_eq!(
        gap_skills(&morgan["rungs"]["manager"]),
        [
            ("access-violation".to_owned(), 0, 2),
            ("engineering-goals".to_owned(), 2, 3),
            ("error-codes".to_owned(), 1, 2),
        ]
    );
    assert_eq!(
        morgan["rungs"]["manager"]["gaps"][0]["seen"],
        "no evidence in 10 commits"
    );
    assert_eq!(morgan["rungs"]["ic"]["rung"], "below_first_rung");

    // Plans: one step per gap, with teammates who show the skill deep enough and
    // the files where their evidence is.
    let step = dana["plan"]
        .as_array()
        .expect("plan")
        .iter()
        .find(|s| s["skill"] == "decision-making")
        .expect("a decision-making step toward engineering manager");
    assert_eq!(step["track"], "manager");
    assert_eq!(step["mentors"][0]["email"], "morgan@example.com");
    assert_eq!(
        step["mentors"][0]["paths"],
        serde_json::json!(["docs/adr/0002-queue.md", "docs/adr/0001-queue.md"])
    );
    // The step names where a teammate showed the skill in this codebase: the
    // commit and the file, at the depth the step needs or deeper.
    assert_eq!(step["starter"], false);
    let example = &step["examples"][0];
    assert_eq!(example["email"], "morgan@example.com");
    assert_eq!(example["evidence"]["path"], "docs/adr/0002-queue.md");
    assert!(example["evidence"]["depth"].as_u64() >= step["tasks_depth"].as_u64());
    let morgan_commits: Vec<&str> = morgan["skills"]["decision-making"]["top_evidence"]
        .as_array()
        .expect("evidence")
        .iter()
        .map(|r| r["commit"].as_str().expect("commit"))
        .collect();
    assert!(morgan_commits.contains(&example["evidence"]["commit"].as_str().expect("commit")));
    // The plan says where Dana works most, and counts her files there as git does.
    let git_files = git(
        &repo,
        &[
            "log",
            "--no-merges",
            "--author=dana@",
            "--name-only",
            "--format=",
        ],
    );
    let git_files = String::from_utf8_lossy(&git_files.stdout).into_owned();
    let mut by_area: std::collections::BTreeMap<&str, u64> = Default::default();
    for file in git_files.lines().filter(|l| !l.is_empty()) {
        *by_area.entry(area(file)).or_default() += 1;
    }
    let areas: std::collections::BTreeMap<&str, u64> = dana["metrics"]["areas"]
        .as_object()
        .expect("areas")
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_u64().expect("count")))
        .collect();
    assert_eq!(
        areas, by_area,
        "files per area, as git log --name-only lists them"
    );
    let mut most: Vec<(&str, u64)> = by_area.into_iter().collect();
    most.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let expected: Vec<&str> = most.iter().take(3).map(|(a, _)| *a).collect();
    assert_eq!(step["areas"], serde_json::json!(expected), "{step}");
    // Nobody else shows error-codes at depth 2: the ladder's tasks alone.
    let error_codes = dana["plan"]
        .as_array()
        .expect("plan")
        .iter()
        .find(|s| s["skill"] == "error-codes")
        .expect("an error-codes step toward middle");
    assert_eq!(error_codes["examples"], serde_json::json!([]));
    assert_eq!(error_codes["tasks"].as_array().expect("tasks").len(), 3);

    // Nico is too new to place, and still gets a starter plan toward the first
    // rung of each track, with teammates and their commits.
    let nico = author(&report, "nico@example.com");
    assert_eq!(nico["rungs"]["ic"]["rung"], "insufficient_evidence");
    assert_eq!(nico["rungs"]["ic"]["next"], "junior");
    assert_eq!(nico["rungs"]["ic"]["confidence"], serde_json::Value::Null);
    let starter = nico["plan"].as_array().expect("plan");
    assert!(!starter.is_empty());
    assert!(starter.iter().all(|s| s["starter"] == true));
    let tracks: std::collections::BTreeSet<&str> = starter
        .iter()
        .map(|s| s["track"].as_str().expect("track"))
        .collect();
    assert_eq!(tracks, ["ic", "manager"].into());
    assert!(
        starter
            .iter()
            .filter(|s| s["track"] == "ic")
            .all(|s| s["toward"] == "junior")
    );
    let errors = starter
        .iter()
        .find(|s| s["skill"] == "error-codes" && s["track"] == "ic")
        .expect("an error-codes starter step");
    assert!(!errors["mentors"].as_array().expect("mentors").is_empty());
    assert!(errors["examples"][0]["evidence"]["path"].is_string());

    let top = &dana["skills"]["acid"]["top_evidence"][0];
    assert_eq!(top["depth"], 4);
    assert_eq!(top["path"], "internal/outbox/publisher.go");
    // The team view: who holds each skill at depth 3 or more, named, with
    // their depth and evidence commits.
    let holder = |skill: &str| -> serde_json::Value {
        let holders = report["team"]["concentration"][skill]
            .as_array()
            .expect("holders");
        assert_eq!(holders.len(), 1, "{skill}: {holders:?}");
        holders[0].clone()
    };
    let acid = holder("acid");
    assert_eq!(
        (&acid["name"], &acid["email"], &acid["depth"]),
        (
            &json!("Dana Deep"),
            &json!("dana@example.com"),
            &dana["skills"]["acid"]["depth"]
        )
    );
    assert_eq!(
        acid["evidence_commits"],
        dana["skills"]["acid"]["evidence_commits"]
    );
    assert_eq!(holder("decision-making")["name"], "Morgan Lead");
    assert_eq!(
        report["team"]["matrix"]["nico@example.com"],
        serde_json::json!({})
    );

    // A co-author shares the evidence of a commit, never the commit or its lines.
    assert_eq!(dana["commits"], 13);
    assert_eq!(morgan["commits"], 10);
    assert_eq!(morgan["skills"]["acid"]["evidence_commits"], 1);
    let shared: u64 = morgan["skills"]["acid"]["months"]
        .as_object()
        .expect("months")
        .values()
        .map(|m| m["score_milli"].as_u64().expect("score"))
        .sum();
    assert_eq!(
        shared, 1000,
        "half the weight of each of the commit's two acid rules (the SQL statements and the subject)"
    );
    let morgan_lines = morgan["lines_added"].as_u64().expect("lines");
    let (alone, _) = scan(&repo, &["--rev", "HEAD", "--counts-only"]);
    assert_eq!(
        author(&alone, "morgan@example.com")["lines_added"],
        morgan_lines
    );

    // Someone who appears only as a co-author is in the report with their evidence
    // and no commits; a bot co-author is not.
    let pat = author(&report, "pat@example.com");
    assert_eq!(pat["name"], "Pat Pair");
    assert_eq!(pat["commits"], 0);
    assert_eq!(pat["skills"]["acid"]["evidence_commits"], 1);
    assert_eq!(pat["rungs"]["ic"]["rung"], "insufficient_evidence");
    assert!(
        !report["authors"]
            .as_array()
            .expect("authors")
            .iter()
            .any(|a| a["email"].as_str().expect("email").contains("dependabot"))
    );

    let nico = author(&report, "nico@example.com");
    for (track, first) in [("ic", "junior"), ("manager", "engineering-manager")] {
        assert_eq!(nico["rungs"][track]["rung"], "insufficient_evidence");
        assert_eq!(nico["rungs"][track]["next"], first, "a starter plan's goal");
    }
}

#[test]
fn placements_do_not_depend_on_the_thread_count() {
    let repo = build_fixture("profiles.sh", "profiles");
    for format in ["json", "table", "markdown", "html"] {
        let run = |jobs: &str| {
            rungs_ok(
                &repo,
                &["scan", ".", "--quiet", "--format", format, "--jobs", jobs],
            )
            .stdout
        };
        let one = run("1");
        assert!(!one.is_empty());
        assert!(one == run("2"), "{format} differs between --jobs 1 and 2");
        assert!(one == run("2"), "{format} differs between runs");
    }
}

#[test]
fn an_aliases_file_merges_people_after_mailmap() {
    let repo = build_fixture("profiles.sh", "profiles");
    let file = scratch().join("aliases.toml");
    std::fs::write(
        &file,
        "[[person]]\nemail = \"morgan@example.com\"\nname = \"Morgan L.\"\naliases = [\"NICO@example.com\"]\n",
    )
    .expect("write");
    let (report, _) = scan(&repo, &["--aliases", file.to_str().expect("utf-8")]);
    let emails: Vec<&str> = report["authors"]
        .as_array()
        .expect("authors")
        .iter()
        .map(|a| a["email"].as_str().expect("email"))
        .collect();
    assert_eq!(
        emails,
        ["dana@example.com", "morgan@example.com", "pat@example.com"]
    );
    let morgan = author(&report, "morgan@example.com");
    assert_eq!(morgan["commits"], 13);
    assert_eq!(morgan["name"], "Morgan L.");

    for (text, expected) in [
        (
            "[[person]]\nemail = \"a@x\"\naliases = [\"b@x\"]\n[[person]]\nemail = \"c@x\"\naliases = [\"B@x\"]\n",
            "aliases.toml:6:12: b@x is listed for both a@x and c@x",
        ),
        (
            "[[person]]\nemail = \"nobody\"\naliases = []\n",
            "aliases.toml:2:9: person \"nobody\": not an email address",
        ),
        (
            "[[person]]\nemail = \"a@x\"\n",
            "aliases.toml:1:1: missing field `aliases`",
        ),
    ] {
        std::fs::write(&file, text).expect("write");
        let out = rungs(
            &repo,
            &["scan", ".", "--aliases", file.to_str().expect("utf-8")],
        );
        assert_eq!(out.status.code(), Some(1), "{text}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(expected),
            "expected {expected:?} in {stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
}

/// One person under three identities (a real address, a placeholder, a GitHub
/// noreply address): `explain` says the name is ambiguous and lists them,
/// `aliases suggest` writes the aliases file that joins them, and a scan with it
/// has one row with all their commits.
#[test]
fn three_identities_of_one_person_are_suggested_as_one() {
    let repo = build_fixture("profiles.sh", "profiles");
    let clone = fresh_clone(&repo, "three-identities");
    let identities = [
        ("Tom Christie", "tom@example.com", 3),
        ("Tom Christie", "none@none", 2),
        ("T. Christie", "1234+tom@users.noreply.github.com", 1),
    ];
    let mut day = 10;
    for (name, email, n) in identities {
        for _ in 0..n {
            commit_as(
                &clone,
                name,
                email,
                &format!("2025-02-{day}T10:00:00+00:00"),
                "docs: a note (PAY-9)",
            );
            day += 1;
        }
    }
    let dir = scratch().join("three-identities-out");
    std::fs::create_dir_all(&dir).expect("dir");
    let path = |name: &str| dir.join(name).to_str().expect("utf-8").to_owned();
    rungs_ok(
        &clone,
        &["scan", ".", "--quiet", "-o", &path("before.json")],
    );

    // The name is two identities: explain lists them instead of picking one.
    let out = rungs(
        &clone,
        &["explain", ".", "--quiet", "--author", "tom christie"],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("matches 2 identities: Tom Christie <tom@example.com> (3 commits); Tom Christie <none@none> (2 commits)")
            && err.contains("rungs aliases suggest"),
        "{err}"
    );
    // A first name alone finds its one person.
    let out = rungs_ok(&clone, &["explain", ".", "--quiet", "--author", "dana"]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Dana Deep <dana@example.com>"));

    let out = rungs_ok(scratch(), &["aliases", "suggest", &path("before.json")]);
    let suggested = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        suggested.contains(
            "[[person]]\nemail = \"tom@example.com\"\nname = \"Tom Christie\"\naliases = [\"1234+tom@users.noreply.github.com\", \"none@none\"]\n"
        ),
        "{suggested}"
    );
    std::fs::write(path("aliases.toml"), &suggested).expect("write");
    let (after, _) = scan(&clone, &["--aliases", &path("aliases.toml")]);
    let tom = author(&after, "tom@example.com");
    assert_eq!(tom["commits"], 6, "{tom}");
    assert_eq!(tom["name"], "Tom Christie");
    for gone in ["none@none", "1234+tom@users.noreply.github.com"] {
        assert!(
            after["authors"]
                .as_array()
                .expect("authors")
                .iter()
                .all(|a| a["email"] != gone),
            "{gone} still has a row"
        );
    }
    // Anonymized reports hold no identity to suggest.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rungs"))
        .current_dir(&clone)
        .args([
            "scan",
            ".",
            "--quiet",
            "--anonymize",
            "-o",
            &path("anon.json"),
        ])
        .env("RUNGS_ANONYMIZE_KEY", "a team secret")
        .output()
        .expect("rungs runs");
    assert!(out.status.success());
    let out = rungs(scratch(), &["aliases", "suggest", &path("anon.json")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is anonymized"));
    // An anonymized report keeps its suggestions (worked out from the real names)
    // when focused or placed again, though its names are pseudonyms.
    let value =
        |bytes: &[u8]| -> serde_json::Value { serde_json::from_slice(bytes).expect("json") };
    let anon = value(&std::fs::read(path("anon.json")).expect("anon"));
    assert_eq!(
        anon["suggested_aliases"].as_array().map(Vec::len),
        Some(1),
        "{}",
        anon["suggested_aliases"]
    );
    let focused = rungs_ok(
        scratch(),
        &[
            "report",
            &path("anon.json"),
            "--min-commits",
            "1",
            "--format",
            "json",
        ],
    );
    assert_eq!(
        value(&focused.stdout)["suggested_aliases"],
        anon["suggested_aliases"]
    );
    // Placed again, too (its mentors may differ from a scan's where tied: they are
    // chosen in email order, and the emails are pseudonyms).
    let again = rungs_ok(
        scratch(),
        &[
            "report",
            &path("anon.json"),
            "--strict-ladder",
            "--format",
            "json",
        ],
    );
    assert_eq!(
        value(&again.stdout)["suggested_aliases"],
        anon["suggested_aliases"]
    );
}
