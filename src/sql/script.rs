//! SQL files: header comments, `${var}` substitution, and statement splitting
//! that keeps each statement's line number for error messages.

use std::collections::HashMap;

/// A SQL script with its header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Script {
    /// From `-- title:`; else the file stem.
    pub title: String,
    /// From `-- description:` (continued by following `--` lines).
    pub description: String,
    pub statements: Vec<Statement>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub sql: String,
    /// 1-based line of the statement's first character in the file.
    pub line: usize,
}

/// Read `-- title:` / `-- description:` from the leading comment block.
fn header(text: &str, fallback_title: &str) -> (String, String) {
    let mut title = None;
    let mut description: Vec<String> = Vec::new();
    let mut in_description = false;
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() {
            in_description = false;
            continue;
        }
        let Some(comment) = t.strip_prefix("--") else {
            break;
        };
        let c = comment.trim();
        if let Some(v) = c.strip_prefix("title:") {
            title = Some(v.trim().to_string());
            in_description = false;
        } else if let Some(v) = c.strip_prefix("description:") {
            description.push(v.trim().to_string());
            in_description = true;
        } else if in_description && !c.is_empty() {
            description.push(c.to_string());
        } else {
            in_description = false;
        }
    }
    (
        title.unwrap_or_else(|| fallback_title.to_string()),
        description.join(" "),
    )
}

/// Replace `${name}` in `text`, whose first line is line `first_line` of its
/// file. `--` comments are left alone (they may mention a variable as an
/// example). An unknown name is an error naming it and its line.
pub fn substitute(
    text: &str,
    vars: &HashMap<String, String>,
    first_line: usize,
) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let (code, comment) = line.find("--").map_or((line, ""), |c| line.split_at(c));
        let mut rest = code;
        while let Some(at) = rest.find("${") {
            out.push_str(&rest[..at]);
            let after = &rest[at + 2..];
            let Some(end) = after.find('}') else {
                break;
            };
            let name = &after[..end];
            match vars.get(name) {
                Some(v) => out.push_str(v),
                None => {
                    return Err(format!(
                        "line {}: variable ${{{name}}} is not set (pass --var {name}=VALUE)",
                        first_line + i
                    ))
                }
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        out.push_str(comment);
    }
    Ok(out)
}

/// Whether a piece of a script holds SQL, not only comments and white space.
fn has_sql(chunk: &str) -> bool {
    without_block_comments(chunk)
        .lines()
        .any(|l| !l.split("--").next().unwrap_or("").trim().is_empty())
}

fn without_block_comments(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("/*") {
        out.push_str(&rest[..i]);
        rest = rest[i + 2..]
            .find("*/")
            .map_or("", |j| &rest[i + 2 + j + 2..]);
    }
    out.push_str(rest);
    out
}

/// Split on `;` outside strings, quoted identifiers and comments.
pub fn split(text: &str) -> Vec<Statement> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    let push = |out: &mut Vec<Statement>, s: usize, e: usize| {
        let chunk = &text[s..e];
        // Skip leading blank lines and comments to find the first line of real SQL.
        let mut offset = 0;
        let mut meaningful = false;
        for line in chunk.split_inclusive('\n') {
            let t = line.trim();
            if t.is_empty() || t.starts_with("--") {
                offset += line.len();
            } else {
                meaningful = true;
                break;
            }
        }
        if meaningful && has_sql(&chunk[offset..]) {
            let line = 1 + text[..s + offset].matches('\n').count();
            out.push(Statement {
                sql: chunk[offset..].trim().to_string(),
                line,
            });
        }
    };
    while i < bytes.len() {
        match bytes[i] {
            b'\'' | b'"' => {
                let q = bytes[i];
                i += 1;
                while i < bytes.len() {
                    if bytes[i] == q {
                        if bytes.get(i + 1) == Some(&q) {
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i += 1;
                }
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                    i += 1;
                }
                i += 1;
            }
            b';' => {
                push(&mut out, start, i);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < text.len() {
        push(&mut out, start, text.len());
    }
    out
}

/// Parse a script file's text.
pub fn parse(text: &str, fallback_title: &str) -> Script {
    let (title, description) = header(text, fallback_title);
    Script {
        title,
        description,
        statements: split(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_and_statements() {
        let s = parse(
            "-- title: Topics per week\n-- description: Count of tasks\n--   per topic.\n\nSELECT 1;\n\n-- second\nSELECT ';' AS x, \"a;b\" -- c;\nFROM t; /* ; */\n",
            "fallback",
        );
        assert_eq!(s.title, "Topics per week");
        assert_eq!(s.description, "Count of tasks per topic.");
        assert_eq!(s.statements.len(), 2);
        assert_eq!(
            s.statements[0],
            Statement {
                sql: "SELECT 1".into(),
                line: 5
            }
        );
        assert_eq!(s.statements[1].line, 8);
        assert!(s.statements[1].sql.starts_with("SELECT ';' AS x, \"a;b\""));
        assert_eq!(parse("select 2", "f").title, "f");
    }

    #[test]
    fn variables() {
        let vars: HashMap<String, String> = [("week".to_string(), "7".to_string())].into();
        assert_eq!(
            substitute("WHERE week = ${week}", &vars, 1).unwrap(),
            "WHERE week = 7"
        );
        let e = substitute("a\nWHERE c = '${cohort}'", &vars, 10).unwrap_err();
        assert!(
            e.contains("line 11") && e.contains("--var cohort=VALUE"),
            "{e}"
        );
        // Comments may mention variables.
        let text = "SELECT 1 -- use ${cohort}\n";
        assert_eq!(substitute(text, &vars, 1).unwrap(), text);
        // A file that ends in comments has no empty last statement.
        assert_eq!(
            parse("SELECT 1;\n/* footer */\n-- end\n", "f")
                .statements
                .len(),
            1
        );
    }
}
