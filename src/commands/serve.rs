//! `serve`: the validator-facing gRPC daemon, started after the gate every start passes
//! (`ops::daemon::prelaunch`).

use crate::commands::CmdResult;
use basilica_miner::core::ops::daemon::{self as launch, prelaunch, HotkeySource};

use super::{Context, ExitStatus};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// No chain calls at all (labs, the sandbox): needs strategy = "fixed_assignment", whose
    /// hotkey then stands in for the validator-permit check
    #[arg(long)]
    pub offline: bool,
}

pub fn run(args: Args, ctx: &Context) -> CmdResult {
    // Loaded without printing its reading problems: the gate logs every problem once.
    let loaded = ctx.load_config_quietly()?;
    let hotkey_path = loaded.wallet_paths().hotkey;
    let mut password = || super::wallet::password_source(ctx, &hotkey_path);
    let (hotkey, options) = prelaunch(&loaded, args.offline, HotkeySource::Wallet(&mut password))?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(launch::serve(&loaded, hotkey, options, shutdown_signal(), |_| {}))?;
    tracing::info!("stopped cleanly");
    Ok(ExitStatus::Success)
}

/// SIGTERM (systemd) or SIGINT (Ctrl-C).
async fn shutdown_signal() {
    match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        Ok(mut term) => {
            tokio::select! {
                _ = term.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot watch SIGTERM; stopping on Ctrl-C only");
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
