//! `health-check` and `service test-ssh|test-bittensor`: the operator guide's command lines,
//! each a one-screen summary (or `--json`), exit 1 when something fails.

use basilica_miner::core::ops::health_check::{
    health_check, test_bittensor, test_ssh, CheckStatus, HealthReport, Item,
};
use clap::Subcommand;
use console::style;

use super::fleet_ui::block_on;
use super::{Context, ExitStatus};
use crate::commands::CmdResult;

#[derive(Debug, Subcommand)]
pub enum ServiceCommand {
    /// SSH to every node with the miner's key (the SSH part of `node test`).
    TestSsh,
    /// Wallet, chain reachability and the hotkey's registration (as `wallet check --online`).
    TestBittensor,
}

fn render(ctx: &Context, report: &HealthReport) -> CmdResult {
    if ctx.out.json_mode() {
        ctx.out.json(report)?;
    } else {
        let rows = report
            .checks
            .iter()
            .map(|c: &Item| {
                let outcome = match c.outcome {
                    CheckStatus::Pass => style("pass").green().to_string(),
                    CheckStatus::Warn => style("warn").yellow().to_string(),
                    CheckStatus::Fail => style("FAIL").red().bold().to_string(),
                    CheckStatus::Skip => style("skip").dim().to_string(),
                };
                vec![c.name.to_string(), outcome, c.detail.clone()]
            })
            .collect();
        ctx.out.table(&["CHECK", "RESULT", "DETAIL"], rows)?;
    }
    Ok(ExitStatus::from_failure(report.exit_class()))
}

/// `health-check`.
pub fn run(ctx: &Context) -> CmdResult {
    let loaded = ctx.load_config()?;
    let report = block_on(health_check(&loaded, &mut |p| super::wallet::password_source(ctx, p)));
    render(ctx, &report)
}

/// `service …`.
pub fn run_service(cmd: ServiceCommand, ctx: &Context) -> CmdResult {
    let loaded = ctx.load_config()?;
    let report = match cmd {
        ServiceCommand::TestSsh => {
            let checks = block_on(test_ssh(&loaded))?;
            HealthReport { ok: checks.iter().all(|c| c.outcome != CheckStatus::Fail), checks }
        }
        ServiceCommand::TestBittensor => {
            block_on(test_bittensor(&loaded, &mut |p| super::wallet::password_source(ctx, p))).1
        }
    };
    render(ctx, &report)
}
