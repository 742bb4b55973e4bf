//! `bid show` / `bid status`: generation 2 seen from the operator's chair: what would be
//! advertised to the validator and why nodes are left out, and the registration and heartbeat
//! the daemon last recorded.

mod show;
mod status;

use clap::Subcommand;

use super::Context;
use crate::commands::CmdResult;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check every node now and print what would be advertised (categories, GPU counts, prices) and why nodes are left out; sends nothing to any validator.
    Show {
        /// Run the validators' full validation now instead of using serve's last one
        #[arg(long)]
        full: bool,
    },
    /// Print the last registration at the validator and its heartbeat, from the daemon's database.
    Status,
}

pub fn run(cmd: Command, ctx: &Context) -> CmdResult {
    match cmd {
        Command::Show { full } => show::run(ctx, full),
        Command::Status => status::run(ctx),
    }
}
