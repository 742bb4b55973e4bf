//! Generation 2 beyond the first bid: `bid show` before anything is sent, a new assignment
//! (withdraw at the old validator, bid at the new one) and a hotkey the validator does not know.

use std::process::Command;

use basilica_miner::core::identity::wallet::Keypair;
use basilica_miner::testbed::GpuProfile::*;
use basilica_miner::testbed::Testbed;

use crate::support::sandbox_for;
use crate::support::{advertised, ips, online_setup, validator_lines, BidValidator};
use crate::support::{free_port, http_get, start_with, wait_for};
use basilica_miner::testbed::chain_double::ChainDouble;

#[test]
fn bid_show_lists_what_would_be_advertised_and_why_the_rest_is_not() {
    let bed =
        Testbed::start_on(&[H100x8, A100NotAvailable, NoDriver, Rtx5090x2], &ips(&[31, 32, 33, 34])).expect("testbed");
    let (s, _bed) = sandbox_for(bed);
    // Without a daemon no node was validated yet: each says so and how to run one.
    let stale = s.run(&["--json", "bid", "show"]).code(0).json();
    assert!(stale["advertised"].as_array().unwrap().is_empty(), "{stale}");
    assert!(stale["left_out"][0]["detail"].as_str().unwrap().contains("node test --full"), "{stale}");
    let out = s.run(&["--json", "bid", "show", "--full"]).code(0).json();
    let adv = out["advertised"].as_array().unwrap();
    let got: Vec<(&str, &str, u64, u64)> = adv
        .iter()
        .map(|a| {
            (
                a["host"].as_str().unwrap(),
                a["gpu_category"].as_str().unwrap(),
                a["gpu_count"].as_u64().unwrap(),
                a["hourly_rate_cents"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![("127.0.0.31", "H100", 8, 250), ("127.0.0.32", "A100", 4, 250), ("127.0.0.34", "RTX_5090", 2, 250)],
        "{out}"
    );
    let reasons: Vec<&str> =
        out["left_out"].as_array().unwrap().iter().map(|l| l["reason"].as_str().unwrap()).collect();
    assert_eq!(reasons, vec!["unhealthy"], "{out}");
    s.run(&["bid", "show", "--full"]).code(0).stdout_has("H100 x8").stdout_has("RTX_5090 x2");
    // Two nodes on one IP: warned by node add, node test and config validate.
    s.run(&["node", "add", "--rate", "2", "root@127.0.0.31:2222"])
        .code(0)
        .stderr_has("shares IP 127.0.0.31 with nodes[0]");
    s.run(&["config", "validate"]).stderr_has("shares IP 127.0.0.31");
}

#[test]
fn a_new_assignment_withdraws_at_the_old_validator_and_registers_at_the_new_one() {
    let double = ChainDouble::start();
    let bid_port = free_port();
    let (s, bed, miner_hotkey, grpc, metrics) = online_setup(&double, bid_port);
    let (alice, bob) = (Keypair::from_uri("//Alice").unwrap(), Keypair::from_uri("//Bob").unwrap());
    let miner = *basilica_miner::core::identity::ss58::parse(&miner_hotkey).unwrap().as_ref();
    let bob_key = s.path("bob_ed25519");
    assert!(Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(&bob_key)
        .status()
        .unwrap()
        .success());
    let a =
        BidValidator::start("127.0.0.1", bid_port, &s.path("alice.jsonl"), &s.path("validator_ed25519.pub"), 2, &[]);
    let b = BidValidator::start("127.0.0.2", bid_port, &s.path("bob.jsonl"), &bob_key.with_extension("pub"), 2, &[]);
    let d = start_with(&s, grpc, metrics, &["serve"]);
    wait_for("registration at Alice", &d, 40, || !a.of("HealthCheck").is_empty());
    assert!(b.requests().is_empty());

    // Bob overtakes Alice on chain; his axon is 127.0.0.2.
    double.set_neuron_axon(bob.public(), "127.0.0.2".parse().unwrap());
    double.set_neurons(
        387,
        &[(alice.public(), 0, true, vec![100]), (bob.public(), 1, true, vec![900]), (miner, 3, false, vec![1])],
    );
    wait_for("registration at Bob", &d, 30, || !b.of("RegisterBid").is_empty());
    let removed = a.of("RemoveBid");
    assert_eq!(removed.len(), 1, "everything withdrawn at Alice once: {removed:?}");
    assert_eq!(removed[0]["hosts"], serde_json::json!([]));
    assert_eq!(advertised(&b.of("RegisterBid")[0]).len(), 2);
    let bob_blob =
        std::fs::read_to_string(bob_key.with_extension("pub")).unwrap().split_whitespace().nth(1).unwrap().to_string();
    // Bob's key on the two advertised nodes only; the one whose driver is down gets none.
    wait_for("only Bob's key on the advertised nodes", &d, 30, || {
        let lines = validator_lines(&bed);
        lines.len() == 2
            && lines.iter().all(|l| l.contains(&bob_blob) && l.ends_with(&format!("validator-{}", bob.ss58)))
    });
    assert!(bed.nodes[2].validator_lines().is_empty(), "{:?}", bed.nodes[2].validator_lines());
    let heartbeats_at_alice = a.of("HealthCheck").len();
    wait_for("heartbeats at Bob", &d, 20, || !b.of("HealthCheck").is_empty());
    assert_eq!(a.of("HealthCheck").len(), heartbeats_at_alice, "no heartbeat to the old validator");
    let m = http_get(d.metrics, "/metrics");
    assert!(m.contains(&format!("basilica_miner_bid_registered{{validator=\"{}\"}} 0", alice.ss58)), "{m}");
    assert!(m.contains(&format!("basilica_miner_bid_registered{{validator=\"{}\"}} 1", bob.ss58)), "{m}");
}

#[test]
fn an_unknown_hotkey_is_explained_and_retried_without_stopping_the_daemon() {
    let double = ChainDouble::start();
    let bid_port = free_port();
    let (s, _bed, _miner_hotkey, grpc, metrics) = online_setup(&double, bid_port);
    let v = BidValidator::start(
        "127.0.0.1",
        bid_port,
        &s.path("bids.jsonl"),
        &s.path("validator_ed25519.pub"),
        2,
        &["--known", "5SomebodyElse"],
    );
    let d = start_with(&s, grpc, metrics, &["serve"]);
    wait_for("two RegisterBid attempts", &d, 40, || v.of("RegisterBid").len() >= 2);
    wait_for("the explanation", &d, 10, || d.log().contains("does not know this miner's hotkey"));
    assert!(
        d.log().matches("does not know this miner's hotkey").count() <= 2,
        "repeats are not logged at warn:\n{}",
        d.log()
    );
    let m = http_get(d.metrics, "/metrics");
    assert!(m.contains("basilica_miner_bid_requests_total{method=\"RegisterBid\",result=\"refused\"}"), "{m}");
}
