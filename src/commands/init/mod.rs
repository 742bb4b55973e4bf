//! `init`: write miner.toml (wizard on a terminal, flags otherwise) and the miner's node key.

mod wizard;

use anyhow::Context as _;
use basilica_miner::core::config::template::InitSettings;
use basilica_miner::core::config::{AssignmentStrategy, Network, NodeEntry};
use basilica_miner::core::nodes::node::{self, NodeAddress};
use basilica_miner::core::config::setup;

use super::exit::UsageError;
use super::{Context, ExitStatus};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NetworkArg {
    Finney,
    Test,
    Local,
}

impl From<NetworkArg> for Network {
    fn from(n: NetworkArg) -> Network {
        match n {
            NetworkArg::Finney => Network::Finney,
            NetworkArg::Test => Network::Test,
            NetworkArg::Local => Network::Local,
        }
    }
}

#[derive(Debug, Default, clap::Args)]
pub struct Args {
    /// Bittensor wallet name (folder under the wallet path)
    #[arg(long, value_name = "NAME")]
    pub wallet_name: Option<String>,
    /// Hotkey name inside the wallet
    #[arg(long, value_name = "NAME")]
    pub hotkey_name: Option<String>,
    /// Root of the Bittensor wallets [default: ~/.bittensor/wallets]
    #[arg(long, value_name = "PATH")]
    pub wallet_path: Option<String>,
    /// Chain to use: finney (mainnet, subnet 39), test (subnet 387) or local
    #[arg(long, value_enum)]
    pub network: Option<NetworkArg>,
    /// Subnet id [default: 39 on finney, 387 on test]
    #[arg(long)]
    pub netuid: Option<u16>,
    /// Subtensor WebSocket endpoint [default: the network's public endpoint]
    #[arg(long, value_name = "URL")]
    pub chain_endpoint: Option<String>,
    /// This machine's public IP address, served on chain for validators
    #[arg(long, value_name = "IP")]
    pub external_ip: Option<String>,
    /// Port of the validator-facing gRPC service [default: 50051]
    #[arg(long, value_name = "PORT")]
    pub grpc_port: Option<u16>,
    /// Port served on chain [default: the gRPC port]
    #[arg(long, value_name = "PORT")]
    pub axon_port: Option<u16>,
    /// Port of the Prometheus /metrics endpoint [default: 9090]
    #[arg(long, value_name = "PORT")]
    pub metrics_port: Option<u16>,
    /// SQLite database file [default: data/miner.db next to miner.toml]
    #[arg(long, value_name = "PATH")]
    pub database: Option<String>,
    /// The miner's SSH key for its nodes; generated when missing [default: ~/.ssh/basilica_miner_ed25519]
    #[arg(long, value_name = "PATH")]
    pub node_key: Option<String>,
    /// Login for nodes given without a user [default: root]
    #[arg(long, value_name = "USER")]
    pub node_user: Option<String>,
    /// A GPU node as user@host[:port]; repeat for several
    #[arg(long = "node", value_name = "USER@HOST[:PORT]")]
    pub nodes: Vec<String>,
    /// Hourly rate per GPU in dollars: one for all nodes, or one per --node in order
    #[arg(long = "rate", value_name = "DOLLARS")]
    pub rates: Vec<String>,
    /// Give the nodes to exactly this validator hotkey (fixed assignment) instead of the highest-stake validator
    #[arg(long, value_name = "SS58")]
    pub validator_hotkey: Option<String>,
    /// Replace an existing miner.toml (the old one is kept as miner.toml.bak)
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args, ctx: &Context) -> anyhow::Result<ExitStatus> {
    if ctx.config_path.exists() && !args.force {
        return Err(setup::SetupError::Exists(ctx.config_path.clone()).into());
    }
    let settings = if ctx.interactive {
        match wizard::ask(&args, ctx)? {
            Some(s) => s,
            None => {
                ctx.out.note("nothing written");
                return Ok(ExitStatus::Failure);
            }
        }
    } else {
        from_flags(&args)?
    };
    let outcome = setup::apply(&ctx.config_path, &settings, args.force)
        .with_context(|| format!("{} was not written", ctx.config_path.display()))?;
    if args.force {
        ctx.config_changed();
    }
    if ctx.out.json_mode() {
        ctx.out.json(&outcome)?;
        return Ok(ExitStatus::Success);
    }
    ctx.out.success(format!("wrote {}", outcome.config_path.display()));
    if let Some(b) = &outcome.backup_path {
        ctx.out.note(format!("  previous file kept as {}", b.display()));
    }
    if let Some(d) = &outcome.database_dir_created {
        ctx.out.note(format!("  created database directory {}", d.display()));
    }
    let verb = if outcome.node_key_generated { "generated" } else { "using existing" };
    ctx.out.note(format!("  {verb} node key {}", outcome.node_key_path.display()));
    ctx.out.note(format!("  {} node(s) configured", outcome.nodes.len()));
    ctx.out.note("\nPut the miner's public key in ~/.ssh/authorized_keys of every GPU node:");
    ctx.out.line(&outcome.node_public_key)?;
    ctx.out.note(format!(
        "e.g. ssh-copy-id -i {}.pub user@node\n\nNext: `basilica-miner config validate`, then `basilica-miner node test`.",
        outcome.node_key_path.display()
    ));
    Ok(ExitStatus::Success)
}

