//! The roster (`--team FILE`): a report of the people a manager leads, in two
//! teams, in every format; teammates first as mentors; entries that find nobody
//! warned; anonymized scans; a diff limited to the roster; bad rosters refused.

use std::path::{Path, PathBuf};

use crate::common::{build_fixture, rungs, rungs_ok, scratch};

/// Two teams of the profiles fixture (Dana Deep, Morgan Lead, Nico New, and Pat
/// Pair who only co-authored): Dana is in both, Nico in neither; one entry is
/// a typo. Members are named by email, name and handle.
const ROSTER: &str = r#"
[[team]]
name = "Payments"
members = ["dana@example.com", "Pat Pair"]

[[team]]
name = "Platform"
members = ["@morgan", "Dana Deep", "Morgen Lead"]
"#;

struct Setup {
    repo: PathBuf,
    dir: PathBuf,
}

impl Setup {
    fn new(name: &str) -> Setup {
        let repo = build_fixture("profiles.sh", "profiles");
        let dir = scratch().join(name);
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::write(dir.join("team.toml"), ROSTER).expect("roster");
        Setup { repo, dir }
    }

    fn path(&self, name: &str) -> String {
        self.dir.join(name).to_str().expect("utf-8").to_owned()
    }

    fn json(&self, name: &str) -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(self.path(name)).expect("report"))
            .expect("json")
    }
}

