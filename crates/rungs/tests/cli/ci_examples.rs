//! The CI examples in `examples/ci/` parse, have what their CI system needs, and
//! their rungs commands, run here on fixture repositories, give the report one
//! scan of the whole list gives.

use crate::common::*;
use yaml_rust2::{Yaml, YamlLoader};

fn load(name: &str) -> Yaml {
    let path = workspace().join("examples/ci").join(name);
    let text = std::fs::read_to_string(&path).expect("example exists");
    let mut docs = YamlLoader::load_from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(docs.len(), 1, "{name}: one document");
    docs.remove(0)
}

/// Every `run`/`script` line of a job that calls rungs.
fn rungs_lines(steps: &[String]) -> Vec<String> {
    steps
        .iter()
        .flat_map(|s| {
            s.lines()
                .map(str::trim)
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .filter(|l| l.starts_with("rungs "))
        .collect()
}

#[test]
fn github_actions_example_has_a_shard_matrix_and_a_merge_job() {
    let doc = load("github-actions.yml");
    let jobs = &doc["jobs"];
    let shards = doc["env"]["SHARDS"].as_i64().expect("env.SHARDS");
    let matrix = jobs["scan"]["strategy"]["matrix"]["shard"]
        .as_vec()
        .expect("matrix.shard");
    assert_eq!(
        matrix
            .iter()
            .map(|y| y.as_i64().expect("number"))
            .collect::<Vec<_>>(),
        (1..=shards).collect::<Vec<_>>()
    );
    assert_eq!(jobs["merge"]["needs"].as_str(), Some("scan"));
    for job in ["scan", "merge"] {
        assert!(jobs[job]["runs-on"].as_str().is_some(), "{job}: runs-on");
        assert!(
            jobs[job]["steps"].as_vec().is_some_and(|s| !s.is_empty()),
            "{job}: steps"
        );
    }
    let runs = |job: &str| -> Vec<String> {
        jobs[job]["steps"]
            .as_vec()
            .expect("steps")
            .iter()
            .filter_map(|s| s["run"].as_str().map(str::to_owned))
            .collect()
    };
    let scan = rungs_lines(&runs("scan"));
    assert!(
        scan.iter()
            .any(|l| l.contains("--shard") && l.contains("--repos-from")),
        "{scan:?}"
    );
    // The scan keeps its cache between runs, in the directory it scans with.
    let cache_step = jobs["scan"]["steps"]
        .as_vec()
        .expect("steps")
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/cache@"))
        })
        .expect("an actions/cache step");
    let cache_dir = cache_step["with"]["path"].as_str().expect("cache path");
    assert!(cache_step["with"]["key"].as_str().is_some(), "cache key");
    assert!(
        scan.iter()
            .any(|l| l.contains(&format!("--cache {cache_dir}"))),
        "{scan:?}"
    );
    let merge = rungs_lines(&runs("merge"));
    assert!(
        merge
            .iter()
            .any(|l| l.starts_with("rungs merge") && l.contains("--step-summary"))
    );
}

#[test]
fn gitlab_example_has_parallel_scans_and_a_merge_job() {
    let doc = load("gitlab-ci.yml");
    assert_eq!(doc["scan"]["parallel"].as_i64(), Some(4));
    assert_eq!(doc["scan"]["stage"].as_str(), Some("scan"));
    assert_eq!(doc["merge"]["stage"].as_str(), Some("merge"));
    assert_eq!(
        doc["merge"]["needs"].as_vec().map(|v| v[0].as_str()),
        Some(Some("scan"))
    );
    let script = |job: &str| -> Vec<String> {
        doc[job]["script"]
            .as_vec()
            .expect("script")
            .iter()
            .filter_map(|s| s.as_str().map(str::to_owned))
            .collect()
    };
    assert!(
        rungs_lines(&script("scan"))
            .iter()
            .any(|l| l.contains("${CI_NODE_INDEX}/${CI_NODE_TOTAL}"))
    );
    let cache_dir = doc["scan"]["cache"]["paths"][0]
        .as_str()
        .expect("scan.cache.paths")
        .trim_end_matches('/');
    assert!(doc["scan"]["cache"]["key"].as_str().is_some(), "cache key");
    assert!(
        rungs_lines(&script("scan"))
            .iter()
            .any(|l| l.contains(&format!("--cache {cache_dir}")))
    );
    assert!(
        rungs_lines(&script("merge"))
            .iter()
            .any(|l| l.starts_with("rungs merge"))
    );
}

/// Run a rungs command line of an example (no shell features beyond quotes and
/// one glob of shard files), with `vars` substituted.
fn run_line(dir: &std::path::Path, line: &str, vars: &[(&str, String)]) {
    let mut line = line.to_owned();
    for (name, value) in vars {
        line = line.replace(name, value);
    }
    let mut args: Vec<String> = Vec::new();
    for word in line.replace('"', "").split_whitespace().skip(1) {
        if word == "shard-*.json" {
            let mut files: Vec<String> = std::fs::read_dir(dir)
                .expect("dir")
                .filter_map(|e| e.ok()?.file_name().into_string().ok())
                .filter(|n| n.starts_with("shard-") && n.ends_with(".json"))
                .collect();
            files.sort();
            args.extend(files);
        } else {
            args.push(word.to_owned());
        }
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    rungs_ok(dir, &args);
}

#[test]
fn the_github_commands_run_here_give_one_scan_of_the_list() {
    let doc = load("github-actions.yml");
    let jobs = &doc["jobs"];
    let lines = |job: &str| -> Vec<String> {
        rungs_lines(
            &jobs[job]["steps"]
                .as_vec()
                .expect("steps")
                .iter()
                .filter_map(|s| s["run"].as_str().map(str::to_owned))
                .collect::<Vec<_>>(),
        )
    };
    let dir = scratch().join("ci-example");
    std::fs::create_dir_all(&dir).expect("dir");
    let repos = [
        build_fixture("profiles.sh", "profiles"),
        build_fixture("signals.sh", "signals"),
        build_fixture("secrets.sh", "secrets"),
    ];
    let list: String = repos.iter().map(|r| format!("{}\n", r.display())).collect();
    std::fs::write(dir.join("list.txt"), list).expect("list");
    let shards = doc["env"]["SHARDS"].as_i64().expect("SHARDS");
    for k in 1..=shards {
        for line in lines("scan") {
            run_line(
                &dir,
                &line,
                &[
                    ("${{ matrix.shard }}", k.to_string()),
                    ("$SHARDS", shards.to_string()),
                ],
            );
        }
    }
    // `--step-summary` needs GitHub's variable; the test of that flag is in render.rs.
    for line in lines("merge") {
        run_line(&dir, &line.replace("--step-summary", ""), &[]);
    }
    let merged = std::fs::read_to_string(dir.join("team.json")).expect("team.json");
    let single = rungs_ok(&dir, &["scan", "--repos-from", "list.txt", "--quiet"]);
    assert_eq!(
        merged,
        String::from_utf8_lossy(&single.stdout),
        "merged shards differ from one scan"
    );
    assert!(
        std::fs::read_to_string(dir.join("team.html"))
            .expect("team.html")
            .starts_with("<!doctype html>")
    );
}
