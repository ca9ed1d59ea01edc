//! What kind of file a path is: tests and documentation, whose lines weigh
//! differently from code as evidence.

/// Whether `path` is a test file or lies in a test directory, in the layouts of
/// the common languages and frameworks.
pub fn is_test_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let file = lower.rsplit('/').next().unwrap_or(&lower);
    let in_dir = lower.split('/').rev().skip(1).any(|dir| {
        matches!(
            dir,
            "test"
                | "tests"
                | "spec"
                | "specs"
                | "__tests__"
                | "testing"
                | "testdata"
                | "t"
                | "test-support"
                | "testsuite"
                | "integration-tests"
                | "e2e"
        ) || dir.ends_with("-tests")
            || dir.ends_with("_tests")
    });
    in_dir
        || file.starts_with("test_")
        || [
            "_test.go",
            "_test.py",
            "_test.rb",
            "_spec.rb",
            "_tests.rs",
            "_test.rs",
            "_test.c",
            "_test.exs",
        ]
        .iter()
        .any(|s| file.ends_with(s))
        || [".test.", ".spec.", "-test.", "-spec."]
            .iter()
            .any(|s| file.contains(s))
        || (path.rsplit('/').next().is_some_and(|f| {
            let stem = f.rsplit_once('.').map_or(f, |(s, _)| s);
            stem.ends_with("Test")
                || stem.ends_with("Tests")
                || stem.ends_with("Spec")
                || stem.ends_with("IT")
        }) && !file.ends_with(".md"))
}

/// Whether `path` is documentation: prose formats, or anything under a docs directory.
pub fn is_docs_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let file = lower.rsplit('/').next().unwrap_or(&lower);
    let ext = file.rsplit_once('.').map(|(_, e)| e);
    matches!(
        ext,
        Some("md" | "markdown" | "rst" | "adoc" | "asciidoc" | "txt" | "rdoc" | "textile" | "pod")
    ) || matches!(
        file,
        "readme" | "changes" | "news" | "authors" | "contributors"
    ) || lower
        .split('/')
        .rev()
        .skip(1)
        .any(|dir| matches!(dir, "doc" | "docs" | "documentation" | "man" | "website"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_paths() {
        for path in [
            "t/t1400-update-ref.sh",
            "tests/testsuite/lockfile.rs",
            "pkg/store/store_test.go",
            "hc/api/tests/test_auth.py",
            "src/test/java/org/apache/shiro/RealmTest.java",
            "spec/models/user_spec.rb",
            "web/__tests__/App.tsx",
            "lib/auth.test.ts",
            "crates/resolver-tests/src/lib.rs",
            "tests/phpstan-polyfill.php",
        ] {
            assert!(is_test_path(path), "{path}");
        }
        for path in [
            "src/testing_utils.rs",
            "lib/attestation.js",
            "src/contest/mod.rs",
            "refs/files-backend.c",
            "docs/Testing.md",
        ] {
            assert!(!is_test_path(path), "{path}");
        }
    }

    #[test]
    fn docs_paths() {
        for path in [
            "README.md",
            "Documentation/git-update-ref.txt",
            "docs/api/guide.html",
            "README.rdoc",
        ] {
            assert!(is_docs_path(path), "{path}");
        }
        for path in ["src/doctor.rs", "lib/documents.js", "requirements.txt.py"] {
            assert!(!is_docs_path(path), "{path}");
        }
    }
}
