//! Front matter: YAML between `---` lines (Hugo's default) or TOML between `+++`.
//!
//! YAML goes through serde-saphyr with a small budget so an alias bomb or a
//! deeply nested document in someone's page costs microseconds, not memory.

use serde::Deserialize;

/// The fields this tool reads; everything else in the front matter is ignored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub date: Option<String>,
    pub week: Option<String>,
}

/// Front matter split off a page: the fields, the body, and the body's first line number.
#[derive(Debug)]
pub struct Split<'a> {
    pub front: FrontMatter,
    pub body: &'a str,
    /// 1-based line number of the first body line.
    pub body_line: u32,
    /// A problem reading the front matter: (1-based line, message).
    pub problem: Option<(u32, String)>,
}

/// Any scalar (strings, numbers, dates as written); lists and maps are not expected.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Scalar {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Other(serde::de::IgnoredAny),
}

impl Scalar {
    fn into_string(self) -> Option<String> {
        match self {
            Scalar::Str(s) => Some(s),
            Scalar::Int(i) => Some(i.to_string()),
            Scalar::Float(f) => Some(f.to_string()),
            Scalar::Bool(b) => Some(b.to_string()),
            Scalar::Other(_) => None,
        }
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct Raw {
    title: Option<Scalar>,
    date: Option<Scalar>,
    week: Option<Scalar>,
}

impl From<Raw> for FrontMatter {
    fn from(r: Raw) -> Self {
        FrontMatter {
            title: r.title.and_then(Scalar::into_string),
            date: r.date.and_then(Scalar::into_string),
            week: r.week.and_then(Scalar::into_string),
        }
    }
}

fn parse_yaml(text: &str) -> Result<FrontMatter, String> {
    // Options is not Send; it is cheap, so build it per call.
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_events: 20_000,
            max_aliases: 100,
            max_anchors: 100,
            max_depth: 32,
            max_nodes: 10_000,
            max_total_scalar_bytes: 1 << 20,
            max_documents: 1,
        },
    };
    if text.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    serde_saphyr::from_str_with_options::<Raw>(text, options)
        .map(FrontMatter::from)
        .map_err(|e| first_line(&e.to_string()))
}

fn parse_toml(text: &str) -> Result<FrontMatter, String> {
    toml::from_str::<Raw>(text)
        .map(FrontMatter::from)
        .map_err(|e| first_line(&e.to_string()))
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or("").trim().to_string()
}

/// Split the front matter off `text` (BOM already removed, `\n` line ends).
pub fn split(text: &str) -> Split<'_> {
    let fence = if text.starts_with("---") {
        "---"
    } else if text.starts_with("+++") {
        "+++"
    } else {
        return Split {
            front: FrontMatter::default(),
            body: text,
            body_line: 1,
            problem: None,
        };
    };
    let first_nl = match text.find('\n') {
        Some(i) if text[..i].trim_end() == fence => i,
        // `---something` on line 1 is a thematic break or text, not front matter.
        _ => {
            return Split {
                front: FrontMatter::default(),
                body: text,
                body_line: 1,
                problem: None,
            }
        }
    };
    let mut offset = first_nl + 1;
    for (line_no, line) in (2u32..).zip(text[offset..].split_inclusive('\n')) {
        if line.trim_end() == fence {
            let inner = &text[first_nl + 1..offset];
            let body_start = offset + line.len();
            let parsed = if fence == "---" {
                parse_yaml(inner)
            } else {
                parse_toml(inner)
            };
            let (front, problem) = match parsed {
                Ok(f) => (f, None),
                Err(e) => {
                    let kind = if fence == "---" { "YAML" } else { "TOML" };
                    (
                        FrontMatter::default(),
                        Some((1, format!("front matter is not valid {kind}: {e}"))),
                    )
                }
            };
            return Split {
                front,
                body: &text[body_start..],
                body_line: line_no + 1,
                problem,
            };
        }
        offset += line.len();
    }
    Split {
        front: FrontMatter::default(),
        body: text,
        body_line: 1,
        problem: Some((
            1,
            format!("front matter opened with `{fence}` is never closed; read the page as body"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_front_matter() {
        let s = split("---\ntitle: \"Week 7 Worklog\"\ndate: 2025-09-09\nweight: 1\npre: \" <b> 1.7. </b> \"\n---\n\n### Body\n");
        assert_eq!(s.front.title.as_deref(), Some("Week 7 Worklog"));
        assert_eq!(s.front.date.as_deref(), Some("2025-09-09"));
        assert_eq!(s.body_line, 7);
        assert!(s.body.starts_with("\n### Body"));
        assert!(s.problem.is_none());
    }

    #[test]
    fn toml_front_matter() {
        let s = split("+++\ntitle = \"Week 2\"\ndate = 2025-09-15\nweek = 2\n+++\nbody");
        assert_eq!(s.front.title.as_deref(), Some("Week 2"));
        assert_eq!(s.front.week.as_deref(), Some("2"));
        assert_eq!(s.body, "body");
        assert_eq!(s.body_line, 6);
    }

    #[test]
    fn broken_front_matter_is_reported_and_body_kept() {
        let s = split("---\ntitle: [unclosed\n---\n| a |\n");
        assert!(s.problem.unwrap().1.contains("not valid YAML"));
        assert_eq!(s.body, "| a |\n");
        let s = split("---\ntitle: x\nno end\n");
        assert!(s.problem.unwrap().1.contains("never closed"));
        assert_eq!(s.body_line, 1);
    }

    #[test]
    fn r_markdown_leftover_is_just_a_string() {
        let s = split("---\ntitle: \"Week 1 Worklog\"\ndate: \"`r Sys.Date()`\"\n---\n");
        assert_eq!(s.front.date.as_deref(), Some("`r Sys.Date()`"));
    }

    #[test]
    fn alias_bomb_is_stopped_by_the_budget() {
        let mut y = String::from("---\na: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..12 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("l{}", i - 1)
            };
            y.push_str(&format!("l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        y.push_str("title: bomb\n---\nbody");
        let s = split(&y);
        assert!(s.problem.is_some(), "budget should stop the bomb");
        assert_eq!(s.body, "body");
    }

    #[test]
    fn no_front_matter() {
        let s = split("# Week 3\n");
        assert_eq!(s.front, FrontMatter::default());
        assert_eq!(s.body_line, 1);
    }
}
