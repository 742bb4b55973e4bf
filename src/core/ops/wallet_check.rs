//! `wallet check`: the miner's hotkey and coldkey as the daemon will load them — names,
//! paths, addresses, encryption, permissions — and, when asked, the registration on chain.

use std::path::Path;

use serde::Serialize;

use crate::core::chain::{registration, ChainClient, ChainError};
use crate::core::config::BittensorConfig;
use crate::core::identity::ss58;
use crate::core::identity::wallet::{self, KeyFileInfo, WalletPaths};

/// Whether to ask the chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChainCheck {
    /// Not at all.
    Skip,
    /// Briefly; an unreachable chain is a warning.
    Try,
    /// Patiently; an unreachable chain is a problem.
    Require,
}

/// What the chain says about the hotkey.
#[derive(Debug, Clone, Serialize, Default)]
pub struct OnChain {
    /// The chain endpoint asked.
    pub endpoint: String,
    /// Whether the chain answered.
    pub reachable: bool,
    /// Why it did not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The subnet.
    pub netuid: u16,
    /// The hotkey's uid on the subnet, when registered.
    pub uid: Option<u16>,
    /// Stake on the hotkey, in rao.
    pub stake_rao: Option<u64>,
    /// The axon the chain holds for the hotkey (`ip:port`).
    pub axon_on_chain: Option<String>,
    /// The axon the configuration asks for (`ip:port`).
    pub axon_configured: Option<String>,
    /// Whether the two are the same.
    pub axon_matches: Option<bool>,
}

/// What `wallet check` found (its `--json`).
#[derive(Debug, Clone, Serialize)]
pub struct WalletReport {
    /// No problem found.
    pub ok: bool,
    /// `[bittensor] wallet_name`.
    pub wallet_name: String,
    /// `[bittensor] hotkey_name`.
    pub hotkey_name: String,
    /// The wallet's directory.
    pub wallet_dir: std::path::PathBuf,
    /// The hotkey's SS58 address, when its file could be read.
    pub hotkey_ss58: Option<String>,
    /// The coldkey's SS58 address, from `coldkeypub.txt`.
    pub coldkey_ss58: Option<String>,
    /// The hotkey file.
    pub hotkey_file: KeyFileInfo,
    /// The coldkey file (only inspected, never decrypted).
    pub coldkey_file: KeyFileInfo,
    /// The coldkey's public file.
    pub coldkeypub_file: KeyFileInfo,
    /// What the chain says, when it was asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chain: Option<OnChain>,
    /// What stops the miner from working, one line each.
    pub problems: Vec<String>,
    /// What works but is probably wrong, one line each.
    pub warnings: Vec<String>,
}

