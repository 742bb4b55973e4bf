//! The settings each loop applies, read from a validated configuration and swapped whole on
//! reload ([`super::live`]): the bid loop's ([`BidSettings`]), the health round's
//! ([`HealthRoundSettings`]) and the validation loop's ([`ValidationPlan`]). They belong to
//! the state, not to the loops that read them, so a reload can compare and replace them.

use std::time::Duration;

use tonic::transport::Uri;

use crate::core::bidding::endpoint;
use crate::core::config::MinerConfig;
use crate::core::nodes::registry::NodeRecord;
use crate::core::nodes::state::LastValidation;
use crate::core::nodes::validation::schedule::Cadence;
use crate::core::nodes::validation::ValidationSettings;

/// `[bidding]` and `bid_grpc_port` as the loop applies them; swapped on reload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BidSettings {
    /// Whether the daemon registers at a validator.
    pub enabled: bool,
    /// `[bidding] validator_endpoint`, instead of the axon IP and `bid_grpc_port`.
    pub endpoint: Option<Uri>,
    /// The validators' bid port, at their axon IP.
    pub bid_port: u16,
    /// `[bidding] validator_ca_file`, read: the CA an `https://` endpoint is verified with.
    pub ca_pem: Option<Vec<u8>>,
    /// The subnet whose validators are bid at (`[bittensor] netuid`, or the network's).
    pub netuid: u16,
}

impl BidSettings {
    /// Generation 2 off.
    pub fn disabled() -> BidSettings {
        BidSettings {
            enabled: false,
            endpoint: None,
            bid_port: crate::core::config::DEFAULT_BID_GRPC_PORT,
            ca_pem: None,
            netuid: crate::core::config::Network::Finney.default_netuid(),
        }
    }

    /// From a validated configuration (a bad endpoint or CA file was refused by validation;
    /// a CA file that vanished since is logged and the system's roots are used).
    pub fn from_config(loaded: &crate::core::config::LoadedConfig) -> BidSettings {
        let c: &MinerConfig = &loaded.config;
        let ca_pem = c.bidding.validator_ca_file.as_deref().and_then(|f| {
            let path = loaded.resolve_path(f);
            std::fs::read(&path)
                .map_err(
                    |e| tracing::error!(file = %path.display(), error = %e, "cannot read [bidding] validator_ca_file"),
                )
                .ok()
        });
        BidSettings {
            enabled: c.bidding.enabled,
            endpoint: c.bidding.validator_endpoint.as_deref().and_then(|e| endpoint::parse_override(e).ok()),
            bid_port: c.bid_grpc_port,
            ca_pem,
            netuid: c.bittensor.effective_netuid(),
        }
    }
}

/// The health-round loop's settings, swapped whole on reload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthRoundSettings {
    /// Period between rounds.
    pub every: Duration,
    /// Whether keys are repaired.
    pub auto_recovery: bool,
    /// Tries per key repair in one round.
    pub max_retry_attempts: u32,
}

/// The health-round loop's period and repair settings, from `[node_management]`.
pub fn health_round_for(c: &MinerConfig) -> HealthRoundSettings {
    HealthRoundSettings {
        every: Duration::from_secs(c.node_management.health_check_interval.max(1)),
        auto_recovery: c.node_management.auto_recovery,
        max_retry_attempts: c.node_management.max_retry_attempts,
    }
}

/// Images, period and pull limits, from `[bidding]` and `[node_management]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationPlan {
    /// The images validated with.
    pub settings: ValidationSettings,
    /// How often nodes are validated and the image refreshed.
    pub cadence: Cadence,
    /// Pulls at once over the fleet.
    pub max_pulls: usize,
}

impl Default for ValidationPlan {
    fn default() -> Self {
        ValidationPlan::from_config(&crate::core::config::MinerConfig::default())
    }
}

impl ValidationPlan {
    /// From `[bidding]` and `[node_management]`, with lower bounds on the periods.
    pub fn from_config(c: &crate::core::config::MinerConfig) -> ValidationPlan {
        let nm = &c.node_management;
        ValidationPlan {
            settings: ValidationSettings::from_config(c),
            cadence: Cadence {
                every: nm.full_validation_interval.max(60) as i64,
                refresh_every: nm.image_refresh_interval.max(3600) as i64,
            },
            max_pulls: nm.max_concurrent_pulls.max(1) as usize,
        }
    }

    /// What a validation of `r` covers: when this changes, the node is validated again.
    pub fn spec(&self, r: &NodeRecord) -> String {
        format!(
            "{}|{}|{}|{}|{}|{}",
            r.address(),
            r.gpu_category.as_ref().map_or("", |c| c.as_str()),
            r.gpu_count.map_or(String::new(), |n| n.to_string()),
            r.extra_mount_path.as_deref().unwrap_or(""),
            self.settings.image,
            self.settings.port_image
        )
    }

    /// When `r` is next due for a full validation (`None`: now).
    pub fn due_at(&self, r: &NodeRecord, last: Option<&LastValidation>) -> Option<i64> {
        let last = last.filter(|v| v.spec == self.spec(r))?;
        Some(self.cadence.next_validation(&r.node_id, &last.outcome, last.image.as_ref()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::nodes::state::ValidationOutcome;

    #[test]
    fn nodes_are_due_when_new_changed_at_their_place_or_failed_a_while_ago() {
        let plan = ValidationPlan::default();
        let r = crate::core::nodes::registry::sample(1).remove(0);
        let last = |ok, at| LastValidation {
            spec: plan.spec(&r),
            outcome: ValidationOutcome { ok, checked_at: at, problem: None },
            image: None,
        };
        assert_eq!(plan.due_at(&r, None), None, "never validated: now");
        let next = plan.due_at(&r, Some(&last(true, 1000))).unwrap();
        assert!(next > 1000 && next <= 1000 + 6 * 3600, "{next}");
        assert_eq!(plan.due_at(&r, Some(&last(false, 1000))), Some(1600));
        let mut changed = r.clone();
        changed.gpu_count = Some(8);
        assert_eq!(plan.due_at(&changed, Some(&last(true, 1000))), None, "changed: now");
    }
}
