//! `keys list|revoke|rotate`: validator keys on the nodes and the miner's own node key.

mod list;
mod revoke;
mod rotate;

use clap::Subcommand;

use super::Context;
use crate::commands::CmdResult;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List validator keys on every node, and nodes missing the miner's own key.
    List(list::Args),
    /// Remove one validator's key (or all validator keys) from every node.
    Revoke(revoke::Args),
    /// Replace the miner's own node key everywhere without locking you out.
    Rotate(rotate::Args),
}

pub fn run(cmd: Command, ctx: &Context) -> CmdResult {
    match cmd {
        Command::List(args) => list::run(args, ctx),
        Command::Revoke(args) => revoke::run(args, ctx),
        Command::Rotate(args) => rotate::run(args, ctx),
    }
}
