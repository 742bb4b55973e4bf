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
    NodeNameLabel, OperationLabel, ReasonLabel, RefusalLabel, ResultLabel, StateLabel, ValidatorLabel,
    ValidatorStateLabel,
};

/// Every metric the daemon exposes, registered once.
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
    bid_endpoint_state: Family<StateLabel, Gauge>,
    bid_validator_state: Family<ValidatorStateLabel, Gauge>,
    /// The validator-state series exposed now, so those of validators gone can be removed.
    bid_validator_series: std::sync::Mutex<Vec<ValidatorStateLabel>>,
    node_validations: Family<ResultLabel, Counter>,
    ssh_handshakes: Counter,
    ssh_commands: Counter,
    ssh_bytes: Family<DirectionLabel, Counter>,
    bid_rejected_keys: Counter,
    node_gpus: Family<NodeModelLabel, Gauge>,
    node_last_check: Family<NodeNameLabel, Gauge>,
    node_uptime_streak: Family<NodeNameLabel, Gauge>,
    node_cordoned: Family<NodeNameLabel, Gauge>,
    /// Per node: since when it has passed every check (`None` while failing).
    assigned_validator: Family<HotkeyLabel, Gauge>,
    assigned_now: std::sync::Mutex<Option<String>>,
    health_rounds: Counter,
    key_repairs: Counter,
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
    /// Registers every metric under the `basilica_miner` prefix, each exposed at 0 from the start.
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix(names::PREFIX);
        let rentals = rentals::RentalMetrics::register(&mut registry);
        let mut metrics = Metrics {
            registry,
            node_count: Default::default(),
            validator_connections: Default::default(),
            ssh_deployments: Default::default(),
            deployment_failures: Default::default(),
            authentication_requests: Default::default(),
            node_healthy: Default::default(),
            request_seconds: Family::new_with_constructor(|| Histogram::new(exponential_buckets(0.001, 2.0, 18))),
            metagraph_age: Default::default(),
            metagraph_refresh_failures: Default::default(),
            refused: Default::default(),
            rate_limited: Default::default(),
            connections: Default::default(),
            database_errors: Default::default(),
            config_reloads: Default::default(),
            bid_registered: Default::default(),
            bid_heartbeats: Default::default(),
            bid_last_heartbeat: Default::default(),
            bid_requests: Default::default(),
            bid_advertised_nodes: Default::default(),
            bid_refused_nodes: Default::default(),
            bid_left_out_nodes: Default::default(),
            bid_endpoint_state: Default::default(),
            bid_validator_state: Default::default(),
            bid_validator_series: Default::default(),
            node_validations: Default::default(),
            ssh_handshakes: Default::default(),
            ssh_commands: Default::default(),
            ssh_bytes: Default::default(),
            bid_rejected_keys: Default::default(),
            node_gpus: Default::default(),
            node_last_check: Default::default(),
            node_uptime_streak: Default::default(),
            node_cordoned: Default::default(),
            assigned_validator: Default::default(),
            assigned_now: std::sync::Mutex::new(None),
            health_rounds: Default::default(),
            key_repairs: Default::default(),
            database_query_seconds: Histogram::new(exponential_buckets(0.0005, 2.0, 16)),
            started_at: crate::core::support::clock::unix_now(),
            metagraph_fetched_at: AtomicI64::new(0),
            chain_online: Default::default(),
            metagraph_time: Default::default(),
            rentals,
        };
        metrics.register_all();
        metrics.expose_fixed_label_sets();
        metrics
    }

    /// Registers every metric under its name with its help text: the one list of what
    /// `/metrics` exposes (the rental metrics register themselves: [`rentals`]).
    fn register_all(&mut self) {
        let build_info = Family::<BuildLabel, Gauge>::default();
        build_info
            .get_or_create(&BuildLabel { version: env!("CARGO_PKG_VERSION"), git_sha: env!("BASILICA_GIT_SHA") })
            .set(1);
        let start_time: Gauge = Gauge::default();
        start_time.set(self.started_at);
        for direction in ["sent", "received"] {
            let _ = self.ssh_bytes.get_or_create(&DirectionLabel { direction });
        }
        let r = &mut self.registry;
        macro_rules! table {
            ($($name:path => $help:expr, $metric:expr;)*) => { $( r.register($name, $help, $metric.clone()); )* };
        }
        table! {
            names::NODE_COUNT => "GPU nodes configured", self.node_count;
            names::VALIDATOR_CONNECTIONS => "Validators that authenticated successfully", self.validator_connections;
            names::SSH_DEPLOYMENTS => "Validator key deployments per node, by result", self.ssh_deployments;
            names::SSH_DEPLOYMENT_FAILURES => "Validator key deployments that failed on a node", self.deployment_failures;
            names::AUTHENTICATION_REQUESTS => "AuthenticateValidator requests, by result", self.authentication_requests;
            names::NODE_HEALTHY => "1 when the node passed its last health check", self.node_healthy;
            names::REQUEST_DURATION_SECONDS => "gRPC request latency", self.request_seconds;
            names::METAGRAPH_AGE_SECONDS => "Seconds since the metagraph in use was fetched (since start while none was); 0 offline", self.metagraph_age;
            names::METAGRAPH_REFRESH_FAILURES => "Metagraph refreshes that failed (chain unreachable or erroring)", self.metagraph_refresh_failures;
            names::REFUSED_REQUESTS => "Validator requests refused, by method and reason", self.refused;
            names::RATE_LIMITED_REQUESTS => "Requests refused by the per-network rate limit", self.rate_limited;
            names::GRPC_CONNECTIONS => "Connections accepted on the gRPC port, by lane: validator (from a permitted validator's axon address) or other", self.connections;
            names::DATABASE_ERRORS => "Database operations that failed, by operation", self.database_errors;
            names::CONFIG_RELOADS => "Configuration reloads (SIGHUP), by result", self.config_reloads;
            names::BUILD_INFO => "Always 1; the labels name the running build", build_info;
            names::START_TIME_SECONDS => "Unix time the daemon started", start_time;
            names::CHAIN_ONLINE => "1 while the daemon follows the chain's metagraph, 0 when it runs offline (--offline)", self.chain_online;
            names::METAGRAPH_TIMESTAMP_SECONDS => "Unix time the metagraph in use was fetched; 0 before the first (or offline)", self.metagraph_time;
            names::NODE_GPUS => "GPUs on the node by model, from its last health check", self.node_gpus;
            names::NODE_LAST_CHECK_TIMESTAMP_SECONDS => "Unix time of the node's last finished health check", self.node_last_check;
            names::NODE_UPTIME_STREAK_SECONDS => "Seconds since the node last failed a health check (0 while failing); validators ramp rewards over about 14 days of it", self.node_uptime_streak;
            names::NODE_CORDONED => "1 while the node is cordoned (node cordon / drain): configured and health-checked, out of the offer; 0 otherwise", self.node_cordoned;
            names::ASSIGNED_VALIDATOR_INFO => "1 for the validator the nodes are assigned to", self.assigned_validator;
            names::HEALTH_ROUNDS => "Health rounds (health checks and drift repair over every node)", self.health_rounds;
            names::KEY_REPAIRS => "Validator keys put back on a node by the health-round loop (drift)", self.key_repairs;
            names::DATABASE_QUERY_DURATION_SECONDS => "Time from a database request to its committed answer", self.database_query_seconds;
            names::BID_LEFT_OUT_NODES => "Configured nodes left out of the bid, by reason (bid show names each node)", self.bid_left_out_nodes;
            names::BID_REFUSED_NODES => "Nodes the validator refused lately and that are kept out of the bid", self.bid_refused_nodes;
            names::NODE_VALIDATIONS => "Full validations of nodes (the validators' own checks), by result", self.node_validations;
            names::SSH_HANDSHAKES => "SSH connections (ControlMaster handshakes) opened to nodes", self.ssh_handshakes;
            names::SSH_COMMANDS => "Commands run on nodes over SSH", self.ssh_commands;
            names::SSH_PAYLOAD_BYTES => "Bytes of scripts and stdin sent to nodes (sent) and of their output (received), without SSH's own overhead", self.ssh_bytes;
            names::BID_REGISTERED => "1 while registered (generation 2) at this validator, 0 after leaving it", self.bid_registered;
            names::BID_HEARTBEATS => "HealthCheck heartbeats to the validator, by result (ok, rejected, failed)", self.bid_heartbeats;
            names::BID_LAST_HEARTBEAT_TIMESTAMP_SECONDS => "Unix time of the last heartbeat the validator accepted; 0 before the first", self.bid_last_heartbeat;
            names::BID_REQUESTS => "MinerRegistration calls to the validator, by method and result", self.bid_requests;
            names::BID_ADVERTISED_NODES => "Nodes advertised to the validator in the current bid", self.bid_advertised_nodes;
            names::BID_REJECTED_KEYS => "SSH keys from a validator's RegisterBid answer that were refused and not installed", self.bid_rejected_keys;
            names::BID_ENDPOINT_STATE => "1 for what answers where the bids go: takes_bids, unknown_hotkey, no_bid_service, not_grpc, nothing_listening, no_answer, no_axon, tls_failed; unchecked before the first look, none_takes_bids when no validator on the subnet takes Basilica bids", self.bid_endpoint_state;
            names::BID_VALIDATOR_STATE => "1 per permitted validator of the subnet looked at, by what answers at its bid endpoint (validators that do not take bids are skipped by the assignment)", self.bid_validator_state;
        }
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
