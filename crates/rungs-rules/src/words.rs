//! Identifier-aware words: what a line of code says once its names are split.
//!
//! `hold_lock_file_for_update(&lk, path)`, `beginTransaction()`,
//! `ErrPermissionDenied` and `REF_TRANSACTION_COMMIT` all read as words
//! (`hold lock file for update lk path`, `begin transaction`, `err permission
//! denied`, `ref transaction commit`), so that vocabulary rules can name the
//! concepts a project's own identifiers use. A line is also split by the role
//! its parts play: the name a definition introduces, code, string literals and
//! comments.

use crate::language::Language;

/// The role of a piece of a changed line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// The name a definition introduces (`fn commit_lock_file`, `class PermissionPolicy`).
    Definition,
    /// Code outside string literals and comments.
    Code,
    /// The contents of string literals.
    String,
    /// A comment.
    Comment,
    /// Any line of a test file.
    Test,
    /// Any line of documentation.
    Docs,
}

impl Role {
    /// Every role, in the order rule files and weights name them.
    pub const ALL: [Role; 6] = [
        Role::Definition,
        Role::Code,
        Role::String,
        Role::Comment,
        Role::Test,
        Role::Docs,
    ];

    /// The name used in rule and weight files.
    pub fn name(self) -> &'static str {
        match self {
            Role::Definition => "definition",
            Role::Code => "code",
            Role::String => "string",
            Role::Comment => "comment",
            Role::Test => "test",
            Role::Docs => "docs",
        }
    }

    /// The role with this name.
    pub fn from_name(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.name() == name)
    }
}

/// Appends the words of `text` to `out`, lower-cased and each preceded by one space.
///
/// Identifiers split at underscores, hyphens and dollar signs, at lower-to-upper
/// case changes (`beginTx` → `begin tx`) and before the last capital of a run
/// followed by a lower-case letter (`HTTPError` → `http error`). Digits stay
/// with the letters before them (`utf8`, `sha256`). Anything else separates
/// words. With a space before every word and one at the very end (see
/// [`finish`]), a vocabulary entry such as `" lock file "` matches whole words
/// only.
pub fn push_words(text: &str, out: &mut String) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !b.is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        // One identifier-like run of letters and digits (ASCII only).
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
            i += 1;
        }
        split_run(&bytes[start..i], out);
    }
}

/// Ends a word view begun with [`push_words`]: the trailing space closes the last word.
pub fn finish(out: &mut String) {
    out.push(' ');
}

/// Splits one run of ASCII letters and digits at case changes.
fn split_run(run: &[u8], out: &mut String) {
    let mut word_start = true;
    for (k, &c) in run.iter().enumerate() {
        let prev = k.checked_sub(1).map(|p| run[p]);
        let next = run.get(k + 1).copied();
        let boundary = match prev {
            None => true,
            Some(p) => {
                (p.is_ascii_lowercase() && c.is_ascii_uppercase())
                    || (p.is_ascii_digit() && c.is_ascii_uppercase())
                    || (p.is_ascii_uppercase()
                        && c.is_ascii_uppercase()
                        && next.is_some_and(|n| n.is_ascii_lowercase()))
            }
        };
        if boundary || word_start {
            out.push(' ');
            word_start = false;
        }
        out.push(c.to_ascii_lowercase() as char);
    }
}

/// The parts of one line of code: the code with string literals blanked out, and
/// the string literals' contents.
///
/// This is a line-level approximation: a string that spans lines, or a quote
/// inside a comment, is not followed across lines. It is good enough to tell a
/// word used as a name from the same word in a message.
pub fn split_strings(
    line: &str,
    language: Option<Language>,
    code: &mut String,
    strings: &mut String,
) {
    code.clear();
    strings.clear();
    let quotes: &[u8] = match language {
        // A single quote starts a character literal or a lifetime in Rust.
        // Data and configuration files (JSON, TOML, XML, ...): double-quoted values.
        Some(Language::Rust) | None => b"\"",
        Some(Language::Markdown) => b"",
        _ => b"\"'`",
    };
    let bytes = line.as_bytes();
    let mut i = 0;
    let mut copied = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if quotes.contains(&b) {
            // Find the closing quote, skipping escaped characters.
            let mut j = i + 1;
            while j < bytes.len() && bytes[j] != b {
                j += if bytes[j] == b'\\' { 2 } else { 1 };
            }
            let end = j.min(bytes.len());
            code.push_str(&line[copied..i]);
            code.push(' ');
            if let Some(inner) = line.get(i + 1..end) {
                strings.push_str(inner);
                strings.push(' ');
            }
            i = (end + 1).min(bytes.len());
            copied = i;
            continue;
        }
        if is_line_comment_start(bytes, i, language) {
            break;
        }
        i += 1;
    }
    code.push_str(&line[copied..i.min(bytes.len())]);
}

