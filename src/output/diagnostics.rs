//! `check` diagnostics as text, JSON lines or GitHub Actions workflow commands.
//! Pure: one diagnostic in, one line out (without its newline).
//!
//! A diagnostic's `source_path` is relative to its input (`chi-le/content/…`, as
//! the dataset stores it); printed, it is the path that opens from where the
//! command ran (`sample_data/chi-le/content/…`), as compilers print theirs.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::PathBuf;

use clap::ValueEnum;

use crate::diag::{Diagnostic, Severity};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiagFormat {
    /// `path:line: severity[code]: message`, as compilers print (default).
    Text,
    /// One JSON object per line: path (opens from here), source_path (relative to
    /// the input, as in the dataset), line, severity, code, message, intern.
    Json,
    /// GitHub Actions workflow commands (`::warning file=…,line=…::…`).
    Github,
}

/// The path `d` is printed with: its file as walked from the input given
/// (`opened_from`, see `Extraction::opened_from`), else its `source_path` as it
/// is (a path given on the command line, a repos file, a page read from git).
pub fn opened<'a>(d: &'a Diagnostic, opened_from: &'a HashMap<String, PathBuf>) -> Cow<'a, str> {
    match opened_from.get(&d.source_path) {
        Some(p) => p.to_string_lossy(),
        None => Cow::Borrowed(&d.source_path),
    }
}

/// One diagnostic as one line in `format`, its file shown as `path`.
pub fn line(d: &Diagnostic, path: &str, format: DiagFormat) -> String {
    match format {
        DiagFormat::Text => text_line(d, path),
        DiagFormat::Json => json_line(d, path),
        DiagFormat::Github => github_line(d, path),
    }
}

/// `path:line: severity[code]: message`, the format compilers and editors understand.
pub fn text_line(d: &Diagnostic, path: &str) -> String {
    match d.line {
        Some(l) => format!("{path}:{l}: {}[{}]: {}", d.severity, d.code, d.message),
        None => format!("{path}: {}[{}]: {}", d.severity, d.code, d.message),
    }
}

/// Stable field names; `line` is null for findings about a whole file. `path`
/// opens from where the command ran; `source_path` is the dataset's (relative
/// to the input).
pub fn json_line(d: &Diagnostic, path: &str) -> String {
    serde_json::json!({
        "path": path,
        "source_path": d.source_path,
        "line": d.line,
        "severity": d.severity.as_str(),
        "code": d.code.as_str(),
        "message": d.message,
        "intern": d.intern,
    })
    .to_string()
}

/// `::error|warning|notice file=P[,line=N],title=CODE::MESSAGE`; GitHub has no
/// "info" level, so info becomes a notice.
pub fn github_line(d: &Diagnostic, path: &str) -> String {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let mut s = format!("::{level} file={}", escape_property(path));
    if let Some(l) = d.line {
        s.push_str(&format!(",line={l}"));
    }
    s.push_str(&format!(",title={}", escape_property(d.code.as_str())));
    s.push_str("::");
    s.push_str(&escape_data(&d.message));
    s
}

/// A workflow command's message, escaped as GitHub's runner unescapes it.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: the message escapes plus `:` and `,`,
/// which would otherwise end the value.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;

    fn diag(path: &str, line: Option<u32>, message: &str) -> Diagnostic {
        let mut d = Diagnostic::new(path, line, Code::ALL[0], message);
        d.intern = "an".into();
        d
    }

    #[test]
    fn escapes_hostile_strings() {
        assert_eq!(escape_data("100% done"), "100%25 done");
        assert_eq!(escape_data("a\r\nb"), "a%0D%0Ab");
        // Already-escaped-looking text must survive a round trip: `%0A` stays literal.
        assert_eq!(escape_data("%0A"), "%250A");
        assert_eq!(escape_data("a: b, c"), "a: b, c");
        assert_eq!(escape_property("a: b, c"), "a%3A b%2C c");
        assert_eq!(escape_property("C:\\x,y%\n"), "C%3A\\x%2Cy%25%0A");
        assert_eq!(escape_property("::error::"), "%3A%3Aerror%3A%3A");
    }

    #[test]
    fn github_levels_and_grammar() {
        let mut d = diag("content/a,b:c.md", Some(7), "cell \"50%\"\nnext: x, y");
        for (sev, level) in [
            (Severity::Error, "error"),
            (Severity::Warning, "warning"),
            (Severity::Info, "notice"),
        ] {
            d.severity = sev;
            let l = github_line(&d, &d.source_path);
            assert_eq!(
                l,
                format!(
                    "::{level} file=content/a%2Cb%3Ac.md,line=7,title={}::cell \"50%25\"%0Anext: x, y",
                    d.code.as_str()
                )
            );
            assert!(!l.contains('\n') && !l.contains('\r'));
        }
        let l = github_line(&diag("p.md", None, "m"), "p.md");
        assert!(l.starts_with("::"), "{l}");
        assert!(!l.contains(",line="), "{l}");
    }

    #[test]
    fn json_fields() {
        let v: serde_json::Value =
            serde_json::from_str(&json_line(&diag("p.md", Some(3), "x\ny%"), "in/p.md")).unwrap();
        assert_eq!(v["path"], "in/p.md");
        assert_eq!(v["source_path"], "p.md");
        assert_eq!(v["line"], 3);
        assert_eq!(v["code"], Code::ALL[0].as_str());
        assert_eq!(v["severity"], Code::ALL[0].severity().as_str());
        assert_eq!(v["message"], "x\ny%");
        assert_eq!(v["intern"], "an");
        let v: serde_json::Value =
            serde_json::from_str(&json_line(&diag("p.md", None, ""), "p.md")).unwrap();
        assert!(v["line"].is_null());
    }

    #[test]
    fn text_is_display_at_the_opened_path() {
        let d = diag("p.md", Some(3), "m");
        assert_eq!(line(&d, "p.md", DiagFormat::Text), d.to_string());
        let from = HashMap::from([("p.md".to_string(), PathBuf::from("in/p.md"))]);
        assert_eq!(opened(&d, &from), "in/p.md");
        assert_eq!(
            line(&d, &opened(&d, &from), DiagFormat::Text),
            d.to_string().replacen("p.md", "in/p.md", 1)
        );
        let other = diag("repos.txt", None, "m");
        assert_eq!(opened(&other, &from), "repos.txt");
    }
}
