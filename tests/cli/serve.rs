//! `serve` end to end: the real binary, real sshd nodes, and an independent validator written
//! in Python (grpcio stubs compiled from proto/, signatures by bittensor-wallet).

use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use basilica_miner::core::identity::wallet::Keypair;
use basilica_miner::testbed::GpuProfile::*;
use basilica_miner::testbed::Testbed;

pub(crate) use crate::harness::{free_port, http_get, start_with, wait_for, Daemon};
use crate::support::{fleet_sandbox, Sandbox};
use crate::wallet::make_wallet;

/// The validator the nodes are assigned to (fixed assignment, offline mode).
pub(crate) const VALIDATOR_URI: &str = "//Alice";

/// A miner sandbox: nodes from `profiles`, a bittensor-wallet hotkey, offline fixed assignment.
pub(crate) fn setup(profiles: &[basilica_miner::testbed::GpuProfile]) -> (Sandbox, Testbed, String, u16, u16) {
    setup_bed(fleet_sandbox(profiles))
}

/// [`setup`] around nodes already started.
pub(crate) fn setup_bed((s, bed): (Sandbox, Testbed)) -> (Sandbox, Testbed, String, u16, u16) {
    let (miner_hotkey, _) = make_wallet(&s.path("wallets"), None);
    let validator = Keypair::from_uri(VALIDATOR_URI).unwrap().ss58;
    let (grpc, metrics) = (free_port(), free_port());
    let mut text = s.read("miner.toml");
    text = text.replace(
        "[bittensor]\n",
        &format!(
            "[bittensor]\nwallet_name = \"miner\"\nhotkey_name = \"default\"\nwallet_path = \"{}\"\n",
            s.path("wallets").display()
        ),
    );
    text.push_str(&format!(
        "\n[validator_comms]\nhost = \"127.0.0.1\"\nport = {grpc}\n\n[validator_comms.rate_limit]\nrequests_per_second = 1000\nburst_capacity = 1000\n\n\
         [metrics.prometheus]\nport = {metrics}\n\n[validator_assignment]\nstrategy = \"fixed_assignment\"\nvalidator_hotkey = \"{validator}\"\n"
    ));
    s.write("miner.toml", &text);
    // Keys the validator sends.
    let vkey = s.path("validator_ed25519");
    assert!(Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(&vkey)
        .status()
        .unwrap()
        .success());
    let rsa = s.path("rsa1024");
    assert!(Command::new("ssh-keygen")
        .args(["-q", "-t", "rsa", "-b", "1024", "-N", "", "-f"])
        .arg(&rsa)
        .status()
        .unwrap()
        .success());
    std::fs::copy(rsa.with_extension("pub"), s.path("validator_ed25519.pub.rsa1024")).unwrap();
    (s, bed, miner_hotkey, grpc, metrics)
}

pub(crate) fn start(s: &Sandbox, grpc: u16, metrics: u16) -> Daemon {
    start_with(s, grpc, metrics, &["serve", "--offline"])
}

pub(crate) fn validator(s: &Sandbox, d: &Daemon, miner_hotkey: &str, scenario: &str) -> serde_json::Value {
    validator_as(s, d, miner_hotkey, VALIDATOR_URI, scenario)
}

pub(crate) fn validator_as(
    s: &Sandbox,
    d: &Daemon,
    miner_hotkey: &str,
    uri: &str,
    scenario: &str,
) -> serde_json::Value {
    validator_at(s, d.grpc, miner_hotkey, uri, scenario, &|| d.log())
}

/// The Python validator client against whatever serves on `grpc` (`context`: its log, for a
/// failure message).
pub(crate) fn validator_at(
    s: &Sandbox,
    grpc: u16,
    miner_hotkey: &str,
    uri: &str,
    scenario: &str,
    context: &dyn Fn() -> String,
) -> serde_json::Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/validator/validator_client.py");
    let mut cmd = Command::new("python3");
    if s.path("tls/cert.pem").exists() {
        cmd.env("VALIDATOR_TLS_CA", s.path("tls/cert.pem"));
    }
    let out = cmd
        .arg(script)
        .arg(format!("127.0.0.1:{grpc}"))
        .arg(miner_hotkey)
        .arg(uri)
        .arg(s.path("validator_ed25519.pub"))
        .arg(scenario)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "validator client failed:\n{}\n--- serve log\n{}",
        String::from_utf8_lossy(&out.stderr),
        context()
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

/// Nodes reported healthy in a Prometheus exposition.
pub(crate) fn healthy_nodes(metrics: &str) -> usize {
    metrics.lines().filter(|l| l.starts_with("basilica_miner_node_healthy{") && l.ends_with(" 1")).count()
}

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
    let text = s
        .read("miner.toml")
        .replace("health_check_timeout = 3\n", "health_check_timeout = 3\nhealth_check_interval = 2\n");
    s.write("miner.toml", &text);
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
    crate::harness::follow_chain(&s, &double.url);
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
    let text = s
        .read("miner.toml")
        .replace("health_check_timeout = 3\n", "health_check_timeout = 3\nhealth_check_interval = 1\n");
    s.write("miner.toml", &text);
    let mut d = start(&s, grpc, metrics);
    validator(&s, &d, &miner_hotkey, "flow");
    // A signed request the daemon accepts now; replayed after the restart it must be refused.
    let alice = Keypair::from_uri(VALIDATOR_URI).unwrap();
    let signed = crate::daemon_life::auth_request(&alice, &miner_hotkey);
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

