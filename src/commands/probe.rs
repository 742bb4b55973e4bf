//! `probe`: look at a miner as a validator does — gRPC health and reflection, authentication
//! and the miner's signature, discovery and SSH access to every node.

use std::time::Duration;

use basilica_miner::core::daemon::client as vc;
use basilica_miner::core::identity::wallet::{self, Keypair, WalletPaths};
use serde::Serialize;

use super::exit::UsageError;
use super::fleet_ui::block_on;
use super::{Context, ExitStatus};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Miner endpoint (host:port or http://host:port) [default: advertised grpc_endpoint, else external_ip:axon_port]
    #[arg(value_name = "ENDPOINT")]
    pub endpoint: Option<String>,
    /// Wallet of a validator to authenticate as (default: a throwaway key, expecting a clean refusal)
    #[arg(long, value_name = "NAME", requires = "validator_hotkey")]
    pub validator_wallet: Option<String>,
    /// Hotkey name inside --validator-wallet
    #[arg(long, value_name = "NAME")]
    pub validator_hotkey: Option<String>,
    /// Validator key as a substrate URI such as //Alice (development chains and tests)
    #[arg(long, value_name = "URI", hide = true, conflicts_with = "validator_wallet")]
    pub validator_uri: Option<String>,
    /// The hotkey the miner must answer with [default: this config's hotkey]
    #[arg(long, value_name = "SS58")]
    pub expect_hotkey: Option<String>,
    /// Seconds to wait for the connection
    #[arg(long, default_value_t = 10, value_name = "SECS")]
    pub timeout: u64,
    /// Speak TLS, trusting this CA certificate (PEM), for a miner with tls_enabled
    #[arg(long, value_name = "PEM")]
    pub tls_ca: Option<std::path::PathBuf>,
    /// Also check on chain (this config's network) that the hotkey is registered and its axon
    /// is the probed endpoint
    #[arg(long)]
    pub chain: bool,
}

#[derive(Serialize)]
struct Check {
    name: String,
    ok: bool,
    detail: String,
}

pub fn run(args: Args, ctx: &Context) -> anyhow::Result<ExitStatus> {
    let loaded = ctx.load_config().ok();
    let endpoint = match (&args.endpoint, &loaded) {
        (Some(e), _) => e.clone(),
        (None, Some(l)) => match (&l.config.advertised_addresses.grpc_endpoint, &l.config.bittensor.external_ip) {
            (Some(e), _) => e.clone(),
            (None, Some(ip)) => format!("{ip}:{}", l.config.bittensor.axon_port),
            (None, None) => return Err(UsageError("give an ENDPOINT, or set [advertised_addresses] grpc_endpoint or [bittensor] external_ip".into()).into()),
        },
        (None, None) => return Err(UsageError("give an ENDPOINT (no miner.toml to take the advertised address from)".into()).into()),
    };
    let expected = match (&args.expect_hotkey, &loaded) {
        (Some(h), _) => h.clone(),
        (None, Some(l)) => {
            let b = &l.config.bittensor;
            let paths = WalletPaths::new(&l.resolve_path(&b.wallet_path), &b.wallet_name, &b.hotkey_name);
            wallet::load_keypair(&paths.hotkey, "hotkey", &mut || super::wallet::password_source(ctx, &paths.hotkey))
                .map_err(|e| UsageError(format!("cannot read this miner's hotkey to check against ({e}); pass --expect-hotkey")))?
                .ss58
        }
        (None, None) => return Err(UsageError("pass --expect-hotkey SS58 (no miner.toml to read the hotkey from)".into()).into()),
    };
    let (validator, throwaway) = match (&args.validator_uri, &args.validator_wallet, &args.validator_hotkey) {
        (Some(uri), _, _) => (Keypair::from_uri(uri).map_err(|e| UsageError(format!("--validator-uri: {e}")))?, false),
        (None, Some(w), Some(h)) => {
            let root = loaded.as_ref().map(|l| l.resolve_path(&l.config.bittensor.wallet_path)).unwrap_or_else(|| basilica_miner::core::support::fsutil::expand_tilde("~/.bittensor/wallets"));
            let paths = WalletPaths::new(&root, w, h);
            (wallet::load_keypair(&paths.hotkey, "validator hotkey", &mut || super::wallet::password_source(ctx, &paths.hotkey))?, false)
        }
        _ => {
            let mut seed = [0u8; 32];
            getrandom::fill(&mut seed).expect("OS randomness");
            (Keypair::from_seed_hex(&hex::encode(seed)).expect("32-byte seed"), true)
        }
    };
    let ca = match &args.tls_ca {
        Some(p) => Some(std::fs::read(p).map_err(|e| UsageError(format!("--tls-ca {}: {e}", p.display())))?),
        None => None,
    };
    let mut checks = block_on(probe(&endpoint, &expected, &validator, throwaway, Duration::from_secs(args.timeout.max(1)), ca.as_deref()));
    if args.chain {
        let l = loaded.as_ref().ok_or_else(|| UsageError("--chain needs a miner.toml for the network and netuid".into()))?;
        checks.push(block_on(on_chain(&l.config.bittensor, &expected, &endpoint)));
    }
    let ok = checks.iter().all(|c| c.ok);
    if ctx.out.json_mode() {
        ctx.out.json(&serde_json::json!({ "ok": ok, "endpoint": endpoint, "validator": validator.ss58, "throwaway_validator": throwaway, "checks": checks }))?;
    } else {
        for c in &checks {
            let mark = if c.ok { console::style("✓").green() } else { console::style("✗").red() };
            ctx.out.line(format!("{mark} {:<14} {}", c.name, c.detail))?;
        }
    }
    Ok(if ok { ExitStatus::Success } else { ExitStatus::Failure })
}

