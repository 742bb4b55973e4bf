//! The metagraph in the daemon: refreshed every `metagraph_refresh_secs`, through outages
//! with jittered backoff, keeping the last good snapshot; the assignment it implies wakes the
//! reconcile loop when it changes.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use crate::core::chain::{self, ChainClient};
use crate::core::daemon::{now, Miner};

/// Refreshes validator permits and stakes. A failed refresh keeps the last good snapshot and
/// tries again with jittered exponential backoff (capped at the refresh period), reconnecting
/// to the chain each time; a snapshot older than three periods is logged as a warning.
pub async fn refresh_metagraph(
    miner: Arc<Miner>,
    chain: Arc<ChainClient>,
    netuid: u16,
    every: Duration,
    mut stop: watch::Receiver<bool>,
) {
    use backon::BackoffBuilder as _;
    let retry_schedule =
        || chain::backoff(u32::MAX).with_max_delay(every.min(Duration::from_secs(30))).without_max_times().build();
    let mut retry = retry_schedule();
    let mut failing_since: Option<i64> = None;
    let mut last_warning = 0i64;
    let mut registration_checked = false;
    let mut wait = if miner.permits.fetched_at().is_some() { every } else { Duration::ZERO };
    loop {
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = stop.wait_for(|s| *s) => return,
        }
        match chain.neurons(netuid).await {
            Ok(neurons) => {
                let before = miner.permits.assigned();
                let at = now();
                tracing::debug!(count = neurons.len(), "metagraph refreshed");
                miner.permits.update(neurons, at);
                miner.metrics.metagraph_refreshed(at);
                if let Some(since) = failing_since.take() {
                    tracing::info!(outage_secs = at - since, "metagraph refreshed again after a chain outage");
                }
                if !registration_checked {
                    registration_checked = check_registration(&miner, &chain, netuid).await;
                }
                let after = miner.permits.assigned();
                if before != after {
                    tracing::info!(
                        validator = after.as_deref().unwrap_or("none"),
                        "validator assignment from the metagraph"
                    );
                }
                retry = retry_schedule();
                wait = every;
            }
            Err(e) => {
                miner.metrics.metagraph_refresh_failed();
                let at = now();
                failing_since.get_or_insert(at);
                wait = retry.next().unwrap_or(every);
                let age = miner.permits.fetched_at().map(|f| at - f);
                let stale_after = 3 * every.as_secs() as i64;
                match age {
                    Some(age) if age > stale_after && at - last_warning >= every.as_secs() as i64 => {
                        last_warning = at;
                        tracing::warn!(age_secs = age, error = %e, "the metagraph in use is {age} s old (over three refresh periods): the chain is unreachable; retrying");
                    }
                    None if at - last_warning >= every.as_secs() as i64 => {
                        last_warning = at;
                        tracing::warn!(error = %e, retry_in = ?wait, "no metagraph yet: the chain is unreachable, so no validator is permitted; retrying");
                    }
                    _ => {
                        tracing::warn!(error = %e, retry_in = ?wait, "metagraph refresh failed; keeping the last good snapshot");
                    }
                }
            }
        }
    }
}

/// Logs whether the miner's hotkey is registered; false when the chain did not answer.
async fn check_registration(miner: &Miner, chain: &ChainClient, netuid: u16) -> bool {
    match chain.uid(netuid, miner.hotkey.public()).await {
        Ok(Some(uid)) => tracing::info!(uid, netuid, "hotkey is registered"),
        Ok(None) => tracing::warn!(netuid, "the hotkey is NOT registered on this subnet; validators will not find this miner. Run `basilica-miner register`"),
        Err(_) => return false,
    }
    true
}