fn probe(s: &Sandbox, args: &[&str]) -> crate::support::Run {
    let mut all = vec!["probe", "--json"];
    all.extend_from_slice(args);
    s.run(&all)
}

fn check<'a>(v: &'a serde_json::Value, name: &str) -> Vec<&'a serde_json::Value> {
    v["checks"].as_array().unwrap().iter().filter(|c| c["name"] == name).collect()
}

#[test]
fn probe_passes_a_good_miner_and_catches_bad_ones() {
    let (s, bed, _miner_hotkey, grpc, metrics) = setup(&[H100x8, H100x8]);
    let d = start(&s, grpc, metrics);
    let endpoint = format!("127.0.0.1:{}", d.grpc);
    // As the assigned validator: everything including SSH into each node.
    let r = probe(&s, &[&endpoint, "--validator-uri", VALIDATOR_URI]);
    r.code(0);
    let v = r.json();
    assert_eq!(v["ok"], true, "{v}");
    assert_eq!(check(&v, "ssh").len(), bed.nodes.len(), "{v}");
    for name in ["connect", "health", "reflection", "authenticate", "signature", "miner_hotkey", "latency", "discover"]
    {
        assert_eq!(check(&v, name)[0]["ok"], true, "{name}: {v}");
    }
    // With a throwaway key the miner must refuse cleanly; the hotkey comes from miner.toml.
    let r = probe(&s, &[&endpoint]);
    r.code(0);
    assert!(check(&r.json(), "authenticate")[0]["detail"].as_str().unwrap().contains("NO_VALIDATOR_PERMIT"));
    // A miner answering as another hotkey.
    let other = Keypair::from_uri("//Mallory").unwrap().ss58;
    let r = probe(&s, &[&endpoint, "--expect-hotkey", &other]);
    r.code(1);
    assert_eq!(check(&r.json(), "miner_hotkey")[0]["ok"], false);
    // Nothing listening.
    let closed = format!("127.0.0.1:{}", free_port());
    let r = probe(&s, &[&closed, "--expect-hotkey", &other, "--timeout", "2"]);
    r.code(1);
    assert_eq!(check(&r.json(), "connect")[0]["ok"], false);
    drop(d);
}

/// A miner that claims a hotkey but signs with another key.
#[derive(Clone)]
struct ForgingMiner {
    claimed: String,
}

#[tonic::async_trait]
impl basilica_miner::proto::basilca::miner::v1::miner_discovery_server::MinerDiscovery for ForgingMiner {
    async fn authenticate_validator(
        &self,
        req: tonic::Request<basilica_miner::proto::basilca::miner::v1::ValidatorAuthRequest>,
    ) -> Result<tonic::Response<basilica_miner::proto::basilca::miner::v1::MinerAuthResponse>, tonic::Status> {
        let r = req.into_inner();
        let forger = Keypair::from_uri("//Forger").unwrap();
        let token = "ab".repeat(32);
        let payload = basilica_miner::core::identity::signing::miner_response_payload(&r.validator_hotkey, "n", &token);
        Ok(tonic::Response::new(basilica_miner::proto::basilca::miner::v1::MinerAuthResponse {
            authenticated: true,
            session_token: token,
            miner_hotkey: self.claimed.clone(),
            miner_signature: basilica_miner::core::identity::signing::sign_hex(&forger, &payload),
            response_nonce: "n".into(),
            ..Default::default()
        }))
    }

    async fn discover_nodes(
        &self,
        _req: tonic::Request<basilica_miner::proto::basilca::miner::v1::DiscoverNodesRequest>,
    ) -> Result<
        tonic::Response<basilica_miner::proto::basilca::miner::v1::ListNodeConnectionDetailsResponse>,
        tonic::Status,
    > {
        Ok(tonic::Response::new(Default::default()))
    }
}

#[test]
fn probe_catches_a_miner_signing_with_the_wrong_key() {
    use basilica_miner::proto::basilca::miner::v1::miner_discovery_server::MinerDiscoveryServer;
    let claimed = Keypair::from_uri("//Claimed").unwrap().ss58;
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let port = free_port();
    let addr: std::net::SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let service = MinerDiscoveryServer::new(ForgingMiner { claimed: claimed.clone() });
    rt.spawn(tonic::transport::Server::builder().add_service(service).serve(addr));
    crate::harness::wait_until("the forging miner listening", 10, String::new, || TcpStream::connect(addr).is_ok());
    let s = Sandbox::new();
    let r = probe(&s, &[&addr.to_string(), "--validator-uri", VALIDATOR_URI, "--expect-hotkey", &claimed]);
    r.code(1);
    let v = r.json();
    assert_eq!(check(&v, "signature")[0]["ok"], false, "{v}");
    assert_eq!(check(&v, "miner_hotkey")[0]["ok"], true, "it claims the right hotkey; only the signature betrays it");
}

