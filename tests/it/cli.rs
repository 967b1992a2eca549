//! CLI output snapshots (insta). Review with `cargo insta review` or by reading
//! the `.snap` files under tests/it/snapshots/.

use crate::common::*;

#[test]
fn check_sample_data_output() {
    let o = run_bin(&["check", "sample_data"]);
    assert!(o.status.success());
    insta::assert_snapshot!("check_sample_data", stdout(&o));
}

#[test]
fn schema_output() {
    let o = run_bin(&["schema"]);
    assert!(o.status.success());
    insta::assert_snapshot!("schema", stdout(&o));
    let o = run_bin(&["schema", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("tables: tasks, task_labs, task_topics, pages, diagnostics"));
}

#[test]
fn help_texts() {
    let o = run_bin(&["--help"]);
    assert!(o.status.success());
    insta::assert_snapshot!("help", stdout(&o));
    for sub in SUBCOMMANDS {
        let o = run_bin(&[sub, "--help"]);
        assert!(o.status.success(), "{sub}");
        assert!(stdout(&o).contains("Usage: worklog-analyze"), "{sub}");
    }
    insta::assert_snapshot!("help_run", stdout(&run_bin(&["run", "--help"])));
}

#[test]
fn usage_errors_exit_2() {
    let o = run_bin(&["extract", "sample_data"]);
    assert_eq!(o.status.code(), Some(2), "missing -o");
    let o = run_bin(&["run", "--format", "xml", "-e", "select 1"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run_bin(&["frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn check_codes_lists_every_code() {
    let o = run_bin(&["check", "--codes"]);
    assert!(o.status.success());
    let out = stdout(&o);
    for c in worklog_analyze::diag::Code::ALL {
        assert!(out.contains(c.as_str()), "{c}");
    }
}

#[test]
fn readme_lists_every_diagnostic_code() {
    let readme = std::fs::read_to_string(crate::common::repo().join("README.md")).unwrap();
    // One list item per severity (`- warnings: `a`, `b`, …`), wrapped over lines.
    let group = |sev: &str| -> String {
        let head = format!("\n- {sev}s: ");
        let at = readme
            .find(&head)
            .unwrap_or_else(|| panic!("README lacks the list {head:?}"));
        let rest = &readme[at + head.len()..];
        let end = rest.find("\n- ").into_iter().chain(rest.find("\n\n")).min();
        rest[..end.unwrap_or(rest.len())].to_string()
    };
    for code in worklog_analyze::diag::Code::ALL {
        let list = group(code.severity().as_str());
        assert!(
            list.contains(&format!("`{}`", code.as_str())),
            "README's {}s list lacks `{}`",
            code.severity().as_str(),
            code.as_str()
        );
    }
}
