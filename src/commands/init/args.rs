//! `init`'s flags: every setting the wizard asks for can be given on the command line, so a
//! script can set up a miner without a terminal.

use basilica_miner::core::config::Network;
use basilica_miner::core::ops::init::InitAnswers;

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
    /// Where to register the nodes (generation 2, the main path): the validator's bid service
    /// as an https:// (or http://host:port) URL; without it, the assigned validator's axon IP
    /// from the metagraph and bid_grpc_port
    #[arg(long, value_name = "URL")]
    pub validator_endpoint: Option<String>,
    /// Replace an existing miner.toml (the old one is kept as miner.toml.bak)
    #[arg(long)]
    pub force: bool,
}

impl Args {
    pub(super) fn answers(&self) -> InitAnswers {
        InitAnswers {
            wallet_name: self.wallet_name.clone(),
            hotkey_name: self.hotkey_name.clone(),
            wallet_path: self.wallet_path.clone(),
            network: self.network.map(Network::from),
            netuid: self.netuid,
            chain_endpoint: self.chain_endpoint.clone(),
            external_ip: self.external_ip.clone(),
            grpc_port: self.grpc_port,
            axon_port: self.axon_port,
            metrics_port: self.metrics_port,
            database: self.database.clone(),
            node_key: self.node_key.clone(),
            node_user: self.node_user.clone(),
            nodes: self.nodes.clone(),
            rates: self.rates.clone(),
            validator_hotkey: self.validator_hotkey.clone(),
            validator_endpoint: self.validator_endpoint.clone(),
        }
    }
}
