//! `keys list`: validator keys per node and the miner key's presence.

use basilica_miner::core::nodes::keys::NodeResult;
use basilica_miner::core::ops::nodes::keys_list;
use basilica_miner::core::support::exit::ExitClass;

use crate::commands::fleet_ui::{block_on, pick, progress};
use crate::commands::CmdResult;
use crate::commands::{Context, ExitStatus};

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args, ctx: &Context) -> CmdResult {
    let set = pick(ctx, &[])?;
    let bar = progress(ctx, set.len(), "reading keys");
    let report = block_on(keys_list(&set, &ctx.config_path, &|_| bar.inc(1)))?;
    bar.finish_and_clear();
    if ctx.out.json_mode() {
        ctx.out.json(&report)?;
    } else {
        let mut rows = Vec::new();
        for n in &report.nodes {
            match &n.result {
                NodeResult::Ok(k) => {
                    if k.validators.is_empty() {
                        rows.push(vec![n.address.clone(), "-".into(), "-".into(), "-".into()]);
                    }
                    for v in &k.validators {
                        rows.push(vec![
                            n.address.clone(),
                            v.hotkey.clone(),
                            v.algorithm.clone(),
                            v.fingerprint.clone(),
                        ]);
                    }
                    for fp in &k.stale_miner_keys {
                        ctx.out.warn(&format!("{}: stale miner key {fp} from an interrupted rotation is still authorized; `basilica-miner keys rotate` (or `keys revoke`) removes it", n.address));
                    }
                    if !k.miner_key_present {
                        ctx.out.warn(&format!("{}: the miner's own key is missing from authorized_keys; the miner can still log in only while its connection lasts", n.address));
                    }
                }
                NodeResult::Err { error: e } => {
                    // The cause goes below the table, not under columns it does not belong to.
                    rows.push(vec![n.address.clone(), format!("unreadable [{}]", e.code), "-".into(), "-".into()]);
                    ctx.out.problem(format!("{}: {} [{}]\n  fix: {}", n.address, e.message, e.code, e.fix));
                }
            }
        }
        ctx.out.table(&["NODE", "VALIDATOR HOTKEY", "KEY TYPE", "FINGERPRINT"], rows)?;
    }
    Ok(if report.ok { ExitStatus::Success } else { ExitStatus::Failed(ExitClass::Failure) })
}
