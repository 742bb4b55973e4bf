//! What answers where the bids go, as the bid loop sees it: each call's outcome turned into a
//! named state ([`EndpointState`]), logged once per change with its fix, stored for `bid
//! status` and `status`, exported as `bid_endpoint_state`, and handed to the permits so the
//! assignment can leave a validator that does not take bids. An address that says it is not a
//! Basilica validator is asked again only every few minutes.

use std::time::{Duration, Instant};

use tonic::transport::Uri;

use crate::core::bidding::answering::{self, EndpointState, Look, Nowhere, CALM_RETRY_SECS};
use crate::core::daemon::loops::bidder::Bidder;
use crate::core::daemon::now;
use crate::core::daemon::transport::bid_client::CallError;
use crate::core::daemon::transport::bid_probe;

impl Bidder {
    /// A call to `validator` at `uri` failed with `e`: what answered there (an unreachable
    /// endpoint is looked at to tell refused, silent and non-gRPC apart, unless a look of the
    /// last minute found it refusing or silent).
    pub(super) async fn saw_failure(&mut self, e: &CallError) {
        let Some((validator, uri)) = self.target.clone() else { return };
        let look = match e {
            CallError::Unreachable { .. } => {
                // The quick retries do not each look again while the last look says as much.
                let last = self.record.endpoint_state.as_ref();
                if last.is_some_and(|l| l.stands_for_unreachable(&uri.to_string(), now())) {
                    return;
                }
                let ca = self.miner.live.current().bidding.ca_pem.clone();
                bid_probe::look(&uri, ca.as_deref(), bid_probe::Asker::Unsigned(&self.miner.hotkey.ss58), now()).await
            }
            _ => bid_probe::of_call_error(e, Some(uri.to_string()), now()),
        };
        self.saw(&validator, look).await;
    }

    /// A call to the target was answered by its `MinerRegistration` service.
    pub(super) async fn saw_answer(&mut self) {
        let Some((validator, uri)) = self.target.clone() else { return };
        let look = Look::new(EndpointState::TakesBids, Some(uri.to_string()), "answered", now());
        self.saw(&validator, look).await;
    }

    /// Records `look` at `validator`: logs a change of state, stores it, tells the permits.
    async fn saw(&mut self, validator: &str, look: Look) {
        let before = self.record.endpoint_state.as_ref().map(|l| l.state);
        let changed = before != Some(look.state);
        if changed {
            if look.state.takes_bids() {
                tracing::info!(validator, state = look.state.as_str(), "bid endpoint: {}", look.explain());
            } else {
                tracing::warn!(validator, state = look.state.as_str(), fix = %look.state.fix(), "bid endpoint: {}", look.explain());
            }
        }
        self.miner.metrics.bid_endpoint_state(Some(look.state), Nowhere::No);
        self.miner.permits.record_looks(&[(validator.to_string(), look.clone())]);
        self.record.endpoint_state = Some(look);
        if changed {
            self.save().await;
        }
    }

    /// After a failure: an address that is not a Basilica validator is asked again only
    /// after [`CALM_RETRY_SECS`], not at the quick retry pace.
    pub(super) fn calm_retry(&mut self) {
        if self.record.endpoint_state.as_ref().is_some_and(|l| l.state.is_not_basilica()) {
            self.retry_at = Some(Instant::now() + Duration::from_secs(CALM_RETRY_SECS));
        }
    }

    /// Nowhere to bid: says why once, clears the endpoint's state, and exports it.
    pub(super) async fn nowhere(&mut self, why: &str, nowhere: Nowhere, netuid: u16) {
        let looked_at = self.miner.permits.validator_looks();
        let (nowhere, why) = if self.miner.permits.chooses_bid_takers()
            && !looked_at.is_empty()
            && looked_at.iter().all(|v| !v.look.state.takes_bids())
        {
            (
                Nowhere::NoneTakesBids,
                format!("{}; {}", answering::none_takes_bids(netuid, looked_at.len()), answering::not_basilica_fix()),
            )
        } else {
            (nowhere, why.to_string())
        };
        self.miner.metrics.bid_endpoint_state(None, nowhere);
        let none_before = self.record.none_takes_bids;
        self.record.none_takes_bids = nowhere == Nowhere::NoneTakesBids;
        if self.record.endpoint_state.take().is_some() || none_before != self.record.none_takes_bids {
            self.save().await;
        }
        self.say_once(&why, nowhere == Nowhere::NoneTakesBids);
    }

    /// The bids have a target again: `uri` of `validator`. Adopts a look the metagraph loop
    /// took at the same endpoint, so the state is known before the first call.
    pub(super) async fn aim(&mut self, validator: &str, uri: &Uri) {
        let target = (validator.to_string(), uri.clone());
        if self.target.as_ref() == Some(&target) && !self.record.none_takes_bids {
            return;
        }
        self.target = Some(target);
        self.record.none_takes_bids = false;
        let seen =
            self.miner.permits.look_at(validator).filter(|l| l.endpoint.as_deref() == Some(uri.to_string().as_str()));
        self.miner.metrics.bid_endpoint_state(seen.as_ref().map(|l| l.state), Nowhere::Unchecked);
        self.record.endpoint_state = seen;
        self.save().await;
    }

    /// The permitted validators looked at, stored when they change (for `bid status`).
    pub(super) async fn keep_validator_looks(&mut self) {
        let now = self.miner.permits.validator_looks();
        if now != self.record.validators {
            self.record.validators = now;
            self.save().await;
        }
    }
}
