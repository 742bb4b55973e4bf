//! Validation of generation-2 bidding: the bid port, the validator endpoint override, the
//! static price table, node addresses validators can reach (both generations) and, while
//! bidding is on, tell apart, and a price for every node.

use super::findings::Findings;
use crate::core::bidding::{endpoint, offer, prices::Prices};
use crate::core::config::problem::{KeyPath, Severity};

pub(super) fn bidding(f: &mut Findings<'_>) {
    let c = f.loaded.config.clone();
    f.port(&["bid_grpc_port"], c.bid_grpc_port);
    if let Some(e) = &c.bidding.validator_endpoint {
        if let Err(err) = endpoint::parse_override(e) {
            f.error(&["bidding", "validator_endpoint"], err.to_string(), "give the validator's bid service as http://IP:PORT or https://NAME[:PORT], or remove the line to use its axon IP and bid_grpc_port");
        }
    }
    if let Some(ca) = &c.bidding.validator_ca_file {
        let path = f.loaded.resolve_path(ca);
        match std::fs::read_to_string(&path) {
            Err(e) => f.error(
                &["bidding", "validator_ca_file"],
                format!("cannot read {}: {e}", path.display()),
                "give the PEM file of the CA that signed the validator's certificate",
            ),
            Ok(text) if !text.contains("-----BEGIN CERTIFICATE-----") => {
                f.error(
                    &["bidding", "validator_ca_file"],
                    format!("{} holds no PEM certificate", path.display()),
                    "give a file with -----BEGIN CERTIFICATE----- blocks",
                );
            }
            Ok(_) => {}
        }
    }
    for (key, image) in
        [("validation_image", &c.bidding.validation_image), ("port_check_image", &c.bidding.port_check_image)]
    {
        if !crate::core::nodes::validation::is_image_reference(image) {
            f.error(
                &["bidding", key],
                format!("`{image}` is not a Docker image reference"),
                "e.g. nvidia/cuda:12.8.0-runtime-ubuntu22.04",
            );
        }
    }
    for (key, problem) in Prices::problems(&c.bidding) {
        let at = KeyPath::keys(&["bidding", "strategy", "static", "static_prices"]).key(&key);
        f.push(
            Severity::Error,
            at,
            problem.to_string(),
            "write e.g. `H100 = 2.50` or `RTX_5090 = 0.60` (dollars per GPU-hour)".into(),
        );
    }
    let base = KeyPath::keys(&["node_management", "nodes"]);
    let addresses = || c.node_management.nodes.iter().map(|n| (n.host.as_str(), n.additional_opts.as_deref()));
    if !c.bidding.enabled {
        for (i, key, message) in offer::reach_warnings(addresses()) {
            f.push(
                Severity::Warning,
                base.clone().index(i).key(key),
                message,
                "give the node an IPv4 address and SSH port that validators reach directly".into(),
            );
        }
        return;
    }
    for (i, key, message) in offer::host_warnings(addresses()) {
        f.push(
            Severity::Warning,
            base.clone().index(i).key(key),
            message,
            "give each node its own IPv4 address that validators reach directly (or set [bidding] enabled = false)"
                .into(),
        );
    }
    let prices = Prices::from_config(&c.bidding);
    for (i, n) in c.node_management.nodes.iter().enumerate() {
        if n.hourly_rate_per_gpu.is_some() || prices.has_default() {
            continue;
        }
        let declared = n.gpu_category.as_deref().and_then(crate::core::nodes::category::Category::parse);
        match declared {
            Some(category) if !prices.has(&category) => f.push(
                Severity::Warning,
                base.clone().index(i),
                format!("node {} declares category {category}, which has no price in [bidding.strategy.static.static_prices] and no hourly_rate_per_gpu: it is not advertised", n.host),
                format!("add `{category} = 0.50` (dollars per GPU-hour) to static_prices, a `default` price, or `hourly_rate_per_gpu` to the node"),
            ),
            None if c.bidding.strategy.fixed.static_prices.is_empty() => f.push(
                Severity::Warning,
                base.clone().index(i),
                format!("node {} has no hourly_rate_per_gpu and [bidding.strategy.static.static_prices] is empty: it has no price and is not advertised", n.host),
                "add `hourly_rate_per_gpu = 2.50` to the node, or a price for its GPU category".into(),
            ),
            _ => {}
        }
    }
}
