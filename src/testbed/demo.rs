//! The demo: a whole miner on this machine — sshd GPU nodes, a throwaway wallet, `serve
//! --offline` — and a scripted validator session against it, reported step by step to the
//! caller (who narrates); then everything is torn down.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde::Serialize;

use super::sandbox::{self, SandboxError};
use super::SSHD;
use crate::core::daemon::client as vc;
use crate::core::identity::sshkey;

/// What the caller decides.
pub struct DemoOptions<'a> {
    /// GPU nodes to start (the last one has a broken driver).
    pub nodes: u16,
    /// This binary, to run `serve`, `node test` and `node gpu` as an operator would.
    pub exe: PathBuf,
    /// The subcommands' tables go to stderr (the caller's stdout carries JSON).
    pub tables_to_stderr: bool,
    /// Called before teardown; `demo --keep` waits there for Ctrl-C.
    pub hold: &'a dyn Fn(&Running),
}

/// What is running while [`DemoOptions::hold`] is called.
pub struct Running {
    pub config_path: PathBuf,
    pub grpc_port: u16,
    pub metrics_port: u16,
    pub miner_hotkey: String,
}

/// One step and its outcome.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub step: &'static str,
    pub ok: bool,
    pub detail: String,
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

#[derive(Debug, Clone, Serialize)]
pub struct DemoReport {
    pub ok: bool,
    pub scratch: PathBuf,
    pub steps: Vec<Step>,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(
        "{SSHD} is missing: install the OpenSSH server (apt-get install openssh-server); the demo runs real sshd nodes"
    )]
    NoSshd,
    #[error("{what}: {source}")]
    Io { what: &'static str, source: std::io::Error },
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
}

impl Narrator<'_> {
    fn say(&mut self, text: impl std::fmt::Display) {
        (self.on)(Event::Say(text.to_string()));
    }

    fn record(&mut self, step: &'static str, ok: bool, detail: impl Into<String>) -> bool {
        let s = Step { step, ok, detail: detail.into() };
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
    let exe = &opts.exe;
    let mut n = Narrator { on, steps: Vec::new() };

    n.say(format!(
        "starting {} GPU node(s) as sshd processes on loopback addresses from 127.0.0.11 (scratch {})",
        opts.nodes,
        root.display()
    ));
    let sb = sandbox::create(&root, opts.nodes as usize)?;
    let mix: Vec<String> =
        sb.bed.nodes.iter().map(|x| format!("{}:{} {}", x.ip, x.port, x.profile.describe())).collect();
    n.record("nodes", true, mix.join("; "));
    n.say(format!("miner hotkey {} (throwaway wallet), validator {} assigned", sb.miner.ss58, sb.validator.ss58));

    n.say(format!("starting `basilica-miner serve --offline` on 127.0.0.1:{}", sb.grpc_port));
    let log_path = root.join("serve.log");
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

    if listening {
        validator_session(&mut n, &sb);
        n.say("`basilica-miner node test` (the last node is broken on purpose)");
        let code = run_self(exe, &sb.config_path, &["node", "test"], opts.tables_to_stderr);
        let expected = if opts.nodes >= 2 { 1 } else { 0 };
        n.record(
            "node test",
            code == Some(expected),
            format!(
                "exit {} (expected {expected}: {})",
                code.map_or("?".into(), |c| c.to_string()),
                if expected == 1 { "one unhealthy node reported" } else { "all healthy" }
            ),
        );
        n.say("`basilica-miner bid show` (what generation-2 validators would be offered)");
        let code = run_self(exe, &sb.config_path, &["bid", "show"], opts.tables_to_stderr);
        n.record("bid show", code == Some(0), format!("exit {}", code.map_or("?".into(), |c| c.to_string())));
        n.say("`basilica-miner node gpu`");
        let code = run_self(exe, &sb.config_path, &["node", "gpu"], opts.tables_to_stderr);
        n.record(
            "node gpu",
            code == Some(expected),
            format!(
                "exit {} (expected {expected}: {})",
                code.map_or("?".into(), |c| c.to_string()),
                if expected == 1 { "the node without a driver lists no GPUs" } else { "every node lists its GPUs" }
            ),
        );
        let metrics = http_get(sb.metrics_port, "/metrics").unwrap_or_default();
        n.record(
            "metrics",
            metrics.contains("basilica_miner_node_count"),
            format!("Prometheus metrics at http://127.0.0.1:{}/metrics", sb.metrics_port),
        );
    }

    if listening {
        (opts.hold)(&Running {
            config_path: sb.config_path.clone(),
            grpc_port: sb.grpc_port,
            metrics_port: sb.metrics_port,
            miner_hotkey: sb.miner.ss58.clone(),
        });
    }
    n.say("tearing down: stopping serve and the nodes, removing the scratch directory");
    drop(daemon);
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
    Ok(DemoReport { ok, scratch: root, steps: n.steps })
}

