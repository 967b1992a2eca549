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
    if let Some(front) = simple_yaml(text) {
        return Ok(front);
    }
    serde_saphyr::from_str_with_options::<Raw>(text, options)
        .map(FrontMatter::from)
        .map_err(|e| first_line(&e.to_string()))
}

/// The fields of front matter written as Hugo archetypes write it: only
/// `key: value` lines, each value quoted without escapes or plainly written so
/// that no YAML rule can read it otherwise. Anything else (`None`) goes to the
/// YAML parser, which costs more than parsing the rest of a page's front matter.
fn simple_yaml(text: &str) -> Option<FrontMatter> {
    let mut front = FrontMatter::default();
    let mut keys: Vec<&str> = Vec::new();
    for line in text.split('\n') {
        if line.is_empty() {
            continue;
        }
        let (key, value) = line.split_once(": ")?;
        let mut key_chars = key.bytes();
        if !key_chars.next().is_some_and(|b| b.is_ascii_alphabetic())
            || !key_chars.all(|b| b.is_ascii_alphanumeric() || b == b'_')
            || keys.contains(&key)
        {
            return None;
        }
        keys.push(key);
        let wanted = match key {
            "title" => &mut front.title,
            "date" => &mut front.date,
            "week" => &mut front.week,
            _ => {
                simple_scalar(value, false)?;
                continue;
            }
        };
        *wanted = Some(simple_scalar(value, true)?.to_string());
    }
    Some(front)
}

/// A scalar YAML reads as the text written (see [`simple_yaml`]). `typed`: the
/// value is kept, so plain text that YAML could read as a bool, null or float
/// (whose text would change) is refused; other keys only need to be valid.
fn simple_scalar(value: &str, typed: bool) -> Option<&str> {
    // Characters a YAML reader may fold, escape or refuse inside quotes.
    let plain_char =
        |c: char| !c.is_control() && !matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}');
    if let Some(inner) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        return (!inner.contains(['"', '\\']) && inner.chars().all(plain_char)).then_some(inner);
    }
    if let Some(inner) = value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
        return (!inner.contains('\'') && inner.chars().all(plain_char)).then_some(inner);
    }
    let bytes = value.as_bytes();
    // A plain scalar of letters, digits, spaces and `_ . + / -`, opening with a
    // letter or digit and not ending in a space: no indicator, comment or key.
    let plain = bytes.first().is_some_and(u8::is_ascii_alphanumeric)
        && !value.ends_with(' ')
        && bytes.iter().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b' ' | b'_' | b'.' | b'+' | b'/' | b'-')
        });
    if !plain {
        return None;
    }
    if !typed {
        return Some(value);
    }
    // Kept values: a whole number as written (`8`), an ISO date (`2025-09-09`),
    // or words that hold a space or a digit (`Week 8`, never `true` or `null`).
    let int = (value == "0" || !value.starts_with('0'))
        && bytes.len() <= 9
        && bytes.iter().all(u8::is_ascii_digit);
    let iso_date = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    let words = bytes[0].is_ascii_alphabetic()
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b' ')
        && bytes.iter().any(|b| *b == b' ' || b.is_ascii_digit());
    (int || iso_date || words).then_some(value)
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

    /// The YAML parser's reading, for the fast path's tests.
    fn by_yaml(text: &str) -> Option<FrontMatter> {
        serde_saphyr::from_str::<Raw>(text)
            .ok()
            .map(FrontMatter::from)
    }

    #[test]
    fn simple_front_matter_reads_as_yaml_does() {
        for doc in [
            "title: \"Worklog Tuần 8\"\ndate: 2026-03-02\nweight: 8\nchapter: false\npre: \" <b> 1.8. </b> \"\n",
            "title: Week 8\nweek: 8\n",
            "title: 'Week 3'\ndate: '2025-09-15'\nweek: \"03\"\n\n",
            "title: \"\"\nweek: 12\n",
            "date: 2025-09-09\ntitle: Worklog Week 2\n",
        ] {
            let fast = simple_yaml(doc);
            assert!(fast.is_some(), "{doc:?}");
            assert_eq!(fast, by_yaml(doc), "{doc:?}");
        }
        // Left to the YAML parser: values YAML reads as another type, escapes,
        // comments, nesting, repeated keys.
        for doc in [
            "week: 08\n",
            "week: 1.5\n",
            "title: true\n",
            "title: Yes\n",
            "title: null\n",
            "title: ~\n",
            "title: \"a\\tb\"\n",
            "title: x # note\n",
            "tags:\n  - a\n",
            "title: a\ntitle: b\n",
            "title: [a]\n",
            " title: a b\n",
            "title: 'it''s'\n",
        ] {
            assert_eq!(simple_yaml(doc), None, "{doc:?}");
        }
    }

    proptest::proptest! {
        /// Whatever the fast path reads, the YAML parser reads alike.
        #[test]
        fn simple_yaml_agrees_with_the_yaml_parser(
            lines in proptest::collection::vec(
                (
                    proptest::sample::select(vec!["title", "date", "week", "weight", "pre", "draft", "Title"]),
                    proptest::prop_oneof![
                        "[\"' ]?[a-zA-Z0-9 _.:#+/'\"ăệ\\-]{0,12}[\"' ]?",
                        "[a-zA-Z0-9][a-zA-Z0-9 _.+/-]{0,10}",
                        "(true|false|yes|no|on|off|null|nan|inf|Week|y|n|0x|0o|[0-9]{1,3}|-)([ .]?[a-zA-Z0-9]{0,4})",
                        "[0-9]{4}-[0-9]{2}-[0-9]{2}",
                    ],
                ),
                0..5,
            )
        ) {
            let doc: String = lines.iter().map(|(k, v)| format!("{k}: {v}\n")).collect();
            if let Some(fast) = simple_yaml(&doc) {
                proptest::prop_assert_eq!(Some(fast), by_yaml(&doc), "{:?}", doc);
            }
        }
    }

    #[test]
    fn no_front_matter() {
        let s = split("# Week 3\n");
        assert_eq!(s.front, FrontMatter::default());
        assert_eq!(s.body_line, 1);
    }
}
