//! What commands that talk to nodes share: picking nodes, opening the fleet, a progress bar
//! on a terminal, and an async runtime.

use std::io::IsTerminal;

use anyhow::{Context as _, Result};
use basilica_miner::core::nodes::fleet::{Fleet, FleetSettings, Target};
use basilica_miner::core::nodes::registry;
use basilica_miner::core::identity::sshkey;
use indicatif::{ProgressBar, ProgressStyle};

use super::exit::UsageError;
use super::Context;

/// The nodes picked from the config and how to reach them.
pub struct FleetRun {
    pub settings: FleetSettings,
    pub targets: Vec<Target>,
}

impl FleetRun {
    /// Loads the config, checks the miner key, and picks `selectors` (all nodes when empty).
    pub fn open(ctx: &Context, selectors: &[String]) -> Result<FleetRun> {
        let loaded = ctx.load_config()?;
        let records = registry::list(&loaded.config);
        if records.is_empty() {
            return Err(UsageError("no nodes configured; add them with `basilica-miner node add user@host --rate 2.50`".into()).into());
        }
        let targets = if selectors.is_empty() {
            records.iter().map(Target::from).collect()
        } else {
            let mut picked: Vec<Target> = Vec::new();
            for s in selectors {
                let t = Target::from(registry::find(&records, s)?);
                if !picked.contains(&t) {
                    picked.push(t);
                }
            }
            picked
        };
        let settings = FleetSettings::from_config(&loaded);
        sshkey::check_private_key_file(&settings.key_path).context("the miner's node key ([ssh_session] miner_node_key_path) is not usable")?;
        Ok(FleetRun { settings, targets })
    }

    pub fn fleet(&self) -> Result<Fleet> {
        Fleet::new(self.settings.clone()).with_context(|| format!("cannot prepare {}", self.settings.known_hosts.display()))
    }
}

/// A progress bar on stderr when a person is watching; hidden otherwise.
pub fn progress(ctx: &Context, len: usize, message: &str) -> ProgressBar {
    if ctx.out.json_mode() || ctx.quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    bar.set_style(ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len} nodes ({elapsed})").unwrap_or_else(|_| ProgressStyle::default_bar()).progress_chars("=> "));
    bar.set_message(message.to_string());
    bar.enable_steady_tick(std::time::Duration::from_millis(100));
    bar
}

/// Runs a future to completion on a multi-threaded runtime (2 workers are plenty: the work
/// is waiting on ssh).
#[allow(clippy::expect_used, reason = "without a runtime (out of threads or file descriptors) no command can run; the message says so")]
pub fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("cannot start the async runtime (out of threads or file descriptors?)")
        .block_on(f)
}
