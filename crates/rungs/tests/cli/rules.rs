//! `rungs rules list|test` on the default pack and on broken rule directories.

use crate::common::*;

#[test]
fn the_default_pack_passes_its_own_examples() {
    let out = rungs_ok(&workspace(), &["rules", "test"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("all pass"), "{text}");
    // The same files, read from the directory instead of the embedded copies.
    rungs_ok(&workspace(), &["rules", "test", "rules"]);
}

#[test]
fn list_prints_one_line_per_rule() {
    let out = rungs_ok(&workspace(), &["rules", "list"]);
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("id\tskill\tsignal\tdepth\ttarget\tlanguages\tdescription")
    );
    assert!(lines.clone().count() >= 10);
    assert!(lines.all(|l| l.split('\t').count() == 7));
}

#[test]
fn a_broken_rule_directory_fails_with_file_and_position() {
    let dir = scratch().join("broken-rules");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let cases = [
        (
            "[[rule]]\nid = \"x\"\nskill = \"acid\"\nsignal = \"transaction\"\ndepth = 1\ntarget = \"added\"\npattern = '(?i)begin'\ndescription = \"d\"\nexamples.match = [\"begin\", \"BEGIN\"]\nexamples.no_match = [\"end\", \"beginning\"]\n",
            "team.toml: rule 'x': example \"beginning\" should not match but does",
        ),
        (
            "[[rule]]\nid = \"x\"\nskill = \"acid\"\n",
            "team.toml:1:1: missing field `signal`",
        ),
    ];
    for (text, expected) in cases {
        std::fs::write(dir.join("team.toml"), text).expect("write");
        let out = rungs(
            &workspace(),
            &["rules", "test", dir.to_str().expect("utf-8")],
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains(expected), "expected {expected:?} in {err}");
    }
}