async fn probe(endpoint: &str, expected: &str, validator: &Keypair, throwaway: bool, timeout: Duration, tls_ca: Option<&[u8]>) -> Vec<Check> {
    let mut checks = Vec::new();
    let mut push = |name: &str, ok: bool, detail: String| checks.push(Check { name: name.into(), ok, detail });
    let channel = match vc::connect(endpoint, timeout, tls_ca).await {
        Ok(c) => {
            push("connect", true, format!("gRPC over HTTP/2{} at {endpoint}", if tls_ca.is_some() { " with TLS" } else { "" }));
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
            push("reflection", has, if has { format!("lists {}", names.join(", ")) } else { format!("MinerDiscovery not listed: {}", names.join(", ")) });
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
            format!("a random key was refused ({}: {})", auth.error_code.as_deref().unwrap_or("no code"), auth.error_message.as_deref().unwrap_or(""))
        };
        push("authenticate", clean, detail);
    } else {
        let detail = if auth.authenticated {
            format!("accepted {} (session token {} chars)", validator.ss58, auth.session_token_len)
        } else {
            format!("refused: {}: {}", auth.error_code.as_deref().unwrap_or("?"), auth.error_message.as_deref().unwrap_or(""))
        };
        push("authenticate", auth.authenticated, detail);
        push("signature", auth.miner_signature_valid, if auth.miner_signature_valid { "the miner's response signature verifies".into() } else { format!("the response signature does not verify for {}", auth.miner_hotkey) });
    }
    push("miner_hotkey", auth.miner_hotkey == expected, format!("answers as {} (expected {expected})", auth.miner_hotkey));
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
    if let Err(e) = basilica_miner::core::identity::sshkey::generate_ed25519(&key, "basilica-miner-probe") {
        push("discover", false, e.to_string());
        return checks;
    }
    let public = std::fs::read_to_string(basilica_miner::core::identity::sshkey::public_key_path(&key)).unwrap_or_default();
    let nodes = match vc::discover(channel, validator, expected, public.trim()).await {
        Ok(n) => n,
        Err(e) => {
            push("discover", false, e.to_string());
            return checks;
        }
    };
    push("discover", !nodes.is_empty(), if nodes.is_empty() { "no nodes: this validator is not the assigned one".into() } else { format!("{} node(s) offered", nodes.len()) });
    for n in &nodes {
        let out = tokio::process::Command::new("ssh")
            .args(["-F", "/dev/null", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "ConnectTimeout=10", "-i"])
            .arg(&key)
            .args(["-p", &n.port.to_string(), "-l", &n.username, &n.host, "true"])
            .output()
            .await;
        let (ok, detail) = match out {
            Ok(o) if o.status.success() => (true, format!("{}@{}:{} accepts the validator key", n.username, n.host, n.port)),
            Ok(o) => (false, format!("{}@{}:{}: {}", n.username, n.host, n.port, String::from_utf8_lossy(&o.stderr).trim())),
            Err(e) => (false, format!("cannot run ssh: {e}")),
        };
        push("ssh", ok, detail);
    }
    checks
}

/// The hotkey's registration and axon on chain, compared with the probed endpoint.
async fn on_chain(b: &basilica_miner::core::config::BittensorConfig, hotkey: &str, endpoint: &str) -> Check {
    use basilica_miner::core::chain::ChainClient;
    use basilica_miner::core::chain::registration::show_axon;
    let check = |ok: bool, detail: String| Check { name: "on_chain".into(), ok, detail };
    let Ok(account) = basilica_miner::core::identity::ss58::parse(hotkey) else { return check(false, format!("{hotkey} is not an SS58 address")) };
    let netuid = b.effective_netuid();
    let result = async {
        let chain = ChainClient::connect(b.effective_endpoint(), Duration::from_secs(15), 2).await?;
        let uid = chain.uid(netuid, *account.as_ref()).await?;
        let axon = chain.axon(netuid, *account.as_ref()).await?;
        Ok::<_, basilica_miner::core::chain::ChainError>((uid, axon))
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
