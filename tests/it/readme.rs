//! The README's `console` examples, run and compared, so the README cannot
//! drift from the tool. The block format, the environment and the filters are
//! documented in CONTRIBUTING.md ("The README's examples are tests").
//! `UPDATE_README=1 cargo test --test it readme` rewrites the outputs in place.

use std::path::{Path, PathBuf};
use std::process::Command;

use regex::Regex;

use crate::common::*;

const SKIP: &str = "<!-- readme-test: skip";
/// What the temp working directory's path is shown as.
const WD: &str = "/tmp/wd";

/// One `$ ` command of a block and the README lines of its expected output.
struct Cmd {
    /// The command as written (continuation lines joined).
    text: String,
    /// README line indices (0-based) of its expected output: `first..end`.
    first: usize,
    end: usize,
}

struct Block {
    /// 1-based line of the opening fence, for messages.
    line: usize,
    skipped: bool,
    cmds: Vec<Cmd>,
}

/// Every ```` ```console ```` block (any fence length) of `lines`.
fn blocks(lines: &[&str]) -> Vec<Block> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].trim_start();
        let ticks = t.len() - t.trim_start_matches('`').len();
        if ticks < 3 || t[ticks..].trim() != "console" {
            i += 1;
            continue;
        }
        let fence = &t[..ticks];
        let indent = lines[i].len() - t.len();
        let skipped = lines[..i]
            .iter()
            .rev()
            .find(|l| !l.trim().is_empty())
            .is_some_and(|l| {
                let l = l.trim();
                // A skip says why: `<!-- readme-test: skip (needs S3) -->`.
                assert!(
                    !l.starts_with(SKIP) || (l.contains('(') && l.ends_with(") -->")),
                    "README.md:{i}: a skip marker gives its reason: {SKIP} (REASON) -->"
                );
                l.starts_with(SKIP)
            });
        let mut cmds: Vec<Cmd> = Vec::new();
        let mut j = i + 1;
        while j < lines.len() && lines[j].trim() != fence {
            let l = strip_indent(lines[j], indent);
            if let Some(c) = l.strip_prefix("$ ") {
                let mut text = c.to_string();
                while text.ends_with('\\') && j + 1 < lines.len() {
                    j += 1;
                    text.push('\n');
                    text.push_str(strip_indent(lines[j], indent));
                }
                cmds.push(Cmd {
                    text,
                    first: j + 1,
                    end: j + 1,
                });
            } else if let Some(c) = cmds.last_mut() {
                c.end = j + 1;
            }
            j += 1;
        }
        out.push(Block {
            line: i + 1,
            skipped,
            cmds,
        });
        i = j + 1;
    }
    out
}

fn strip_indent(l: &str, n: usize) -> &str {
    let k = l.len() - l.trim_start_matches(' ').len();
    &l[k.min(n)..]
}

/// The filters applied to expected and actual output before comparing.
struct Filters {
    hex: Regex,
    tmp: Regex,
    time: Regex,
}

impl Filters {
    fn new() -> Self {
        Filters {
            hex: Regex::new(r"\b[0-9a-f]{7,}\b").unwrap(),
            tmp: Regex::new(r"\.tmp-[0-9]+\.[0-9]+-[A-Za-z0-9]{6}").unwrap(),
            time: Regex::new(r"\b[0-9]+(\.[0-9]+)? ?(ms|s)\b").unwrap(),
        }
    }

    fn apply(&self, text: &str) -> String {
        let mut out = Vec::new();
        for line in text.lines() {
            // Only ids that mix digits and letters: a plain number is data.
            let l = self.hex.replace_all(line, |c: &regex::Captures| {
                let m = &c[0];
                if m.bytes().any(|b| b.is_ascii_digit())
                    && m.bytes().any(|b| b.is_ascii_alphabetic())
                {
                    "<hex>".to_string()
                } else {
                    m.to_string()
                }
            });
            let l = self.tmp.replace_all(&l, ".tmp-<id>");
            let l = self.time.replace_all(&l, "<time>");
            out.push(l.trim_end().to_string());
        }
        while out.last().is_some_and(|l| l.is_empty()) {
            out.pop();
        }
        out.join("\n")
    }
}

