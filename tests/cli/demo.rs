//! `demo`: the whole sandbox end to end, and nothing left behind.

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

#[test]
fn the_demo_passes_every_step_and_cleans_up() {
    let s = Sandbox::new();
    let started = std::time::Instant::now();
    let r = s.run(&["demo", "--json"]);
    r.code(0).stderr_has("validator: DiscoverNodes").stderr_has("no process or file left behind");
    let v = r.json();
    assert_eq!(v["ok"], true, "{v}");
    let steps: Vec<&str> = v["steps"].as_array().unwrap().iter().map(|x| x["step"].as_str().unwrap()).collect();
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
        assert!(steps.contains(&step), "missing step {step}: {steps:?}");
    }
    assert!(v["steps"].as_array().unwrap().iter().all(|x| x["ok"] == true), "{v}");
    // A step that passes with a failing exit code says why that is expected.
    let gpu = v["steps"].as_array().unwrap().iter().find(|x| x["step"] == "node gpu").unwrap();
    assert!(gpu["detail"].as_str().unwrap().contains("expected 1: the node without a driver lists no GPUs"), "{gpu}");
    assert!(started.elapsed() < std::time::Duration::from_secs(120));
    let scratch = v["scratch"].as_str().unwrap();
    assert!(scratch.contains("basilica-demo-"));
    assert!(!std::path::Path::new(scratch).exists(), "scratch directory removed");
    assert_eq!(processes_under(scratch), 0, "processes left behind");
}

#[test]
fn the_demo_scales_to_more_nodes() {
    let s = Sandbox::new();
    let r = s.run(&["demo", "--nodes", "6", "--json"]);
    r.code(0);
    let v = r.json();
    let discover = v["steps"].as_array().unwrap().iter().find(|x| x["step"] == "discover").unwrap();
    assert!(discover["detail"].as_str().unwrap().starts_with("6 node(s)"), "{v}");
    s.run(&["demo", "--nodes", "0"]).code(2);
}
