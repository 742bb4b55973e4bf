//! Getting nodes ready: their keys made with ssh-keygen, and the wait until each sshd answers
//! with its banner; who runs the test bed.

use std::io::{self, Read};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::{io_err, TestNode, TestbedError};

/// Waits until every node answers with an SSH banner.
pub(super) fn wait_ready(nodes: &[TestNode]) -> Result<(), TestbedError> {
    let deadline = Instant::now() + Duration::from_secs(15);
    for n in nodes {
        loop {
            if banner(n.ip, n.port) {
                break;
            }
            if Instant::now() > deadline {
                let log = std::fs::read_to_string(n.dir.join("sshd.log")).unwrap_or_default();
                return Err(TestbedError::Start {
                    index: n.index,
                    detail: format!("no banner on port {}: {}", n.port, log.trim()),
                });
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    Ok(())
}

fn banner(ip: std::net::IpAddr, port: u16) -> bool {
    let Ok(mut s) = TcpStream::connect((ip, port)) else { return false };
    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
    let mut buf = [0u8; 8];
    matches!(s.read(&mut buf), Ok(n) if n >= 4 && &buf[..4] == b"SSH-")
}

/// Makes an ed25519 key pair without a passphrase at `path` (and `path.pub`).
pub fn keygen(path: &Path) -> Result<(), TestbedError> {
    let out = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "testbed", "-f"])
        .arg(path)
        .stdin(Stdio::null())
        .output()
        .map_err(io_err(path))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(TestbedError::Io {
            path: path.to_path_buf(),
            source: io::Error::other(String::from_utf8_lossy(&out.stderr).to_string()),
        })
    }
}

pub(super) fn current_user() -> String {
    Command::new("id")
        .arg("-un")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "root".into())
}

pub(super) fn is_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| o.stdout.starts_with(b"0\n")).unwrap_or(false)
}
