//! `probe` against a real daemon (good, misconfigured and wrong-key miners), TLS as validators
//! reach it, reflection for v1alpha clients, and the advertised metrics endpoint.

use std::net::TcpStream;
use std::process::{Command, Stdio};

use basilica_miner::core::identity::wallet::Keypair;
use basilica_miner::testbed::GpuProfile::*;

use crate::support::{free_port, setup, start, validator, wait_for, Sandbox, VALIDATOR_URI};

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

#[test]
fn probe_catches_a_miner_signing_with_the_wrong_key() {
    use basilica_miner::proto::basilca::miner::v1::miner_discovery_server::MinerDiscoveryServer;
    let claimed = Keypair::from_uri("//Claimed").unwrap().ss58;
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let port = free_port();
    let addr: std::net::SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let service = MinerDiscoveryServer::new(ForgingMiner { claimed: claimed.clone() });
    rt.spawn(tonic::transport::Server::builder().add_service(service).serve(addr));
    crate::support::wait_until("the forging miner listening", 10, String::new, || TcpStream::connect(addr).is_ok());
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

#[test]
fn reflection_answers_v1alpha_clients() {
    let (s, _bed, _miner_hotkey, grpc, metrics) = setup(&[H100x8]);
    let d = start(&s, grpc, metrics);
    // grpcio-reflection's client speaks only grpc.reflection.v1alpha.
    let script = r#"
import json, sys, grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc
stub = reflection_pb2_grpc.ServerReflectionStub(grpc.insecure_channel(sys.argv[1]))
answers = stub.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(list_services="")]), timeout=10)
print(json.dumps(sorted(s.name for a in answers for s in a.list_services_response.service)))
"#;
    let out = Command::new("python3").args(["-c", script, &format!("127.0.0.1:{}", d.grpc)]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let services: Vec<String> = serde_json::from_slice(&out.stdout).unwrap();
    for name in ["basilca.miner.v1.MinerDiscovery", "grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection"]
    {
        assert!(services.iter().any(|s| s == name), "{name} missing from {services:?}");
    }
}

#[test]
fn probe_scrapes_the_advertised_metrics_endpoint() {
    let (s, _bed, _miner_hotkey, grpc, metrics) = setup(&[H100x8]);
    s.write(
        "miner.toml",
        &(s.read("miner.toml")
            + &format!("\n[advertised_addresses]\nmetrics_endpoint = \"http://127.0.0.1:{metrics}\"\n")),
    );
    let d = start(&s, grpc, metrics);
    let r =
        s.run(&["probe", "--json", &format!("127.0.0.1:{}", d.grpc), "--validator-uri", crate::support::VALIDATOR_URI]);
    r.code(0);
    let v = r.json();
    let m = v["checks"].as_array().unwrap().iter().find(|c| c["name"] == "metrics").cloned().unwrap_or_default();
    assert_eq!(m["ok"], true, "{v}");
    wait_for("the advertised metrics URL logged", &d, 10, || {
        d.log().contains(&format!("metrics advertised to monitoring at http://127.0.0.1:{metrics}"))
    });
    // An advertised address where nothing serves metrics fails the probe.
    let wrong = free_port();
    s.write(
        "miner.toml",
        &s.read("miner.toml").replace(&format!("127.0.0.1:{metrics}\""), &format!("127.0.0.1:{wrong}\"")),
    );
    let r = s.run(&[
        "probe",
        "--json",
        &format!("127.0.0.1:{}", d.grpc),
        "--validator-uri",
        crate::support::VALIDATOR_URI,
        "--timeout",
        "2",
    ]);
    r.code(1);
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
