//! One person, several identities: finding the author a name, email, handle or
//! prefix designates, and suggesting the aliases file that joins the identities
//! of one person (`rungs aliases suggest`).

use std::collections::{BTreeMap, BTreeSet};

use rungs_report::{Author, Report};

/// Why no single author answers to what was asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoAuthor {
    /// Nobody answers to it.
    Nobody,
    /// Several identities answer to it equally well, most active first.
    Several(Vec<String>),
}

/// A placeholder email a tool writes when no real one is configured: it names
/// nobody, and often several people at once.
pub fn is_placeholder_email(email: &str) -> bool {
    let email = email.trim().to_ascii_lowercase();
    let Some((local, domain)) = email.rsplit_once('@') else {
        return email.is_empty() || email == "none" || email == "(none)";
    };
    matches!(local, "none" | "(none)" | "unknown" | "")
        || matches!(
            domain,
            "none" | "(none)" | "localhost" | "localhost.localdomain" | ""
        )
        || domain.ends_with(".local")
        || domain.ends_with(".(none)")
}

/// The hosting handle an email carries: GitHub's `1234+handle@users.noreply.github.com`
/// and `handle@users.noreply.github.com`.
pub fn noreply_handle(email: &str) -> Option<&str> {
    let (local, domain) = email.rsplit_once('@')?;
    if !domain.eq_ignore_ascii_case("users.noreply.github.com") {
        return None;
    }
    let handle = local.split_once('+').map_or(local, |(_, h)| h);
    (!handle.is_empty()).then_some(handle)
}

fn label(author: &Author) -> String {
    format!(
        "{} <{}> ({} commits)",
        author.name, author.email, author.commits
    )
}

/// The author `wanted` designates, ignoring case, trying in turn: an email
/// (resolved or any seen), a name (the one shown or any used), a hosting handle
/// (of a GitHub noreply address, or the part of an email before `@`), and the
/// start of a name or of a word of it (a first name). The first way that finds
/// anyone decides: one author is the answer, several are listed.
pub fn find_author<'a>(report: &'a Report, wanted: &str) -> Result<&'a Author, NoAuthor> {
    let mut found = designated(&report.authors, wanted, true);
    match found.len() {
        0 => Err(NoAuthor::Nobody),
        1 => Ok(found[0]),
        _ => {
            found.sort_by(|a, b| {
                b.commits
                    .cmp(&a.commits)
                    .then_with(|| a.email.cmp(&b.email))
            });
            Err(NoAuthor::Several(found.into_iter().map(label).collect()))
        }
    }
}

/// The authors `wanted` designates, ignoring case and a leading `@`: by email,
/// else by name, else by hosting handle, else (with `prefixes`) by the start of
/// a name or of a word of it. The first way that finds anyone decides.
pub(crate) fn designated<'a>(
    authors: &'a [Author],
    wanted: &str,
    prefixes: bool,
) -> Vec<&'a Author> {
    let wanted = wanted.split_whitespace().collect::<Vec<_>>().join(" ");
    let wanted = wanted.strip_prefix('@').unwrap_or(&wanted).to_lowercase();
    if wanted.is_empty() {
        return Vec::new();
    }
    let by_email = |a: &Author| {
        a.email.to_lowercase() == wanted || a.emails.iter().any(|e| e.to_lowercase() == wanted)
    };
    let by_name = |a: &Author| {
        a.name.to_lowercase() == wanted || a.names.keys().any(|n| n.to_lowercase() == wanted)
    };
    let by_handle = |a: &Author| {
        std::iter::once(&a.email).chain(&a.emails).any(|e| {
            noreply_handle(e).is_some_and(|h| h.to_lowercase() == wanted)
                || (!is_placeholder_email(e)
                    && e.rsplit_once('@')
                        .is_some_and(|(l, _)| l.to_lowercase() == wanted))
        })
    };
    let by_prefix = |a: &Author| {
        prefixes
            && std::iter::once(&a.name).chain(a.names.keys()).any(|n| {
                let n = n.to_lowercase();
                n.starts_with(&wanted) || n.split_whitespace().any(|w| w.starts_with(&wanted))
            })
    };
    let ways: [&dyn Fn(&Author) -> bool; 4] = [&by_email, &by_name, &by_handle, &by_prefix];
    for way in ways {
        let found: Vec<&Author> = authors.iter().filter(|a| way(a)).collect();
        if !found.is_empty() {
            return found;
        }
    }
    Vec::new()
}

