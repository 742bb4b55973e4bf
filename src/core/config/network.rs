//! The Bittensor networks the miner can follow, with each one's Basilica subnet and endpoint.

use serde::{Deserialize, Serialize};

/// Which Bittensor chain to talk to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Network {
    /// The main network (`finney`); Basilica is subnet 39.
    Finney,
    /// The public testnet (`test`); Basilica is subnet 387.
    Test,
    /// A local subtensor at `ws://127.0.0.1:9944` (`local`).
    Local,
}

impl Network {
    /// Every network, in the order the wizard offers them.
    pub const ALL: [Network; 3] = [Network::Finney, Network::Test, Network::Local];

    /// The network's name as written in `miner.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            Network::Finney => "finney",
            Network::Test => "test",
            Network::Local => "local",
        }
    }

    /// Basilica's subnet on this network: 39 on finney, 387 on testnet.
    pub fn default_netuid(self) -> u16 {
        match self {
            Network::Finney | Network::Local => 39,
            Network::Test => 387,
        }
    }

    /// The public endpoint used when `chain_endpoint` is not set.
    pub fn default_endpoint(self) -> &'static str {
        match self {
            Network::Finney => "wss://entrypoint-finney.opentensor.ai:443",
            Network::Test => "wss://test.finney.opentensor.ai:443",
            Network::Local => "ws://127.0.0.1:9944",
        }
    }

    /// The network named `text` (`finney`, `test` or `local`), if it is one.
    pub fn parse(text: &str) -> Option<Network> {
        Network::ALL.into_iter().find(|n| n.as_str() == text)
    }
}
