//! `[bidding]` and `bid_grpc_port` as the bid loop applies them, read from a validated
//! configuration and swapped on reload.

use tonic::transport::Uri;

use crate::core::bidding::endpoint;
use crate::core::config::MinerConfig;

/// `[bidding]` and `bid_grpc_port` as the loop applies them; swapped on reload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BidSettings {
    /// Whether the daemon registers at a validator.
    pub enabled: bool,
    /// `[bidding] validator_endpoint`, instead of the axon IP and `bid_grpc_port`.
    pub endpoint: Option<Uri>,
    /// The validators' bid port, at their axon IP.
    pub bid_port: u16,
    /// `[bidding] validator_ca_file`, read: the CA an `https://` endpoint is verified with.
    pub ca_pem: Option<Vec<u8>>,
    /// The subnet whose validators are bid at (`[bittensor] netuid`, or the network's).
    pub netuid: u16,
}

impl BidSettings {
    /// Generation 2 off.
    pub fn disabled() -> BidSettings {
        BidSettings {
            enabled: false,
            endpoint: None,
            bid_port: crate::core::config::DEFAULT_BID_GRPC_PORT,
            ca_pem: None,
            netuid: crate::core::config::Network::Finney.default_netuid(),
        }
    }

    /// From a validated configuration (a bad endpoint or CA file was refused by validation;
    /// a CA file that vanished since is logged and the system's roots are used).
    pub fn from_config(loaded: &crate::core::config::LoadedConfig) -> BidSettings {
        let c: &MinerConfig = &loaded.config;
        let ca_pem = c.bidding.validator_ca_file.as_deref().and_then(|f| {
            let path = loaded.resolve_path(f);
            std::fs::read(&path)
                .map_err(
                    |e| tracing::error!(file = %path.display(), error = %e, "cannot read [bidding] validator_ca_file"),
                )
                .ok()
        });
        BidSettings {
            enabled: c.bidding.enabled,
            endpoint: c.bidding.validator_endpoint.as_deref().and_then(|e| endpoint::parse_override(e).ok()),
            bid_port: c.bid_grpc_port,
            ca_pem,
            netuid: c.bittensor.effective_netuid(),
        }
    }
}
