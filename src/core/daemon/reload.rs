//! Reloading `miner.toml` in a running daemon (SIGHUP, `systemctl reload`): a file that does
//! not load or validate is refused and the daemon keeps its last good configuration; otherwise
//! nodes, rate limits, assignment and health-round settings apply at once. Removed nodes get
//! their validator lines revoked (best effort) and are dropped (and withdrawn at a generation-2
//! validator); added nodes are health-checked and given the assigned validator's key by an
//! immediate health round, after which the bid loop advertises them.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use arc_swap::ArcSwapOption;
use serde::Serialize;

use crate::core::checks;
use crate::core::config::{self, MinerConfig};
use crate::core::daemon::state::live::prefixes_for;
use crate::core::daemon::state::permits::Policy;
use crate::core::daemon::state::settings::{health_round_for, ValidationPlan};
use crate::core::daemon::transport::ratelimit::RateLimiter;
use crate::core::daemon::Miner;
use crate::core::nodes::authorized_keys::Revoke;
use crate::core::nodes::fleet::Target;
use crate::core::nodes::keys;
use crate::core::nodes::registry::{self, NodeRecord};
use crate::core::nodes::state::NodeState;

/// What a reload changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ReloadSummary {
    /// Nodes added, by address.
    pub added: Vec<String>,
    /// Nodes removed, by address.
    pub removed: Vec<String>,
    /// Nodes whose settings changed, by address.
    pub changed: Vec<String>,
    /// Settings now in force.
    pub applied: Vec<&'static str>,
    /// Keys that changed but only take effect after a restart.
    pub need_restart: Vec<&'static str>,
}

/// Why a reload kept the running configuration.
#[derive(Debug, thiserror::Error)]
pub enum ReloadError {
    /// The file could not be loaded.
    #[error("{0}")]
    Load(#[from] config::ConfigError),
    /// The file loaded but breaks the configuration's rules.
    #[error("{} has errors; keeping the running configuration:\n{}", .path.display(), .problems.join("\n"))]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Each error, one line.
        problems: Vec<String>,
    },
    /// The daemon runs `--offline` and the file no longer names a fixed validator.
    #[error(
        "--offline needs [validator_assignment] strategy = \"fixed_assignment\"; keeping the running configuration"
    )]
    OfflineNeedsFixed,
}

/// What reloading needs to remember between signals.
pub struct Reloader {
    /// The file to reload.
    pub config_path: PathBuf,
    /// Whether the daemon runs `--offline`.
    pub offline: bool,
    /// The configuration in force (the last one that loaded and validated).
    pub current: MinerConfig,
    /// The rate limiter in use, swapped when its settings change.
    pub limiter: Arc<ArcSwapOption<RateLimiter>>,
}

/// The limiter `[validator_comms.rate_limit]` asks for.
pub fn limiter_for(c: &MinerConfig) -> Option<Arc<RateLimiter>> {
    let r = &c.validator_comms.rate_limit;
    r.enabled.then(|| Arc::new(RateLimiter::new(r.requests_per_second, r.burst_capacity, prefixes_for(c))))
}

/// The assignment policy `[validator_assignment]` asks for; with bidding on and no
/// `validator_endpoint`, `highest_stake` chooses among the validators that take bids.
pub fn policy_for(c: &MinerConfig) -> Policy {
    Policy {
        strategy: c.validator_assignment.strategy,
        fixed: c.validator_assignment.validator_hotkey.clone(),
        bid_takers_only: c.bidding.enabled && c.bidding.validator_endpoint.is_none(),
    }
}

impl Reloader {
    /// Reads and validates the file again: its errors (not the wallet's) refuse the reload.
    async fn load_checked(&self) -> Result<config::LoadedConfig, ReloadError> {
        // Reading and validating touch the file system: off the async workers.
        let path = self.config_path.clone();
        let (loaded, mut problems) = tokio::task::spawn_blocking(move || {
            config::load(&path, std::env::vars()).map(|loaded| {
                let problems: Vec<String> = checks::problems_without_wallet(&loaded)
                    .iter()
                    .filter(|p| p.is_error())
                    .map(ToString::to_string)
                    .collect();
                (loaded, problems)
            })
        })
        .await
        .map_err(|e| ReloadError::Invalid {
            path: self.config_path.clone(),
            problems: vec![format!("the reload task failed: {e}")],
        })??;
        problems.sort();
        problems.dedup();
        if !problems.is_empty() {
            return Err(ReloadError::Invalid { path: self.config_path.clone(), problems });
        }
        Ok(loaded)
    }

