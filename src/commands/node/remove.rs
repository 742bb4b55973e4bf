//! `node remove`: drop nodes from miner.toml (asks first; `--yes` without a terminal).

use crate::commands::error::ErrorContext as _;
use crate::commands::fleet_ui::block_on;
use crate::commands::CmdResult;
use basilica_miner::core::ops::nodes::RemovalPlan;
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
    let plan = block_on(RemovalPlan::read(&loaded, &args.nodes, args.force))?;
    for n in &plan.rented {
        ctx.out.warn(&format!("--force: {n}; removing the node ends its listing, and the rental with it"));
    }
    if !ctx.confirm_destructive(&format!("Remove {} from {}?", plan.names.join(", "), ctx.config_path.display()))? {
        ctx.out.note("nothing removed");
        return Ok(ExitStatus::Failed(ExitClass::Failure));
    }
    let removed = plan
        .execute(&ctx.config_path)
        .with_context(|| format!("could not edit {}; nothing was changed", ctx.config_path.display()))?;
    for r in &removed {
        ctx.out.success(format!("removed node {} ({})", r.address(), r.node_id));
    }
    super::print_nodes(ctx, &removed)?;
    ctx.config_changed();
    Ok(ExitStatus::Success)
}
