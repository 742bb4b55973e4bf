//! The generation-2 bid loop in `serve`: registers the healthy nodes at the assigned
//! validator's `MinerRegistration` service, installs the SSH key it answers with (exclusively,
//! through the same authorized_keys engine as generation 1), keeps the signed heartbeat at the
//! period the validator asked for, and follows every change: nodes that fail or recover, a
//! reload, a price change (UpdateBid), nodes that leave (RemoveBid), a new assignment (withdraw
//! everything at the old validator, register at the new one). Failures retry with capped,
//! jittered backoff; nothing here ever stops the daemon. The state lives in the database
//! ([`BidRecord`]) so a restart resumes where it was.

mod answers;
mod changes;
mod heartbeat;
mod place;

use crate::core::daemon::state::settings::BidSettings;

use std::sync::Arc;
use std::time::{Duration, Instant};

use backon::BackoffBuilder as _;
use tokio::sync::watch;
use tonic::transport::Uri;

use crate::core::bidding::answering::{EndpointState, Look};
use crate::core::bidding::{endpoint, wire, LeftOut, Offer, Reason};
use crate::core::daemon::state::store::BidRecord;
use crate::core::daemon::transport::bid_client::{CallError, Client};
use crate::core::daemon::{now, Miner};

/// How often the loop looks again when nothing is scheduled.
const IDLE_RECHECK: Duration = Duration::from_secs(30);
/// Retry delays after a failure: 1 s doubling to at most 10 s, jittered, so a validator that
/// comes back is registered with again within seconds.
const RETRY_MIN: Duration = Duration::from_secs(1);
const RETRY_MAX: Duration = Duration::from_secs(10);
/// A failure that keeps repeating is logged again at most this often.
const REPEAT_WARNING: Duration = Duration::from_secs(600);

/// Where the bids go now.
enum Target {
    /// The assigned validator, at this endpoint.
    At(String, Uri),
    /// The assigned validator has no usable axon on chain.
    NoAxon(String, endpoint::EndpointError),
    /// Nobody is assigned (no metagraph yet, or no validator takes bids).
    Unassigned,
}

/// Where to register now, or why not.
fn target(miner: &Miner, settings: &BidSettings) -> Target {
    let Some((validator, axon)) = miner.permits.bid_target_with_axon() else { return Target::Unassigned };
    match &settings.endpoint {
        Some(u) => Target::At(validator, u.clone()),
        None => match endpoint::from_axon(axon, settings.bid_port) {
            Ok(uri) => Target::At(validator, uri),
            Err(e) => Target::NoAxon(validator, e),
        },
    }
}

/// The loop's state between wake-ups.
pub(super) struct Bidder {
    miner: Arc<Miner>,
    record: BidRecord,
    client: Option<Client>,
    /// The validator and endpoint the bids go to now.
    target: Option<(String, Uri)>,
    /// Register again at the next step (the validator lost us, or a change could not be sent).
    must_register: bool,
    /// Take the next step at once (a heartbeat found the bid lost or short).
    step_again: bool,
    retry: Option<backon::ExponentialBackoff>,
    retry_at: Option<Instant>,
    next_heartbeat: Option<Instant>,
    /// The last "waiting" note logged, so each is logged once.
    note: String,
    /// The failure being retried: first seen, attempts, last warning.
    failing: Option<(String, u32, Instant)>,
    left_out: Vec<(uuid::Uuid, Reason)>,
    /// The reload count last seen: a reload offers refused nodes again.
    reloads_seen: u64,
    /// The validator counted fewer active nodes than advertised at the last heartbeat.
    short: bool,
    /// When a short count last led to a new RegisterBid, and the gap before the next one.
    forced: Option<(Instant, Duration)>,
    /// When the loop started: the first bid waits for the first full validations at
    /// most [`FIRST_VALIDATIONS_WAIT`] after it.
    started: Instant,
}

