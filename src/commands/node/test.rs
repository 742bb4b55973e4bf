//! `node test`: SSH, GPUs, driver/CUDA, Docker and its NVIDIA runtime, group, disk and clock
//! on every node in parallel; exit 1 when any node fails a check.

use basilica_miner::core::nodes::inspect::{NodeReport, Status};
use console::style;

use basilica_miner::core::ops::nodes::node_test;

use crate::commands::fleet_ui::{block_on, pick, progress};
use crate::commands::{Context, ExitStatus};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Nodes to test (id, user@host:port, host:port or host); all when omitted
    #[arg(value_name = "NODE")]
    pub nodes: Vec<String>,
}

pub fn run(args: Args, ctx: &Context) -> anyhow::Result<ExitStatus> {
    let nodes = pick(ctx, &args.nodes)?;
    super::bidding_warnings(ctx);
    let bar = progress(ctx, nodes.len(), "testing");
    let reports: Vec<NodeReport> = block_on(node_test(&nodes, &|_| bar.inc(1)))?;
    bar.finish_and_clear();
    let failed = reports.iter().filter(|r| !r.ok).count();
    if ctx.out.json_mode() {
        ctx.out.json(&serde_json::json!({ "ok": failed == 0, "nodes": reports }))?;
    } else {
        let mut rows = Vec::new();
        for r in &reports {
            for c in &r.checks {
                let status = match c.status {
                    Status::Pass => style("pass").green().to_string(),
                    Status::Warn => style("warn").yellow().to_string(),
                    Status::Fail => style("FAIL").red().bold().to_string(),
                    Status::Skip => style("skip").dim().to_string(),
                };
                let detail = match (c.code, c.fix) {
                    (Some(code), Some(fix)) => format!("{} [{code}]\nfix: {fix}", c.detail),
                    _ => c.detail.clone(),
                };
                rows.push(vec![r.address.clone(), c.name.to_string(), status, detail]);
            }
        }
        ctx.out.table(&["NODE", "CHECK", "STATUS", "DETAIL"], rows)?;
        let total = reports.len();
        if failed == 0 {
            ctx.out.success(format!("{total} of {total} node(s) passed"));
        } else {
            ctx.out.note(format!("{} {failed} of {total} node(s) failed a check", style("✗").red()));
        }
    }
    Ok(if failed == 0 { ExitStatus::Success } else { ExitStatus::Failure })
}
