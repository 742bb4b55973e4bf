//! `wallet check`: names, paths, addresses, encryption and permissions of the miner's keys.

use basilica_miner::core::identity::wallet::KeyFileInfo;
use basilica_miner::core::ops::wallet_check::{wallet_check, ChainCheck};
use basilica_miner::core::support::exit::ExitClass;

use crate::commands::fleet_ui::block_on;
use crate::commands::CmdResult;
use crate::commands::{Context, ExitStatus};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Also read the registration from the chain, and fail if the chain cannot be reached
    #[arg(long, conflicts_with = "offline")]
    pub online: bool,
    /// Do not contact the chain (by default it is tried briefly)
    #[arg(long)]
    pub offline: bool,
    /// Seconds each chain request may take [default: 15 with --online, else 5]
    #[arg(long, value_name = "SECS", conflicts_with = "offline")]
    pub timeout: Option<u64>,
}

pub fn run(args: Args, ctx: &Context) -> CmdResult {
    let loaded = ctx.load_config()?;
    let b = &loaded.config.bittensor;
    let chain = match (args.offline, args.online) {
        (true, _) => ChainCheck::Skip,
        (false, true) => ChainCheck::Require,
        (false, false) => ChainCheck::Try,
    };
    let report = block_on(wallet_check(b, &loaded.resolve_path(&b.wallet_path), chain, args.timeout, &mut |p| {
        super::password_source(ctx, p)
    }));
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
            vec![
                "hotkey".into(),
                report.hotkey_ss58.clone().unwrap_or_else(|| "-".into()),
                report.hotkey_file.path.display().to_string(),
                state(&report.hotkey_file),
            ],
            vec![
                "coldkey".into(),
                report.coldkey_ss58.clone().unwrap_or_else(|| "-".into()),
                report.coldkey_file.path.display().to_string(),
                state(&report.coldkey_file),
            ],
        ];
        let mut rows = rows;
        if let Some(c) = &report.chain {
            let reg = match (c.reachable, c.uid) {
                (false, _) => "unreachable".to_string(),
                (true, Some(uid)) => format!(
                    "uid {uid} on netuid {}, stake {}",
                    c.netuid,
                    basilica_miner::core::ops::register::tao(c.stake_rao.unwrap_or(0))
                ),
                (true, None) => format!("not registered on netuid {}", c.netuid),
            };
            rows.push(vec![
                "chain".into(),
                reg,
                c.endpoint.clone(),
                format!("axon {}", c.axon_on_chain.as_deref().unwrap_or("none")),
            ]);
        }
        ctx.out.table(&["KEY", "ADDRESS / NAME", "FILE", "STATE"], rows)?;
        for w in &report.warnings {
            ctx.out.warn(w);
        }
        for p in &report.problems {
            ctx.out.problem(p);
        }
    }
    // A key that cannot be used is exit 4; a chain that could not be reached (with --online) 3.
    let keys_failed = report.problems.iter().any(|p| !p.starts_with("chain:"));
    Ok(match (report.ok, keys_failed) {
        (true, _) => ExitStatus::Success,
        (false, true) => ExitStatus::Failed(ExitClass::Credentials),
        (false, false) => ExitStatus::Failed(ExitClass::Unreachable),
    })
}
