//! The typed model of `miner.toml`: every section of the operator guide with its defaults.
//! Durations are plain integers of seconds.

use serde::{Deserialize, Serialize};

pub use super::assignment::{AssignmentStrategy, OfflineNeedsFixed, ValidatorAssignmentConfig};
pub use super::bidding::{BiddingConfig, DEFAULT_BID_GRPC_PORT};
pub use super::network::Network;

/// The whole configuration file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MinerConfig {
    /// `[bittensor]`: the wallet, the chain and the subnet.
    pub bittensor: BittensorConfig,
    /// `[database]`: the SQLite file `serve` keeps its state in.
    pub database: DatabaseConfig,
    /// `[validator_comms]`: where `serve` listens for validators (generation 1), TLS and rate limit.
    pub validator_comms: ValidatorCommsConfig,
    /// `[node_management]`: the nodes and how often they are checked and validated.
    pub node_management: NodeManagementConfig,
    /// `[ssh_session]`: how the miner logs in to its nodes.
    pub ssh_session: SshSessionConfig,
    /// `[security]`: signature checking of validator requests.
    pub security: SecurityConfig,
    /// `[metrics]`: the Prometheus endpoint.
    pub metrics: MetricsConfig,
    /// `[validator_assignment]`: which validator's key goes on the nodes.
    pub validator_assignment: ValidatorAssignmentConfig,
    /// `[advertised_addresses]`: public addresses when they differ from the bind addresses.
    pub advertised_addresses: AdvertisedAddressesConfig,
    /// The port validators serve `MinerRegistration` on (generation 2), at their axon IP.
    pub bid_grpc_port: u16,
    /// `[bidding]`: prices and the generation-2 bid at a validator.
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

/// `[bittensor]`: the miner's wallet and the chain it is registered on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BittensorConfig {
    /// The wallet (coldkey) directory's name under `wallet_path`.
    pub wallet_name: String,
    /// The hotkey file's name in the wallet's `hotkeys/` directory: the miner's identity.
    pub hotkey_name: String,
    /// The chain to talk to; sets the default subnet and endpoint.
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
    /// The axon port served on chain beside `external_ip`.
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
    /// The subnet in use: `netuid` if set, else the network's Basilica subnet.
    pub fn effective_netuid(&self) -> u16 {
        self.netuid.unwrap_or_else(|| self.network.default_netuid())
    }

    /// How often `serve` refreshes the metagraph.
    pub fn metagraph_refresh(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.metagraph_refresh_secs.unwrap_or(self.weight_interval_secs).max(1))
    }

    /// The chain endpoint in use: `chain_endpoint` if set, else the network's public endpoint.
    pub fn effective_endpoint(&self) -> &str {
        self.chain_endpoint.as_deref().unwrap_or_else(|| self.network.default_endpoint())
    }
}

/// `[database]`: the SQLite database `serve` keeps validators, keys, health and bids in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DatabaseConfig {
    /// `sqlite://PATH` (relative paths are relative to the config file's directory).
    pub url: String,
    /// Whether `serve` may upgrade an older database's schema; when false it refuses to start on one.
    pub run_migrations: bool,
    /// Kept for upstream's files: the database has one worker connection, so this only has to be 1 or more.
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

/// `[validator_comms]`: the generation-1 gRPC service validators call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ValidatorCommsConfig {
    /// The address the gRPC service binds to (`0.0.0.0` for every interface).
    pub host: String,
    /// The gRPC port (50051).
    pub port: u16,
    /// Seconds a validator request may take.
    pub request_timeout: u64,
    /// Serve gRPC over TLS with `tls_cert_path` and `tls_key_path`.
    pub tls_enabled: bool,
    /// PEM certificate chain for TLS; needed when `tls_enabled`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls_cert_path: Option<String>,
    /// PEM private key for TLS; needed when `tls_enabled`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls_key_path: Option<String>,
    /// `[validator_comms.rate_limit]`: the per-network request budget.
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

/// `[validator_comms.rate_limit]`: how many requests one peer network may send.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RateLimitConfig {
    /// Whether requests over the budget are refused.
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

/// `[node_management]`: the nodes and the daemon's checking of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NodeManagementConfig {
    /// The nodes the miner offers, in the order they were added.
    pub nodes: Vec<NodeEntry>,
    /// Seconds between node health checks.
    pub health_check_interval: u64,
    /// Seconds one node may take to answer a check or command.
    pub health_check_timeout: u64,
    /// Tries at putting a validator key back on a node in one health round.
    pub max_retry_attempts: u32,
    /// Whether the health-round loop repairs keys (puts the assigned one back, takes others off); when false it only reads them.
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
    /// The node's DNS name or IP address (IPv6 without brackets).
    pub host: String,
    /// The node's SSH port (22).
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
    /// Out of the offer for maintenance (`node cordon` / `node drain`): still configured and
    /// health-checked, never validated or offered; a running rental is left alone.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cordoned: bool,
}

/// The SSH port used when a node gives none.
pub const DEFAULT_SSH_PORT: u16 = 22;

fn default_ssh_port() -> u16 {
    DEFAULT_SSH_PORT
}

/// `[ssh_session]`: how the miner logs in to its nodes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SshSessionConfig {
    /// The miner's own private key for logging in to its nodes.
    pub miner_node_key_path: String,
    /// The user for nodes written without `user@`.
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

/// `[security]`: how validator requests are checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SecurityConfig {
    /// Verify validator signatures; `false` only for labs, never on finney.
    pub verify_signatures: bool,
    /// Accepted for upstream's files and masked by `config show`; this build signs with the wallet's hotkey and reads no other key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_key_file: Option<String>,
}

impl Default for SecurityConfig {
    fn default() -> Self {
        SecurityConfig { verify_signatures: true, private_key_file: None }
    }
}

/// `[metrics]`: the Prometheus exposition of `serve`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MetricsConfig {
    /// Whether `serve` exposes metrics at all.
    pub enabled: bool,
    /// `[metrics.prometheus]`: where the metrics are served.
    pub prometheus: PrometheusConfig,
}

impl Default for MetricsConfig {
    fn default() -> Self {
        MetricsConfig { enabled: true, prometheus: PrometheusConfig::default() }
    }
}

/// `[metrics.prometheus]`: the address and path of the metrics endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PrometheusConfig {
    /// The address the metrics endpoint binds to (127.0.0.1).
    pub host: String,
    /// The metrics port (9090).
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
    /// The gRPC address to advertise, when validators must reach it through another address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grpc_endpoint: Option<String>,
    /// The metrics address to advertise, when scraped through another address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metrics_endpoint: Option<String>,
}
