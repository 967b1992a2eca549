//! The module structure: no file imports, directly or through others, a file
//! that imports it back (`tests/module_cycles.py` reads every `use crate::…`,
//! `use super::…` and inline path of src/).

use crate::common::*;

#[test]
fn no_module_cycle() {
    let o = std::process::Command::new("python3")
        .arg(repo().join("tests/module_cycles.py"))
        .output()
        .expect("python3 runs tests/module_cycles.py");
    let out = stdout(&o);
    assert!(
        o.status.success() && out.trim_end().ends_with("0 cycles"),
        "{out}{}",
        stderr(&o)
    );
}
