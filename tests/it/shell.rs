//! `check --format json|github`, `completions` and `man`, through the real binary.

use std::process::Command;

use crate::common::*;

const GITHUB_LINE: &str = r"^::(error|warning|notice) file=[^,]*(,line=\d+)?(,title=[^:]*)?::.*$";

/// Text-format diagnostics for sample_data, without the summary line.
fn text_diagnostics() -> Vec<String> {
    let o = run_bin(&["check", "sample_data"]);
    let out = stdout(&o);
    let mut lines: Vec<String> = out.lines().map(str::to_string).collect();
    lines.pop(); // the summary
    lines
}

#[test]
fn check_json_lines_parse_with_stable_fields() {
    let o = run_bin(&["check", "--format", "json", "sample_data"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = text_diagnostics();
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), text.len(), "one JSON line per diagnostic");
    assert!(!lines.is_empty());
    for (l, t) in lines.iter().zip(&text) {
        let v: serde_json::Value = serde_json::from_str(l).expect(l);
        let obj = v.as_object().expect("object");
        let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "code",
                "intern",
                "line",
                "message",
                "path",
                "severity",
                "source_path"
            ]
        );
        // `path` opens from where check ran; `source_path` is the dataset's.
        assert_eq!(
            v["path"].as_str().unwrap(),
            format!("sample_data/{}", v["source_path"].as_str().unwrap()),
            "{l}"
        );
        // The same finding as the text line, field by field.
        let loc = match v["line"].as_u64() {
            Some(n) => format!("{}:{n}: ", v["path"].as_str().unwrap()),
            None => format!("{}: ", v["path"].as_str().unwrap()),
        };
        let expect = format!(
            "{loc}{}[{}]: {}",
            v["severity"].as_str().unwrap(),
            v["code"].as_str().unwrap(),
            v["message"].as_str().unwrap()
        );
        assert_eq!(&expect, t);
        assert!(!v["intern"].as_str().unwrap().is_empty(), "{l}");
    }
    // The summary goes to stderr, the same text as the text format's last line.
    assert!(
        stderr(&o).contains(" tasks counted once: 0 errors, "),
        "{}",
        stderr(&o)
    );
}

