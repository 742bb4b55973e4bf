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

use std::net::IpAddr;
use std::sync::Arc;

use tonic::Status;

use crate::core::bidding::{offer, RefusedNode};
use crate::core::daemon::state::store::{Audit, Database, StoreError};
use crate::core::identity::wallet::Keypair;
use crate::core::nodes::fleet::Fleet;
use crate::core::nodes::registry::NodeRecord;
pub(crate) use crate::core::support::clock::unix_now as now;
use metrics::Metrics;
use state::book::NodeBook;
use state::live::Live;
use state::permits::Permits;
use transport::checks::{cut, Rejection, Verifier};
use transport::refusals::{self, LogIt, RefusalLog};

/// Session lifetime handed to validators.
pub const SESSION_SECS: i64 = 3600;

/// The generation-1 server's checks on requests: signatures and freshness, and the refused
/// requests counted but not yet written.
pub struct Gate {
    /// Signature and freshness checks.
    pub verifier: Verifier,
    /// Refusals counted, to be written in the next batch.
    pub refusals: RefusalLog,
}

/// What the service and the loops share: the miner's identity, a handle on each component,
/// and the parts that do not change while it runs. Per-node facts live in the [`NodeBook`]
/// only; settings a reload replaces in [`Live`]; who is assigned in [`Permits`].
pub struct Miner {
    /// The miner's hotkey: signs answers and bids.
    pub hotkey: Keypair,
    /// Request checks of the generation-1 server.
    pub gate: Gate,
    /// The metagraph's validators and the assigned one.
    pub permits: Arc<Permits>,
    /// The database.
    pub db: Database,
    /// The SSH engine.
    pub fleet: Arc<Fleet>,
    /// The metrics.
    pub metrics: Arc<Metrics>,
    /// Per-node facts.
    pub book: NodeBook,
    /// Settings a reload replaces.
    pub live: Live,
}

/// Why a request did not go through: refused for cause, or the database failed.
pub(crate) enum NotAdmitted {
    Refused(Rejection),
    Storage(StoreError),
}

impl From<Rejection> for NotAdmitted {
    fn from(r: Rejection) -> Self {
        NotAdmitted::Refused(r)
    }
}

/// What a database failure tells the caller: retry later. The cause goes to the log.
pub(crate) fn unavailable(m: &Miner, operation: metrics::DbOp, e: &StoreError) -> Status {
    m.metrics.database_error(operation);
    tracing::error!(operation = operation.as_str(), error = %e, disk_full = e.is_disk_full(), "database failure; answering UNAVAILABLE");
    Status::unavailable("the miner cannot store request state right now; retry shortly")
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

    /// Counts a refusal (metric now, database row in the next batch) and logs the first of
    /// its kind per source network and minute; the rest are counted, not logged.
    pub(crate) fn refuse(&self, method: &'static str, validator: &str, peer: Option<IpAddr>, rej: &Rejection) {
        self.metrics.refused(method, rej.code);
        let source = peer.map(|ip| self.live.current().prefixes.network_of(ip));
        let peer = peer.map_or_else(|| "?".to_string(), |p| p.to_string());
        match self.gate.refusals.record(now(), source, method, rej.code, &rej.message) {
            LogIt::Yes => tracing::warn!(validator = %cut(validator), %peer, code = rej.code, method, "request refused: {} (more like it from this network are counted, not logged, until none came for {} min; a reminder at most hourly)", rej.message, refusals::QUIET_SECS / 60),
            LogIt::Again(n) => tracing::warn!(validator = %cut(validator), %peer, code = rej.code, method, refused = n, "requests still refused from this network: {n} like this since its last line: {}", rej.message),
            LogIt::LastThisMinute => tracing::warn!(
                "over {} kinds of refused requests this minute: the rest of this minute's refusals are counted (basilica_miner_refused_requests_total, the refusals table), not logged",
                refusals::MAX_LOGGED_PER_MINUTE
            ),
            LogIt::No => tracing::debug!(validator = %cut(validator), %peer, code = rej.code, method, "request refused: {}", rej.message),
        }
    }

    /// Signature, freshness and permit checks in memory, then the nonce claimed in the
    /// database. `on_fresh` runs in the same database job when the nonce was new.
    pub(crate) async fn admit<T: Send + 'static>(
        &self,
        hotkey: &str,
        nonce: &str,
        ts: Option<i64>,
        signature: &str,
        payload: impl FnOnce(i64) -> String,
        on_fresh: impl FnOnce(&crate::core::daemon::state::store::Store) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, NotAdmitted> {
        let now = now();
        self.gate.verifier.check_signed(hotkey, nonce, ts, signature, payload, now)?;
        if !self.permits.has_permit(hotkey) {
            return Err(Rejection::new(
                "NO_VALIDATOR_PERMIT",
                format!("{hotkey} holds no validator permit on this subnet"),
            )
            .into());
        }
        let (hk, n, expires) = (hotkey.to_string(), nonce.to_string(), now + 2 * self.gate.verifier.window_secs);
        // Claimed only after the signature verified, so nobody can burn a validator's nonces.
        let claimed = self
            .db
            .run(move |s| if s.claim_nonce(&hk, &n, now, expires)? { on_fresh(s).map(Some) } else { Ok(None) })
            .await
            .map_err(NotAdmitted::Storage)?;
        claimed.ok_or_else(|| Rejection::new("REPLAYED_NONCE", "this nonce was already used").into())
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
