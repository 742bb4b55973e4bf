//! `demo`: the whole sandbox end to end, generation 2 (the miner bids) by default under either
//! validator rule set, generation 1 on request, and nothing left behind.

use serde_json::Value;

use crate::support::Sandbox;

/// Processes whose command line mentions `scratch` (sshd nodes, serve, ssh masters).
fn processes_under(scratch: &str) -> usize {
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(std::result::Result::ok)
        .filter_map(|e| std::fs::read(e.path().join("cmdline")).ok())
        .filter(|c| String::from_utf8_lossy(c).contains(scratch))
        .count()
}

fn steps<'a>(v: &'a Value, name: &str) -> Vec<&'a Value> {
    v["steps"].as_array().unwrap().iter().filter(|x| x["step"] == name).collect()
}

fn detail<'a>(v: &'a Value, name: &str) -> &'a str {
    let found = steps(v, name);
    assert_eq!(found.len(), 1, "one {name} step expected: {v}");
    found[0]["detail"].as_str().unwrap()
}

fn assert_all_ok_and_cleaned_up(v: &Value) {
    assert_eq!(v["ok"], true, "{v}");
    assert!(v["steps"].as_array().unwrap().iter().all(|x| x["ok"] == true), "{v}");
    let scratch = v["scratch"].as_str().unwrap();
    assert!(scratch.contains("basilica-demo-"));
    assert!(!std::path::Path::new(scratch).exists(), "scratch directory removed");
    assert_eq!(processes_under(scratch), 0, "processes left behind");
}

#[test]
fn the_demo_bids_every_kind_of_node_to_a_validator_that_takes_any_category_and_keeps_the_broken_one_out() {
    let s = Sandbox::new();
    let r = s.run(&["demo", "--json"]);
    r.code(0)
        .stderr_has("offered 127.0.0.11 H100x8 at 250 cents")
        .stderr_has("offered 127.0.0.13 CPU_STANDARDx1")
        .stderr_has("left out root@127.0.0.14:")
        .stderr_has("(unhealthy): nvidia_driver_unreachable")
        .stderr_has("127.0.0.11: GPU-")
        .stderr_has("no process or file left behind");
    let v = r.json();
    assert_eq!(v["generation"], 2, "{v}");
    assert_eq!(v["rules"], "any", "{v}");
    let bids = steps(&v, "register_bid");
    assert_eq!(bids.len(), 1, "{v}");
    assert!(bids[0]["detail"].as_str().unwrap().contains("RegisterBid of 3 node(s): accepted, holds 3"), "{v}");
    let held = detail(&v, "held");
    for node in ["127.0.0.11 H100x8 at $2.50", "127.0.0.12 RTX_5090x2 at $0.60", "127.0.0.13 CPU_STANDARDx1 at $0.20"] {
        assert!(held.contains(node), "{held}");
    }
    assert!(!held.contains("127.0.0.14"), "{held}");
    let checks: Vec<&str> = steps(&v, "validator_check").iter().map(|x| x["detail"].as_str().unwrap()).collect();
    assert_eq!(checks.len(), 3, "{checks:?}");
    assert!(checks.iter().any(|c| c.starts_with("127.0.0.11 nvidia-smi: 8x NVIDIA H100")), "{checks:?}");
    assert!(checks.iter().any(|c| c.starts_with("127.0.0.12 nvidia-smi: 2x NVIDIA GeForce RTX 5090")), "{checks:?}");
    assert!(checks.iter().any(|c| c.starts_with("127.0.0.13 cpu probe:") && c.contains("vCPU")), "{checks:?}");
    assert!(detail(&v, "heartbeat").contains("HealthCheck for 3 host(s)"), "{v}");
    assert!(detail(&v, "heartbeat").ends_with(": 3 active"), "{v}");
    assert!(detail(&v, "left_out").contains("kept 127.0.0.14:"), "{v}");
    assert!(detail(&v, "key_absent").contains("refused on 127.0.0.14 (driver not loaded)"), "{v}");
    assert!(detail(&v, "metrics").starts_with("basilica_miner_bid_advertised_nodes 3 "), "{v}");
    assert_all_ok_and_cleaned_up(&v);
    eprintln!("demo took {} s", v["steps"].as_array().unwrap().last().unwrap()["secs"]);
}

