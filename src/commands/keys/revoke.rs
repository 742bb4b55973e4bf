//! `keys revoke <HOTKEY> | --all`: remove validator keys from every node.

use basilica_miner::core::identity::ss58;
use basilica_miner::core::nodes::authorized_keys::Revoke;
use basilica_miner::core::nodes::keys::NodeResult;
use basilica_miner::core::ops::nodes::keys_revoke;
use basilica_miner::core::support::exit::ExitClass;

use crate::commands::error::UsageError;
use crate::commands::fleet_ui::{block_on, pick, progress};
use crate::commands::CmdResult;
use crate::commands::{Context, ExitStatus};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The validator's SS58 hotkey whose key to remove
    #[arg(value_name = "HOTKEY", required_unless_present = "all", conflicts_with = "all")]
    pub hotkey: Option<String>,
    /// Remove every validator key
    #[arg(long)]
    pub all: bool,
    /// Remove the keys even from nodes that carry a customer's rental (refused otherwise,
    /// exit 5): the renting validator loses its way in and records the rental as interrupted
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args, ctx: &Context) -> CmdResult {
    let which = match &args.hotkey {
        Some(h) => {
            ss58::parse(h).map_err(|e| {
                UsageError(format!("{e}; give the validator's hotkey as printed by `basilica-miner keys list`"))
            })?;
            Revoke::Hotkey(h)
        }
        None => Revoke::All,
    };
    let set = pick(ctx, &[])?;
    let what = match &which {
        Revoke::Hotkey(h) => format!("validator {h}'s key"),
        Revoke::All => "every validator key".to_string(),
    };
    if !ctx.confirm_destructive(&format!("Remove {what} from {} node(s)?", set.len()))? {
        ctx.out.note("nothing removed");
        return Ok(ExitStatus::Failed(ExitClass::Failure));
    }
    let bar = progress(ctx, set.len(), "revoking");
    let outcome = block_on(keys_revoke(&set, &ctx.config_path, &which, args.force, &|_| bar.inc(1)));
    bar.finish_and_clear();
    let outcome = outcome?;
    let (recovered, nodes) = (&outcome.recovered, &outcome.nodes);
    for n in &outcome.rentals_disturbed {
        ctx.out
            .warn(&format!("--force: {n}; its renting validator loses its key, which ends the rental as interrupted"));
    }
    if !recovered.stale_keys.is_empty() {
        ctx.out.note(format!(
            "finished an interrupted key rotation: {} stale miner key(s) removed from {} node(s)",
            recovered.stale_keys.len(),
            recovered.cleaned_nodes.len()
        ));
    }
    if ctx.out.json_mode() {
        ctx.out.json(&outcome)?;
    } else {
        let rows = nodes
            .iter()
            .map(|n| match &n.result {
                NodeResult::Ok(r) if r.removed.is_empty() => vec![n.address.clone(), "nothing to remove".into()],
                NodeResult::Ok(r) => vec![
                    n.address.clone(),
                    format!("removed {}", r.removed.iter().map(|k| k.hotkey.as_str()).collect::<Vec<_>>().join(", ")),
                ],
                NodeResult::Err { error: e } => {
                    vec![n.address.clone(), format!("error [{}]: {}\nfix: {}", e.code, e.message, e.fix)]
                }
            })
            .collect();
        ctx.out.table(&["NODE", "RESULT"], rows)?;
    }
    Ok(if outcome.ok { ExitStatus::Success } else { ExitStatus::Failed(ExitClass::Failure) })
}
