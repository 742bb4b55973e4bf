//! The per-node series: health, GPUs by model, the last check and the uptime streak.

use super::labels::{NodeLabel, NodeModelLabel, NodeNameLabel};
use super::Metrics;

impl Metrics {
    /// A finished health check of `node` (its address): GPU models and counts, when, and since
    /// when it has been passing (`None`: it failed).
    pub fn node_checked(&self, node: &str, gpus: &[(String, usize)], at: i64, healthy_since: Option<i64>) {
        // Models the node no longer reports are dropped.
        let models = crate::core::nodes::gpu::GpuModel::ALL.map(crate::core::nodes::gpu::GpuModel::as_str);
        for model in models.into_iter().chain(["other"]).filter(|model| !gpus.iter().any(|(m, _)| m == model)) {
            self.node_gpus.remove(&NodeModelLabel { node: node.to_string(), model: model.to_string() });
        }
        for (model, n) in gpus {
            self.node_gpus
                .get_or_create(&NodeModelLabel { node: node.to_string(), model: model.clone() })
                .set(*n as i64);
        }
        self.node_last_check.get_or_create(&NodeNameLabel { node: node.to_string() }).set(at);
        self.healthy_since
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(node.to_string(), healthy_since);
    }

    /// Forgets a node's health series (the node was removed by a reload).
    pub fn forget_node(&self, node_id: &str, address: &str) {
        self.node_healthy.remove(&NodeLabel { node_id: node_id.to_string(), address: address.to_string() });
        self.node_checked(address, &[], 0, None);
        let name = NodeNameLabel { node: address.to_string() };
        self.node_last_check.remove(&name);
        self.node_uptime_streak.remove(&name);
        self.healthy_since.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(address);
    }

    pub fn node_health(&self, node_id: &str, address: &str, healthy: bool) {
        self.node_healthy
            .get_or_create(&NodeLabel { node_id: node_id.to_string(), address: address.to_string() })
            .set(i64::from(healthy));
    }
}
