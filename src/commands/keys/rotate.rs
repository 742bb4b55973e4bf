//! `keys rotate`: a new miner node key, proven on every node before miner.toml switches to it.

use basilica_miner::core::support::exit::ExitClass;
use std::time::{SystemTime, UNIX_EPOCH};

use basilica_miner::core::ops::nodes::keys_rotate;

use crate::commands::fleet_ui::{block_on, pick};
use crate::commands::CmdResult;
use crate::commands::{Context, ExitStatus};

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args, ctx: &Context) -> CmdResult {
    let set = pick(ctx, &[])?;
    if !ctx.confirm_destructive(&format!("Rotate the miner's node key on {} node(s)?", set.len()))? {
        ctx.out.note("nothing changed");
        return Ok(ExitStatus::Failed(ExitClass::Failure));
    }
    ctx.out.note(format!(
        "rotating the miner key on {} node(s): add, prove login, switch miner.toml, remove old",
        set.len()
    ));
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let rotation = block_on(keys_rotate(&set, &ctx.config_path, now))?;
    ctx.config_changed();
    if ctx.out.json_mode() {
        ctx.out.json(&rotation)?;
    } else {
        ctx.out.success(format!(
            "new key {} ({}) works on all {} node(s)",
            rotation.new_key_path.display(),
            rotation.new_fingerprint,
            rotation.nodes
        ));
        match &rotation.old_key_backup {
            Some(b) => ctx.out.note(format!(
                "  miner.toml now uses it; the old key ({}) is kept as {}",
                rotation.old_fingerprint,
                b.display()
            )),
            None => ctx.out.note(format!(
                "  miner.toml now uses it; the old key ({}) is gone from every node and was deleted",
                rotation.old_fingerprint
            )),
        }
        let r = &rotation.recovered;
        if !r.stale_keys.is_empty() || !r.deleted_files.is_empty() {
            ctx.out.note(format!(
                "  finished an interrupted rotation first: {} stale key(s) removed from {} node(s)",
                r.stale_keys.len(),
                r.cleaned_nodes.len()
            ));
        }
        for (node, e) in &r.failed {
            ctx.out.warn(&format!(
                "{node}: stale miner keys could not be removed ({e}); the next `keys rotate` tries again"
            ));
        }
        for (node, e) in &rotation.old_key_left_on {
            ctx.out.warn(&format!("{node}: could not remove the old key ({e}); it still grants access there. Remove it by hand or run `keys rotate` again"));
        }
    }
    Ok(if rotation.old_key_left_on.is_empty() { ExitStatus::Success } else { ExitStatus::Failed(ExitClass::Failure) })
}
