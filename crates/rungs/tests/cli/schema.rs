//! What rungs writes is valid against the committed JSON Schemas in `schema/`:
//! the report, every `--records` line and every `--signals` line, for the fixture
//! repositories and the options that change the shape of the output.

use std::{path::Path, sync::OnceLock};

use crate::common::*;
use jsonschema::Validator;
use serde_json::{Value, json};

/// The committed schema `schema/<name>`, checked against its meta-schema.
fn load(name: &str) -> Value {
    let path = workspace().join("schema").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    if let Err(e) = jsonschema::meta::validate(&schema) {
        panic!("{name} is not a valid JSON Schema: {e}");
    }
    schema
}

fn validator(name: &'static str, cell: &'static OnceLock<Validator>) -> &'static Validator {
    cell.get_or_init(|| {
        jsonschema::validator_for(&load(name))
            .unwrap_or_else(|e| panic!("{name} does not compile: {e}"))
    })
}

fn report_validator() -> &'static Validator {
    static CELL: OnceLock<Validator> = OnceLock::new();
    validator("report.schema.json", &CELL)
}

fn record_validator() -> &'static Validator {
    static CELL: OnceLock<Validator> = OnceLock::new();
    validator("record.schema.json", &CELL)
}

fn signal_validator() -> &'static Validator {
    static CELL: OnceLock<Validator> = OnceLock::new();
    validator("signal.schema.json", &CELL)
}

