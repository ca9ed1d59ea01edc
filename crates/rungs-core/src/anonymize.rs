//! Privacy: stable pseudonyms for the names and emails of a report, its
//! `--records` and its `--signals`.

use std::{collections::BTreeMap, sync::OnceLock};

use regex::Regex;
use rungs_report::{
    Author, CommitLine, Holder, Mentor, PlanExample, PlanItem, Report, RosterTeam, SignalLine,
    SuggestedAlias, Team,
};

/// What an anonymized report says in place of a roster entry that found nobody.
pub const WITHHELD_ENTRY: &str = "withheld";

/// Stable pseudonyms: a keyed BLAKE3 hash of the lower-cased email (or name), so
/// the same person maps to the same pseudonym in every run with the same secret.
pub struct Pseudonyms {
    key: [u8; 32],
}

impl Pseudonyms {
    /// Pseudonyms keyed by `secret`.
    pub fn new(secret: &str) -> Pseudonyms {
        Pseudonyms {
            key: blake3::derive_key(
                "rungs anonymize 2026-11 person pseudonyms",
                secret.as_bytes(),
            ),
        }
    }

    fn tag(&self, kind: &str, value: &str) -> String {
        let mut hasher = blake3::Hasher::new_keyed(&self.key);
        hasher.update(kind.as_bytes());
        hasher.update(&[0]);
        hasher.update(value.trim().to_lowercase().as_bytes());
        hasher.finalize().to_hex()[..10].to_owned()
    }

    /// A fingerprint of the secret: equal for equal secrets, and telling nothing
    /// of the secret (a keyed hash of a fixed text, under a key derived from it).
    pub fn fingerprint(&self) -> String {
        blake3::keyed_hash(&self.key, b"rungs pseudonym key fingerprint").to_hex()[..16].to_owned()
    }

    /// The pseudonymous email of `email`.
    pub fn email(&self, email: &str) -> String {
        format!("p-{}@anonymized.invalid", self.tag("email", email))
    }

    /// The pseudonymous name of the person whose email is `email`.
    pub fn name_for(&self, email: &str) -> String {
        format!("Person {}", self.tag("email", email))
    }

    /// The pseudonym of a bare name (for names not tied to one email).
    fn name(&self, name: &str) -> String {
        format!("Name {}", self.tag("name", name))
    }

