//! Prometheus metrics (prometheus-client), with the names the operator guide promises:
//! `basilica_miner_node_count`, `basilica_miner_validator_connections_total`,
//! `basilica_miner_ssh_deployments_total`, `basilica_miner_authentication_requests_total`,
//! plus per-node health, deployment failures, request latency, and the daemon's own health:
//! metagraph age, refusals, rate limiting, database errors and configuration reloads.

use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

mod bids;
mod events;
mod fixed;
mod labels;
pub mod names;
mod nodes;
mod rentals;

pub use labels::DbOp;
use labels::{
    BidCallLabel, BuildLabel, DirectionLabel, HotkeyLabel, LaneLabel, MethodLabel, NodeLabel, NodeModelLabel,
    NodeNameLabel, OperationLabel, ReasonLabel, RefusalLabel, ResultLabel, ValidatorLabel,
};

pub struct Metrics {
    registry: Registry,
    node_count: Gauge,
    validator_connections: Counter,
    ssh_deployments: Family<ResultLabel, Counter>,
    deployment_failures: Counter,
    authentication_requests: Family<ResultLabel, Counter>,
    node_healthy: Family<NodeLabel, Gauge>,
    request_seconds: Family<MethodLabel, Histogram>,
    metagraph_age: Gauge<f64, AtomicU64>,
    metagraph_refresh_failures: Counter,
    refused: Family<RefusalLabel, Counter>,
    rate_limited: Counter,
    connections: Family<LaneLabel, Counter>,
    database_errors: Family<OperationLabel, Counter>,
    config_reloads: Family<ResultLabel, Counter>,
    bid_registered: Family<ValidatorLabel, Gauge>,
    bid_heartbeats: Family<ResultLabel, Counter>,
    bid_last_heartbeat: Gauge,
    bid_requests: Family<BidCallLabel, Counter>,
    bid_advertised_nodes: Gauge,
    bid_refused_nodes: Gauge,
    bid_left_out_nodes: Family<ReasonLabel, Gauge>,
    node_validations: Family<ResultLabel, Counter>,
    ssh_handshakes: Counter,
    ssh_commands: Counter,
    ssh_bytes: Family<DirectionLabel, Counter>,
    bid_rejected_keys: Counter,
    node_gpus: Family<NodeModelLabel, Gauge>,
    node_last_check: Family<NodeNameLabel, Gauge>,
    node_uptime_streak: Family<NodeNameLabel, Gauge>,
    /// Per node: since when it has passed every check (`None` while failing).
    assigned_validator: Family<HotkeyLabel, Gauge>,
    assigned_now: std::sync::Mutex<Option<String>>,
    reconcile_runs: Counter,
    reconcile_repairs: Counter,
    /// Time from handing a job to the database thread to its committed answer.
    pub database_query_seconds: Histogram,
    started_at: i64,
    /// Unix time of the metagraph in use; 0 before the first (or offline).
    metagraph_fetched_at: AtomicI64,
    chain_online: Gauge,
    metagraph_time: Gauge,
    rentals: rentals::RentalMetrics,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix(names::PREFIX);
        let node_count = Gauge::default();
        let validator_connections = Counter::default();
        let ssh_deployments = Family::<ResultLabel, Counter>::default();
        let deployment_failures = Counter::default();
        let authentication_requests = Family::<ResultLabel, Counter>::default();
        let node_healthy = Family::<NodeLabel, Gauge>::default();
        let request_seconds = Family::<MethodLabel, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.001, 2.0, 18))
        });
        registry.register(names::NODE_COUNT, "GPU nodes configured", node_count.clone());
        registry.register(
            names::VALIDATOR_CONNECTIONS,
            "Validators that authenticated successfully",
            validator_connections.clone(),
        );
        registry.register(
            names::SSH_DEPLOYMENTS,
            "Validator key deployments per node, by result",
            ssh_deployments.clone(),
        );
        registry.register(
            names::SSH_DEPLOYMENT_FAILURES,
            "Validator key deployments that failed on a node",
            deployment_failures.clone(),
        );
        registry.register(
            names::AUTHENTICATION_REQUESTS,
            "AuthenticateValidator requests, by result",
            authentication_requests.clone(),
        );
        registry.register(names::NODE_HEALTHY, "1 when the node passed its last health check", node_healthy.clone());
        registry.register(names::REQUEST_DURATION_SECONDS, "gRPC request latency", request_seconds.clone());
        let metagraph_age = Gauge::<f64, AtomicU64>::default();
        let metagraph_refresh_failures = Counter::default();
        let refused = Family::<RefusalLabel, Counter>::default();
        let rate_limited = Counter::default();
        let connections = Family::<LaneLabel, Counter>::default();
        let database_errors = Family::<OperationLabel, Counter>::default();
        let config_reloads = Family::<ResultLabel, Counter>::default();
        registry.register(
            names::METAGRAPH_AGE_SECONDS,
            "Seconds since the metagraph in use was fetched (since start while none was); 0 offline",
            metagraph_age.clone(),
        );
        registry.register(
            names::METAGRAPH_REFRESH_FAILURES,
            "Metagraph refreshes that failed (chain unreachable or erroring)",
            metagraph_refresh_failures.clone(),
        );
        registry.register(names::REFUSED_REQUESTS, "Validator requests refused, by method and reason", refused.clone());
        registry.register(
            names::RATE_LIMITED_REQUESTS,
            "Requests refused by the per-network rate limit",
            rate_limited.clone(),
        );
        registry.register(
            names::GRPC_CONNECTIONS,
            "Connections accepted on the gRPC port, by lane: validator (from a permitted validator's axon address) or other",
            connections.clone(),
        );
        registry.register(
            names::DATABASE_ERRORS,
            "Database operations that failed, by operation",
            database_errors.clone(),
        );
        registry.register(names::CONFIG_RELOADS, "Configuration reloads (SIGHUP), by result", config_reloads.clone());
        let build_info = Family::<BuildLabel, Gauge>::default();
        build_info
            .get_or_create(&BuildLabel { version: env!("CARGO_PKG_VERSION"), git_sha: env!("BASILICA_GIT_SHA") })
            .set(1);
        registry.register(names::BUILD_INFO, "Always 1; the labels name the running build", build_info);
        let started_at = crate::core::support::clock::unix_now();
        let start_time: Gauge = Gauge::default();
        start_time.set(started_at);
        registry.register(names::START_TIME_SECONDS, "Unix time the daemon started", start_time);
        let chain_online = Gauge::default();
        let metagraph_time = Gauge::default();
        registry.register(
            names::CHAIN_ONLINE,
            "1 while the daemon follows the chain's metagraph, 0 when it runs offline (--offline)",
            chain_online.clone(),
        );
        registry.register(
            names::METAGRAPH_TIMESTAMP_SECONDS,
            "Unix time the metagraph in use was fetched; 0 before the first (or offline)",
            metagraph_time.clone(),
        );
        let node_gpus = Family::<NodeModelLabel, Gauge>::default();
        let node_last_check = Family::<NodeNameLabel, Gauge>::default();
        let node_uptime_streak = Family::<NodeNameLabel, Gauge>::default();
        registry.register(names::NODE_GPUS, "GPUs on the node by model, from its last health check", node_gpus.clone());
        registry.register(
            names::NODE_LAST_CHECK_TIMESTAMP_SECONDS,
            "Unix time of the node's last finished health check",
            node_last_check.clone(),
        );
        registry.register(
            names::NODE_UPTIME_STREAK_SECONDS,
            "Seconds since the node last failed a health check (0 while failing); validators ramp rewards over about 14 days of it",
            node_uptime_streak.clone(),
        );
        let assigned_validator = Family::<HotkeyLabel, Gauge>::default();
        registry.register(
            names::ASSIGNED_VALIDATOR_INFO,
            "1 for the validator the nodes are assigned to",
            assigned_validator.clone(),
        );
        let reconcile_runs = Counter::default();
        let reconcile_repairs = Counter::default();
        registry.register(
            names::RECONCILE_RUNS,
            "Reconcile rounds (health checks and drift repair over every node)",
            reconcile_runs.clone(),
        );
        registry.register(
            names::RECONCILE_REPAIRS,
            "Validator keys put back on a node by the reconcile loop (drift)",
            reconcile_repairs.clone(),
        );
        let database_query_seconds = Histogram::new(exponential_buckets(0.0005, 2.0, 16));
        registry.register(
            names::DATABASE_QUERY_DURATION_SECONDS,
            "Time from a database request to its committed answer",
            database_query_seconds.clone(),
        );
        let bid_registered = Family::<ValidatorLabel, Gauge>::default();
        let bid_heartbeats = Family::<ResultLabel, Counter>::default();
        let bid_last_heartbeat = Gauge::default();
        let bid_requests = Family::<BidCallLabel, Counter>::default();
        let bid_advertised_nodes = Gauge::default();
        let bid_refused_nodes = Gauge::default();
        let node_validations = Family::<ResultLabel, Counter>::default();
        let bid_left_out_nodes = Family::<ReasonLabel, Gauge>::default();
        registry.register(
            names::BID_LEFT_OUT_NODES,
            "Configured nodes left out of the registration, by reason (bid show names each node)",
            bid_left_out_nodes.clone(),
        );
        registry.register(
            names::BID_REFUSED_NODES,
            "Nodes the validator refused lately and that are kept out of the registration",
            bid_refused_nodes.clone(),
        );
        registry.register(
            names::NODE_VALIDATIONS,
            "Full validations of nodes (the validators' own checks), by result",
            node_validations.clone(),
        );
        let ssh_handshakes = Counter::default();
        let ssh_commands = Counter::default();
        let ssh_bytes = Family::<DirectionLabel, Counter>::default();
        registry.register(
            names::SSH_HANDSHAKES,
            "SSH connections (ControlMaster handshakes) opened to nodes",
            ssh_handshakes.clone(),
        );
        registry.register(names::SSH_COMMANDS, "Commands run on nodes over SSH", ssh_commands.clone());
        registry.register(names::SSH_PAYLOAD_BYTES, "Bytes of scripts and stdin sent to nodes (sent) and of their output (received), without SSH's own overhead", ssh_bytes.clone());
        for direction in ["sent", "received"] {
            let _ = ssh_bytes.get_or_create(&DirectionLabel { direction });
        }
        let bid_rejected_keys = Counter::default();
        registry.register(
            names::BID_REGISTERED,
            "1 while registered (generation 2) at this validator, 0 after leaving it",
            bid_registered.clone(),
        );
        registry.register(
            names::BID_HEARTBEATS,
            "HealthCheck heartbeats to the validator, by result (ok, rejected, failed)",
            bid_heartbeats.clone(),
        );
        registry.register(
            names::BID_LAST_HEARTBEAT_TIMESTAMP_SECONDS,
            "Unix time of the last heartbeat the validator accepted; 0 before the first",
            bid_last_heartbeat.clone(),
        );
        registry.register(
            names::BID_REQUESTS,
            "MinerRegistration calls to the validator, by method and result",
            bid_requests.clone(),
        );
        registry.register(
            names::BID_ADVERTISED_NODES,
            "Nodes advertised to the validator in the current registration",
            bid_advertised_nodes.clone(),
        );
        registry.register(
            names::BID_REJECTED_KEYS,
            "SSH keys from a validator's RegisterBid answer that were refused and not installed",
            bid_rejected_keys.clone(),
        );
        let rentals = rentals::RentalMetrics::register(&mut registry);
        let metrics = Metrics {
            rentals,
            registry,
            node_count,
            validator_connections,
            ssh_deployments,
            deployment_failures,
            authentication_requests,
            node_healthy,
            request_seconds,
            metagraph_age,
            chain_online,
            metagraph_time,
            metagraph_refresh_failures,
            refused,
            rate_limited,
            connections,
            database_errors,
            config_reloads,
            bid_registered,
            bid_heartbeats,
            bid_last_heartbeat,
            bid_requests,
            bid_advertised_nodes,
            bid_refused_nodes,
            bid_left_out_nodes,
            node_validations,
            ssh_handshakes,
            ssh_commands,
            ssh_bytes,
            bid_rejected_keys,
            node_gpus,
            node_last_check,
            node_uptime_streak,
            assigned_validator,
            assigned_now: std::sync::Mutex::new(None),
            reconcile_runs,
            reconcile_repairs,
            database_query_seconds,
            started_at,
            metagraph_fetched_at: AtomicI64::new(0),
        };
        metrics.expose_fixed_label_sets();
        metrics
    }

    /// The Prometheus text exposition, with `online` telling whether a metagraph is expected.
    pub fn render(&self, online: bool) -> String {
        self.chain_online.set(i64::from(online));
        self.metagraph_time.set(self.metagraph_fetched_at.load(Ordering::Relaxed));
        if online {
            let now = crate::core::support::clock::unix_now();
            let since = match self.metagraph_fetched_at.load(Ordering::Relaxed) {
                0 => self.started_at,
                at => at,
            };
            self.metagraph_age.set((now - since).max(0) as f64);
        }
        let mut out = String::new();
        if let Err(e) = prometheus_client::encoding::text::encode(&mut out, &self.registry) {
            tracing::error!(error = %e, "cannot encode the metrics");
        }
        out
    }
}

#[cfg(test)]
mod tests;
