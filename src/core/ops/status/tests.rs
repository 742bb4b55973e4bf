use super::*;
use crate::core::daemon::state::store::{BidRecord, OfferedTotal};

fn loaded(extra: &str) -> (tempfile::TempDir, LoadedConfig) {
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("miner.toml");
    std::fs::write(
        &path,
        format!(
            "[[node_management.nodes]]\nhost = \"10.0.0.1\"\nusername = \"gpu\"\nhourly_rate_per_gpu = 2.5\n{extra}"
        ),
    )
    .unwrap();
    let l = crate::core::config::load(&path, std::iter::empty()).unwrap();
    (d, l)
}

fn node(health: NodeHealth, code: Option<&str>) -> NodeStatus {
    NodeStatus {
        node_id: "n".into(),
        address: "gpu@10.0.0.1:22".into(),
        health,
        code: code.and_then(crate::core::nodes::fleet::Code::parse),
        fix: code.and_then(crate::core::nodes::fleet::Code::parse).map(crate::core::nodes::fleet::Code::fix),
        detail: code.map(|_| "driver gone".to_string()),
        checked_at: Some(990),
        uptime_streak_secs: 0,
        gpus: 8,
        gpu_model: Some("H100".into()),
        cpu: None,
        price_cents: Some(250),
        validation: None,
        offered_24h: OfferedTotal { gpu_seconds: 8 * 3600, cent_seconds: 8 * 3600 * 250 },
        refused: None,
        left_out: None,
        rentals: Vec::new(),
        maintenance: None,
    }
}

/// A daemon that runs, serves, follows a fresh metagraph, holds a validator and is registered.
fn all_well(l: &LoadedConfig) -> StatusReport {
    let nodes = vec![node(NodeHealth::Healthy, None)];
    StatusReport {
        at: 1000,
        config: "miner.toml".into(),
        daemon: DaemonPart {
            running: true,
            pid: Some(7),
            up_since: Some(10),
            endpoint: Some("http://127.0.0.1:50051".into()),
            health: Some("Serving".into()),
            health_error: None,
            metrics_url: None,
            version: Some(env!("CARGO_PKG_VERSION").into()),
            git_sha: None,
            this_version: env!("CARGO_PKG_VERSION").into(),
        },
        chain: ChainPart {
            network: "finney".into(),
            endpoint: "wss://x".into(),
            online: Some(true),
            metagraph_at: Some(900),
            metagraph_age_secs: Some(100),
            refresh_secs: 300,
            refresh_failures: Some(0),
        },
        validator: ValidatorPart { strategy: "highest_stake", hotkey: Some("5V".into()), since: Some(5) },
        bid: BidPart {
            enabled: l.config.bidding.enabled,
            registered: true,
            record: BidRecord {
                validator_hotkey: Some("5V".into()),
                registration_id: Some("r".into()),
                heartbeat_secs: Some(60),
                last_heartbeat_at: Some(980),
                last_heartbeat_result: Some("ok".into()),
                ..BidRecord::default()
            },
        },
        sessions_last_hour: ActivitySummary::default(),
        offered_24h: Offered::sum(&nodes),
        rentals: RentalsPart::default(),
        nodes,
        attention: Vec::new(),
        unreadable: Vec::new(),
        default_username: "gpu".into(),
    }
}

#[test]
fn all_well_needs_nothing_and_exits_0() {
    let (_d, l) = loaded("");
    let mut s = all_well(&l);
    s.attention = attention::collect(&s, &l);
    assert!(s.attention.is_empty(), "{:#?}", s.attention);
    assert_eq!(s.exit_class(), None);
    assert!((s.offered_24h.gpu_hours - 8.0).abs() < 1e-9);
    assert_eq!(s.offered_24h.value_cents, 2000);
}

#[test]
fn no_daemon_is_the_one_thing_said_and_exits_unreachable() {
    let (_d, l) = loaded("");
    let mut s = all_well(&l);
    s.daemon.running = false;
    s.daemon.health = None;
    s.attention = attention::collect(&s, &l);
    assert_eq!(s.attention.len(), 1, "{:#?}", s.attention);
    assert!(s.attention[0].problem.contains("not running"), "{:#?}", s.attention);
    assert!(s.attention[0].fix.contains("serve"));
    assert_eq!(s.exit_class(), Some(ExitClass::Unreachable));
}

#[test]
fn a_stale_chain_comes_before_a_failing_node_whose_fix_is_its_codes() {
    let (_d, l) = loaded("");
    let mut s = all_well(&l);
    s.nodes = vec![node(NodeHealth::Failing, Some("nvidia_driver_unreachable"))];
    s.chain.metagraph_age_secs = Some(3 * 300 + 61);
    s.chain.refresh_failures = Some(4);
    s.attention = attention::collect(&s, &l);
    let subjects: Vec<&str> = s.attention.iter().map(|a| a.subject.as_str()).collect();
    assert_eq!(subjects, ["chain", "gpu@10.0.0.1:22"], "{:#?}", s.attention);
    assert!(s.attention[0].problem.contains("4 failed refreshes"), "{}", s.attention[0].problem);
    assert_eq!(s.attention[1].fix, crate::core::nodes::fleet::Code::NvidiaDriverUnreachable.fix());
    assert_eq!(s.exit_class(), Some(ExitClass::Failure));
}

#[test]
fn bid_problems_are_said_only_when_bidding_is_enabled() {
    let (_d, l) = loaded("");
    let mut s = all_well(&l);
    s.bid.record.last_heartbeat_at = Some(1000 - 4 * 60);
    s.attention = attention::collect(&s, &l);
    assert!(
        s.attention.iter().any(|a| a.problem.contains("last accepted heartbeat was 4 min ago")),
        "{:#?}",
        s.attention
    );
    s.bid.registered = false;
    s.bid.record.last_error = Some("refused: price too high".into());
    s.attention = attention::collect(&s, &l);
    assert!(s.attention.iter().any(|a| a.problem.contains("price too high")), "{:#?}", s.attention);
    let (_d2, off) = loaded("[bidding]\nenabled = false\n");
    s.bid.enabled = off.config.bidding.enabled;
    s.attention = attention::collect(&s, &off);
    assert!(s.attention.is_empty(), "{:#?}", s.attention);
}

#[test]
fn an_older_daemon_and_a_refused_node_are_named() {
    let (_d, l) = loaded("");
    let mut s = all_well(&l);
    s.daemon.version = Some("0.0.1".into());
    s.nodes[0].refused = Some("gpu count mismatch".into());
    s.attention = attention::collect(&s, &l);
    assert!(s.attention.iter().any(|a| a.problem.contains("runs version 0.0.1")), "{:#?}", s.attention);
    assert!(s.attention.iter().any(|a| a.problem.contains("refused this node: gpu count mismatch")));
}

#[test]
fn a_node_left_out_for_how_validators_reach_it_is_named_with_its_reason() {
    let (_d, l) = loaded("");
    let mut s = all_well(&l);
    s.nodes[0].left_out = Some(crate::core::bidding::LeftOut::new(
        uuid::Uuid::nil(),
        "gpu@10.0.0.1:22".into(),
        crate::core::bidding::Reason::IndirectRoute,
        "additional_opts change the route (`ProxyJump j@10.0.0.9`)".into(),
    ));
    s.attention = attention::collect(&s, &l);
    assert!(
        s.attention
            .iter()
            .any(|a| a.problem.contains("not advertised (indirect_route): additional_opts change the route")),
        "{:#?}",
        s.attention
    );
}
