//! `basilica-miner`: parse arguments, set up logging and colour, run one subcommand and turn
//! its result into an exit code.

mod commands;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = commands::Cli::parse();
    let ctx = commands::Context::new(&cli.global, cli.command.is_daemon());
    let result = commands::run(cli.command, &ctx);
    ExitCode::from(commands::finish(&ctx, result))
}
