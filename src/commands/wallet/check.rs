//! `wallet check`: names, paths, addresses, encryption and permissions of the miner's keys.

use basilica_miner::core::identity::wallet::{self, KeyFileInfo, WalletPaths};
use serde::Serialize;

use crate::commands::{Context, ExitStatus};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Also read the registration from the chain, and fail if the chain cannot be reached
    #[arg(long, conflicts_with = "offline")]
    pub online: bool,
    /// Do not contact the chain (by default it is tried briefly)
    #[arg(long)]
    pub offline: bool,
}

/// What the chain says about the hotkey.
#[derive(Serialize, Default)]
struct OnChain {
    endpoint: String,
    reachable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    netuid: u16,
    uid: Option<u16>,
    stake_rao: Option<u64>,
    axon_on_chain: Option<String>,
    axon_configured: Option<String>,
    axon_matches: Option<bool>,
}

#[derive(Serialize)]
struct Report {
    ok: bool,
    wallet_name: String,
    hotkey_name: String,
    wallet_dir: std::path::PathBuf,
    hotkey_ss58: Option<String>,
    coldkey_ss58: Option<String>,
    hotkey_file: KeyFileInfo,
    coldkey_file: KeyFileInfo,
    coldkeypub_file: KeyFileInfo,
    #[serde(skip_serializing_if = "Option::is_none")]
    chain: Option<OnChain>,
    problems: Vec<String>,
    warnings: Vec<String>,
}

pub fn run(args: Args, ctx: &Context) -> anyhow::Result<ExitStatus> {
    let loaded = ctx.load_config()?;
    let b = &loaded.config.bittensor;
    let root = loaded.resolve_path(&b.wallet_path);
    let paths = WalletPaths::new(&root, &b.wallet_name, &b.hotkey_name);
    let mut problems = Vec::new();
    let mut warnings = Vec::new();

    let hotkey = wallet::load_keypair(&paths.hotkey, "hotkey", &mut || super::password_source(ctx, &paths.hotkey));
    let hotkey = match hotkey {
        Ok(k) => Some(k),
        Err(e) => {
            problems.push(e.to_string());
            None
        }
    };
    let hotkey_ss58 = hotkey.as_ref().map(|k| k.ss58.clone());
    let chain = match (&hotkey, args.offline) {
        (Some(k), false) => {
            let c = on_chain(b, k.public(), args.online);
            if let Some(e) = &c.error {
                if args.online {
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
                warnings.push(format!("the hotkey is not registered on netuid {}; run `basilica-miner register`", c.netuid));
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
    let files = [wallet::inspect_file(&paths.hotkey), wallet::inspect_file(&paths.coldkey), wallet::inspect_file(&paths.coldkeypub)];
    for f in &files {
        if f.mode_too_open {
            warnings.push(format!("{} has mode {}; others can read it. Fix: chmod 600 {}", f.path.display(), f.mode.as_deref().unwrap_or("?"), f.path.display()));
        }
    }
    if !files[1].exists {
        warnings.push(format!("no coldkey at {} (fine if you keep it offline; `register` needs it)", paths.coldkey.display()));
    }
    let [hotkey_file, coldkey_file, coldkeypub_file] = files;
    let report = Report {
        ok: problems.is_empty(),
        wallet_name: b.wallet_name.clone(),
        hotkey_name: b.hotkey_name.clone(),
        wallet_dir: paths.wallet_dir.clone(),
        hotkey_ss58,
        coldkey_ss58,
        chain,
        hotkey_file,
        coldkey_file,
        coldkeypub_file,
        problems,
        warnings,
    };
    if ctx.out.json_mode() {
        ctx.out.json(&report)?;
    } else {
        let state = |f: &KeyFileInfo| match (f.exists, f.encrypted) {
            (false, _) => "missing".to_string(),
            (true, true) => format!("encrypted, mode {}", f.mode.as_deref().unwrap_or("?")),
            (true, false) => format!("not encrypted, mode {}", f.mode.as_deref().unwrap_or("?")),
        };
        let rows = vec![
            vec!["wallet".into(), report.wallet_name.clone(), report.wallet_dir.display().to_string(), String::new()],
            vec!["hotkey".into(), report.hotkey_ss58.clone().unwrap_or_else(|| "-".into()), report.hotkey_file.path.display().to_string(), state(&report.hotkey_file)],
            vec!["coldkey".into(), report.coldkey_ss58.clone().unwrap_or_else(|| "-".into()), report.coldkey_file.path.display().to_string(), state(&report.coldkey_file)],
        ];
        let mut rows = rows;
        if let Some(c) = &report.chain {
            let reg = match (c.reachable, c.uid) {
                (false, _) => "unreachable".to_string(),
                (true, Some(uid)) => format!("uid {uid} on netuid {}, stake {}", c.netuid, basilica_miner::core::chain::registration::tao(c.stake_rao.unwrap_or(0))),
                (true, None) => format!("not registered on netuid {}", c.netuid),
            };
            rows.push(vec!["chain".into(), reg, c.endpoint.clone(), format!("axon {}", c.axon_on_chain.as_deref().unwrap_or("none"))]);
        }
        ctx.out.table(&["KEY", "ADDRESS / NAME", "FILE", "STATE"], rows)?;
        for w in &report.warnings {
            ctx.out.warn(w);
        }
        for p in &report.problems {
            eprintln!("{} {p}", console::style("error:").red().bold());
        }
    }
    Ok(if report.ok { ExitStatus::Success } else { ExitStatus::WalletUnusable })
}

/// Registration facts for the hotkey; errors are reported in the result, not raised.
fn on_chain(b: &basilica_miner::core::config::BittensorConfig, hotkey: [u8; 32], required: bool) -> OnChain {
    use basilica_miner::core::chain::ChainClient;
    use basilica_miner::core::chain::registration;
    let netuid = b.effective_netuid();
    let endpoint = b.effective_endpoint().to_string();
    let configured: Option<(std::net::IpAddr, u16)> = b.external_ip.as_deref().and_then(|ip| ip.parse().ok()).map(|ip| (ip, b.axon_port));
    let (timeout, attempts) = if required { (15, 3) } else { (5, 1) };
    crate::commands::fleet_ui::block_on(async {
        let mut out = OnChain {
            endpoint: endpoint.clone(),
            netuid,
            axon_configured: configured.map(|(ip, port)| if ip.is_ipv6() { format!("[{ip}]:{port}") } else { format!("{ip}:{port}") }),
            ..Default::default()
        };
        let result = async {
            let chain = ChainClient::connect(&endpoint, std::time::Duration::from_secs(timeout), attempts).await?;
            let uid = chain.uid(netuid, hotkey).await?;
            let axon = chain.axon(netuid, hotkey).await?;
            let stake = match uid {
                Some(_) => chain.neurons(netuid).await?.into_iter().find(|n| n.hotkey == basilica_miner::core::identity::ss58::encode(&hotkey)).map(|n| n.total_stake),
                None => None,
            };
            Ok::<_, basilica_miner::core::chain::ChainError>((uid, axon, stake))
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
    })
}
