//! `node list`: configured nodes with their stable ids and, once `serve` has checked them,
//! their health and uptime streak (time since the node last failed a check: validators ramp
//! rewards over about 14 days of it).

use basilica_miner::core::nodes::registry;
use basilica_miner::core::ops::database::{last_node_health, last_validations};

use crate::commands::{Context, ExitStatus};

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args, ctx: &Context) -> anyhow::Result<ExitStatus> {
    let loaded = ctx.load_config()?;
    let records = registry::list(&loaded.config);
    if records.is_empty() && !ctx.out.json_mode() {
        ctx.out.note("no nodes configured; add one with `basilica-miner node add user@host[:port] --rate 2.50`");
    }
    let health = match last_node_health(&loaded) {
        Ok(h) => h,
        Err(e) => {
            ctx.out.warn(&format!("no health from the database: {e}"));
            Default::default()
        }
    };
    let validations = last_validations(&loaded).unwrap_or_default();
    super::print_nodes_with_health(ctx, &records, &health, &validations)?;
    Ok(ExitStatus::Success)
}
