//! `probe`: a miner seen from outside, as a validator sees it — connection, gRPC health and
//! reflection, authentication and the miner's signature, its hotkey, latency, discovery and
//! SSH access to every node offered, and optionally the registration and axon on chain.

pub mod client;

use std::time::Duration;

use serde::Serialize;

use crate::core::chain::registration::show_axon;
use crate::core::chain::{ChainClient, ChainError};
use crate::core::config::{BittensorConfig, LoadedConfig};
use crate::core::identity::wallet::Keypair;
use crate::core::identity::{ss58, sshkey};
use crate::core::ops::probe::client as vc;

/// One check of `probe` (a call a validator makes, the chain, the metrics) and what it found.
#[derive(Debug, Clone, Serialize)]
pub struct ProbeCheck {
    /// What was checked (`connect`, `health`, `authenticate`, …).
    pub name: String,
    /// It passed.
    pub ok: bool,
    /// What was found.
    pub detail: String,
}

/// `probe --json`: every check against the miner, and as which validator it called.
#[derive(Debug, Clone, Serialize)]
pub struct ProbeReport {
    /// Every check passed.
    pub ok: bool,
    /// The address probed.
    pub endpoint: String,
    /// The validator hotkey the probe signed with.
    pub validator: String,
    /// That hotkey was made for this probe (not a real validator's).
    pub throwaway_validator: bool,
    /// Every check, in the order run.
    pub checks: Vec<ProbeCheck>,
}

impl ProbeReport {
    /// The report of `checks` made at `endpoint` as `validator`.
    pub fn new(endpoint: &str, validator: &Keypair, throwaway: bool, checks: Vec<ProbeCheck>) -> ProbeReport {
        ProbeReport {
            ok: checks.iter().all(|c| c.ok),
            endpoint: endpoint.to_string(),
            validator: validator.ss58.clone(),
            throwaway_validator: throwaway,
            checks,
        }
    }
}

/// Why `probe` cannot start.
#[derive(Debug, thiserror::Error)]
pub enum ProbeError {
    /// No endpoint given and none configured.
    #[error("give an ENDPOINT, or set [advertised_addresses] grpc_endpoint or [bittensor] external_ip")]
    NoEndpoint,
    /// No random key could be made.
    #[error("cannot make a throwaway validator key: {0}")]
    NoThrowawayKey(String),
}

/// Where validators reach this miner: `[advertised_addresses] grpc_endpoint`, else
/// `external_ip:axon_port` (IPv6 in brackets).
pub fn advertised_endpoint(loaded: &LoadedConfig) -> Result<String, ProbeError> {
    let c = &loaded.config;
    match (&c.advertised_addresses.grpc_endpoint, &c.bittensor.external_ip) {
        (Some(e), _) => Ok(e.clone()),
        (None, Some(ip)) => Ok(match ip.parse::<std::net::IpAddr>() {
            Ok(addr) => std::net::SocketAddr::new(addr, c.bittensor.axon_port).to_string(),
            Err(_) => format!("{ip}:{}", c.bittensor.axon_port),
        }),
        (None, None) => Err(ProbeError::NoEndpoint),
    }
}

/// A key nobody has given a permit: a miner must refuse it cleanly.
pub fn throwaway_validator() -> Result<Keypair, ProbeError> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| ProbeError::NoThrowawayKey(format!("no randomness from the OS: {e}")))?;
    Keypair::from_seed_hex(&hex::encode(seed)).map_err(|e| ProbeError::NoThrowawayKey(e.to_string()))
}

/// Runs every check against `endpoint`, stopping where a later check cannot mean anything.
pub async fn probe(
    endpoint: &str,
    expected: &str,
    validator: &Keypair,
    throwaway: bool,
    timeout: Duration,
    tls_ca: Option<&[u8]>,
) -> Vec<ProbeCheck> {
    let channel = match vc::connect(endpoint, timeout, tls_ca).await {
        Ok(c) => c,
        Err(e) => return vec![check("connect", false, e.to_string())],
    };
    let tls = if tls_ca.is_some() { " with TLS" } else { "" };
    let mut checks = vec![check("connect", true, format!("gRPC over HTTP/2{tls} at {endpoint}"))];
    checks.extend(service_checks(channel.clone()).await);
    let auth = match vc::authenticate(channel.clone(), validator, expected).await {
        Ok(a) => a,
        Err(e) => {
            checks.push(check("authenticate", false, e.to_string()));
            return checks;
        }
    };
    checks.extend(authentication_checks(&auth, validator, expected, throwaway));
    if !throwaway && auth.authenticated {
        checks.extend(discovery_checks(channel, validator, expected).await);
    }
    checks
}

