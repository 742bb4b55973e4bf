//! The per-node series: health, GPUs by model, the last check and the uptime streak.

use crate::core::daemon::metrics::labels::{NodeLabel, NodeModelLabel, NodeNameLabel};
use crate::core::daemon::metrics::Metrics;

impl Metrics {
    /// A finished health check of `node` (its address): GPU categories and counts, and when.
    /// `before` are the categories its previous check reported: those it no longer reports
    /// are dropped.
    pub fn node_checked(&self, node: &str, gpus: &[(String, usize)], before: &[String], at: i64) {
        for model in before.iter().filter(|model| !gpus.iter().any(|(m, _)| m == *model)) {
            self.node_gpus.remove(&NodeModelLabel { node: node.to_string(), model: model.clone() });
        }
        for (model, n) in gpus {
            self.node_gpus
                .get_or_create(&NodeModelLabel { node: node.to_string(), model: model.clone() })
                .set(*n as i64);
        }
        self.node_last_check.get_or_create(&NodeNameLabel { node: node.to_string() }).set(at);
    }

    /// The uptime streak of each checked node at `now`, from the one owner of the streaks (the
    /// miner's health records): `(address, passing since)`, `None` while it fails.
    pub fn uptime_streaks(&self, streaks: &[(String, Option<i64>)], now: i64) {
        for (node, since) in streaks {
            self.node_uptime_streak
                .get_or_create(&NodeNameLabel { node: node.clone() })
                .set(crate::core::nodes::state::uptime_streak_secs(*since, now));
        }
    }

    /// Forgets a node's health series (the node was removed by a reload); `models` are the
    /// GPU categories its last check reported.
    pub fn forget_node(&self, node_id: &str, address: &str, models: &[String]) {
        self.node_healthy.remove(&NodeLabel { node_id: node_id.to_string(), address: address.to_string() });
        self.node_checked(address, &[], models, 0);
        let name = NodeNameLabel { node: address.to_string() };
        self.node_last_check.remove(&name);
        self.node_uptime_streak.remove(&name);
        self.node_cordoned.remove(&name);
        self.forget_rentals(address);
    }

    /// The configured nodes as `(address, cordoned)`: each gets its cordon series (0 or 1)
    /// and a foreign-GPU-process series (0 until a check says otherwise), so dashboards find
    /// a series for every node from the start.
    pub fn configured_nodes(&self, nodes: &[(String, bool)]) {
        for (node, cordoned) in nodes {
            let name = NodeNameLabel { node: node.clone() };
            self.node_cordoned.get_or_create(&name).set(i64::from(*cordoned));
            self.foreign_gpu_processes_start(node);
        }
    }

    /// A node's health after a check.
    pub fn node_health(&self, node_id: &str, address: &str, healthy: bool) {
        self.node_healthy
            .get_or_create(&NodeLabel { node_id: node_id.to_string(), address: address.to_string() })
            .set(i64::from(healthy));
    }
}
