//! `completions <shell>`: print a completion script generated from the clap tree.

use clap::CommandFactory;
use clap_complete::Shell;

use super::{Cli, Context, ExitStatus};
use crate::commands::CmdResult;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to generate for
    #[arg(value_enum)]
    pub shell: Shell,
}

/// The clap tree without hidden subcommands (some shells' generators would offer them).
pub fn public_command() -> clap::Command {
    let full = Cli::command();
    let visible: Vec<clap::Command> = full.get_subcommands().filter(|s| !s.is_hide_set()).cloned().collect();
    let mut out = clap::Command::new(full.get_name().to_string())
        .args(full.get_arguments().cloned())
        .subcommands(visible)
        .propagate_version(true);
    if let Some(v) = full.get_version() {
        out = out.version(v.to_string());
    }
    if let Some(a) = full.get_about() {
        out = out.about(a.clone());
    }
    out
}

pub fn run(args: Args, _ctx: &Context) -> CmdResult {
    let mut cmd = public_command();
    let mut out = std::io::stdout().lock();
    clap_complete::generate(args.shell, &mut cmd, "basilica-miner", &mut out);
    Ok(ExitStatus::Success)
}
