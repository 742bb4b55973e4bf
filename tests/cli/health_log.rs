//! The health log at 3 a.m.: a node that stops answering is logged when it starts failing and
//! when it recovers (with how long it was down), not once per health round.

use basilica_miner::testbed::GpuProfile::*;

use crate::support::{healthy_nodes, setup, start};
use crate::support::{http_get, wait_for};

/// The health episode's WARN lines of the daemon's log that name `address` (a full validation
/// of the stalled node may warn about its own cleanup too: another event, not a health round).
fn warns_about(log: &str, address: &str) -> Vec<String> {
    log.lines()
        .filter(|l| l.contains(" WARN ") && l.contains(address))
        .filter(|l| ["node failing", "node still failing", "node recovered"].iter().any(|m| l.contains(m)))
        .map(str::to_string)
        .collect()
}

#[test]
fn a_node_down_for_many_rounds_is_logged_when_it_fails_and_when_it_recovers() {
    let (s, bed, _hotkey, grpc, metrics) = setup(&[H100x8, H100x8]);
    // A health round every second, a node answer within 2 s, no retries within a round.
    s.node_management(&[("health_check_timeout", 2), ("health_check_interval", 1), ("max_retry_attempts", 1)]);
    let d = start(&s, grpc, metrics);
    wait_for("both nodes healthy", &d, 20, || healthy_nodes(&http_get(d.metrics, "/metrics")) == 2);
    let node = &bed.nodes[1];
    let address = format!("{}:{}", node.ip, node.port);
    let runs = || {
        let m = http_get(d.metrics, "/metrics");
        m.lines()
            .find_map(|l| l.strip_prefix("basilica_miner_reconcile_runs_total "))
            .and_then(|v| v.trim().parse::<f64>().ok())
            .unwrap_or(0.0)
    };

    // The machine freezes for several rounds.
    node.pause();
    wait_for("the node seen failing", &d, 20, || healthy_nodes(&http_get(d.metrics, "/metrics")) == 1);
    let failing_since = runs();
    wait_for("four more rounds with the node failing", &d, 60, || runs() >= failing_since + 4.0);
    node.resume();
    // Under load the other node may fail a round too: its lines are its own.
    wait_for("the node recovered", &d, 30, || {
        warns_about(&d.log(), &address).iter().any(|l| l.contains("node recovered"))
    });

    let warns = warns_about(&d.log(), &address);
    assert!(
        (2..=3).contains(&warns.len()),
        "start and recovery (and at most one change of cause), not one per round:\n{}\n\nthe whole log:\n{}",
        warns.join("\n"),
        d.log()
    );
    assert!(warns[0].contains("node failing its health check") && warns[0].contains("fix="), "{}", warns[0]);
    let last = warns.last().unwrap();
    assert!(last.contains("node recovered") && last.contains("down_for="), "{last}");
}
