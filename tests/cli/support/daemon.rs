//! The daemon harness every test of `serve` shares: the real binary started in a sandbox and
//! waited for as systemd would, polling with a deadline, plain HTTP GETs of its metrics, and the
//! config rewrite that makes a sandboxed miner follow the chain double.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use super::Sandbox;

/// Ports from the testbed's sequence: a daemon restarted on its port cannot lose it meanwhile.
pub(crate) fn free_port() -> u16 {
    basilica_miner::testbed::reserve_port().unwrap()
}

pub(crate) struct Daemon {
    pub(crate) child: Child,
    pub(crate) grpc: u16,
    pub(crate) metrics: u16,
    stderr: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Daemon {
    /// The value of the first series of the exposition that starts with `series` (a metric's
    /// name, with its labels when given).
    pub(crate) fn metric(&self, series: &str) -> Option<f64> {
        http_get(self.metrics, "/metrics")
            .lines()
            .find_map(|l| l.strip_prefix(series).and_then(|v| v.trim().parse().ok()))
    }

    pub(crate) fn log(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }
}

/// Waits up to `secs` for `done`, failing with the daemon's log.
pub(crate) fn wait_for(what: &str, d: &Daemon, secs: u64, done: impl FnMut() -> bool) {
    wait_until(what, secs, || d.log(), done);
}

impl Drop for Daemon {
    /// Stops the daemon as systemd does: SIGTERM, then SIGKILL if it is still running after 10 s
    /// (a killed daemon cannot close its SSH sessions or remove their scratch directories).
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = std::process::Command::new("kill").arg("-TERM").arg(self.child.id().to_string()).status();
            let deadline = Instant::now() + Duration::from_secs(10);
            while matches!(self.child.try_wait(), Ok(None)) && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Polls `done` every 100 ms until it holds; after `secs` fails naming `what`, with `context()`
/// (a log, a screen) to read.
pub(crate) fn wait_until(what: &str, secs: u64, context: impl Fn() -> String, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while !done() {
        assert!(Instant::now() < deadline, "{what} within {secs} s:\n{}", context());
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Rewrites the sandbox's miner.toml to follow the chain double at `chain_url`: highest-stake
/// assignment, the metagraph every second and a health round every second.
pub(crate) fn follow_chain(s: &Sandbox, chain_url: &str) {
    let text = s.read("miner.toml").replace("strategy = \"fixed_assignment\"", "strategy = \"highest_stake\"").replace(
        "[bittensor]\n",
        &format!("[bittensor]\nchain_endpoint = \"{chain_url}\"\nmetagraph_refresh_secs = 1\n"),
    );
    s.write("miner.toml", &text);
    s.node_management(&[("health_check_interval", 1)]);
}

pub(crate) fn start_with(s: &Sandbox, grpc: u16, metrics: u16, args: &[&str]) -> Daemon {
    let mut child = s.command().args(args).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    let stderr = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let sink = stderr.clone();
    let pipe = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines().map_while(Result::ok) {
            sink.lock().unwrap().push_str(&(line + "\n"));
        }
    });
    // Ready as systemd would hear it: listening, and the fleet warm (health says SERVING).
    let deadline = Instant::now() + Duration::from_secs(90);
    while TcpStream::connect(("127.0.0.1", grpc)).is_err() || !stderr.lock().unwrap().contains("fleet warm: ") {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("serve exited early ({status}):\n{}", stderr.lock().unwrap());
        }
        assert!(Instant::now() < deadline, "serve did not get ready:\n{}", stderr.lock().unwrap());
        std::thread::sleep(Duration::from_millis(50));
    }
    Daemon { child, grpc, metrics, stderr }
}

pub(crate) fn http_get(port: u16, path: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").unwrap();
    let mut body = String::new();
    s.read_to_string(&mut body).unwrap();
    body
}

/// A gRPC channel to `to` whose TCP connection comes from `source` (another loopback address),
/// as the benchmarks' flood opens them.
pub(crate) async fn channel_from(source: &str, to: std::net::SocketAddr) -> tonic::transport::Channel {
    basilica_miner::testbed::bench::flood::channel(Some(source.parse().unwrap()), to).await.unwrap()
}
