//! `node remove`: drop nodes from miner.toml (asks first; `--yes` without a terminal).

use crate::commands::error::Context as _;
use crate::commands::fleet_ui::block_on;
use crate::commands::CmdResult;
use basilica_miner::core::nodes::registry;
use basilica_miner::core::ops::nodes::{rentals_before_removal, NodesError};
use basilica_miner::core::support::exit::ExitClass;

use crate::commands::{Context, ExitStatus};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Node ids (or unique prefixes of 8+ characters), user@host:port, host:port or host
    #[arg(required = true, value_name = "NODE")]
    pub nodes: Vec<String>,
    /// Remove nodes even when they carry a customer's rental (refused otherwise, exit 5): the
    /// node leaves the bid and its rental with it
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args, ctx: &Context) -> CmdResult {
    let loaded = ctx.load_config()?;
    let records = registry::list(&loaded.config);
    let mut names = Vec::new();
    for sel in &args.nodes {
        names.push(registry::find(&records, sel)?.address().to_string());
    }
    // Look before acting: a node carrying a customer's rental stays unless forced.
    let rented = block_on(rentals_before_removal(&loaded, &args.nodes));
    if !rented.is_empty() && !args.force {
        return Err(NodesError::Rented { action: format!("removing {}", names.join(", ")), nodes: rented }.into());
    }
    for n in &rented {
        ctx.out.warn(&format!("--force: {n}; removing the node ends its listing, and the rental with it"));
    }
    if !ctx.confirm_destructive(&format!("Remove {} from {}?", names.join(", "), ctx.config_path.display()))? {
        ctx.out.note("nothing removed");
        return Ok(ExitStatus::Failed(ExitClass::Failure));
    }
    let selectors: Vec<&str> = args.nodes.iter().map(String::as_str).collect();
    let removed = registry::remove(&ctx.config_path, &selectors)
        .with_context(|| format!("could not edit {}; nothing was changed", ctx.config_path.display()))?;
    for r in &removed {
        ctx.out.success(format!("removed node {} ({})", r.address(), r.node_id));
    }
    super::print_nodes(ctx, &removed)?;
    ctx.config_changed();
    Ok(ExitStatus::Success)
}
