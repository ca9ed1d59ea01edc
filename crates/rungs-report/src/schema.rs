//! JSON Schemas of the documents, generated from the types of this crate.
//!
//! The schemas are committed under [`SCHEMA_DIR`] at the root of the workspace;
//! [`REGENERATE`] rewrites them after a change to the types, and a test fails
//! while the committed files differ from what the types give.

use schemars::{JsonSchema, generate::SchemaSettings};
use serde_json::{Map, Value};

use crate::{CommitLine, Report, SCHEMA_VERSION, SignalLine};

/// The folder of the committed schemas, relative to the workspace root.
pub const SCHEMA_DIR: &str = "schema";

/// The command, run at the workspace root, that rewrites the committed schemas.
pub const REGENERATE: &str = "cargo run -p rungs-report --example schema";

/// The compatibility rule every schema states.
const SEMVER_RULE: &str = "The format follows semantic versioning: a minor version only adds \
    fields, a major version may change or remove them; before 1.0, a minor version may change \
    them too. Each schema describes exactly the documents of its version.";

/// The schema of the report of `rungs scan --format json` (a [`Report`]).
pub fn report_schema() -> Value {
    generate::<Report>(
        "report.schema.json",
        "rungs report",
        "Written by `rungs scan --format json` (and `rungs report --format json`)",
    )
}

/// The schema of one line of the `rungs scan --records FILE` output (a [`CommitLine`]).
pub fn record_schema() -> Value {
    generate::<CommitLine>(
        "record.schema.json",
        "rungs commit record",
        "Written one per commit, a line each, to the NDJSON file of `rungs scan --records FILE`",
    )
}

/// The schema of one line of the `rungs scan --signals FILE` output (a [`SignalLine`]).
pub fn signal_schema() -> Value {
    generate::<SignalLine>(
        "signal.schema.json",
        "rungs evidence line",
        "Written one per piece of evidence, a line each, to the NDJSON file of `rungs scan --signals FILE`",
    )
}

/// Every schema as its file name in [`SCHEMA_DIR`] and the exact text of that
/// file: pretty-printed JSON with object keys sorted and a trailing newline.
pub fn schema_files() -> Vec<(&'static str, String)> {
    [
        ("report.schema.json", report_schema()),
        ("record.schema.json", record_schema()),
        ("signal.schema.json", signal_schema()),
    ]
    .into_iter()
    .map(|(name, schema)| {
        let mut text = serde_json::to_string_pretty(&schema)
            .unwrap_or_else(|e| unreachable!("a schema is plain JSON: {e}"));
        text.push('\n');
        (name, text)
    })
    .collect()
}

/// For maps whose values are depths (`Team::matrix`, `LadderUsed::requires`): the
/// integers at the bottom of the nested maps go up to depth 4, not 255.
pub(crate) fn depth_values(schema: &mut schemars::Schema) {
    let Some(mut value) = schema.get_mut("additionalProperties") else {
        return;
    };
    while value.get("additionalProperties").is_some() {
        value = &mut value["additionalProperties"];
    }
    if let Value::Object(integer) = value {
        integer.insert("maximum".into(), 4.into());
    }
}

/// The schema of `T` as the document `file`, with its `$id`, title, description
/// and provenance, and with descriptions read as prose rather than rustdoc.
fn generate<T: JsonSchema>(file: &str, title: &str, what: &str) -> Value {
    let generator = SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    let mut schema = generator.into_root_schema_for::<T>().to_value();
    tidy_descriptions(&mut schema);
    if let Value::Object(root) = &mut schema {
        let doc = root
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        root.insert(
            "$id".into(),
            format!("{}/{SCHEMA_DIR}/{file}", env!("CARGO_PKG_REPOSITORY")).into(),
        );
        root.insert("title".into(), title.into());
        root.insert(
            "description".into(),
            format!("{doc}\n\n{what}; format version {SCHEMA_VERSION}.\n\n{SEMVER_RULE}").into(),
        );
        root.insert(
            "$comment".into(),
            format!(
                "Generated from the Rust types of the rungs-report crate (crates/rungs-report/src/lib.rs); \
                 do not edit. Regenerate with `{REGENERATE}` at the workspace root."
            )
            .into(),
        );
    }
    sort_keys(schema)
}

/// Descriptions come from doc comments: join the lines of each paragraph and
/// turn intra-doc links (``[`Repo::path`]``) into plain code spans.
fn tidy_descriptions(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match v {
                    Value::String(text) if key == "description" => *text = prose(text),
                    _ => tidy_descriptions(v),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(tidy_descriptions),
        _ => {}
    }
}

/// `text` with single line breaks turned into spaces (paragraph breaks kept) and
/// ``[`x`]`` turned into `` `x` ``.
fn prose(text: &str) -> String {
    let joined = text
        .split("\n\n")
        .map(|paragraph| {
            paragraph
                .lines()
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n\n");
    let mut out = String::with_capacity(joined.len());
    let mut rest = joined.as_str();
    while let Some(start) = rest.find("[`") {
        let link = rest[start + 2..]
            .find('`')
            .filter(|&end| rest[start + 2 + end..].starts_with("`]"));
        match link {
            Some(end) => {
                out.push_str(&rest[..start]);
                out.push_str(&rest[start + 1..start + 2 + end + 1]);
                rest = &rest[start + 2 + end + 2..];
            }
            None => {
                out.push_str(&rest[..start + 2]);
                rest = &rest[start + 2..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The same value with the keys of every object in sorted order, whatever map
/// type serde_json was built with, so that the files do not depend on features.
fn sort_keys(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k, sort_keys(v)))
                    .collect::<Map<_, _>>(),
            )
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sort_keys).collect()),
        other => other,
    }
}
