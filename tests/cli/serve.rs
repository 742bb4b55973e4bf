//! `serve` end to end: the real binary, real sshd nodes, and an independent validator written
//! in Python (grpcio stubs compiled from proto/, signatures by bittensor-wallet).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use basilica_miner::core::identity::wallet::Keypair;
use basilica_miner::testbed::GpuProfile::*;

use crate::support::{
    healthy_nodes, http_get, setup, start, start_with, validator, validator_as, wait_for, VALIDATOR_URI,
};

#[test]
fn a_validator_authenticates_discovers_and_logs_in() {
    let (s, bed, miner_hotkey, grpc, metrics) = setup(&[H100x8, A100NotAvailable, H100x8]);
    let d = start(&s, grpc, metrics);
    // The first health round (SSH + nvidia-smi) reports every node healthy.
    wait_for("the first health round", &d, 20, || healthy_nodes(&http_get(d.metrics, "/metrics")) >= 3);
    let v = validator(&s, &d, &miner_hotkey, "flow");
    assert_eq!(v["authenticated"], true, "{v}\n{}", d.log());
    assert_eq!(v["miner_signature_valid"], true);
    assert_eq!(v["miner_hotkey"], miner_hotkey.as_str());
    assert_eq!(v["session_token_len"], 64);
    assert!((3590..=3600).contains(&v["expires_in"].as_i64().unwrap()));
    let nodes = v["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 3, "{v}");
    assert_eq!(nodes[0]["port"], bed.nodes[0].port.to_string());
    assert_eq!(nodes[0]["status"], "available");
    assert_eq!(nodes[0]["hourly_rate_cents"], 250);
    assert_eq!(nodes[0]["gpu_model"], "NVIDIA H100 80GB HBM3", "GpuSpec from the last health check: {v}");
    assert_eq!(nodes[0]["gpu_memory_mb"], 81559);
    assert_eq!(nodes[1]["gpu_model"], "NVIDIA A100-SXM4-80GB");
    // The validator can now SSH straight in with its own key.
    let out = Command::new("ssh")
        .args([
            "-F",
            "/dev/null",
            "-o",
            "BatchMode=yes",
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "IdentitiesOnly=yes",
            "-i",
        ])
        .arg(s.path("validator_ed25519"))
        .args([
            "-p",
            &bed.nodes[0].port.to_string(),
            &format!("{}@127.0.0.1", bed.nodes[0].username),
            "nvidia-smi --query-gpu=name --format=csv,noheader | head -n 1",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "validator ssh: {}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "NVIDIA H100 80GB HBM3");
    for n in &bed.nodes {
        let text = n.read_authorized_keys();
        assert!(text.starts_with("# operator key\nssh-ed25519 "), "operator lines kept: {text}");
        assert_eq!(text.matches(" validator-").count(), 1);
    }
    let m = http_get(d.metrics, "/metrics");
    for name in [
        "basilica_miner_node_count 3",
        "basilica_miner_validator_connections_total 1",
        "basilica_miner_ssh_deployments_total{result=\"ok\"} 3",
        "basilica_miner_authentication_requests_total{result=\"ok\"} 1",
    ] {
        assert!(m.contains(name), "metrics lack {name}:\n{m}");
    }
    let log = d.log();
    for line in
        ["Registered node", "Successfully authenticated validator", "Deploying SSH key for validator", "OFFLINE MODE"]
    {
        assert!(log.contains(line), "log lacks {line:?}:\n{log}");
    }
    // SIGTERM: clean exit, promptly.
    let mut d = d;
    let started = Instant::now();
    assert!(Command::new("kill").args(["-TERM", &d.child.id().to_string()]).status().unwrap().success());
    let status = d.child.wait().unwrap();
    assert!(status.success(), "exit status {status}:\n{}", d.log());
    assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
    let h = s.run(&["database", "health", "--json"]);
    h.code(0);
    let hv = h.json();
    assert_eq!(hv["health"]["integrity"], "ok");
    assert!(
        hv["health"]["rows"].as_array().unwrap().iter().any(|r| r[0] == "audit" && r[1].as_i64().unwrap() >= 2),
        "{hv}"
    );
}

#[test]
fn hostile_requests_are_refused_and_change_nothing() {
    let (s, bed, miner_hotkey, grpc, metrics) = setup(&[H100x8, H100x8]);
    let d = start(&s, grpc, metrics);
    // Give the assigned validator access first, so "nothing changed" is checked against a real state.
    validator(&s, &d, &miner_hotkey, "flow");
    let before: Vec<String> = bed.nodes.iter().map(basilica_miner::testbed::TestNode::read_authorized_keys).collect();
    let v = validator(&s, &d, &miner_hotkey, "attacks");
    assert_eq!(v["replay_first_ok"], true);
    let expect_auth = [
        ("wrong_target", "WRONG_TARGET"),
        ("signed_by_other_key", "INVALID_SIGNATURE"),
        ("stale_timestamp", "STALE_TIMESTAMP"),
        ("future_timestamp", "STALE_TIMESTAMP"),
        ("no_timestamp", "MISSING_TIMESTAMP"),
        ("no_signature", "INVALID_SIGNATURE"),
        ("garbage_signature", "INVALID_SIGNATURE"),
        ("invalid_ss58", "INVALID_HOTKEY"),
        ("no_permit", "NO_VALIDATOR_PERMIT"),
        ("replayed_nonce", "REPLAYED_NONCE"),
    ];
    for (case, code) in expect_auth {
        assert_eq!(v["auth"][case]["authenticated"], false, "{case}: {v}");
        assert_eq!(v["auth"][case]["code"], code, "{case}: {v}");
    }
    for (case, code) in v["keys"].as_object().unwrap() {
        let code = code.as_str().unwrap();
        assert!(
            code == "INVALID_ARGUMENT"
                || (case == "huge" && code == "OUT_OF_RANGE")
                || (case == "huge" && code == "RESOURCE_EXHAUSTED"),
            "key {case}: {code}"
        );
    }
    assert_eq!(v["discover_replay_first"], true);
    let expect_discover = [
        ("bad_signature", "UNAUTHENTICATED"),
        ("stale", "UNAUTHENTICATED"),
        ("wrong_target", "PERMISSION_DENIED"),
        ("impersonation", "UNAUTHENTICATED"),
        ("no_permit", "PERMISSION_DENIED"),
        ("replayed_nonce", "UNAUTHENTICATED"),
    ];
    for (case, code) in expect_discover {
        assert_eq!(v["discover"][case], code, "{case}: {v}");
    }
    assert_ne!(v["discover"]["oversized"], "OK");
    for (i, n) in bed.nodes.iter().enumerate() {
        assert_eq!(n.read_authorized_keys(), before[i], "node {i} unchanged by hostile requests");
    }
}

#[test]
fn concurrent_discovers_leave_one_validator_line_and_a_down_node_heals() {
    let (s, mut bed, miner_hotkey, grpc, metrics) = setup(&[H100x8, H100x8, H100x8]);
    // A health round every 2 s so repair is observable.
    s.node_management(&[("health_check_interval", 2)]);
    let d = start(&s, grpc, metrics);
    let v = validator(&s, &d, &miner_hotkey, "burst:50");
    assert_eq!(v["ok"], 50, "{v}");
    for n in &bed.nodes {
        assert_eq!(n.read_authorized_keys().matches(" validator-").count(), 1);
    }
    // A validator line removed by hand is put back by the health-round loop.
    let cleaned: String = bed.nodes[1]
        .read_authorized_keys()
        .lines()
        .filter(|l| !l.contains(" validator-"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(bed.nodes[1].authorized_keys(), cleaned).unwrap();
    wait_for("the drift repaired", &d, 20, || bed.nodes[1].read_authorized_keys().contains(" validator-"));
    // A node that is down gets no details, the others do.
    bed.nodes[2].kill();
    let v = validator(&s, &d, &miner_hotkey, "discover");
    assert_eq!(v["result"]["nodes"], 2, "{v}");
}

#[test]
fn an_assignment_change_on_chain_revokes_the_previous_validator() {
    use basilica_miner::testbed::chain_double::ChainDouble;
    let double = ChainDouble::start();
    let (s, bed, miner_hotkey, grpc, metrics) = setup(&[H100x8, H100x8]);
    let (alice, bob) = (Keypair::from_uri("//Alice").unwrap(), Keypair::from_uri("//Bob").unwrap());
    let miner = *basilica_miner::core::identity::ss58::parse(&miner_hotkey).unwrap().as_ref();
    double.set_uid(387, miner, 3);
    double.set_neurons(
        387,
        &[(alice.public(), 0, true, vec![900]), (bob.public(), 1, true, vec![100]), (miner, 3, false, vec![1])],
    );
    crate::support::follow_chain(&s, &double.url);
    let d = start_with(&s, grpc, metrics, &["serve"]);
    let v = validator_as(&s, &d, &miner_hotkey, "//Alice", "flow");
    assert_eq!(v["nodes"].as_array().unwrap().len(), 2, "{v}\n{}", d.log());
    assert!(bed.nodes[0].read_authorized_keys().contains(&format!("validator-{}", alice.ss58)));
    // Bob is permitted but not assigned: an empty list, nothing deployed.
    let v = validator_as(&s, &d, &miner_hotkey, "//Bob", "discover");
    assert_eq!(v["result"]["nodes"], 0, "{v}");
    // Bob overtakes Alice on chain: Alice's key is revoked everywhere, Bob now gets the nodes.
    double.set_neurons(
        387,
        &[(alice.public(), 0, true, vec![100]), (bob.public(), 1, true, vec![900]), (miner, 3, false, vec![1])],
    );
    wait_for("the old validator revoked", &d, 20, || {
        !bed.nodes.iter().any(|n| n.read_authorized_keys().contains(&format!("validator-{}", alice.ss58)))
    });
    let v = validator_as(&s, &d, &miner_hotkey, "//Bob", "flow");
    assert_eq!(v["nodes"].as_array().unwrap().len(), 2, "{v}");
    let v = validator_as(&s, &d, &miner_hotkey, "//Alice", "discover");
    assert_eq!(v["result"]["nodes"], 0, "{v}");
    for n in &bed.nodes {
        let text = n.read_authorized_keys();
        assert_eq!(text.matches(" validator-").count(), 1, "{text}");
        assert!(text.contains(&format!("validator-{}", bob.ss58)));
    }
}

#[test]
fn kill_9_mid_flight_then_restart_heals_every_node() {
    let (s, bed, miner_hotkey, grpc, metrics) = setup(&[H100x8, H100x8, H100x8]);
    s.node_management(&[("health_check_interval", 1)]);
    let mut d = start(&s, grpc, metrics);
    validator(&s, &d, &miner_hotkey, "flow");
    // A signed request the daemon accepts now; replayed after the restart it must be refused.
    let alice = Keypair::from_uri(VALIDATOR_URI).unwrap();
    let signed = basilica_miner::core::ops::probe::client::auth_request(&alice, &miner_hotkey);
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let send = |grpc: u16, req| {
        rt.block_on(async {
            let mut c =
                basilica_miner::proto::basilca::miner::v1::miner_discovery_client::MinerDiscoveryClient::connect(
                    format!("http://127.0.0.1:{grpc}"),
                )
                .await
                .unwrap();
            c.authenticate_validator(req).await.unwrap().into_inner()
        })
    };
    assert!(send(d.grpc, signed.clone()).authenticated);
    // Someone strips the key from a node, and the daemon is killed before it can repair it.
    let stripped: String = bed.nodes[2]
        .read_authorized_keys()
        .lines()
        .filter(|l| !l.contains(" validator-"))
        .map(|l| format!("{l}\n"))
        .collect();
    Command::new("kill").args(["-KILL", &d.child.id().to_string()]).status().unwrap();
    let _ = d.child.wait();
    std::fs::write(bed.nodes[2].authorized_keys(), stripped).unwrap();
    drop(d);
    let d = start(&s, grpc, metrics);
    wait_for("healed after the restart", &d, 20, || {
        bed.nodes.iter().all(|n| n.read_authorized_keys().matches(" validator-").count() == 1)
    });
    // Nonces survive the restart: the request accepted before the kill is a replay now.
    let replayed = send(d.grpc, signed);
    assert!(!replayed.authenticated);
    assert_eq!(replayed.error.map(|e| e.code).as_deref(), Some("REPLAYED_NONCE"));
}

#[test]
fn the_systemd_unit_verifies() {
    // Installed by scripts/install-deps (Debian's systemd package).
    let analyze = Path::new("/usr/bin/systemd-analyze");
    assert!(analyze.exists(), "systemd-analyze is missing: run scripts/install-deps");
    let dir = tempfile::tempdir().unwrap();
    let unit = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("config/basilica-miner.service"))
        .unwrap()
        .replace("/usr/local/bin/basilica-miner", env!("CARGO_BIN_EXE_basilica-miner"));
    let path = dir.path().join("basilica-miner.service");
    std::fs::write(&path, unit).unwrap();
    let out = Command::new(analyze).arg("verify").arg(&path).output().unwrap();
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "systemd-analyze verify: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
