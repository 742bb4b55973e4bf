//! Everything `serve` runs, around [`Miner`]: the shared state (nodes, health, validations,
//! prices, settings) and its actions (admitting a signed request, deploying a validator key).
//! Three rooms: [`transport`] (what validators and scrapers reach: the gRPC service, its
//! request checks, rate limit and refusal log, the metrics exposition), [`loops`] (the work
//! the daemon does by itself: health rounds, full validations, bidding, the
//! metagraph) and [`state`] (the node book, the reloadable settings, the permits, the
//! database). Beside them: starting ([`launch`], [`run`]), reloading, the pid file, systemd
//! readiness and the metrics; and [`view`], the read side other processes use (`status`,
//! `health-check`, `bid status`, `node list`): where a running daemon is and what it recorded.
//!
//! Every check that needs no storage (target, signature, timestamp, permit) runs first, in
//! memory; only a request that passed them touches the database, through its own thread.
//! Refusals are counted in memory and written in batches ([`transport::refusals`]). A database that
//! cannot store a nonce answers `UNAVAILABLE` (retryable), never a fake refusal, and never a
//! session (fail closed).

pub mod keys;
pub mod launch;
pub mod loops;
pub mod metrics;
pub mod pidfile;
pub mod readiness;
pub mod reload;
pub mod run;
pub mod state;
pub mod transport;
pub mod view;

use std::sync::Arc;

use crate::core::bidding::{offer, RefusedNode};
use crate::core::daemon::state::store::{Audit, Database};
use crate::core::identity::wallet::Keypair;
use crate::core::nodes::fleet::Fleet;
use crate::core::nodes::registry::NodeRecord;
pub(crate) use crate::core::support::clock::unix_now as now;
use metrics::Metrics;
use state::book::NodeBook;
use state::live::Live;
use state::permits::Permits;

/// Session lifetime handed to validators.
pub const SESSION_SECS: i64 = 3600;

/// What the service and the loops share: the miner's identity, a handle on each component,
/// and the parts that do not change while it runs. Per-node facts live in the [`NodeBook`]
/// only; settings a reload replaces in [`Live`]; who is assigned in [`Permits`].
pub struct Miner {
    /// The miner's hotkey: signs answers and bids.
    pub hotkey: Keypair,
    /// The metagraph's validators and the assigned one.
    pub permits: Arc<Permits>,
    /// The SQLite store, one thread of its own: every read and write is a job sent there.
    pub db: Database,
    /// One SSH ControlMaster per node; every command on a node goes through it.
    pub fleet: Arc<Fleet>,
    /// Every series `/metrics` exposes, updated where things happen.
    pub metrics: Arc<Metrics>,
    /// Per-node facts (health, validation, rentals, key scope): their one owner.
    pub book: NodeBook,
    /// Settings a reload replaces whole; loops read the current ones each turn.
    pub live: Live,
}

impl Miner {
    /// Writes one audit row in the background; a failure is logged and counted.
    pub(crate) fn audit(
        &self,
        kind: &'static str,
        validator: Option<&str>,
        peer: Option<&str>,
        outcome: &str,
        detail: Option<&str>,
    ) {
        let (validator, peer, outcome, detail) =
            (validator.map(str::to_string), peer.map(str::to_string), outcome.to_string(), detail.map(str::to_string));
        let db = self.db.clone();
        let metrics = self.metrics.clone();
        tokio::spawn(async move {
            let r = db
                .run(move |s| {
                    s.audit(
                        now(),
                        &Audit {
                            kind,
                            validator_hotkey: validator.as_deref(),
                            peer: peer.as_deref(),
                            outcome: &outcome,
                            detail: detail.as_deref(),
                        },
                    )
                })
                .await;
            if let Err(e) = r {
                metrics.database_error(crate::core::daemon::metrics::DbOp::Audit);
                tracing::error!(error = %e, "cannot write the audit log");
            }
        });
    }

    /// What would be advertised now (generation 2), from the last health checks, full
    /// validations and the validator's recent refusals.
    pub fn offer(&self, refused: &[RefusedNode]) -> offer::Offer {
        self.book.offer(&self.live.current().prices, refused, now())
    }

    /// The price of one GPU-hour on `record` in cents: its own rate, else its category's
    /// static price; 0 when neither is known.
    pub(crate) fn price_cents(&self, record: &NodeRecord) -> u32 {
        let category = self.book.state(&record.node_id).and_then(|s| s.devices(record.gpu_category.as_ref()).0);
        self.live.current().prices.for_node(record.hourly_rate_per_gpu, category.as_ref()).unwrap_or(0)
    }
}
