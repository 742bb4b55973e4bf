//! `[validator_assignment]`: which validator receives the nodes, and the one rule `--offline`
//! keeps (a fixed validator, since no permit can be looked up without the chain).

use serde::{Deserialize, Serialize};

/// How the validator that receives the nodes is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssignmentStrategy {
    /// The permitted validator with the highest total stake.
    #[default]
    HighestStake,
    /// Exactly `validator_hotkey`.
    FixedAssignment,
}

/// `[validator_assignment]`: which validator's key goes on the nodes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ValidatorAssignmentConfig {
    /// Highest stake, or one fixed validator.
    pub strategy: AssignmentStrategy,
    /// The fixed validator's hotkey.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validator_hotkey: Option<String>,
}

/// `--offline` runs without the chain, so no permit can be looked up: the one rule, for the
/// command, the launch and a reload alike.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("--offline needs [validator_assignment] strategy = \"fixed_assignment\" with validator_hotkey: without the chain, nobody else can be checked")]
pub struct OfflineNeedsFixed;

impl ValidatorAssignmentConfig {
    /// The validator an offline daemon assigns and permits: the fixed one.
    pub fn offline_validator(&self) -> Result<&str, OfflineNeedsFixed> {
        match (&self.strategy, &self.validator_hotkey) {
            (AssignmentStrategy::FixedAssignment, Some(v)) => Ok(v),
            _ => Err(OfflineNeedsFixed),
        }
    }
}