/// Checks the wallet `b` names; `password` answers for encrypted key files.
/// `timeout` bounds each chain request (default 15 s when the chain is required, else 5 s).
pub async fn wallet_check(
    b: &BittensorConfig,
    wallet_root: &Path,
    chain: ChainCheck,
    timeout: Option<u64>,
    password: &mut dyn FnMut(&Path) -> Option<String>,
) -> WalletReport {
    let paths = WalletPaths::new(wallet_root, &b.wallet_name, &b.hotkey_name);
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let hotkey = match wallet::load_keypair(&paths.hotkey, "hotkey", &mut || password(&paths.hotkey)) {
        Ok(k) => Some(k),
        Err(e) => {
            problems.push(e.to_string());
            None
        }
    };
    let hotkey_ss58 = hotkey.as_ref().map(|k| k.ss58.clone());
    let on_chain = match (&hotkey, chain) {
        (Some(k), ChainCheck::Try | ChainCheck::Require) => {
            let required = chain == ChainCheck::Require;
            let c = on_chain(b, k.public(), required, timeout).await;
            if let Some(e) = &c.error {
                if required {
                    problems.push(format!("chain: {e}"));
                } else {
                    warnings.push(format!("chain not checked: {e} (use --offline to skip, --online to require it)"));
                }
            } else if c.axon_matches == Some(false) {
                warnings.push(format!(
                    "the axon on chain ({}) differs from external_ip:axon_port ({}); `basilica-miner register` fixes it",
                    c.axon_on_chain.as_deref().unwrap_or("none"),
                    c.axon_configured.as_deref().unwrap_or("unset")
                ));
            } else if c.reachable && c.uid.is_none() {
                warnings.push(format!(
                    "the hotkey is not registered on netuid {}; run `basilica-miner register`",
                    c.netuid
                ));
            }
            Some(c)
        }
        _ => None,
    };
    let coldkey_ss58 = match wallet::read_public(&paths.coldkeypub, "coldkeypub.txt") {
        Ok(a) => Some(a),
        Err(e) => {
            warnings.push(format!("{e} (the coldkey address is needed for `register`)"));
            None
        }
    };
    let files = [
        wallet::inspect_file(&paths.hotkey),
        wallet::inspect_file(&paths.coldkey),
        wallet::inspect_file(&paths.coldkeypub),
    ];
    for f in &files {
        if f.mode_too_open {
            warnings.push(format!(
                "{} has mode {}; others can read it. Fix: chmod 600 {}",
                f.path.display(),
                f.mode.as_deref().unwrap_or("?"),
                f.path.display()
            ));
        }
    }
    if !files[1].exists {
        warnings.push(format!(
            "no coldkey at {} (fine if you keep it offline; `register` needs it)",
            paths.coldkey.display()
        ));
    }
    let [hotkey_file, coldkey_file, coldkeypub_file] = files;
    WalletReport {
        ok: problems.is_empty(),
        wallet_name: b.wallet_name.clone(),
        hotkey_name: b.hotkey_name.clone(),
        wallet_dir: paths.wallet_dir.clone(),
        hotkey_ss58,
        coldkey_ss58,
        chain: on_chain,
        hotkey_file,
        coldkey_file,
        coldkeypub_file,
        problems,
        warnings,
    }
}

/// Registration facts for the hotkey; errors are reported in the result, not raised.
async fn on_chain(b: &BittensorConfig, hotkey: [u8; 32], required: bool, timeout: Option<u64>) -> OnChain {
    let netuid = b.effective_netuid();
    let endpoint = b.effective_endpoint().to_string();
    let configured = super::register::axon_ip(b).ok().map(|ip| (ip, b.axon_port));
    let (default_timeout, attempts) = if required { (15, 3) } else { (5, 1) };
    let timeout = timeout.unwrap_or(default_timeout).max(1);
    {
        let mut out = OnChain {
            endpoint: endpoint.clone(),
            netuid,
            axon_configured: configured.map(|(ip, port)| {
                if ip.is_ipv6() {
                    format!("[{ip}]:{port}")
                } else {
                    format!("{ip}:{port}")
                }
            }),
            ..Default::default()
        };
        let result = async {
            let chain = ChainClient::connect(&endpoint, std::time::Duration::from_secs(timeout), attempts).await?;
            let uid = chain.uid(netuid, hotkey).await?;
            let axon = chain.axon(netuid, hotkey).await?;
            let stake = match uid {
                Some(_) => chain
                    .neurons(netuid)
                    .await?
                    .into_iter()
                    .find(|n| n.hotkey == ss58::encode(&hotkey))
                    .map(|n| n.total_stake),
                None => None,
            };
            Ok::<_, ChainError>((uid, axon, stake))
        }
        .await;
        match result {
            Ok((uid, axon, stake)) => {
                out.reachable = true;
                out.uid = uid;
                out.stake_rao = stake;
                out.axon_on_chain = axon.as_ref().map(registration::show_axon);
                out.axon_matches = configured.map(|(ip, port)| registration::axon_matches(axon.as_ref(), ip, port));
            }
            Err(e) => out.error = Some(e.to_string()),
        }
        out
    }
}
