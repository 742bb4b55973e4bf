//! `register`: burned registration on the configured subnet, then the axon for
//! `external_ip:axon_port` if the chain has another one.

use basilica_miner::core::support::exit::ExitClass;
use std::net::IpAddr;
use std::time::Duration;

use crate::commands::error::Context as _;
use crate::commands::CmdResult;
use basilica_miner::core::identity::wallet;
use basilica_miner::core::ops::register::{tao, Registration};

use super::error::UsageError;
use super::fleet_ui::block_on;
use super::{Context, ExitStatus};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Show what would be submitted without signing anything
    #[arg(long)]
    pub dry_run: bool,
    /// Seconds to wait for each chain request
    #[arg(long, default_value_t = 30, value_name = "SECS")]
    pub timeout: u64,
}

pub fn run(args: Args, ctx: &Context) -> CmdResult {
    let loaded = ctx.load_config()?;
    let b = loaded.config.bittensor.clone();
    let ip: IpAddr = match &b.external_ip {
        Some(text) => text.parse().map_err(|_| UsageError(format!("[bittensor] external_ip `{text}` is not an IP address")))?,
        None => return Err(UsageError("[bittensor] external_ip is not set; validators find you by the IP served on chain. Set it, then run register again".into()).into()),
    };
    let netuid = b.effective_netuid();
    let paths = loaded.wallet_paths();
    let hotkey =
        wallet::load_keypair(&paths.hotkey, "hotkey", &mut || super::wallet::password_source(ctx, &paths.hotkey))?;
    let coldkey_ss58 = wallet::read_public(&paths.coldkeypub, "coldkeypub.txt")?;
    let endpoint = b.effective_endpoint().to_string();
    ctx.out.note(format!("connecting to {} ({endpoint})…", b.network.as_str()));

    block_on(async {
        let timeout = Duration::from_secs(args.timeout.max(1));
        let registration =
            Registration::plan(&endpoint, timeout, netuid, &hotkey, &coldkey_ss58, ip, b.axon_port).await?;
        let plan = &registration.plan;
        if !ctx.out.json_mode() {
            let mut rows = vec![
                vec!["network".to_string(), format!("{} (netuid {netuid})", b.network.as_str())],
                vec!["hotkey".into(), plan.hotkey.clone()],
                vec!["coldkey".into(), plan.coldkey.clone()],
                vec!["registered".into(), plan.uid.map_or("no".into(), |u| format!("yes, uid {u}"))],
            ];
            if let (Some(burn), Some(balance)) = (plan.burn_rao, plan.balance_rao) {
                rows.push(vec!["burn cost".into(), tao(burn)]);
                rows.push(vec!["coldkey balance".into(), tao(balance)]);
            }
            rows.push(vec!["axon on chain".into(), plan.axon_on_chain.clone().unwrap_or_else(|| "none".into())]);
            rows.push(vec!["axon wanted".into(), plan.axon_wanted.clone()]);
            ctx.out.table(&["", ""], rows)?;
        }
        let mut steps = Vec::new();
        if plan.needs_register {
            steps.push(format!(
                "burned_register({netuid}, {}) signed by the coldkey, burning {}",
                plan.hotkey,
                tao(plan.burn_rao.unwrap_or(0))
            ));
        }
        if plan.needs_axon {
            steps.push(format!("serve_axon({netuid}, {}) signed by the hotkey", plan.axon_wanted));
        }
        if steps.is_empty() {
            if ctx.out.json_mode() {
                ctx.out.json(&serde_json::json!({ "plan": plan, "submitted": [], "dry_run": args.dry_run }))?;
            } else {
                ctx.out.success(format!(
                    "already registered with uid {} and the axon matches; nothing to do",
                    plan.uid.unwrap_or_default()
                ));
            }
            return Ok(ExitStatus::Success);
        }
        if args.dry_run {
            if ctx.out.json_mode() {
                ctx.out.json(&serde_json::json!({ "plan": plan, "would_submit": steps, "dry_run": true }))?;
            } else {
                for s in &steps {
                    ctx.out.note(format!("would submit: {s}"));
                }
            }
            return Ok(ExitStatus::Success);
        }
        if plan.needs_register
            && !ctx.confirm_destructive(&format!(
                "Burn {} from {} to register?",
                tao(plan.burn_rao.unwrap_or(0)),
                plan.coldkey
            ))?
        {
            ctx.out.note("nothing submitted");
            return Ok(ExitStatus::Failed(ExitClass::Failure));
        }
        let mut load_coldkey = || {
            wallet::load_keypair(&paths.coldkey, "coldkey", &mut || super::wallet::password_source(ctx, &paths.coldkey))
        };
        let outcome =
            registration.execute(&hotkey, &mut load_coldkey).await.context("registration did not complete")?;
        if ctx.out.json_mode() {
            ctx.out.json(&serde_json::json!({ "plan": plan, "outcome": outcome, "dry_run": false }))?;
        } else {
            if outcome.registered_now {
                ctx.out.success(format!("registered on netuid {netuid} with uid {}", outcome.uid));
            } else {
                ctx.out.success(format!("already registered with uid {}", outcome.uid));
            }
            if outcome.axon_served {
                ctx.out.success(format!("axon served at {}", plan.axon_wanted));
            }
        }
        Ok(ExitStatus::Success)
    })
}
