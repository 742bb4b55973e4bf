//! Prices per GPU-hour in cents: the node's own `hourly_rate_per_gpu`, else the static price
//! of its GPU category (`[bidding.strategy.static.static_prices]`, dollars, as upstream).

use std::collections::BTreeMap;

use crate::core::config::BiddingConfig;
use crate::core::nodes::gpu::Category;
use crate::core::nodes::node::rate_cents;

/// A price per GPU-hour as every table and message prints it: `$2.50 (250 ¢)`.
pub fn display(cents: u32) -> String {
    format!("${:.2} ({cents} ¢)", f64::from(cents) / 100.0)
}

/// The `static_prices` key whose price applies to a category that has none of its own.
pub const DEFAULT_KEY: &str = "default";

/// Static prices by category, in cents per GPU-hour, and the default price.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prices {
    by_category: BTreeMap<Category, u32>,
    default: Option<u32>,
}

/// A `static_prices` entry that cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PriceError {
    /// The key is not a category name.
    #[error("`{0}` is not a category name: write the category as validators name it (H100, RTX_5090, CPU_STANDARD, ...) or `default`, at most {max} characters", max = crate::core::nodes::category::MAX_LEN)]
    Category(String),
    /// The price is not a positive number of dollars (category, price).
    #[error("price {1} for {0} must be a number of dollars greater than 0")]
    Price(String, f64),
}

fn usable(v: f64) -> Option<u32> {
    (v.is_finite() && v > 0.0 && rate_cents(v) > 0).then(|| rate_cents(v))
}

impl Prices {
    /// The usable entries of the table; bad ones are skipped here (see [`Prices::problems`]).
    pub fn from_config(c: &BiddingConfig) -> Prices {
        let table = &c.strategy.fixed.static_prices;
        let default = table.iter().find(|(k, _)| k.eq_ignore_ascii_case(DEFAULT_KEY)).and_then(|(_, v)| usable(*v));
        let by_category = table
            .iter()
            .filter(|(k, _)| !k.eq_ignore_ascii_case(DEFAULT_KEY))
            .filter_map(|(k, v)| Some((Category::parse(k)?, usable(*v)?)))
            .collect();
        Prices { by_category, default }
    }

    /// Every entry of the table that [`Prices::from_config`] skips, with why.
    pub fn problems(c: &BiddingConfig) -> Vec<(String, PriceError)> {
        let mut out = Vec::new();
        for (k, v) in &c.strategy.fixed.static_prices {
            if !k.eq_ignore_ascii_case(DEFAULT_KEY) && Category::parse(k).is_none() {
                out.push((k.clone(), PriceError::Category(k.clone())));
            } else if usable(*v).is_none() {
                out.push((k.clone(), PriceError::Price(k.clone(), *v)));
            }
        }
        out
    }

    /// The price of one GPU-hour on a node: its own rate first, else its category's, else the
    /// `default` price.
    pub fn for_node(&self, rate: Option<f64>, category: Option<&Category>) -> Option<u32> {
        match rate {
            Some(r) => Some(rate_cents(r)),
            None => category.and_then(|c| self.by_category.get(c).copied()).or(self.default),
        }
    }

    /// Whether the table prices `category` itself (not through `default`).
    pub fn has(&self, category: &Category) -> bool {
        self.by_category.contains_key(category)
    }

    /// Whether the table has a `default` price.
    pub fn has_default(&self) -> bool {
        self.default.is_some()
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
        let cat = |n: &str| Category::parse(n).unwrap();
        assert_eq!(p.for_node(Some(3.0), Some(&cat("H100"))), Some(300));
        assert_eq!(p.for_node(None, Some(&cat("H100"))), Some(250));
        assert_eq!(p.for_node(None, Some(&cat("A100"))), Some(120));
        assert_eq!(p.for_node(None, Some(&cat("B300"))), None);
        assert_eq!(p.for_node(None, None), None);
        let p = Prices::from_config(&config(&[("rtx 5090", 0.5), ("CPU_STANDARD", 0.1), ("Default", 0.25)]));
        assert_eq!(p.for_node(None, Some(&cat("NVIDIA GeForce RTX 5090"))), Some(50));
        assert_eq!(p.for_node(None, Some(&cat("CPU_STANDARD"))), Some(10));
        assert_eq!(p.for_node(None, Some(&cat("RTX_3060"))), Some(25), "a category without a price takes the default");
        assert_eq!(p.for_node(None, None), Some(25));
        assert!(p.has(&cat("RTX_5090")) && !p.has(&cat("RTX_3060")) && p.has_default());
    }

    #[test]
    fn both_generations_price_a_node_by_its_one_model() {
        use crate::core::nodes::gpu::{one_category, Gpu};
        let p = Prices::from_config(&config(&[("H100", 2.5)]));
        let rows = |name: &str, n: usize| -> Vec<Gpu> {
            crate::core::nodes::gpu::parse_inventory(
                &format!("0, {name}, GPU-1, 81559, 1, 570.86.15, 9.0, 0, 31, 1\n").repeat(n),
            )
        };
        let for_gpus = |rate, gpus: &[Gpu]| p.for_node(rate, one_category(gpus).as_ref());
        assert_eq!(for_gpus(None, &rows("NVIDIA H100 80GB HBM3", 8)), Some(250));
        assert_eq!(for_gpus(Some(3.0), &rows("NVIDIA GeForce RTX 4090", 2)), Some(300));
        assert_eq!(for_gpus(None, &rows("NVIDIA GeForce RTX 4090", 2)), None, "RTX_4090 has no price");
        let mut mixed = rows("NVIDIA H100 80GB HBM3", 1);
        mixed.extend(rows("NVIDIA A100-SXM4-80GB", 1));
        assert_eq!(one_category(&mixed), None);
        assert_eq!(one_category(&[]), None);
    }

    #[test]
    fn bad_entries_are_named() {
        let long = "X".repeat(crate::core::nodes::category::MAX_LEN + 1);
        let c = config(&[("RTX4090", 1.0), ("H200", 0.0), ("B200", 4.0), (long.as_str(), 1.0), ("--", 1.0)]);
        let problems = Prices::problems(&c);
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(matches!(&problems[0].1, PriceError::Category(k) if k == "--"));
        assert!(matches!(&problems[1].1, PriceError::Price(k, _) if k == "H200"));
        assert!(matches!(&problems[2].1, PriceError::Category(k) if *k == long));
        let p = Prices::from_config(&c);
        assert_eq!(p.for_node(None, Category::parse("B200").as_ref()), Some(400));
        assert_eq!(p.for_node(None, Category::parse("rtx4090").as_ref()), Some(100), "any category can be priced");
    }
}
