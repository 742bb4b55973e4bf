//! `serve` left alone for months: the chain node restarts, the operator reloads, the disk
//! fills up, strangers flood it from whole IPv6 subnets. The real binary, real sshd nodes, a
//! real SQLite file, the chain double and real gRPC clients.

use std::process::Command;
use std::time::{Duration, Instant};

use basilica_miner::core::identity::wallet::Keypair;
use basilica_miner::core::ops::probe::client::auth_request;
use basilica_miner::testbed::GpuProfile::*;

use crate::support::Sandbox;
use crate::support::SmallDisk;
use crate::support::{free_port, setup, start, start_with, validator, validator_as, wait_for};
use basilica_miner::testbed::chain_double::ChainDouble;

/// A sandbox whose miner follows the chain double: highest stake, 1 s metagraph and health periods.
fn online(s: &Sandbox, double: &ChainDouble) {
    crate::support::follow_chain(s, &double.url);
}

fn stakes(double: &ChainDouble, miner: [u8; 32], alice: u64, bob: u64) {
    let (a, b) = (Keypair::from_uri("//Alice").unwrap(), Keypair::from_uri("//Bob").unwrap());
    double.set_neurons(
        387,
        &[(a.public(), 0, true, vec![alice]), (b.public(), 1, true, vec![bob]), (miner, 3, false, vec![1])],
    );
}

#[test]
fn the_daemon_reconnects_when_the_chain_node_restarts() {
    let mut double = ChainDouble::start();
    let (s, bed, miner_hotkey, grpc, metrics) = setup(&[H100x8, H100x8]);
    let miner = *basilica_miner::core::identity::ss58::parse(&miner_hotkey).unwrap().as_ref();
    stakes(&double, miner, 900, 100);
    online(&s, &double);
    let mut d = start_with(&s, grpc, metrics, &["serve"]);
    let (alice, bob) = (Keypair::from_uri("//Alice").unwrap().ss58, Keypair::from_uri("//Bob").unwrap().ss58);
    wait_for("first metagraph", &d, 60, || d.log().contains("validator assignment from the metagraph"));
    let v = validator_as(&s, &d, &miner_hotkey, "//Alice", "flow");
    assert_eq!(v["nodes"].as_array().unwrap().len(), 2, "{v}");

    // The chain node goes away (upgrade, dropped socket); meanwhile the stake order flips.
    double.stop();
    wait_for("refresh failures noticed", &d, 60, || {
        d.metric("basilica_miner_metagraph_refresh_failures_total").is_some_and(|n| n >= 1.0)
    });
    stakes(&double, miner, 100, 900);
    // Down for longer than three refresh periods (the daemon warns about a stale metagraph).
    std::thread::sleep(Duration::from_secs(6));
    assert!(
        bed.nodes[0].read_authorized_keys().contains(&format!("validator-{alice}")),
        "the last good snapshot stays in force during the outage"
    );
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
    assert!(d.log().contains("over three refresh periods"), "a stale metagraph is warned about:\n{}", d.log());
    assert!(d.metric("basilica_miner_metagraph_refresh_failures_total").unwrap() >= 1.0);
    assert!(d.metric("basilica_miner_metagraph_age_seconds").unwrap() < 5.0, "fresh again");
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
        .replace("[bittensor]\n", &format!("[bittensor]\nchain_endpoint = \"{url}\"\nmetagraph_refresh_secs = 1\n"));
    s.write("miner.toml", &text);
    s.node_management(&[("health_check_interval", 1)]);
    let d = start_with(&s, grpc, metrics, &["serve"]);
    wait_for("the outage reported", &d, 60, || d.log().contains("no metagraph yet"));
    // Nobody is permitted without a metagraph: refused, never let in.
    let v = validator_as(&s, &d, &miner_hotkey, "//Alice", "discover");
    assert_ne!(v["result"]["nodes"], 1, "{v}");
    assert!(!bed.nodes[0].read_authorized_keys().contains(" validator-"));
    let double = ChainDouble::start_on(port);
    let miner = *basilica_miner::core::identity::ss58::parse(&miner_hotkey).unwrap().as_ref();
    stakes(&double, miner, 900, 100);
    wait_for("metagraph after the chain came up", &d, 60, || {
        d.log().contains("validator assignment from the metagraph")
    });
    let v = validator_as(&s, &d, &miner_hotkey, "//Alice", "flow");
    assert_eq!(v["nodes"].as_array().unwrap().len(), 1, "{v}");
    // Alice set no axon: her connections came in the other lane, with strangers'.
    let lane = |name: &str| d.metric(&format!("basilica_miner_grpc_connections_total{{lane=\"{name}\"}}"));
    assert_eq!(lane("validator"), Some(0.0));
    let others = lane("other").unwrap();
    assert!(others >= 2.0, "{others}");
    // Her axon on this address: her next connection is served in the validators' lane.
    double.set_neuron_axon(Keypair::from_uri("//Alice").unwrap().public(), "127.0.0.1".parse().unwrap());
    stakes(&double, miner, 900, 100);
    std::thread::sleep(std::time::Duration::from_secs(3));
    let v = validator_as(&s, &d, &miner_hotkey, "//Alice", "flow");
    assert_eq!(v["nodes"].as_array().unwrap().len(), 1, "{v}");
    assert!(lane("validator").unwrap() >= 1.0, "{:?}", lane("validator"));
    assert_eq!(lane("other"), Some(others));
}

