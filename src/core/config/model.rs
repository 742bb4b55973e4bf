//! The typed model of `miner.toml`: every section of the operator guide with its defaults.
//! Durations are plain integers of seconds.

use serde::{Deserialize, Serialize};

pub use super::assignment::{AssignmentStrategy, OfflineNeedsFixed, ValidatorAssignmentConfig};
pub use super::bidding::{BiddingConfig, DEFAULT_BID_GRPC_PORT};

/// The whole configuration file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MinerConfig {
    pub bittensor: BittensorConfig,
    pub database: DatabaseConfig,
    pub validator_comms: ValidatorCommsConfig,
    pub node_management: NodeManagementConfig,
    pub ssh_session: SshSessionConfig,
    pub security: SecurityConfig,
    pub metrics: MetricsConfig,
    pub validator_assignment: ValidatorAssignmentConfig,
    pub advertised_addresses: AdvertisedAddressesConfig,
    /// The port validators serve `MinerRegistration` on (generation 2), at their axon IP.
    pub bid_grpc_port: u16,
    pub bidding: BiddingConfig,
}

impl Default for MinerConfig {
    fn default() -> Self {
        MinerConfig {
            bittensor: BittensorConfig::default(),
            database: DatabaseConfig::default(),
            validator_comms: ValidatorCommsConfig::default(),
            node_management: NodeManagementConfig::default(),
            ssh_session: SshSessionConfig::default(),
            security: SecurityConfig::default(),
            metrics: MetricsConfig::default(),
            validator_assignment: ValidatorAssignmentConfig::default(),
            advertised_addresses: AdvertisedAddressesConfig::default(),
            bid_grpc_port: DEFAULT_BID_GRPC_PORT,
            bidding: BiddingConfig::default(),
        }
    }
}

/// Which Bittensor chain to talk to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Network {
    Finney,
    Test,
    Local,
}

impl Network {
    pub const ALL: [Network; 3] = [Network::Finney, Network::Test, Network::Local];

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

