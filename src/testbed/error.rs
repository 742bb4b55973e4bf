//! Why the test bed could not start or change a node.

use std::io;
use std::path::PathBuf;

use super::SSHD;

/// Why the test bed could not start or change a node.
#[derive(Debug, thiserror::Error)]
pub enum TestbedError {
    /// No sshd binary on this machine.
    #[error("{SSHD} not found: install the OpenSSH server (apt-get install openssh-server)")]
    NoSshd,
    /// A test bed file could not be written or read.
    #[error("testbed I/O on {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// A node's sshd did not come up.
    #[error("sshd for node {index} did not start: {detail}")]
    Start {
        /// The node's number.
        index: usize,
        /// What sshd said.
        detail: String,
    },
    /// A network namespace or link could not be set up.
    #[error("test network: ip {what}: {detail} (network namespaces need root)")]
    Network {
        /// The `ip` command that failed.
        what: String,
        /// What it said.
        detail: String,
    },
}
