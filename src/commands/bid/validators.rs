//! `bid validators`: the permitted validators of the configured subnet and whether each takes
//! Basilica bids (and knows this hotkey), which one the assignment picks and why; or, with
//! `--endpoint`, the same look at one address.

use basilica_miner::core::identity::wallet;
use basilica_miner::core::ops::bid_validators::{knows_hotkey, look_at_endpoint, look_at_subnet};
use basilica_miner::core::support::exit::ExitClass;

use crate::commands::fleet_ui::block_on;
use crate::commands::{CmdResult, Context, ExitStatus};

/// `bid validators [--endpoint URL]`: exit 0 when some validator looked at takes bids, 1 when none does.
pub(super) fn run(ctx: &Context, endpoint: Option<String>) -> CmdResult {
    let loaded = ctx.load_config()?;
    let paths = loaded.wallet_paths();
    // Without the hotkey the looks still tell who takes bids, not who knows this miner.
    let hotkey = match wallet::load_keypair(&paths.hotkey, "hotkey", &mut || {
        crate::commands::wallet::password_source(ctx, &paths.hotkey)
    }) {
        Ok(k) => Some(k),
        Err(e) => {
            ctx.out.warn(&format!("looking without signing (cannot tell whether a validator knows this hotkey): {e}"));
            None
        }
    };
    let report = match &endpoint {
        Some(url) => block_on(look_at_endpoint(&loaded, url, hotkey.as_ref()))?,
        None => {
            ctx.out.note(format!(
                "reading the metagraph of subnet {} from {}…",
                loaded.config.bittensor.effective_netuid(),
                loaded.config.bittensor.effective_endpoint()
            ));
            block_on(look_at_subnet(&loaded, hotkey.as_ref()))?
        }
    };
    if ctx.out.json_mode() {
        ctx.out.json(&report)?;
    } else {
        let signed = report.hotkey.is_some();
        let rows = report
            .validators
            .iter()
            .map(|v| {
                let who = if v.hotkey.is_empty() { "-".to_string() } else { v.hotkey.clone() };
                let knows = match knows_hotkey(&v.look, signed) {
                    Some(true) => "yes",
                    Some(false) => "no",
                    None => "-",
                };
                vec![
                    if v.assigned { "*".into() } else { String::new() },
                    who,
                    if v.hotkey.is_empty() { "-".into() } else { v.uid.to_string() },
                    if v.hotkey.is_empty() { "-".into() } else { format!("{:.3}", v.stake as f64 / 1e9) },
                    v.look.endpoint.clone().unwrap_or_else(|| "-".into()),
                    v.look.state.as_str().to_string(),
                    knows.to_string(),
                    v.look.detail.clone(),
                ]
            })
            .collect();
        ctx.out
            .table(&["", "validator", "uid", "stake (TAO)", "bid endpoint", "state", "knows hotkey", "answer"], rows)?;
        if report.not_looked_at > 0 {
            ctx.out.note(format!("{} more permitted validator(s) with less stake not looked at", report.not_looked_at));
        }
        ctx.out.line(&report.assignment)?;
        if let Some(fix) = &report.fix {
            ctx.out.note(format!("fix: {fix}"));
        }
    }
    Ok(if report.any_takes_bids { ExitStatus::Success } else { ExitStatus::Failed(ExitClass::Failure) })
}
