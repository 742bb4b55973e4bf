//! `node add`: append nodes to miner.toml, comments kept, written atomically.

use crate::commands::error::ErrorContext as _;
use crate::commands::CmdResult;
use basilica_miner::core::nodes::node;
use basilica_miner::core::nodes::registry::{self, NewNode};

use crate::commands::{Context, ExitStatus};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Nodes as user@host[:port] (port 22 when omitted; user from [ssh_session] default_node_username when omitted)
    #[arg(required = true, value_name = "USER@HOST[:PORT]")]
    pub nodes: Vec<String>,
    /// Price per GPU per hour in dollars offered to validators, e.g. 2.50 (without it, the
    /// price of the node's GPU category in [bidding.strategy.static.static_prices])
    #[arg(long, value_name = "DOLLARS", value_parser = parse_rate, allow_negative_numbers = true)]
    pub rate: Option<f64>,
    /// Extra ssh options handed to validators with the connection details
    #[arg(long, value_name = "OPTIONS", allow_hyphen_values = true)]
    pub opts: Option<String>,
    /// GPU category declared to generation-2 validators (A100, H100, H200, B200, B300, or any
    /// other NVIDIA card as validators name it, e.g. RTX_5090); the node is only advertised
    /// while nvidia-smi agrees
    #[arg(long, value_name = "CATEGORY")]
    pub gpu_category: Option<String>,
    /// GPU count declared to generation-2 validators; must equal what nvidia-smi lists
    #[arg(long, value_name = "N")]
    pub gpu_count: Option<u32>,
    /// A second disk validators may mount into rentals: an absolute path such as /ephemeral
    #[arg(long, value_name = "PATH")]
    pub extra_mount_path: Option<String>,
}

fn parse_rate(text: &str) -> Result<f64, String> {
    node::parse_rate(text).map_err(|e| e.to_string())
}

pub fn run(args: Args, ctx: &Context) -> CmdResult {
    let new: Vec<NewNode<'_>> = args
        .nodes
        .iter()
        .map(|spec| NewNode {
            spec,
            rate: args.rate,
            additional_opts: args.opts.as_deref(),
            gpu_category: args.gpu_category.as_deref(),
            gpu_count: args.gpu_count,
            extra_mount_path: args.extra_mount_path.as_deref(),
        })
        .collect();
    let added = registry::add(&ctx.config_path, &new)
        .with_context(|| format!("could not add to {}; nothing was changed", ctx.config_path.display()))?;
    for r in &added {
        let price = r
            .hourly_rate_per_gpu
            .map_or_else(|| "at the static price of its GPU category".to_string(), |p| format!("at ${p:.2}/GPU/hour"));
        ctx.out.success(format!("added node {} ({}) {price}", r.address(), r.node_id));
    }
    super::print_nodes(ctx, &added)?;
    super::bidding_warnings(ctx);
    ctx.config_changed();
    if !ctx.out.json_mode() {
        ctx.out.note("next: `basilica-miner node test` checks SSH access and GPUs");
    }
    Ok(ExitStatus::Success)
}
