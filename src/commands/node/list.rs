//! `node list`: configured nodes with their stable ids.

use basilica_miner::core::nodes::registry;

use crate::commands::{Context, ExitStatus};

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args, ctx: &Context) -> anyhow::Result<ExitStatus> {
    let loaded = ctx.load_config()?;
    let records = registry::list(&loaded.config);
    if records.is_empty() && !ctx.out.json_mode() {
        ctx.out.note("no nodes configured; add one with `basilica-miner node add user@host[:port] --rate 2.50`");
    }
    super::print_nodes(ctx, &records)?;
    Ok(ExitStatus::Success)
}
