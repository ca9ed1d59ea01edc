//! The GitHub Action (`action.yml` at the root): it parses, has what GitHub
//! needs, and its shell steps, run here as a runner runs them (bash with `-eo
//! pipefail`, `GITHUB_OUTPUT`, `GITHUB_PATH`, `GITHUB_STEP_SUMMARY`) on fixture
//! repositories, give the report one scan gives, the summary, and on a pull
//! request the comment `rungs diff` writes.

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
};

use yaml_rust2::{Yaml, YamlLoader};

use crate::common::*;

fn action() -> Yaml {
    let text = std::fs::read_to_string(workspace().join("action.yml")).expect("action.yml");
    let mut docs = YamlLoader::load_from_str(&text).expect("action.yml parses");
    assert_eq!(docs.len(), 1);
    docs.remove(0)
}

/// A runner for the Action's steps: the values of the `${{ }}` expressions they
/// use, and the files GitHub gives each step.
struct Runner {
    inputs: BTreeMap<String, String>,
    github: BTreeMap<&'static str, String>,
    outputs: BTreeMap<String, String>,
    path: Vec<PathBuf>,
    temp: PathBuf,
    summary: PathBuf,
    env: Vec<(String, String)>,
}

impl Runner {
    fn new(doc: &Yaml, dir: &Path, given: &[(&str, &str)]) -> Runner {
        let mut inputs = BTreeMap::new();
        for (name, input) in doc["inputs"].as_hash().expect("inputs") {
            let name = name.as_str().expect("input name").to_owned();
            assert!(
                input["description"].as_str().is_some(),
                "{name}: description"
            );
            let default = input["default"].as_str().unwrap_or_default().to_owned();
            inputs.insert(name, default);
        }
        for (name, value) in given {
            assert!(inputs.contains_key(*name), "no input {name}");
            inputs.insert((*name).to_owned(), (*value).to_owned());
        }
        let temp = dir.join("runner-temp");
        let _ = std::fs::remove_dir_all(&temp);
        // A cached build of rungs: the install step finds it and builds nothing.
        let bin = temp.join("rungs/bin");
        std::fs::create_dir_all(&bin).expect("bin");
        std::fs::copy(env!("CARGO_BIN_EXE_rungs"), bin.join("rungs")).expect("copy rungs");
        // `gh` records what it was asked to do.
        let tools = temp.join("tools");
        std::fs::create_dir_all(&tools).expect("tools");
        let gh = tools.join("gh");
        // It answers `gh api` reads with the id of an earlier comment, if
        // `gh-comment-id` holds one.
        std::fs::write(
            &gh,
            format!(
                "#!/bin/sh\nprintf '%s\\n' \"$*\" >> {log}\n\
                 case \"$1 $2\" in\n\
                 'api --method') for a; do case \"$a\" in body=@*) cat \"${{a#body=@}}\" >> {log};; esac; done ;;\n\
                 api*) [ -f {id} ] && cat {id} ;;\n\
                 pr*) while [ $# -gt 0 ]; do [ \"$1\" = --body-file ] && cat \"$2\" >> {log}; shift; done ;;\n\
                 esac\nexit 0\n",
                log = temp.join("gh.log").display(),
                id = temp.join("gh-comment-id").display(),
            ),
        )
        .expect("gh");
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&gh, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        let summary = temp.join("summary.md");
        std::fs::write(&summary, "").expect("summary");
        Runner {
            inputs,
            github: BTreeMap::from([
                ("action_path", workspace().display().to_string()),
                ("token", "a-token".to_owned()),
                ("event.pull_request.number", String::new()),
                ("ref", "refs/heads/main".to_owned()),
                ("sha", "0".repeat(40)),
            ]),
            outputs: BTreeMap::new(),
            path: vec![tools],
            temp,
            summary,
            env: Vec::new(),
        }
    }

