//! `node test`: SSH, GPUs, driver/CUDA, Docker and its NVIDIA runtime, group, disk and clock
//! on every node in parallel; with `--full`, also the validators' own full validation (image
//! pull where missing, or with `--pull` always; GPU container, published port, UUIDs, sha256sum, declared GPUs)
//! and the validators' way in (fresh logins, the login shell, the firewall). Exit 1 when any
//! node fails a check.

use basilica_miner::core::nodes::inspect::{Check, CheckStatus, NodeReport};
use basilica_miner::core::nodes::validation::{ImagePolicy, Validation};
use basilica_miner::core::support::exit::ExitClass;
use console::style;

use basilica_miner::core::ops::nodes::{node_test, node_validate, NodeTestReport, TestedNode};

use crate::commands::fleet_ui::{block_on, pick, progress};
use crate::commands::CmdResult;
use crate::commands::{Context, ExitStatus};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Nodes to test (id, user@host:port, host:port or host); all when omitted
    #[arg(value_name = "NODE")]
    pub nodes: Vec<String>,
    /// Also run the validators' full validation: pull [bidding] validation_image where the
    /// node lacks it (at most [node_management] max_concurrent_pulls at once), run it with
    /// --gpus all --runtime nvidia, publish a port and fetch from it, and reach the node as
    /// validators do: fresh logins whose output must be exact, six at once then eight in turn,
    /// the login shell, the node's firewall (slow: minutes per node on a first pull)
    #[arg(long)]
    pub full: bool,
    /// With --full: pull the image even on nodes that have it, as a refresh does (each pull
    /// counts against the registry's limit)
    #[arg(long, requires = "full")]
    pub pull: bool,
}

pub fn run(args: Args, ctx: &Context) -> CmdResult {
    let nodes = pick(ctx, &args.nodes)?;
    super::bidding_warnings(ctx);
    let bar = progress(ctx, nodes.len(), "testing");
    let reports: Vec<NodeReport> = block_on(node_test(&nodes, &|_| bar.inc(1)))?;
    bar.finish_and_clear();
    let validations: Vec<Validation> = if args.full {
        let bar = progress(ctx, nodes.len(), "full validation");
        let stage = |t: &basilica_miner::core::nodes::fleet::Target, what: &str| {
            bar.set_message(format!("{}: {what}", t.address));
        };
        let policy = if args.pull { ImagePolicy::Refresh } else { ImagePolicy::IfMissing };
        let v = block_on(node_validate(&nodes, policy, &stage, &|_| bar.inc(1)))?;
        bar.finish_and_clear();
        v
    } else {
        Vec::new()
    };
    let report = NodeTestReport::new(args.full, reports, validations);
    let failed = report.failed();
    if ctx.out.json_mode() {
        ctx.out.json(&report)?;
    } else {
        let mut rows = Vec::new();
        for TestedNode { report: r, full_validation } in &report.nodes {
            let full: &[Check] = full_validation.as_ref().map_or(&[], |v| &v.checks);
            // A check both passes run (ssh, disk) is shown once.
            for c in r.checks.iter().chain(full.iter().filter(|c| !r.checks.iter().any(|f| f.name == c.name))) {
                rows.push(vec![r.address.clone(), c.name.to_string(), status_cell(c.status), detail_cell(c)]);
            }
            if let Some(view) = r.rentals.as_ref().filter(|v| v.rented()) {
                rows.push(vec![r.address.clone(), "rental".into(), style("rented").cyan().to_string(), view.summary()]);
            }
        }
        ctx.out.table(&["NODE", "CHECK", "STATUS", "DETAIL"], rows)?;
        if args.full {
            ctx.out.note("published_port is fetched from this miner's address: it proves Docker publishes the port; the firewall check reads the node's own rules, but NAT or a firewall in front of the node may still turn a validator away");
        }
        let rented = report
            .nodes
            .iter()
            .map(|n| &n.report)
            .filter(|r| r.rentals.as_ref().is_some_and(basilica_miner::core::nodes::rental::RentalView::rented))
            .count();
        if rented > 0 {
            ctx.out.note(format!(
                "{rented} node(s) rented: looked at only (no pull, no container of the miner's while a rental runs)"
            ));
        }
        let total = report.nodes.len();
        if failed == 0 {
            ctx.out.success(format!("{total} of {total} node(s) passed"));
        } else {
            ctx.out.note(format!("{} {failed} of {total} node(s) failed a check", style("✗").red()));
        }
    }
    Ok(if failed == 0 { ExitStatus::Success } else { ExitStatus::Failed(ExitClass::Failure) })
}

fn status_cell(status: CheckStatus) -> String {
    match status {
        CheckStatus::Pass => style("pass").green().to_string(),
        CheckStatus::Warn => style("warn").yellow().to_string(),
        CheckStatus::Fail => style("FAIL").red().bold().to_string(),
        CheckStatus::Skip => style("skip").dim().to_string(),
    }
}

fn detail_cell(c: &Check) -> String {
    match (c.code, c.fix) {
        (Some(code), Some(fix)) => format!("{} [{code}]\nfix: {fix}", c.detail),
        _ => c.detail.clone(),
    }
}