/// Longest the first bid waits for the first full validations of the healthy nodes
/// (the validation loop reports results at least every 30 s while validations run).
const FIRST_VALIDATIONS_WAIT: Duration = Duration::from_secs(90);

/// Runs until `stop`: wakes at the next heartbeat or retry, when a health round finishes or
/// validations are recorded, on reload, on an assignment change, and at once when a heartbeat
/// asks for a new bid.
pub async fn bid_loop(miner: Arc<Miner>, mut stop: watch::Receiver<bool>) {
    let record = match miner.db.run(crate::core::daemon::state::store::Store::bid_record).await {
        Ok(r) => r,
        Err(e) => {
            miner.metrics.database_error(crate::core::daemon::metrics::DbOp::BidRecord);
            tracing::error!(error = %e, "cannot read the last bid; starting without it");
            BidRecord::default()
        }
    };
    let reloads_seen = miner.live.current().generation;
    let mut b = Bidder {
        miner,
        record,
        client: None,
        target: None,
        must_register: false,
        step_again: false,
        retry: None,
        retry_at: None,
        next_heartbeat: None,
        note: String::new(),
        failing: None,
        left_out: Vec::new(),
        reloads_seen,
        short: false,
        forced: None,
        started: Instant::now(),
    };
    b.miner.metrics.bid_refused(b.record.refused.len());
    if let Some(v) = b.record.validator_hotkey.clone().filter(|_| b.record.is_registered()) {
        tracing::info!(validator = %v, endpoint = b.record.endpoint.as_deref().unwrap_or("?"), advertised = b.record.advertised.len(), "resuming the bid from the database");
        b.miner.metrics.bid_registered(&v, true);
        b.miner.metrics.bid_advertised(b.record.advertised.len());
        b.miner.book.set_key_scope(Some(b.record.advertised.iter().map(|a| a.node_id).collect()));
        b.next_heartbeat = Some(Instant::now());
    }
    let mut rounds = b.miner.book.health_rounds();
    let mut validations = b.miner.book.validations();
    let mut reloads = b.miner.live.reloads();
    let mut assignment = b.miner.permits.assignment_changes();
    loop {
        rounds.borrow_and_update();
        validations.borrow_and_update();
        reloads.borrow_and_update();
        assignment.borrow_and_update();
        b.step().await;
        let wait = b.next_wake();
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = rounds.changed() => {}
            _ = validations.changed() => {}
            _ = reloads.changed() => {}
            _ = assignment.changed() => {}
            _ = stop.wait_for(|s| *s) => return,
        }
    }
}

impl Bidder {
    fn next_wake(&self) -> Duration {
        if self.step_again {
            return Duration::ZERO;
        }
        let now = Instant::now();
        let at = match (self.retry_at, self.next_heartbeat) {
            (Some(r), _) => r,
            (None, Some(h)) => h.min(now + IDLE_RECHECK),
            (None, None) => now + IDLE_RECHECK,
        };
        at.saturating_duration_since(now)
    }