/// Whether a trailing line comment starts at byte `i`.
fn is_line_comment_start(bytes: &[u8], i: usize, language: Option<Language>) -> bool {
    let at = |s: &[u8]| bytes[i..].starts_with(s);
    match language {
        Some(
            Language::Python | Language::Ruby | Language::Shell | Language::Yaml | Language::Hcl,
        ) => at(b"#") && (i == 0 || bytes[i - 1].is_ascii_whitespace()),
        Some(Language::Sql) => at(b"--"),
        Some(Language::Markdown) | None => false,
        // `//` after a blank: a URL such as `http://` is not a comment.
        Some(_) => at(b"//") && (i == 0 || bytes[i - 1].is_ascii_whitespace()),
    }
}

/// The name a line defines, when the line opens a definition in `language`:
/// a function, method, type, module or table.
///
/// Like git's hunk-header patterns, this looks at one line; it knows the common
/// shapes of each language, not its grammar.
pub fn defined_name(line: &str, language: Language) -> Option<&str> {
    let trimmed = line.trim_start();
    match language {
        Language::C | Language::Cpp => c_like_definition(line),
        Language::Rust => rust_definition(trimmed),
        Language::Go => go_definition(trimmed),
        Language::Python => after_keyword(strip_words(trimmed, &["async"]), &["def", "class"]),
        Language::Ruby => ruby_definition(trimmed),
        Language::Php => php_definition(trimmed),
        Language::Java
        | Language::CSharp
        | Language::Kotlin
        | Language::Scala
        | Language::Swift => jvm_like_definition(trimmed),
        Language::JavaScript | Language::TypeScript => javascript_definition(trimmed),
        Language::Sql => sql_definition(trimmed),
        Language::Shell => shell_definition(trimmed),
        Language::Yaml | Language::Hcl | Language::Dockerfile | Language::Markdown => None,
    }
}

/// A Rust item's name: `fn`, `struct`, `enum`, `trait`, `type`, `mod` or `union`
/// after any visibility and qualifiers.
fn rust_definition(trimmed: &str) -> Option<&str> {
    after_keyword(
        strip_words(
            trimmed,
            &[
                "pub",
                "pub(crate)",
                "pub(super)",
                "async",
                "const",
                "unsafe",
                "extern",
                "default",
            ],
        ),
        &["fn", "struct", "enum", "trait", "type", "mod", "union"],
    )
}

/// A Go function, method or type name: `func Name(`, `func (r *Repo) Name(`, `type Name`.
fn go_definition(trimmed: &str) -> Option<&str> {
    let rest = trimmed
        .strip_prefix("func ")
        .or_else(|| trimmed.strip_prefix("type "))?;
    let rest = rest.trim_start();
    // A method: `func (r *Repo) Name(`.
    let rest = match rest.strip_prefix('(') {
        Some(receiver) => receiver.split_once(')')?.1.trim_start(),
        None => rest,
    };
    leading_identifier(rest)
}

/// A Ruby method (`def name`, `def self.name`), class or module name.
fn ruby_definition(trimmed: &str) -> Option<&str> {
    let rest = trimmed.strip_prefix("def ").map(|r| {
        let r = r.trim_start();
        r.strip_prefix("self.").unwrap_or(r)
    });
    match rest {
        Some(rest) => leading_identifier(rest),
        None => after_keyword(trimmed, &["class", "module"]),
    }
}

/// A PHP function, class, interface, trait or enum name after any modifiers.
fn php_definition(trimmed: &str) -> Option<&str> {
    after_keyword(
        strip_words(
            trimmed,
            &[
                "public",
                "private",
                "protected",
                "static",
                "final",
                "abstract",
                "readonly",
            ],
        ),
        &["function", "class", "interface", "trait", "enum"],
    )
}