/// Why `asked` designates no single author, in one line: the identities it
/// matches equally, or the authors whose name or email contains it (listed only
/// when `suggest`: not in an anonymized report, whose names are pseudonyms).
pub fn no_author_message(report: &Report, asked: &str, why: NoAuthor, suggest: bool) -> String {
    match why {
        NoAuthor::Several(found) => {
            let shown = found.len().min(10);
            format!(
                "{asked:?} matches {} identities: {}{}; give one of their emails, or join the \
                 identities of one person with an aliases file (`rungs aliases suggest REPORT`)",
                found.len(),
                found[..shown].join("; "),
                if found.len() > shown { "; ..." } else { "" }
            )
        }
        NoAuthor::Nobody => {
            let wanted = asked.trim().to_lowercase();
            let close: Vec<String> = report
                .authors
                .iter()
                .filter(|_| suggest)
                .filter(|a| a.name.to_lowercase().contains(&wanted) || a.email.contains(&wanted))
                .take(5)
                .map(|a| format!("{} <{}>", a.name, a.email))
                .collect();
            if close.is_empty() {
                format!(
                    "no author {asked:?} in the scanned history (matched against emails, names, \
                     handles and the start of names, ignoring case)"
                )
            } else {
                format!(
                    "no author {asked:?} in the scanned history; did you mean: {}",
                    close.join("; ")
                )
            }
        }
    }
}

/// The identities of one person, as an aliases file entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliasGroup {
    /// The email reports will use: the identity with the most commits.
    pub email: String,
    /// The name reports will use.
    pub name: String,
    /// The other emails.
    pub aliases: Vec<String>,
    /// Why they were grouped, in words.
    pub why: Vec<String>,
    /// Commits under all of them.
    pub commits: u64,
}

/// A placeholder email used under several names, left out of the suggestions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedPlaceholder {
    /// The email.
    pub email: String,
    /// The names it was used under, with their commits.
    pub names: BTreeMap<String, u64>,
}