/// Every way `instance` breaks the schema, one line each (`/json/pointer: message`).
fn violations(validator: &Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn assert_valid(validator: &Validator, what: &str, instance: &Value) {
    let errors = violations(validator, instance);
    assert!(
        errors.is_empty(),
        "{what} does not match the schema:\n  {}",
        errors.join("\n  ")
    );
}

/// What one scan wrote: the report, the record lines and the signal lines.
struct Output {
    report: Value,
    records: Vec<Value>,
    signals: Vec<Value>,
}

/// Scan `repos` (run in `dir`) with `--records` and, unless `signals` is false
/// (`--counts-only` refuses it), `--signals`.
fn scan_everything(dir: &Path, repos: &[&Path], signals: bool, extra: &[&str]) -> Output {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let records_file = scratch().join(format!("schema-records-{n}.ndjson"));
    let signals_file = scratch().join(format!("schema-signals-{n}.ndjson"));
    let mut args = vec!["scan"];
    args.extend(repos.iter().map(|r| r.to_str().expect("utf-8 path")));
    args.extend(["--quiet", "--records"]);
    args.push(records_file.to_str().expect("utf-8 path"));
    if signals {
        args.push("--signals");
        args.push(signals_file.to_str().expect("utf-8 path"));
    }
    args.extend_from_slice(extra);
    let out = rungs_ok(dir, &args);
    let lines = |path: &Path| -> Vec<Value> {
        std::fs::read_to_string(path)
            .expect("written")
            .lines()
            .map(|l| serde_json::from_str(l).expect("a line is JSON"))
            .collect()
    };
    Output {
        report: serde_json::from_slice(&out.stdout).expect("report is JSON"),
        records: lines(&records_file),
        signals: if signals {
            lines(&signals_file)
        } else {
            Vec::new()
        },
    }
}

/// Validate everything `out` holds; `what` names the scan in failures.
fn assert_all_valid(what: &str, out: &Output) {
    assert_valid(
        report_validator(),
        &format!("the report of {what}"),
        &out.report,
    );
    for (i, record) in out.records.iter().enumerate() {
        assert_valid(
            record_validator(),
            &format!("record line {} of {what}", i + 1),
            record,
        );
    }
    for (i, signal) in out.signals.iter().enumerate() {
        assert_valid(
            signal_validator(),
            &format!("signal line {} of {what}", i + 1),
            signal,
        );
    }
}

/// Any record file line with a file that has `key`.
fn some_file_has(out: &Output, key: &str) -> bool {
    out.records
        .iter()
        .flat_map(|r| r["files"].as_array().expect("files"))
        .any(|f| f.get(key).is_some())
}

#[test]
fn scanner_fixture_output_matches_the_schemas() {
    let repo = scanner_fixture();
    let plain = scan_everything(repo, &[repo], true, &[]);
    assert_all_valid("scanner.sh", &plain);
    assert!(!plain.records.is_empty() && !plain.signals.is_empty());
    assert!(some_file_has(&plain, "skipped") && some_file_has(&plain, "path_bytes"));

    // Every branch, bots, renames: duplicates, old paths and more authors.
    let wide = scan_everything(
        repo,
        &[repo],
        true,
        &["--all", "--include-bots", "--renames"],
    );
    assert_all_valid("scanner.sh --all --include-bots --renames", &wide);
    assert!(wide.records.iter().any(|r| r.get("duplicate_of").is_some()));
    assert!(some_file_has(&wide, "old_path"));
}

#[test]
fn signals_and_profiles_fixture_output_matches_the_schemas() {
    for (script, name) in [
        ("signals.sh", "signals"),
        ("profiles.sh", "profiles"),
        ("secrets.sh", "secrets"),
    ] {
        let repo = build_fixture(script, name);
        let out = scan_everything(&repo, &[&repo], true, &[]);
        assert_all_valid(script, &out);
        assert!(!out.signals.is_empty(), "{script} gives evidence");
        let placed = out.report["authors"]
            .as_array()
            .expect("authors")
            .iter()
            .any(|a| a["skills"].as_object().is_some_and(|s| !s.is_empty()));
        assert!(placed, "{script} gives skills");
    }
    // Bulk commits: `bulk` in records, scaled weights in signal lines.
    let repo = build_fixture("signals.sh", "signals");
    let bulk = scan_everything(&repo, &[&repo], true, &["--bulk-files", "1"]);
    assert_all_valid("signals.sh --bulk-files 1", &bulk);
    assert!(bulk.records.iter().any(|r| r["bulk"] == true));
}

#[test]
fn counts_only_output_matches_the_schemas() {
    let repo = scanner_fixture();
    let out = scan_everything(repo, &[repo], false, &["--counts-only"]);
    assert_all_valid("scanner.sh --counts-only", &out);
    assert_eq!(out.report["rules"], Value::Null);
    assert_eq!(out.report["team"], Value::Null);
    let profiles = build_fixture("profiles.sh", "profiles");
    let out = scan_everything(&profiles, &[&profiles], false, &["--counts-only"]);
    assert_all_valid("profiles.sh --counts-only", &out);
}

#[test]
fn several_repositories_and_an_empty_one_match_the_schemas() {
    let scanner = scanner_fixture();
    let signals = build_fixture("signals.sh", "signals");
    let empty = scratch().join("schema-empty");
    if !empty.exists() {
        git(scratch(), &["init", "-q", "schema-empty"]);
    }
    let out = scan_everything(scratch(), &[scanner, &signals, &empty], true, &[]);
    assert_all_valid("three repositories", &out);
    // Repositories are listed by path.
    let empty_entry = out.report["repos"]
        .as_array()
        .expect("repos")
        .iter()
        .find(|r| r["path"] == empty.to_str().expect("utf-8"))
        .expect("the empty repository is listed");
    assert_eq!(empty_entry["head"], Value::Null);
}

#[test]
fn a_saved_report_rendered_as_json_matches_the_schema() {
    let repo = build_fixture("profiles.sh", "profiles");
    let saved = scratch().join("schema-saved-report.json");
    rungs_ok(
        &repo,
        &[
            "scan",
            ".",
            "--quiet",
            "--output",
            saved.to_str().expect("utf-8"),
        ],
    );
    let out = rungs_ok(
        &repo,
        &["report", saved.to_str().expect("utf-8"), "--format", "json"],
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_valid(report_validator(), "rungs report --format json", &report);
}

/// A real report of the profiles fixture, to break in the tests below.
fn real_report() -> Value {
    static REPORT: OnceLock<Value> = OnceLock::new();
    REPORT
        .get_or_init(|| {
            let repo = build_fixture("profiles.sh", "profiles");
            let report = scan_everything(&repo, &[&repo], true, &[]).report;
            assert_valid(report_validator(), "the profiles report", &report);
            report
        })
        .clone()
}

/// `report` changed by `edit` must fail, with a violation at `pointer`.
fn assert_rejected(edit: impl FnOnce(&mut Value), pointer: &str) {
    let mut report = real_report();
    edit(&mut report);
    let errors = violations(report_validator(), &report);
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with(&format!("{pointer}: "))),
        "expected a violation at {pointer}, got {errors:?}"
    );
}

