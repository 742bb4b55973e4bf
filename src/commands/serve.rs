//! `serve`: the validator-facing gRPC daemon.

use crate::commands::error::Context as _;
use crate::commands::CmdResult;
use basilica_miner::core::checks::{self, Area};
use basilica_miner::core::config::Severity;
use basilica_miner::core::identity::wallet;
use basilica_miner::core::ops::daemon::{self as launch, LaunchOptions};

use super::error::UsageError;
use super::{Context, ExitStatus};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// No chain calls at all (labs, the sandbox): needs strategy = "fixed_assignment", whose
    /// hotkey then stands in for the validator-permit check
    #[arg(long)]
    pub offline: bool,
}

pub fn run(args: Args, ctx: &Context) -> CmdResult {
    let loaded = ctx.load_config()?;
    // The wallet is checked by loading it below (exit 4 when it cannot be used).
    let problems = checks::validate(&loaded, &Area::all_but_wallet());
    let mut errors = 0;
    for p in &problems {
        match p.severity {
            Severity::Error => {
                errors += 1;
                tracing::error!("{p}");
            }
            Severity::Warning => tracing::warn!("{p}"),
        }
    }
    if errors > 0 || loaded.problems.iter().any(basilica_miner::core::config::Problem::is_error) {
        return Err(UsageError(format!(
            "{} has errors (listed above); fix them, `basilica-miner config validate` checks",
            loaded.path.display()
        ))
        .into());
    }
    let c = &loaded.config;
    if args.offline {
        c.validator_assignment.offline_validator().map_err(|e| UsageError(e.to_string()))?;
    }
    let tls = if c.validator_comms.tls_enabled {
        let read = |key: &str, written: &Option<String>| -> CmdResult<Vec<u8>> {
            let path = loaded.resolve_path(written.as_deref().unwrap_or_default());
            std::fs::read(&path).with_context(|| format!("[validator_comms] {key} {}", path.display()))
        };
        let (cert, key) = (
            read("tls_cert_path", &c.validator_comms.tls_cert_path)?,
            read("tls_key_path", &c.validator_comms.tls_key_path)?,
        );
        tracing::info!("serving TLS");
        Some((cert, key))
    } else {
        None
    };
    if !c.security.verify_signatures {
        tracing::warn!(
            "!!! [security] verify_signatures = false: ANY caller can claim any validator hotkey. Labs only !!!"
        );
    }
    let paths = loaded.wallet_paths();
    let hotkey =
        wallet::load_keypair(&paths.hotkey, "hotkey", &mut || super::wallet::password_source(ctx, &paths.hotkey))?;
    tracing::info!(hotkey = %hotkey.ss58, "loaded the miner hotkey");

    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(launch::serve(
        &loaded,
        hotkey,
        LaunchOptions { offline: args.offline, tls },
        shutdown_signal(),
        |_| {},
    ))?;
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
