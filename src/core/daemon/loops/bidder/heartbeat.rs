//! Keeping the bid alive: the signed heartbeat, following the validator's count of
//! active nodes, a validator that lost the bid, and withdrawing everything at a
//! validator the miner leaves.

use std::time::{Duration, Instant};

use tonic::transport::Uri;

use crate::core::bidding::wire;
use crate::core::daemon::loops::bidder::changes::Removal;
use crate::core::daemon::loops::bidder::Bidder;
use crate::core::daemon::now;
use crate::core::daemon::state::store::BidRecord;
use crate::core::daemon::transport::bid_client::CallError;

impl Bidder {
    pub(super) async fn heartbeat(&mut self, uri: &Uri) {
        let hosts: Vec<String> = self.record.advertised.iter().map(|a| a.host.clone()).collect();
        if hosts.is_empty() {
            self.next_heartbeat = None;
            return;
        }
        let every = Duration::from_secs(self.record.heartbeat_secs.unwrap_or(wire::DEFAULT_HEARTBEAT_SECS));
        let req = wire::health_request(&self.miner.hotkey, &hosts, now());
        let answer = match self.client(uri) {
            Ok(c) => c.health(req).await,
            Err(e) => Err(e),
        };
        let at = now();
        match answer {
            Ok(r) if r.accepted => {
                self.miner.metrics.bid_heartbeat("ok", Some(at));
                self.record.last_heartbeat_at = Some(at);
                self.record.last_heartbeat_result = Some("ok".into());
                self.record.nodes_active = Some(r.nodes_active);
                self.next_heartbeat = Some(Instant::now() + every);
                self.count_active(r.nodes_active, hosts.len());
                self.succeeded();
                self.saw_answer().await;
                self.save().await;
            }
            Ok(r) => {
                self.lost(format!("the validator declined the heartbeat: {}", wire::printable(&r.error_message, 200)))
                    .await;
            }
            Err(e @ CallError::UnknownHotkey { .. }) => {
                self.saw_failure(&e).await;
                self.lost(e.to_string()).await;
            }
            Err(e) => {
                self.saw_failure(&e).await;
                self.miner.metrics.bid_heartbeat("failed", None);
                self.record.last_heartbeat_result = Some("failed".into());
                // After an outage the validator may have restarted without our bid.
                self.must_register = true;
                self.failed(format!("heartbeat to {uri}: {e}")).await;
            }
        }
    }

    /// Follows the validator's count of active nodes: when it forgot some (validators delete
    /// nodes they have not verified for 30 minutes), register the whole set again, at once the
    /// first time, then at most every 1 min doubling to 30 min while the count stays short.
    fn count_active(&mut self, active: u32, advertised: usize) {
        const FIRST_GAP: Duration = Duration::from_secs(60);
        const MAX_GAP: Duration = Duration::from_secs(1800);
        if active as usize >= advertised {
            if self.short {
                tracing::info!(active, advertised, "the validator counts every advertised node active again");
            }
            self.short = false;
            self.forced = None;
            return;
        }
        if !self.short {
            tracing::info!(active, advertised, "the validator counts {active} of {advertised} advertised node(s) active (it forgot the rest); registering them again");
            self.short = true;
        }
        let due = match self.forced {
            None => Some(FIRST_GAP),
            Some((at, gap)) if at.elapsed() >= gap => Some((gap * 2).min(MAX_GAP)),
            Some(_) => None,
        };
        if let Some(next_gap) = due {
            self.forced = Some((Instant::now(), next_gap));
            self.must_register = true;
            self.step_again = true;
        }
    }

    /// The validator no longer knows the bid: register again at once.
    async fn lost(&mut self, why: String) {
        self.miner.metrics.bid_heartbeat("rejected", None);
        tracing::warn!("bidding: {why}; registering again");
        self.record.last_heartbeat_result = Some("rejected".into());
        self.must_register = true;
        self.step_again = true;
        self.retry_at = None;
    }

    /// Withdraws every node at the validator of the record (one attempt) and forgets it.
    pub(super) async fn withdraw(&mut self, why: &str) {
        let (Some(validator), Some(endpoint)) = (self.record.validator_hotkey.clone(), self.record.endpoint.clone())
        else {
            return;
        };
        let uri: Option<Uri> = endpoint.parse().ok();
        let answer = match &uri {
            Some(uri) => Some(self.remove_bid(uri, &[]).await),
            None => None,
        };
        let outcome = match answer {
            Some(Removal::Removed(removed)) => {
                tracing::info!(validator = %validator, removed, "{why}: withdrew every node at the previous validator");
                "ok"
            }
            Some(Removal::Declined(text)) => {
                tracing::warn!(validator = %validator, "{why}: the previous validator declined RemoveBid ({text}); it deactivates the nodes once heartbeats stop");
                "declined"
            }
            Some(Removal::Failed(e)) => {
                tracing::warn!(validator = %validator, error = %e, "{why}: could not withdraw at the previous validator; it deactivates the nodes once heartbeats stop");
                "failed"
            }
            None => {
                tracing::warn!(validator = %validator, endpoint = %endpoint, "{why}: the stored endpoint is not a URL; not withdrawing");
                "failed"
            }
        };
        // The audit says what happened at the old validator, not what was meant to.
        self.miner.audit("bid_withdraw", Some(&validator), Some(&endpoint), outcome, Some(why));
        self.miner.metrics.bid_registered(&validator, false);
        self.miner.metrics.bid_advertised(0);
        self.miner.book.set_key_scope(None);
        self.record = BidRecord { last_heartbeat_at: self.record.last_heartbeat_at, ..BidRecord::default() };
        self.next_heartbeat = None;
        self.must_register = false;
        self.save().await;
    }
}
