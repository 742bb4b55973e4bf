//! Every metric's name, in one place: the daemon registers its metrics under these names and
//! `status` reads the running daemon's exposition by them. A name is written without the
//! `basilica_miner_` prefix, and counters without the `_total` suffix the exposition adds.

/// What every metric's exposed name begins with.
pub const PREFIX: &str = "basilica_miner";

pub const NODE_COUNT: &str = "node_count";
pub const VALIDATOR_CONNECTIONS: &str = "validator_connections";
pub const SSH_DEPLOYMENTS: &str = "ssh_deployments";
pub const SSH_DEPLOYMENT_FAILURES: &str = "ssh_deployment_failures";
pub const AUTHENTICATION_REQUESTS: &str = "authentication_requests";
pub const NODE_HEALTHY: &str = "node_healthy";
pub const REQUEST_DURATION_SECONDS: &str = "request_duration_seconds";
pub const METAGRAPH_AGE_SECONDS: &str = "metagraph_age_seconds";
pub const METAGRAPH_REFRESH_FAILURES: &str = "metagraph_refresh_failures";
pub const REFUSED_REQUESTS: &str = "refused_requests";
pub const RATE_LIMITED_REQUESTS: &str = "rate_limited_requests";
pub const GRPC_CONNECTIONS: &str = "grpc_connections";
pub const DATABASE_ERRORS: &str = "database_errors";
pub const CONFIG_RELOADS: &str = "config_reloads";
pub const BUILD_INFO: &str = "build_info";
pub const START_TIME_SECONDS: &str = "start_time_seconds";
pub const CHAIN_ONLINE: &str = "chain_online";
pub const METAGRAPH_TIMESTAMP_SECONDS: &str = "metagraph_timestamp_seconds";
pub const NODE_GPUS: &str = "node_gpus";
pub const NODE_LAST_CHECK_TIMESTAMP_SECONDS: &str = "node_last_check_timestamp_seconds";
pub const NODE_UPTIME_STREAK_SECONDS: &str = "node_uptime_streak_seconds";
pub const ASSIGNED_VALIDATOR_INFO: &str = "assigned_validator_info";
pub const RECONCILE_RUNS: &str = "reconcile_runs";
pub const RECONCILE_REPAIRS: &str = "reconcile_repairs";
pub const DATABASE_QUERY_DURATION_SECONDS: &str = "database_query_duration_seconds";
pub const BID_REFUSED_NODES: &str = "bid_refused_nodes";
pub const BID_LEFT_OUT_NODES: &str = "bid_left_out_nodes";
pub const NODE_VALIDATIONS: &str = "node_validations";
pub const SSH_HANDSHAKES: &str = "ssh_handshakes";
pub const SSH_COMMANDS: &str = "ssh_commands";
pub const SSH_PAYLOAD_BYTES: &str = "ssh_payload_bytes";
pub const BID_REGISTERED: &str = "bid_registered";
pub const BID_HEARTBEATS: &str = "bid_heartbeats";
pub const BID_LAST_HEARTBEAT_TIMESTAMP_SECONDS: &str = "bid_last_heartbeat_timestamp_seconds";
pub const BID_REQUESTS: &str = "bid_requests";
pub const BID_ADVERTISED_NODES: &str = "bid_advertised_nodes";
pub const BID_REJECTED_KEYS: &str = "bid_rejected_keys";
pub const NODE_RENTED: &str = "node_rented";
pub const RENTED_GPUS: &str = "rented_gpus";
pub const RENTED_SECONDS: &str = "rented_seconds";
pub const NODE_FOREIGN_GPU_PROCESSES: &str = "node_foreign_gpu_processes";

/// Every name above, so a test can check each one is exposed.
pub const ALL: [&str; 40] = [
    NODE_COUNT,
    VALIDATOR_CONNECTIONS,
    SSH_DEPLOYMENTS,
    SSH_DEPLOYMENT_FAILURES,
    AUTHENTICATION_REQUESTS,
    NODE_HEALTHY,
    REQUEST_DURATION_SECONDS,
    METAGRAPH_AGE_SECONDS,
    METAGRAPH_REFRESH_FAILURES,
    REFUSED_REQUESTS,
    RATE_LIMITED_REQUESTS,
    GRPC_CONNECTIONS,
    DATABASE_ERRORS,
    CONFIG_RELOADS,
    BUILD_INFO,
    START_TIME_SECONDS,
    CHAIN_ONLINE,
    METAGRAPH_TIMESTAMP_SECONDS,
    NODE_GPUS,
    NODE_LAST_CHECK_TIMESTAMP_SECONDS,
    NODE_UPTIME_STREAK_SECONDS,
    ASSIGNED_VALIDATOR_INFO,
    RECONCILE_RUNS,
    RECONCILE_REPAIRS,
    DATABASE_QUERY_DURATION_SECONDS,
    BID_REFUSED_NODES,
    NODE_VALIDATIONS,
    SSH_HANDSHAKES,
    SSH_COMMANDS,
    SSH_PAYLOAD_BYTES,
    BID_REGISTERED,
    BID_HEARTBEATS,
    BID_LAST_HEARTBEAT_TIMESTAMP_SECONDS,
    BID_REQUESTS,
    BID_ADVERTISED_NODES,
    BID_REJECTED_KEYS,
    NODE_RENTED,
    RENTED_GPUS,
    RENTED_SECONDS,
    NODE_FOREIGN_GPU_PROCESSES,
];

/// The name a gauge or info metric is scraped by: `basilica_miner_<name>`.
pub fn exposed(name: &str) -> String {
    format!("{PREFIX}_{name}")
}

/// The name a counter is scraped by: `basilica_miner_<name>_total`.
pub fn exposed_counter(name: &str) -> String {
    format!("{PREFIX}_{name}_total")
}