#[test]
fn check_github_lines_are_workflow_commands() {
    let re = regex::Regex::new(GITHUB_LINE).unwrap();
    let o = run_bin(&["check", "--format", "github", "sample_data"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(!out.contains('\r'));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), text_diagnostics().len());
    for l in &lines {
        assert!(re.is_match(l), "{l}");
    }
    assert!(lines.iter().any(|l| l.starts_with("::warning ")));
    assert!(lines.iter().any(|l| l.starts_with("::notice ")));
    assert!(stderr(&o).contains(" task rows, 75 tasks counted once: "));
    // --strict still fails on the warnings.
    let o = run_bin(&["check", "--format", "github", "--strict", "sample_data"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn check_github_escapes_hostile_cells_and_paths() {
    // A file name and a date cell full of the characters workflow commands use.
    let page = "---\ntitle: \"Week 1 Worklog\"\ndate: 2025-09-29\n---\n\n### Tasks\n\n\
| Day | Task | Start Date | Completion Date | Reference Material |\n| --- | --- | --- | --- | --- |\n\
| 2 | Learn S3 | 29/09/2025 | 29/09/2025 | x |\n\
| 3 | Learn EC2 | 30/09/2025 | 100%: a, b %0A ::error::x | x |\n\
| 4 | Learn IAM | 01/10/2025 | 01/10/2025 | x |\n";
    let dir = tree(&[("site/content/1-Worklog/w1/a,b:c.md", page.as_bytes())]);
    // Run where the site is: the path printed opens from there.
    let o = bin()
        .current_dir(dir.path())
        .args(["check", "--format", "github", "site"])
        .output()
        .unwrap();
    let out = stdout(&o);
    let re = regex::Regex::new(GITHUB_LINE).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1, "{out}");
    assert!(re.is_match(lines[0]), "{}", lines[0]);
    assert_eq!(
        lines[0],
        "::warning file=site/content/1-Worklog/w1/a%2Cb%3Ac.md,line=11,title=bad_date::\
completion date \"100%25: a, b %250A ::error::x\" is not a date this tool can read"
    );
    // JSON keeps the message as written.
    let site = dir.path().join("site");
    let o = bin()
        .args(["check", "--format", "json"])
        .arg(&site)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["source_path"], "content/1-Worklog/w1/a,b:c.md");
    // Given as an absolute path, the site's files are printed absolute.
    assert_eq!(
        v["path"].as_str().unwrap(),
        site.join("content/1-Worklog/w1/a,b:c.md").to_str().unwrap()
    );
    assert_eq!(v["line"], 11);
    assert_eq!(
        v["message"],
        "completion date \"100%: a, b %0A ::error::x\" is not a date this tool can read"
    );
}

#[test]
fn bash_completion_is_valid_and_completes_subcommands() {
    let o = run_bin(&["completions", "bash"]);
    assert!(o.status.success());
    let script = stdout(&o);
    for sub in ["extract", "check", "run", "report", "completions", "man"] {
        assert!(script.contains(sub), "{sub}");
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wa.bash");
    std::fs::write(&path, &script).unwrap();
    let Ok(syntax) = Command::new("bash").arg("-n").arg(&path).output() else {
        eprintln!("skipped: no bash");
        return;
    };
    assert!(syntax.status.success(), "{}", stderr(&syntax));
    // Complete `worklog-analyze ex<TAB>` as bash would: source, set the words and
    // call the function the script registered with `complete -F`.
    let probe = format!(
        "source '{}'; f=$(complete -p worklog-analyze | sed 's/.*-F \\([^ ]*\\).*/\\1/'); \
COMP_WORDS=(worklog-analyze ex); COMP_CWORD=1; COMP_LINE='worklog-analyze ex'; COMP_POINT=${{#COMP_LINE}}; \
\"$f\" worklog-analyze ex worklog-analyze; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        path.display()
    );
    let o = Command::new("bash").arg("-c").arg(&probe).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let mut reply: Vec<String> = stdout(&o).lines().map(str::to_string).collect();
    reply.sort();
    // The two subcommands that start with `ex`, and no option or file name.
    assert_eq!(reply, ["export", "extract"], "{}", stderr(&o));
}

#[test]
fn other_shells_generate() {
    for sh in ["zsh", "fish", "powershell", "elvish"] {
        let o = run_bin(&["completions", sh]);
        assert!(o.status.success(), "{sh}");
        assert!(stdout(&o).contains("extract"), "{sh}");
    }
    assert_eq!(run_bin(&["completions", "tcsh"]).status.code(), Some(2));
}

#[test]
fn man_page_renders() {
    let o = run_bin(&["man"]);
    assert!(o.status.success());
    let roff = stdout(&o);
    assert!(roff.contains(".TH worklog-analyze 1"), "{roff}");
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("worklog-analyze.1");
    std::fs::write(&page, &roff).unwrap();
    let rendered = match Command::new("groff")
        .args(["-man", "-Tutf8"])
        .arg(&page)
        .output()
    {
        Ok(r) => r,
        Err(_) => match Command::new("man")
            .arg("-l")
            .arg(&page)
            .env("MANPAGER", "cat")
            .output()
        {
            Ok(r) => r,
            Err(_) => {
                eprintln!("skipped: neither groff nor man is installed");
                return;
            }
        },
    };
    assert!(rendered.status.success(), "{}", stderr(&rendered));
    let text = stdout(&rendered);
    // groff marks bold with overstrikes on a tty device: drop them before matching.
    let plain = regex::Regex::new(".\u{8}").unwrap().replace_all(&text, "");
    for want in [
        "NAME",
        "worklog-analyze",
        "SUBCOMMANDS",
        "extract",
        "completions",
    ] {
        assert!(plain.contains(want), "{want} in\n{plain}");
    }
}

#[test]
fn man_dir_writes_a_page_per_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man1");
    let o = bin().args(["man", "--dir"]).arg(&out).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    for sub in SUBCOMMANDS {
        let p = out.join(format!("worklog-analyze-{sub}.1"));
        assert!(p.is_file(), "{}", p.display());
    }
    let top = std::fs::read_to_string(out.join("worklog-analyze.1")).unwrap();
    // The same top page as on stdout, which names no page that --dir does not write.
    assert_eq!(top, stdout(&run_bin(&["man"])));
    assert!(!top.contains("help(1)"), "{top}");
    let check = std::fs::read_to_string(out.join("worklog-analyze-check.1")).unwrap();
    assert!(check.contains("\\-\\-format"), "{check}");
    assert!(check.contains("github"), "{check}");
}
