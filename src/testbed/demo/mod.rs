//! The demo: a whole miner on this machine — sshd GPU nodes, a throwaway wallet, `serve
//! --offline` — and a validator against it, reported step by step to the caller (who
//! narrates); then everything is torn down. Generation 2 (`generation2.rs`, the default): the
//! miner bids to a validator that judges as upstream's or the fork's does and then checks the
//! held nodes over SSH. Generation 1 (`generation1.rs`): a validator calls the miner's service.

mod generation1;
mod generation2;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde::Serialize;

use super::bid_taker::Rules;
use super::sandbox::{self, SandboxError};
use super::SSHD;

/// Which protocol the demo's validator speaks (serialized as 1 or 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(into = "u8")]
pub enum Generation {
    /// The miner calls the validator: RegisterBid, heartbeats (validators built after 2026-02-02).
    Two,
    /// The validator calls the miner: AuthenticateValidator, DiscoverNodes (older validators).
    One,
}

impl From<Generation> for u8 {
    fn from(g: Generation) -> u8 {
        match g {
            Generation::One => 1,
            Generation::Two => 2,
        }
    }
}

/// What the caller decides.
pub struct DemoOptions<'a> {
    /// Nodes to start (the last one has a broken driver).
    pub nodes: u16,
    /// Which protocol generation to play.
    pub generation: Generation,
    /// The generation-2 validator's rule set.
    pub rules: Rules,
    /// This binary, to run `serve`, `node test` and `node gpu` as an operator would.
    pub exe: PathBuf,
    /// The subcommands' tables go to stderr (the caller's stdout carries JSON).
    pub tables_to_stderr: bool,
    /// Called before teardown; `demo --keep` waits there for Ctrl-C.
    pub hold: &'a dyn Fn(&Running),
}

/// What is running while [`DemoOptions::hold`] is called.
pub struct Running {
    /// The demo's `miner.toml`.
    pub config_path: PathBuf,
    /// The miner's gRPC port (generation 1).
    pub grpc_port: u16,
    /// The miner's metrics port.
    pub metrics_port: u16,
    /// The miner's hotkey (SS58).
    pub miner_hotkey: String,
}

/// One step and its outcome.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    /// What was done.
    pub step: &'static str,
    /// Whether it went as it should.
    pub ok: bool,
    /// What was seen.
    pub detail: String,
    /// Seconds since the demo started, when the step finished.
    pub secs: f64,
}

/// What the demo tells its caller as it goes.
pub enum Event<'a> {
    /// What happens next.
    Say(String),
    /// A step finished.
    Step(&'a Step),
    /// A line of output from a node.
    Output(String),
}

/// The whole demo's outcome (`demo --json`).
#[derive(Debug, Clone, Serialize)]
pub struct DemoReport {
    /// Every step went as it should.
    pub ok: bool,
    /// The protocol generation played.
    pub generation: Generation,
    /// The generation-2 validator's rule set (absent for generation 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rules: Option<Rules>,
    /// The demo's scratch directory (removed afterwards unless kept).
    pub scratch: PathBuf,
    /// The steps, in order.
    pub steps: Vec<Step>,
}

/// Why the demo could not run.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// No sshd to run nodes with.
    #[error(
        "{SSHD} is missing: install the OpenSSH server (apt-get install openssh-server); the demo runs real sshd nodes"
    )]
    NoSshd,
    /// A file or process of the demo failed.
    #[error("{what}: {source}")]
    Io {
        /// What was being done.
        what: &'static str,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The sandbox could not be set up.
    #[error(transparent)]
    Sandbox(#[from] SandboxError),
}

// The demo could not run its test bed: an operation failure, whatever the cause.
crate::classify_all!(Failure: DemoError);

fn io(what: &'static str) -> impl FnOnce(std::io::Error) -> DemoError {
    move |source| DemoError::Io { what, source }
}

struct Narrator<'a> {
    on: &'a mut dyn FnMut(Event<'_>),
    steps: Vec<Step>,
    started: Instant,
}

impl Narrator<'_> {
    fn say(&mut self, text: impl std::fmt::Display) {
        (self.on)(Event::Say(text.to_string()));
    }

    fn record(&mut self, step: &'static str, ok: bool, detail: impl Into<String>) -> bool {
        let secs = (self.started.elapsed().as_secs_f64() * 100.0).round() / 100.0;
        let s = Step { step, ok, detail: detail.into(), secs };
        (self.on)(Event::Step(&s));
        self.steps.push(s);
        ok
    }
}

