//! Who may talk to the miner and who gets the nodes: a metagraph snapshot refreshed in the
//! background (the last good one is kept through chain outages), or, offline, the one
//! configured validator.

use std::sync::RwLock;

use crate::core::chain::{select_validator, Neuron};
use crate::core::config::AssignmentStrategy;

pub struct Permits {
    strategy: AssignmentStrategy,
    fixed: Option<String>,
    /// `None` offline: the fixed validator stands in for the permit check.
    neurons: Option<RwLock<Vec<Neuron>>>,
}

impl Permits {
    /// Offline mode: only `validator` is permitted, and it is assigned.
    pub fn offline(validator: String) -> Permits {
        Permits { strategy: AssignmentStrategy::FixedAssignment, fixed: Some(validator), neurons: None }
    }

    /// From the chain's metagraph.
    pub fn from_metagraph(strategy: AssignmentStrategy, fixed: Option<String>, neurons: Vec<Neuron>) -> Permits {
        Permits { strategy, fixed, neurons: Some(RwLock::new(neurons)) }
    }

    /// Replaces the snapshot after a successful refresh.
    pub fn update(&self, fresh: Vec<Neuron>) {
        if let Some(n) = &self.neurons {
            *n.write().expect("permits lock") = fresh;
        }
    }

    pub fn has_permit(&self, hotkey: &str) -> bool {
        match &self.neurons {
            None => self.fixed.as_deref() == Some(hotkey),
            Some(n) => n.read().expect("permits lock").iter().any(|x| x.hotkey == hotkey && x.validator_permit),
        }
    }

    /// The validator that gets the nodes now, if any.
    pub fn assigned(&self) -> Option<String> {
        match &self.neurons {
            None => self.fixed.clone(),
            Some(n) => {
                let n = n.read().expect("permits lock");
                select_validator(&n, self.strategy, self.fixed.as_deref()).ok().map(|v| v.hotkey.clone())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(hotkey: &str, permit: bool, stake: u64) -> Neuron {
        Neuron { uid: 0, hotkey: hotkey.into(), validator_permit: permit, total_stake: stake }
    }

    #[test]
    fn offline_permits_only_the_fixed_validator() {
        let p = Permits::offline("5V".into());
        assert!(p.has_permit("5V") && !p.has_permit("5X"));
        assert_eq!(p.assigned().as_deref(), Some("5V"));
    }

    #[test]
    fn snapshot_updates_change_the_assignment() {
        let p = Permits::from_metagraph(AssignmentStrategy::HighestStake, None, vec![n("a", true, 5), n("b", true, 9), n("c", false, 99)]);
        assert_eq!(p.assigned().as_deref(), Some("b"));
        assert!(!p.has_permit("c"));
        p.update(vec![n("a", true, 50), n("b", true, 9)]);
        assert_eq!(p.assigned().as_deref(), Some("a"));
    }
}
