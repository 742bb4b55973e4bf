//! Who may talk to the miner and who gets the nodes: a metagraph snapshot refreshed in the
//! background (the last good one is kept through chain outages), or, offline, the one
//! configured validator. The assignment policy can be swapped on reload. With bidding on,
//! `highest_stake` chooses among the validators whose bid endpoint a `MinerRegistration`
//! service answers: the looks at their endpoints (the metagraph loop's, and the bid loop's
//! own calls) are kept here beside the snapshot.

use std::collections::HashMap;
use std::sync::Arc;

use arc_swap::{ArcSwap, ArcSwapOption};
use tokio::sync::watch;

use crate::core::bidding::answering::{Look, ValidatorLook};
use crate::core::chain::{select_validator, stake_order, Neuron};
use crate::core::config::AssignmentStrategy;

/// `[validator_assignment]` as the daemon applies it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// Highest stake or a fixed validator.
    pub strategy: AssignmentStrategy,
    /// The fixed validator's hotkey.
    pub fixed: Option<String>,
    /// `highest_stake` chooses only among validators seen taking bids (bidding on, no
    /// `validator_endpoint`).
    pub bid_takers_only: bool,
}

/// How long a validator seen taking bids keeps its place through looks that found it
/// refused or silent (a restart, a short outage): the bid loop's own retries cover it.
pub const TAKER_GRACE_SECS: i64 = 3600;

/// What is known of one validator's bid endpoint.
#[derive(Debug, Clone)]
struct Seen {
    look: Look,
    /// Unix time it last took bids.
    took_bids_at: Option<i64>,
}

impl Seen {
    /// Takes bids now, or did lately and has only been refused or silent since.
    fn takes_bids(&self) -> bool {
        self.look.state.takes_bids()
            || (!self.look.state.is_not_basilica()
                && self.took_bids_at.is_some_and(|t| self.look.at - t <= TAKER_GRACE_SECS))
    }
}

/// The metagraph as last fetched.
struct Snapshot {
    neurons: Vec<Neuron>,
    fetched_at: i64,
}

/// Who may call and who is assigned: the metagraph's last snapshot under the assignment policy.
pub struct Permits {
    policy: ArcSwap<Policy>,
    /// `false` offline: the fixed validator stands in for the permit check.
    online: bool,
    snapshot: ArcSwapOption<Snapshot>,
    /// The last look at each validator's bid endpoint, by hotkey, and when each last took bids.
    looks: ArcSwap<HashMap<String, Seen>>,
    /// The assigned validator, sent whenever a refresh or a reload changes it: the health-round
    /// and bid loops follow it.
    assignment: watch::Sender<Option<String>>,
}

impl Permits {
    /// Offline mode: only `validator` is permitted, and it is assigned.
    pub fn offline(validator: String) -> Permits {
        Permits {
            policy: ArcSwap::from_pointee(Policy {
                strategy: AssignmentStrategy::FixedAssignment,
                fixed: Some(validator.clone()),
                bid_takers_only: false,
            }),
            online: false,
            snapshot: ArcSwapOption::empty(),
            looks: ArcSwap::default(),
            assignment: watch::Sender::new(Some(validator)),
        }
    }

    /// Online, before the first metagraph arrives: nobody is permitted or assigned yet.
    pub fn awaiting_metagraph(policy: Policy) -> Permits {
        Permits {
            policy: ArcSwap::from_pointee(policy),
            online: true,
            snapshot: ArcSwapOption::empty(),
            looks: ArcSwap::default(),
            assignment: watch::Sender::new(None),
        }
    }

    /// Online, from a metagraph fetched at `fetched_at` (Unix seconds).
    pub fn from_metagraph(policy: Policy, neurons: Vec<Neuron>, fetched_at: i64) -> Permits {
        let p = Permits::awaiting_metagraph(policy);
        p.update(neurons, fetched_at);
        p
    }

    /// False when running `--offline`.
    pub fn is_online(&self) -> bool {
        self.online
    }

    /// Replaces the snapshot after a successful refresh.
    pub fn update(&self, neurons: Vec<Neuron>, fetched_at: i64) {
        if self.online {
            self.snapshot.store(Some(Arc::new(Snapshot { neurons, fetched_at })));
            self.publish_assignment();
        }
    }

    /// Records looks at validators' bid endpoints (the metagraph loop's, or the bid loop's
    /// own calls) and moves the assignment when they change who takes bids.
    pub fn record_looks(&self, looks: &[(String, Look)]) {
        if looks.is_empty() {
            return;
        }
        let mut map = (**self.looks.load()).clone();
        for (hotkey, look) in looks {
            let before = map.get(hotkey).and_then(|s| s.took_bids_at);
            let took_bids_at = if look.state.takes_bids() { Some(look.at) } else { before };
            map.insert(hotkey.clone(), Seen { look: look.clone(), took_bids_at });
        }
        // Bounded: validators no longer on the metagraph are forgotten.
        if let Some(s) = self.snapshot.load().as_ref() {
            map.retain(|h, _| s.neurons.iter().any(|n| &n.hotkey == h));
        }
        self.looks.store(Arc::new(map));
        self.publish_assignment();
    }

