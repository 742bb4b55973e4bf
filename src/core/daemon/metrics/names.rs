//! Every metric's name, in one place: the daemon registers its metrics under these names and
//! `status` reads the running daemon's exposition by them. A name is written without the
//! `basilica_miner_` prefix, and counters without the `_total` suffix the exposition adds.

/// What every metric's exposed name begins with.
pub const PREFIX: &str = "basilica_miner";

/// Gauge: GPU nodes configured.
pub const NODE_COUNT: &str = "node_count";
/// Counter: validators that authenticated successfully.
pub const VALIDATOR_CONNECTIONS: &str = "validator_connections";
/// Counter: validator key deployments per node, by result.
pub const SSH_DEPLOYMENTS: &str = "ssh_deployments";
/// Counter: validator key deployments that failed on a node.
pub const SSH_DEPLOYMENT_FAILURES: &str = "ssh_deployment_failures";
/// Counter: `AuthenticateValidator` requests, by result.
pub const AUTHENTICATION_REQUESTS: &str = "authentication_requests";
/// Gauge: 1 when the node passed its last health check.
pub const NODE_HEALTHY: &str = "node_healthy";
/// Histogram: gRPC request latency by method.
pub const REQUEST_DURATION_SECONDS: &str = "request_duration_seconds";
/// Gauge: seconds since the metagraph in use was fetched.
pub const METAGRAPH_AGE_SECONDS: &str = "metagraph_age_seconds";
/// Counter: metagraph refreshes that failed.
pub const METAGRAPH_REFRESH_FAILURES: &str = "metagraph_refresh_failures";
/// Counter: validator requests refused, by method and reason.
pub const REFUSED_REQUESTS: &str = "refused_requests";
/// Counter: requests refused by the per-network rate limit.
pub const RATE_LIMITED_REQUESTS: &str = "rate_limited_requests";
/// Counter: connections accepted on the gRPC port, by lane.
pub const GRPC_CONNECTIONS: &str = "grpc_connections";
/// Counter: database operations that failed, by operation.
pub const DATABASE_ERRORS: &str = "database_errors";
/// Counter: configuration reloads, by result.
pub const CONFIG_RELOADS: &str = "config_reloads";
/// Gauge: always 1, labelled with the running build's version and commit.
pub const BUILD_INFO: &str = "build_info";
/// Gauge: Unix time the daemon started.
pub const START_TIME_SECONDS: &str = "start_time_seconds";
/// Gauge: 1 while the daemon follows the chain, 0 offline.
pub const CHAIN_ONLINE: &str = "chain_online";
/// Gauge: Unix time the metagraph in use was fetched.
pub const METAGRAPH_TIMESTAMP_SECONDS: &str = "metagraph_timestamp_seconds";
/// Gauge: GPUs on a node by model.
pub const NODE_GPUS: &str = "node_gpus";
/// Gauge: Unix time of a node's last finished health check.
pub const NODE_LAST_CHECK_TIMESTAMP_SECONDS: &str = "node_last_check_timestamp_seconds";
/// Gauge: seconds since a node last failed a health check.
pub const NODE_UPTIME_STREAK_SECONDS: &str = "node_uptime_streak_seconds";
/// Gauge: 1 for the validator the nodes are assigned to.
pub const ASSIGNED_VALIDATOR_INFO: &str = "assigned_validator_info";
/// Counter: health rounds finished (named before the glossary: the metric name is an interface).
pub const HEALTH_ROUNDS: &str = "reconcile_runs";
/// Counter: validator keys put back on a node by the health-round loop (name kept, as above).
pub const KEY_REPAIRS: &str = "reconcile_repairs";
/// Histogram: time from a database request to its committed answer.
pub const DATABASE_QUERY_DURATION_SECONDS: &str = "database_query_duration_seconds";
/// Gauge: nodes kept out of the bid after the validator refused them.
pub const BID_REFUSED_NODES: &str = "bid_refused_nodes";
/// Gauge: configured nodes left out of the bid, by reason.
pub const BID_LEFT_OUT_NODES: &str = "bid_left_out_nodes";
/// Counter: full validations of nodes, by result.
pub const NODE_VALIDATIONS: &str = "node_validations";
/// Counter: SSH connections opened to nodes.
pub const SSH_HANDSHAKES: &str = "ssh_handshakes";
/// Counter: commands run on nodes over SSH.
pub const SSH_COMMANDS: &str = "ssh_commands";
/// Counter: bytes sent to and received from nodes over SSH, by direction.
pub const SSH_PAYLOAD_BYTES: &str = "ssh_payload_bytes";
/// Gauge: 1 while registered (generation 2) at the validator.
pub const BID_REGISTERED: &str = "bid_registered";
/// Counter: heartbeats to the validator, by result.
pub const BID_HEARTBEATS: &str = "bid_heartbeats";
/// Gauge: Unix time of the last heartbeat the validator accepted.
pub const BID_LAST_HEARTBEAT_TIMESTAMP_SECONDS: &str = "bid_last_heartbeat_timestamp_seconds";
/// Counter: `MinerRegistration` calls to the validator, by method and result.
pub const BID_REQUESTS: &str = "bid_requests";
/// Gauge: nodes advertised in the current bid.
pub const BID_ADVERTISED_NODES: &str = "bid_advertised_nodes";
/// Counter: SSH keys from a validator's answer that were refused.
pub const BID_REJECTED_KEYS: &str = "bid_rejected_keys";
/// Gauge: 1 for what answers where the bids go (by `state`), every state exposed from the start.
pub const BID_ENDPOINT_STATE: &str = "bid_endpoint_state";
/// Gauge: 1 per permitted validator looked at, labelled with what answered at its bid endpoint.
pub const BID_VALIDATOR_STATE: &str = "bid_validator_state";
/// Gauge: 1 while a customer's rental runs on the node.
pub const NODE_RENTED: &str = "node_rented";
/// Gauge: GPUs (devices, for CPU-only hosts) on rented nodes.
pub const RENTED_GPUS: &str = "rented_gpus";
/// Counter: node-seconds of rentals.
pub const RENTED_SECONDS: &str = "rented_seconds";
/// Gauge: compute processes on a node's GPUs that belong to no rental.
pub const NODE_FOREIGN_GPU_PROCESSES: &str = "node_foreign_gpu_processes";
/// Gauge: 1 while the node is cordoned (out of the offer for maintenance), for every node.
pub const NODE_CORDONED: &str = "node_cordoned";

