//! The committed JSON Schemas are what the types give, and the types map to the
//! schema constructs the documents need.
#![allow(missing_docs)]

use std::path::Path;

use rungs_report::{
    REGENERATE, SCHEMA_DIR, SCHEMA_VERSION, record_schema, report_schema, schema_files,
    signal_schema,
};
use serde_json::{Value, json};

#[test]
fn committed_schemas_match_the_types() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(SCHEMA_DIR);
    let mut stale = Vec::new();
    for (name, generated) in schema_files() {
        let committed = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
        if committed != generated {
            let line = committed
                .lines()
                .zip(generated.lines())
                .position(|(a, b)| a != b)
                .unwrap_or_else(|| committed.lines().count().min(generated.lines().count()))
                + 1;
            stale.push(format!(
                "{SCHEMA_DIR}/{name} (first difference at line {line})"
            ));
        }
    }
    assert!(
        stale.is_empty(),
        "the committed JSON Schemas differ from the Rust types in crates/rungs-report: {}.\n\
         Regenerate them with `{REGENERATE}` at the workspace root and commit the result.",
        stale.join(", ")
    );
}

#[test]
fn the_files_are_pretty_sorted_and_end_with_one_newline() {
    for (name, text) in schema_files() {
        assert!(text.ends_with("}\n") && !text.ends_with("\n\n"), "{name}");
        let parsed: Value = serde_json::from_str(&text).expect("schema is JSON");
        let again = serde_json::to_string_pretty(&parsed).expect("json") + "\n";
        assert_eq!(again, text, "{name} is not in canonical form");
        assert_eq!(
            schema_files(),
            schema_files(),
            "generation is deterministic"
        );
    }
}

#[test]
fn every_schema_names_the_version_the_semver_rule_and_the_command() {
    for schema in [report_schema(), record_schema(), signal_schema()] {
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        let id = schema["$id"].as_str().expect("$id");
        assert!(id.ends_with(".schema.json"), "{id}");
        assert!(
            schema["title"]
                .as_str()
                .is_some_and(|t| t.starts_with("rungs "))
        );
        let description = schema["description"].as_str().expect("description");
        assert!(
            description.contains(&format!("; format version {SCHEMA_VERSION}.")),
            "{description}"
        );
        assert!(
            description.contains("a minor version only adds fields"),
            "{description}"
        );
        let comment = schema["$comment"].as_str().expect("$comment");
        assert!(comment.contains(REGENERATE), "{comment}");
    }
    assert_eq!(
        report_schema()["properties"]["schema_version"]["const"],
        SCHEMA_VERSION
    );
}

/// The definition of `name` in `schema`.
fn def<'a>(schema: &'a Value, name: &str) -> &'a Value {
    let def = &schema["$defs"][name];
    assert!(def.is_object(), "no definition {name}");
    def
}

fn required(def: &Value) -> Vec<&str> {
    def["required"]
        .as_array()
        .map(|r| r.iter().map(|f| f.as_str().expect("name")).collect())
        .unwrap_or_default()
}

#[test]
fn serde_attributes_are_honoured() {
    let report = report_schema();
    // deny_unknown_fields, on the root and on every definition.
    assert_eq!(report["additionalProperties"], false);
    for schema in [&report, &record_schema(), &signal_schema()] {
        for (name, def) in schema["$defs"].as_object().into_iter().flatten() {
            assert_eq!(def["additionalProperties"], false, "{name}");
        }
    }
    // Doc comments become descriptions, read as prose.
    assert_eq!(
        report["properties"]["authors"]["description"],
        "One entry per author identity."
    );
    assert_eq!(
        def(&report, "EvidenceRef")["properties"]["repo"]["description"],
        "The repository of the commit, as in `Repo::path`."
    );
    // Option without skip_serializing_if: always written, possibly null.
    assert!(required(&report).contains(&"rules"));
    assert_eq!(
        report["properties"]["rules"]["anyOf"],
        json!([{ "$ref": "#/$defs/RulesUsed" }, { "type": "null" }])
    );
    assert_eq!(
        def(&report, "Repo")["properties"]["head"]["type"],
        json!(["string", "null"])
    );
    assert!(required(def(&report, "Repo")).contains(&"head"));
    // skip_serializing_if (with default): not required.
    let record = record_schema();
    let record_required = required(&record);
    assert!(!record_required.contains(&"duplicate_of"));
    assert!(!record_required.contains(&"bulk"));
    assert!(record_required.contains(&"files"));
    let file = def(&record, "FileLine");
    assert_eq!(required(file), ["path", "status"]);
    assert_eq!(
        required(&signal_schema()).len(),
        signal_schema()["properties"]
            .as_object()
            .expect("properties")
            .len(),
        "every field of a signal line is always written"
    );
}

