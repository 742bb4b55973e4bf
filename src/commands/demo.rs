//! `demo`: a whole miner on this machine — sshd GPU nodes, a throwaway wallet, `serve` — and a
//! scripted validator session against it, narrated on stderr; then everything is torn down.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use basilica_miner::testbed::sandbox;
use basilica_miner::testbed::SSHD;
use basilica_miner::core::daemon::client as vc;
use console::style;
use serde::Serialize;

use super::exit::UsageError;
use super::{Context, ExitStatus};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Number of GPU nodes (sshd on loopback); the last one has a broken driver
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..=50))]
    pub nodes: u16,
    /// Keep everything running until Ctrl-C instead of tearing down at once
    #[arg(long)]
    pub keep: bool,
}

#[derive(Serialize)]
struct Step {
    step: &'static str,
    ok: bool,
    detail: String,
}

struct Narrator<'a> {
    ctx: &'a Context,
    steps: Vec<Step>,
}

impl Narrator<'_> {
    fn say(&self, text: impl std::fmt::Display) {
        self.ctx.out.note(format!("{} {text}", style("▸").cyan()));
    }

    fn record(&mut self, step: &'static str, ok: bool, detail: impl Into<String>) -> bool {
        let detail = detail.into();
        let mark = if ok { style("✓").green() } else { style("✗").red() };
        self.ctx.out.note(format!("  {mark} {detail}"));
        self.steps.push(Step { step, ok, detail });
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

pub fn run(args: Args, ctx: &Context) -> anyhow::Result<ExitStatus> {
    if !Path::new(SSHD).exists() {
        return Err(UsageError(format!("{SSHD} is missing: install the OpenSSH server (apt-get install openssh-server); the demo runs real sshd nodes")).into());
    }
    let scratch = tempfile::Builder::new().prefix("basilica-demo-").tempdir().context("creating the scratch directory")?;
    let root = scratch.path().to_path_buf();
    let exe = std::env::current_exe().context("locating basilica-miner")?;
    let mut n = Narrator { ctx, steps: Vec::new() };

    n.say(format!("starting {} GPU node(s) as sshd processes on 127.0.0.1 (scratch {})", args.nodes, root.display()));
    let sb = sandbox::create(&root, args.nodes as usize)?;
    let mix: Vec<String> = sb.bed.nodes.iter().map(|x| format!("127.0.0.1:{} {}", x.port, x.profile.describe())).collect();
    n.record("nodes", true, mix.join("; "));
    n.say(format!("miner hotkey {} (throwaway wallet), validator {} assigned", sb.miner.ss58, sb.validator.ss58));

    n.say(format!("starting `basilica-miner serve --offline` on 127.0.0.1:{}", sb.grpc_port));
    let log_path = root.join("serve.log");
    let log = std::fs::File::create(&log_path).context("serve log")?;
    let child = Command::new(&exe)
        .arg("-c")
        .arg(&sb.config_path)
        .args(["serve", "--offline"])
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .context("starting serve")?;
    let daemon = Daemon(child);
    let listening = wait_for_port(sb.grpc_port, Duration::from_secs(30));
    n.record("serve", listening, if listening { format!("listening on 127.0.0.1:{}", sb.grpc_port) } else { format!("did not start; see {}", log_path.display()) });

    if listening {
        validator_session(&mut n, &sb)?;
        n.say("`basilica-miner node test` (the last node is broken on purpose)");
        let code = run_self(&exe, &sb.config_path, &["node", "test"], ctx.out.json_mode());
        let expected = if args.nodes >= 2 { 1 } else { 0 };
        n.record("node test", code == Some(expected), format!("exit {} (expected {expected}: {})", code.map_or("?".into(), |c| c.to_string()), if expected == 1 { "one unhealthy node reported" } else { "all healthy" }));
        n.say("`basilica-miner node gpu`");
        let code = run_self(&exe, &sb.config_path, &["node", "gpu"], ctx.out.json_mode());
        n.record("node gpu", code == Some(expected), format!("exit {}", code.map_or("?".into(), |c| c.to_string())));
        let metrics = http_get(sb.metrics_port, "/metrics").unwrap_or_default();
        n.record("metrics", metrics.contains("basilica_miner_node_count"), format!("Prometheus metrics at http://127.0.0.1:{}/metrics", sb.metrics_port));
    }

    if args.keep {
        n.say(format!(
            "running until Ctrl-C. Try:\n    basilica-miner -c {} node list\n    basilica-miner probe 127.0.0.1:{} --expect-hotkey {}\n    curl -s 127.0.0.1:{}/metrics",
            sb.config_path.display(),
            sb.grpc_port,
            sb.miner.ss58,
            sb.metrics_port
        ));
        wait_for_interrupt();
    }
    n.say("tearing down: stopping serve and the nodes, removing the scratch directory");
    drop(daemon);
    drop(sb);
    let removed = scratch.close().is_ok() && !root.exists();
    n.record("teardown", removed, if removed { "no process or file left behind".to_string() } else { format!("could not remove {}", root.display()) });

    let ok = n.steps.iter().all(|s| s.ok);
    if ctx.out.json_mode() {
        ctx.out.json(&serde_json::json!({ "ok": ok, "scratch": root, "steps": n.steps }))?;
    } else if ok {
        ctx.out.success("demo finished: a validator authenticated, got the nodes and logged into one");
    }
    Ok(if ok { ExitStatus::Success } else { ExitStatus::Failure })
}

fn validator_session(n: &mut Narrator<'_>, sb: &sandbox::Sandbox) -> anyhow::Result<()> {
    let endpoint = format!("127.0.0.1:{}", sb.grpc_port);
    let public = std::fs::read_to_string(basilica_miner::core::identity::sshkey::public_key_path(&sb.validator_ssh_key))?;
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    n.say("validator: AuthenticateValidator (signed BASILICA_AUTH_V1 payload)");
    let channel = match rt.block_on(vc::connect(&endpoint, Duration::from_secs(10), None)) {
        Ok(c) => c,
        Err(e) => {
            n.record("authenticate", false, e.to_string());
            return Ok(());
        }
    };
    match rt.block_on(vc::authenticate(channel.clone(), &sb.validator, &sb.miner.ss58)) {
        Ok(a) => {
            n.record("authenticate", a.authenticated, format!("authenticated={} in {:.1} ms", a.authenticated, a.latency_ms));
            n.say("validator: verify the miner's signature on the response");
            n.record("miner signature", a.miner_signature_valid && a.miner_hotkey == sb.miner.ss58, format!("signed by {}", a.miner_hotkey));
        }
        Err(e) => {
            n.record("authenticate", false, e.to_string());
            return Ok(());
        }
    }
    n.say("validator: DiscoverNodes with its SSH public key");
    let nodes = match rt.block_on(vc::discover(channel, &sb.validator, &sb.miner.ss58, public.trim())) {
        Ok(nodes) => {
            n.record("discover", nodes.len() == sb.bed.nodes.len(), format!("{} node(s): {}", nodes.len(), nodes.iter().map(|x| format!("{}@{}:{}", x.username, x.host, x.port)).collect::<Vec<_>>().join(", ")));
            nodes
        }
        Err(e) => {
            n.record("discover", false, e.to_string());
            return Ok(());
        }
    };
    if let Some(first) = nodes.first() {
        n.say(format!("validator: ssh {}@{} -p {} nvidia-smi", first.username, first.host, first.port));
        let out = Command::new("ssh")
            .args(["-F", "/dev/null", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-i"])
            .arg(&sb.validator_ssh_key)
            .args(["-p", &first.port.to_string(), "-l", &first.username, &first.host, "nvidia-smi --query-gpu=index,name,memory.total --format=csv,noheader"])
            .output()?;
        let text = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if out.status.success() {
            for line in text.lines() {
                n.ctx.out.note(format!("      {line}"));
            }
        }
        n.record("ssh", out.status.success() && !text.is_empty(), format!("{} GPU line(s) from the node", text.lines().count()));
    }
    Ok(())
}

/// Runs another subcommand of this binary; its tables go to stdout, or to stderr when the demo's
/// own stdout carries JSON.
fn run_self(exe: &PathBuf, config: &Path, args: &[&str], json: bool) -> Option<i32> {
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

fn wait_for_interrupt() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    rt.block_on(async {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).expect("SIGTERM handler");
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    });
}
