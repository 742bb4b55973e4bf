//! The settings a reload replaces while the daemon runs (prices, bidding, full-validation
//! plan, the refusal log's networks, the health-round loop's period), published as one watch
//! value: every loop reads the current one, and the loops that must act on a reload wait for
//! the next.

use std::sync::Arc;

use tokio::sync::watch;

use crate::core::bidding::Prices;
use crate::core::config::{LoadedConfig, MinerConfig};
use crate::core::daemon::state::peers::Prefixes;
use crate::core::daemon::state::settings::{health_round_for, BidSettings, HealthRoundSettings, ValidationPlan};

/// One configuration's reloadable settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Reloadable {
    /// Static prices by GPU category.
    pub prices: Prices,
    /// Generation 2: on or off, and where the validator is.
    pub bidding: BidSettings,
    /// Images and period of full validations.
    pub validation: ValidationPlan,
    /// How refusals are grouped by source (the rate limiter's networks).
    pub prefixes: Prefixes,
    /// Health-round period and key repair.
    pub health_round: HealthRoundSettings,
    /// Reloads applied before this one took effect (0: the configuration at start).
    pub generation: u64,
}

impl Reloadable {
    /// The settings of a loaded, validated configuration.
    pub fn from_config(loaded: &LoadedConfig) -> Reloadable {
        let c = &loaded.config;
        Reloadable {
            prices: Prices::from_config(&c.bidding),
            bidding: BidSettings::from_config(loaded),
            validation: ValidationPlan::from_config(c),
            prefixes: prefixes_for(c),
            health_round: health_round_for(c),
            generation: 0,
        }
    }
}

/// How refusals and rate limits group sources: `[validator_comms.rate_limit]` prefixes.
pub fn prefixes_for(c: &MinerConfig) -> Prefixes {
    Prefixes { v4: c.validator_comms.rate_limit.ipv4_prefix, v6: c.validator_comms.rate_limit.ipv6_prefix }
}

/// The settings in force, and the reloads to come.
pub struct Live {
    current: watch::Sender<Arc<Reloadable>>,
}

impl Live {
    /// The settings in force at start.
    pub fn new(at_start: Reloadable) -> Live {
        Live { current: watch::Sender::new(Arc::new(at_start)) }
    }

    /// The settings in force now.
    pub fn current(&self) -> Arc<Reloadable> {
        self.current.borrow().clone()
    }

    /// Every reload from now on (even one that changed nothing: refused nodes are offered
    /// again after any reload).
    pub fn reloads(&self) -> watch::Receiver<Arc<Reloadable>> {
        self.current.subscribe()
    }

    /// Puts `next` in force as the next reload's settings and wakes the loops.
    pub fn apply(&self, mut next: Reloadable) {
        self.current.send_modify(|now| {
            next.generation = now.generation + 1;
            *now = Arc::new(next);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reload_counts_and_wakes_even_when_nothing_changed() {
        let text = "[bidding.strategy.static.static_prices]\nH100 = 2.5\n".to_string();
        let loaded = crate::core::config::parse(
            std::path::Path::new("/nonexistent/miner.toml"),
            "/nonexistent".into(),
            text,
            std::iter::empty::<(String, String)>(),
        )
        .unwrap();
        let live = Live::new(Reloadable::from_config(&loaded));
        let mut reloads = live.reloads();
        reloads.borrow_and_update();
        live.apply(Reloadable::from_config(&loaded));
        assert!(reloads.has_changed().unwrap());
        assert_eq!(live.current().generation, 1);
        assert_eq!(live.current().prices, Reloadable::from_config(&loaded).prices);
    }
}
