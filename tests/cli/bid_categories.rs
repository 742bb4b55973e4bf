//! Every category the network's validators rent: a consumer card (2× RTX 5090) and a CPU-only
//! host declared CPU_STANDARD (no nvidia-smi) beside a data-centre node (8× H100), against a
//! validator that takes any category (the subnet-39 validator) and one on upstream's five.
//! Real sshd nodes with a fake nvidia-smi (or none), the Python validator in tests/validator/
//! in either mode, its own SSH checks of every node (the CPU probe on the CPU-only host).

use std::time::Instant;

use basilica_miner::testbed::GpuProfile::*;

use crate::bid_judged::{accepted, hosts, judged_setup, local_validator};
use crate::support::advertised;
use crate::support::Sandbox;
use crate::support::{free_port, http_get, start_with, wait_for};

/// Declares the node on `ip` a CPU-only host of class CPU_STANDARD in the sandbox's miner.toml.
fn declare_cpu_only(s: &Sandbox, ip: &str) {
    let text = s.read("miner.toml");
    let host = format!("host = \"{ip}\"\n");
    assert!(text.contains(&host), "{text}");
    s.write("miner.toml", &text.replace(&host, &format!("{host}gpu_category = \"CPU_STANDARD\"\ngpu_count = 1\n")));
}

