//! The repos file: one repository a line, `LOCATION [INTERN [REF]]`.
//!
//! ```text
//! # cohort 2025-fall
//! https://github.com/fcj-intern/worklog.git   nguyen-van-a
//! ../local/worklog-b                          -              develop
//! file:///srv/git/worklog-c.git
//! ```
//!
//! `-` in the INTERN column keeps the default name (the repository's name).

use super::url::{default_name, owner_and_name, redact};

/// One repository line of the repos file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepoLine {
    /// 1-based line in the repos file.
    pub line: u32,
    /// URL or local path exactly as written (may hold credentials: never print it).
    pub location: String,
    /// The intern name: as written, else derived from the location.
    pub intern: String,
    /// Branch, tag or commit to read; `None` reads the remote HEAD.
    pub reference: Option<String>,
}

impl RepoLine {
    /// The location with any `user:password@` removed: what may be shown or stored.
    pub fn shown(&self) -> String {
        redact(&self.location)
    }
}

/// A line that is not a repository line, with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub line: u32,
    pub message: String,
}

/// Parse a repos file. Comments (`#` at the start of a line or after white
/// space) and blank lines are skipped. Lines with more than three fields and
/// repositories listed twice are errors; the other lines are kept.
pub fn parse(text: &str) -> (Vec<RepoLine>, Vec<LineError>) {
    let mut lines = Vec::new();
    let mut errors = Vec::new();
    // Names derived from locations, to tell when two repositories share one.
    let mut explicit: Vec<bool> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = (i + 1) as u32;
        let body = strip_comment(raw);
        let fields: Vec<&str> = body.split_whitespace().collect();
        if fields.is_empty() {
            continue;
        }
        if fields.len() > 3 {
            errors.push(LineError {
                line,
                message: format!(
                    "expected LOCATION [INTERN [REF]], found {} fields",
                    fields.len()
                ),
            });
            continue;
        }
        let location = fields[0].to_string();
        let named = fields.get(1).filter(|n| **n != "-").map(|n| n.to_string());
        let reference = fields.get(2).map(|r| r.to_string());
        let shown = redact(&location);
        if let Some(first) = lines
            .iter()
            .find(|l: &&RepoLine| l.shown() == shown && l.reference == reference)
        {
            errors.push(LineError {
                line,
                message: format!(
                    "{shown} is already listed at line {}; this line is ignored",
                    first.line
                ),
            });
            continue;
        }
        explicit.push(named.is_some());
        lines.push(RepoLine {
            line,
            intern: named.unwrap_or_else(|| default_name(&location)),
            location,
            reference,
        });
    }
    disambiguate(&mut lines, &explicit);
    (lines, errors)
}

/// Forks of one template share a repository name (`worklog`): derived names
/// that collide take the owner too (`alice-worklog`). Names written in the
/// file are the user's choice and stay (same name = one site).
fn disambiguate(lines: &mut [RepoLine], explicit: &[bool]) {
    let derived = |i: usize, lines: &[RepoLine]| -> bool {
        !explicit[i]
            && lines
                .iter()
                .enumerate()
                .any(|(j, o)| j != i && o.intern == lines[i].intern)
    };
    let clashing: Vec<usize> = (0..lines.len()).filter(|&i| derived(i, lines)).collect();
    for i in clashing {
        if let Some((owner, name)) = owner_and_name(&lines[i].location) {
            lines[i].intern = format!("{owner}-{name}");
        }
    }
}

/// The line without its comment: `#` starts one at the line start or after
/// white space (a `#` inside a URL, `a#b`, is kept).
fn strip_comment(line: &str) -> &str {
    let mut prev_space = true;
    for (i, c) in line.char_indices() {
        if c == '#' && prev_space {
            return &line[..i];
        }
        prev_space = c.is_whitespace();
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_comments_and_defaults() {
        let text = "# cohort\n\nhttps://github.com/a/worklog-a.git  # A's site\n\
                    /srv/repos/b  bob  develop\n\
                    file:///srv/c.git - v1.0\n";
        let (lines, errors) = parse(text);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0].line, 3);
        assert_eq!(lines[0].intern, "worklog-a");
        assert_eq!(lines[0].reference, None);
        assert_eq!(lines[1].intern, "bob");
        assert_eq!(lines[1].reference.as_deref(), Some("develop"));
        assert_eq!(lines[2].intern, "c");
        assert_eq!(lines[2].reference.as_deref(), Some("v1.0"));
    }

    #[test]
    fn too_many_fields_and_duplicates_are_errors() {
        let text =
            "https://x.org/a/w.git a b c\nhttps://u:p@x.org/a/w.git\nhttps://x.org/a/w.git\n";
        let (lines, errors) = parse(text);
        assert_eq!(lines.len(), 1);
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].line, 1);
        assert_eq!(errors[1].line, 3);
        // The message names the repository without its credentials.
        assert!(errors[1].message.contains("https://x.org/a/w.git"));
        assert!(!errors[1].message.contains("u:p"));
    }

    #[test]
    fn forks_of_one_template_get_their_owner() {
        let text = "https://github.com/alice/worklog\nhttps://github.com/bob/worklog.git\nhttps://github.com/carol/other\n";
        let (lines, _) = parse(text);
        let names: Vec<&str> = lines.iter().map(|l| l.intern.as_str()).collect();
        assert_eq!(names, ["alice-worklog", "bob-worklog", "other"]);
    }
}
