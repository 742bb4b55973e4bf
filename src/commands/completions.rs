//! `completions <shell>`: print a completion script generated from the clap tree.

use clap::CommandFactory;
use clap_complete::Shell;

use super::{Cli, Context, ExitStatus};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to generate for
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn run(args: Args, _ctx: &Context) -> anyhow::Result<ExitStatus> {
    let mut cmd = Cli::command();
    let mut out = std::io::stdout().lock();
    clap_complete::generate(args.shell, &mut cmd, "basilica-miner", &mut out);
    Ok(ExitStatus::Success)
}
