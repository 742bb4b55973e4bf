//! Processes and ports of the test bed: signalling a node's whole process tree, and ports
//! that are never handed out twice.

use std::io;
use std::net::TcpListener;
use std::process::{Command, Stdio};

/// `root` and all its descendants (found through /proc).
pub fn process_tree(root: u32) -> Vec<u32> {
    let mut pids = vec![root];
    let mut i = 0;
    while i < pids.len() {
        pids.extend(children_of(pids[i]));
        i += 1;
    }
    pids
}

/// Sends `sig` to `root` and all its descendants.
pub(super) fn signal_tree(root: u32, sig: &str) {
    let pids = process_tree(root);
    let mut cmd = Command::new("kill");
    cmd.arg(format!("-{sig}"));
    for p in &pids {
        cmd.arg(p.to_string());
    }
    let _ = cmd.stdout(Stdio::null()).stderr(Stdio::null()).status();
}

/// Every process id on the machine (from /proc).
fn all_pids() -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else { return Vec::new() };
    entries.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok()).collect()
}

fn children_of(parent: u32) -> Vec<u32> {
    all_pids()
        .into_iter()
        .filter(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .ok()
                .and_then(|stat| {
                    stat.rsplit_once(')').map(|(_, rest)| rest.split_whitespace().nth(1).map(str::to_string))
                })
                .flatten()
                .and_then(|ppid| ppid.parse::<u32>().ok())
                == Some(parent)
        })
        .collect()
}

/// The `ssh` ControlMaster processes that the fleet engine of process `pid` runs for host `ip`
/// (their control sockets are under that process's scratch directory, `bm-<pid>-*`).
pub fn ssh_masters(pid: u32, ip: &str) -> Vec<u32> {
    let scratch = format!("/bm-{pid}-");
    all_pids()
        .into_iter()
        .filter(|p| {
            let cmdline = std::fs::read(format!("/proc/{p}/cmdline")).unwrap_or_default();
            let args: Vec<String> =
                cmdline.split(|b| *b == 0).map(|a| String::from_utf8_lossy(a).into_owned()).collect();
            args.iter().any(|a| a == "-M") && args.iter().any(|a| a == ip) && args.iter().any(|a| a.contains(&scratch))
        })
        .collect()
}

/// A port for a node, never handed out twice by this process and below the kernel's
/// ephemeral range (32768+), so a node restarted on its port cannot lose it to another node
/// or to a port-0 listener started meanwhile.
pub fn reserve_port() -> io::Result<u16> {
    use std::sync::atomic::{AtomicU32, Ordering};
    const LOW: u32 = 10_000;
    const SPAN: u32 = 22_000;
    static NEXT: AtomicU32 = AtomicU32::new(u32::MAX);
    let _ = NEXT.compare_exchange(
        u32::MAX,
        (std::process::id().wrapping_mul(7919)) % SPAN,
        Ordering::SeqCst,
        Ordering::SeqCst,
    );
    for _ in 0..SPAN {
        let port = (LOW + NEXT.fetch_add(1, Ordering::SeqCst) % SPAN) as u16;
        if TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return Ok(port);
        }
    }
    Err(io::Error::new(io::ErrorKind::AddrInUse, "no free loopback port for a testbed node"))
}