    /// The last look at `hotkey`'s bid endpoint.
    pub fn look_at(&self, hotkey: &str) -> Option<Look> {
        self.looks.load().get(hotkey).map(|s| s.look.clone())
    }

    /// Whether the assignment chooses among bid-taking validators now (online,
    /// `highest_stake`, bidding on without `validator_endpoint`).
    pub fn chooses_bid_takers(&self) -> bool {
        let p = self.policy.load();
        self.online && p.bid_takers_only && p.strategy == AssignmentStrategy::HighestStake
    }

    /// The permitted validators looked at, highest stake first, each with its last look and
    /// whether the bids go to it (empty unless [`Permits::chooses_bid_takers`]).
    pub fn validator_looks(&self) -> Vec<ValidatorLook> {
        if !self.chooses_bid_takers() {
            return Vec::new();
        }
        let snapshot = self.snapshot.load();
        let Some(s) = snapshot.as_ref() else { return Vec::new() };
        let looks = self.looks.load();
        let assigned = self.bid_target_with_axon().map(|(h, _)| h);
        let mut out: Vec<ValidatorLook> = s
            .neurons
            .iter()
            .filter(|n| n.validator_permit)
            .filter_map(|n| {
                looks.get(&n.hotkey).map(|seen| ValidatorLook {
                    hotkey: n.hotkey.clone(),
                    uid: n.uid,
                    stake: n.total_stake,
                    look: seen.look.clone(),
                    assigned: assigned.as_deref() == Some(n.hotkey.as_str()),
                })
            })
            .collect();
        out.sort_by(|a, b| b.stake.cmp(&a.stake).then(a.uid.cmp(&b.uid)));
        out
    }

