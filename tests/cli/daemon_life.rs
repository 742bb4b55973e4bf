//! `serve` left alone for months: the chain node restarts, the operator reloads, the disk
//! fills up, strangers flood it from whole IPv6 subnets. The real binary, real sshd nodes, a
//! real SQLite file, the chain double and real gRPC clients.

use std::process::Command;
use std::time::{Duration, Instant};

use basilica_miner::core::testbed::GpuProfile::*;
use basilica_miner::core::wallet::Keypair;

use crate::chain_double::ChainDouble;
use crate::serve::{free_port, http_get, setup, start, start_with, validator, validator_as, Daemon};
use crate::support::Sandbox;

fn wait_for(what: &str, d: &Daemon, secs: u64, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while !done() {
        assert!(Instant::now() < deadline, "{what} within {secs} s:\n{}", d.log());
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn metric(d: &Daemon, name: &str) -> Option<f64> {
    http_get(d.metrics, "/metrics").lines().find_map(|l| l.strip_prefix(name).and_then(|v| v.trim().parse().ok()))
}

/// A sandbox whose miner follows the chain double: highest stake, 1 s metagraph and health periods.
fn online(s: &Sandbox, double: &ChainDouble) {
    let text = s
        .read("miner.toml")
        .replace("strategy = \"fixed_assignment\"", "strategy = \"highest_stake\"")
        .replace("[bittensor]\n", &format!("[bittensor]\nchain_endpoint = \"{}\"\nmetagraph_refresh_secs = 1\n", double.url))
        .replace("health_check_timeout = 3\n", "health_check_timeout = 3\nhealth_check_interval = 1\n");
    s.write("miner.toml", &text);
}

fn stakes(double: &ChainDouble, miner: [u8; 32], alice: u64, bob: u64) {
    let (a, b) = (Keypair::from_uri("//Alice").unwrap(), Keypair::from_uri("//Bob").unwrap());
    double.set_neurons(387, &[(a.public(), 0, true, vec![alice]), (b.public(), 1, true, vec![bob]), (miner, 3, false, vec![1])]);
}

#[test]
fn the_daemon_reconnects_when_the_chain_node_restarts() {
    let mut double = ChainDouble::start();
    let (s, bed, miner_hotkey, grpc, metrics) = setup(&[H100x8, H100x8]);
    let miner = *basilica_miner::core::ss58::parse(&miner_hotkey).unwrap().as_ref();
    stakes(&double, miner, 900, 100);
    online(&s, &double);
    let mut d = start_with(&s, grpc, metrics, &["serve"]);
    let (alice, bob) = (Keypair::from_uri("//Alice").unwrap().ss58, Keypair::from_uri("//Bob").unwrap().ss58);
    wait_for("first metagraph", &d, 20, || d.log().contains("validator assignment from the metagraph"));
    let v = validator_as(&s, &d, &miner_hotkey, "//Alice", "flow");
    assert_eq!(v["nodes"].as_array().unwrap().len(), 2, "{v}");

    // The chain node goes away (upgrade, dropped socket); meanwhile the stake order flips.
    double.stop();
    wait_for("refresh failures noticed", &d, 20, || d.log().contains("metagraph refresh failed"));
    stakes(&double, miner, 100, 900);
    std::thread::sleep(Duration::from_secs(2));
    assert!(bed.nodes[0].read_authorized_keys().contains(&format!("validator-{alice}")), "the last good snapshot stays in force during the outage");
    let restarted = Instant::now();
    double.restart();
    wait_for("the old validator's key revoked everywhere", &d, 30, || {
        bed.nodes.iter().all(|n| !n.read_authorized_keys().contains(&format!("validator-{alice}")))
    });
    assert!(restarted.elapsed() < Duration::from_secs(30));
    let v = validator_as(&s, &d, &miner_hotkey, "//Bob", "flow");
    assert_eq!(v["nodes"].as_array().unwrap().len(), 2, "the new highest-stake validator is served: {v}");
    for n in &bed.nodes {
        let text = n.read_authorized_keys();
        assert_eq!(text.matches(" validator-").count(), 1, "{text}");
        assert!(text.contains(&format!("validator-{bob}")));
    }
    assert!(d.log().contains("reconnected to the chain"), "{}", d.log());
    assert!(metric(&d, "basilica_miner_metagraph_refresh_failures_total").unwrap() >= 1.0);
    assert!(metric(&d, "basilica_miner_metagraph_age_seconds").unwrap() < 5.0, "fresh again");
    assert!(d.child.try_wait().unwrap().is_none(), "the daemon never exits");
}

#[test]
fn a_chain_that_is_down_at_start_is_waited_for() {
    let port = free_port();
    let (s, bed, miner_hotkey, grpc, metrics) = setup(&[H100x8]);
    let url = format!("ws://127.0.0.1:{port}");
    let text = s
        .read("miner.toml")
        .replace("strategy = \"fixed_assignment\"", "strategy = \"highest_stake\"")
        .replace("[bittensor]\n", &format!("[bittensor]\nchain_endpoint = \"{url}\"\nmetagraph_refresh_secs = 1\n"))
        .replace("health_check_timeout = 3\n", "health_check_timeout = 3\nhealth_check_interval = 1\n");
    s.write("miner.toml", &text);
    let d = start_with(&s, grpc, metrics, &["serve"]);
    wait_for("the outage reported", &d, 20, || d.log().contains("no metagraph yet"));
    // Nobody is permitted without a metagraph: refused, never let in.
    let v = validator_as(&s, &d, &miner_hotkey, "//Alice", "discover");
    assert_ne!(v["result"]["nodes"], 1, "{v}");
    assert!(!bed.nodes[0].read_authorized_keys().contains(" validator-"));
    let double = ChainDouble::start_on(port);
    let miner = *basilica_miner::core::ss58::parse(&miner_hotkey).unwrap().as_ref();
    stakes(&double, miner, 900, 100);
    wait_for("metagraph after the chain came up", &d, 30, || d.log().contains("validator assignment from the metagraph"));
    let v = validator_as(&s, &d, &miner_hotkey, "//Alice", "flow");
    assert_eq!(v["nodes"].as_array().unwrap().len(), 1, "{v}");
}

#[test]
fn sighup_reloads_nodes_and_refuses_a_broken_file() {
    let (s, bed, miner_hotkey, grpc, metrics) = setup(&[H100x8, H100x8, H100x8]);
    // The daemon starts with the first two nodes; the third is added while it runs.
    let text = s.read("miner.toml");
    let third = format!("\n[[node_management.nodes]]\nhost = \"127.0.0.1\"\nport = {}\nusername = \"{}\"\nhourly_rate_per_gpu = 2.5\n", bed.nodes[2].port, bed.nodes[2].username);
    assert!(text.contains(&third));
    s.write("miner.toml", &text.replace(&third, "").replace("health_check_timeout = 3\n", "health_check_timeout = 3\nhealth_check_interval = 30\n"));
    let d = start(&s, grpc, metrics);
    let v = validator(&s, &d, &miner_hotkey, "flow");
    assert_eq!(v["nodes"].as_array().unwrap().len(), 2, "{v}");

    // `node add` sees the daemon and says how to apply the change; --reload applies it.
    let spec = format!("{}@127.0.0.1:{}", bed.nodes[2].username, bed.nodes[2].port);
    s.run(&["node", "add", &spec, "--rate", "2.5"]).code(0).stderr_has(&format!("kill -HUP {}", d.child.id()));
    s.run(&["node", "remove", &spec, "--yes"]).code(0);
    let r = s.run(&["node", "add", &spec, "--rate", "2.5", "--reload"]);
    r.code(0).stderr_has("asked the running serve");
    wait_for("the added node counted", &d, 20, || metric(&d, "basilica_miner_node_count") == Some(3.0));
    // Health-checked and given the assigned validator's key at once, without waiting 30 s.
    wait_for("the added node gets the validator key", &d, 20, || bed.nodes[2].read_authorized_keys().contains(" validator-"));
    let v = validator(&s, &d, &miner_hotkey, "discover");
    assert_eq!(v["result"]["nodes"], 3, "{v}");

    // A removed node loses the validator line and is no longer handed out.
    let first = format!("{}@127.0.0.1:{}", bed.nodes[0].username, bed.nodes[0].port);
    s.run(&["node", "remove", &first, "--yes", "--reload"]).code(0);
    wait_for("the removed node's validator key revoked", &d, 20, || !bed.nodes[0].read_authorized_keys().contains(" validator-"));
    assert!(bed.nodes[0].read_authorized_keys().starts_with("# operator key\nssh-ed25519 "), "operator lines kept");
    let v = validator(&s, &d, &miner_hotkey, "discover");
    assert_eq!(v["result"]["nodes"], 2, "{v}");

    // A file that does not parse is refused, by line; the daemon keeps serving what it had.
    let good = s.read("miner.toml");
    s.write("miner.toml", &good.replace("[node_management]\n", "[node_management]\nhealth_check_interval = \"soon\n"));
    assert!(Command::new("kill").args(["-HUP", &d.child.id().to_string()]).status().unwrap().success());
    wait_for("the failed reload counted", &d, 20, || metric(&d, "basilica_miner_config_reloads_total{result=\"failed\"}") == Some(1.0));
    let log = d.log();
    assert!(log.contains("configuration reload refused") && log.contains("miner.toml:"), "the refusal names the file and line:\n{log}");
    let v = validator(&s, &d, &miner_hotkey, "discover");
    assert_eq!(v["result"]["nodes"], 2, "still serving the last good configuration: {v}");
    // A file that parses but does not validate is refused too.
    s.write("miner.toml", &good.replace("[validator_comms.rate_limit]\n", "[validator_comms.rate_limit]\nipv6_prefix = 200\n"));
    assert!(Command::new("kill").args(["-HUP", &d.child.id().to_string()]).status().unwrap().success());
    wait_for("the second failed reload counted", &d, 20, || metric(&d, "basilica_miner_config_reloads_total{result=\"failed\"}") == Some(2.0));
    assert!(d.log().contains("ipv6_prefix"), "{}", d.log());
    assert!(d.child.id() > 0 && metric(&d, "basilica_miner_node_count") == Some(2.0));
}
