//! `rungs completions`, `rungs man` and `rungs --version`: generated from the
//! command-line definitions, they know every subcommand.

use crate::common::*;

/// The subcommands `rungs --help` lists (clap's own `help` aside).
fn subcommands() -> Vec<String> {
    let help = String::from_utf8(rungs_ok(scratch(), &["--help"]).stdout).expect("utf-8");
    let list: Vec<String> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .filter(|name| name != "help")
        .collect();
    assert!(
        list.len() >= 11 && list.iter().any(|c| c == "scan") && list.iter().any(|c| c == "man"),
        "{list:?}"
    );
    list
}

#[test]
fn completions_cover_every_subcommand_in_every_shell() {
    let commands = subcommands();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = rungs_ok(scratch(), &["completions", shell]);
        let script = String::from_utf8(out.stdout).expect("utf-8");
        assert!(script.len() > 1000, "{shell}: {script}");
        for command in &commands {
            assert!(script.contains(command.as_str()), "{shell}: no {command}");
        }
        // Options of subcommands too, not only their names.
        assert!(script.contains("--team"), "{shell}");
        assert!(script.contains("--strict-ladder"), "{shell}");
    }
    let out = rungs(scratch(), &["completions", "tcsh"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
}

#[test]
fn the_man_page_has_a_section_per_subcommand() {
    let page = String::from_utf8(rungs_ok(scratch(), &["man"]).stdout).expect("utf-8");
    assert!(page.contains(".TH rungs 1"), "a roff page of section 1");
    for command in subcommands() {
        let nested: Vec<String> = match command.as_str() {
            "rules" => vec!["RULES LIST".to_owned(), "RULES TEST".to_owned()],
            "aliases" => vec!["ALIASES SUGGEST".to_owned()],
            "ladder" => vec!["LADDER CHECK".to_owned(), "LADDER IMPORT".to_owned()],
            other => vec![other.to_uppercase()],
        };
        for name in nested {
            assert!(
                page.contains(&format!(".SH \"RUNGS {name}\"")),
                "no section for {name}"
            );
        }
    }
    assert!(
        !page.contains("RUNGS HELP"),
        "clap's help subcommand has no section"
    );
    assert!(page.contains("EXAMPLES AND EXIT STATUS"));
    // Each subcommand's options are there, with their help.
    assert!(page.contains("\\-\\-team"), "{page}");
    if std::process::Command::new("man")
        .arg("--version")
        .output()
        .is_ok()
    {
        let file = scratch().join("rungs.1");
        std::fs::write(&file, &page).expect("write");
        let out = std::process::Command::new("man")
            .arg("-l")
            .arg(&file)
            .env("MANWIDTH", "100")
            .env("MAN_KEEP_FORMATTING", "0")
            .output()
            .expect("man runs");
        // Bold and underline come as overstrikes (`X\x08X`): keep the last of each.
        let mut text = String::new();
        for c in String::from_utf8_lossy(&out.stdout).chars() {
            if c == '\x08' {
                text.pop();
            } else {
                text.push(c);
            }
        }
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(text.contains("RUNGS SCAN"), "{text}");
    }
}

#[test]
fn version_names_the_commit_of_a_checkout() {
    let version = String::from_utf8(rungs_ok(scratch(), &["--version"]).stdout).expect("utf-8");
    let package = env!("CARGO_PKG_VERSION");
    assert!(
        version.starts_with(&format!("rungs {package}")),
        "{version}"
    );
    let head = std::process::Command::new("git")
        .arg("-C")
        .arg(workspace())
        .args(["rev-parse", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success());
    if let Some(head) = head {
        let head = String::from_utf8_lossy(&head.stdout);
        assert!(
            version.contains(&format!("({} ", &head.trim()[..12])),
            "built from a checkout at {head}: {version}"
        );
    }
}
