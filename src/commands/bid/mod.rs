//! `bid show` / `bid status` / `bid validators`: generation 2 seen from the operator's chair:
//! what would be advertised to the validator and why nodes are left out, the bid and
//! heartbeat the daemon last recorded, and which validators take bids at all.

mod show;
mod status;
mod validators;

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
    /// Print the last bid at the validator and its heartbeat, from the daemon's database.
    Status,
    /// List the permitted validators of the configured subnet and whether each takes Basilica bids (a MinerRegistration service at its bid endpoint) and knows this hotkey, and which one the assignment picks; exit 1 when none takes bids.
    Validators {
        /// Look at this bid endpoint instead of the subnet's validators (http://IP:PORT or https://NAME), e.g. before setting [bidding] validator_endpoint
        #[arg(long, value_name = "URL")]
        endpoint: Option<String>,
    },
}

pub fn run(cmd: Command, ctx: &Context) -> CmdResult {
    match cmd {
        Command::Show { full } => show::run(ctx, full),
        Command::Status => status::run(ctx),
        Command::Validators { endpoint } => validators::run(ctx, endpoint),
    }
}