    /// The validator that takes bids with the most stake in `s` (ties to the lower uid).
    fn best_bid_taker<'a>(&self, s: &'a Snapshot) -> Option<&'a Neuron> {
        let looks = self.looks.load();
        s.neurons
            .iter()
            .filter(|n| n.validator_permit && looks.get(&n.hotkey).is_some_and(Seen::takes_bids))
            .max_by(|a, b| stake_order(a, b))
    }

    /// The validator chosen from `s` under `policy`: with bidding, the best bid taker; when
    /// none takes bids, generation 1 keeps the plain rule (a validator that calls this
    /// miner's MinerDiscovery needs no bid service).
    fn choose<'a>(&self, s: &'a Snapshot, policy: &Policy) -> Option<&'a Neuron> {
        if self.chooses_bid_takers() {
            if let Some(n) = self.best_bid_taker(s) {
                return Some(n);
            }
        }
        select_validator(&s.neurons, policy.strategy, policy.fixed.as_deref()).ok()
    }

    /// Where the bids go and the IP of its axon: the assigned validator, except that with
    /// bidding choosing among bid takers it is only ever one of them (`None` when none is).
    pub fn bid_target_with_axon(&self) -> Option<(String, Option<std::net::IpAddr>)> {
        if !self.chooses_bid_takers() {
            return self.assigned_with_axon();
        }
        let snapshot = self.snapshot.load();
        self.best_bid_taker(snapshot.as_ref()?).map(|v| (v.hotkey.clone(), v.axon_ip))
    }

    /// Sends the assigned validator to the loops that follow it, when it changed.
    fn publish_assignment(&self) {
        let now = self.assigned();
        self.assignment.send_if_modified(|a| {
            let changed = *a != now;
            if changed {
                a.clone_from(&now);
            }
            changed
        });
    }

    /// The assigned validator as it changes (a metagraph refresh or a reload moved it).
    pub fn assignment_changes(&self) -> watch::Receiver<Option<String>> {
        self.assignment.subscribe()
    }

    /// Applies a reloaded `[validator_assignment]`; offline the fixed validator changes too.
    pub fn set_policy(&self, policy: Policy) {
        self.policy.store(Arc::new(policy));
        self.publish_assignment();
    }

    /// The policy in force.
    pub fn policy(&self) -> Policy {
        (**self.policy.load()).clone()
    }

    /// When the snapshot in use was fetched (Unix seconds); `None` before the first one.
    pub fn fetched_at(&self) -> Option<i64> {
        self.snapshot.load().as_ref().map(|s| s.fetched_at)
    }

    /// Whether `hotkey` holds a validator permit (offline: whether it is the fixed validator).
    pub fn has_permit(&self, hotkey: &str) -> bool {
        if !self.online {
            return self.policy.load().fixed.as_deref() == Some(hotkey);
        }
        self.snapshot
            .load()
            .as_ref()
            .is_some_and(|s| s.neurons.iter().any(|x| x.hotkey == hotkey && x.validator_permit))
    }

    /// Whether `ip` is the axon address of a validator with a permit (online only): its
    /// connections are served in the validators' lane.
    pub fn is_validator_address(&self, ip: std::net::IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.snapshot.load().as_ref().is_some_and(|s| {
            s.neurons.iter().any(|n| n.validator_permit && n.axon_ip.is_some_and(|a| a.to_canonical() == ip))
        })
    }

    /// The assigned validator and the IP of its axon (unknown offline or when it set none).
    pub fn assigned_with_axon(&self) -> Option<(String, Option<std::net::IpAddr>)> {
        let policy = self.policy.load();
        if !self.online {
            return policy.fixed.clone().map(|v| (v, None));
        }
        let snapshot = self.snapshot.load();
        let s = snapshot.as_ref()?;
        self.choose(s, &policy).map(|v| (v.hotkey.clone(), v.axon_ip))
    }

    /// The validator that gets the nodes now, if any.
    pub fn assigned(&self) -> Option<String> {
        let policy = self.policy.load();
        if !self.online {
            return policy.fixed.clone();
        }
        let snapshot = self.snapshot.load();
        let s = snapshot.as_ref()?;
        self.choose(s, &policy).map(|v| v.hotkey.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::bidding::answering::EndpointState;

    fn n(hotkey: &str, permit: bool, stake: u64) -> Neuron {
        Neuron { uid: 0, hotkey: hotkey.into(), validator_permit: permit, total_stake: stake, axon_ip: None }
    }

    fn highest() -> Policy {
        Policy { strategy: AssignmentStrategy::HighestStake, fixed: None, bid_takers_only: false }
    }

    fn look(state: EndpointState, at: i64) -> Look {
        Look::new(state, None, "", at)
    }

    #[test]
    fn with_bidding_the_highest_stake_bid_taker_is_chosen_and_a_refusal_moves_it() {
        let policy = Policy { bid_takers_only: true, ..highest() };
        let p = Permits::from_metagraph(policy, vec![n("big", true, 900), n("small", true, 5), n("none", false, 1)], 1);
        assert_eq!(p.bid_target_with_axon(), None, "nobody looked at yet: no bids");
        assert_eq!(p.assigned().as_deref(), Some("big"), "generation 1 keeps the plain rule meanwhile");
        p.record_looks(&[
            ("big".into(), look(EndpointState::NoBidService, 1)),
            ("small".into(), look(EndpointState::UnknownHotkey, 1)),
        ]);
        assert_eq!(p.assigned().as_deref(), Some("small"));
        let seen = p.validator_looks();
        assert_eq!(
            seen.iter().map(|v| (v.hotkey.as_str(), v.assigned)).collect::<Vec<_>>(),
            [("big", false), ("small", true)]
        );
        // A short outage of the taker keeps it; a refusal as a non-Basilica server does not.
        p.record_looks(&[("small".into(), look(EndpointState::NoAnswer, 60))]);
        assert_eq!(p.assigned().as_deref(), Some("small"));
        p.record_looks(&[("small".into(), look(EndpointState::NothingListening, 60 + TAKER_GRACE_SECS))]);
        assert_eq!(p.bid_target_with_axon(), None, "silent for over the grace period");
        p.record_looks(&[("big".into(), look(EndpointState::TakesBids, 70))]);
        assert_eq!(p.assigned().as_deref(), Some("big"));
        assert_eq!(p.bid_target_with_axon().map(|t| t.0).as_deref(), Some("big"));
        p.record_looks(&[("big".into(), look(EndpointState::NotGrpc, 80))]);
        assert_eq!(p.bid_target_with_axon(), None);
        // Without bidding, the looks do not matter.
        p.set_policy(highest());
        assert_eq!(p.assigned().as_deref(), Some("big"));
        assert!(p.validator_looks().is_empty());
    }

    #[test]
    fn offline_permits_only_the_fixed_validator() {
        let p = Permits::offline("5V".into());
        assert!(p.has_permit("5V") && !p.has_permit("5X"));
        assert_eq!(p.assigned().as_deref(), Some("5V"));
    }

    #[test]
    fn snapshot_updates_change_the_assignment() {
        let p = Permits::from_metagraph(highest(), vec![n("a", true, 5), n("b", true, 9), n("c", false, 99)], 10);
        assert_eq!(p.assigned().as_deref(), Some("b"));
        assert!(!p.has_permit("c"));
        p.update(vec![n("a", true, 50), n("b", true, 9)], 20);
        assert_eq!(p.assigned().as_deref(), Some("a"));
        assert_eq!(p.fetched_at(), Some(20));
    }

    #[test]
    fn before_the_first_metagraph_nobody_is_permitted() {
        let p = Permits::awaiting_metagraph(highest());
        assert!(!p.has_permit("a"));
        assert_eq!(p.assigned(), None);
        assert_eq!(p.fetched_at(), None);
        p.update(vec![n("a", true, 5)], 1);
        assert_eq!(p.assigned().as_deref(), Some("a"));
    }

    #[test]
    fn a_reloaded_policy_applies_at_once() {
        let p = Permits::from_metagraph(highest(), vec![n("a", true, 5), n("b", true, 9)], 1);
        p.set_policy(Policy {
            strategy: AssignmentStrategy::FixedAssignment,
            fixed: Some("a".into()),
            bid_takers_only: true,
        });
        assert_eq!(p.assigned().as_deref(), Some("a"));
    }
}
