//! Test hosts on a network of their own. A [`Link`] is a network namespace made for one node,
//! joined to this machine by a veth pair on a /30 of 198.18.0.0/15 (the range set aside for
//! benchmarking, routed nowhere): the node's sshd listens on the namespace's end, and what a real
//! link does to SSH is done inside the namespace with iptables, to that node only — random
//! packet loss (`-m statistic`), a partition (DROP), resets (REJECT with tcp-reset) — or with
//! `ip link set down`. The namespace (and with it both ends of the pair) is deleted on drop; the
//! namespaces a killed test process left behind are deleted by the next one. Needs root.

use std::net::Ipv4Addr;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};

use super::TestbedError;

/// Namespace names: `bmt<pid>n<k>`; interfaces `bmt<pid>h<k>` (this side), `bmt<pid>p<k>`
/// (the node's side): at most 15 bytes, the kernel's limit for an interface name.
const PREFIX: &str = "bmt";

/// One node's own network: a namespace and the veth pair that joins it to this machine.
pub struct Link {
    /// The namespace (`ip netns exec NAME ...` runs a command on the node's side).
    pub ns: String,
    /// This machine's address on the link.
    pub host_ip: Ipv4Addr,
    /// The node's address on the link (its sshd listens here).
    pub node_ip: Ipv4Addr,
    node_if: String,
}

impl Link {
    /// Makes a namespace with a veth pair to it, addresses on both ends, both ends up.
    pub fn create() -> Result<Link, TestbedError> {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        remove_stale();
        let pid = std::process::id();
        let k = NEXT.fetch_add(1, Ordering::SeqCst);
        let ns = format!("{PREFIX}{pid}n{k}");
        let host_if = format!("{PREFIX}{pid}h{k}");
        let node_if = format!("{PREFIX}{pid}p{k}");
        if ns.len() > 15 {
            return Err(netns_error("name", format!("{ns} is longer than an interface name may be")));
        }
        let (host_ip, node_ip) = free_subnet(pid, k)?;
        ip(&["netns", "add", &ns])?;
        let link = Link { ns, host_ip, node_ip, node_if };
        // From here on a failure drops `link`, which deletes the namespace again.
        ip(&["link", "add", &host_if, "type", "veth", "peer", "name", &link.node_if, "netns", &link.ns])?;
        ip(&["addr", "add", &format!("{host_ip}/30"), "dev", &host_if])?;
        ip(&["link", "set", &host_if, "up"])?;
        link.exec("ip", &["addr", "add", &format!("{node_ip}/30"), "dev", &link.node_if])?;
        link.exec("ip", &["link", "set", &link.node_if, "up"])?;
        link.exec("ip", &["link", "set", "lo", "up"])?;
        Ok(link)
    }

    /// Runs `program args` inside the namespace; fails with its stderr.
    pub fn exec(&self, program: &str, args: &[&str]) -> Result<(), TestbedError> {
        let mut all = vec!["netns", "exec", &self.ns, program];
        all.extend_from_slice(args);
        ip(&all)
    }

    /// A command that starts `program` inside the namespace (for long-running processes).
    pub fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new("ip");
        cmd.args(["netns", "exec", &self.ns, program]);
        cmd
    }

    /// Drops `percent` % of the packets in each direction, at random.
    pub fn loss(&self, percent: u8) -> Result<(), TestbedError> {
        let p = format!("{:.2}", f64::from(percent.min(100)) / 100.0);
        for chain in ["INPUT", "OUTPUT"] {
            self.iptables(&["-A", chain, "-m", "statistic", "--mode", "random", "--probability", &p, "-j", "DROP"])?;
        }
        Ok(())
    }

    /// Drops every packet in both directions: connections hang, new ones time out.
    pub fn partition(&self) -> Result<(), TestbedError> {
        self.iptables(&["-A", "INPUT", "-j", "DROP"])?;
        self.iptables(&["-A", "OUTPUT", "-j", "DROP"])
    }

    /// Answers every TCP packet that arrives with a reset: open connections break at their next
    /// packet, new ones are refused.
    pub fn reset(&self) -> Result<(), TestbedError> {
        self.iptables(&["-A", "INPUT", "-p", "tcp", "-j", "REJECT", "--reject-with", "tcp-reset"])
    }

    /// Packets the faults have dropped or rejected so far (iptables' counters), to show that a
    /// fault really hit the node's traffic.
    pub fn hits(&self) -> Result<u64, TestbedError> {
        let out = self
            .command("iptables")
            .args(["-w", "-L", "-n", "-v", "-x"])
            .stdin(Stdio::null())
            .output()
            .map_err(|e| netns_error("netns exec iptables -L", e.to_string()))?;
        let text = String::from_utf8_lossy(&out.stdout);
        Ok(text
            .lines()
            .filter(|l| l.contains("DROP") || l.contains("REJECT"))
            .filter_map(|l| l.split_whitespace().next()?.parse::<u64>().ok())
            .sum())
    }

    /// Removes every fault made with iptables.
    pub fn heal(&self) -> Result<(), TestbedError> {
        self.iptables(&["-F", "INPUT"])?;
        self.iptables(&["-F", "OUTPUT"])
    }

    /// Takes the node's end of the link down (`up` = false: like a pulled cable), or up again.
    pub fn set_up(&self, up: bool) -> Result<(), TestbedError> {
        self.exec("ip", &["link", "set", &self.node_if, if up { "up" } else { "down" }])
    }

    fn iptables(&self, args: &[&str]) -> Result<(), TestbedError> {
        let mut all = vec!["-w"];
        all.extend_from_slice(args);
        self.exec("iptables", &all)
    }
}