#[test]
fn sighup_reloads_nodes_and_refuses_a_broken_file() {
    let (s, bed, miner_hotkey, grpc, metrics) = setup(&[H100x8, H100x8, H100x8]);
    // The daemon starts with the first two nodes; the third is added while it runs.
    let text = s.read("miner.toml");
    let third = format!(
        "\n[[node_management.nodes]]\nhost = \"127.0.0.1\"\nport = {}\nusername = \"{}\"\nhourly_rate_per_gpu = 2.5\n",
        bed.nodes[2].port, bed.nodes[2].username
    );
    assert!(text.contains(&third));
    s.write("miner.toml", &text.replace(&third, ""));
    s.node_management(&[("health_check_interval", 30)]);
    let d = start(&s, grpc, metrics);
    let v = validator(&s, &d, &miner_hotkey, "flow");
    assert_eq!(v["nodes"].as_array().unwrap().len(), 2, "{v}");

    // `node add` sees the daemon and says how to apply the change; --reload applies it.
    let spec = format!("{}@127.0.0.1:{}", bed.nodes[2].username, bed.nodes[2].port);
    s.run(&["node", "add", &spec, "--rate", "2.5"]).code(0).stderr_has(&format!("kill -HUP {}", d.child.id()));
    s.run(&["node", "remove", &spec, "--yes"]).code(0);
    let r = s.run(&["node", "add", &spec, "--rate", "2.5", "--reload"]);
    r.code(0).stderr_has("asked the running serve");
    wait_for("the added node counted", &d, 20, || d.metric("basilica_miner_node_count") == Some(3.0));
    // Health-checked and given the assigned validator's key at once, without waiting 30 s.
    wait_for("the added node gets the validator key", &d, 20, || {
        bed.nodes[2].read_authorized_keys().contains(" validator-")
    });
    let v = validator(&s, &d, &miner_hotkey, "discover");
    assert_eq!(v["result"]["nodes"], 3, "{v}");

    // A removed node loses the validator line and is no longer handed out.
    let first = format!("{}@127.0.0.1:{}", bed.nodes[0].username, bed.nodes[0].port);
    s.run(&["node", "remove", &first, "--yes", "--reload"]).code(0);
    wait_for("the removed node's validator key revoked", &d, 20, || {
        !bed.nodes[0].read_authorized_keys().contains(" validator-")
    });
    assert!(bed.nodes[0].read_authorized_keys().starts_with("# operator key\nssh-ed25519 "), "operator lines kept");
    let v = validator(&s, &d, &miner_hotkey, "discover");
    assert_eq!(v["result"]["nodes"], 2, "{v}");

    // A file that does not parse is refused, by line; the daemon keeps serving what it had.
    let good = s.read("miner.toml");
    s.write("miner.toml", &good.replace("[node_management]\n", "[node_management]\nhealth_check_interval = \"soon\n"));
    assert!(Command::new("kill").args(["-HUP", &d.child.id().to_string()]).status().unwrap().success());
    wait_for("the failed reload counted", &d, 20, || {
        d.metric("basilica_miner_config_reloads_total{result=\"failed\"}") == Some(1.0)
    });
    wait_for("the refused reload logged with its file and line", &d, 10, || {
        let log = d.log();
        log.contains("configuration reload refused") && log.contains("miner.toml:")
    });
    let v = validator(&s, &d, &miner_hotkey, "discover");
    assert_eq!(v["result"]["nodes"], 2, "still serving the last good configuration: {v}");
    // A file that parses but does not validate is refused too.
    s.write(
        "miner.toml",
        &good.replace("[validator_comms.rate_limit]\n", "[validator_comms.rate_limit]\nipv6_prefix = 200\n"),
    );
    assert!(Command::new("kill").args(["-HUP", &d.child.id().to_string()]).status().unwrap().success());
    wait_for("the second failed reload counted", &d, 20, || {
        d.metric("basilica_miner_config_reloads_total{result=\"failed\"}") == Some(2.0)
    });
    wait_for("the refusal naming ipv6_prefix logged", &d, 10, || d.log().contains("ipv6_prefix"));
    assert!(d.child.id() > 0 && d.metric("basilica_miner_node_count") == Some(2.0));
}