fn check(name: &str, ok: bool, detail: String) -> ProbeCheck {
    ProbeCheck { name: name.into(), ok, detail }
}

/// grpc.health.v1 says SERVING, and reflection lists MinerDiscovery.
async fn service_checks(channel: tonic::transport::Channel) -> Vec<ProbeCheck> {
    let health = match vc::health(channel.clone()).await {
        Ok(s) => check("health", s == "Serving", format!("grpc.health.v1: {s}")),
        Err(e) => check("health", false, e.to_string()),
    };
    let reflection = match vc::list_services(channel).await {
        Ok(names) => {
            let has = names.iter().any(|n| n == "basilca.miner.v1.MinerDiscovery");
            let listed = names.join(", ");
            let detail = if has { format!("lists {listed}") } else { format!("MinerDiscovery not listed: {listed}") };
            check("reflection", has, detail)
        }
        Err(e) => check("reflection", false, e.to_string()),
    };
    vec![health, reflection]
}

/// What AuthenticateValidator answered: a throwaway key must be refused for want of a
/// permit; a real validator's accepted, with a signature that verifies. Then the hotkey the
/// miner answers as, and how long it took.
fn authentication_checks(
    auth: &vc::AuthResult,
    validator: &Keypair,
    expected: &str,
    throwaway: bool,
) -> Vec<ProbeCheck> {
    let code = auth.error_code.as_deref();
    let message = auth.error_message.as_deref().unwrap_or("");
    let mut checks = Vec::new();
    if throwaway {
        let clean = !auth.authenticated && code == Some("NO_VALIDATOR_PERMIT");
        let detail = if auth.authenticated {
            "a random key WAS accepted: the miner lets anyone in".to_string()
        } else {
            format!("a random key was refused ({}: {message})", code.unwrap_or("no code"))
        };
        checks.push(check("authenticate", clean, detail));
    } else {
        let detail = if auth.authenticated {
            format!("accepted {} (session token {} chars)", validator.ss58, auth.session_token_len)
        } else {
            format!("refused: {}: {message}", code.unwrap_or("?"))
        };
        checks.push(check("authenticate", auth.authenticated, detail));
        let signature = if auth.miner_signature_valid {
            "the miner's response signature verifies".into()
        } else {
            format!("the response signature does not verify for {}", auth.miner_hotkey)
        };
        checks.push(check("signature", auth.miner_signature_valid, signature));
    }
    let hotkey = format!("answers as {} (expected {expected})", auth.miner_hotkey);
    checks.push(check("miner_hotkey", auth.miner_hotkey == expected, hotkey));
    let latency = format!("AuthenticateValidator took {:.1} ms", auth.latency_ms);
    checks.push(check("latency", auth.latency_ms < 2000.0, latency));
    checks
}

/// DiscoverNodes with a temporary key of the probe's own, then each node offered must let
/// that key in.
async fn discovery_checks(channel: tonic::transport::Channel, validator: &Keypair, expected: &str) -> Vec<ProbeCheck> {
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => return vec![check("discover", false, format!("no temporary directory: {e}"))],
    };
    let key = dir.path().join("probe_ed25519");
    if let Err(e) = sshkey::generate_ed25519(&key, "basilica-miner-probe") {
        return vec![check("discover", false, e.to_string())];
    }
    let public = std::fs::read_to_string(sshkey::public_key_path(&key)).unwrap_or_default();
    let nodes = match vc::discover(channel, validator, expected, public.trim()).await {
        Ok(n) => n,
        Err(e) => return vec![check("discover", false, e.to_string())],
    };
    let offered = if nodes.is_empty() {
        "no nodes: this validator is not the assigned one".into()
    } else {
        format!("{} node(s) offered", nodes.len())
    };
    let mut checks = vec![check("discover", !nodes.is_empty(), offered)];
    for n in &nodes {
        checks.push(ssh_check(n, &key).await);
    }
    checks
}

