//! What commands that talk to nodes share: picking nodes, a progress bar on a terminal, and
//! an async runtime.

use std::io::IsTerminal;

use super::error::CmdResult as Result;
use basilica_miner::core::ops::nodes::NodeSet;
use indicatif::{ProgressBar, ProgressStyle};

use super::Context;

/// The nodes `selectors` name (all when empty), from the loaded config.
pub fn pick(ctx: &Context, selectors: &[String]) -> Result<NodeSet> {
    let loaded = ctx.load_config()?;
    Ok(NodeSet::pick(&loaded, selectors)?)
}

/// A progress bar on stderr when a person is watching; hidden otherwise.
pub fn progress(ctx: &Context, len: usize, message: &str) -> ProgressBar {
    if ctx.out.json_mode() || ctx.quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len} nodes ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message(message.to_string());
    bar.enable_steady_tick(std::time::Duration::from_millis(100));
    bar
}

/// Runs a future to completion on a multi-threaded runtime (2 workers are plenty: the work
/// is waiting on ssh).
#[allow(
    clippy::expect_used,
    reason = "without a runtime (out of threads or file descriptors) no command can run; the message says so"
)]
pub fn block_on<F: std::future::Future>(f: F) -> F::Output {
    runtime().expect("cannot start the async runtime (out of threads or file descriptors?)").block_on(f)
}

/// The async runtime a command's network work runs on (two workers are plenty for it).
pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()
}
