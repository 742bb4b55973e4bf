//! The series of generation 2 (the bid, heartbeats, bid calls, refused nodes), of full
//! validations and of the SSH engine's traffic.

use prometheus_client::metrics::counter::Counter;

use crate::core::bidding::answering::{EndpointState, Nowhere, ValidatorLook};

use crate::core::daemon::metrics::labels::{
    BidCallLabel, DirectionLabel, ReasonLabel, ResultLabel, StateLabel, ValidatorLabel, ValidatorStateLabel,
};

/// Every value of `bid_endpoint_state`'s `state` label: the endpoint states, then the two
/// that mean there is no endpoint.
pub const ENDPOINT_STATE_LABELS: [&str; 10] = [
    "takes_bids",
    "unknown_hotkey",
    "no_bid_service",
    "not_grpc",
    "nothing_listening",
    "no_answer",
    "no_axon",
    "tls_failed",
    "unchecked",
    "none_takes_bids",
];
use crate::core::daemon::metrics::Metrics;

impl Metrics {
    /// The assigned validator's bid series, at 0 until a bid sets it.
    pub fn bid_expected_at(&self, validator: &str) {
        let _ = self.bid_registered.get_or_create(&ValidatorLabel { validator: validator.to_string() });
    }

    /// Registered at `validator` (1) or no longer (0).
    pub fn bid_registered(&self, validator: &str, registered: bool) {
        self.bid_registered
            .get_or_create(&ValidatorLabel { validator: validator.to_string() })
            .set(i64::from(registered));
    }

    /// A heartbeat's result: `ok`, `rejected` or `failed`; `at` when accepted.
    pub fn bid_heartbeat(&self, result: &'static str, at: Option<i64>) {
        self.bid_heartbeats.get_or_create(&ResultLabel { result }).inc();
        if let Some(at) = at {
            self.bid_last_heartbeat.set(at);
        }
    }

    /// A bid call to `method` ended with `result`.
    pub fn bid_request(&self, method: &'static str, result: &'static str) {
        self.bid_requests.get_or_create(&BidCallLabel { method, result }).inc();
    }

    /// The number of nodes advertised now.
    pub fn bid_advertised(&self, n: usize) {
        self.bid_advertised_nodes.set(n as i64);
    }

    /// Brings the SSH counters up to the engine's own counts (read at each scrape).
    pub fn ssh_traffic(&self, t: crate::core::nodes::fleet::TrafficCount) {
        let catch_up = |c: &Counter, to: u64| {
            let now = c.get();
            if to > now {
                c.inc_by(to - now);
            }
        };
        catch_up(&self.ssh_handshakes, t.handshakes);
        catch_up(&self.ssh_commands, t.commands);
        catch_up(&self.ssh_bytes.get_or_create(&DirectionLabel { direction: "sent" }), t.bytes_sent);
        catch_up(&self.ssh_bytes.get_or_create(&DirectionLabel { direction: "received" }), t.bytes_received);
    }

    /// How many configured nodes each reason keeps out of the bid (every reason
    /// given, so one that no longer applies reads 0).
    pub fn bid_left_out(&self, counts: &[(&'static str, usize)]) {
        for (reason, n) in counts {
            self.bid_left_out_nodes.get_or_create(&ReasonLabel { reason }).set(*n as i64);
        }
    }

    /// The number of nodes kept out after refusals.
    pub fn bid_refused(&self, n: usize) {
        self.bid_refused_nodes.set(n as i64);
    }

    /// What answers where the bids go: `state`, or when there is no endpoint, why not.
    pub fn bid_endpoint_state(&self, state: Option<EndpointState>, nowhere: Nowhere) {
        let now = match (state, nowhere) {
            (Some(s), _) => s.as_str(),
            (None, Nowhere::NoneTakesBids) => "none_takes_bids",
            (None, _) => "unchecked",
        };
        for label in ENDPOINT_STATE_LABELS {
            self.bid_endpoint_state.get_or_create(&StateLabel { state: label }).set(i64::from(label == now));
        }
    }

    /// The permitted validators looked at, each with its state; the series of validators no
    /// longer looked at (or whose state changed) are removed.
    pub fn bid_validators_looked_at(&self, looks: &[ValidatorLook]) {
        let now: Vec<ValidatorStateLabel> = looks
            .iter()
            .map(|v| ValidatorStateLabel { validator: v.hotkey.clone(), state: v.look.state.as_str() })
            .collect();
        let mut series = self.bid_validator_series.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        for gone in series.iter().filter(|l| !now.contains(l)) {
            self.bid_validator_state.remove(gone);
        }
        for l in &now {
            self.bid_validator_state.get_or_create(l).set(1);
        }
        *series = now;
    }

    /// A full validation finished.
    pub fn node_validated(&self, ok: bool) {
        self.node_validations.get_or_create(&ResultLabel { result: if ok { "ok" } else { "failed" } }).inc();
    }

    /// A key from a validator's answer was refused.
    pub fn bid_key_rejected(&self) {
        self.bid_rejected_keys.inc();
    }
}
