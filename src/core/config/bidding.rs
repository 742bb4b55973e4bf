//! `[bidding]` and `bid_grpc_port`: generation 2 of the protocol, in upstream's layout.

use serde::{Deserialize, Serialize};

/// Validators' default bid port.
pub const DEFAULT_BID_GRPC_PORT: u16 = 50052;

/// Generation 2: registering nodes and prices at the assigned validator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BiddingConfig {
    /// Register at the assigned validator's bid port; generation 1 serves either way.
    pub enabled: bool,
    /// `http://host:port` to dial instead of the validator's axon IP and `bid_grpc_port`
    /// (private peering, labs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validator_endpoint: Option<String>,
    /// PEM file of the CA that signed an `https://` validator endpoint's certificate (a
    /// private CA); without it the system's trust roots are used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validator_ca_file: Option<String>,
    /// The image validators pull and run with `--gpus all --runtime nvidia` on every node.
    pub validation_image: String,
    /// The image that serves a file on a published ephemeral port in the port check (the
    /// validators' NAT test uses the same one).
    pub port_check_image: String,
    /// `[bidding.strategy]`: the static prices.
    pub strategy: BiddingStrategyConfig,
}

/// The image upstream's validators run on every node in a full validation.
pub const DEFAULT_VALIDATION_IMAGE: &str = "nvidia/cuda:12.8.0-runtime-ubuntu22.04";
/// The image upstream's validators publish a port from.
pub const DEFAULT_PORT_CHECK_IMAGE: &str = "python:3-alpine";

impl Default for BiddingConfig {
    fn default() -> Self {
        BiddingConfig {
            enabled: true,
            validator_endpoint: None,
            validator_ca_file: None,
            validation_image: DEFAULT_VALIDATION_IMAGE.into(),
            port_check_image: DEFAULT_PORT_CHECK_IMAGE.into(),
            strategy: BiddingStrategyConfig::default(),
        }
    }
}

/// `[bidding.strategy]`, in upstream's layout.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BiddingStrategyConfig {
    /// `[bidding.strategy.static]`.
    #[serde(rename = "static")]
    pub fixed: StaticStrategyConfig,
}

/// `[bidding.strategy.static]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StaticStrategyConfig {
    /// Dollars per GPU-hour by GPU category (`H100 = 2.50`), for nodes without their own
    /// `hourly_rate_per_gpu`.
    pub static_prices: std::collections::BTreeMap<String, f64>,
}
