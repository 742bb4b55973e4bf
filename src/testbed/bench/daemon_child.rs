//! The daemon child of the long-running examples (`soak`, `chaos`, `bench_flood`): the example runs itself
//! again with `--daemon CONFIG`, and that process serves as `serve` does, with //Miner as the
//! hotkey, until SIGTERM; its log level comes from BASILICA_MINER_LOG. Also the process
//! figures the examples print.

use std::path::Path;

use crate::core::config;
use crate::core::identity::wallet::Keypair;
use crate::core::ops::daemon::{self as launch, prelaunch, HotkeySource};

/// Serves `config_path` until SIGTERM; `offline`: no chain (the assignment is fixed).
pub fn run(config_path: &Path, offline: bool) {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let filter: tracing_subscriber::filter::Targets = std::env::var("BASILICA_MINER_LOG")
        .ok()
        .and_then(|f| f.parse().ok())
        .unwrap_or_else(|| "warn".parse().unwrap());
    tracing_subscriber::registry()
        .with(filter)
        .with(tracing_subscriber::fmt::layer().with_writer(std::io::stderr))
        .init();
    let loaded = config::load(config_path, std::iter::empty()).unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let stop = async {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).unwrap();
        term.recv().await;
    };
    // The gate `serve` passes, with the development key the benchmark's validators target.
    let (hotkey, options) =
        prelaunch(&loaded, offline, HotkeySource::Given(Box::new(Keypair::from_uri("//Miner").unwrap()))).unwrap();
    rt.block_on(launch::serve(&loaded, hotkey, options, stop, |_| {})).unwrap();
}

/// A process's resident memory (KiB) and open descriptors.
pub fn rss_and_fds(pid: u32) -> (u64, usize) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let rss = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").parse().ok())
        .unwrap_or(0);
    let fds = std::fs::read_dir(format!("/proc/{pid}/fd")).map(Iterator::count).unwrap_or(0);
    (rss, fds)
}

/// The daemon child; stopped (SIGTERM, then SIGKILL after 10 s) when dropped, so a failed
/// assertion does not leave it serving.
pub struct Daemon(std::process::Child);

impl Daemon {
    /// The child's pid.
    pub fn id(&self) -> u32 {
        self.0.id()
    }

    /// SIGTERM, and waits for it to finish its shutdown (at most 10 s, then SIGKILL).
    pub fn stop(&mut self) {
        if !matches!(self.0.try_wait(), Ok(None)) {
            return;
        }
        let _ = std::process::Command::new("kill").args(["-TERM", &self.0.id().to_string()]).status();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while matches!(self.0.try_wait(), Ok(None)) && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Starts this example again as the daemon child serving `config`, its log (WARN and up,
/// without colours) into `log` or on this process's stderr, and waits until it listens on
/// `addr` (at most `within`).
pub fn spawn(config: &Path, log: Option<&Path>, addr: std::net::SocketAddr, within: std::time::Duration) -> Daemon {
    let mut cmd = std::process::Command::new(std::env::current_exe().unwrap());
    cmd.args(["--daemon", config.to_str().unwrap()]).env("BASILICA_MINER_LOG", "basilica_miner=warn");
    if let Some(log) = log {
        cmd.env("NO_COLOR", "1").stderr(std::fs::File::create(log).unwrap());
    }
    let child = Daemon(cmd.spawn().unwrap());
    let deadline = std::time::Instant::now() + within;
    while std::net::TcpStream::connect(addr).is_err() {
        assert!(std::time::Instant::now() < deadline, "serve did not listen on {addr}");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child
}