    async fn step(&mut self) {
        self.step_again = false;
        if self.retry_at.is_some_and(|at| Instant::now() < at) {
            return;
        }
        self.retry_at = None;
        let live = self.miner.live.current();
        let settings = &live.bidding;
        if !settings.enabled {
            if self.record.is_registered() {
                self.withdraw("bidding was turned off").await;
            }
            self.note("bidding is off ([bidding] enabled = false); generation 1 (MinerDiscovery) keeps serving");
            return;
        }
        self.keep_validator_looks().await;
        let netuid = settings.netuid;
        let (validator, uri) = match target(&self.miner, settings) {
            Target::At(v, u) => (v, u),
            Target::NoAxon(v, e) => {
                self.target = None;
                let look = Look::new(EndpointState::NoAxon, None, &e.to_string(), now());
                let why = format!("validator {v}: {}; fix: {}", look.explain(), EndpointState::NoAxon.fix());
                self.record.endpoint_state = Some(look);
                self.miner
                    .metrics
                    .bid_endpoint_state(Some(EndpointState::NoAxon), crate::core::bidding::answering::Nowhere::No);
                return self.note(&why);
            }
            Target::Unassigned => {
                self.target = None;
                let why = "no validator is assigned yet (waiting for the metagraph)";
                return self.nowhere(why, crate::core::bidding::answering::Nowhere::Unchecked, netuid).await;
            }
        };
        self.aim(&validator, &uri).await;
        if self.record.is_registered()
            && (self.record.validator_hotkey.as_deref() != Some(validator.as_str())
                || self.record.endpoint.as_deref() != Some(uri.to_string().as_str()))
        {
            self.withdraw("the assignment moved").await;
        }
        if *self.miner.book.health_rounds().borrow() == 0 {
            return self.note("waiting for the first health check of the nodes before registering");
        }
        self.expire_refusals().await;
        let offer = self.miner.offer(&self.record.refused);
        self.note_left_out(&offer).await;
        if !self.record.is_registered() && self.first_validations_pending(&offer) {
            return self.note("waiting for the first full validations of the healthy nodes before registering");
        }
        if !self.record.is_registered() || self.must_register {
            if offer.advertised.is_empty() && !self.record.is_registered() {
                return self.note(&format!(
                    "nothing to advertise yet: {} node(s) left out (see `basilica-miner bid show`)",
                    offer.left_out.len()
                ));
            }
            return self.register(&validator, &uri, &offer).await;
        }
        if offer.advertised != self.record.advertised {
            return self.apply_change(&validator, &uri, &offer).await;
        }
        if self.next_heartbeat.is_some_and(|h| Instant::now() >= h) {
            self.heartbeat(&uri).await;
        }
    }

    /// Whether the first bid should wait: a healthy node that is not rented has no
    /// full validation result yet, and the wait is not over. So the first bid holds
    /// every node its first round validated, not those that finished first (results are
    /// reported every 30 s while validations run, so a slow node would otherwise miss it).
    fn first_validations_pending(&self, offer: &Offer) -> bool {
        self.started.elapsed() < FIRST_VALIDATIONS_WAIT
            && offer.left_out.iter().any(|l| self.never_validated(l) && !self.miner.book.is_rented(&l.node_id))
    }

    /// Whether `l` is left out only for want of a first full validation.
    fn never_validated(&self, l: &LeftOut) -> bool {
        l.reason == Reason::NotValidated && self.miner.book.last_validation(&l.node_id).is_none()
    }

    /// Logs a waiting state once.
    fn note(&mut self, why: &str) {
        self.say_once(why, false);
    }

    /// Logs `why` once while it stays the same: a warning, or a note (info).
    fn say_once(&mut self, why: &str, warn: bool) {
        if self.note != why {
            if warn {
                tracing::warn!("bidding: {why}");
            } else {
                tracing::info!("bidding: {why}");
            }
            self.note = why.to_string();
        }
    }

    /// Whether `l` only waits for its first check or first full validation (every node at a
    /// start, and a node just added): the daemon's own work in progress, not a problem.
    fn waiting(&self, l: &LeftOut) -> bool {
        l.reason == Reason::NotCheckedYet || self.never_validated(l)
    }