    /// Replace people in free text: `Name <email>`, bare emails, the value of a
    /// trailer naming a person (`Reviewed-by: Bob Builder`), and `@handles`.
    /// Names in running prose are not recognised.
    fn text(&self, text: &str) -> String {
        static TRAILER: OnceLock<Regex> = OnceLock::new();
        static HANDLE: OnceLock<Regex> = OnceLock::new();
        let trailer = TRAILER.get_or_init(|| {
            Regex::new(
                r"(?i)^(\s*[a-z][a-z-]*-by|\s*cc|\s*pair-programmed-with)\s*:\s*([^<>]*?)\s*$",
            )
            .unwrap_or_else(|e| unreachable!("a fixed pattern: {e}"))
        });
        let handle = HANDLE.get_or_init(|| {
            Regex::new(r"(^|[^A-Za-z0-9._%+-])@([A-Za-z0-9][A-Za-z0-9_-]*)")
                .unwrap_or_else(|e| unreachable!("a fixed pattern: {e}"))
        });
        // A trailer without an email: the whole value is a name.
        if let Some(c) = trailer.captures(text)
            && !c[2].contains('@')
            && !c[2].is_empty()
        {
            return format!("{}: {}", &c[1], self.name(&c[2]));
        }
        let text = self.people(text);
        let text = handle.replace_all(&text, |c: &regex::Captures<'_>| {
            format!("{}@user-{}", &c[1], self.tag("handle", &c[2]))
        });
        self.merge_mentions(&text)
    }

    /// The pseudonym of a hosting handle, as `@handle` gets it.
    fn handle(&self, handle: &str) -> String {
        format!("user-{}", self.tag("handle", handle))
    }

    /// Replace the handles that merge subjects name without an `@`: the fork of a
    /// pull request (`Merge pull request #12 from dana/fix`, bors' `Auto merge of
    /// #11183 - weihanglo:issue/10526`, `Rollup merge of rust-lang/cargo#9 - bob:x`),
    /// the remote of a pulled branch (`Merge branch 'main' of github.com:dana/shop`),
    /// and the reviewer and author lists of such subjects and of bors-ng lines
    /// (`r=ehuss,alexcrichton`, `1234: Fix foo r=bar a=baz`).
    fn merge_mentions(&self, text: &str) -> String {
        static FORK: OnceLock<Regex> = OnceLock::new();
        static SUBJECT: OnceLock<Regex> = OnceLock::new();
        static LISTS: OnceLock<Regex> = OnceLock::new();
        let fork = FORK.get_or_init(|| {
            Regex::new(
                r"(?i)((?:merge pull request|merge request) #?\d+ from |(?:auto|rollup) merge of (?:[\w.-]+/[\w.-]+)?#\d+ - |\bof (?:https?://|ssh://)?(?:git@)?(?:github\.com|gitlab\.com)[:/])([A-Za-z0-9][A-Za-z0-9_-]*)([/:])",
            )
            .unwrap_or_else(|e| unreachable!("a fixed pattern: {e}"))
        });
        // Only such subjects (and bors-ng's `N: title r=... a=...` lines) carry
        // reviewer lists; `r=` anywhere else is code.
        let subject = SUBJECT.get_or_init(|| {
            Regex::new(r"(?i)\b(?:auto|rollup) merge of\b|\bmerge pull request\b|^\s*\d+: ")
                .unwrap_or_else(|e| unreachable!("a fixed pattern: {e}"))
        });
        // Names separated by commas alone, as bors writes them (`r=a,b`): a comma
        // and a space end the list.
        let lists = LISTS.get_or_init(|| {
            Regex::new(r"(^|[\s,;(\[])([ra][=+])([A-Za-z0-9][A-Za-z0-9_-]*(?:,[A-Za-z0-9][A-Za-z0-9_-]*)*)")
                .unwrap_or_else(|e| unreachable!("a fixed pattern: {e}"))
        });
        let text = fork.replace_all(text, |c: &regex::Captures<'_>| {
            format!("{}{}{}", &c[1], self.handle(&c[2]), &c[3])
        });
        if !subject.is_match(&text) {
            return text.into_owned();
        }
        lists
            .replace_all(&text, |c: &regex::Captures<'_>| {
                let names: Vec<String> = c[3].split(',').map(|name| self.handle(name)).collect();
                format!("{}{}{}", &c[1], &c[2], names.join(","))
            })
            .into_owned()
    }

    /// Replace `Name <email>` and bare emails.
    fn people(&self, text: &str) -> String {
        static PERSON: OnceLock<Regex> = OnceLock::new();
        static EMAIL: OnceLock<Regex> = OnceLock::new();
        let person = PERSON.get_or_init(|| {
            Regex::new(r"(?:[^\s:<>][^:<>]*?\s*)?<([^<>\s@]+@[^<>\s]+)>")
                .unwrap_or_else(|e| unreachable!("a fixed pattern: {e}"))
        });
        let email = EMAIL.get_or_init(|| {
            Regex::new(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
                .unwrap_or_else(|e| unreachable!("a fixed pattern: {e}"))
        });
        let replaced = person.replace_all(text, |c: &regex::Captures<'_>| {
            format!("{} <{}>", self.name_for(&c[1]), self.email(&c[1]))
        });
        email
            .replace_all(&replaced, |c: &regex::Captures<'_>| {
                if c[0].ends_with("@anonymized.invalid") {
                    c[0].to_owned()
                } else {
                    self.email(&c[0])
                }
            })
            .into_owned()
    }

    /// Pseudonymize every name and email of a report.
    ///
    /// Every field of every type that can hold a person is named here, so a
    /// field added to the report does not compile until it is either
    /// pseudonymized or said to hold nobody.
    pub fn report(&self, report: &mut Report) {
        let Report {
            schema_version: _,
            tool: _,
            repos: _,
            totals: _,
            rules: _,
            ladder: _,
            observability: _,
            notice: _,
            focus: _,
            anonymized,
            pseudonym_key,
            authors,
            suggested_aliases,
            team,
            teams,
        } = report;
        *anonymized = true;
        *pseudonym_key = Some(self.fingerprint());
        for author in authors.iter_mut() {
            self.author(author);
        }
        if let Some(team) = team {
            self.team(team);
        }
        for RosterTeam {
            name: _,
            members,
            not_found,
            view,
        } in teams.iter_mut()
        {
            for email in members.iter_mut() {
                *email = self.email(email);
            }
            // Roster entries that found nobody are real names with no email to
            // make a pseudonym of.
            for entry in not_found.iter_mut() {
                *entry = WITHHELD_ENTRY.to_owned();
            }
            if let Some(view) = view {
                self.team(view);
            }
        }
        for SuggestedAlias { name, emails } in suggested_aliases {
            *name = self.name(name);
            for email in emails.iter_mut() {
                *email = self.email(email);
            }
            emails.sort();
        }
        // Authors are ordered by commits, then email: keep that order for the new
        // emails, and the members of each team in it.
        crate::sort_authors(authors);
        crate::roster::order_members(teams, authors);
    }

    /// Pseudonymize the emails of a team view.
    fn team(&self, team: &mut Team) {
        let Team {
            matrix,
            concentration,
        } = team;
        *matrix = std::mem::take(matrix)
            .into_iter()
            .map(|(email, row)| (self.email(&email), row))
            .collect();
        for holders in concentration.values_mut() {
            for Holder {
                depth: _,
                evidence_commits: _,
                name,
                email,
            } in holders.iter_mut()
            {
                *name = self.name_for(email);
                *email = self.email(email);
            }
            holders.sort_by(|a, b| a.email.cmp(&b.email));
        }
    }

    /// Pseudonymize every name and email of a diff (`rungs diff --anonymize`).
    pub fn diff(&self, diff: &mut rungs_report::diff::ReportDiff) {
        for rungs_report::diff::AuthorChange {
            status: _,
            newcomer: _,
            old_commits: _,
            new_commits: _,
            skills: _,
            rungs: _,
            name,
            email,
        } in &mut diff.authors
        {
            *name = self.name_for(email);
            *email = self.email(email);
        }
    }

    /// Pseudonymize one author of a report, and the people their plan names.
    fn author(&self, author: &mut Author) {
        let Author {
            // Counts, dates, evidence (commit ids, paths, rules) and placements:
            // nobody is named there.
            commits: _,
            merges: _,
            ignored_commits: _,
            files_changed: _,
            lines_added: _,
            lines_removed: _,
            first_commit: _,
            last_commit: _,
            skills: _,
            rungs: _,
            metrics: _,
            name,
            names,
            email,
            emails,
            plan,
        } = author;
        let key = email.clone();
        *name = self.name_for(&key);
        let commits: u64 = names.values().sum();
        *names = if commits > 0 {
            BTreeMap::from([(name.clone(), commits)])
        } else {
            BTreeMap::new()
        };
        *email = self.email(&key);
        let mut pseudonyms: Vec<String> = emails.iter().map(|e| self.email(e)).collect();
        pseudonyms.sort();
        pseudonyms.dedup();
        *emails = pseudonyms;
        for PlanItem {
            track: _,
            toward: _,
            skill: _,
            from_depth: _,
            to_depth: _,
            tasks_depth: _,
            tasks: _,
            starter: _,
            areas: _,
            mentors,
            examples,
        } in plan
        {
            for Mentor {
                depth: _,
                paths: _,
                teammate: _,
                name,
                email,
            } in mentors
            {
                *name = self.name_for(email);
                *email = self.email(email);
            }
            for PlanExample {
                evidence: _,
                name,
                email,
            } in examples
            {
                *name = self.name_for(email);
                *email = self.email(email);
            }
        }
    }

    /// Pseudonymize a `--records` line.
    pub fn record(&self, line: &mut CommitLine) {
        let CommitLine {
            repo: _,
            commit: _,
            time: _,
            parents: _,
            duplicate_of: _,
            bulk: _,
            files: _,
            author,
            email,
        } = line;
        *author = self.name_for(email);
        *email = self.email(email);
    }

    /// Pseudonymize a `--signals` line, trailers in its text included.
    pub fn signal(&self, line: &mut SignalLine) {
        let SignalLine {
            repo: _,
            commit: _,
            time: _,
            skill: _,
            signal: _,
            depth: _,
            rule: _,
            target: _,
            path: _,
            line: _,
            weight: _,
            bulk: _,
            author,
            email,
            text,
        } = line;
        *author = self.name_for(email);
        *email = self.email(email);
        if let Some(text) = text {
            *text = self.text(text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Pseudonyms;

    #[test]
    fn pseudonyms_are_stable_per_secret_and_ignore_case() {
        let a = Pseudonyms::new("a long secret");
        let b = Pseudonyms::new("another secret");
        assert_eq!(a.email("Dana@Example.com"), a.email("dana@example.com"));
        assert_ne!(a.email("dana@example.com"), b.email("dana@example.com"));
        assert_ne!(a.email("dana@example.com"), a.email("morgan@example.com"));
        assert!(a.email("x@y").ends_with("@anonymized.invalid"));
    }

    #[test]
    fn trailers_in_text_lose_names_and_emails() {
        let p = Pseudonyms::new("a long secret");
        let text = p.text("Co-authored-by: Morgan Lead <morgan@example.com>");
        assert!(
            !text.contains("Morgan") && !text.contains("morgan@"),
            "{text}"
        );
        assert_eq!(
            text,
            format!(
                "Co-authored-by: {} <{}>",
                p.name_for("morgan@example.com"),
                p.email("morgan@example.com")
            )
        );
        let text = p.text("ping dana@example.com about it");
        assert_eq!(
            text,
            format!("ping {} about it", p.email("dana@example.com"))
        );
        let text = p.text("Reviewed-by: Bob Builder");
        assert_eq!(text, format!("Reviewed-by: {}", p.name("Bob Builder")));
        let text = p.text("thanks @bob-b and @alice for the review");
        assert!(!text.contains("bob") && !text.contains("alice"), "{text}");
        assert!(text.starts_with("thanks @user-"), "{text}");
        // An email is not a handle.
        assert!(!p.text("mail x@example.com").contains("@user-"));
    }

    #[test]
    fn merge_subjects_lose_forks_and_reviewers() {
        let p = Pseudonyms::new("a long secret");
        let cases = [
            (
                "Auto merge of #11183 - weihanglo:issue/10526, r=ehuss",
                ["weihanglo", "ehuss", ""],
            ),
            (
                "Rollup merge of #9 - dana-b:fix, r=alexcrichton,ehuss",
                ["dana-b", "alexcrichton", "ehuss"],
            ),
            (
                "Merge pull request #12 from morgan/fix-login",
                ["morgan", "", ""],
            ),
            (
                "Auto merge of #7 - jdoe:main, r=@mary",
                ["jdoe", "mary", ""],
            ),
        ];
        for (subject, handles) in cases {
            let text = p.text(subject);
            for h in handles.iter().filter(|h| !h.is_empty()) {
                assert!(!text.contains(h), "{h} in {text}");
            }
            assert!(text.contains(&p.handle(handles[0])), "{text}");
        }
        assert_eq!(
            p.text("Auto merge of #11183 - weihanglo:issue/10526, r=ehuss"),
            format!(
                "Auto merge of #11183 - {}:issue/10526, r={}",
                p.handle("weihanglo"),
                p.handle("ehuss")
            )
        );
        // The same handle, the same pseudonym in every form.
        assert_eq!(p.text("@ehuss"), format!("@{}", p.handle("ehuss")));
        // Code that assigns `r` is not a reviewer list, even with `merge` and `#1`.
        assert_eq!(
            p.text("    let r=value, s=other;"),
            "    let r=value, s=other;"
        );
        let code = "ds = xr.merge([a, b], r=radius)  # see #12";
        assert_eq!(p.text(code), code);
        // A list ends at a comma and a space: the words after it are prose.
        assert_eq!(
            p.text("Auto merge of #7 - a:b, r=alice, fixes the thing"),
            format!(
                "Auto merge of #7 - {}:b, r={}, fixes the thing",
                p.handle("a"),
                p.handle("alice")
            )
        );
        // Pulled branches, bors-ng lines and rollups of another repository.
        for (text, gone) in [
            (
                "Merge branch 'master' of github.com:alice/cargo",
                vec!["alice"],
            ),
            (
                "Merge branch 'main' of https://github.com/alice/cargo",
                vec!["alice"],
            ),
            ("1234: Fix foo r=bar a=baz", vec!["=bar", "=baz"]),
            (
                "Rollup merge of rust-lang/cargo#123 - bob:x, r=carol",
                vec!["bob", "carol"],
            ),
        ] {
            let out = p.text(text);
            for g in gone {
                assert!(!out.contains(g), "{g} in {out}");
            }
            assert!(out.contains("user-"), "{out}");
        }
    }
}