/// A login to node `n` with the validator's key, as a validator makes it.
async fn ssh_check(n: &vc::Node, key: &std::path::Path) -> ProbeCheck {
    let out = tokio::process::Command::new("ssh")
        .args(["-F", "/dev/null", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes"])
        .args(["-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "ConnectTimeout=10"])
        .arg("-i")
        .arg(key)
        .args(["-p", &n.port.to_string(), "-l", &n.username, &n.host, "true"])
        .output()
        .await;
    let at = format!("{}@{}:{}", n.username, n.host, n.port);
    match out {
        Ok(o) if o.status.success() => check("ssh", true, format!("{at} accepts the validator key")),
        Ok(o) => check("ssh", false, format!("{at}: {}", String::from_utf8_lossy(&o.stderr).trim())),
        Err(e) => check("ssh", false, format!("cannot run ssh: {e}")),
    }
}

/// The hotkey's registration and axon on chain, compared with the probed endpoint.
pub async fn on_chain(b: &BittensorConfig, hotkey: &str, endpoint: &str) -> ProbeCheck {
    let check = |ok: bool, detail: String| ProbeCheck { name: "on_chain".into(), ok, detail };
    let Ok(account) = ss58::parse(hotkey) else { return check(false, format!("{hotkey} is not an SS58 address")) };
    let netuid = b.effective_netuid();
    let result = async {
        let chain = ChainClient::connect(b.effective_endpoint(), Duration::from_secs(15), 2).await?;
        let uid = chain.uid(netuid, *account.as_ref()).await?;
        let axon = chain.axon(netuid, *account.as_ref()).await?;
        Ok::<_, ChainError>((uid, axon))
    }
    .await;
    match result {
        Err(e) => check(false, e.to_string()),
        Ok((None, _)) => check(false, format!("{hotkey} is not registered on netuid {netuid}")),
        Ok((Some(uid), axon)) => {
            let served = axon.as_ref().map(show_axon).unwrap_or_else(|| "no axon".into());
            let probed = endpoint.trim_start_matches("http://").trim_start_matches("https://").trim_end_matches('/');
            check(served == probed, format!("uid {uid} on netuid {netuid}; axon on chain {served}, probed {probed}"))
        }
    }
}

/// Scrapes the advertised metrics URL (`http://host:port[/path]`, path `/metrics` when none) as
/// Prometheus would, and checks it is this kind of miner's exposition.
pub async fn scrape_metrics(url: &str, timeout: Duration) -> ProbeCheck {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let check = |ok: bool, detail: String| ProbeCheck { name: "metrics".into(), ok, detail };
    let Some(rest) = url.strip_prefix("http://") else {
        return check(
            false,
            format!("metrics_endpoint `{url}` is not an http:// URL (Prometheus scrapes plain HTTP here)"),
        );
    };
    let (authority, path) = match rest.find('/') {
        Some(i) if &rest[i..] != "/" => (&rest[..i], &rest[i..]),
        Some(i) => (&rest[..i], "/metrics"),
        None => (rest, "/metrics"),
    };
    let fetch = async {
        let mut stream = tokio::net::TcpStream::connect(authority).await?;
        stream.write_all(format!("GET {path} HTTP/1.0\r\nHost: {authority}\r\n\r\n").as_bytes()).await?;
        let mut body = Vec::new();
        // An exposition of this miner is a few KiB; read at most 4 MiB.
        stream.take(4 << 20).read_to_end(&mut body).await?;
        Ok::<_, std::io::Error>(String::from_utf8_lossy(&body).into_owned())
    };
    match tokio::time::timeout(timeout, fetch).await {
        Err(_) => check(false, format!("{url}{path}: no answer within {} s", timeout.as_secs())),
        Ok(Err(e)) => check(false, format!("{authority}{path}: {e}")),
        Ok(Ok(text)) => {
            let status_ok = text.lines().next().is_some_and(|l| l.split_whitespace().nth(1) == Some("200"));
            let ours = text.contains("basilica_miner_node_count");
            check(
                status_ok && ours,
                if status_ok && ours {
                    format!("http://{authority}{path} serves the miner's metrics")
                } else {
                    format!("http://{authority}{path} answered, but not with basilica_miner metrics")
                },
            )
        }
    }
}

impl crate::core::support::exit::Classify for ProbeError {
    fn exit_class(&self) -> crate::core::support::exit::ExitClass {
        match self {
            ProbeError::NoEndpoint => crate::core::support::exit::ExitClass::Usage,
            ProbeError::NoThrowawayKey(_) => crate::core::support::exit::ExitClass::Failure,
        }
    }
}