#[test]
fn rust_types_map_to_the_right_json_types() {
    let report = report_schema();
    let author = &def(&report, "Author")["properties"];
    // BTreeMap: an object whose values all have the value type.
    assert_eq!(author["names"]["type"], "object");
    assert_eq!(author["names"]["additionalProperties"]["type"], "integer");
    assert_eq!(
        author["skills"]["additionalProperties"],
        json!({ "$ref": "#/$defs/SkillEvidence" })
    );
    let team = &def(&report, "Team")["properties"];
    let depth = &team["matrix"]["additionalProperties"]["additionalProperties"];
    assert_eq!(depth["type"], "integer");
    assert_eq!(depth["format"], "uint8");
    assert_eq!(
        (&depth["minimum"], &depth["maximum"]),
        (&json!(0), &json!(4))
    );
    let requires = &def(&report, "LadderUsed")["properties"]["requires"];
    assert_eq!(
        requires["additionalProperties"]["additionalProperties"]["maximum"],
        4
    );
    // Vec<u64>: an array of non-negative integers.
    let emails = &def(&report, "SuggestedAlias")["properties"]["emails"];
    assert_eq!(emails["items"]["type"], "string");
    let skill = &def(&report, "SkillEvidence")["properties"];
    // Counts per depth are named, not positional.
    assert_eq!(skill["commits_at_or_above"]["$ref"], "#/$defs/ByDepth");
    let by_depth = def(&report, "ByDepth");
    for name in ["use", "resolve", "implement", "design"] {
        assert_eq!(by_depth["properties"][name]["type"], "integer", "{name}");
        assert_eq!(by_depth["properties"][name]["minimum"], 0, "{name}");
    }
    assert_eq!(by_depth["required"].as_array().map(Vec::len), Some(4));
    // f64 and u8.
    assert_eq!(skill["score"]["type"], "number");
    assert_eq!(skill["depth"]["type"], "integer");
    assert_eq!(skill["depth"]["minimum"], 0);
    assert_eq!(skill["depth"]["maximum"], 4);
    assert_eq!(
        def(&report, "SignalCount")["properties"]["depth"]["minimum"],
        1
    );
    // ISO weeks are names (`2026-W07`), not numbers.
    let weeks = &def(&report, "AuthorMetrics")["properties"]["active_weeks"]["items"];
    assert_eq!(weeks["type"], "string");
    // Concentration names its holders.
    let holders = &def(&report, "Team")["properties"]["concentration"]["additionalProperties"];
    assert_eq!(holders["items"]["$ref"], "#/$defs/Holder");
}

#[test]
fn fixed_value_sets_are_enums_and_ladder_ids_are_free() {
    let report = report_schema();
    assert_eq!(
        def(&report, "SkillEvidence")["properties"]["confidence"]["enum"],
        json!(["low", "medium", "high"])
    );
    let placement = &def(&report, "TrackPlacement")["properties"];
    assert_eq!(
        placement["rung"],
        json!({
            "description": placement["rung"]["description"],
            "type": "string"
        })
    );
    assert_eq!(
        def(&record_schema(), "FileLine")["properties"]["status"]["enum"],
        json!(["added", "deleted", "modified", "type-changed", "renamed"])
    );
    assert_eq!(
        signal_schema()["properties"]["target"]["enum"],
        json!(["added", "removed", "path", "message"])
    );
    assert_eq!(
        report_schema()["$defs"]["Tool"]["properties"]["name"]["const"],
        "rungs"
    );
}

#[test]
fn every_1_x_report_up_to_this_one_is_readable() {
    use rungs_report::{SCHEMA_VERSION, readable};
    assert_eq!(readable(SCHEMA_VERSION), Ok(()));
    assert_eq!(readable("1.0.0"), Ok(()));
    let old = readable("0.7.0").expect_err("0.x");
    assert!(old.contains("from before schema 1.0"), "{old}");
    let newer = readable("1.99.0").expect_err("a newer minor");
    assert!(newer.contains("written by a newer rungs"), "{newer}");
    let other = readable("2.0.0").expect_err("another major");
    assert!(other.contains("scan again"), "{other}");
    assert!(readable("one").is_err());
}