/// The working directory every block runs in, as a user's clone would be.
fn workdir() -> (tempfile::TempDir, tempfile::TempDir) {
    let wd = tempfile::tempdir().expect("tempdir");
    copy_dir(&sample_data(), &wd.path().join("sample_data"));
    std::fs::create_dir_all(wd.path().join("docs")).unwrap();
    copy_dir(
        &repo().join("docs/examples"),
        &wd.path().join("docs/examples"),
    );
    for link in ["queries", "taxonomy"] {
        std::os::unix::fs::symlink(repo().join(link), wd.path().join(link)).unwrap();
    }
    let bin = tempfile::tempdir().expect("tempdir");
    std::os::unix::fs::symlink(
        env!("CARGO_BIN_EXE_worklog-analyze"),
        bin.path().join("worklog-analyze"),
    )
    .unwrap();
    (wd, bin)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

/// `cargo run -- ARGS` is the binary with ARGS.
fn command_line(text: &str) -> String {
    for prefix in ["cargo run --quiet -- ", "cargo run -- "] {
        if let Some(rest) = text.strip_prefix(prefix) {
            return format!("worklog-analyze {rest}");
        }
    }
    text.to_string()
}

fn run(text: &str, wd: &Path, bin: &Path) -> String {
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let home = wd.join(".home");
    std::fs::create_dir_all(&home).unwrap();
    // A bound, so a command that hangs fails the test instead of the run.
    let o = Command::new("timeout")
        .args(["300", "bash", "-c"])
        .arg(format!("exec 2>&1\n{}", command_line(text)))
        .current_dir(wd)
        .env_clear()
        .env("PATH", path)
        .env("HOME", &home)
        .env("XDG_CACHE_HOME", home.join(".cache"))
        .env("TMPDIR", std::env::temp_dir())
        .env("TZ", "UTC")
        .env("LC_ALL", "C.UTF-8")
        .env("GIT_AUTHOR_NAME", "Intern")
        .env("GIT_AUTHOR_EMAIL", "intern@example.com")
        .env("GIT_COMMITTER_NAME", "Intern")
        .env("GIT_COMMITTER_EMAIL", "intern@example.com")
        .env("GIT_AUTHOR_DATE", "2026-03-06T17:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-03-06T17:00:00Z")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("spawn timeout + bash");
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    // The temp directory as a user would not see it: one fixed name.
    let real = wd.canonicalize().unwrap_or_else(|_| wd.to_path_buf());
    out.replace(&real.display().to_string(), WD)
        .replace(&wd.display().to_string(), WD)
}

#[test]
fn readme_console_examples() {
    let path: PathBuf = repo().join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let lines: Vec<&str> = readme.lines().collect();
    let blocks = blocks(&lines);
    let update = std::env::var_os("UPDATE_README").is_some();
    let filters = Filters::new();
    let (wd, bin) = workdir();
    // The --repos examples build repositories; like the git tests, they
    // skip without git (and fail on CI, which installs it).
    let has_git = Command::new("git").arg("--version").output().is_ok();
    if !has_git {
        assert!(std::env::var_os("CI").is_none(), "git is missing on CI");
        eprintln!("skipped: the README's git examples (no git on PATH)");
    }

    // (first, end, indent, new output lines) for the update.
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let mut failures = Vec::new();
    let (mut tested, mut skipped) = (0, 0);
    for b in &blocks {
        let needs_git = b
            .cmds
            .iter()
            .any(|c| c.text.contains("git ") || c.text.contains("--repos"));
        if b.skipped || (needs_git && !has_git) {
            skipped += 1;
            continue;
        }
        tested += 1;
        for c in &b.cmds {
            let actual = run(&c.text, wd.path(), bin.path());
            let indent: String = lines[c.first - 1]
                .chars()
                .take_while(|ch| *ch == ' ')
                .collect();
            let expected: Vec<&str> = lines[c.first..c.end]
                .iter()
                .map(|l| strip_indent(l, indent.len()))
                .collect();
            let expected = expected.join("\n");
            if filters.apply(&expected) != filters.apply(&actual) {
                failures.push(format!(
                    "README.md:{} (block at line {}): $ {}\n--- expected\n{}\n--- actual\n{}",
                    c.first,
                    b.line,
                    c.text,
                    expected.trim_end(),
                    actual.trim_end()
                ));
                edits.push((c.first, c.end, indent_lines(&actual, &indent)));
            }
        }
    }
    eprintln!("README: {tested} console blocks tested, {skipped} skipped");
    assert!(tested >= 10, "only {tested} console blocks found");

    if update && !edits.is_empty() {
        let mut out: Vec<String> = Vec::new();
        let mut next = 0;
        for (first, end, text) in &edits {
            out.extend(lines[next..*first].iter().map(|l| l.to_string()));
            if !text.is_empty() {
                out.push(text.clone());
            }
            next = *end;
        }
        out.extend(lines[next..].iter().map(|l| l.to_string()));
        let mut text = out.join("\n");
        text.push('\n');
        std::fs::write(&path, text).expect("write README.md");
        eprintln!("README: {} outputs rewritten", edits.len());
        return;
    }
    assert!(
        failures.is_empty(),
        "{} README output(s) differ (UPDATE_README=1 cargo test --test it readme rewrites them):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

fn indent_lines(text: &str, indent: &str) -> String {
    let lines: Vec<String> = text
        .trim_end()
        .lines()
        .map(|l| format!("{indent}{}", l.trim_end()).trim_end().to_string())
        .collect();
    lines.join("\n")
}

#[test]
fn readme_blocks_are_parsed() {
    let text = "a\n<!-- readme-test: skip (needs S3) -->\n```console\n$ echo a\na\n```\n\n````console\n$ x \\\n  y\nout 1\nout 2\n$ z\n````\n";
    let lines: Vec<&str> = text.lines().collect();
    let b = blocks(&lines);
    assert_eq!(b.len(), 2);
    assert!(b[0].skipped && !b[1].skipped);
    assert_eq!(b[1].cmds.len(), 2);
    assert_eq!(b[1].cmds[0].text, "x \\\n  y");
    assert_eq!(
        (b[1].cmds[0].first, b[1].cmds[0].end),
        (10, 12),
        "output lines of the first command"
    );
    assert_eq!((b[1].cmds[1].first, b[1].cmds[1].end), (13, 13));
    let f = Filters::new();
    assert_eq!(
        f.apply(
            "commit 1e5a25db88 in 0.35 s, .dataset.tmp-17663.275683-AgfMzH, 167078312 bytes  \n\n"
        ),
        "commit <hex> in <time>, .dataset.tmp-<id>, 167078312 bytes"
    );
    assert_eq!(
        command_line("cargo run -- run queries/*.sql"),
        "worklog-analyze run queries/*.sql"
    );
}
