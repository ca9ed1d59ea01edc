//! Recognising a file's language from its path, and its comment syntax.

/// A language rules can be scoped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Language {
    /// Rust.
    Rust,
    /// Go.
    Go,
    /// Python.
    Python,
    /// Java.
    Java,
    /// Kotlin.
    Kotlin,
    /// JavaScript.
    JavaScript,
    /// TypeScript.
    TypeScript,
    /// C.
    C,
    /// C++.
    Cpp,
    /// C#.
    CSharp,
    /// Ruby.
    Ruby,
    /// PHP.
    Php,
    /// Swift.
    Swift,
    /// Scala.
    Scala,
    /// SQL.
    Sql,
    /// Shell scripts.
    Shell,
    /// YAML.
    Yaml,
    /// Terraform / HCL.
    Hcl,
    /// Dockerfiles.
    Dockerfile,
    /// Markdown.
    Markdown,
}

impl Language {
    /// Every language, in the order `rungs rules list` shows them.
    pub const ALL: [Language; 20] = [
        Language::Rust,
        Language::Go,
        Language::Python,
        Language::Java,
        Language::Kotlin,
        Language::JavaScript,
        Language::TypeScript,
        Language::C,
        Language::Cpp,
        Language::CSharp,
        Language::Ruby,
        Language::Php,
        Language::Swift,
        Language::Scala,
        Language::Sql,
        Language::Shell,
        Language::Yaml,
        Language::Hcl,
        Language::Dockerfile,
        Language::Markdown,
    ];

    /// The name used in rule files (`rust`, `cpp`, `csharp`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Language::Rust => "rust",
            Language::Go => "go",
            Language::Python => "python",
            Language::Java => "java",
            Language::Kotlin => "kotlin",
            Language::JavaScript => "javascript",
            Language::TypeScript => "typescript",
            Language::C => "c",
            Language::Cpp => "cpp",
            Language::CSharp => "csharp",
            Language::Ruby => "ruby",
            Language::Php => "php",
            Language::Swift => "swift",
            Language::Scala => "scala",
            Language::Sql => "sql",
            Language::Shell => "shell",
            Language::Yaml => "yaml",
            Language::Hcl => "hcl",
            Language::Dockerfile => "dockerfile",
            Language::Markdown => "markdown",
        }
    }

    /// The language with this rule-file name.
    pub fn from_name(name: &str) -> Option<Language> {
        Language::ALL.into_iter().find(|l| l.name() == name)
    }

    /// The language of a file, from its name or extension.
    pub fn detect(path: &str) -> Option<Language> {
        let file = path.rsplit('/').next().unwrap_or(path);
        let lower = file.to_ascii_lowercase();
        if lower == "dockerfile"
            || lower.starts_with("dockerfile.")
            || lower.ends_with(".dockerfile")
        {
            return Some(Language::Dockerfile);
        }
        let ext = lower.rsplit_once('.').map(|(_, e)| e)?;
        Some(match ext {
            "rs" => Language::Rust,
            "go" => Language::Go,
            "py" | "pyi" => Language::Python,
            "java" => Language::Java,
            "kt" | "kts" => Language::Kotlin,
            "js" | "mjs" | "cjs" | "jsx" => Language::JavaScript,
            "ts" | "tsx" | "mts" | "cts" => Language::TypeScript,
            "c" | "h" => Language::C,
            "cc" | "cpp" | "cxx" | "hpp" | "hh" | "hxx" => Language::Cpp,
            "cs" => Language::CSharp,
            "rb" => Language::Ruby,
            "php" => Language::Php,
            "swift" => Language::Swift,
            "scala" | "sc" => Language::Scala,
            "sql" => Language::Sql,
            "sh" | "bash" | "zsh" => Language::Shell,
            "yml" | "yaml" => Language::Yaml,
            "tf" | "hcl" | "tfvars" => Language::Hcl,
            "md" | "markdown" => Language::Markdown,
            _ => return None,
        })
    }

    /// Prefixes that start a line comment, or continue a block comment, once leading blanks are gone.
    fn comment_prefixes(self) -> &'static [&'static str] {
        match self {
            Language::Rust
            | Language::Go
            | Language::Java
            | Language::Kotlin
            | Language::JavaScript
            | Language::TypeScript
            | Language::C
            | Language::Cpp
            | Language::CSharp
            | Language::Swift
            | Language::Scala => &["//", "/*", "*"],
            Language::Php => &["//", "#", "/*", "*"],
            Language::Python
            | Language::Ruby
            | Language::Shell
            | Language::Yaml
            | Language::Dockerfile => &["#"],
            Language::Hcl => &["#", "//", "/*", "*"],
            Language::Sql => &["--", "/*", "*"],
            // Prose: there are no comments to skip.
            Language::Markdown => &[],
        }
    }

    /// Whether `line` holds nothing but a comment in this language.
    pub fn is_comment_line(self, line: &str) -> bool {
        let trimmed = line.trim_start();
        self.comment_prefixes()
            .iter()
            .any(|p| trimmed.starts_with(p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_by_extension_and_name() {
        assert_eq!(Language::detect("src/lib.rs"), Some(Language::Rust));
        assert_eq!(Language::detect("web/App.TSX"), Some(Language::TypeScript));
        assert_eq!(
            Language::detect("deploy/Dockerfile"),
            Some(Language::Dockerfile)
        );
        assert_eq!(Language::detect("infra/main.tf"), Some(Language::Hcl));
        assert_eq!(Language::detect("README"), None);
        for l in Language::ALL {
            assert_eq!(Language::from_name(l.name()), Some(l));
        }
    }

    #[test]
    fn comment_lines_per_language() {
        assert!(Language::Rust.is_comment_line("    // TODO: wrap in a transaction"));
        assert!(Language::Python.is_comment_line("# try: except:"));
        assert!(Language::Sql.is_comment_line("-- BEGIN;"));
        assert!(!Language::Rust.is_comment_line("let x = y?; // ok"));
        assert!(!Language::Markdown.is_comment_line("# Heading"));
    }
}
