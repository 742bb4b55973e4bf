//! `node cordon|uncordon|drain`: take nodes out of the offer for maintenance without ending a
//! customer's rental, follow their rentals until they are free, and put them back.

use std::time::Duration;

use basilica_miner::core::ops::nodes::maintenance::{self, CordonReport, DrainedNode};
use basilica_miner::core::support::clock::unix_now;
use basilica_miner::core::support::exit::ExitClass;

use crate::commands::fleet_ui::block_on;
use crate::commands::{CmdResult, Context, ExitStatus};

#[derive(Debug, clap::Args)]
pub struct CordonArgs {
    /// Node ids (or unique prefixes of 8+ characters), user@host:port, host:port or host
    #[arg(required = true, value_name = "NODE")]
    pub nodes: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct DrainArgs {
    /// Node ids (or unique prefixes of 8+ characters), user@host:port, host:port or host
    #[arg(required = true, value_name = "NODE")]
    pub nodes: Vec<String>,
    /// Wait until no rental runs on the nodes (exit 0), showing the rentals waited for
    #[arg(long)]
    pub wait: bool,
    /// Longest wait with --wait, e.g. 90s, 30m, 2h; then exit 6 (the nodes stay cordoned) [default: no limit]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, requires = "wait")]
    pub timeout: Option<Duration>,
}

fn parse_duration(text: &str) -> Result<Duration, String> {
    humantime::parse_duration(text).map_err(|e| format!("`{text}` is not a duration like 90s, 30m or 2h: {e}"))
}

/// `node cordon` (`on`) and `node uncordon`.
pub(super) fn cordon(args: CordonArgs, on: bool, ctx: &Context) -> CmdResult {
    let loaded = ctx.load_config()?;
    let report = maintenance::set_cordoned(&loaded, &args.nodes, on)?;
    if ctx.out.json_mode() {
        ctx.out.json(&report)?;
    } else {
        say_cordon(ctx, &report);
    }
    Ok(ExitStatus::Success)
}

fn say_cordon(ctx: &Context, report: &CordonReport) {
    for n in &report.nodes {
        let what = match (report.cordoned, n.changed) {
            (true, true) => "cordoned: out of the offer; a running rental is left alone",
            (true, false) => "was cordoned already",
            (false, true) => "uncordoned: offered again after its next passed full validation",
            (false, false) => "was not cordoned",
        };
        ctx.out.success(format!("{} {what}", n.address));
    }
    match (report.reloaded_pid, &report.reload_error) {
        (Some(pid), _) => ctx.out.note(format!("asked the running serve (pid {pid}) to reload")),
        (None, Some(e)) => ctx.out.warn(e),
        (None, None) => ctx.out.note("no serve runs for this file: it applies the change when it starts"),
    }
}

/// `node drain`: cordon, then with `--wait` follow the rentals until the nodes are free.
pub(super) fn drain(args: DrainArgs, ctx: &Context) -> CmdResult {
    let loaded = ctx.load_config()?;
    let wait = args.wait.then(|| args.timeout.unwrap_or(Duration::from_secs(u64::MAX / 4)));
    let bar = (ctx.interactive && !ctx.out.json_mode() && args.wait).then(indicatif::ProgressBar::new_spinner);
    let show = |nodes: &[DrainedNode]| {
        if let Some(bar) = &bar {
            bar.set_message(waiting_line(nodes));
            bar.tick();
        }
    };
    let report = block_on(maintenance::drain(&loaded, &args.nodes, wait, &show))?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if ctx.out.json_mode() {
        ctx.out.json(&report)?;
    } else {
        say_cordon(ctx, &report.cordon);
        for n in &report.nodes {
            match (&n.error, n.free) {
                (Some(e), _) => ctx.out.warn(&format!("{}: cannot tell whether a rental runs: {e}", n.address)),
                (None, true) => ctx.out.success(format!("no rental on {}: safe to stop it", n.address)),
                (None, false) => ctx.out.warn(&format!("{} still carries {}", n.address, rentals(n))),
            }
        }
        if report.timed_out {
            ctx.out.note(format!(
                "gave up after {} s; the nodes stay cordoned: run `node drain --wait` again, or `node uncordon` to offer them again",
                report.waited_secs
            ));
        } else if !report.ok && !args.wait {
            ctx.out.note("`node drain --wait` waits until the rentals end");
        }
    }
    Ok(match (report.ok, report.timed_out) {
        (true, _) => ExitStatus::Success,
        (false, true) => ExitStatus::Failed(ExitClass::TimedOut),
        (false, false) => ExitStatus::Failed(ExitClass::Failure),
    })
}

/// `waiting for rental r1 (running, 2h 3m, validator 5F…) on gpu@10.0.0.5:22`.
fn waiting_line(nodes: &[DrainedNode]) -> String {
    let busy: Vec<String> =
        nodes.iter().filter(|n| !n.free).map(|n| format!("{} on {}", rentals(n), n.address)).collect();
    if busy.is_empty() {
        "every node is free".into()
    } else {
        format!("waiting for {}", busy.join("; "))
    }
}

fn rentals(n: &DrainedNode) -> String {
    let now = unix_now();
    let validators =
        if n.validators.is_empty() { String::new() } else { format!(", validator {}", n.validators.join(" / ")) };
    n.rentals
        .iter()
        .map(|r| {
            let age = r.created_at.map(|t| format!(", {}", super::duration(now - t))).unwrap_or_default();
            format!("rental {} ({}{age}{validators})", r.rental_id, r.state)
        })
        .collect::<Vec<_>>()
        .join(", ")
}
