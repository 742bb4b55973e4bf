//! RegisterBid, and what to do when a validator declines it. Validators decline a whole
//! bid for one node they refuse (a host another miner holds, a price under their
//! floor, ...), so a decline is narrowed down to the node(s) responsible: the hosts the error
//! text names (or every node of a category it names), else by splitting the set, within about
//! 2·log2(N) extra calls. The refused nodes stay out with the validator's reason (until a
//! reload or [`refusal::KEEP_OUT_SECS`]); the rest is registered.

use std::time::{Duration, Instant};

use tonic::transport::Uri;

use crate::core::bidding::{refusal, wire, Advertised, Offer, RefusedNode};
use crate::core::daemon::loops::bidder::Bidder;
use crate::core::daemon::now;
use crate::core::daemon::state::store::BidRecord;
use crate::core::daemon::transport::bid_client::CallError;
use crate::proto::basilca::miner::v1 as pb;

/// What one RegisterBid came to.
enum Attempt {
    Accepted(pb::RegisterBidResponse),
    Declined(String),
    Failed(CallError),
}

impl Bidder {
    async fn try_register(&mut self, uri: &Uri, nodes: &[Advertised]) -> Attempt {
        let req = wire::register_request(&self.miner.hotkey, nodes, now());
        let answer = match self.client(uri) {
            Ok(c) => c.register(req).await,
            Err(e) => Err(e),
        };
        match answer {
            Ok(r) if r.accepted => Attempt::Accepted(r),
            Ok(r) => {
                self.miner.metrics.bid_request("RegisterBid", "declined");
                Attempt::Declined(r.error_message)
            }
            // Upstream's validator answers a node it will not take (a category it does not
            // rent) with INVALID_ARGUMENT for the whole request: a decline like any other.
            Err(CallError::Refused { code: tonic::Code::InvalidArgument, detail }) => {
                self.miner.metrics.bid_request("RegisterBid", "declined");
                Attempt::Declined(detail)
            }
            Err(e) => {
                self.miner.metrics.bid_request("RegisterBid", e.result_label());
                Attempt::Failed(e)
            }
        }
    }

    /// Registers the offer's advertised set; on a decline, finds and keeps out the refused
    /// nodes and registers the rest.
    pub(super) async fn register(&mut self, validator: &str, uri: &Uri, offer: &Offer) {
        let nodes = offer.advertised.clone();
        match self.try_register(uri, &nodes).await {
            Attempt::Accepted(r) => self.registered(validator, uri, nodes, r).await,
            Attempt::Declined(text) => self.isolate(validator, uri, nodes, text).await,
            Attempt::Failed(e) => {
                self.saw_failure(&e).await;
                self.failed(format!("RegisterBid at {uri}: {e}")).await;
            }
        }
    }

    /// `nodes` were declined with `text`: keep out the node(s) responsible and register the rest.
    async fn isolate(&mut self, validator: &str, uri: &Uri, mut nodes: Vec<Advertised>, mut text: String) {
        let started = Instant::now();
        let mut budget = refusal::search_budget(nodes.len());
        let mut accepted: Option<(Vec<Advertised>, pb::RegisterBidResponse)> = None;
        let mut outcome = String::new();
        while !nodes.is_empty() {
            let hosts: Vec<String> = nodes.iter().map(|a| a.host.clone()).collect();
            let named: Vec<String> = refusal::hosts_named(&text, &hosts).into_iter().map(str::to_string).collect();
            let mut categories: Vec<String> = nodes.iter().map(|a| a.gpu_category.to_string()).collect();
            categories.dedup();
            let refused_categories: Vec<&str> = refusal::categories_named(&text, &categories);
            let culprits: Vec<(Advertised, String)> = if !named.is_empty() {
                nodes.iter().filter(|a| named.contains(&a.host)).map(|a| (a.clone(), text.clone())).collect()
            } else if !refused_categories.is_empty() {
                // Every node of a category the validator named is refused at once.
                nodes
                    .iter()
                    .filter(|a| refused_categories.contains(&a.gpu_category.as_str()))
                    .map(|a| (a.clone(), text.clone()))
                    .collect()
            } else if nodes.len() == 1 {
                vec![(nodes[0].clone(), text.clone())]
            } else {
                match self.bisect(uri, &nodes, &text, &mut budget, &mut accepted).await {
                    Ok(found) => vec![found],
                    Err(why) => {
                        outcome = why;
                        break;
                    }
                }
            };
            for (node, why) in &culprits {
                self.refuse_node(validator, node, why);
            }
            nodes.retain(|a| !culprits.iter().any(|(c, _)| c.host == a.host));
            if nodes.is_empty() {
                break;
            }
            if budget == 0 {
                outcome = "the search for refused nodes used its budget of calls".into();
                break;
            }
            budget -= 1;
            match self.try_register(uri, &nodes).await {
                Attempt::Accepted(r) => {
                    accepted = Some((nodes.clone(), r));
                    break;
                }
                Attempt::Declined(t) => text = t,
                Attempt::Failed(e) => {
                    outcome = format!("RegisterBid at {uri}: {e}");
                    break;
                }
            }
        }
        self.miner.metrics.bid_refused(self.record.refused.len());
        tracing::info!(
            validator,
            refused = self.record.refused.len(),
            seconds = started.elapsed().as_secs_f64(),
            "narrowed the declined bid down to the refused node(s)"
        );
        match accepted {
            Some((set, r)) => self.registered(validator, uri, set, r).await,
            None if outcome.is_empty() => {
                let why = format!("validator {validator} refused every node: {}", wire::printable(&text, 200));
                self.save().await;
                self.failed_slowly(why).await;
            }
            None => self.failed_slowly(outcome).await,
        }
    }

