//! The miner's known_hosts file: what a node presents now (`ssh-keyscan`) and replacing a
//! node's recorded key after the operator accepts a reinstall (`node trust`).

use std::path::Path;
use std::process::{Command, Stdio};

use serde::Serialize;

use crate::core::nodes::node::NodeAddress;
use crate::core::support::fsutil;

/// Why a node's host key could not be fetched or recorded.
#[derive(Debug, thiserror::Error)]
pub enum HostKeyError {
    /// An OpenSSH tool (ssh-keyscan, ssh-keygen) failed.
    #[error("`{tool}` failed: {detail}; install the OpenSSH client")]
    Tool {
        /// The tool.
        tool: &'static str,
        /// What it said.
        detail: String,
    },
    /// The node presented no host key.
    #[error("{0} presented no host key (is sshd running there?)")]
    NoKey(String),
    /// The miner's known_hosts could not be written.
    #[error("cannot update {path}: {source}")]
    Write {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// A host key as presented by a node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HostKey {
    /// The key type.
    pub algorithm: String,
    /// The key's SHA256 fingerprint.
    pub fingerprint: String,
    #[serde(skip)]
    line: String,
}

/// The name ssh records a node under: `host` for port 22, `[host]:port` otherwise.
pub fn known_hosts_name(addr: &NodeAddress) -> String {
    if addr.port == 22 {
        addr.host.clone()
    } else {
        format!("[{}]:{}", addr.host, addr.port)
    }
}

/// Asks the node for its ed25519 host key (ssh-keyscan) and fingerprints it.
pub fn scan(addr: &NodeAddress, timeout_secs: u64) -> Result<HostKey, HostKeyError> {
    let out = Command::new("ssh-keyscan")
        .args(["-T", &timeout_secs.max(1).to_string(), "-t", "ed25519", "-p", &addr.port.to_string(), &addr.host])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| HostKeyError::Tool { tool: "ssh-keyscan", detail: e.to_string() })?;
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find(|l| !l.starts_with('#') && l.split_whitespace().count() >= 3)
        .ok_or_else(|| HostKeyError::NoKey(addr.to_string()))?;
    let mut fields = line.split_whitespace();
    let _host = fields.next();
    let algorithm = fields.next().unwrap_or_default().to_string();
    let blob = fields.next().unwrap_or_default();
    let fingerprint = crate::core::nodes::authorized_keys::PublicKey::parse(&format!("{algorithm} {blob}"))
        .map(|k| k.fingerprint())
        .map_err(|e| HostKeyError::Tool { tool: "ssh-keyscan", detail: e.to_string() })?;
    Ok(HostKey {
        algorithm: algorithm.clone(),
        fingerprint,
        line: format!("{} {algorithm} {blob}", known_hosts_name(addr)),
    })
}

/// Replaces every recorded key of the node with `key` (atomic write).
pub fn replace(known_hosts: &Path, addr: &NodeAddress, key: &HostKey) -> Result<(), HostKeyError> {
    if known_hosts.exists() {
        let out = Command::new("ssh-keygen")
            .arg("-R")
            .arg(known_hosts_name(addr))
            .arg("-f")
            .arg(known_hosts)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| HostKeyError::Tool { tool: "ssh-keygen", detail: e.to_string() })?;
        if !out.status.success() {
            return Err(HostKeyError::Tool {
                tool: "ssh-keygen -R",
                detail: String::from_utf8_lossy(&out.stderr).trim().to_string(),
            });
        }
        let _ = std::fs::remove_file(known_hosts.with_extension("old"));
    }
    let mut text = std::fs::read_to_string(known_hosts).unwrap_or_default();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(&key.line);
    text.push('\n');
    fsutil::write_atomic(known_hosts, text.as_bytes(), 0o600)
        .map_err(|source| HostKeyError::Write { path: known_hosts.display().to_string(), source })
}

crate::classify_all!(Failure: HostKeyError);
