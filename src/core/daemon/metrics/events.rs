//! Recording the daemon's events other than per-node and bid series: the metagraph, refusals
//! and rate limits, connections, database errors, reloads, health round, the assignment,
//! authentications, deployments and request latency.

use std::sync::atomic::Ordering;
use std::time::Duration;

use crate::core::daemon::metrics::labels::{
    HotkeyLabel, LaneLabel, MethodLabel, OperationLabel, RefusalLabel, ResultLabel,
};
use crate::core::daemon::metrics::{DbOp, Metrics};

impl Metrics {
    /// A metagraph fetched at `at` (Unix seconds) is now in use.
    pub fn metagraph_refreshed(&self, at: i64) {
        self.metagraph_fetched_at.store(at, Ordering::Relaxed);
    }

    /// A metagraph refresh failed.
    pub fn metagraph_refresh_failed(&self) {
        self.metagraph_refresh_failures.inc();
    }

    /// A request to `method` was refused for `reason`.
    pub fn refused(&self, method: &'static str, reason: &'static str) {
        self.refused.get_or_create(&RefusalLabel { method, reason }).inc();
    }

    /// A request was refused by the rate limit.
    pub fn rate_limited(&self) {
        self.rate_limited.inc();
    }

    /// One connection accepted on the gRPC port, in `lane` (`validator` or `other`).
    pub fn connection(&self, lane: &'static str) {
        self.connections.get_or_create(&LaneLabel { lane }).inc();
    }

    /// A database operation failed.
    pub fn database_error(&self, operation: DbOp) {
        self.database_errors.get_or_create(&OperationLabel { operation: operation.as_str() }).inc();
    }

    /// A reload finished, applied or not.
    pub fn config_reload(&self, ok: bool) {
        self.config_reloads.get_or_create(&ResultLabel { result: if ok { "ok" } else { "failed" } }).inc();
    }

    /// A health round finished, having repaired `repairs` keys.
    pub fn health_round_ran(&self, repairs: usize) {
        self.health_rounds.inc();
        self.key_repairs.inc_by(repairs as u64);
    }

    /// The validator the nodes are assigned to now.
    pub fn set_assigned(&self, hotkey: Option<String>) {
        let mut now = self.assigned_now.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if *now != hotkey {
            if let Some(old) = now.take() {
                self.assigned_validator.remove(&HotkeyLabel { hotkey: old });
            }
            if let Some(h) = &hotkey {
                self.assigned_validator.get_or_create(&HotkeyLabel { hotkey: h.clone() }).set(1);
            }
            *now = hotkey;
        }
    }

    /// The number of configured nodes.
    pub fn set_node_count(&self, n: usize) {
        self.node_count.set(n as i64);
    }

    /// An AuthenticateValidator request was answered.
    pub fn auth(&self, ok: bool) {
        self.authentication_requests.get_or_create(&ResultLabel { result: if ok { "ok" } else { "refused" } }).inc();
        if ok {
            self.validator_connections.inc();
        }
    }

    /// A key deployment on a node finished.
    pub fn deployment(&self, ok: bool) {
        self.ssh_deployments.get_or_create(&ResultLabel { result: if ok { "ok" } else { "failed" } }).inc();
        if !ok {
            self.deployment_failures.inc();
        }
    }

    /// A gRPC request to `method` took `d`.
    pub fn latency(&self, method: &'static str, d: Duration) {
        self.request_seconds.get_or_create(&MethodLabel { method }).observe(d.as_secs_f64());
    }
}
