//! Every category the network's validators rent: a consumer card (2× RTX 5090) beside a
//! data-centre node (8× H100), against a validator that takes any category (the subnet-39
//! validator) and one on upstream's five, at once. Real sshd nodes with a fake nvidia-smi, the
//! Python validator in tests/validator/ in either mode, its own SSH checks of every node.

use std::time::Instant;

use basilica_miner::testbed::GpuProfile::*;

use crate::bid::advertised;
use crate::bid_judged::{accepted, hosts, judged_setup, local_validator};
use crate::serve::{free_port, http_get, start_with, wait_for};

#[test]
fn a_validator_that_takes_any_category_holds_a_consumer_card_and_its_own_checks_pass() {
    let bid_port = free_port();
    let (s, _bed, miner_hotkey, grpc, metrics) = judged_setup(&[H100x8, Rtx5090x2], &[81, 82], bid_port, "http");
    let ssh_key = s.path("validator_ed25519");
    let v = local_validator(
        &s,
        bid_port,
        &["--known", &miner_hotkey, "--rules", "any", "--ssh-key", ssh_key.to_str().unwrap()],
    );
    s.run(&["node", "test"]).code(0).stdout_has("2x RTX_5090");
    let started = Instant::now();
    let d = start_with(&s, grpc, metrics, &["serve", "--offline"]);
    wait_for("both nodes registered", &d, 30, || accepted(&v).last() == Some(&hosts(&["127.0.0.81", "127.0.0.82"])));
    eprintln!("both nodes held {:?} after serve started", started.elapsed());
    let nodes = advertised(v.of("RegisterBid").last().unwrap());
    let got: Vec<(&str, &str, u64)> = nodes.iter().map(|n| (n.0.as_str(), n.1.as_str(), n.2)).collect();
    assert_eq!(got, vec![("127.0.0.81", "H100", 8), ("127.0.0.82", "RTX_5090", 2)]);
    assert!(v.of("Declined").is_empty(), "{:?}", v.of("Declined"));
    wait_for("the validator's own checks of both nodes", &d, 30, || v.of("Validation").len() >= 2);
    for check in v.of("Validation") {
        assert_eq!(check["ok"], true, "the validator's check failed: {check}\n{}", d.log());
        assert_eq!(check["misbehaviour"], false, "{check}");
    }
    let m = http_get(d.metrics, "/metrics");
    assert!(m.contains("basilica_miner_node_gpus{node=\"root@127.0.0.82:"), "{m}");
    assert!(m.contains("model=\"RTX_5090\"} 2"), "{m}");
}

#[test]
fn a_validator_on_upstreams_five_keeps_the_h100_and_the_consumer_card_is_named_refused() {
    let bid_port = free_port();
    let (s, _bed, miner_hotkey, grpc, metrics) = judged_setup(&[H100x8, Rtx5090x2], &[83, 84], bid_port, "http");
    let v = local_validator(&s, bid_port, &["--known", &miner_hotkey, "--rules", "upstream"]);
    let d = start_with(&s, grpc, metrics, &["serve", "--offline"]);
    wait_for("the H100 node registered alone", &d, 30, || accepted(&v).last() == Some(&hosts(&["127.0.0.83"])));
    let declined = v.of("Declined");
    assert!(
        declined.iter().any(|x| x["error"].as_str().unwrap().contains("GPU type 'RTX_5090' is not supported")),
        "{declined:?}"
    );
    // The validator named the category: the RTX node was left out without splitting the set.
    let methods: Vec<String> = v.entries().iter().map(|e| e["method"].as_str().unwrap_or("?").to_string()).collect();
    assert_eq!(v.of("RegisterBid").len(), 2, "{methods:?}");
    wait_for("the refusal stored", &d, 20, || {
        s.run(&["--json", "bid", "status"]).json()["registration"]["refused"].as_array().is_some_and(|r| r.len() == 1)
    });
    let status = s.run(&["--json", "bid", "status"]).code(0).json();
    let refused = &status["registration"]["refused"][0];
    assert_eq!((refused["host"].as_str(), refused["kind"].as_str()), (Some("127.0.0.84"), Some("category_refused")));
    assert!(refused["reason"].as_str().unwrap().contains("GPU type 'RTX_5090' is not supported"), "{status}");
    s.run(&["bid", "status"]).code(0).stdout_has("127.0.0.84").stdout_has("does not rent this node's category");
}
