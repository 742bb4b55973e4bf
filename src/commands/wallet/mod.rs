//! `wallet check`: the miner's hotkey and coldkey as the daemon will load them.

mod check;

use clap::Subcommand;

use super::Context;
use crate::commands::CmdResult;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load the hotkey, read the coldkey address, check file permissions.
    Check(check::Args),
}

pub fn run(cmd: Command, ctx: &Context) -> CmdResult {
    match cmd {
        Command::Check(args) => check::run(args, ctx),
    }
}

/// Asks for a key file's password: `BASILICA_MINER_WALLET_PASSWORD`, else a prompt on a terminal.
pub fn password_source(ctx: &Context, path: &std::path::Path) -> Option<String> {
    if let Ok(pw) = std::env::var(basilica_miner::core::config::env::WALLET_PASSWORD) {
        return Some(pw);
    }
    if !ctx.interactive {
        return None;
    }
    dialoguer::Password::new().with_prompt(format!("Password for {}", path.display())).interact().ok()
}