#[test]
fn reports_that_break_the_format_fail_validation() {
    // Unknown fields, at the top and deep inside.
    assert_rejected(|r| r["surprise"] = json!(1), "");
    assert_rejected(|r| r["authors"][0]["shoe_size"] = json!(42), "/authors/0");
    assert_rejected(
        |r| r["totals"]["skipped_files"]["haunted"] = json!(1),
        "/totals/skipped_files",
    );
    // Wrong types.
    assert_rejected(
        |r| r["authors"][0]["commits"] = json!("12"),
        "/authors/0/commits",
    );
    assert_rejected(
        |r| r["authors"][0]["commits"] = json!(-1),
        "/authors/0/commits",
    );
    assert_rejected(
        |r| r["authors"][0]["commits"] = json!(1.5),
        "/authors/0/commits",
    );
    assert_rejected(|r| r["repos"] = json!({}), "/repos");
    assert_rejected(
        |r| r["totals"]["bulk_commits"] = Value::Null,
        "/totals/bulk_commits",
    );
    // A missing field that is always written.
    assert_rejected(
        |r| {
            r.as_object_mut().expect("object").remove("notice");
        },
        "",
    );
    // Values outside a fixed set or range, and another version.
    let skill_path = |r: &Value| -> String {
        let authors = r["authors"].as_array().expect("authors");
        let (i, author) = authors
            .iter()
            .enumerate()
            .find(|(_, a)| a["skills"].as_object().is_some_and(|s| !s.is_empty()))
            .expect("an author with skills");
        let skill = author["skills"]
            .as_object()
            .expect("skills")
            .keys()
            .next()
            .expect("a skill")
            .clone();
        format!("/authors/{i}/skills/{skill}")
    };
    let skill = skill_path(&real_report());
    assert_rejected(
        |r| r.pointer_mut(&skill).expect("skill")["confidence"] = json!("certain"),
        &format!("{skill}/confidence"),
    );
    assert_rejected(
        |r| r.pointer_mut(&skill).expect("skill")["depth"] = json!(5),
        &format!("{skill}/depth"),
    );
    assert_rejected(
        |r| r.pointer_mut(&skill).expect("skill")["commits_at_or_above"] = json!([1, 0, 0]),
        &format!("{skill}/commits_at_or_above"),
    );
    assert_rejected(|r| r["schema_version"] = json!("0.0.1"), "/schema_version");
}

#[test]
fn lines_that_break_the_format_fail_validation() {
    let repo = scanner_fixture();
    let out = scan_everything(repo, &[repo], true, &[]);
    let mut record = out.records[0].clone();
    assert_valid(record_validator(), "the first record", &record);
    record["files"] = json!([{ "path": "a", "status": "copied" }]);
    assert!(!record_validator().is_valid(&record), "unknown status");
    record["files"] = json!([{ "path": "a", "status": "added", "added": "3" }]);
    assert!(!record_validator().is_valid(&record), "count as a string");
    record["files"] = json!([{ "path": "a", "status": "added", "lines": 3 }]);
    assert!(!record_validator().is_valid(&record), "unknown file field");

    let mut signal = out.signals[0].clone();
    assert_valid(signal_validator(), "the first signal line", &signal);
    signal["target"] = json!("diff");
    assert!(!signal_validator().is_valid(&signal), "unknown target");
    let mut signal = out.signals[0].clone();
    signal["weight"] = json!("1.0");
    assert!(!signal_validator().is_valid(&signal), "weight as a string");
    let mut signal = out.signals[0].clone();
    signal.as_object_mut().expect("object").remove("text");
    assert!(
        !signal_validator().is_valid(&signal),
        "text is always written"
    );
}