/// A type or function name in Java, C#, Kotlin, Scala or Swift: after a keyword
/// such as `class` or `fun`, or a method `Type name(` after at least one modifier.
fn jvm_like_definition(trimmed: &str) -> Option<&str> {
    let rest = strip_words(
        trimmed,
        &[
            "public",
            "private",
            "protected",
            "internal",
            "static",
            "final",
            "abstract",
            "synchronized",
            "default",
            "override",
            "open",
            "sealed",
            "data",
            "suspend",
            "virtual",
            "async",
            "partial",
            "readonly",
        ],
    );
    if let Some(name) = after_keyword(
        rest,
        &[
            "class",
            "interface",
            "enum",
            "record",
            "@interface",
            "fun",
            "object",
            "trait",
            "def",
            "struct",
            "func",
        ],
    ) {
        return Some(name);
    }
    // A method: `Type name(` after at least one modifier, not a call or a statement.
    (rest.len() < trimmed.len() && !trimmed.ends_with(';'))
        .then(|| method_name(rest))
        .flatten()
}

/// A JavaScript or TypeScript definition's name: a function, class, interface,
/// type or enum, a `const` bound to a function, or a method in a class body.
fn javascript_definition(trimmed: &str) -> Option<&str> {
    let rest = strip_words(
        trimmed,
        &[
            "export",
            "default",
            "async",
            "static",
            "public",
            "private",
            "protected",
            "abstract",
            "declare",
        ],
    );
    if let Some(name) = after_keyword(
        rest,
        &[
            "function",
            "function*",
            "class",
            "interface",
            "type",
            "enum",
        ],
    ) {
        return Some(name);
    }
    // `const name = (...) =>` or `const name = function`.
    if let Some(binding) = after_keyword(rest, &["const", "let", "var"]) {
        let after = rest.split_once('=')?.1.trim_start();
        let is_function = after.starts_with("function")
            || after.starts_with("async")
            || (after.starts_with('(') && after.contains("=>"))
            || after.split_once("=>").is_some_and(|(params, _)| {
                params
                    .trim()
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_')
            });
        return is_function.then_some(binding);
    }
    // A method in a class body: `name(args) {`.
    (rest.ends_with('{') && !rest.starts_with(['}', '.']))
        .then(|| method_name(rest))
        .flatten()
        .filter(|n| {
            !matches!(
                *n,
                "if" | "for" | "while" | "switch" | "catch" | "return" | "function"
            )
        })
}

/// The name a SQL `CREATE` statement gives a table, index, function, procedure,
/// trigger or view.
fn sql_definition(trimmed: &str) -> Option<&str> {
    let lower = trimmed.to_ascii_lowercase();
    let rest = lower.strip_prefix("create ")?;
    let rest = rest.strip_prefix("or replace ").unwrap_or(rest);
    let rest = rest.strip_prefix("unique ").unwrap_or(rest);
    let kind_end = rest.find(' ')?;
    matches!(
        &rest[..kind_end],
        "table" | "index" | "function" | "procedure" | "trigger" | "view"
    )
    .then(|| {
        let offset = trimmed.len() - rest.len() + kind_end;
        let name = trimmed[offset..].trim_start();
        let name = name
            .strip_prefix("if not exists ")
            .or_else(|| name.strip_prefix("IF NOT EXISTS "))
            .unwrap_or(name);
        leading_identifier(name.trim_start_matches(['"', '`', '[']))
    })
    .flatten()
}

/// A shell function's name: `name()` or `function name()`.
fn shell_definition(trimmed: &str) -> Option<&str> {
    let rest = trimmed.strip_prefix("function ").unwrap_or(trimmed);
    let name = leading_identifier(rest)?;
    rest[name.len()..]
        .trim_start()
        .starts_with("()")
        .then_some(name)
}