fn emails(list: &serde_json::Value) -> Vec<&str> {
    list.as_array()
        .expect("array")
        .iter()
        .map(|v| v.as_str().or_else(|| v["email"].as_str()).expect("email"))
        .collect()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_roster_lists_its_teams_with_their_own_views_in_every_format() {
    let s = Setup::new("roster-formats");
    rungs_ok(
        &s.repo,
        &["scan", ".", "--quiet", "-o", &s.path("whole.json")],
    );
    let out = rungs_ok(
        &s.repo,
        &[
            "scan",
            ".",
            "--quiet",
            "--team",
            &s.path("team.toml"),
            "-o",
            &s.path("team.json"),
        ],
    );
    // --quiet silences the scan's warnings: the saved report says them again.
    assert_eq!(stderr(&out), "");
    let warned = rungs_ok(
        scratch(),
        &[
            "report",
            &s.path("whole.json"),
            "--team",
            &s.path("team.toml"),
            "-o",
            &s.path("again.json"),
        ],
    );
    let warning = stderr(&warned);
    assert!(
        warning.contains("team \"Platform\": \"Morgen Lead\" found nobody in this history"),
        "{warning}"
    );
    assert_eq!(warning.lines().count(), 1, "{warning}");
    let whole = s.json("whole.json");
    let team = s.json("team.json");
    assert_eq!(team, s.json("again.json"), "report --team is scan --team");

    // Only the members, in report order; totals and the rest still count everyone.
    let order: Vec<&str> = emails(&whole["authors"]);
    let listed: Vec<&str> = order
        .iter()
        .copied()
        .filter(|e| ["dana@example.com", "pat@example.com", "morgan@example.com"].contains(e))
        .collect();
    assert_eq!(listed.len(), 3, "{order:?}");
    assert_eq!(emails(&team["authors"]), listed);
    assert_eq!(team["totals"], whole["totals"]);
    assert_eq!(
        team["focus"]["authors_in_history"],
        order.len(),
        "{}",
        team["focus"]
    );
    assert_eq!(
        team["focus"]["chosen_by"][0],
        "the members of 2 teams in team.toml"
    );

    // Each team: its members in report order, what found nobody, its own view.
    let teams = team["teams"].as_array().expect("teams");
    assert_eq!(teams.len(), 2);
    let in_order = |members: &[&str]| -> Vec<String> {
        order
            .iter()
            .filter(|e| members.contains(e))
            .map(|e| (*e).to_owned())
            .collect()
    };
    let payments = &teams[0];
    assert_eq!(payments["name"], "Payments");
    assert_eq!(
        emails(&payments["members"]),
        in_order(&["dana@example.com", "pat@example.com"])
    );
    assert_eq!(payments["not_found"], serde_json::json!([]));
    let platform = &teams[1];
    assert_eq!(
        emails(&platform["members"]),
        in_order(&["dana@example.com", "morgan@example.com"])
    );
    assert_eq!(platform["not_found"], serde_json::json!(["Morgen Lead"]));
    for t in teams {
        let matrix: Vec<&String> = t["view"]["matrix"]
            .as_object()
            .expect("matrix")
            .keys()
            .collect();
        let mut members: Vec<&str> = emails(&t["members"]);
        members.sort_unstable();
        assert_eq!(matrix, members, "{}", t["name"]);
        // The team's concentration is its members' own: Morgan's decisions are
        // Platform's, not Payments'.
        for (skill, holders) in t["view"]["concentration"].as_object().expect("map") {
            for holder in emails(holders) {
                assert!(members.contains(&holder), "{skill}: {holder}");
            }
        }
    }

    // Mentors: teammates first and marked, and everyone else still eligible.
    let mates = |who: &str| -> Vec<&str> {
        teams
            .iter()
            .filter(|t| emails(&t["members"]).contains(&who))
            .flat_map(|t| emails(&t["members"]))
            .filter(|m| *m != who)
            .collect()
    };
    let mut steps_with_mentors = 0;
    for author in team["authors"].as_array().expect("authors") {
        let who = author["email"].as_str().expect("email");
        for step in author["plan"].as_array().expect("plan") {
            let flags: Vec<bool> = step["mentors"]
                .as_array()
                .expect("mentors")
                .iter()
                .map(|m| {
                    let mate = mates(who).contains(&m["email"].as_str().expect("email"));
                    assert_eq!(m["teammate"].as_bool().unwrap_or(false), mate, "{m}");
                    mate
                })
                .collect();
            assert!(
                flags.windows(2).all(|w| w[0] || !w[1]),
                "teammates come first: {step}"
            );
            steps_with_mentors += usize::from(!flags.is_empty());
        }
    }
    assert!(steps_with_mentors > 0, "some plan step names a mentor");

    // Every format shows each team under its name, and nobody outside the roster.
    for (format, heading) in [
        (
            "table",
            "Team Platform: 2 people; not found in this history: \"Morgen Lead\"",
        ),
        (
            "markdown",
            "### Team Platform: 2 people; not found in this history: \"Morgen Lead\"",
        ),
        (
            "html",
            "<h3>Team Platform: 2 people; not found in this history: &quot;Morgen Lead&quot;</h3>",
        ),
    ] {
        let out = rungs_ok(
            scratch(),
            &[
                "report",
                &s.path("team.json"),
                "--format",
                format,
                "--no-color",
            ],
        );
        let text = String::from_utf8(out.stdout).expect("utf-8");
        assert!(
            text.contains(heading),
            "{format}: {heading:?} not in\n{text}"
        );
        assert!(text.contains("Team Payments: 2 people"), "{format}");
        assert!(
            !text.contains("Nico"),
            "{format} lists someone outside the roster"
        );
        assert!(
            text.contains(&format!(
                "3 of {} authors (the members of 2 teams in",
                order.len()
            )),
            "{format}"
        );
    }
    let out = rungs_ok(
        scratch(),
        &["report", &s.path("team.json"), "--format", "csv"],
    );
    let csv = String::from_utf8(out.stdout).expect("utf-8");
    let rows: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert!(
        rows[0].starts_with("name,email,commits,teams,"),
        "{}",
        rows[0]
    );
    assert_eq!(rows.len(), 4, "{csv}");
    let dana = rows
        .iter()
        .find(|r| r.contains("dana@example.com"))
        .expect("Dana's row");
    assert!(dana.contains(",Payments; Platform,"), "{dana}");

    // A roster-limited report lists only some authors: it is not merged or compared.
    let out = rungs(&s.dir, &["merge", "team.json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

#[test]
fn an_anonymized_scan_takes_the_roster_before_the_names_go() {
    let s = Setup::new("roster-anonymized");
    // rungs, in the fixture, with the secret pseudonyms are keyed by.
    let keyed = |args: &[&str]| -> std::process::Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_rungs"))
            .current_dir(&s.repo)
            .args(args)
            .env("RUNGS_ANONYMIZE_KEY", "a roster secret")
            .env_remove("RUNGS_JOBS")
            .output()
            .expect("rungs runs")
    };
    let out = keyed(&[
        "scan",
        ".",
        "--quiet",
        "--anonymize",
        "--team",
        &s.path("team.toml"),
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    for real in ["Dana", "Morgan", "Morgen", "Pat Pair", "example.com"] {
        assert!(!text.contains(real), "{real} in an anonymized report");
    }
    let report: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(report["authors"].as_array().expect("authors").len(), 3);
    let listed = emails(&report["authors"]);
    for team in report["teams"].as_array().expect("teams") {
        let members = emails(&team["members"]);
        assert_eq!(members.len(), 2);
        // Members are the pseudonyms the authors carry, in report order.
        let in_order: Vec<&str> = listed
            .iter()
            .copied()
            .filter(|e| members.contains(e))
            .collect();
        assert_eq!(members, in_order);
    }
    assert_eq!(
        report["teams"][1]["not_found"],
        serde_json::json!(["withheld"])
    );

    // A saved report with names, given the roster and the same secret, is
    // written as the anonymized scan wrote it; a diff of two such reports names
    // nobody.
    rungs_ok(
        &s.repo,
        &["scan", ".", "--quiet", "-o", &s.path("names.json")],
    );
    let out = keyed(&[
        "report",
        &s.path("names.json"),
        "--team",
        &s.path("team.toml"),
        "--anonymize",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(String::from_utf8(out.stdout).expect("utf-8"), text);
    let out = keyed(&[
        "diff",
        &s.path("names.json"),
        &s.path("names.json"),
        "--team",
        &s.path("team.toml"),
        "--anonymize",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    rungs_ok(
        &s.repo,
        &[
            "scan",
            ".",
            "--quiet",
            "--until",
            "2024-12-24T18:00:00+00:00",
            "-o",
            &s.path("old.json"),
        ],
    );
    let out = keyed(&[
        "diff",
        &s.path("old.json"),
        &s.path("names.json"),
        "--team",
        &s.path("team.toml"),
        "--anonymize",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let diff = String::from_utf8(out.stdout).expect("utf-8");
    assert!(diff.contains("Person "), "{diff}");
    for real in ["Dana", "Morgan", "Pat Pair", "example.com"] {
        assert!(
            !diff.contains(real),
            "{real} in an anonymized diff:\n{diff}"
        );
    }

    // A report already anonymized has only pseudonyms: a roster is refused.
    std::fs::write(s.dir.join("anon.json"), &text).expect("write");
    let out = rungs(
        &s.dir,
        &[
            "report",
            "anon.json",
            "--team",
            "team.toml",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("the report is anonymized"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_diff_can_be_limited_to_the_roster() {
    let s = Setup::new("roster-diff");
    rungs_ok(
        &s.repo,
        &[
            "scan",
            ".",
            "--quiet",
            "--until",
            "2024-12-24T18:00:00+00:00",
            "-o",
            &s.path("old.json"),
        ],
    );
    rungs_ok(
        &s.repo,
        &["scan", ".", "--quiet", "-o", &s.path("new.json")],
    );
    let whole =
        String::from_utf8(rungs_ok(&s.dir, &["diff", "old.json", "new.json", "--all"]).stdout)
            .expect("utf-8");
    assert!(
        whole.contains("Nico"),
        "the newcomer is in the whole diff:\n{whole}"
    );
    let out = rungs_ok(
        &s.dir,
        &[
            "diff",
            "old.json",
            "new.json",
            "--team",
            "team.toml",
            "--all",
        ],
    );
    let text = String::from_utf8(out.stdout.clone()).expect("utf-8");
    assert!(
        text.starts_with("rungs diff: the members of 2 teams in team.toml: "),
        "{text}"
    );
    assert!(!text.contains("Nico"), "{text}");
    assert!(text.contains("Morgan Lead"), "{text}");
    // The typo is warned once, not once per report.
    assert_eq!(
        stderr(&out).matches("Morgen Lead").count(),
        1,
        "{}",
        stderr(&out)
    );
    let json: serde_json::Value = serde_json::from_slice(
        &rungs_ok(
            &s.dir,
            &[
                "diff",
                "old.json",
                "new.json",
                "--team",
                "team.toml",
                "--format",
                "json",
            ],
        )
        .stdout,
    )
    .expect("json");
    assert_eq!(json["compared"], "the members of 2 teams in team.toml");
}

#[test]
fn a_bad_roster_is_refused_before_scanning_naming_the_place() {
    let s = Setup::new("roster-bad");
    for (text, said) in [
        ("", "team.toml:1:1: no team"),
        (
            "[[team]]\nname = \"A\"\nmembers = []\n",
            "team.toml:3:11: team \"A\" has no members",
        ),
        (
            "[[team]]\nname = \"A\"\nmembers = [\"x@y\"]\n[[team]]\nname = \"a\"\nmembers = [\"z@y\"]\n",
            "team.toml:5:8: team \"a\" is listed twice",
        ),
        (
            "[[team]]\nname = \"A\"\nmembers = [\"Ana\", \" ana \"]\n",
            "team.toml:3:19: team \"A\": \"ana\" is listed twice",
        ),
        (
            "[[team]]\nname = \"A\"\nmember = [\"x\"]\n",
            "team.toml:3:1: unknown field `member`",
        ),
    ] {
        std::fs::write(s.dir.join("team.toml"), text).expect("roster");
        let out = rungs(
            &s.dir,
            &[
                "scan",
                s.repo.to_str().expect("utf-8"),
                "--team",
                "team.toml",
                "-o",
                "r.json",
            ],
        );
        assert_eq!(out.status.code(), Some(1), "{text}");
        assert!(
            stderr(&out).contains(said),
            "{said:?} not in {}",
            stderr(&out)
        );
        assert!(!Path::new(&s.path("r.json")).exists(), "nothing written");
    }
    let out = rungs(
        &s.dir,
        &[
            "scan",
            s.repo.to_str().expect("utf-8"),
            "--team",
            "missing.toml",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("cannot read the roster missing.toml"),
        "{}",
        stderr(&out)
    );
}
