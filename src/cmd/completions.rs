//! `completions SHELL`: a completion script generated from the clap definitions.

use clap::CommandFactory;

use super::EXIT_OK;
use crate::cli::{Cli, CompletionsArgs};

pub fn run(args: &CompletionsArgs) -> anyhow::Result<i32> {
    let mut cmd = Cli::command();
    let name = cmd.get_name().to_string();
    clap_complete::generate(args.shell, &mut cmd, name, &mut std::io::stdout().lock());
    Ok(EXIT_OK)
}
