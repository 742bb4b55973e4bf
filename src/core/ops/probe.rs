//! `probe`: a miner seen from outside, as a validator sees it — connection, gRPC health and
//! reflection, authentication and the miner's signature, its hotkey, latency, discovery and
//! SSH access to every node offered, and optionally the registration and axon on chain.

use std::time::Duration;

use serde::Serialize;

use crate::core::chain::registration::show_axon;
use crate::core::chain::{ChainClient, ChainError};
use crate::core::config::{BittensorConfig, LoadedConfig};
use crate::core::daemon::client as vc;
use crate::core::identity::wallet::Keypair;
use crate::core::identity::{ss58, sshkey};

/// One check of `probe` (a call a validator makes, the chain, the metrics) and what it found.
#[derive(Debug, Clone, Serialize)]
pub struct ProbeCheck {
    pub name: String,
    pub ok: bool,
    pub detail: String,
}

/// `probe --json`: every check against the miner, and as which validator it called.
#[derive(Debug, Clone, Serialize)]
pub struct ProbeReport {
    /// Every check passed.
    pub ok: bool,
    pub endpoint: String,
    /// The validator hotkey the probe signed with.
    pub validator: String,
    /// That hotkey was made for this probe (not a real validator's).
    pub throwaway_validator: bool,
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

#[derive(Debug, thiserror::Error)]
pub enum ProbeError {
    #[error("give an ENDPOINT, or set [advertised_addresses] grpc_endpoint or [bittensor] external_ip")]
    NoEndpoint,
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
    let mut checks = Vec::new();
    let mut push = |name: &str, ok: bool, detail: String| checks.push(ProbeCheck { name: name.into(), ok, detail });
    let channel = match vc::connect(endpoint, timeout, tls_ca).await {
        Ok(c) => {
            push(
                "connect",
                true,
                format!("gRPC over HTTP/2{} at {endpoint}", if tls_ca.is_some() { " with TLS" } else { "" }),
            );
            c
        }
        Err(e) => {
            push("connect", false, e.to_string());
            return checks;
        }
    };
    match vc::health(channel.clone()).await {
        Ok(s) => push("health", s == "Serving", format!("grpc.health.v1: {s}")),
        Err(e) => push("health", false, e.to_string()),
    }
    match vc::list_services(channel.clone()).await {
        Ok(names) => {
            let has = names.iter().any(|n| n == "basilca.miner.v1.MinerDiscovery");
            push(
                "reflection",
                has,
                if has {
                    format!("lists {}", names.join(", "))
                } else {
                    format!("MinerDiscovery not listed: {}", names.join(", "))
                },
            );
        }
        Err(e) => push("reflection", false, e.to_string()),
    }
    let auth = match vc::authenticate(channel.clone(), validator, expected).await {
        Ok(a) => a,
        Err(e) => {
            push("authenticate", false, e.to_string());
            return checks;
        }
    };
    if throwaway {
        let clean = !auth.authenticated && auth.error_code.as_deref() == Some("NO_VALIDATOR_PERMIT");
        let detail = if auth.authenticated {
            "a random key WAS accepted: the miner lets anyone in".to_string()
        } else {
            format!(
                "a random key was refused ({}: {})",
                auth.error_code.as_deref().unwrap_or("no code"),
                auth.error_message.as_deref().unwrap_or("")
            )
        };
        push("authenticate", clean, detail);
    } else {
        let detail = if auth.authenticated {
            format!("accepted {} (session token {} chars)", validator.ss58, auth.session_token_len)
        } else {
            format!(
                "refused: {}: {}",
                auth.error_code.as_deref().unwrap_or("?"),
                auth.error_message.as_deref().unwrap_or("")
            )
        };
        push("authenticate", auth.authenticated, detail);
        push(
            "signature",
            auth.miner_signature_valid,
            if auth.miner_signature_valid {
                "the miner's response signature verifies".into()
            } else {
                format!("the response signature does not verify for {}", auth.miner_hotkey)
            },
        );
    }
    push(
        "miner_hotkey",
        auth.miner_hotkey == expected,
        format!("answers as {} (expected {expected})", auth.miner_hotkey),
    );
    push("latency", auth.latency_ms < 2000.0, format!("AuthenticateValidator took {:.1} ms", auth.latency_ms));
    if throwaway || !auth.authenticated {
        return checks;
    }
    // Discovery deploys a temporary key of ours, then each node must accept it.
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => {
            push("discover", false, format!("no temporary directory: {e}"));
            return checks;
        }
    };
    let key = dir.path().join("probe_ed25519");
    if let Err(e) = sshkey::generate_ed25519(&key, "basilica-miner-probe") {
        push("discover", false, e.to_string());
        return checks;
    }
    let public = std::fs::read_to_string(sshkey::public_key_path(&key)).unwrap_or_default();
    let nodes = match vc::discover(channel, validator, expected, public.trim()).await {
        Ok(n) => n,
        Err(e) => {
            push("discover", false, e.to_string());
            return checks;
        }
    };
    push(
        "discover",
        !nodes.is_empty(),
        if nodes.is_empty() {
            "no nodes: this validator is not the assigned one".into()
        } else {
            format!("{} node(s) offered", nodes.len())
        },
    );
    for n in &nodes {
        let out = tokio::process::Command::new("ssh")
            .args([
                "-F",
                "/dev/null",
                "-o",
                "BatchMode=yes",
                "-o",
                "IdentitiesOnly=yes",
                "-o",
                "StrictHostKeyChecking=no",
                "-o",
                "UserKnownHostsFile=/dev/null",
                "-o",
                "ConnectTimeout=10",
                "-i",
            ])
            .arg(&key)
            .args(["-p", &n.port.to_string(), "-l", &n.username, &n.host, "true"])
            .output()
            .await;
        let (ok, detail) = match out {
            Ok(o) if o.status.success() => {
                (true, format!("{}@{}:{} accepts the validator key", n.username, n.host, n.port))
            }
            Ok(o) => {
                (false, format!("{}@{}:{}: {}", n.username, n.host, n.port, String::from_utf8_lossy(&o.stderr).trim()))
            }
            Err(e) => (false, format!("cannot run ssh: {e}")),
        };
        push("ssh", ok, detail);
    }
    checks
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