impl Drop for Link {
    fn drop(&mut self) {
        kill_inside(&self.ns);
        // Deleting the namespace deletes its end of the pair, and with it this machine's end.
        let _ = ip(&["netns", "del", &self.ns]);
    }
}

/// Kills what still runs inside namespace `ns` (a node's detached helpers, such as a fake
/// container's HTTP server): a namespace lives on, link and address included, while a process
/// is in it.
fn kill_inside(ns: &str) {
    let Ok(out) = Command::new("ip").args(["netns", "pids", ns]).stderr(Stdio::null()).output() else { return };
    let pids: Vec<String> = String::from_utf8_lossy(&out.stdout).split_whitespace().map(str::to_string).collect();
    if !pids.is_empty() {
        let _ = Command::new("kill").arg("-KILL").args(&pids).stdout(Stdio::null()).stderr(Stdio::null()).status();
    }
}

/// `ip args`, failing with what it printed.
fn ip(args: &[&str]) -> Result<(), TestbedError> {
    let out = Command::new("ip")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| netns_error(&args.join(" "), format!("cannot run ip: {e} (apt-get install iproute2)")))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(netns_error(&args.join(" "), String::from_utf8_lossy(&out.stderr).trim().to_string()))
    }
}

fn netns_error(what: &str, detail: String) -> TestbedError {
    TestbedError::Network { what: what.to_string(), detail }
}

/// A /30 of 198.18.0.0/15 that no interface of this machine has an address in: the host end is
/// its first address, the node's its second.
fn free_subnet(pid: u32, k: u32) -> Result<(Ipv4Addr, Ipv4Addr), TestbedError> {
    const SUBNETS: u32 = 1 << 15; // 198.18.0.0/15 holds 32768 /30s
    let used = std::fs::read_to_string("/proc/net/fib_trie").unwrap_or_default();
    let start = pid.wrapping_mul(2654435761).wrapping_add(k.wrapping_mul(97)) % SUBNETS;
    for i in 0..SUBNETS {
        let base = u32::from(Ipv4Addr::new(198, 18, 0, 0)) + ((start + i) % SUBNETS) * 4;
        let (host, node) = (Ipv4Addr::from(base + 1), Ipv4Addr::from(base + 2));
        if !used.contains(&format!(" {host}\n")) && !used.contains(&format!(" {node}\n")) {
            return Ok((host, node));
        }
    }
    Err(netns_error("address", "no free /30 left in 198.18.0.0/15".into()))
}

/// Deletes the `bmt<pid>n<k>` namespaces of processes that are gone.
fn remove_stale() {
    let Ok(out) = Command::new("ip").args(["netns", "list"]).stderr(Stdio::null()).output() else { return };
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let name = line.split_whitespace().next().unwrap_or("");
        let Some(pid) = owner_pid(name) else { continue };
        if !std::path::Path::new("/proc").join(pid.to_string()).exists() {
            kill_inside(name);
            let _ = ip(&["netns", "del", name]);
        }
    }
}

/// The pid in a namespace name `bmt<pid>n<k>`.
fn owner_pid(name: &str) -> Option<u32> {
    let (pid, k) = name.strip_prefix(PREFIX)?.split_once('n')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if digits(pid) && digits(k) {
        pid.parse().ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_give_their_pid() {
        assert_eq!(owner_pid("bmt4242n0"), Some(4242));
        assert_eq!(owner_pid("bmt4242n17"), Some(4242));
        for other in ["bmt4242", "bmtn1", "bmt42n", "bmt4a2n1", "xbmt1n1", "bmt1h1"] {
            assert_eq!(owner_pid(other), None, "{other}");
        }
    }
}