    /// The value of one `${{ ... }}` expression, as the Action's run steps use them.
    fn value(&self, expr: &str) -> String {
        let expr = expr.trim();
        if let Some(name) = expr.strip_prefix("inputs.") {
            return self
                .inputs
                .get(name)
                .cloned()
                .unwrap_or_else(|| panic!("no input {name}"));
        }
        if let Some(name) = expr.strip_prefix("github.") {
            return self
                .github
                .get(name)
                .cloned()
                .unwrap_or_else(|| panic!("no github.{name}"));
        }
        if expr == "runner.os" {
            return "Linux".to_owned();
        }
        if let Some(name) = expr.strip_prefix("steps.") {
            return self.outputs.get(name).cloned().unwrap_or_default();
        }
        panic!("an expression this test does not know: {expr}");
    }

    fn expand(&self, text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${{") {
            out.push_str(&rest[..start]);
            let end = rest[start..].find("}}").expect("closed expression") + start;
            out.push_str(&self.value(&rest[start + 3..end]));
            rest = &rest[end + 2..];
        }
        out.push_str(rest);
        out
    }

    /// Run every step with a `run`, in order, in `checkout`; steps that use
    /// another action are checked, not run.
    fn run(&mut self, doc: &Yaml, checkout: &Path) {
        assert_eq!(doc["runs"]["using"].as_str(), Some("composite"));
        for step in doc["runs"]["steps"].as_vec().expect("steps") {
            let Some(script) = step["run"].as_str() else {
                let uses = step["uses"].as_str().expect("run or uses");
                assert!(
                    uses == "actions/cache@v4" || uses == "actions/upload-artifact@v4",
                    "{uses}"
                );
                for (_, value) in step["with"].as_hash().expect("with") {
                    // Every expression it uses has a value here.
                    self.expand(value.as_str().expect("string"));
                }
                continue;
            };
            assert_eq!(step["shell"].as_str(), Some("bash"), "{script}");
            assert!(
                step["if"].is_badvalue(),
                "run steps decide in bash: {script}"
            );
            let id = step["id"].as_str().unwrap_or("step");
            let output = self.temp.join(format!("{id}.output"));
            let path_file = self.temp.join("path");
            std::fs::write(&output, "").expect("output");
            std::fs::write(&path_file, "").expect("path");
            let script_file = self.temp.join(format!("{id}.sh"));
            std::fs::write(&script_file, script).expect("script");
            let mut path: Vec<PathBuf> = self.path.clone();
            path.extend(std::env::split_paths(
                &std::env::var_os("PATH").unwrap_or_default(),
            ));
            let mut cmd = std::process::Command::new("bash");
            cmd.args(["--noprofile", "--norc", "-eo", "pipefail"])
                .arg(&script_file)
                .current_dir(checkout)
                .env("PATH", std::env::join_paths(path).expect("PATH"))
                .env("RUNNER_TEMP", &self.temp)
                .env("RUNNER_OS", "Linux")
                .env("GITHUB_OUTPUT", &output)
                .env("GITHUB_PATH", &path_file)
                .env("GITHUB_STEP_SUMMARY", &self.summary)
                .env("GITHUB_REPOSITORY", "owner/repo")
                .env_remove("GITHUB_BASE_REF")
                .env_remove("RUNGS_JOBS")
                .env_remove("RUNGS_ANONYMIZE_KEY");
            for (name, value) in &self.env {
                cmd.env(name, value);
            }
            if let Some(env) = step["env"].as_hash() {
                for (name, value) in env {
                    cmd.env(
                        name.as_str().expect("name"),
                        self.expand(value.as_str().expect("value")),
                    );
                }
            }
            let out = cmd.output().expect("bash runs");
            assert!(
                out.status.success(),
                "step {id} failed:\n{script}\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
            for line in std::fs::read_to_string(&output).expect("output").lines() {
                let (key, value) = line.split_once('=').expect("key=value");
                self.outputs
                    .insert(format!("{id}.outputs.{key}"), value.to_owned());
            }
            for line in std::fs::read_to_string(&path_file).expect("path").lines() {
                self.path.insert(0, PathBuf::from(line));
            }
        }
    }

    fn gh_log(&self) -> Option<String> {
        std::fs::read_to_string(self.temp.join("gh.log")).ok()
    }
}

#[test]
fn the_action_describes_its_inputs_and_outputs() {
    let doc = action();
    assert!(doc["name"].as_str().is_some() && doc["description"].as_str().is_some());
    for input in [
        "path", "rules", "ladder", "cache", "shard", "team", "comment", "artifact",
    ] {
        assert!(!doc["inputs"][input].is_badvalue(), "input {input}");
    }
    assert_eq!(
        doc["outputs"]["report"]["value"].as_str(),
        Some("${{ steps.scan.outputs.report }}")
    );
    let steps = doc["runs"]["steps"].as_vec().expect("steps");
    let upload = steps
        .iter()
        .find(|s| s["uses"].as_str() == Some("actions/upload-artifact@v4"))
        .expect("an upload step");
    let paths = upload["with"]["path"].as_str().expect("path");
    assert!(paths.contains("${{ inputs.output }}") && paths.contains("${{ inputs.html }}"));
}

#[test]
fn the_action_scans_summarises_and_keeps_the_whole_report() {
    let doc = action();
    let dir = scratch().join("action-push");
    std::fs::create_dir_all(&dir).expect("dir");
    let checkout = fresh_clone(
        &build_fixture("profiles.sh", "profiles"),
        "action-push/checkout",
    );
    std::fs::write(
        checkout.join("team.toml"),
        "[[team]]\nname = \"Payments\"\nmembers = [\"dana@example.com\", \"Morgan Lead\"]\n",
    )
    .expect("roster");
    let mut runner = Runner::new(&doc, &dir, &[("team", "team.toml"), ("comment", "true")]);
    runner.run(&doc, &checkout);

    // The JSON is what one scan writes: whole, though the roster narrowed the rest.
    let report = std::fs::read_to_string(checkout.join("rungs-report.json")).expect("report");
    let single = rungs_ok(&checkout, &["scan", ".", "--quiet", "--format", "json"]);
    assert_eq!(report, String::from_utf8_lossy(&single.stdout));
    assert!(
        checkout.join(".rungs-cache").is_dir(),
        "the scan cache is kept"
    );
    let html = std::fs::read_to_string(checkout.join("rungs-report.html")).expect("html");
    assert!(
        html.contains("Team Payments: 2 people"),
        "the HTML takes the roster"
    );
    let summary = std::fs::read_to_string(&runner.summary).expect("summary");
    assert!(summary.starts_with("## rungs"), "{summary}");
    assert!(summary.contains("### Team Payments: 2 people"), "{summary}");
    assert!(!summary.contains("Nico New"), "{summary}");
    assert_eq!(
        runner
            .outputs
            .get("scan.outputs.report")
            .map(String::as_str),
        Some("rungs-report.json")
    );
    // Not a pull request: no comment.
    assert_eq!(runner.gh_log(), None);
}

#[test]
fn on_a_pull_request_the_action_comments_with_the_diff() {
    let doc = action();
    let dir = scratch().join("action-pr");
    std::fs::create_dir_all(&dir).expect("dir");
    let checkout = fresh_clone(
        &build_fixture("profiles.sh", "profiles"),
        "action-pr/checkout",
    );
    git(&checkout, &["checkout", "-q", "-b", "feature"]);
    commit_as(
        &checkout,
        "Riley Review",
        "riley@example.com",
        "2025-01-02T10:00:00+00:00",
        "Reject unknown order states with a 422 error (PAY-300)",
    );
    let mut runner = Runner::new(
        &doc,
        &dir,
        &[("comment", "true"), ("html", ""), ("step-summary", "false")],
    );
    runner
        .github
        .insert("event.pull_request.number", "17".to_owned());
    runner
        .env
        .push(("GITHUB_BASE_REF".to_owned(), "main".to_owned()));
    runner.run(&doc, &checkout);
    let log = runner.gh_log().expect("gh was called");
    let mut calls = log.lines();
    assert_eq!(
        calls.next(),
        Some(
            "api repos/owner/repo/issues/17/comments --paginate --jq .[] | select(.body | \
             startswith(\"<!-- rungs -->\")) | .id"
        ),
        "{log}"
    );
    assert!(
        calls
            .next()
            .is_some_and(|l| l.starts_with("pr comment 17 --body-file ")),
        "no earlier comment: a new one\n{log}"
    );
    assert!(
        log.contains("<!-- rungs -->\n## rungs: what changed"),
        "{log}"
    );
    assert!(log.contains("1 new author (1 too new to place)"), "{log}");
    assert!(
        !checkout.join("rungs-report.html").exists(),
        "html: '' writes none"
    );
    assert_eq!(
        std::fs::read_to_string(&runner.summary).expect("summary"),
        ""
    );

    // The next push updates that comment instead of adding one.
    std::fs::remove_file(runner.temp.join("gh.log")).expect("clear the log");
    std::fs::write(runner.temp.join("gh-comment-id"), "42\n").expect("id");
    runner.run(&doc, &checkout);
    let log = runner.gh_log().expect("gh was called");
    assert!(
        log.contains("\napi --method PATCH repos/owner/repo/issues/comments/42 -F body=@"),
        "{log}"
    );
    assert!(!log.contains("pr comment"), "{log}");
    assert!(log.contains("## rungs: what changed"), "{log}");
}

#[test]
fn anonymized_with_a_roster_nothing_named_leaves_the_runner() {
    let doc = action();
    let dir = scratch().join("action-anonymized");
    std::fs::create_dir_all(&dir).expect("dir");
    let checkout = fresh_clone(
        &build_fixture("profiles.sh", "profiles"),
        "action-anonymized/checkout",
    );
    git(&checkout, &["checkout", "-q", "-b", "feature"]);
    commit_as(
        &checkout,
        "Dana Deep",
        "dana@example.com",
        "2025-01-02T10:00:00+00:00",
        "Reject unknown order states with a 422 error (PAY-301)",
    );
    std::fs::write(
        checkout.join("team.toml"),
        "[[team]]\nname = \"Payments\"\nmembers = [\"dana@example.com\", \"Morgan Lead\"]\n",
    )
    .expect("roster");
    let mut runner = Runner::new(
        &doc,
        &dir,
        &[
            ("team", "team.toml"),
            ("anonymize", "true"),
            ("comment", "true"),
            // Paths may come one per line.
            ("path", "\n.\n"),
        ],
    );
    runner
        .github
        .insert("event.pull_request.number", "5".to_owned());
    runner
        .env
        .push(("GITHUB_BASE_REF".to_owned(), "main".to_owned()));
    runner.env.push((
        "RUNGS_ANONYMIZE_KEY".to_owned(),
        "an action secret".to_owned(),
    ));
    runner.run(&doc, &checkout);

    let report = std::fs::read_to_string(checkout.join("rungs-report.json")).expect("report");
    let single = std::process::Command::new(env!("CARGO_BIN_EXE_rungs"))
        .current_dir(&checkout)
        .args(["scan", ".", "--quiet", "--anonymize", "--format", "json"])
        .env("RUNGS_ANONYMIZE_KEY", "an action secret")
        .env_remove("RUNGS_JOBS")
        .output()
        .expect("rungs runs");
    assert_eq!(
        report,
        String::from_utf8_lossy(&single.stdout),
        "as scan --anonymize"
    );
    let html = std::fs::read_to_string(checkout.join("rungs-report.html")).expect("html");
    let summary = std::fs::read_to_string(&runner.summary).expect("summary");
    let comment = runner.gh_log().expect("gh was called");
    assert!(summary.contains("### Team Payments: 2 people"), "{summary}");
    assert!(comment.contains("Person "), "{comment}");
    for (what, text) in [
        ("json", &report),
        ("html", &html),
        ("summary", &summary),
        ("comment", &comment),
    ] {
        for real in ["Dana", "Morgan", "example.com"] {
            assert!(!text.contains(real), "{real} in the {what}");
        }
    }
}
