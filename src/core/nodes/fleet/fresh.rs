//! Fresh logins, the way a validator reaches a node: a new `ssh` process for one command, no
//! ControlMaster, no ssh config of this machine (`-F /dev/null`), none of the node's
//! `additional_opts` (a validator dials the registered host and port directly), `BatchMode`,
//! `IdentitiesOnly` and a 30 s connect timeout. The command goes to the user's login shell as
//! it is, and its stdout comes back raw, with whatever the login printed.

use std::process::Stdio;
use std::time::{Duration, Instant};

use tokio::io::AsyncReadExt as _;

use super::{error, limit, Code, Fleet, Target};

/// The validators' connect timeout.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);
/// Longest a fresh login's command may run (the checks that use it answer at once).
const COMMAND_DEADLINE: Duration = Duration::from_secs(20);
/// Most bytes of stdout or stderr kept from a fresh login.
const MAX_OUTPUT: u64 = 16 * 1024;

/// What one fresh login did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FreshLogin {
    /// The command ran: its raw stdout and exit code, and how long the login and command took.
    Ran {
        /// The command's raw output.
        stdout: String,
        /// Its exit code (`None`: killed).
        code: Option<i32>,
        /// Login and command together.
        elapsed: Duration,
    },
    /// The connection went away before a session: refused, reset, or dropped during the key
    /// exchange (sshd's MaxStartups, a `ufw limit` or `recent` rule, fail2ban).
    Refused {
        /// What ssh said.
        detail: String,
    },
    /// No answer in time (a lossy or slow link, a stalled server).
    TimedOut {
        /// How long it waited.
        after: Duration,
        /// What ssh said.
        detail: String,
    },
    /// The server answered but would not let the key in, or its host key differs.
    Denied {
        /// Which refusal.
        code: Code,
        /// What ssh said.
        detail: String,
    },
}

impl FreshLogin {
    /// Whether the connection went away before a session.
    pub fn refused(&self) -> bool {
        matches!(self, FreshLogin::Refused { .. })
    }
}

/// Most fresh logins at once over the whole fleet: each is an `ssh` process and a key exchange
/// on this machine's CPU, like a handshake of the engine's own.
pub const MAX_FRESH_LOGINS: usize = super::MAX_PARALLEL_CONNECTS;

impl Fleet {
    /// Runs `command` on `node` in a fresh login of its own (see the module's text). The host
    /// key must match the one the miner's own connections recorded. At most
    /// `MAX_FRESH_LOGINS` (64) run at once over the fleet.
    pub async fn fresh_login(&self, node: &Target, command: &str) -> FreshLogin {
        let Ok(_permit) = self.fresh.acquire().await else {
            return FreshLogin::Denied { code: Code::SshError, detail: "the SSH engine is shutting down".into() };
        };
        self.fresh_login_now(node, command).await
    }

    /// One fresh login per command on `node`, all at once (as a validator's parallel probes
    /// make them): they wait for their places together, so none starts late.
    pub async fn fresh_logins_at_once(&self, node: &Target, commands: &[&str]) -> Vec<FreshLogin> {
        let wanted = u32::try_from(commands.len().min(MAX_FRESH_LOGINS)).unwrap_or(1);
        let Ok(_permits) = self.fresh.acquire_many(wanted).await else {
            return vec![FreshLogin::Denied { code: Code::SshError, detail: "the SSH engine is shutting down".into() }];
        };
        futures::future::join_all(commands.iter().map(|c| self.fresh_login_now(node, c))).await
    }

    async fn fresh_login_now(&self, node: &Target, command: &str) -> FreshLogin {
        self.traffic.handshakes.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let started = Instant::now();
        let mut ssh = tokio::process::Command::new("ssh");
        ssh.args(["-F", "/dev/null", "-T", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes"])
            .arg("-o")
            .arg(format!("ConnectTimeout={}", CONNECT_TIMEOUT.as_secs()))
            .args(["-o", "StrictHostKeyChecking=yes", "-o", "LogLevel=ERROR"])
            .arg("-o")
            .arg(format!("UserKnownHostsFile={}", self.settings.known_hosts.display()))
            .arg("-i")
            .arg(&**self.key_path.load())
            .args(["-p", &node.address.port.to_string(), "-l", &node.address.username, "--"])
            .arg(node.address.host.trim_start_matches('[').trim_end_matches(']'))
            .arg(command)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        let run = async {
            let mut child = ssh.spawn().map_err(|e| format!("cannot start ssh: {e}"))?;
            let (mut out, mut err) = (Vec::new(), Vec::new());
            let stdout = child.stdout.take().map(|s| s.take(MAX_OUTPUT));
            let stderr = child.stderr.take().map(|s| s.take(MAX_OUTPUT));
            let read_out = async {
                if let Some(mut s) = stdout {
                    let _ = s.read_to_end(&mut out).await;
                }
            };
            let read_err = async {
                if let Some(mut s) = stderr {
                    let _ = s.read_to_end(&mut err).await;
                }
            };
            tokio::join!(read_out, read_err);
            let status = child.wait().await.map_err(|e| e.to_string())?;
            Ok::<_, String>((status.code(), out, err))
        };
        let deadline = CONNECT_TIMEOUT + COMMAND_DEADLINE;
        let (code, out, err) = match tokio::time::timeout(deadline, run).await {
            Err(_) => {
                return FreshLogin::TimedOut {
                    after: deadline,
                    detail: format!("no answer within {} s", deadline.as_secs()),
                }
            }
            Ok(Err(e)) => return FreshLogin::Denied { code: Code::SshError, detail: e },
            Ok(Ok(r)) => r,
        };
        let stderr = String::from_utf8_lossy(&err).trim().to_string();
        if code == Some(255) {
            let class = error::classify_ssh_failure(&stderr);
            let detail = if stderr.is_empty() { "ssh exited 255".to_string() } else { last_lines(&stderr) };
            return match class {
                Code::SshAuthDenied | Code::HostKeyChanged | Code::SshUnreachable => {
                    FreshLogin::Denied { code: class, detail }
                }
                _ if limit::is_dropped_early(&stderr) || class != Code::SshError => FreshLogin::Refused { detail },
                _ => FreshLogin::Denied { code: class, detail },
            };
        }
        FreshLogin::Ran { stdout: String::from_utf8_lossy(&out).into_owned(), code, elapsed: started.elapsed() }
    }
}

/// The last two lines of ssh's complaint, cut to 300 characters.
fn last_lines(text: &str) -> String {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let tail = lines[lines.len().saturating_sub(2)..].join(" / ");
    tail.chars().take(300).collect()
}
