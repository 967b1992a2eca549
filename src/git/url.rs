//! Repository locations: credentials out, names in.

/// Whether `location` is a URL git fetches over a transport (`https://`,
/// `ssh://`, `file://`, `git@host:path`), not a local path.
pub fn is_url(location: &str) -> bool {
    location.contains("://") || is_scp_like(location)
}

/// `user@host:path` (git's scp-like SSH syntax), not a Windows drive (`C:\`).
fn is_scp_like(location: &str) -> bool {
    match location.split_once(':') {
        Some((host, _)) => host.contains('@') && !host.contains('/'),
        None => false,
    }
}

/// The location with any `user:password@` (or token) after `scheme://`
/// removed. scp-like SSH locations keep their user (`git@`): it names an
/// account, not a secret.
pub fn redact(location: &str) -> String {
    let Some(start) = location.find("://").map(|i| i + 3) else {
        return location.to_string();
    };
    let rest = &location[start..];
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..host_end].rfind('@') {
        Some(at) => format!("{}{}", &location[..start], &rest[at + 1..]),
        None => location.to_string(),
    }
}

/// Free text (a git error message) with every `scheme://user:password@`
/// reduced to `scheme://`, wherever it appears.
pub fn redact_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("://") {
        let (head, tail) = rest.split_at(i + 3);
        out.push_str(head);
        let end = tail
            .find(|c: char| c.is_whitespace() || matches!(c, '/' | '\'' | '"' | '?' | '#'))
            .unwrap_or(tail.len());
        match tail[..end].rfind('@') {
            Some(at) => rest = &tail[at + 1..],
            None => rest = tail,
        }
    }
    out.push_str(rest);
    out
}

/// The last path segment of a location without `.git`: the repository's name.
pub fn default_name(location: &str) -> String {
    segments(location)
        .last()
        .map(|s| s.to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "repository".to_string())
}

/// The owner (second-to-last segment) and name of a location, if it has both.
pub fn owner_and_name(location: &str) -> Option<(String, String)> {
    let segs = segments(location);
    let n = segs.len();
    (n >= 2).then(|| (segs[n - 2].to_string(), segs[n - 1].to_string()))
}

fn segments(location: &str) -> Vec<&str> {
    let shown = location.trim_end_matches(['/', '\\']);
    // Past the scheme and host (credentials and all), or past `host:` for scp-like.
    let path = if let Some(i) = shown.find("://") {
        let rest = &shown[i + 3..];
        rest.find('/').map_or("", |p| &rest[p..])
    } else if is_scp_like(shown) {
        shown.split_once(':').map_or(shown, |(_, p)| p)
    } else {
        shown
    };
    path.split(['/', '\\'])
        .filter(|s| !s.is_empty() && *s != "." && *s != "..")
        .map(|s| s.strip_suffix(".git").unwrap_or(s))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_removed() {
        assert_eq!(
            redact("https://alice:s3cret@github.com/a/w.git"),
            "https://github.com/a/w.git"
        );
        assert_eq!(
            redact("https://ghp_token@github.com/a/w"),
            "https://github.com/a/w"
        );
        // An @ in the path is not userinfo.
        assert_eq!(redact("https://x.org/a/@w"), "https://x.org/a/@w");
        assert_eq!(redact("git@github.com:a/w.git"), "git@github.com:a/w.git");
        assert_eq!(redact("/srv/git/w"), "/srv/git/w");
    }

    #[test]
    fn credentials_are_removed_from_messages() {
        let msg = "fatal: unable to access 'https://bob:pw@example.com/x.git/': 403";
        assert_eq!(
            redact_text(msg),
            "fatal: unable to access 'https://example.com/x.git/': 403"
        );
        assert_eq!(redact_text("no url here"), "no url here");
        assert_eq!(
            redact_text("a https://u:p@h/x and ssh://k@h2/y"),
            "a https://h/x and ssh://h2/y"
        );
    }

    #[test]
    fn names() {
        assert_eq!(default_name("https://github.com/a/worklog.git"), "worklog");
        assert_eq!(default_name("https://u:p@github.com/a/worklog/"), "worklog");
        assert_eq!(default_name("git@github.com:a/fcj-log.git"), "fcj-log");
        assert_eq!(default_name("../repos/b"), "b");
        assert_eq!(default_name("file:///srv/c.git"), "c");
        assert_eq!(
            owner_and_name("https://github.com/alice/worklog"),
            Some(("alice".into(), "worklog".into()))
        );
        assert!(is_url("git@github.com:a/b.git"));
        assert!(is_url("file:///x"));
        assert!(!is_url("../x"));
        assert!(!is_url("C:\\repos\\x"));
    }
}