#[test]
fn a_validator_that_takes_any_category_holds_a_consumer_card_and_a_cpu_only_host_and_its_own_checks_pass() {
    let bid_port = free_port();
    let (s, _bed, miner_hotkey, grpc, metrics) =
        judged_setup(&[H100x8, Rtx5090x2, CpuOnly], &[87, 88, 89], bid_port, "http");
    declare_cpu_only(&s, "127.0.0.89");
    let ssh_key = s.path("validator_ed25519");
    let v = local_validator(
        &s,
        bid_port,
        &["--known", &miner_hotkey, "--rules", "any", "--ssh-key", ssh_key.to_str().unwrap()],
    );
    s.run(&["node", "test"]).code(0).stdout_has("2x RTX_5090").stdout_has("vCPU");
    let tested = s.run(&["--json", "node", "test"]).code(0).json();
    let host = tested["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["address"].as_str().unwrap().contains("127.0.0.89"))
        .unwrap();
    let names: Vec<&str> = host["checks"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["ssh", "cpu", "docker", "docker_group", "disk", "clock", "cpu_rentals"], "{host}");
    assert!(host["cpu"]["vcpus"].as_u64().unwrap() >= 1, "{host}");
    s.run(&["node", "test", "--full"]).code(0).stdout_has("without --gpus");
    let started = Instant::now();
    let d = start_with(&s, grpc, metrics, &["serve", "--offline"]);
    let all = hosts(&["127.0.0.87", "127.0.0.88", "127.0.0.89"]);
    wait_for("the three nodes registered", &d, 30, || accepted(&v).last() == Some(&all));
    eprintln!("the three nodes held {:?} after serve started", started.elapsed());
    let nodes = advertised(v.of("RegisterBid").last().unwrap());
    let got: Vec<(&str, &str, u64)> = nodes.iter().map(|n| (n.0.as_str(), n.1.as_str(), n.2)).collect();
    assert_eq!(got, vec![("127.0.0.87", "H100", 8), ("127.0.0.88", "RTX_5090", 2), ("127.0.0.89", "CPU_STANDARD", 1)]);
    assert!(v.of("Declined").is_empty(), "{:?}", v.of("Declined"));
    wait_for("the validator's own checks of the three nodes", &d, 30, || v.of("Validation").len() >= 3);
    for check in v.of("Validation") {
        assert_eq!(check["ok"], true, "the validator's check failed: {check}\n{}", d.log());
        assert_eq!(check["misbehaviour"], false, "{check}");
    }
    let cpu = v.of("Validation").into_iter().find(|c| c["host"] == "127.0.0.89").unwrap();
    assert!(cpu["cpu"]["vcpus"].as_str().unwrap().parse::<u32>().unwrap() >= 1, "{cpu}");
    let m = http_get(d.metrics, "/metrics");
    assert!(m.contains("basilica_miner_node_gpus{node=\"root@127.0.0.88:"), "{m}");
    assert!(m.contains("model=\"RTX_5090\"} 2"), "{m}");
    s.run(&["node", "list"]).code(0).stdout_has("CPU: ").stdout_has("vCPU");
    s.run(&["bid", "show"]).code(0).stdout_has("CPU_STANDARD");
}

#[test]
fn a_validator_on_upstreams_five_keeps_the_h100_and_names_the_other_two_refused() {
    let bid_port = free_port();
    let (s, _bed, miner_hotkey, grpc, metrics) =
        judged_setup(&[H100x8, Rtx5090x2, CpuOnly], &[92, 93, 94], bid_port, "http");
    declare_cpu_only(&s, "127.0.0.94");
    let v = local_validator(&s, bid_port, &["--known", &miner_hotkey, "--rules", "upstream"]);
    let d = start_with(&s, grpc, metrics, &["serve", "--offline"]);
    wait_for("the H100 node registered alone", &d, 30, || accepted(&v).last() == Some(&hosts(&["127.0.0.92"])));
    let declined: Vec<String> = v.of("Declined").iter().map(|x| x["error"].as_str().unwrap().to_string()).collect();
    for category in ["RTX_5090", "CPU_STANDARD"] {
        let said = format!("GPU type '{category}' is not supported");
        assert!(declined.iter().any(|e| e.contains(&said)), "{declined:?}");
    }
    // The validator named each category: its nodes were left out without splitting the set.
    let methods: Vec<String> = v.entries().iter().map(|e| e["method"].as_str().unwrap_or("?").to_string()).collect();
    assert_eq!(v.of("RegisterBid").len(), 3, "{methods:?}");
    wait_for("the refusals stored", &d, 20, || {
        s.run(&["--json", "bid", "status"]).json()["registration"]["refused"].as_array().is_some_and(|r| r.len() == 2)
    });
    let status = s.run(&["--json", "bid", "status"]).code(0).json();
    let refused = status["registration"]["refused"].as_array().unwrap();
    for (host, category) in [("127.0.0.93", "RTX_5090"), ("127.0.0.94", "CPU_STANDARD")] {
        let r = refused.iter().find(|r| r["host"] == host).unwrap_or_else(|| panic!("{host} not refused: {status}"));
        assert_eq!(r["kind"], "category_refused", "{r}");
        assert!(r["reason"].as_str().unwrap().contains(&format!("GPU type '{category}' is not supported")), "{r}");
    }
    s.run(&["bid", "status"])
        .code(0)
        .stdout_has("127.0.0.93")
        .stdout_has("127.0.0.94")
        .stdout_has("does not rent this node's category");
}

#[test]
fn a_new_price_of_a_consumer_card_goes_with_register_bid_and_a_data_centre_one_with_update_bid() {
    let bid_port = free_port();
    let (s, bed, miner_hotkey, grpc, metrics) = judged_setup(&[H100x8, Rtx5090x2], &[151, 152], bid_port, "http");
    let v = local_validator(&s, bid_port, &["--known", &miner_hotkey, "--rules", "any"]);
    let d = start_with(&s, grpc, metrics, &["serve", "--offline"]);
    let both = hosts(&["127.0.0.151", "127.0.0.152"]);
    wait_for("both registered", &d, 60, || accepted(&v).last() == Some(&both));
    let reprice = |node: usize, price: &str| {
        let line = format!(
            "port = {}\nusername = \"{}\"\nhourly_rate_per_gpu = ",
            bed.nodes[node].port, bed.nodes[node].username
        );
        let text = s.read("miner.toml");
        let at = text.find(&line).unwrap() + line.len();
        let end = at + text[at..].find('\n').unwrap();
        s.write("miner.toml", &format!("{}{price}{}", &text[..at], &text[end..]));
        let _ = std::process::Command::new("kill").args(["-HUP", &d.child.id().to_string()]).status();
    };
    // The H100's price: UpdateBid, as before.
    reprice(0, "3.0");
    wait_for("the H100's new price sent", &d, 30, || v.of("UpdateBid").iter().any(|u| u["hourly_rate_cents"] == 300));
    let bids = v.of("RegisterBid").len();
    // The RTX 5090's price: the fork refuses UpdateBid for it, so it goes with RegisterBid.
    reprice(1, "0.6");
    wait_for("the RTX 5090's new price registered", &d, 30, || {
        v.of("RegisterBid")
            .iter()
            .skip(bids)
            .any(|r| advertised(r).iter().any(|(host, _, _, cents)| host == "127.0.0.152" && *cents == 60))
    });
    assert!(
        !v.of("UpdateBid").iter().any(|u| u["host"] == "127.0.0.152"),
        "no UpdateBid for a category outside the five: {:?}",
        v.of("UpdateBid")
    );
    assert!(!d.log().contains("declined the new price"), "no warning:\n{}", d.log());
}
