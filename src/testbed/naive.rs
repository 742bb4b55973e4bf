//! The benchmarks' baseline: upstream's way of editing keys, one new `ssh` per node.

use std::io;
use std::process::{Command, Stdio};

use super::{TestNode, Testbed};

impl Testbed {
    /// The naive baseline for benchmarks (upstream's way): one new `ssh` process per node, one
    /// node after another, each replacing the validator lines with `line`.
    pub fn naive_deploy(&self, nodes: &[&TestNode], line: &str) -> io::Result<()> {
        use std::io::Write;
        for n in nodes {
            let mut child = Command::new("ssh")
                .args(["-F", "/dev/null", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no", "-i"])
                .arg(&self.miner_key)
                .arg("-o")
                .arg(format!("UserKnownHostsFile={}", self.root.join("known_hosts.naive").display()))
                .args(["-p", &n.port.to_string(), "-l", &n.username, &n.ip.to_string()])
                .arg("f=$HOME/.ssh/authorized_keys; grep -v ' validator-' \"$f\" > \"$f.tmp\"; cat >> \"$f.tmp\"; mv \"$f.tmp\" \"$f\"")
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()?;
            child
                .stdin
                .take()
                .ok_or_else(|| io::Error::other("ssh has no stdin pipe"))?
                .write_all(format!("{line}\n").as_bytes())?;
            if !child.wait()?.success() {
                return Err(io::Error::other(format!("naive deploy to port {} failed", n.port)));
            }
        }
        Ok(())
    }
}
