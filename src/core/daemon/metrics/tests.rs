use std::time::Duration;

use super::*;
use crate::core::bidding::answering::{EndpointState, Look, ValidatorLook};

#[test]
fn guide_names_are_exposed() {
    let m = Metrics::new();
    m.set_node_count(3);
    m.auth(true);
    m.deployment(true);
    m.latency("DiscoverNodes", Duration::from_millis(5));
    m.metagraph_refreshed(crate::core::support::clock::unix_now() - 42);
    let text = m.render(true);
    // Families without samples yet are still declared (alerts and dashboards query them).
    assert!(text.contains("# TYPE basilica_miner_database_errors counter"), "{text}");
    let age: f64 = text
        .lines()
        .find_map(|l| l.strip_prefix("basilica_miner_metagraph_age_seconds "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no metagraph age:\n{text}"));
    assert!((41.0..=45.0).contains(&age), "age {age}, expected about 42:\n{text}");
    for name in [
        "basilica_miner_node_count 3",
        "basilica_miner_validator_connections_total 1",
        "basilica_miner_ssh_deployments_total{result=\"ok\"} 1",
        "basilica_miner_authentication_requests_total{result=\"ok\"} 1",
        "basilica_miner_request_duration_seconds_count{method=\"DiscoverNodes\"} 1",
    ] {
        assert!(text.contains(name), "missing {name}:\n{text}");
    }
}

/// Every name `status` and the dashboards may read is declared by a daemon's exposition once
/// it has one node and an assigned validator (per-node families have no series before).
fn looked_at(hotkey: &str, state: EndpointState) -> ValidatorLook {
    ValidatorLook { hotkey: hotkey.into(), uid: 1, stake: 1, look: Look::new(state, None, "", 1), assigned: false }
}

#[test]
fn bid_endpoint_states_are_all_exposed_and_validators_gone_lose_their_series() {
    let m = Metrics::new();
    let text = m.render(true);
    for label in crate::core::daemon::metrics::bids::ENDPOINT_STATE_LABELS {
        let want = i32::from(label == "unchecked");
        assert!(
            text.contains(&format!("basilica_miner_bid_endpoint_state{{state=\"{label}\"}} {want}")),
            "{label}\n{text}"
        );
    }
    m.bid_validators_looked_at(&[
        looked_at("5W", EndpointState::NoBidService),
        looked_at("5X", EndpointState::TakesBids),
    ]);
    m.bid_validators_looked_at(&[looked_at("5X", EndpointState::NoAnswer)]);
    let text = m.render(true);
    assert!(!text.contains("validator=\"5W\""), "{text}");
    assert!(
        !text.contains("state=\"takes_bids\"}} 1")
            && text.contains("bid_validator_state{validator=\"5X\",state=\"no_answer\"} 1"),
        "{text}"
    );
}

#[test]
fn every_name_in_the_one_list_is_declared() {
    let m = Metrics::new();
    m.node_health("id", "gpu@10.0.0.1:22", true);
    m.node_checked("gpu@10.0.0.1:22", &[("H100".to_string(), 8)], &[], 100);
    m.uptime_streaks(&[("gpu@10.0.0.1:22".to_string(), Some(100))], 160);
    m.set_assigned(Some("5V".to_string()));
    m.bid_registered("5V", true);
    m.node_rentals("gpu@10.0.0.1:22", "H100", true, 8, Some(0), None);
    m.bid_validators_looked_at(&[looked_at("5W", EndpointState::NoBidService)]);
    m.configured_nodes(&[("gpu@10.0.0.1:22".to_string(), true)]);
    let text = m.render(true);
    let missing: Vec<&str> =
        names::ALL.into_iter().filter(|n| !text.contains(&format!("# TYPE {} ", names::exposed(n)))).collect();
    assert!(missing.is_empty(), "not declared: {missing:?}");
}