    /// Logs, counts and stores the nodes left out, when they change.
    async fn note_left_out(&mut self, offer: &Offer) {
        let now: Vec<(uuid::Uuid, Reason)> = offer.left_out.iter().map(|l| (l.node_id, l.reason)).collect();
        if now != self.left_out {
            for l in offer.left_out.iter().filter(|l| !self.left_out.contains(&(l.node_id, l.reason))) {
                if l.reason == Reason::Cordoned {
                    tracing::info!(node = %l.address, reason = l.reason.as_str(), "node left the offer: cordoned for maintenance (a running rental is left alone)");
                } else if self.waiting(l) {
                    tracing::info!(node = %l.address, reason = l.reason.as_str(), "node not advertised yet: {}", l.detail);
                } else {
                    tracing::warn!(node = %l.address, reason = l.reason.as_str(), "node not advertised to the validator: {}", l.detail);
                }
            }
            for (id, _) in self.left_out.iter().filter(|(_, r)| *r == Reason::Cordoned) {
                if !now.iter().any(|(n, r)| n == id && *r == Reason::Cordoned) {
                    let node =
                        self.miner.book.nodes().iter().find(|r| r.node_id == *id).map(|r| r.address().to_string());
                    tracing::info!(
                        node = node.as_deref().unwrap_or("?"),
                        "node uncordoned: offered again after its next passed full validation"
                    );
                }
            }
            let counts: Vec<(&'static str, usize)> =
                Reason::ALL.iter().map(|r| (r.as_str(), now.iter().filter(|(_, x)| x == r).count())).collect();
            self.miner.metrics.bid_left_out(&counts);
            self.left_out = now;
            self.record.left_out = offer.left_out.clone();
            self.save().await;
        }
    }

    /// The client for `uri`: the one in use when it dials `uri`, else a new one.
    fn client(&mut self, uri: &Uri) -> Result<&mut Client, CallError> {
        let kept = self.client.take().filter(|c| &c.endpoint == uri);
        let client = match kept {
            Some(c) => c,
            None => Client::new(uri.clone(), self.miner.live.current().bidding.ca_pem.as_deref())?,
        };
        Ok(self.client.insert(client))
    }

    /// Drops refusals that are over, and all of them after a reload.
    async fn expire_refusals(&mut self) {
        let reloads = self.miner.live.current().generation;
        let before = self.record.refused.len();
        if reloads != self.reloads_seen {
            self.reloads_seen = reloads;
            self.client = None;
            self.record.refused.clear();
        }
        let at = now();
        self.record.refused.retain(|r| at < r.until);
        if self.record.refused.len() != before {
            tracing::info!(
                before,
                now = self.record.refused.len(),
                "offering nodes the validator refused again (a reload, or their time out is over)"
            );
            self.miner.metrics.bid_refused(self.record.refused.len());
            self.save().await;
        }
    }

    async fn save(&self) {
        let record = self.record.clone();
        if let Err(e) = self.miner.db.run(move |s| s.put_bid_record(&record)).await {
            self.miner.metrics.database_error(crate::core::daemon::metrics::DbOp::PutBidRecord);
            tracing::error!(error = %e, "cannot store the bid; a restart will register again");
        }
    }

    fn succeeded(&mut self) {
        if let Some((what, attempts, _)) = self.failing.take() {
            tracing::info!(attempts, "bidding works again after: {what}");
        }
        self.retry = None;
        self.retry_at = None;
    }

    /// Records a failure and schedules the retry.
    async fn failed(&mut self, what: String) {
        let delay = self
            .retry
            .get_or_insert_with(|| {
                backon::ExponentialBuilder::default()
                    .with_min_delay(RETRY_MIN)
                    .with_max_delay(RETRY_MAX)
                    .with_jitter()
                    .without_max_times()
                    .build()
            })
            .next()
            .unwrap_or(RETRY_MAX);
        self.retry_at = Some(Instant::now() + delay);
        let warn = match &mut self.failing {
            Some((_, attempts, last)) => {
                *attempts += 1;
                let due = last.elapsed() >= REPEAT_WARNING;
                if due {
                    *last = Instant::now();
                }
                due
            }
            None => {
                self.failing = Some((what.clone(), 1, Instant::now()));
                true
            }
        };
        let attempts = self.failing.as_ref().map_or(1, |f| f.1);
        self.calm_retry();
        let retry_in = self.retry_at.map_or(delay, |at| at.saturating_duration_since(Instant::now()));
        if warn {
            tracing::warn!(attempts, ?retry_in, "bidding: {what}");
        } else {
            tracing::debug!(attempts, ?retry_in, "bidding: {what}");
        }
        self.record.last_error = Some(wire::printable(&what, 500));
        self.record.last_error_at = Some(now());
        self.save().await;
    }
}
