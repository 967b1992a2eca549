//! `man`: the roff man page generated from the clap definitions; `--dir` writes
//! the top-level page and one per subcommand (the top page refers to them).

use std::io::Write;

use anyhow::Context;
use clap::CommandFactory;

use super::EXIT_OK;
use crate::cli::{Cli, ManArgs};

pub fn run(args: &ManArgs) -> anyhow::Result<i32> {
    if let Some(dir) = &args.dir {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        clap_mangen::generate_to(Cli::command(), dir)
            .with_context(|| format!("writing man pages into {}", dir.display()))?;
        return Ok(EXIT_OK);
    }
    // As generate_to does, so the page names only pages --dir writes (no `help`).
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut buf)?;
    std::io::stdout().lock().write_all(&buf)?;
    Ok(EXIT_OK)
}