fn validator_session(n: &mut Narrator<'_>, sb: &sandbox::Sandbox) {
    let endpoint = format!("127.0.0.1:{}", sb.grpc_port);
    let public = match std::fs::read_to_string(sshkey::public_key_path(&sb.validator_ssh_key)) {
        Ok(p) => p,
        Err(e) => {
            n.record("authenticate", false, format!("the validator's public key: {e}"));
            return;
        }
    };
    let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            n.record("authenticate", false, format!("no async runtime: {e}"));
            return;
        }
    };
    n.say("validator: AuthenticateValidator (signed BASILICA_AUTH_V1 payload)");
    let channel = match rt.block_on(vc::connect(&endpoint, Duration::from_secs(10), None)) {
        Ok(c) => c,
        Err(e) => {
            n.record("authenticate", false, e.to_string());
            return;
        }
    };
    match rt.block_on(vc::authenticate(channel.clone(), &sb.validator, &sb.miner.ss58)) {
        Ok(a) => {
            n.record(
                "authenticate",
                a.authenticated,
                format!("authenticated={} in {:.1} ms", a.authenticated, a.latency_ms),
            );
            n.say("validator: verify the miner's signature on the response");
            n.record(
                "miner signature",
                a.miner_signature_valid && a.miner_hotkey == sb.miner.ss58,
                format!("signed by {}", a.miner_hotkey),
            );
        }
        Err(e) => {
            n.record("authenticate", false, e.to_string());
            return;
        }
    }
    n.say("validator: DiscoverNodes with its SSH public key");
    let nodes = match rt.block_on(vc::discover(channel, &sb.validator, &sb.miner.ss58, public.trim())) {
        Ok(nodes) => {
            n.record(
                "discover",
                nodes.len() == sb.bed.nodes.len(),
                format!(
                    "{} node(s): {}",
                    nodes.len(),
                    nodes
                        .iter()
                        .map(|x| format!("{}@{}:{}", x.username, x.host, x.port))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
            nodes
        }
        Err(e) => {
            n.record("discover", false, e.to_string());
            return;
        }
    };
    if let Some(first) = nodes.first() {
        n.say(format!("validator: ssh {}@{} -p {} nvidia-smi", first.username, first.host, first.port));
        let out = Command::new("ssh")
            .args([
                "-F",
                "/dev/null",
                "-o",
                "BatchMode=yes",
                "-o",
                "IdentitiesOnly=yes",
                "-o",
                "StrictHostKeyChecking=no",
                "-o",
                "UserKnownHostsFile=/dev/null",
                "-i",
            ])
            .arg(&sb.validator_ssh_key)
            .args([
                "-p",
                &first.port.to_string(),
                "-l",
                &first.username,
                &first.host,
                "nvidia-smi --query-gpu=index,name,memory.total --format=csv,noheader",
            ])
            .output();
        match out {
            Ok(out) => {
                let text = String::from_utf8_lossy(&out.stdout).trim().to_string();
                if out.status.success() {
                    for line in text.lines() {
                        (n.on)(Event::Output(line.to_string()));
                    }
                }
                n.record(
                    "ssh",
                    out.status.success() && !text.is_empty(),
                    format!("{} GPU line(s) from the node", text.lines().count()),
                );
            }
            Err(e) => {
                n.record("ssh", false, format!("cannot run ssh: {e}"));
            }
        }
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