    /// Re-reads the file and applies what changed. On error nothing changes.
    pub async fn reload(&mut self, miner: &Miner) -> Result<ReloadSummary, ReloadError> {
        let loaded = self.load_checked().await?;
        let new = loaded.config.clone();
        if self.offline && new.validator_assignment.offline_validator().is_err() {
            return Err(ReloadError::OfflineNeedsFixed);
        }
        let old = std::mem::replace(&mut self.current, new.clone());
        let mut summary = ReloadSummary::default();

        let rl = (&old.validator_comms.rate_limit, &new.validator_comms.rate_limit);
        if rl.0 != rl.1 {
            self.limiter.store(limiter_for(&new));
            summary.applied.push("validator_comms.rate_limit");
        }
        if old.validator_assignment != new.validator_assignment {
            miner.permits.set_policy(policy_for(&new));
            summary.applied.push("validator_assignment");
        }
        let key = (&old.ssh_session.miner_node_key_path, &new.ssh_session.miner_node_key_path);
        if key.0 != key.1 {
            // After `keys rotate`: new connections must use the new key (the old one is gone
            // from the nodes); open ones keep working.
            miner.fleet.set_key_path(loaded.resolve_path(key.1));
            summary.applied.push("ssh_session.miner_node_key_path");
        }
        if (&old.bidding, old.bid_grpc_port) != (&new.bidding, new.bid_grpc_port) {
            summary.applied.push("bidding");
        }
        if ValidationPlan::from_config(&old) != ValidationPlan::from_config(&new) {
            summary.applied.push("full validation");
        }
        if health_round_for(&old) != health_round_for(&new) {
            summary.applied.push("node_management");
        }
        for (key, differs) in restart_only(&old, &new) {
            if differs {
                summary.need_restart.push(key);
            }
        }

        let before: HashMap<uuid::Uuid, NodeRecord> =
            miner.book.nodes().iter().map(|r| (r.node_id, r.clone())).collect();
        let after = registry::list(&new);
        let removed: Vec<NodeRecord> =
            before.values().filter(|r| !after.iter().any(|a| a.node_id == r.node_id)).cloned().collect();
        for a in &after {
            match before.get(&a.node_id) {
                None => summary.added.push(a.address().to_string()),
                Some(b) if (NodeRecord { index: a.index, ..b.clone() }) != *a => {
                    summary.changed.push(a.address().to_string());
                    if b.additional_opts != a.additional_opts {
                        miner.fleet.forget(a.node_id).await;
                    }
                }
                Some(_) => {}
            }
        }
        // Served from now on: a removed node is never handed out again, even while its
        // revocation below is still running, and nothing about it is kept.
        miner.metrics.set_node_count(after.len());
        miner
            .metrics
            .configured_nodes(&after.iter().map(|n| (n.address().to_string(), n.cordoned)).collect::<Vec<_>>());
        // A removed node's running rentals: their validators keep their keys there.
        let rented: HashMap<uuid::Uuid, Vec<crate::core::nodes::rental::Rental>> =
            removed.iter().map(|r| (r.node_id, miner.book.rentals(&r.node_id))).collect();
        let last_checks = miner.book.replace_nodes(after);
        // Every loop sees the reload: removed nodes leave the advertised set now, prices and
        // bidding settings apply, added and changed nodes are checked and validated.
        miner.live.apply(crate::core::daemon::state::live::Reloadable::from_config(&loaded));
        if !removed.is_empty() {
            let targets: Vec<Target> = removed.iter().map(Target::from).collect();
            let keep = |t: &Target| {
                rented
                    .get(&t.node_id)
                    .map_or_else(Vec::new, |rs| rs.iter().flat_map(|r| r.validators.clone()).collect())
            };
            let results = keys::revoke_sparing(&miner.fleet, &targets, &Revoke::All, &keep, &|_| {}).await;
            for (r, result) in removed.iter().zip(&results) {
                let address = r.address().to_string();
                for rental in rented.get(&r.node_id).into_iter().flatten() {
                    tracing::warn!(node = %address, rental = %rental.rental_id, validators = %rental.validators.join(","), "node removed from the configuration while a customer's rental runs: the renting validator's key stays there; the miner no longer manages the node (revoke it there by hand once the rental ended)");
                }
                match result.error() {
                    None => {
                        tracing::info!(node = %address, "node removed from the configuration; its validator keys were revoked");
                    }
                    Some(e) => {
                        tracing::warn!(node = %address, code = %e.code, error = %e.message, "node removed from the configuration; revoking its validator keys failed (remove them by hand: `basilica-miner keys revoke` before removing, or edit authorized_keys)");
                    }
                }
                miner.fleet.forget(r.node_id).await;
                let models = last_checks.get(&r.node_id).map_or_else(Vec::new, NodeState::gpu_categories);
                miner.metrics.forget_node(&r.node_id.to_string(), &address, &models);
                summary.removed.push(address);
            }
        }
        Ok(summary)
    }
}

/// Settings read once at start: listeners, TLS, database, wallet, chain, SSH timeouts.
fn restart_only(old: &MinerConfig, new: &MinerConfig) -> [(&'static str, bool); 6] {
    [
        ("validator_comms (listen address, TLS, timeout)", {
            let (a, b) = (&old.validator_comms, &new.validator_comms);
            (&a.host, a.port, a.tls_enabled, &a.tls_cert_path, &a.tls_key_path, a.request_timeout)
                != (&b.host, b.port, b.tls_enabled, &b.tls_cert_path, &b.tls_key_path, b.request_timeout)
        }),
        ("metrics", old.metrics != new.metrics),
        ("database", old.database != new.database),
        ("bittensor", old.bittensor != new.bittensor),
        ("security", old.security != new.security),
        (
            "node_management.health_check_timeout",
            old.node_management.health_check_timeout != new.node_management.health_check_timeout,
        ),
    ]
}
