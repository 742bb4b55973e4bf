//! The demo validator's own checks of a node it holds: a fresh SSH login as the registered user
//! with the key it handed out, then `nvidia-smi` on a GPU node (count and first model against the
//! declaration) or the CPU probe on a `CPU_*` host (model, vCPUs, memory), as a validator's
//! verifier runs them (docs/protocol.md).

use std::path::Path;
use std::process::Command;

use super::bid_taker::{category, Held, Rules};

/// What a validator runs on a CPU-only host: first CPU model, vCPUs, memory in MB.
pub const CPU_PROBE: &str = "printf '%s|%s|%s' \"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')\" \"$(nproc)\" \"$(awk '/MemTotal/ {print int($2/1024)}' /proc/meminfo)\"";
/// What it runs on a GPU node.
pub const GPU_QUERY: &str = "nvidia-smi --query-gpu=uuid,name --format=csv,noheader";

/// One node's check, as the validator would record it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Verdict {
    /// The node's host.
    pub host: String,
    /// The command run.
    pub command: &'static str,
    /// The validator's key let it in.
    pub logged_in: bool,
    /// The check passed.
    pub ok: bool,
    /// What it found, or why it failed.
    pub detail: String,
    /// The node's answer, line by line (bounded).
    pub output: Vec<String>,
}

/// What one fresh login did.
pub struct Login {
    /// ssh ran and did not fail itself (exit 255): the login got in, whatever the command did.
    pub logged_in: bool,
    /// ssh's exit status: the command's; None when ssh could not run or was killed.
    pub code: Option<i32>,
    /// What the command printed.
    pub stdout: String,
    /// What ssh and the command printed on stderr.
    pub stderr: String,
}

/// A fresh login to `host` as `user` with `key` only, running `command`.
pub fn ssh(key: &Path, user: &str, host: &str, port: u16, command: &str) -> Login {
    let out = Command::new("ssh")
        .args(["-F", "/dev/null", "-T", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes"])
        .args(["-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR"])
        .args(["-o", "ConnectTimeout=10", "-i"])
        .arg(key)
        .args(["-p", &port.to_string(), "-l", user, host, command])
        .stdin(std::process::Stdio::null())
        .output();
    match out {
        Ok(o) => Login {
            logged_in: o.status.code() != Some(255),
            code: o.status.code(),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).trim().to_string(),
        },
        Err(e) => Login { logged_in: false, code: None, stdout: String::new(), stderr: format!("cannot run ssh: {e}") },
    }
}

/// Checks one held node with the validator's key.
pub fn verify(key: &Path, rules: Rules, node: &Held) -> Verdict {
    let cpu = node.category.starts_with("CPU_");
    let command = if cpu { CPU_PROBE } else { GPU_QUERY };
    let login = ssh(key, &node.username, &node.host, node.port, command);
    let (out, err) = (&login.stdout, &login.stderr);
    let output: Vec<String> = out.lines().take(16).map(str::to_string).collect();
    let (ok, detail) = if !login.logged_in {
        (false, format!("could not log in with the validator's key: {err}"))
    } else if cpu {
        let parts: Vec<&str> = out.trim().split('|').collect();
        match parts.as_slice() {
            [model, vcpus, mb]
                if vcpus.parse::<u32>().is_ok_and(|v| v >= 1) && mb.parse::<u64>().is_ok_and(|m| m >= 1024) =>
            {
                (true, format!("{model}, {vcpus} vCPU, {mb} MB"))
            }
            _ => (false, format!("the CPU probe gave no model|vcpus|ram_mb answer: {}", out.trim())),
        }
    } else {
        let names: Vec<&str> = out
            .lines()
            .filter(|l| l.starts_with("GPU-"))
            .filter_map(|l| l.split_once(',').map(|(_, n)| n.trim()))
            .collect();
        let found = names.first().and_then(|n| category(rules, n));
        if names.is_empty() {
            (false, format!("nvidia-smi listed no GPU: {}", err.lines().next().unwrap_or("")))
        } else if names.len() as u32 != node.gpu_count || found.as_deref() != Some(node.category.as_str()) {
            (
                false,
                format!(
                    "declared {}x{}, found {}x{}: a mismatch scores 0",
                    node.gpu_count,
                    node.category,
                    names.len(),
                    found.unwrap_or_else(|| "?".into())
                ),
            )
        } else {
            (true, format!("{}x {} as declared", names.len(), names[0]))
        }
    };
    Verdict {
        host: node.host.clone(),
        command: if cpu { "cpu probe" } else { "nvidia-smi" },
        logged_in: login.logged_in,
        ok,
        detail,
        output,
    }
}

/// Checks every held node at once.
pub fn verify_all(key: &Path, rules: Rules, nodes: &[Held]) -> Vec<Verdict> {
    std::thread::scope(|s| {
        let handles: Vec<_> = nodes.iter().map(|n| s.spawn(move || verify(key, rules, n))).collect();
        handles
            .into_iter()
            .zip(nodes)
            .map(|(h, n)| {
                h.join().unwrap_or_else(|_| Verdict {
                    host: n.host.clone(),
                    command: "?",
                    logged_in: false,
                    ok: false,
                    detail: "the check panicked".into(),
                    output: Vec::new(),
                })
            })
            .collect()
    })
}