#[test]
fn a_full_disk_answers_unavailable_and_recovers_without_a_restart() {
    use basilica_miner::proto::basilca::miner::v1::miner_discovery_client::MinerDiscoveryClient as Client;
    let (s, bed, miner_hotkey, grpc, metrics) = setup(&[H100x8]);
    let disk = SmallDisk::mount(&s.path("data"), "size=1m");
    let d = start(&s, grpc, metrics);
    let alice = Keypair::from_uri(crate::support::VALIDATOR_URI).unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let call = |req| {
        rt.block_on(async {
            let mut c = Client::connect(format!("http://127.0.0.1:{}", d.grpc)).await.unwrap();
            c.authenticate_validator(req).await
        })
    };
    assert!(call(auth_request(&alice, &miner_hotkey)).unwrap().into_inner().authenticated);
    let before = bed.nodes[0].read_authorized_keys();
    disk.fill();
    // The WAL's own space is reused while checkpoints succeed; once the database file cannot
    // grow they fail, the WAL must grow, and the next nonce cannot be stored.
    let mut stored = 0;
    let status = loop {
        match call(auth_request(&alice, &miner_hotkey)) {
            Ok(_) => stored += 1,
            Err(status) => break status,
        }
        assert!(stored < 3000, "a full disk never refused a nonce:\n{}", d.log());
    };
    eprintln!("{stored} nonce(s) stored in reused WAL space before the full disk refused one");
    assert_eq!(status.code(), tonic::Code::Unavailable, "retryable, not a fake refusal: {status:?}");
    assert!(!status.message().contains("disk is full"), "the cause stays in the log: {status:?}");
    // The daemon's log reaches us through a pipe: wait for the line rather than race it.
    wait_for("the database failure logged", &d, 10, || d.log().contains("database failure"));
    assert!(d.metric("basilica_miner_database_errors_total{operation=\"authenticate\"}").unwrap() >= 1.0);
    // The generation-1 flow on the full disk: refused as retryable and nothing deployed, or (when
    // its nonce found reused WAL space) served; never a fake refusal.
    let v = validator(&s, &d, &miner_hotkey, "discover");
    if v["result"]["ok"] != true {
        assert_eq!(v["result"]["code"], "UNAVAILABLE", "{v}");
        assert_eq!(bed.nodes[0].read_authorized_keys(), before, "nothing deployed without a stored nonce");
    }
    // Space comes back: the next request works, same process.
    disk.free();
    assert!(call(auth_request(&alice, &miner_hotkey)).unwrap().into_inner().authenticated, "{}", d.log());
    let v = validator(&s, &d, &miner_hotkey, "flow");
    assert_eq!(v["nodes"].as_array().unwrap().len(), 1, "{v}");
    drop(d);
}