#[test]
fn tls_serves_validators_that_trust_the_certificate() {
    let (s, _bed, miner_hotkey, grpc, metrics) = setup(&[H100x8]);
    std::fs::create_dir_all(s.path("tls")).unwrap();
    let ok = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-addext",
            "basicConstraints=critical,CA:FALSE",
            "-keyout",
        ])
        .arg(s.path("tls/key.pem"))
        .arg("-out")
        .arg(s.path("tls/cert.pem"))
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(ok.success(), "openssl");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(s.path("tls/key.pem"), std::fs::Permissions::from_mode(0o600)).unwrap();
    let text = s.read("miner.toml").replace(
        "[validator_comms]\n",
        &format!(
            "[validator_comms]\ntls_enabled = true\ntls_cert_path = \"{}\"\ntls_key_path = \"{}\"\n",
            s.path("tls/cert.pem").display(),
            s.path("tls/key.pem").display()
        ),
    );
    s.write("miner.toml", &text);
    s.run(&["config", "validate"]).code(0);
    let d = start(&s, grpc, metrics);
    let v = validator(&s, &d, &miner_hotkey, "flow");
    assert_eq!(v["authenticated"], true, "{v}");
    assert_eq!(v["nodes"].as_array().unwrap().len(), 1);
    assert!(d.log().contains("serving TLS"));
    // A plaintext client gets nothing.
    let plain = s.run(&[
        "probe",
        &format!("127.0.0.1:{}", d.grpc),
        "--expect-hotkey",
        &miner_hotkey,
        "--timeout",
        "3",
        "--json",
    ]);
    plain.code(1);
    let ca = s.path("tls/cert.pem");
    let secure = s.run(&[
        "probe",
        &format!("127.0.0.1:{}", d.grpc),
        "--tls-ca",
        ca.to_str().unwrap(),
        "--validator-uri",
        VALIDATOR_URI,
        "--expect-hotkey",
        &miner_hotkey,
        "--json",
    ]);
    secure.code(0);
    assert_eq!(secure.json()["ok"], true);
}

/// A gRPC channel whose TCP connection comes from `source` (another loopback address).
pub(crate) async fn channel_from(source: &str, port: u16) -> tonic::transport::Channel {
    let source: std::net::IpAddr = source.parse().unwrap();
    let connector = tower::service_fn(move |_uri: tonic::transport::Uri| async move {
        let socket = tokio::net::TcpSocket::new_v4()?;
        socket.bind(std::net::SocketAddr::new(source, 0))?;
        let stream = socket.connect(([127, 0, 0, 1], port).into()).await?;
        Ok::<_, std::io::Error>(hyper_util::rt::TokioIo::new(stream))
    });
    tonic::transport::Endpoint::from_static("http://127.0.0.1").connect_with_connector(connector).await.unwrap()
}

#[test]
fn a_flooding_address_does_not_starve_another() {
    use basilica_miner::core::ops::probe::client as vc;
    let (s, _bed, miner_hotkey, grpc, metrics) = setup(&[H100x8]);
    let text = s
        .read("miner.toml")
        .replace("requests_per_second = 1000\nburst_capacity = 1000", "requests_per_second = 2\nburst_capacity = 5");
    s.write("miner.toml", &text);
    let d = start(&s, grpc, metrics);
    let validator = Keypair::from_uri(VALIDATOR_URI).unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let (flood_limited, flood_secs, other_served) = rt.block_on(async {
        let flood = channel_from("127.0.0.2", d.grpc).await;
        // All 40 at once: how many the limiter lets through depends on the time they take to
        // arrive, which the bound below accounts for (a loaded machine is slower, not wrong).
        let started = std::time::Instant::now();
        let answers =
            futures::future::join_all((0..40).map(|_| vc::authenticate(flood.clone(), &validator, &miner_hotkey)))
                .await;
        let secs = started.elapsed().as_secs_f64();
        let limited = answers
            .iter()
            .filter(|a| matches!(a, Err(vc::ClientError::Rpc { code: tonic::Code::ResourceExhausted, .. })))
            .count();
        let other = channel_from("127.0.0.3", d.grpc).await;
        let mut served = 0;
        for _ in 0..3 {
            if vc::authenticate(other.clone(), &validator, &miner_hotkey).await.is_ok_and(|a| a.authenticated) {
                served += 1;
            }
        }
        (limited, secs, served)
    });
    // Burst 5, then 2 a second: at most 5 + 2·t of the 40 get through.
    let allowed = (5.0 + 2.0 * flood_secs).ceil() as usize + 1;
    assert!(
        40 - flood_limited <= allowed && flood_limited >= 20,
        "the flooding address got {} of 40 through in {flood_secs:.2} s (at most {allowed})",
        40 - flood_limited
    );
    assert_eq!(other_served, 3, "another address is still served while the first floods");
}
