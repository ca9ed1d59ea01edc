//! Sets `RUNGS_VERSION` for `rungs --version`: the package version, and when the
//! crate is built from a git checkout of rungs, the commit and its date
//! (`0.1.0 (3f2a9c1d8e4b 2026-12-08)`). Reports carry the package version only,
//! so they do not change with the build.

use std::{path::Path, process::Command};

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

fn main() {
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let dir = Path::new(&dir);
    // Only a checkout that tracks this very crate: not some repository that
    // happens to enclose an unpacked package.
    let commit = git(dir, &["ls-files", "--error-unmatch", "Cargo.toml"])
        .and_then(|_| git(dir, &["log", "-1", "--format=%h %cs", "--abbrev=12"]))
        .filter(|c| !c.is_empty());
    match commit {
        Some(commit) => {
            println!("cargo:rustc-env=RUNGS_VERSION={version} ({commit})");
            // Build again when HEAD moves (a commit, a checkout); only files
            // that exist, since cargo reruns for a missing one every time.
            let head = git(dir, &["symbolic-ref", "-q", "HEAD"]);
            for name in ["HEAD", "packed-refs"].into_iter().chain(head.as_deref()) {
                if let Some(path) = git(
                    dir,
                    &["rev-parse", "--path-format=absolute", "--git-path", name],
                )
                .filter(|p| Path::new(p).exists())
                {
                    println!("cargo:rerun-if-changed={path}");
                }
            }
        }
        None => println!("cargo:rustc-env=RUNGS_VERSION={version}"),
    }
    println!("cargo:rerun-if-changed=build.rs");
}