#[test]
fn under_upstreams_rules_the_demo_shows_the_consumer_card_and_the_cpu_host_refused_by_name() {
    let s = Sandbox::new();
    let r = s.run(&["demo", "--rules", "upstream", "--json"]);
    r.code(0).stderr_has("GPU type 'RTX_5090' is not supported").stderr_has("GPU type 'CPU_STANDARD' is not supported");
    let v = r.json();
    assert_eq!(v["rules"], "upstream", "{v}");
    let bids: Vec<&str> = steps(&v, "register_bid").iter().map(|x| x["detail"].as_str().unwrap()).collect();
    assert_eq!(bids.len(), 3, "{bids:?}");
    assert!(bids[0].contains("refused: InvalidArgument: GPU type 'RTX_5090' is not supported"), "{bids:?}");
    assert!(bids[1].contains("refused: InvalidArgument: GPU type 'CPU_STANDARD' is not supported"), "{bids:?}");
    assert!(bids[2].contains("RegisterBid of 1 node(s): accepted, holds 1"), "{bids:?}");
    let held = detail(&v, "held");
    assert!(held.ends_with("the validator holds 127.0.0.11 H100x8 at $2.50"), "{held}");
    assert_eq!(steps(&v, "validator_check").len(), 1, "{v}");
    let absent = detail(&v, "key_absent");
    for node in ["127.0.0.12 (2x RTX 5090)", "127.0.0.13 (CPU-only host)", "127.0.0.14 (driver not loaded)"] {
        assert!(absent.contains(node), "{absent}");
    }
    assert!(detail(&v, "heartbeat").ends_with(": 1 active"), "{v}");
    assert_all_ok_and_cleaned_up(&v);
}

#[test]
fn generation_1_still_plays_a_validator_that_calls_the_miner() {
    let s = Sandbox::new();
    let r = s.run(&["demo", "--generation", "1", "--json"]);
    r.code(0).stderr_has("validator: DiscoverNodes").stderr_has("no process or file left behind");
    let v = r.json();
    assert_eq!(v["generation"], 1, "{v}");
    assert!(v.get("rules").is_none(), "{v}");
    let names: Vec<&str> = v["steps"].as_array().unwrap().iter().map(|x| x["step"].as_str().unwrap()).collect();
    for step in [
        "nodes",
        "serve",
        "authenticate",
        "miner signature",
        "discover",
        "ssh",
        "node test",
        "node gpu",
        "metrics",
        "teardown",
    ] {
        assert!(names.contains(&step), "missing step {step}: {names:?}");
    }
    // A step that passes with a failing exit code says why that is expected.
    assert!(detail(&v, "node gpu").contains("expected 1: the node without a driver lists no GPUs"), "{v}");
    assert!(detail(&v, "discover").starts_with("4 node(s)"), "{v}");
    assert_all_ok_and_cleaned_up(&v);
}

#[test]
fn the_demo_scales_to_more_nodes() {
    let s = Sandbox::new();
    let v = s.run(&["demo", "--nodes", "6", "--json"]).code(0).json();
    let held = detail(&v, "held");
    for node in ["127.0.0.14 H200x8", "127.0.0.15 B200x8"] {
        assert!(held.contains(node), "{held}");
    }
    assert_eq!(steps(&v, "validator_check").len(), 5, "{v}");
    assert_all_ok_and_cleaned_up(&v);
    let v = s.run(&["demo", "--generation", "1", "--nodes", "6", "--json"]).code(0).json();
    assert!(detail(&v, "discover").starts_with("6 node(s)"), "{v}");
    s.run(&["demo", "--nodes", "0"]).code(2);
    s.run(&["demo", "--rules", "fork"]).code(2).stderr_has("--rules");
}