/// A name with its spaces and case normalised, for comparing.
fn normalized(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Which identities may join others: all but placeholders used under several
/// names, which are returned apart.
fn usable_identities(authors: &[Author]) -> (Vec<bool>, Vec<SharedPlaceholder>) {
    let mut shared = Vec::new();
    let usable = authors
        .iter()
        .map(|a| {
            if !is_placeholder_email(&a.email) {
                return true;
            }
            let names: BTreeSet<String> = a.names.keys().map(|n| normalized(n)).collect();
            if names.len() > 1 {
                shared.push(SharedPlaceholder {
                    email: a.email.clone(),
                    names: a.names.clone(),
                });
                return false;
            }
            true
        })
        .collect();
    (usable, shared)
}

/// The aliases entry of the identities `members` (indices into `authors`): the
/// one with a real address and the most commits leads; `reasons` say why pairs
/// were joined.
fn alias_group(
    mut members: Vec<usize>,
    authors: &[Author],
    reasons: &BTreeMap<(usize, usize), BTreeSet<String>>,
) -> AliasGroup {
    members.sort_by(|&a, &b| {
        let (x, y) = (&authors[a], &authors[b]);
        is_placeholder_email(&x.email)
            .cmp(&is_placeholder_email(&y.email))
            .then_with(|| {
                noreply_handle(&x.email)
                    .is_some()
                    .cmp(&noreply_handle(&y.email).is_some())
            })
            .then_with(|| y.commits.cmp(&x.commits))
            .then_with(|| x.email.cmp(&y.email))
    });
    let lead = &authors[members[0]];
    let mut why: BTreeSet<String> = BTreeSet::new();
    for (&(a, b), r) in reasons {
        if members.contains(&a) && members.contains(&b) {
            why.extend(r.iter().cloned());
        }
    }
    AliasGroup {
        email: lead.email.clone(),
        name: lead.name.clone(),
        aliases: members[1..]
            .iter()
            .map(|&i| authors[i].email.clone())
            .collect(),
        why: why.into_iter().collect(),
        commits: members.iter().map(|&i| authors[i].commits).sum(),
    }
}

/// Identities that look like one person: the same name (spaces and case aside),
/// a GitHub noreply address and an address whose part before `@` is its handle,
/// and a placeholder email (`none@none`, `root@localhost`) used under one name
/// only, joined to that name's other identities. Groups that share an identity
/// are one group. Placeholders used under several names cannot be split by an
/// aliases file (it maps emails) and are returned apart.
pub fn suggest_aliases(report: &Report) -> (Vec<AliasGroup>, Vec<SharedPlaceholder>) {
    let authors = &report.authors;
    let mut parent: Vec<usize> = (0..authors.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut reasons: BTreeMap<(usize, usize), BTreeSet<String>> = BTreeMap::new();
    let mut join = |parent: &mut Vec<usize>, a: usize, b: usize, why: String| {
        let (ra, rb) = (root(parent, a), root(parent, b));
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
        reasons.entry((a.min(b), a.max(b))).or_default().insert(why);
    };
    let (usable, shared) = usable_identities(authors);
    let mut by_name: BTreeMap<String, usize> = BTreeMap::new();
    // The address a handle names, when exactly one address has it before `@`.
    let mut by_local: BTreeMap<String, Option<usize>> = BTreeMap::new();
    for (i, a) in authors.iter().enumerate().filter(|(i, _)| usable[*i]) {
        let name = normalized(&a.name);
        if !name.is_empty() {
            if let Some(&j) = by_name.get(&name) {
                join(&mut parent, j, i, format!("the same name, {:?}", a.name));
            } else {
                by_name.insert(name, i);
            }
        }
        if !is_placeholder_email(&a.email)
            && noreply_handle(&a.email).is_none()
            && let Some((local, _)) = a.email.rsplit_once('@')
        {
            by_local
                .entry(local.to_lowercase())
                .and_modify(|only| *only = None)
                .or_insert(Some(i));
        }
    }
    for (i, a) in authors.iter().enumerate().filter(|(i, _)| usable[*i]) {
        if let Some(handle) = noreply_handle(&a.email)
            && let Some(&Some(j)) = by_local.get(&handle.to_lowercase())
        {
            join(
                &mut parent,
                j,
                i,
                format!(
                    "the GitHub handle {handle:?} is {}'s address",
                    authors[j].email
                ),
            );
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..authors.len() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let usable_lead = |i: usize| {
        let email = &authors[i].email;
        email.contains('@') && !is_placeholder_email(email)
    };
    let mut out: Vec<AliasGroup> = groups
        .into_values()
        .filter(|members| members.len() > 1 && members.iter().any(|&i| usable_lead(i)))
        .map(|members| alias_group(members, authors, &reasons))
        .collect();
    out.sort_by(|a, b| {
        b.commits
            .cmp(&a.commits)
            .then_with(|| a.email.cmp(&b.email))
    });
    (out, shared)
}

/// `groups` as an aliases file (`rungs scan --aliases FILE`), each group with
/// why it was suggested, and the placeholders that could not be split as
/// comments; for a person to review before use.
pub fn aliases_toml(groups: &[AliasGroup], shared: &[SharedPlaceholder]) -> String {
    let quote = |s: &str| toml_string(s);
    let mut out = String::from(
        "# Identities that look like one person, suggested by `rungs aliases suggest`.\n\
         # Review every entry (two people can share a name) and delete what is wrong,\n\
         # then scan with `rungs scan --aliases THIS_FILE`.\n",
    );
    for g in groups {
        out.push('\n');
        out.push_str(&format!(
            "# {} commits; {}.\n",
            g.commits,
            comment(&g.why.join("; "))
        ));
        out.push_str("[[person]]\n");
        out.push_str(&format!("email = {}\n", quote(&g.email)));
        out.push_str(&format!("name = {}\n", quote(&g.name)));
        let aliases: Vec<String> = g.aliases.iter().map(|a| quote(a)).collect();
        out.push_str(&format!("aliases = [{}]\n", aliases.join(", ")));
    }
    for p in shared {
        let names: Vec<String> = p.names.iter().map(|(n, c)| format!("{n} ({c})")).collect();
        out.push_str(&format!(
            "\n# {} is used under {} names ({}): an aliases file maps emails, so it cannot\n\
             # give these commits to one of them; fix the addresses with .mailmap (by name).\n",
            comment(&p.email),
            p.names.len(),
            comment(&names.join(", "))
        ));
    }
    out
}

/// Text for a TOML comment, which holds no control character: each is written
/// as its escape (`\u{1b}`).
fn comment(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn author(name: &str, email: &str, commits: u64) -> Author {
        Author {
            name: name.to_owned(),
            names: BTreeMap::from([(name.to_owned(), commits)]),
            email: email.to_owned(),
            emails: vec![email.to_owned()],
            commits,
            ..crate::assemble::empty_author()
        }
    }

    fn report(authors: Vec<Author>) -> Report {
        crate::assemble::assemble(Vec::new(), rungs_report::Totals::default(), authors, None)
    }

    #[test]
    fn authors_are_found_by_email_name_handle_and_prefix() {
        let r = report(vec![
            author("Weihang Lo", "me@weihanglo.tw", 900),
            author("Weihang Lo", "weihanglo@users.noreply.github.com", 20),
            author("Arlo Siemsen", "arkixml@gmail.com", 100),
            author("Eric Huss", "eric@huss.org", 1600),
            author("Ed Page", "eopage@gmail.com", 2200),
        ]);
        let email = |w: &str| find_author(&r, w).map(|a| a.email.as_str());
        assert_eq!(email("ERIC@huss.org"), Ok("eric@huss.org"));
        assert_eq!(email("eric huss"), Ok("eric@huss.org"));
        assert_eq!(email("eopage"), Ok("eopage@gmail.com"), "the part before @");
        assert_eq!(email("Arlo"), Ok("arkixml@gmail.com"), "a first name");
        assert_eq!(email("huss"), Ok("eric@huss.org"), "a word of the name");
        assert_eq!(
            email("weihanglo"),
            Ok("weihanglo@users.noreply.github.com"),
            "a GitHub handle"
        );
        match find_author(&r, "Weihang Lo") {
            Err(NoAuthor::Several(found)) => assert_eq!(
                found,
                [
                    "Weihang Lo <me@weihanglo.tw> (900 commits)",
                    "Weihang Lo <weihanglo@users.noreply.github.com> (20 commits)"
                ]
            ),
            other => panic!("{other:?}"),
        }
        assert!(matches!(find_author(&r, "E"), Err(NoAuthor::Several(v)) if v.len() == 2));
        assert_eq!(find_author(&r, "zed"), Err(NoAuthor::Nobody));
        assert_eq!(find_author(&r, "  "), Err(NoAuthor::Nobody));
    }

    #[test]
    fn one_person_under_three_identities_is_one_suggestion() {
        let mut none = author("Tom Christie", "none@none", 145);
        none.emails = vec!["none@none".to_owned()];
        let mut shared = author("Ann", "root@localhost", 3);
        shared.names.insert("Bob".to_owned(), 2);
        let r = report(vec![
            author("Tom Christie", "tom@tomchristie.com", 2592),
            none,
            author("tom  christie", "tom@example.org", 115),
            author("Kim Lee", "kimlee@example.com", 40),
            author("K. Lee", "99+kimlee@users.noreply.github.com", 5),
            author("Solo", "solo@example.com", 7),
            shared,
        ]);
        let (groups, placeholders) = suggest_aliases(&r);
        assert_eq!(groups.len(), 2, "{groups:?}");
        assert_eq!(groups[0].email, "tom@tomchristie.com");
        assert_eq!(groups[0].name, "Tom Christie");
        assert_eq!(groups[0].aliases, ["tom@example.org", "none@none"]);
        assert_eq!(groups[0].commits, 2852);
        assert_eq!(groups[1].email, "kimlee@example.com");
        assert_eq!(groups[1].aliases, ["99+kimlee@users.noreply.github.com"]);
        assert!(
            groups[1].why[0].contains("handle \"kimlee\""),
            "{:?}",
            groups[1].why
        );
        assert_eq!(placeholders.len(), 1);
        assert_eq!(placeholders[0].email, "root@localhost");
        let text = aliases_toml(&groups, &placeholders);
        assert!(text.contains(
            "[[person]]\nemail = \"tom@tomchristie.com\"\nname = \"Tom Christie\"\naliases = [\"tom@example.org\", \"none@none\"]\n"
        ), "{text}");
        assert!(
            text.contains("# root@localhost is used under 2 names (Ann (3), Bob (2))"),
            "{text}"
        );
        let parsed: toml::Value = toml::from_str(&text).expect("valid TOML");
        assert_eq!(parsed["person"].as_array().map(Vec::len), Some(2));
    }

    #[test]
    fn what_cannot_be_an_aliases_entry_is_left_out() {
        // Names with control characters under a shared placeholder: still TOML.
        let mut shared = author("Ann\u{1b}[31mX", "root@localhost", 3);
        shared.names.insert("Bob\tB".to_owned(), 2);
        // Only placeholders: no address to give the person.
        let mut only = author("Tom", "(none)", 2);
        only.emails = vec!["(none)".to_owned()];
        // One handle, two addresses with it before `@`: which one is not known.
        let r = report(vec![
            shared,
            only,
            author("Tom", "tom@localhost", 1),
            author("Kim A", "kimlee@example.com", 40),
            author("Kim B", "kimlee@other.org", 30),
            author("K. Lee", "99+kimlee@users.noreply.github.com", 5),
        ]);
        let (groups, placeholders) = suggest_aliases(&r);
        assert!(groups.is_empty(), "{groups:?}");
        let text = aliases_toml(&groups, &placeholders);
        toml::from_str::<toml::Value>(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
        assert!(text.contains("Ann\\u{1b}[31mX (3)"), "{text}");
    }

    #[test]
    fn placeholders_and_handles_are_recognised() {
        for e in [
            "none@none",
            "root@localhost",
            "x@host.local",
            "(none)",
            "me@mac.(none)",
        ] {
            assert!(is_placeholder_email(e), "{e}");
        }
        for e in ["tom@example.org", "root@example.org.uk"] {
            assert!(!is_placeholder_email(e), "{e}");
        }
        assert_eq!(
            noreply_handle("123+octo@users.noreply.github.com"),
            Some("octo")
        );
        assert_eq!(
            noreply_handle("octo@users.noreply.github.com"),
            Some("octo")
        );
        assert_eq!(noreply_handle("octo@example.com"), None);
    }
}
