//! `demo`: a whole miner on this machine and a validator session against it, narrated on
//! stderr (the steps live in `basilica_miner::testbed::demo`); then everything is torn down.

use crate::commands::error::Context as _;
use crate::commands::CmdResult;
use basilica_miner::testbed::demo::{self, DemoOptions, Event, Running};
use console::style;

use super::{Context, ExitStatus};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Number of GPU nodes (sshd on loopback); the last one has a broken driver
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..=50))]
    pub nodes: u16,
    /// Keep everything running until Ctrl-C instead of tearing down at once
    #[arg(long)]
    pub keep: bool,
}

pub fn run(args: Args, ctx: &Context) -> CmdResult {
    let hold = |r: &Running| {
        if args.keep {
            ctx.out.note(format!(
                "{} running until Ctrl-C. Try:\n    basilica-miner -c {} node list\n    basilica-miner probe 127.0.0.1:{} --expect-hotkey {}\n    curl -s 127.0.0.1:{}/metrics",
                style("▸").cyan(),
                r.config_path.display(),
                r.grpc_port,
                r.miner_hotkey,
                r.metrics_port
            ));
            wait_for_interrupt();
        }
    };
    let opts = DemoOptions {
        nodes: args.nodes,
        exe: std::env::current_exe().context("locating basilica-miner")?,
        tables_to_stderr: ctx.out.json_mode(),
        hold: &hold,
    };
    let report = demo::run(&opts, &mut |e| match e {
        Event::Say(text) => ctx.out.note(format!("{} {text}", style("▸").cyan())),
        Event::Step(s) => {
            let mark = if s.ok { style("✓").green() } else { style("✗").red() };
            ctx.out.note(format!("  {mark} {}", s.detail));
        }
        Event::Output(line) => ctx.out.note(format!("      {line}")),
    })?;
    if ctx.out.json_mode() {
        ctx.out.json(&report)?;
    } else if report.ok {
        ctx.out.success("demo finished: a validator authenticated, got the nodes and logged into one");
    }
    Ok(if report.ok { ExitStatus::Success } else { ExitStatus::Failure })
}

/// Blocks until Ctrl-C or SIGTERM.
fn wait_for_interrupt() {
    let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else { return };
    rt.block_on(async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    });
}
