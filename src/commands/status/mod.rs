//! `status`: one screen that says whether the miner is earning, from the running daemon
//! (no SSH). `--watch` redraws it in place on a terminal until Ctrl-C.

mod screen;
mod summary;

use basilica_miner::core::support::exit::ExitClass;
use std::io::{IsTerminal, Write};
use std::time::Duration;

use basilica_miner::core::ops::status::{daemon_only, status, StatusReport};
use screen::screen;

use super::error::UsageError;
use super::{CmdResult, Context, ExitStatus};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Redraw every SECS seconds (default 5) on the terminal until Ctrl-C
    #[arg(long, value_name = "SECS", num_args = 0..=1, default_missing_value = "5",
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub watch: Option<u64>,
    /// Only whether the daemon runs and answers its gRPC health check, in one line: exit 0, or
    /// 3 (for container and service-manager health checks)
    #[arg(long, conflicts_with = "watch")]
    pub daemon: bool,
}

pub fn run(args: Args, ctx: &Context) -> CmdResult {
    let loaded = ctx.load_config()?;
    let rt = super::fleet_ui::runtime()?;
    if args.daemon {
        let d = rt.block_on(daemon_only(&loaded));
        if ctx.out.json_mode() {
            ctx.out.json(&d)?;
        } else {
            ctx.out.line(match (&d.health, &d.health_error) {
                _ if !d.running => format!("not running for {}", loaded.path.display()),
                (Some(h), _) => format!("pid {}: {h}", d.pid.unwrap_or(0)),
                (None, e) => format!("pid {}: {}", d.pid.unwrap_or(0), e.as_deref().unwrap_or("no answer")),
            })?;
        }
        return Ok(if d.serving() { ExitStatus::Success } else { ExitStatus::Failed(ExitClass::Unreachable) });
    }
    let Some(every) = args.watch else {
        let s = rt.block_on(status(&loaded));
        if ctx.out.json_mode() {
            ctx.out.json(&s)?;
        } else {
            ctx.out.line(screen(&s, None).join("\n"))?;
        }
        return Ok(exit_status(&s));
    };
    if ctx.out.json_mode() {
        return Err(UsageError("--watch redraws a terminal; use --json without --watch in scripts".into()).into());
    }
    if !std::io::stdout().is_terminal() {
        return Err(UsageError("--watch needs a terminal on stdout; run `status` without it in scripts".into()).into());
    }
    rt.block_on(async {
        let mut out = std::io::stdout();
        loop {
            let s = status(&loaded).await;
            let (rows, cols) = console::Term::stdout().size();
            let mut text = String::from("\x1b[H");
            for line in screen(&s, Some((rows as usize, cols as usize))) {
                text.push_str(&line);
                text.push_str("\x1b[K\r\n");
            }
            text.push_str("\x1b[J");
            out.write_all(text.as_bytes())?;
            out.flush()?;
            tokio::select! {
                () = tokio::time::sleep(Duration::from_secs(every)) => {}
                _ = tokio::signal::ctrl_c() => return Ok(exit_status(&s)),
            }
        }
    })
}

fn exit_status(s: &StatusReport) -> ExitStatus {
    ExitStatus::from_failure(s.exit_class())
}