/// A C function definition's name: a line starting at column 0 with a type and
/// `name(`, not ending in `;` (a declaration) and not a statement.
fn c_like_definition(line: &str) -> Option<&str> {
    let first = *line.as_bytes().first()?;
    if !(first.is_ascii_alphabetic() || first == b'_') || line.trim_end().ends_with(';') {
        return None;
    }
    for keyword in ["struct ", "enum ", "union "] {
        if let Some(rest) = line.strip_prefix(keyword)
            && let Some(name) = leading_identifier(rest)
            && rest[name.len()..].trim_start().starts_with('{')
        {
            return Some(name);
        }
    }
    if let Some(rest) = line.strip_prefix("#define ") {
        return leading_identifier(rest);
    }
    let open = line.find('(')?;
    let before = line[..open].trim_end();
    // `if (`, `return (`, a bare call: at least a type word before the name.
    let name_start = after_last(before, |c| !(c.is_alphanumeric() || c == '_'))?;
    let name = &before[name_start..];
    let head = before[..name_start].trim();
    if name.is_empty()
        || head.is_empty()
        || matches!(
            name,
            "if" | "while" | "for" | "switch" | "return" | "sizeof"
        )
    {
        return None;
    }
    Some(name)
}

/// `text` without any leading words from `words` (modifiers), each followed by blanks.
fn strip_words<'a>(mut text: &'a str, words: &[&str]) -> &'a str {
    'outer: loop {
        for word in words {
            if let Some(rest) = text.strip_prefix(word)
                && rest.starts_with([' ', '\t'])
            {
                text = rest.trim_start();
                continue 'outer;
            }
        }
        return text;
    }
}

/// The identifier after one of `keywords` at the start of `text`.
fn after_keyword<'a>(text: &'a str, keywords: &[&str]) -> Option<&'a str> {
    keywords.iter().find_map(|keyword| {
        let rest = text.strip_prefix(keyword)?;
        rest.starts_with([' ', '\t'])
            .then(|| leading_identifier(rest.trim_start()))
            .flatten()
    })
}

/// The identifier that `text` starts with (letters, digits, `_`, `$`, and Ruby's `?`/`!`).
fn leading_identifier(text: &str) -> Option<&str> {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '$' | '?' | '!')))
        .unwrap_or(text.len());
    let name = &text[..end];
    (!name.is_empty() && !name.as_bytes()[0].is_ascii_digit()).then_some(name)
}

/// The byte index just after the last character of `text` that `stop` accepts
/// (a character may be several bytes long: `größe(`).
fn after_last(text: &str, stop: impl Fn(char) -> bool) -> Option<usize> {
    text.char_indices()
        .rev()
        .find(|&(_, c)| stop(c))
        .map(|(at, c)| at + c.len_utf8())
}

