//! Which changed paths are left out before any blob is read.

use bstr::{BStr, ByteSlice};
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use crate::{
    Error, SkipReason,
    attributes::{AttributeMatcher, AttributeRules},
};

/// The default exclusion list, one glob per line (see the file for the reasons).
const DEFAULT_EXCLUDES: &str = include_str!("../../../rules/excludes.txt");

/// Compiled path exclusions: the default list and the user's `--exclude` globs.
#[derive(Debug, Clone)]
pub(crate) struct PathRules {
    excluded: GlobSet,
}

fn default_globs() -> impl Iterator<Item = &'static str> {
    DEFAULT_EXCLUDES
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

impl PathRules {
    pub(crate) fn new(user: &[String], with_defaults: bool) -> Result<Self, Error> {
        let mut builder = GlobSetBuilder::new();
        let defaults: Vec<String> = if with_defaults {
            default_globs().map(str::to_owned).collect()
        } else {
            Vec::new()
        };
        for glob in defaults.iter().chain(user) {
            let compiled = GlobBuilder::new(glob)
                .literal_separator(true)
                .build()
                .map_err(|source| Error::BadGlob {
                    glob: glob.clone(),
                    source,
                })?;
            builder.add(compiled);
        }
        let excluded = builder.build().map_err(|source| Error::BadGlob {
            glob: user.join(" "),
            source,
        })?;
        Ok(PathRules { excluded })
    }
}

/// The decision for one path: left out (and why), or diffed, possibly as binary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PathVerdict {
    Skip(SkipReason),
    /// Diff it; `binary_attr` means the attributes already say it is binary.
    Diff {
        binary_attr: bool,
    },
}

/// Per-worker path classification.
pub(crate) struct PathMatcher<'a> {
    rules: &'a PathRules,
    attributes: AttributeMatcher<'a>,
}

impl<'a> PathMatcher<'a> {
    pub(crate) fn new(rules: &'a PathRules, attributes: &'a AttributeRules) -> Self {
        PathMatcher {
            rules,
            attributes: attributes.matcher(),
        }
    }

    pub(crate) fn verdict(&mut self, path: &BStr) -> PathVerdict {
        let attrs = self.attributes.lookup(path);
        if attrs.vendored {
            return PathVerdict::Skip(SkipReason::Vendored);
        }
        if attrs.generated {
            return PathVerdict::Skip(SkipReason::Generated);
        }
        // Non-UTF-8 bytes become U+FFFD, which no glob of ours names explicitly.
        if self.rules.excluded.is_match(path.to_str_lossy().as_ref()) {
            return PathVerdict::Skip(SkipReason::Excluded);
        }
        PathVerdict::Diff {
            binary_attr: attrs.binary,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_list_compiles_and_matches_at_any_depth() {
        let rules = PathRules::new(&[], true).expect("default excludes compile");
        for p in [
            "vendor/a.c",
            "x/node_modules/y/z.js",
            "Cargo.lock",
            "web/app.min.js",
            "api/v1/x.pb.go",
        ] {
            assert!(rules.excluded.is_match(p), "{p}");
        }
        for p in ["src/vendor.rs", "src/lib.rs", "Cargo.toml", "docs/lock.md"] {
            assert!(!rules.excluded.is_match(p), "{p}");
        }
    }

    #[test]
    fn a_bad_user_glob_is_named() {
        let err = PathRules::new(&["src/[".into()], false).expect_err("unclosed class");
        assert!(err.to_string().contains("src/["), "{err}");
    }
}