/// Every name above, so a test can check each one is exposed.
pub const ALL: [&str; 43] = [
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
    HEALTH_ROUNDS,
    KEY_REPAIRS,
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
    BID_ENDPOINT_STATE,
    BID_VALIDATOR_STATE,
    NODE_RENTED,
    RENTED_GPUS,
    RENTED_SECONDS,
    NODE_FOREIGN_GPU_PROCESSES,
    NODE_CORDONED,
];

/// The name a gauge or info metric is scraped by: `basilica_miner_<name>`.
pub fn exposed(name: &str) -> String {
    format!("{PREFIX}_{name}")
}

/// The name a counter is scraped by: `basilica_miner_<name>_total`.
pub fn exposed_counter(name: &str) -> String {
    format!("{PREFIX}_{name}_total")
}

/// Every refusal code a validator request can get: the `reason` label values of
/// `basilica_miner_refused_requests_total`, exposed at 0 from the start (a test checks that
/// every `Rejection::new` in the daemon uses one of them).
pub const REFUSAL_CODES: [&str; 9] = [
    "WRONG_TARGET",
    "INVALID_HOTKEY",
    "MISSING_TIMESTAMP",
    "STALE_TIMESTAMP",
    "INVALID_NONCE",
    "INVALID_SIGNATURE",
    "NO_VALIDATOR_PERMIT",
    "REPLAYED_NONCE",
    "INVALID_PUBLIC_KEY",
];

/// The methods refusals are counted under.
pub const REFUSED_METHODS: [&str; 2] = ["authenticate", "discover"];
