//! Outputs that would overwrite what a command reads are refused, `--force`
//! or not. Paths are compared canonicalized (symlinks resolved), so `./pages`,
//! `pages/` and a link to it are one folder.

use std::path::{Component, Path, PathBuf};

use anyhow::{bail, Context};

use crate::cli::ReadOpts;

/// Something a command reads, with how errors name it.
#[derive(Debug, Clone)]
pub struct Input {
    /// `input`, `repository cache`, …
    pub what: &'static str,
    pub path: PathBuf,
}

/// How an output is written, which decides what overlap is dangerous.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writes {
    /// The output folder is replaced whole (`extract -o`, `gen -o`): it must
    /// not be, hold or lie inside an input.
    Replaces,
    /// Files are written into the output (`run --out`, `report -o`): it must
    /// not be or lie inside an input (holding one is harmless).
    Into,
}

/// What `extract`, `check` and `run --input` read besides their PATHs: the
/// repos file, the local repositories it lists, the repository cache and the
/// taxonomy.
pub fn read_inputs(read: &ReadOpts) -> Vec<Input> {
    let mut out = Vec::new();
    if let Some(file) = &read.repos {
        out.push(Input {
            what: "repos file",
            path: file.clone(),
        });
        out.extend(
            crate::extract::repos::local_paths(file)
                .into_iter()
                .map(|path| Input {
                    what: "repository",
                    path,
                }),
        );
    }
    out.push(Input {
        what: "repository cache",
        path: read.cache.clone().unwrap_or_else(crate::git::default_cache),
    });
    if let Some(t) = &read.taxonomy {
        out.push(Input {
            what: "taxonomy",
            path: t.clone(),
        });
    }
    out
}

/// PATH arguments as inputs.
pub fn paths(paths: &[PathBuf]) -> impl Iterator<Item = Input> + '_ {
    paths.iter().map(|p| Input {
        what: "input",
        path: p.clone(),
    })
}

/// `path` absolute with symlinks resolved, even when it does not exist yet:
/// its nearest existing ancestor is canonicalized and the rest appended
/// (`..` applied to the names).
pub fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let abs = std::path::absolute(path)?;
    let parts: Vec<Component<'_>> = abs.components().collect();
    for keep in (1..=parts.len()).rev() {
        let head: PathBuf = parts[..keep].iter().collect();
        let Ok(mut out) = std::fs::canonicalize(&head) else {
            continue;
        };
        for c in &parts[keep..] {
            match c {
                Component::ParentDir => {
                    out.pop();
                }
                Component::Normal(n) => out.push(n),
                _ => {}
            }
        }
        return Ok(out);
    }
    Ok(abs)
}

/// Refuse `output` (given as `flag`) when writing it could overwrite one of
/// `inputs`. Inputs that do not exist are left to the reader to report.
pub fn refuse_overlap(
    output: &Path,
    flag: &str,
    writes: Writes,
    inputs: impl IntoIterator<Item = Input>,
) -> anyhow::Result<()> {
    let out = resolve(output).with_context(|| format!("resolving {flag} {}", output.display()))?;
    for i in inputs {
        let Ok(input) = std::fs::canonicalize(&i.path) else {
            continue;
        };
        let how = if out == input {
            "is"
        } else if out.starts_with(&input) {
            "is inside"
        } else if writes == Writes::Replaces && input.starts_with(&out) {
            "holds"
        } else {
            continue;
        };
        // Where links or `..` made the match, say what the paths resolve to.
        let plain = |p: &Path, resolved: &Path| std::path::absolute(p).is_ok_and(|a| a == resolved);
        let resolved = if plain(output, &out) && plain(&i.path, &input) {
            String::new()
        } else if out == input {
            format!(" (both are {})", out.display())
        } else {
            format!(" ({} and {})", out.display(), input.display())
        };
        bail!(
            "{flag} {} {how} the {} {}{resolved}: writing there could destroy what is read, so it is refused even with --force; choose an output outside the inputs",
            output.display(),
            i.what,
            i.path.display(),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_handles_missing_tails_dots_and_links() {
        let tmp = tempfile::tempdir().unwrap();
        let base = std::fs::canonicalize(tmp.path()).unwrap();
        std::fs::create_dir(base.join("a")).unwrap();
        assert_eq!(
            resolve(&base.join("a/new/x")).unwrap(),
            base.join("a/new/x")
        );
        assert_eq!(resolve(&base.join("a/new/../y")).unwrap(), base.join("a/y"));
        assert_eq!(resolve(&base.join("a/./z")).unwrap(), base.join("a/z"));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(base.join("a"), base.join("link")).unwrap();
            assert_eq!(resolve(&base.join("link/new")).unwrap(), base.join("a/new"));
        }
    }

    #[test]
    fn overlap_is_refused_both_ways_for_a_replaced_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let pages = tmp.path().join("pages");
        std::fs::create_dir_all(pages.join("site")).unwrap();
        let inputs = || {
            vec![Input {
                what: "input",
                path: pages.join("site"),
            }]
        };
        let refused = |out: &Path, w: Writes| refuse_overlap(out, "-o", w, inputs()).is_err();
        assert!(refused(&pages.join("site"), Writes::Replaces));
        assert!(refused(&pages.join("site/ds"), Writes::Replaces));
        assert!(refused(&pages, Writes::Replaces));
        assert!(!refused(&tmp.path().join("ds"), Writes::Replaces));
        assert!(!refused(&pages.join("ds"), Writes::Replaces));
        // Files written into a folder that holds an input do not touch it.
        assert!(!refused(&pages, Writes::Into));
        assert!(refused(&pages.join("site/out"), Writes::Into));
    }
}
