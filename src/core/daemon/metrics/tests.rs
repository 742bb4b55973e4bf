use super::*;

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