/// The daemon child: SIGTERM and reaped on drop.
struct Daemon(Child);

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.0.id().to_string()]).status();
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs the demo, reporting each step through `on`.
pub fn run(opts: &DemoOptions<'_>, on: &mut dyn FnMut(Event<'_>)) -> Result<DemoReport, DemoError> {
    if !Path::new(SSHD).exists() {
        return Err(DemoError::NoSshd);
    }
    let scratch =
        tempfile::Builder::new().prefix("basilica-demo-").tempdir().map_err(io("creating the scratch directory"))?;
    let root = scratch.path().to_path_buf();
    let mut n = Narrator { on, steps: Vec::new(), started: Instant::now() };
    let profiles = match opts.generation {
        Generation::Two => sandbox::bidding_profiles(opts.nodes as usize),
        Generation::One => sandbox::profiles(opts.nodes as usize),
    };
    n.say(format!(
        "starting {} node(s) as sshd processes on loopback addresses from 127.0.0.11 (scratch {})",
        profiles.len(),
        root.display()
    ));
    let sb = sandbox::create_with(&root, &profiles)?;
    let mix: Vec<String> =
        sb.bed.nodes.iter().map(|x| format!("{}:{} {}", x.ip, x.port, x.profile.describe())).collect();
    n.record("nodes", true, mix.join("; "));
    match opts.generation {
        Generation::Two => generation2::run(opts, &mut n, &sb)?,
        Generation::One => generation1::run(opts, &mut n, &sb)?,
    }
    n.say("tearing down: stopping serve and the nodes, removing the scratch directory");
    drop(sb);
    let removed = scratch.close().is_ok() && !root.exists();
    n.record(
        "teardown",
        removed,
        if removed {
            "no process or file left behind".to_string()
        } else {
            format!("could not remove {}", root.display())
        },
    );
    let ok = n.steps.iter().all(|s| s.ok);
    let rules = (opts.generation == Generation::Two).then_some(opts.rules);
    Ok(DemoReport { ok, generation: opts.generation, rules, scratch: root, steps: n.steps })
}

/// Starts `serve --offline` on the sandbox's config, its log in the scratch directory, and
/// waits (up to 30 s) for its gRPC port.
fn start_serve(exe: &Path, n: &mut Narrator<'_>, sb: &sandbox::Sandbox) -> Result<(Daemon, bool), DemoError> {
    n.say(format!("starting `basilica-miner serve --offline` on 127.0.0.1:{}", sb.grpc_port));
    let log_path = sb.root.join("serve.log");
    let log = std::fs::File::create(&log_path).map_err(io("creating the serve log"))?;
    let child = Command::new(exe)
        .arg("-c")
        .arg(&sb.config_path)
        .args(["serve", "--offline"])
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .map_err(io("starting serve"))?;
    let daemon = Daemon(child);
    let listening = wait_for_port(sb.grpc_port, Duration::from_secs(30));
    n.record(
        "serve",
        listening,
        if listening {
            format!("listening on 127.0.0.1:{}", sb.grpc_port)
        } else {
            format!("did not start; see {}", log_path.display())
        },
    );
    Ok((daemon, listening))
}

fn hold(opts: &DemoOptions<'_>, sb: &sandbox::Sandbox) {
    (opts.hold)(&Running {
        config_path: sb.config_path.clone(),
        grpc_port: sb.grpc_port,
        metrics_port: sb.metrics_port,
        miner_hotkey: sb.miner.ss58.clone(),
    });
}

fn exit_text(code: Option<i32>) -> String {
    code.map_or("?".into(), |c| c.to_string())
}

/// Runs another subcommand of this binary and returns its exit code and stdout.
fn capture_self(exe: &Path, config: &Path, args: &[&str]) -> (Option<i32>, String) {
    match Command::new(exe).arg("-c").arg(config).args(args).stdin(Stdio::null()).stderr(Stdio::null()).output() {
        Ok(o) => (o.status.code(), String::from_utf8_lossy(&o.stdout).into_owned()),
        Err(_) => (None, String::new()),
    }
}
/// Runs another subcommand of this binary; its tables go to stdout, or to stderr when the demo's
/// own stdout carries JSON.
fn run_self(exe: &Path, config: &Path, args: &[&str], json: bool) -> Option<i32> {
    use std::os::fd::AsFd;
    let mut cmd = Command::new(exe);
    cmd.arg("-c").arg(config).args(args).stdin(Stdio::null());
    if json {
        if let Ok(fd) = std::io::stderr().as_fd().try_clone_to_owned() {
            cmd.stdout(Stdio::from(fd));
        }
    }
    cmd.status().ok().and_then(|s| s.code())
}

fn wait_for_port(port: u16, timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

fn http_get(port: u16, path: &str) -> std::io::Result<String> {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(Duration::from_secs(5)))?;
    write!(s, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n")?;
    let mut body = String::new();
    s.read_to_string(&mut body)?;
    Ok(body)
}
