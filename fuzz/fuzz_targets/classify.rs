//! Classification of arbitrary commits (see `src/lib.rs` for the input format) with
//! the default rule pack, plus the parsers and the redaction the scanner runs on
//! the same text: trailers, subjects, `Name <email>` values and evidence text.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use rungs_core::RuleClassifier;
use rungs_fuzz::Commit;
use rungs_rules::redact::{evidence_text, redact};
use rungs_rules::{RuleSet, default_sources};
use rungs_scan::bstr::ByteSlice;
use rungs_scan::message::{name_and_email, subject, trailers};
use rungs_scan::{Classifier, FileLines, MessageInput};

/// The classifier of the default pack, built once.
static CLASSIFIER: LazyLock<RuleClassifier> = LazyLock::new(|| {
    let rules = RuleSet::from_sources(&default_sources())
        .unwrap_or_else(|e| panic!("the default pack loads: {e}"));
    RuleClassifier::new(rules)
});

fuzz_target!(|data: &[u8]| {
    let commit = Commit::parse(data);
    let classifier = &*CLASSIFIER;
    let rule_count = classifier.rules().rules().len();

    let mut hits = Vec::new();
    let mut state = <RuleClassifier as Classifier>::Commit::default();
    for file in &commit.files {
        classifier.classify_file(
            &mut state,
            &FileLines {
                path: file.path,
                added: &file.added,
                removed: &file.removed,
            },
            &mut hits,
        );
        for line in file.added.iter().chain(&file.removed) {
            let text = line.text.to_str_lossy();
            let _ = redact(&text);
            let _ = evidence_text(&text);
        }
    }
    for hit in &hits {
        assert!((hit.rule as usize) < rule_count);
        assert!(hit.path.is_some() && hit.line.is_some() && hit.text.is_some());
    }
    let paths = commit.paths();
    classifier.classify_message(
        &mut state,
        &MessageInput {
            message: commit.message,
            paths: &paths,
            author_name: b"Fuzz Author".as_bstr(),
            author_email: b"fuzz@example.com".as_bstr(),
        },
        &mut hits,
    );
    assert!(hits.iter().all(|hit| (hit.rule as usize) < rule_count));

    let _ = subject(commit.message);
    for trailer in trailers(commit.message) {
        if let Some((name, email)) = name_and_email(trailer.value.as_bstr()) {
            assert!(!email.is_empty());
            let _ = (name, redact(&trailer.value.to_str_lossy()));
        }
    }
    for line in commit.message.lines() {
        let _ = evidence_text(&line.to_str_lossy());
    }
});
