//! `basilica-miner`: parse arguments, set up logging and colour, run one subcommand and turn
//! its result into an exit code.

mod commands;

use std::process::ExitCode;

use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches};

fn main() -> ExitCode {
    let matches = commands::Cli::command().get_matches();
    let cli = commands::Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    // A bare `basilica-miner --config FILE` (the operator guide's unit file) runs serve.
    let command = match cli.command {
        Some(c) => c,
        None if matches!(matches.value_source("config"), Some(ValueSource::CommandLine | ValueSource::EnvVariable)) => {
            commands::Command::default_daemon()
        }
        None => commands::Cli::command()
            .error(
                clap::error::ErrorKind::MissingSubcommand,
                "give a command (see --help), or --config FILE alone to run serve",
            )
            .exit(),
    };
    let ctx = commands::Context::new(&cli.global, command.is_daemon());
    let result = commands::run(command, &ctx);
    ExitCode::from(commands::finish(&ctx, result))
}
