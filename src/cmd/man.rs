//! `man`: the roff man page generated from the clap definitions (top level,
//! with the subcommands listed; each one's options are in its --help).

use std::io::Write;

use clap::CommandFactory;

use super::EXIT_OK;
use crate::cli::{Cli, ManArgs};

pub fn run(_args: &ManArgs) -> anyhow::Result<i32> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut buf)?;
    std::io::stdout().lock().write_all(&buf)?;
    Ok(EXIT_OK)
}
