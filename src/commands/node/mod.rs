//! `node add|list|remove|test|gpu|trust|cordon|uncordon|drain`: the GPU nodes in miner.toml.

mod add;
mod gpu;
mod list;
mod maintenance;
mod remove;
mod test;
mod trust;

use basilica_miner::core::nodes::registry::NodeRecord;
use basilica_miner::core::ops::node_list::ListedNode;
use clap::Subcommand;

use super::Context;
use crate::commands::CmdResult;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add GPU nodes (user@host[:port]) with their hourly rate per GPU.
    Add(add::Args),
    /// List configured nodes with their ids.
    List(list::Args),
    /// Remove nodes by id, user@host:port, host:port or host.
    Remove(remove::Args),
    /// Check SSH access, GPUs, driver/CUDA, Docker, disk and clock on nodes.
    Test(test::Args),
    /// Show the GPU inventory of nodes (nvidia-smi).
    Gpu(gpu::Args),
    /// Accept a node's new SSH host key after a reinstall.
    Trust(trust::Args),
    /// Take nodes out of the offer for maintenance: still configured and health-checked, no new rental lands there; a running rental, its container and its validator's key are left alone.
    Cordon(maintenance::CordonArgs),
    /// Put cordoned nodes back in the offer (after their next passed full validation).
    Uncordon(maintenance::CordonArgs),
    /// Cordon nodes, then with --wait follow their rentals until none runs ("safe to stop it"); exit 6 when --timeout passes first.
    Drain(maintenance::DrainArgs),
}

pub fn run(cmd: Command, ctx: &Context) -> CmdResult {
    match cmd {
        Command::Add(args) => add::run(args, ctx),
        Command::List(args) => list::run(args, ctx),
        Command::Remove(args) => remove::run(args, ctx),
        Command::Test(args) => test::run(args, ctx),
        Command::Gpu(args) => gpu::run(args, ctx),
        Command::Trust(args) => trust::run(args, ctx),
        Command::Cordon(args) => maintenance::cordon(args, true, ctx),
        Command::Uncordon(args) => maintenance::cordon(args, false, ctx),
        Command::Drain(args) => maintenance::drain(args, ctx),
    }
}

/// Warns (stderr) about node addresses generation-2 validators cannot tell apart, and nodes
/// without a price, while bidding is on.
fn bidding_warnings(ctx: &Context) {
    use basilica_miner::core::checks::{self, Area};
    use basilica_miner::core::config::Severity;
    if let Ok(loaded) = ctx.load_config() {
        for p in checks::validate(&loaded, &[Area::Bidding]).iter().filter(|p| p.severity == Severity::Warning) {
            ctx.out.warn(&p.to_string());
        }
    }
}

/// A node's price as every table shows prices: `$2.50 (250 ¢)`, or the static table's.
fn price_cell(rate: Option<f64>) -> String {
    rate.map_or_else(
        || "static price of its GPU category".to_string(),
        |p| super::output::price(basilica_miner::core::nodes::node::rate_cents(p)),
    )
}

/// `3d 4h`, `5h 12m`, `42m`, `0`.
fn duration(secs: i64) -> String {
    let (d, h, m) = (secs / 86_400, secs % 86_400 / 3600, secs % 3600 / 60);
    match (d, h) {
        (0, 0) if secs > 0 => format!("{}m", m.max(1)),
        (0, 0) => "0".into(),
        (0, _) => format!("{h}h {m}m"),
        _ => format!("{d}d {h}h"),
    }
}

/// Prints nodes as configured (`node add`, `node remove`): a table or a JSON array.
fn print_nodes(ctx: &Context, records: &[NodeRecord]) -> CmdResult<()> {
    if ctx.out.json_mode() {
        ctx.out.json(&records.iter().map(ListedNode::configured).collect::<Vec<_>>())?;
    } else if !records.is_empty() {
        let rows = records
            .iter()
            .map(|r| {
                vec![
                    r.node_id.to_string(),
                    r.address().to_string(),
                    price_cell(r.hourly_rate_per_gpu),
                    r.additional_opts.clone().unwrap_or_default(),
                ]
            })
            .collect();
        ctx.out.table(&["NODE ID", "ADDRESS", "PER GPU-HOUR", "SSH OPTIONS"], rows)?;
    }
    Ok(())
}
