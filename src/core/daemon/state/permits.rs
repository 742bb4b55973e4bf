//! Who may talk to the miner and who gets the nodes: a metagraph snapshot refreshed in the
//! background (the last good one is kept through chain outages), or, offline, the one
//! configured validator. The assignment policy can be swapped on reload.

use arc_swap::{ArcSwap, ArcSwapOption};
use tokio::sync::watch;

use crate::core::chain::{select_validator, Neuron};
use crate::core::config::AssignmentStrategy;

/// `[validator_assignment]` as the daemon applies it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// Highest stake or a fixed validator.
    pub strategy: AssignmentStrategy,
    /// The fixed validator's hotkey.
    pub fixed: Option<String>,
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
    /// The assigned validator, sent whenever a refresh or a reload changes it: the reconcile
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
            }),
            online: false,
            snapshot: ArcSwapOption::empty(),
            assignment: watch::Sender::new(Some(validator)),
        }
    }

    /// Online, before the first metagraph arrives: nobody is permitted or assigned yet.
    pub fn awaiting_metagraph(policy: Policy) -> Permits {
        Permits {
            policy: ArcSwap::from_pointee(policy),
            online: true,
            snapshot: ArcSwapOption::empty(),
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
            self.snapshot.store(Some(std::sync::Arc::new(Snapshot { neurons, fetched_at })));
            self.publish_assignment();
        }
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
        self.policy.store(std::sync::Arc::new(policy));
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
        select_validator(&s.neurons, policy.strategy, policy.fixed.as_deref())
            .ok()
            .map(|v| (v.hotkey.clone(), v.axon_ip))
    }

    /// The validator that gets the nodes now, if any.
    pub fn assigned(&self) -> Option<String> {
        let policy = self.policy.load();
        if !self.online {
            return policy.fixed.clone();
        }
        let snapshot = self.snapshot.load();
        let s = snapshot.as_ref()?;
        select_validator(&s.neurons, policy.strategy, policy.fixed.as_deref()).ok().map(|v| v.hotkey.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(hotkey: &str, permit: bool, stake: u64) -> Neuron {
        Neuron { uid: 0, hotkey: hotkey.into(), validator_permit: permit, total_stake: stake, axon_ip: None }
    }

    fn highest() -> Policy {
        Policy { strategy: AssignmentStrategy::HighestStake, fixed: None }
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
        p.set_policy(Policy { strategy: AssignmentStrategy::FixedAssignment, fixed: Some("a".into()) });
        assert_eq!(p.assigned().as_deref(), Some("a"));
    }
}
