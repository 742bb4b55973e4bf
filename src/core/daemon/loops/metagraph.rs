//! The metagraph in the daemon: refreshed every `metagraph_refresh_secs`, through outages
//! with jittered backoff, keeping the last good snapshot; the assignment it implies wakes the
//! health-round loop when it changes. With bidding on, each refresh also looks at the bid
//! endpoints of the permitted validators not looked at lately, so
//! `highest_stake` can choose among those that take bids.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use crate::core::bidding::answering::{self, EndpointState};
use crate::core::bidding::endpoint;
use crate::core::chain::{self, ChainClient};
use crate::core::daemon::transport::bid_probe;
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
                miner.permits.update(neurons.clone(), at);
                look_at_validators(&miner, &neurons, netuid, at).await;
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

/// A validator's bid endpoint is looked at again after this long (the assigned one's is kept
/// fresh by the bid loop's own calls).
const LOOK_AGAIN_SECS: i64 = crate::core::bidding::answering::CALM_RETRY_SECS as i64;

/// Looks at the bid endpoints of the permitted validators (at most
/// [`bid_probe::MAX_LOOKED_AT`], highest stake first) that have no look younger than
/// [`LOOK_AGAIN_SECS`] or whose axon moved, all at once and bounded in time; logs each
/// validator skipped for not taking bids, and a subnet where none does, when that changes.
async fn look_at_validators(miner: &Miner, neurons: &[chain::Neuron], netuid: u16, at: i64) {
    if !miner.permits.chooses_bid_takers() {
        return;
    }
    let bid_port = miner.live.current().bidding.bid_port;
    let due: Vec<&chain::Neuron> = bid_probe::candidates(neurons)
        .into_iter()
        .filter(|n| {
            let endpoint = endpoint::from_axon(n.axon_ip, bid_port).ok().map(|u| u.to_string());
            miner.permits.look_at(&n.hotkey).is_none_or(|l| at - l.at >= LOOK_AGAIN_SECS || l.endpoint != endpoint)
        })
        .collect();
    if due.is_empty() {
        return;
    }
    let before: Vec<(String, Option<EndpointState>)> =
        due.iter().map(|n| (n.hotkey.clone(), miner.permits.look_at(&n.hotkey).map(|l| l.state))).collect();
    let had_takers = miner.permits.bid_target_with_axon().is_some();
    let looks = bid_probe::look_at_all(&due, bid_port, bid_probe::Asker::Unsigned(&miner.hotkey.ss58), at).await;
    miner.permits.record_looks(&looks.iter().map(|v| (v.hotkey.clone(), v.look.clone())).collect::<Vec<_>>());
    for v in &looks {
        let was = before.iter().find(|(h, _)| h == &v.hotkey).and_then(|(_, s)| *s);
        if was != Some(v.look.state) {
            if v.look.state.takes_bids() {
                tracing::info!(validator = %v.hotkey, uid = v.uid, state = v.look.state.as_str(), "validator takes Basilica bids: {}", v.look.explain());
            } else {
                tracing::warn!(validator = %v.hotkey, uid = v.uid, state = v.look.state.as_str(), fix = %v.look.state.fix(), "{}", answering::skipped_line(v));
            }
        }
    }
    let all = miner.permits.validator_looks();
    miner.metrics.bid_validators_looked_at(&all);
    if miner.permits.bid_target_with_axon().is_none() && (had_takers || before.iter().all(|(_, s)| s.is_none())) {
        tracing::warn!(fix = %answering::not_basilica_fix(), "{}", answering::none_takes_bids(netuid, all.len()));
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
