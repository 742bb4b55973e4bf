//! The metagraph view the daemon needs (hotkeys, uids, validator permits, stake) and the
//! choice of the validator that receives the nodes.

use scale_decode::DecodeAsType;
use serde::Serialize;

use crate::core::config::AssignmentStrategy;
use crate::core::identity::ss58;

/// The fields of subtensor's `NeuronInfoLite` that the miner uses.
#[derive(Debug, Clone, DecodeAsType)]
pub(super) struct NeuronLite {
    hotkey: [u8; 32],
    uid: u16,
    stake: Vec<([u8; 32], u64)>,
    validator_permit: bool,
    axon_info: super::AxonInfo,
}

/// One neuron of the subnet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Neuron {
    /// Its uid on the subnet.
    pub uid: u16,
    /// Its hotkey (SS58).
    pub hotkey: String,
    /// Whether it may validate.
    pub validator_permit: bool,
    /// Sum of the stake entries, in rao.
    pub total_stake: u64,
    /// The IP its axon serves on (where a validator's bid service is), if it set one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub axon_ip: Option<std::net::IpAddr>,
}

impl From<NeuronLite> for Neuron {
    fn from(n: NeuronLite) -> Neuron {
        Neuron {
            uid: n.uid,
            hotkey: ss58::encode(&n.hotkey),
            validator_permit: n.validator_permit,
            total_stake: n.stake.iter().map(|(_, s)| *s).fold(0u64, u64::saturating_add),
            axon_ip: n.axon_info.ip_addr().filter(|ip| !ip.is_unspecified()),
        }
    }
}

/// Why no validator could be assigned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AssignmentError {
    /// No neuron on the subnet holds a permit.
    #[error("no validator on the subnet holds a validator permit")]
    NoPermittedValidator,
    /// The fixed validator is not on the subnet.
    #[error("validator_hotkey {0} is not on the subnet")]
    NotOnSubnet(String),
    /// The fixed validator has no permit.
    #[error("validator_hotkey {0} has no validator permit on the subnet")]
    NoPermit(String),
}

/// The order `highest_stake` ranks validators by: more total stake is greater, and on equal
/// stake the lower uid is greater (`max_by` picks the winner; reversed, a sort lists it first).
pub fn stake_order(a: &Neuron, b: &Neuron) -> std::cmp::Ordering {
    a.total_stake.cmp(&b.total_stake).then(b.uid.cmp(&a.uid))
}

/// The validator that gets the nodes: the permitted one with the highest total stake (ties go
/// to the lower uid), or exactly `fixed` for `fixed_assignment`.
pub fn select_validator<'a>(
    neurons: &'a [Neuron],
    strategy: AssignmentStrategy,
    fixed: Option<&str>,
) -> Result<&'a Neuron, AssignmentError> {
    match strategy {
        AssignmentStrategy::HighestStake => neurons
            .iter()
            .filter(|n| n.validator_permit)
            .max_by(|a, b| stake_order(a, b))
            .ok_or(AssignmentError::NoPermittedValidator),
        AssignmentStrategy::FixedAssignment => {
            let hotkey = fixed.unwrap_or_default();
            let n = neurons
                .iter()
                .find(|n| n.hotkey == hotkey)
                .ok_or_else(|| AssignmentError::NotOnSubnet(hotkey.to_string()))?;
            if n.validator_permit {
                Ok(n)
            } else {
                Err(AssignmentError::NoPermit(hotkey.to_string()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(uid: u16, permit: bool, stake: u64) -> Neuron {
        Neuron { uid, hotkey: format!("hk{uid}"), validator_permit: permit, total_stake: stake, axon_ip: None }
    }

    #[test]
    fn highest_stake_among_permitted_wins_ties_to_lower_uid() {
        let ns = [n(0, false, 900), n(1, true, 500), n(2, true, 700), n(3, true, 700)];
        assert_eq!(select_validator(&ns, AssignmentStrategy::HighestStake, None).unwrap().uid, 2);
        assert_eq!(
            select_validator(&[n(0, false, 1)], AssignmentStrategy::HighestStake, None),
            Err(AssignmentError::NoPermittedValidator)
        );
    }

    #[test]
    fn fixed_assignment_needs_a_permit() {
        let ns = [n(0, false, 900), n(1, true, 5)];
        assert_eq!(select_validator(&ns, AssignmentStrategy::FixedAssignment, Some("hk1")).unwrap().uid, 1);
        assert_eq!(
            select_validator(&ns, AssignmentStrategy::FixedAssignment, Some("hk0")),
            Err(AssignmentError::NoPermit("hk0".into()))
        );
        assert!(matches!(
            select_validator(&ns, AssignmentStrategy::FixedAssignment, Some("x")),
            Err(AssignmentError::NotOnSubnet(_))
        ));
    }
}
