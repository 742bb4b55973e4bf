//! `config validate|show`.

mod show;
mod validate;

use clap::Subcommand;

use super::Context;
use crate::commands::CmdResult;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check every section of miner.toml, including the files and directories it names.
    Validate(validate::Args),
    /// Print the effective configuration (file + environment + defaults).
    Show(show::Args),
}

pub fn run(cmd: Command, ctx: &Context) -> CmdResult {
    match cmd {
        Command::Validate(args) => validate::run(args, ctx),
        Command::Show(args) => show::run(args, ctx),
    }
}