    /// Finds one refused node in `nodes` (declined as a whole with `text`) by splitting it.
    /// Invariant: `good` was accepted, `good` + `candidates` was declined.
    async fn bisect(
        &mut self,
        uri: &Uri,
        nodes: &[Advertised],
        text: &str,
        budget: &mut usize,
        accepted: &mut Option<(Vec<Advertised>, pb::RegisterBidResponse)>,
    ) -> Result<(Advertised, String), String> {
        let mut good: Vec<Advertised> = Vec::new();
        let mut candidates = nodes.to_vec();
        let mut why = text.to_string();
        while candidates.len() > 1 {
            if *budget == 0 {
                return Err("the search for refused nodes used its budget of calls".into());
            }
            *budget -= 1;
            let rest = candidates.split_off(candidates.len() / 2);
            let trial: Vec<Advertised> = good.iter().chain(&candidates).cloned().collect();
            match self.try_register(uri, &trial).await {
                Attempt::Accepted(r) => {
                    *accepted = Some((trial.clone(), r));
                    good = trial;
                    candidates = rest;
                }
                Attempt::Declined(t) => why = t,
                Attempt::Failed(e) => return Err(format!("RegisterBid at {uri}: {e}")),
            }
        }
        candidates.pop().map(|c| (c, why)).ok_or_else(|| "nothing left to search".to_string())
    }

    /// Keeps `node` out with the validator's reason.
    fn refuse_node(&mut self, validator: &str, node: &Advertised, text: &str) {
        let refused = RefusedNode::new(&node.host, node.hourly_rate_cents, text, now());
        tracing::warn!(validator, host = %node.host, kind = ?refused.kind, "node left out of the bid: {}", refused.explain());
        self.miner.audit("bid_node_refused", Some(validator), Some(&node.host), "refused", Some(&refused.reason));
        self.record.refused.retain(|r| r.host != node.host);
        self.record.refused.push(refused);
    }

    /// A decline that left nothing to bid is retried no sooner than 30 s, so a validator
    /// that declines everything costs it a bounded number of calls a minute.
    async fn failed_slowly(&mut self, why: String) {
        self.failed(why).await;
        let floor = Instant::now() + Duration::from_secs(30);
        if self.retry_at.is_none_or(|at| at < floor) {
            self.retry_at = Some(floor);
        }
    }

    /// The validator accepted `set`: install its key and keep the bid.
    async fn registered(&mut self, validator: &str, uri: &Uri, set: Vec<Advertised>, r: pb::RegisterBidResponse) {
        self.miner.metrics.bid_request("RegisterBid", "ok");
        let key = match wire::accept_key(&r.validator_ssh_public_key) {
            Ok(k) => k,
            Err(e) => {
                self.miner.metrics.bid_key_rejected();
                self.miner.audit(
                    "bid_key_refused",
                    Some(validator),
                    Some(&uri.to_string()),
                    "refused",
                    Some(&e.to_string()),
                );
                tracing::error!(validator, error = %e, "the SSH key in the validator's RegisterBid answer was refused; nothing was written to any node");
                return self.failed(format!("validator {validator} answered with an unacceptable SSH key: {e}")).await;
            }
        };
        self.miner.book.set_key_scope(Some(set.iter().map(|a| a.node_id).collect()));
        let installed = crate::core::daemon::keys::deploy(&self.miner, validator, &key).await;
        let ok = installed.iter().filter(|(_, r)| r.is_ok()).count();
        let heartbeat = wire::heartbeat_secs(r.health_check_interval_secs);
        let registration_id: String = r.registration_id.chars().take(wire::MAX_REGISTRATION_ID).collect();
        tracing::info!(
            validator,
            endpoint = %uri,
            registration_id = %wire::printable(&registration_id, 80),
            advertised = set.len(),
            refused = self.record.refused.len(),
            key_installed_on = ok,
            nodes = installed.len(),
            heartbeat_secs = heartbeat,
            fingerprint = %key.fingerprint(),
            "registered at the validator (generation 2)"
        );
        self.record = BidRecord {
            validator_hotkey: Some(validator.to_string()),
            endpoint: Some(uri.to_string()),
            registration_id: Some(registration_id),
            registered_at: Some(now()),
            heartbeat_secs: Some(heartbeat),
            advertised: set.clone(),
            last_heartbeat_at: self.record.last_heartbeat_at,
            last_heartbeat_result: self.record.last_heartbeat_result.clone(),
            nodes_active: None,
            last_error: None,
            last_error_at: None,
            refused: std::mem::take(&mut self.record.refused),
            left_out: std::mem::take(&mut self.record.left_out),
            endpoint_state: self.record.endpoint_state.take(),
            validators: std::mem::take(&mut self.record.validators),
            none_takes_bids: false,
        };
        self.miner.audit(
            "bid_register",
            Some(validator),
            Some(&uri.to_string()),
            "ok",
            Some(&format!("{} node(s) advertised, key on {ok} node(s)", set.len())),
        );
        self.miner.metrics.bid_registered(validator, true);
        self.miner.metrics.bid_advertised(set.len());
        self.miner.metrics.bid_refused(self.record.refused.len());
        self.must_register = false;
        self.next_heartbeat = Some(Instant::now() + Duration::from_secs(heartbeat));
        self.succeeded();
        self.saw_answer().await;
        self.save().await;
    }
}
