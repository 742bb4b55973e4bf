//! `probe`: look at a miner as a validator does — gRPC health and reflection, authentication
//! and the miner's signature, discovery and SSH access to every node.

use basilica_miner::core::support::exit::ExitClass;
use std::time::Duration;

use crate::commands::error::ErrorContext as _;
use crate::commands::CmdResult;
use basilica_miner::core::identity::wallet::{self, Keypair, WalletPaths};
use basilica_miner::core::ops::probe::{self as ops, advertised_endpoint};

use super::error::UsageError;
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

pub fn run(args: Args, ctx: &Context) -> CmdResult {
    let loaded = ctx.load_config().ok();
    let endpoint = match (&args.endpoint, &loaded) {
        (Some(e), _) => e.clone(),
        (None, Some(l)) => advertised_endpoint(l).map_err(|e| UsageError(e.to_string()))?,
        (None, None) => {
            return Err(UsageError("give an ENDPOINT (no miner.toml to take the advertised address from)".into()).into())
        }
    };
    let expected = match (&args.expect_hotkey, &loaded) {
        (Some(h), _) => h.clone(),
        (None, Some(l)) => {
            let paths = l.wallet_paths();
            wallet::load_keypair(&paths.hotkey, "hotkey", &mut || super::wallet::password_source(ctx, &paths.hotkey))
                .context("cannot read this miner's hotkey to check against; or pass --expect-hotkey SS58")?
                .ss58
        }
        (None, None) => {
            return Err(UsageError("pass --expect-hotkey SS58 (no miner.toml to read the hotkey from)".into()).into())
        }
    };
    let (validator, throwaway) = match (&args.validator_uri, &args.validator_wallet, &args.validator_hotkey) {
        (Some(uri), _, _) => (Keypair::from_uri(uri).map_err(|e| UsageError(format!("--validator-uri: {e}")))?, false),
        (None, Some(w), Some(h)) => {
            let root = loaded
                .as_ref()
                .map(|l| l.resolve_path(&l.config.bittensor.wallet_path))
                .unwrap_or_else(|| basilica_miner::core::support::fsutil::expand_tilde("~/.bittensor/wallets"));
            let paths = WalletPaths::new(&root, w, h);
            (
                wallet::load_keypair(&paths.hotkey, "validator hotkey", &mut || {
                    super::wallet::password_source(ctx, &paths.hotkey)
                })?,
                false,
            )
        }
        _ => (ops::throwaway_validator()?, true),
    };
    let ca = match &args.tls_ca {
        Some(p) => Some(std::fs::read(p).map_err(|e| UsageError(format!("--tls-ca {}: {e}", p.display())))?),
        None => None,
    };
    let mut checks = block_on(ops::probe(
        &endpoint,
        &expected,
        &validator,
        throwaway,
        Duration::from_secs(args.timeout.max(1)),
        ca.as_deref(),
    ));
    if args.chain {
        let l = loaded
            .as_ref()
            .ok_or_else(|| UsageError("--chain needs a miner.toml for the network and netuid".into()))?;
        checks.push(block_on(ops::on_chain(&l.config.bittensor, &expected, &endpoint)));
    }
    if let Some(url) = loaded.as_ref().and_then(|l| l.config.advertised_addresses.metrics_endpoint.as_deref()) {
        checks.push(block_on(ops::scrape_metrics(url, Duration::from_secs(args.timeout.max(1)))));
    }
    let report = ops::ProbeReport::new(&endpoint, &validator, throwaway, checks);
    if ctx.out.json_mode() {
        ctx.out.json(&report)?;
    } else {
        for c in &report.checks {
            let mark = if c.ok { console::style("✓").green() } else { console::style("✗").red() };
            ctx.out.line(format!("{mark} {:<14} {}", c.name, c.detail))?;
        }
    }
    Ok(if report.ok { ExitStatus::Success } else { ExitStatus::Failed(ExitClass::Failure) })
}
