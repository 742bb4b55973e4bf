//! The rental series: which nodes are rented (by category), how many GPUs, the time rented,
//! and compute processes on a node's GPUs that belong to no rental.

use std::collections::HashMap;
use std::sync::atomic::AtomicU64;
use std::sync::Mutex;

use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;

use crate::core::daemon::metrics::labels::{NodeCategoryLabel, NodeNameLabel};
use crate::core::daemon::metrics::names;

/// The rental metrics, registered beside the others.
pub(super) struct RentalMetrics {
    node_rented: Family<NodeCategoryLabel, Gauge>,
    rented_gpus: Gauge,
    rented_seconds: Counter<f64, AtomicU64>,
    foreign_processes: Family<NodeNameLabel, Gauge>,
    /// Per node: its category label and devices while rented (what the totals sum).
    rented: Mutex<HashMap<String, (String, u32)>>,
}

impl RentalMetrics {
    pub(super) fn register(registry: &mut Registry) -> RentalMetrics {
        let m = RentalMetrics {
            node_rented: Family::default(),
            rented_gpus: Gauge::default(),
            rented_seconds: Counter::default(),
            foreign_processes: Family::default(),
            rented: Mutex::new(HashMap::new()),
        };
        registry.register(
            names::NODE_RENTED,
            "1 while a customer's rental (a basilica.rental_id container) runs on the node, by node and category",
            m.node_rented.clone(),
        );
        registry.register(
            names::RENTED_GPUS,
            "GPUs (devices, for CPU-only hosts) on rented nodes",
            m.rented_gpus.clone(),
        );
        registry.register(
            names::RENTED_SECONDS,
            "Seconds nodes were rented (node-seconds), counted between two passed health checks of a rented node",
            m.rented_seconds.clone(),
        );
        registry.register(
            names::NODE_FOREIGN_GPU_PROCESSES,
            "Compute processes on the node's GPUs that belong to no rental (the node is not offered while any run)",
            m.foreign_processes.clone(),
        );
        m
    }
}

impl crate::core::daemon::metrics::Metrics {
    /// A node's rentals after a health check: rented or not (with its category and devices),
    /// its foreign GPU processes (`None`: not read), and the seconds it was rented since the
    /// previous check.
    pub fn node_rentals(
        &self,
        node: &str,
        category: &str,
        rented: bool,
        devices: u32,
        foreign: Option<usize>,
        rented_secs: Option<i64>,
    ) {
        let r = &self.rentals;
        let mut all = r.rented.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((old, _)) = all.get(node).filter(|(c, _)| c != category) {
            r.node_rented.remove(&NodeCategoryLabel { node: node.to_string(), category: old.clone() });
        }
        r.node_rented
            .get_or_create(&NodeCategoryLabel { node: node.to_string(), category: category.to_string() })
            .set(i64::from(rented));
        if rented {
            all.insert(node.to_string(), (category.to_string(), devices));
        } else {
            all.remove(node);
        }
        r.rented_gpus.set(all.values().map(|(_, d)| i64::from(*d)).sum());
        if let Some(n) = foreign {
            r.foreign_processes.get_or_create(&NodeNameLabel { node: node.to_string() }).set(n as i64);
        }
        if let Some(secs) = rented_secs.filter(|s| *s > 0) {
            r.rented_seconds.inc_by(secs as f64);
        }
    }

    /// A node's foreign-GPU-process series, at 0 unless it has a value already.
    pub(super) fn foreign_gpu_processes_start(&self, node: &str) {
        let _ = self.rentals.foreign_processes.get_or_create(&NodeNameLabel { node: node.to_string() });
    }

    /// Forgets a removed node's rental series.
    pub(super) fn forget_rentals(&self, node: &str) {
        let r = &self.rentals;
        let mut all = r.rented.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((category, _)) = all.remove(node) {
            r.node_rented.remove(&NodeCategoryLabel { node: node.to_string(), category });
        }
        r.rented_gpus.set(all.values().map(|(_, d)| i64::from(*d)).sum());
        r.foreign_processes.remove(&NodeNameLabel { node: node.to_string() });
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_rented_node_counts_its_gpus_and_hours_until_it_is_free() {
        let m = super::super::Metrics::new();
        m.node_rentals("a", "H100", true, 8, Some(0), None);
        m.node_rentals("b", "RTX_5090", true, 2, Some(1), Some(1800));
        let text = m.render(false);
        for line in [
            "basilica_miner_node_rented{node=\"a\",category=\"H100\"} 1",
            "basilica_miner_rented_gpus 10",
            "basilica_miner_rented_seconds_total 1800",
            "basilica_miner_node_foreign_gpu_processes{node=\"b\"} 1",
        ] {
            assert!(text.contains(line), "missing {line}:\n{text}");
        }
        m.node_rentals("a", "H100", false, 8, Some(0), None);
        m.forget_rentals("b");
        let text = m.render(false);
        assert!(text.contains("basilica_miner_node_rented{node=\"a\",category=\"H100\"} 0"), "{text}");
        assert!(text.contains("basilica_miner_rented_gpus 0"), "{text}");
        assert!(!text.contains("node=\"b\""), "{text}");
    }
}