/// The name before the first `(` of `text`, when what precedes it is a plain identifier.
fn method_name(text: &str) -> Option<&str> {
    let open = text.find('(')?;
    let before = text[..open].trim_end();
    let start =
        after_last(before, |c| !(c.is_alphanumeric() || matches!(c, '_' | '$'))).unwrap_or(0);
    let name = &before[start..];
    (!name.is_empty() && !name.as_bytes()[0].is_ascii_digit()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_ascii_letters_before_a_parenthesis_are_not_names() {
        for language in Language::ALL {
            for line in [
                "public void größe(int x) {",
                "Carlo Marcelo Arenas Belón (1):",
                "int\u{a0}\u{a0}f\u{a0}(void)",
                "fn é(x: u8) {",
                "é(",
            ] {
                // Not a panic: letters of any script belong to a name.
                let _ = defined_name(line, language);
            }
        }
        assert_eq!(
            defined_name("public void größe(int x) {", Language::Java),
            Some("größe")
        );
        assert_eq!(
            defined_name("int\u{a0}f\u{a0}(void)", Language::C),
            Some("f")
        );
    }

    fn words(text: &str) -> String {
        let mut out = String::new();
        push_words(text, &mut out);
        finish(&mut out);
        out
    }

    #[test]
    fn identifiers_split_into_words() {
        assert_eq!(
            words("hold_lock_file_for_update(&lk, path, 0)"),
            " hold lock file for update lk path "
        );
        assert_eq!(
            words("tx, err := db.BeginTx(ctx)"),
            " tx err db begin tx ctx "
        );
        assert_eq!(
            words("return ErrPermissionDenied"),
            " return err permission denied "
        );
        assert_eq!(
            words("HTTPError REF_TRANSACTION_COMMIT"),
            " http error ref transaction commit "
        );
        // A run that starts with a digit is a number, not a word.
        assert_eq!(
            words("sha256sum utf8 x86_64 v2Api"),
            " sha256sum utf8 x86 v2 api "
        );
        assert_eq!(words("lock-file café"), " lock file caf ");
    }

    #[test]
    fn strings_and_comments_are_apart_from_code() {
        let (mut code, mut strings) = (String::new(), String::new());
        split_strings(
            r#"    die("cannot lock \"%s\"", path); // lock it"#,
            Some(Language::C),
            &mut code,
            &mut strings,
        );
        assert_eq!(code, "    die( , path); ");
        assert_eq!(strings, r#"cannot lock \"%s\" "#);
        split_strings(
            "    x = 'a' # not a string",
            Some(Language::Python),
            &mut code,
            &mut strings,
        );
        assert_eq!(code, "    x =   ");
        split_strings(
            "let url = \"http://x\"; // c",
            Some(Language::Rust),
            &mut code,
            &mut strings,
        );
        assert_eq!(code, "let url =  ; ");
        split_strings(
            "fn f<'a>(x: &'a str)",
            Some(Language::Rust),
            &mut code,
            &mut strings,
        );
        assert_eq!(code, "fn f<'a>(x: &'a str)");
        // A data file (JSON, a locale): its double-quoted values are strings.
        split_strings(
            r#"  "history.failed": "Transaction failed.","#,
            None,
            &mut code,
            &mut strings,
        );
        assert_eq!(code, "   :  ,");
        assert_eq!(strings, "history.failed Transaction failed. ");
    }

    /// Lines of each language and the name each defines, if any.
    const DEFINITIONS: &[(Language, &str, Option<&str>)] = &[
        (
            Language::C,
            "int commit_lock_file(struct lock_file *lk)",
            Some("commit_lock_file"),
        ),
        (
            Language::C,
            "static int ref_transaction_commit(",
            Some("ref_transaction_commit"),
        ),
        (Language::C, "\tif (commit_lock_file(lk))", None),
        (
            Language::C,
            "int commit_lock_file(struct lock_file *lk);",
            None,
        ),
        (Language::C, "struct lock_file {", Some("lock_file")),
        (
            Language::Rust,
            "    pub(crate) async fn begin_transaction(&self) {",
            Some("begin_transaction"),
        ),
        (
            Language::Rust,
            "pub enum PermissionError {",
            Some("PermissionError"),
        ),
        (Language::Rust, "    let tx = begin();", None),
        (
            Language::Go,
            "func (s *Store) CommitTx(ctx context.Context) error {",
            Some("CommitTx"),
        ),
        (
            Language::Go,
            "type ErrPermissionDenied struct {",
            Some("ErrPermissionDenied"),
        ),
        (
            Language::Python,
            "    async def has_permission(self, request, view):",
            Some("has_permission"),
        ),
        (
            Language::Ruby,
            "  def self.authorize!(user)",
            Some("authorize!"),
        ),
        (
            Language::Php,
            "    public function beginTransaction(): bool",
            Some("beginTransaction"),
        ),
        (
            Language::Java,
            "    public boolean isPermitted(Subject s) {",
            Some("isPermitted"),
        ),
        (
            Language::Java,
            "public final class AuthorizationException extends ShiroException {",
            Some("AuthorizationException"),
        ),
        (Language::Java, "        return isPermitted(s);", None),
        (
            Language::Kotlin,
            "    override suspend fun withTransaction() {",
            Some("withTransaction"),
        ),
        (
            Language::TypeScript,
            "export async function requireAuth(ctx: Context) {",
            Some("requireAuth"),
        ),
        (
            Language::TypeScript,
            "  const canUpdate = (user) => {",
            Some("canUpdate"),
        ),
        (
            Language::TypeScript,
            "  async rollback(conn) {",
            Some("rollback"),
        ),
        (Language::TypeScript, "  if (x) {", None),
        (
            Language::Sql,
            "CREATE UNIQUE INDEX idx_users_email ON users(email);",
            Some("idx_users_email"),
        ),
        (
            Language::Sql,
            "create table if not exists audit_log (",
            Some("audit_log"),
        ),
        (Language::Shell, "acquire_lock () {", Some("acquire_lock")),
    ];

    #[test]
    fn definitions_per_language() {
        for (language, line, expected) in DEFINITIONS {
            assert_eq!(
                defined_name(line, *language),
                *expected,
                "{language:?}: {line}"
            );
        }
    }
}
