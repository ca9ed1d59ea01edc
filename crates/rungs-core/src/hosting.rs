//! Links to commits on hosting services, from the `origin` remote.

/// A URL template for a commit of a repository whose `origin` remote is `remote`,
/// with `{commit}` standing for the full id, when the remote is on GitHub or on a
/// GitLab host (`gitlab.com` or a host whose name starts with `gitlab.`).
///
/// Credentials, ports of SSH remotes and a trailing `.git` are dropped: the
/// template is safe to publish.
pub fn commit_url(remote: &str) -> Option<String> {
    let remote = remote.trim();
    let (host, path) = if let Some(rest) = remote
        .strip_prefix("https://")
        .or_else(|| remote.strip_prefix("http://"))
        .or_else(|| remote.strip_prefix("ssh://"))
        .or_else(|| remote.strip_prefix("git://"))
    {
        let (authority, path) = rest.split_once('/')?;
        // user:password@host:port
        let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        let host = host.split_once(':').map_or(host, |(h, _)| h);
        (host, path)
    } else {
        // scp-like: git@github.com:owner/repo.git
        let (authority, path) = remote.split_once(':')?;
        if authority.contains('/') {
            return None;
        }
        let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        (host, path)
    };
    let host = host.to_ascii_lowercase();
    let path = path.trim_matches('/');
    let path = path.strip_suffix(".git").unwrap_or(path);
    let safe = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    let segments: Vec<&str> = path.split('/').collect();
    if segments.len() < 2 || !segments.iter().all(|s| safe(s)) || !safe(&host) {
        return None;
    }
    if host == "github.com" || host == "www.github.com" {
        if segments.len() != 2 {
            return None;
        }
        Some(format!("https://github.com/{path}/commit/{{commit}}"))
    } else if host == "gitlab.com" || host.starts_with("gitlab.") {
        Some(format!("https://{host}/{path}/-/commit/{{commit}}"))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::commit_url;

    #[test]
    fn github_and_gitlab_remotes_give_commit_links() {
        let gh = Some("https://github.com/acme/shop/commit/{commit}".to_owned());
        for remote in [
            "https://github.com/acme/shop.git",
            "https://github.com/acme/shop",
            "https://x-access-token:ghp_secret@github.com/acme/shop.git",
            "git@github.com:acme/shop.git",
            "ssh://git@github.com:22/acme/shop.git",
            "git://github.com/acme/shop.git",
        ] {
            assert_eq!(commit_url(remote), gh, "{remote}");
        }
        assert_eq!(
            commit_url("git@gitlab.com:group/sub/project.git").as_deref(),
            Some("https://gitlab.com/group/sub/project/-/commit/{commit}")
        );
        assert_eq!(
            commit_url("https://oauth2:glpat-x@gitlab.example.org/a/b.git").as_deref(),
            Some("https://gitlab.example.org/a/b/-/commit/{commit}")
        );
    }

    #[test]
    fn other_remotes_give_none() {
        for remote in [
            "/srv/git/shop.git",
            "../shop",
            "https://bitbucket.org/acme/shop.git",
            "https://github.com/acme",
            "https://github.com/acme/shop/extra",
            "https://github.com/acme/sh op",
            "file:///srv/git/shop.git",
            "",
        ] {
            assert_eq!(commit_url(remote), None, "{remote}");
        }
    }
}
