//! `demo`: a whole miner on this machine and a validator session against it, narrated on
//! stderr (the steps live in `basilica_miner::testbed::demo`); then everything is torn down.

use crate::commands::error::ErrorContext as _;
use crate::commands::CmdResult;
use basilica_miner::core::support::exit::ExitClass;
use basilica_miner::testbed::bid_taker::Rules;
use basilica_miner::testbed::demo::{self, DemoOptions, Event, Generation, Running};
use console::style;

use super::{Context, ExitStatus};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Number of nodes (sshd on loopback); the last one has a broken driver. Generation 2 mixes
    /// 8x H100, 2x RTX 5090, a CPU-only host, 8x H200, 8x B200
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=50))]
    pub nodes: u16,
    /// Protocol generation: 2, the miner bids to the validator (validators built after
    /// 2026-02-02); 1, the validator calls the miner (older validators)
    #[arg(long, default_value = "2", value_parser = ["1", "2"])]
    pub generation: String,
    /// The generation-2 validator's rules: `any` takes any category and CPU-only hosts (the fork
    /// bigailabs/cathedral 7aab4b77, 2026-04); `upstream` only A100/H100/H200/B200/B300
    /// (one-covenant/basilica 4097ead4, 2026-04-09)
    #[arg(long, value_enum, default_value_t = RulesArg::Any)]
    pub rules: RulesArg,
    /// Keep everything running until Ctrl-C instead of tearing down at once
    #[arg(long)]
    pub keep: bool,
}

/// `--rules`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum RulesArg {
    Any,
    Upstream,
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
        generation: if args.generation == "1" { Generation::One } else { Generation::Two },
        rules: match args.rules {
            RulesArg::Any => Rules::Any,
            RulesArg::Upstream => Rules::Upstream,
        },
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
        ctx.out.success(match report.generation {
            Generation::Two => {
                "demo finished: the validator held the healthy nodes it rents and checked each with its own key"
            }
            Generation::One => "demo finished: a validator authenticated, got the nodes and logged into one",
        });
    }
    Ok(if report.ok { ExitStatus::Success } else { ExitStatus::Failed(ExitClass::Failure) })
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
