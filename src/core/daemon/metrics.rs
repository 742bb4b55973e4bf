//! Prometheus metrics (prometheus-client), with the names the operator guide promises:
//! `basilica_miner_node_count`, `basilica_miner_validator_connections_total`,
//! `basilica_miner_ssh_deployments_total`, `basilica_miner_authentication_requests_total`,
//! plus per-node health, deployment failures, request latency, and the daemon's own health:
//! metagraph age, refusals, rate limiting, database errors and configuration reloads.

use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ResultLabel {
    result: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct NodeLabel {
    node_id: String,
    address: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct MethodLabel {
    method: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RefusalLabel {
    method: &'static str,
    reason: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ValidatorLabel {
    validator: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct BidCallLabel {
    method: &'static str,
    result: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OperationLabel {
    operation: &'static str,
}

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
    database_errors: Family<OperationLabel, Counter>,
    config_reloads: Family<ResultLabel, Counter>,
    bid_registered: Family<ValidatorLabel, Gauge>,
    bid_heartbeats: Family<ResultLabel, Counter>,
    bid_last_heartbeat: Gauge,
    bid_requests: Family<BidCallLabel, Counter>,
    bid_advertised_nodes: Gauge,
    bid_rejected_keys: Counter,
    started_at: i64,
    /// Unix time of the metagraph in use; 0 before the first (or offline).
    metagraph_fetched_at: AtomicI64,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("basilica_miner");
        let node_count = Gauge::default();
        let validator_connections = Counter::default();
        let ssh_deployments = Family::<ResultLabel, Counter>::default();
        let deployment_failures = Counter::default();
        let authentication_requests = Family::<ResultLabel, Counter>::default();
        let node_healthy = Family::<NodeLabel, Gauge>::default();
        let request_seconds = Family::<MethodLabel, Histogram>::new_with_constructor(|| Histogram::new(exponential_buckets(0.001, 2.0, 18)));
        registry.register("node_count", "GPU nodes configured", node_count.clone());
        registry.register("validator_connections", "Validators that authenticated successfully", validator_connections.clone());
        registry.register("ssh_deployments", "Validator key deployments per node, by result", ssh_deployments.clone());
        registry.register("ssh_deployment_failures", "Validator key deployments that failed on a node", deployment_failures.clone());
        registry.register("authentication_requests", "AuthenticateValidator requests, by result", authentication_requests.clone());
        registry.register("node_healthy", "1 when the node passed its last health check", node_healthy.clone());
        registry.register("request_duration_seconds", "gRPC request latency", request_seconds.clone());
        let metagraph_age = Gauge::<f64, AtomicU64>::default();
        let metagraph_refresh_failures = Counter::default();
        let refused = Family::<RefusalLabel, Counter>::default();
        let rate_limited = Counter::default();
        let database_errors = Family::<OperationLabel, Counter>::default();
        let config_reloads = Family::<ResultLabel, Counter>::default();
        registry.register(
            "metagraph_age_seconds",
            "Seconds since the metagraph in use was fetched (since start while none was); 0 offline",
            metagraph_age.clone(),
        );
        registry.register("metagraph_refresh_failures", "Metagraph refreshes that failed (chain unreachable or erroring)", metagraph_refresh_failures.clone());
        registry.register("refused_requests", "Validator requests refused, by method and reason", refused.clone());
        registry.register("rate_limited_requests", "Requests refused by the per-network rate limit", rate_limited.clone());
        registry.register("database_errors", "Database operations that failed, by operation", database_errors.clone());
        registry.register("config_reloads", "Configuration reloads (SIGHUP), by result", config_reloads.clone());
        let bid_registered = Family::<ValidatorLabel, Gauge>::default();
        let bid_heartbeats = Family::<ResultLabel, Counter>::default();
        let bid_last_heartbeat = Gauge::default();
        let bid_requests = Family::<BidCallLabel, Counter>::default();
        let bid_advertised_nodes = Gauge::default();
        let bid_rejected_keys = Counter::default();
        registry.register("bid_registered", "1 while registered (generation 2) at this validator, 0 after leaving it", bid_registered.clone());
        registry.register("bid_heartbeats", "HealthCheck heartbeats to the validator, by result (ok, rejected, failed)", bid_heartbeats.clone());
        registry.register(
            "bid_last_heartbeat_timestamp_seconds",
            "Unix time of the last heartbeat the validator accepted; 0 before the first",
            bid_last_heartbeat.clone(),
        );
        registry.register("bid_requests", "MinerRegistration calls to the validator, by method and result", bid_requests.clone());
        registry.register("bid_advertised_nodes", "Nodes advertised to the validator in the current registration", bid_advertised_nodes.clone());
        registry.register("bid_rejected_keys", "SSH keys from a validator's RegisterBid answer that were refused and not installed", bid_rejected_keys.clone());
        Metrics {
            registry,
            node_count,
            validator_connections,
            ssh_deployments,
            deployment_failures,
            authentication_requests,
            node_healthy,
            request_seconds,
            metagraph_age,
            metagraph_refresh_failures,
            refused,
            rate_limited,
            database_errors,
            config_reloads,
            bid_registered,
            bid_heartbeats,
            bid_last_heartbeat,
            bid_requests,
            bid_advertised_nodes,
            bid_rejected_keys,
            started_at: crate::core::support::clock::unix_now(),
            metagraph_fetched_at: AtomicI64::new(0),
        }
    }

    /// A metagraph fetched at `at` (Unix seconds) is now in use.
    pub fn metagraph_refreshed(&self, at: i64) {
        self.metagraph_fetched_at.store(at, Ordering::Relaxed);
    }

    pub fn metagraph_refresh_failed(&self) {
        self.metagraph_refresh_failures.inc();
    }

    pub fn refused(&self, method: &'static str, reason: &'static str) {
        self.refused.get_or_create(&RefusalLabel { method, reason }).inc();
    }

    pub fn rate_limited(&self) {
        self.rate_limited.inc();
    }

    pub fn database_error(&self, operation: &'static str) {
        self.database_errors.get_or_create(&OperationLabel { operation }).inc();
    }

    pub fn config_reload(&self, ok: bool) {
        self.config_reloads.get_or_create(&ResultLabel { result: if ok { "ok" } else { "failed" } }).inc();
    }

    /// Registered at `validator` (1) or no longer (0).
    pub fn bid_registered(&self, validator: &str, registered: bool) {
        self.bid_registered.get_or_create(&ValidatorLabel { validator: validator.to_string() }).set(i64::from(registered));
    }

    /// A heartbeat's result: `ok`, `rejected` or `failed`; `at` when accepted.
    pub fn bid_heartbeat(&self, result: &'static str, at: Option<i64>) {
        self.bid_heartbeats.get_or_create(&ResultLabel { result }).inc();
        if let Some(at) = at {
            self.bid_last_heartbeat.set(at);
        }
    }

    pub fn bid_request(&self, method: &'static str, result: &'static str) {
        self.bid_requests.get_or_create(&BidCallLabel { method, result }).inc();
    }

    pub fn bid_advertised(&self, n: usize) {
        self.bid_advertised_nodes.set(n as i64);
    }

    pub fn bid_key_rejected(&self) {
        self.bid_rejected_keys.inc();
    }

    /// Forgets a node's health series (the node was removed by a reload).
    pub fn forget_node(&self, node_id: &str, address: &str) {
        self.node_healthy.remove(&NodeLabel { node_id: node_id.to_string(), address: address.to_string() });
    }

    pub fn set_node_count(&self, n: usize) {
        self.node_count.set(n as i64);
    }

    pub fn auth(&self, ok: bool) {
        self.authentication_requests.get_or_create(&ResultLabel { result: if ok { "ok" } else { "refused" } }).inc();
        if ok {
            self.validator_connections.inc();
        }
    }

    pub fn deployment(&self, ok: bool) {
        self.ssh_deployments.get_or_create(&ResultLabel { result: if ok { "ok" } else { "failed" } }).inc();
        if !ok {
            self.deployment_failures.inc();
        }
    }

    pub fn node_health(&self, node_id: &str, address: &str, healthy: bool) {
        self.node_healthy.get_or_create(&NodeLabel { node_id: node_id.to_string(), address: address.to_string() }).set(i64::from(healthy));
    }

    pub fn latency(&self, method: &'static str, d: Duration) {
        self.request_seconds.get_or_create(&MethodLabel { method }).observe(d.as_secs_f64());
    }

    /// The Prometheus text exposition, with `online` telling whether a metagraph is expected.
    pub fn render(&self, online: bool) -> String {
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
mod tests {
    use super::*;

    #[test]
    fn guide_names_are_exposed() {
        let m = Metrics::new();
        m.set_node_count(3);
        m.auth(true);
        m.deployment(true);
        m.latency("DiscoverNodes", Duration::from_millis(5));
        m.metagraph_refreshed(crate::core::support::clock::unix_now() - 42);
        let text = m.render(true);
        assert!(text.contains("basilica_miner_metagraph_age_seconds 4"), "{text}");
        for name in ["basilica_miner_node_count 3", "basilica_miner_validator_connections_total 1", "basilica_miner_ssh_deployments_total{result=\"ok\"} 1", "basilica_miner_authentication_requests_total{result=\"ok\"} 1", "basilica_miner_request_duration_seconds_count{method=\"DiscoverNodes\"} 1"] {
            assert!(text.contains(name), "missing {name}:\n{text}");
        }
    }
}
