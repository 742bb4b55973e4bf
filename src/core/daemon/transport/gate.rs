//! The generation-1 server's gate: every check a request passes before it may touch the
//! database (target, signature, freshness, permit), then its nonce claimed there; and what a
//! refusal leaves (a metric at once, a row in the next batch, a log line at most once a
//! minute per source network). Owned by the gRPC service, beside the [`Miner`] it reads.

use std::net::IpAddr;

use tonic::Status;

use crate::core::daemon::state::store::{Store, StoreError};
use crate::core::daemon::transport::checks::{cut, Rejection, Verifier};
use crate::core::daemon::transport::refusals::{self, LogIt, RefusalLog};
use crate::core::daemon::{metrics, now, Miner};

/// The generation-1 server's checks on requests: signatures and freshness, and the refused
/// requests counted but not yet written.
pub struct Gate {
    /// Signature and freshness checks.
    pub verifier: Verifier,
    /// Refusals counted, to be written in the next batch.
    pub refusals: RefusalLog,
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

/// The signed fields of a validator's request: who signed, the nonce, the timestamp (Unix
/// seconds, `None` when absent) and the signature, hex.
pub(crate) struct Signed<'a> {
    pub(crate) hotkey: &'a str,
    pub(crate) nonce: &'a str,
    pub(crate) ts: Option<i64>,
    pub(crate) signature: &'a str,
}

impl Gate {
    /// Counts a refusal (metric now, database row in the next batch) and logs the first of
    /// its kind per source network and minute; the rest are counted, not logged.
    pub(crate) fn refuse(
        &self,
        m: &Miner,
        method: &'static str,
        validator: &str,
        peer: Option<IpAddr>,
        rej: &Rejection,
    ) {
        m.metrics.refused(method, rej.code);
        let source = peer.map(|ip| m.live.current().prefixes.network_of(ip));
        let peer = peer.map_or_else(|| "?".to_string(), |p| p.to_string());
        match self.refusals.record(now(), source, method, rej.code, &rej.message) {
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
        m: &Miner,
        signed: Signed<'_>,
        payload: impl FnOnce(i64) -> String,
        on_fresh: impl FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, NotAdmitted> {
        let Signed { hotkey, nonce, ts, signature } = signed;
        let now = now();
        self.verifier.check_signed(hotkey, nonce, ts, signature, payload, now)?;
        if !m.permits.has_permit(hotkey) {
            return Err(Rejection::new(
                "NO_VALIDATOR_PERMIT",
                format!("{hotkey} holds no validator permit on this subnet"),
            )
            .into());
        }
        let (hk, n, expires) = (hotkey.to_string(), nonce.to_string(), now + 2 * self.verifier.window_secs);
        // Claimed only after the signature verified, so nobody can burn a validator's nonces.
        let claimed =
            m.db.run(move |s| if s.claim_nonce(&hk, &n, now, expires)? { on_fresh(s).map(Some) } else { Ok(None) })
                .await
                .map_err(NotAdmitted::Storage)?;
        claimed.ok_or_else(|| Rejection::new("REPLAYED_NONCE", "this nonce was already used").into())
    }
}
