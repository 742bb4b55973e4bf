//! The operator guide's own command lines: `health-check`, `service test-ssh`,
//! `service test-bittensor`, `-vvv`, and the bare `--config FILE` of its unit file.

use basilica_miner::testbed::GpuProfile::*;

use crate::support::{setup, start_with};
use basilica_miner::testbed::chain_double::ChainDouble;

fn items(v: &serde_json::Value) -> Vec<(String, String)> {
    v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].as_str().unwrap().to_string(), c["outcome"].as_str().unwrap().to_string()))
        .collect()
}

#[test]
fn bare_config_runs_serve_and_health_check_sums_up_every_area() {
    let double = ChainDouble::start();
    let (s, mut bed, miner_hotkey, grpc, metrics) = setup(&[H100x8, NoDriver]);
    let miner = *basilica_miner::core::identity::ss58::parse(&miner_hotkey).unwrap().as_ref();
    double.set_uid(387, miner, 3);
    let text =
        s.read("miner.toml").replace("[bittensor]\n", &format!("[bittensor]\nchain_endpoint = \"{}\"\n", double.url));
    s.write("miner.toml", &text);
    let config = s.path("miner.toml").display().to_string();

    // No command at all, only the config: the guide's systemd unit and compose file.
    let d = start_with(&s, grpc, metrics, &["--config", &config]);
    crate::support::wait_for("the listener", &d, 20, || d.log().contains("listening for validators"));

    let r = s.run(&["--config", &config, "--json", "health-check"]);
    r.code(0);
    let v = r.json();
    assert_eq!(v["ok"], true, "{v}");
    let got = items(&v);
    let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
    // Then one row per failing node.
    assert_eq!(names, ["config", "database", "wallet", "chain", "daemon", "nodes", "node"], "{v}");
    let outcome = |name: &str| got.iter().find(|(n, _)| n == name).unwrap().1.clone();
    for pass in ["database", "wallet", "chain", "daemon"] {
        assert_eq!(outcome(pass), "pass", "{pass}: {v}");
    }
    assert_eq!(outcome("nodes"), "warn", "one of two nodes has no driver: {v}");
    let table = s.run(&["-c", &config, "health-check"]);
    table.code(0).stdout_has("registered as uid 3").stdout_has("1/2 healthy");

    // node list shows what serve recorded: health and the uptime streak.
    s.run(&["-c", &config, "node", "list"])
        .code(0)
        .stdout_has("UPTIME STREAK")
        .stdout_has("healthy")
        .stdout_has("failing: nvidia_driver_unreachable");
    let nodes = s.run(&["-c", &config, "--json", "node", "list"]).code(0).json();
    assert_eq!(nodes[0]["health"]["ok"], true, "{nodes}");
    assert!(nodes[0]["health"]["uptime_streak_seconds"].as_i64().unwrap() >= 0);
    assert_eq!(nodes[1]["health"]["uptime_streak_seconds"], 0, "{nodes}");

    // The guide's service checks.
    s.run(&["-c", &config, "service", "test-ssh"]).code(0).stdout_has("pass");
    s.run(&["-c", &config, "service", "test-bittensor"]).code(0).stdout_has("uid 3");
    s.run(&["-vvv", "-c", &config, "config", "validate"]).code(0);

    // A node that stops answering fails test-ssh; a chain that is gone fails the rest.
    bed.nodes[0].kill();
    let r = s.run(&["-c", &config, "--json", "service", "test-ssh"]);
    r.code(1);
    assert!(r.stdout.contains(&format!("127.0.0.1:{}", bed.nodes[0].port)), "{}", r.stdout);
    drop(double);
    let r = s.run(&["-c", &config, "--json", "health-check"]);
    // The chain is unreachable (3), which tells more than the node that failed (1).
    r.code(3);
    let got = items(&r.json());
    assert!(
        got.contains(&("chain".into(), "fail".into())) && got.contains(&("nodes".into(), "fail".into())),
        "{got:?}"
    );
    s.run(&["-c", &config, "service", "test-bittensor"]).code(3);
    drop(d);
}

#[test]
fn no_command_and_no_config_is_a_usage_error() {
    let s = crate::support::Sandbox::new();
    let r = s.run(&[]);
    r.code(2).stderr_has("--config FILE alone to run serve");
}
