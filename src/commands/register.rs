//! `register`: burned registration on the configured subnet, then the axon for
//! `external_ip:axon_port` if the chain has another one.

use basilica_miner::core::support::exit::ExitClass;
use std::time::Duration;

use crate::commands::error::ErrorContext as _;
use crate::commands::CmdResult;
use basilica_miner::core::identity::wallet;
use basilica_miner::core::ops::register::{axon_ip, tao, RegisterReport, Registration};

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
    let ip = axon_ip(&b)?;
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
        let steps = registration.steps();
        if steps.is_empty() {
            if ctx.out.json_mode() {
                ctx.out.json(&RegisterReport::nothing_to_do(plan, args.dry_run))?;
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
                ctx.out.json(&RegisterReport::would_submit(plan, steps))?;
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
            ctx.out.json(&RegisterReport::done(plan, outcome))?;
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
