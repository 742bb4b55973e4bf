//! Prices per GPU-hour in cents: the node's own `hourly_rate_per_gpu`, else the static price
//! of its GPU category (`[bidding.strategy.static.static_prices]`, dollars, as upstream).

use std::collections::BTreeMap;

use crate::core::config::BiddingConfig;
use crate::core::nodes::gpu::{Gpu, GpuModel};
use crate::core::nodes::node::rate_cents;

/// The one category of a node's GPUs when they are all of one model: what both generations
/// price a node by.
pub fn one_model(gpus: &[Gpu]) -> Option<GpuModel> {
    let first = gpus.first()?.model?;
    gpus.iter().all(|g| g.model == Some(first)).then_some(first)
}

/// A price per GPU-hour as every table and message prints it: `$2.50 (250 ¢)`.
pub fn display(cents: u32) -> String {
    format!("${:.2} ({cents} ¢)", f64::from(cents) / 100.0)
}

/// Static prices by category, in cents per GPU-hour.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prices {
    by_category: BTreeMap<GpuModel, u32>,
}

/// A `static_prices` entry that cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PriceError {
    #[error("`{0}` is not a GPU category validators accept ({names})", names = GpuModel::names())]
    Category(String),
    #[error("price {1} for {0} must be a number of dollars greater than 0")]
    Price(String, f64),
}

impl Prices {
    /// The usable entries of the table; bad ones are skipped here (see [`Prices::problems`]).
    pub fn from_config(c: &BiddingConfig) -> Prices {
        let by_category = c
            .strategy
            .fixed
            .static_prices
            .iter()
            .filter_map(|(k, v)| Some((GpuModel::parse_category(k)?, *v)))
            .filter(|(_, v)| v.is_finite() && *v > 0.0)
            .map(|(m, v)| (m, rate_cents(v)))
            .collect();
        Prices { by_category }
    }

    /// Every entry of the table that [`Prices::from_config`] skips, with why.
    pub fn problems(c: &BiddingConfig) -> Vec<(String, PriceError)> {
        let mut out = Vec::new();
        for (k, v) in &c.strategy.fixed.static_prices {
            if GpuModel::parse_category(k).is_none() {
                out.push((k.clone(), PriceError::Category(k.clone())));
            } else if !(v.is_finite() && *v > 0.0) || rate_cents(*v) == 0 {
                out.push((k.clone(), PriceError::Price(k.clone(), *v)));
            }
        }
        out
    }

    /// The price of one GPU-hour on a node with `gpus`: its own rate first, else the static
    /// price of its one GPU model (generation 1 answers with it, generation 2 bids it).
    pub fn for_gpus(&self, rate: Option<f64>, gpus: &[Gpu]) -> Option<u32> {
        self.for_node(rate, one_model(gpus))
    }

    /// The price of one GPU-hour on a node: its own rate first, else its category's.
    pub fn for_node(&self, rate: Option<f64>, category: Option<GpuModel>) -> Option<u32> {
        match rate {
            Some(r) => Some(rate_cents(r)),
            None => category.and_then(|c| self.by_category.get(&c).copied()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(entries: &[(&str, f64)]) -> BiddingConfig {
        let mut c = BiddingConfig::default();
        for (k, v) in entries {
            c.strategy.fixed.static_prices.insert((*k).into(), *v);
        }
        c
    }

    #[test]
    fn node_rate_wins_then_the_category_price_any_case() {
        let p = Prices::from_config(&config(&[("h100", 2.5), ("A100", 1.2)]));
        assert_eq!(p.for_node(Some(3.0), Some(GpuModel::H100)), Some(300));
        assert_eq!(p.for_node(None, Some(GpuModel::H100)), Some(250));
        assert_eq!(p.for_node(None, Some(GpuModel::A100)), Some(120));
        assert_eq!(p.for_node(None, Some(GpuModel::B300)), None);
        assert_eq!(p.for_node(None, None), None);
    }

    #[test]
    fn both_generations_price_a_node_by_its_one_model() {
        let p = Prices::from_config(&config(&[("H100", 2.5)]));
        let rows = |name: &str, n: usize| -> Vec<Gpu> {
            crate::core::nodes::gpu::parse_inventory(
                &format!("0, {name}, GPU-1, 81559, 1, 570.86.15, 9.0, 0, 31, 1\n").repeat(n),
            )
        };
        assert_eq!(p.for_gpus(None, &rows("NVIDIA H100 80GB HBM3", 8)), Some(250));
        assert_eq!(p.for_gpus(Some(3.0), &rows("NVIDIA GeForce RTX 4090", 2)), Some(300));
        assert_eq!(p.for_gpus(None, &rows("NVIDIA GeForce RTX 4090", 2)), None);
        let mut mixed = rows("NVIDIA H100 80GB HBM3", 1);
        mixed.extend(rows("NVIDIA A100-SXM4-80GB", 1));
        assert_eq!(one_model(&mixed), None);
        assert_eq!(one_model(&[]), None);
    }

    #[test]
    fn bad_entries_are_named() {
        let c = config(&[("RTX4090", 1.0), ("H200", 0.0), ("B200", 4.0)]);
        let problems = Prices::problems(&c);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(matches!(&problems[0].1, PriceError::Price(k, _) if k == "H200"));
        assert!(matches!(&problems[1].1, PriceError::Category(k) if k == "RTX4090"));
        assert_eq!(Prices::from_config(&c).for_node(None, Some(GpuModel::B200)), Some(400));
    }
}
