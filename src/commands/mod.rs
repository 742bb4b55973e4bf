//! The command-line surface: the clap tree, one module per subcommand, and the mapping of
//! results and errors to the documented exit codes.

mod bid;
mod completions;
mod config;
mod context;
mod database;
mod demo;
mod docs;
pub mod error;
mod exit;
mod fleet_ui;
mod health_check;
mod init;
mod keys;
mod logging;
mod node;
mod output;
mod probe;
mod register;
mod serve;
mod status;
mod wallet;

use clap::{Parser, Subcommand};

pub use basilica_miner::core::support::exit::ExitStatus;
pub use context::{Context, GlobalArgs};
pub use error::CmdResult;
pub use exit::finish;

const ENVIRONMENT_HELP: &str = "\
Environment:
  BASILICA_MINER_CONFIG             config file path (default ./miner.toml)
  BASILICA_MINER_<SECTION>__<KEY>   override one key, e.g. BASILICA_MINER_VALIDATOR_COMMS__PORT
  BASILICA_MINER_YES                assume yes for confirmations (--yes)
  BASILICA_MINER_NO_INPUT           never prompt (--no-input)
  BASILICA_MINER_WALLET_PASSWORD    password of encrypted key files (for cron/systemd)
  BASILICA_MINER_LOG                log filter, e.g. debug or basilica_miner=trace
  BASILICA_MINER_LOG_FORMAT         json for one JSON object per log line
  NO_COLOR                          disable colour";

/// Run a Basilica GPU miner: set up, manage GPU nodes, and serve validators.
///
/// Without a command, `basilica-miner --config FILE` runs `serve` (as the operator guide's
/// systemd unit and compose file start it).
#[derive(Debug, Parser)]
#[command(name = "basilica-miner", version, propagate_version = true, after_help = exit::help_text(), max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a whole miner on this machine (sshd nodes, serve, a validator taking its bids), then clean up.
    Demo(demo::Args),
    /// Create miner.toml: interactive wizard on a terminal, flags otherwise.
    Init(Box<init::Args>),
    /// Manage the GPU nodes in miner.toml.
    #[command(subcommand)]
    Node(node::Command),
    /// Validator keys on the nodes, and the miner's own node key.
    #[command(subcommand)]
    Keys(keys::Command),
    /// Is the miner earning? One screen from the running daemon (no SSH): daemon, chain, validator, bid, nodes, GPU-hours offered, what needs attention first; exit 0 all well, 1 needs attention, 3 no daemon answers.
    Status(status::Args),
    /// One summary of config, database, wallet, chain, the running daemon and the nodes; exit 1 on failure.
    HealthCheck,
    /// The operator guide's service checks: test-ssh (nodes), test-bittensor (wallet and chain).
    #[command(subcommand)]
    Service(health_check::ServiceCommand),
    /// Check the miner's Bittensor wallet (hotkey, coldkey address, permissions).
    #[command(subcommand)]
    Wallet(wallet::Command),
    /// Register the hotkey on the subnet (burned registration) and serve the axon.
    Register(register::Args),
    /// Run the validator-facing gRPC daemon.
    Serve(serve::Args),
    /// Generation 2: what is advertised to the validator, and the bid's state.
    #[command(subcommand)]
    Bid(bid::Command),
    /// Check a miner from the outside, as a validator does.
    Probe(probe::Args),
    /// Check or show the configuration.
    #[command(subcommand)]
    Config(config::Command),
    /// Inspect the daemon's database.
    #[command(subcommand)]
    Database(database::Command),
    /// Print a shell completion script to stdout.
    Completions(completions::Args),
    /// Regenerate the committed completions/ and man/ directories.
    #[command(hide = true)]
    GenerateDocs(docs::Args),
}

impl Command {
    /// What a bare `basilica-miner --config FILE` runs.
    pub fn default_daemon() -> Command {
        Command::Serve(serve::Args { offline: false })
    }

    /// Long-running commands log at info level by default.
    pub fn is_daemon(&self) -> bool {
        matches!(self, Command::Serve(_))
    }
}

/// Runs one subcommand.
pub fn run(command: Command, ctx: &Context) -> CmdResult {
    match command {
        Command::Demo(args) => demo::run(args, ctx),
        Command::Init(args) => init::run(*args, ctx),
        Command::Node(cmd) => node::run(cmd, ctx),
        Command::Keys(cmd) => keys::run(cmd, ctx),
        Command::Wallet(cmd) => wallet::run(cmd, ctx),
        Command::Status(args) => status::run(args, ctx),
        Command::HealthCheck => health_check::run(ctx),
        Command::Service(cmd) => health_check::run_service(cmd, ctx),
        Command::Register(args) => register::run(args, ctx),
        Command::Serve(args) => serve::run(args, ctx),
        Command::Bid(cmd) => bid::run(cmd, ctx),
        Command::Probe(args) => probe::run(args, ctx),
        Command::Config(cmd) => config::run(cmd, ctx),
        Command::Database(cmd) => database::run(cmd, ctx),
        Command::Completions(args) => completions::run(args, ctx),
        Command::GenerateDocs(args) => docs::run(args),
    }
}
