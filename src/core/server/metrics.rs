//! Prometheus metrics (prometheus-client), with the names the operator guide promises:
//! `basilica_miner_node_count`, `basilica_miner_validator_connections_total`,
//! `basilica_miner_ssh_deployments_total`, `basilica_miner_authentication_requests_total`,
//! plus per-node health, deployment failures and request latency.

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

pub struct Metrics {
    registry: Registry,
    node_count: Gauge,
    validator_connections: Counter,
    ssh_deployments: Family<ResultLabel, Counter>,
    deployment_failures: Counter,
    authentication_requests: Family<ResultLabel, Counter>,
    node_healthy: Family<NodeLabel, Gauge>,
    request_seconds: Family<MethodLabel, Histogram>,
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
        Metrics { registry, node_count, validator_connections, ssh_deployments, deployment_failures, authentication_requests, node_healthy, request_seconds }
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

    /// The Prometheus text exposition.
    pub fn render(&self) -> String {
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.registry).expect("writing to a String cannot fail");
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
        let text = m.render();
        for name in ["basilica_miner_node_count 3", "basilica_miner_validator_connections_total 1", "basilica_miner_ssh_deployments_total{result=\"ok\"} 1", "basilica_miner_authentication_requests_total{result=\"ok\"} 1", "basilica_miner_request_duration_seconds_count{method=\"DiscoverNodes\"} 1"] {
            assert!(text.contains(name), "missing {name}:\n{text}");
        }
    }
}