/// The settings from flags alone; fails naming every missing flag.
fn from_flags(args: &Args) -> anyhow::Result<InitSettings> {
    let mut missing = Vec::new();
    if args.wallet_name.is_none() {
        missing.push("--wallet-name");
    }
    if args.hotkey_name.is_none() {
        missing.push("--hotkey-name");
    }
    if args.network.is_none() {
        missing.push("--network");
    }
    if args.external_ip.is_none() {
        missing.push("--external-ip");
    }
    if !args.nodes.is_empty() && args.rates.is_empty() {
        missing.push("--rate (needed with --node)");
    }
    if !missing.is_empty() {
        return Err(UsageError(format!(
            "no terminal to run the setup wizard on, and these flags are missing: {}\n  e.g. basilica-miner init --wallet-name miner --hotkey-name default --network finney --external-ip 203.0.113.10 --node ubuntu@10.0.0.5 --rate 2.50",
            missing.join(", ")
        ))
        .into());
    }
    let network: Network = args.network.expect("checked above").into();
    let node_user = args.node_user.clone().unwrap_or_else(|| "root".into());
    let nodes = nodes_from_flags(&args.nodes, &args.rates, &node_user)?;
    let grpc_port = args.grpc_port.unwrap_or(50051);
    Ok(InitSettings {
        wallet_name: args.wallet_name.clone().unwrap_or_default(),
        hotkey_name: args.hotkey_name.clone().unwrap_or_default(),
        wallet_path: args.wallet_path.clone(),
        network,
        netuid: args.netuid.unwrap_or_else(|| network.default_netuid()),
        chain_endpoint: args.chain_endpoint.clone(),
        external_ip: args.external_ip.clone().unwrap_or_default(),
        axon_port: args.axon_port.unwrap_or(grpc_port),
        grpc_port,
        metrics_port: args.metrics_port.unwrap_or(9090),
        database_url: database_url(args.database.as_deref()),
        node_key_path: args.node_key.clone().unwrap_or_else(|| DEFAULT_NODE_KEY.into()),
        default_node_username: node_user,
        strategy: if args.validator_hotkey.is_some() { AssignmentStrategy::FixedAssignment } else { AssignmentStrategy::HighestStake },
        validator_hotkey: args.validator_hotkey.clone(),
        nodes,
    })
}

const DEFAULT_NODE_KEY: &str = "~/.ssh/basilica_miner_ed25519";

/// `sqlite://` URL for a path (kept as is when already a URL).
fn database_url(path: Option<&str>) -> String {
    match path {
        None => "sqlite://data/miner.db".into(),
        Some(p) if p.starts_with("sqlite:") => p.into(),
        Some(p) => format!("sqlite://{p}"),
    }
}

/// Pairs `--node` with `--rate`: one rate for all, or one per node.
fn nodes_from_flags(specs: &[String], rates: &[String], user: &str) -> anyhow::Result<Vec<NodeEntry>> {
    if rates.len() > 1 && rates.len() != specs.len() {
        return Err(UsageError(format!(
            "{} --rate values for {} --node values: give one rate for all nodes or one per node",
            rates.len(),
            specs.len()
        ))
        .into());
    }
    let mut nodes = Vec::new();
    for (i, spec) in specs.iter().enumerate() {
        let addr = NodeAddress::parse(spec, Some(user))?;
        let rate = node::parse_rate(&rates[if rates.len() == 1 { 0 } else { i }])?;
        nodes.push(NodeEntry { host: addr.host, port: addr.port, username: Some(addr.username), hourly_rate_per_gpu: rate, additional_opts: None });
    }
    Ok(nodes)
}