    pub fn parse(text: &str) -> Option<Network> {
        Network::ALL.into_iter().find(|n| n.as_str() == text)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BittensorConfig {
    pub wallet_name: String,
    pub hotkey_name: String,
    pub network: Network,
    /// Defaults to the network's Basilica subnet (39 finney, 387 test).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub netuid: Option<u16>,
    /// Defaults to the network's public endpoint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chain_endpoint: Option<String>,
    /// The public IP validators reach this miner at (served on chain as the axon).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_ip: Option<String>,
    pub axon_port: u16,
    /// Upstream's weight-setting period; also the metagraph refresh period of files written
    /// before `metagraph_refresh_secs` existed.
    pub weight_interval_secs: u64,
    /// Seconds between metagraph refreshes in `serve` (default: `weight_interval_secs`, 300).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metagraph_refresh_secs: Option<u64>,
    /// Deprecated: upstream's weight-setting limit; a miner sets no weights. Accepted in old
    /// files with a warning.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_weight_uids: Option<u16>,
    /// Root of the Bittensor wallets (`~/.bittensor/wallets`).
    pub wallet_path: String,
}

impl Default for BittensorConfig {
    fn default() -> Self {
        BittensorConfig {
            wallet_name: "default".into(),
            hotkey_name: "default".into(),
            network: Network::Finney,
            netuid: None,
            chain_endpoint: None,
            external_ip: None,
            axon_port: 50051,
            weight_interval_secs: 300,
            metagraph_refresh_secs: None,
            max_weight_uids: None,
            wallet_path: "~/.bittensor/wallets".into(),
        }
    }
}

impl BittensorConfig {
    pub fn effective_netuid(&self) -> u16 {
        self.netuid.unwrap_or_else(|| self.network.default_netuid())
    }

    /// How often `serve` refreshes the metagraph.
    pub fn metagraph_refresh(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.metagraph_refresh_secs.unwrap_or(self.weight_interval_secs).max(1))
    }

    pub fn effective_endpoint(&self) -> &str {
        self.chain_endpoint.as_deref().unwrap_or_else(|| self.network.default_endpoint())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DatabaseConfig {
    /// `sqlite://PATH` (relative paths are relative to the config file's directory).
    pub url: String,
    pub run_migrations: bool,
    pub max_connections: u32,
    /// Seconds to wait for the database lock.
    pub connection_timeout: u64,
    /// Days audit entries and refusal counts are kept.
    pub audit_retention_days: u64,
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        DatabaseConfig {
            url: "sqlite://data/miner.db".into(),
            run_migrations: true,
            max_connections: 5,
            connection_timeout: 30,
            audit_retention_days: 90,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ValidatorCommsConfig {
    pub host: String,
    pub port: u16,
    /// Seconds a validator request may take.
    pub request_timeout: u64,
    pub tls_enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls_cert_path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls_key_path: Option<String>,
    pub rate_limit: RateLimitConfig,
}

impl Default for ValidatorCommsConfig {
    fn default() -> Self {
        ValidatorCommsConfig {
            host: "0.0.0.0".into(),
            port: 50051,
            request_timeout: 30,
            tls_enabled: false,
            tls_cert_path: None,
            tls_key_path: None,
            rate_limit: RateLimitConfig::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RateLimitConfig {
    pub enabled: bool,
    /// Sustained requests per second allowed from one peer address.
    pub requests_per_second: u32,
    /// Requests one peer may send in a burst above the sustained rate.
    pub burst_capacity: u32,
    /// IPv4 peers share one budget per network of this prefix length (32 = per address).
    pub ipv4_prefix: u8,
    /// IPv6 peers share one budget per network of this prefix length (64 = per site subnet,
    /// what one host can usually pick addresses from).
    pub ipv6_prefix: u8,
}

impl Default for RateLimitConfig {
    fn default() -> Self {
        RateLimitConfig { enabled: true, requests_per_second: 10, burst_capacity: 20, ipv4_prefix: 32, ipv6_prefix: 64 }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NodeManagementConfig {
    pub nodes: Vec<NodeEntry>,
    /// Seconds between node health checks.
    pub health_check_interval: u64,
    /// Seconds one node may take to answer a check or command.
    pub health_check_timeout: u64,
    pub max_retry_attempts: u32,
    pub auto_recovery: bool,
    /// Seconds between full validations of a node (image pull, GPU container, published
    /// port), as validators run them; also run when a node is first seen or changed.
    pub full_validation_interval: u64,
    /// Image pulls at once over the whole fleet (full validations pull the validators' image).
    pub max_concurrent_pulls: u32,
    /// Seconds between refreshes of the validation image on a node that has it.
    pub image_refresh_interval: u64,
}

/// Validators validate every 6 h.
pub const DEFAULT_FULL_VALIDATION_INTERVAL: u64 = 6 * 3600;
/// Pulls at once over the fleet: nodes behind one NAT address share a registry's allowance.
pub const DEFAULT_MAX_CONCURRENT_PULLS: u32 = 4;
/// The validation image is refreshed once a day on each node.
pub const DEFAULT_IMAGE_REFRESH_INTERVAL: u64 = 24 * 3600;

impl Default for NodeManagementConfig {
    fn default() -> Self {
        NodeManagementConfig {
            nodes: Vec::new(),
            health_check_interval: 60,
            health_check_timeout: 10,
            max_retry_attempts: 3,
            auto_recovery: true,
            full_validation_interval: DEFAULT_FULL_VALIDATION_INTERVAL,
            max_concurrent_pulls: DEFAULT_MAX_CONCURRENT_PULLS,
            image_refresh_interval: DEFAULT_IMAGE_REFRESH_INTERVAL,
        }
    }
}

/// One GPU node as written in `[node_management] nodes`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NodeEntry {
    pub host: String,
    #[serde(default = "default_ssh_port")]
    pub port: u16,
    /// Defaults to `[ssh_session] default_node_username`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Dollars per GPU-hour; without it the price comes from
    /// `[bidding.strategy.static.static_prices]` for the node's GPU category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hourly_rate_per_gpu: Option<f64>,
    /// Extra ssh options handed to validators with the connection details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_opts: Option<String>,
    /// The GPU category declared to generation-2 validators (upstream's key); checked
    /// against what nvidia-smi finds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gpu_category: Option<String>,
    /// The GPU count declared to generation-2 validators; must equal what nvidia-smi finds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gpu_count: Option<u32>,
    /// A second disk validators may mount into rentals (absolute path, sent in the bid).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra_mount_path: Option<String>,
}

/// The SSH port used when a node gives none.
pub const DEFAULT_SSH_PORT: u16 = 22;

fn default_ssh_port() -> u16 {
    DEFAULT_SSH_PORT
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SshSessionConfig {
    /// The miner's own private key for logging in to its nodes.
    pub miner_node_key_path: String,
    pub default_node_username: String,
}

impl Default for SshSessionConfig {
    fn default() -> Self {
        SshSessionConfig {
            miner_node_key_path: "~/.ssh/basilica_miner_ed25519".into(),
            default_node_username: "root".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SecurityConfig {
    /// Verify validator signatures; `false` only for labs, never on finney.
    pub verify_signatures: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_key_file: Option<String>,
}

impl Default for SecurityConfig {
    fn default() -> Self {
        SecurityConfig { verify_signatures: true, private_key_file: None }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MetricsConfig {
    pub enabled: bool,
    pub prometheus: PrometheusConfig,
}

impl Default for MetricsConfig {
    fn default() -> Self {
        MetricsConfig { enabled: true, prometheus: PrometheusConfig::default() }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PrometheusConfig {
    pub host: String,
    pub port: u16,
    /// The HTTP path metrics are served on.
    pub path: String,
}

impl Default for PrometheusConfig {
    fn default() -> Self {
        PrometheusConfig { host: "127.0.0.1".into(), port: 9090, path: "/metrics".into() }
    }
}

/// Addresses to advertise when they differ from the bind addresses (NAT, proxies).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AdvertisedAddressesConfig {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grpc_endpoint: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metrics_endpoint: Option<String>,
}
