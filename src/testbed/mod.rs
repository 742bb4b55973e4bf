//! The test bed, outside the core (which knows nothing of fake GPUs): real sshd "GPU nodes"
//! on loopback for the demo, benchmarks and tests. Each node is its own `sshd -D` process with
//! its own port, host key, home directory and fake `nvidia-smi` / `docker` tools
//! (docs/testbed.md). Processes are killed and reaped on drop. [`sandbox`] puts a whole miner
//! around them for `demo`.

#[cfg(feature = "test-support")]
pub mod bench;
pub mod bid_taker;
#[cfg(feature = "test-support")]
pub mod chain_double;
pub mod demo;
mod error;
mod login;
mod naive;
#[cfg(feature = "test-support")]
pub mod netns;
mod processes;
mod profiles;
mod readiness;
pub mod sandbox;
mod sshd;
pub mod verifier;

use std::io;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Child;

pub use error::TestbedError;
use processes::signal_tree;
pub use processes::{process_tree, reserve_port, ssh_masters};
pub use profiles::GpuProfile;
pub use readiness::keygen;
use readiness::{current_user, is_root, wait_ready};
use sshd::start_sshd;

/// A node's own network (a namespace joined by a veth pair): fault injection, built with the
/// `test-support` feature only. Without it no node can have one, so the type has no value.
#[cfg(feature = "test-support")]
type Link = netns::Link;
#[cfg(not(feature = "test-support"))]
type Link = std::convert::Infallible;

/// The command that runs `program` in `link`'s namespace.
#[cfg(feature = "test-support")]
fn in_link(link: &Link, program: &str) -> std::process::Command {
    link.command(program)
}
#[cfg(not(feature = "test-support"))]
fn in_link(link: &Link, _program: &str) -> std::process::Command {
    match *link {}
}

/// The key exchange the nodes offer: curve25519 (OpenSSH's default before 9.0). OpenSSH 9's
/// default, sntrup761x25519, costs a handshake about 0.06 s more CPU on each side, and a test
/// bed makes thousands of handshakes; nothing in the miner depends on the key exchange.
const KEX: &str = "KexAlgorithms curve25519-sha256,curve25519-sha256@libssh.org\n";

/// Where sshd is expected (it must be started by absolute path).
pub const SSHD: &str = "/usr/sbin/sshd";

/// A new scratch directory for a bed's nodes (removed with the bed).
fn scratch_dir() -> Result<tempfile::TempDir, TestbedError> {
    tempfile::Builder::new().prefix("basilica-testbed-").tempdir().map_err(io_err(Path::new("/tmp")))
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> TestbedError + '_ {
    move |source| TestbedError::Io { path: path.to_path_buf(), source }
}

/// One running sshd node.
pub struct TestNode {
    /// The node's number in the bed, from 0.
    pub index: usize,
    /// The loopback address sshd listens on (127.0.0.1 unless the bed was started on others).
    pub ip: std::net::IpAddr,
    /// The port sshd listens on.
    pub port: u16,
    /// The user to log in as (the user running the bed).
    pub username: String,
    /// The node's directory (sshd's config, keys and log).
    pub dir: PathBuf,
    /// The node's home: `.ssh/authorized_keys`, `bin/` with the fake tools.
    pub home: PathBuf,
    /// Which GPUs its fake nvidia-smi reports.
    pub profile: GpuProfile,
    child: Option<Child>,
    /// The node's own network, when the bed was started with [`Testbed::start_networked`].
    link: Option<Link>,
    /// The user's home directory the node's home is mounted over, once a test gave the node a
    /// login of its own (`None`: the node shares the real home and login shell; see [`login`]).
    user_home: Option<PathBuf>,
    /// Whether the bed runs as root (needed for a login of the node's own).
    root_user: bool,
}

impl TestNode {
    /// The node's authorized_keys file.
    pub fn authorized_keys(&self) -> PathBuf {
        self.home.join(".ssh/authorized_keys")
    }

    /// The node's authorized_keys (empty when missing).
    pub fn read_authorized_keys(&self) -> String {
        std::fs::read_to_string(self.authorized_keys()).unwrap_or_default()
    }

    /// The validator lines of its authorized_keys.
    pub fn validator_lines(&self) -> Vec<String> {
        self.read_authorized_keys().lines().filter(|l| l.contains(" validator-")).map(str::to_string).collect()
    }

    /// Whether authorized_keys (read once) is `operator` (what it held before any validator
    /// key) byte for byte, plus exactly one validator line: the key `key_body` (base64) tagged
    /// for `hotkey`.
    pub fn holds_exactly(&self, operator: &str, key_body: &str, hotkey: &str) -> bool {
        let text = self.read_authorized_keys();
        let (v, others): (Vec<&str>, Vec<&str>) = text.lines().partition(|l| l.contains(" validator-"));
        let others: String = others.iter().map(|l| format!("{l}\n")).collect();
        others == operator && v.len() == 1 && v[0].contains(key_body) && v[0].ends_with(&format!("validator-{hotkey}"))
    }

    /// Every `docker run` the node's docker saw, one line each (`run TIME name=… labels=…
    /// gpus=… image=…`).
    pub fn docker_runs(&self) -> Vec<String> {
        let text = std::fs::read_to_string(self.home.join(".fake-docker/runs.log")).unwrap_or_default();
        text.lines().map(str::to_string).collect()
    }

    /// Every image pull the node's docker started.
    pub fn docker_pulls(&self) -> usize {
        let text = std::fs::read_to_string(self.home.join(".fake-docker/pulls.log")).unwrap_or_default();
        text.lines().filter(|l| l.starts_with("start ")).count()
    }

    /// Makes nvidia-smi list a compute process that belongs to no container (`None`: none).
    pub fn set_foreign_gpu_process(&self, process: Option<(u32, &str, u64)>) -> io::Result<()> {
        let file = self.home.join("bin/compute-apps");
        match process {
            Some((pid, name, mib)) => std::fs::write(file, format!("{pid}, {name}, {mib} MiB\n")),
            None => {
                std::fs::remove_file(file)
                    .or_else(|e| if e.kind() == io::ErrorKind::NotFound { Ok(()) } else { Err(e) })
            }
        }
    }

    /// `user@ip:port` (IPv6 in brackets), as `node add` takes it.
    pub fn spec(&self) -> String {
        match self.ip {
            std::net::IpAddr::V6(v6) => format!("{}@[{v6}]:{}", self.username, self.port),
            std::net::IpAddr::V4(v4) => format!("{}@{v4}:{}", self.username, self.port),
        }
    }

    /// The node's own network link (loss, partitions, resets), if it has one.
    #[cfg(feature = "test-support")]
    pub fn link(&self) -> Option<&netns::Link> {
        self.link.as_ref()
    }

    /// The listening sshd's process id, while it runs.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// Freezes the sshd (SIGSTOP): connections hang like a wedged machine.
    pub fn pause(&self) {
        self.signal("STOP");
    }

    /// Lets a paused sshd run again (SIGCONT).
    pub fn resume(&self) {
        self.signal("CONT");
    }

    /// Signals the node's listener and every process under it (the per-connection sshd
    /// processes start their own sessions, so a process-group signal would miss them), as when
    /// a machine freezes or dies.
    fn signal(&self, sig: &str) {
        if let Some(pid) = self.pid() {
            signal_tree(pid, sig);
        }
    }

    /// Stops the node for good: the listener and its open connections (the port then refuses).
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            signal_tree(c.id(), "KILL");
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Makes sshd read keys from a frozen copy of the current authorized_keys (restarting it),
    /// so later edits of `~/.ssh/authorized_keys` no longer grant access: a node whose key
    /// changes "do not take", as after a reimage mid-operation.
    pub fn pin_authorized_keys(&mut self) -> Result<(), TestbedError> {
        self.kill();
        let pinned = self.dir.join("pinned_authorized_keys");
        std::fs::copy(self.authorized_keys(), &pinned).map_err(io_err(&pinned))?;
        let cfg = self.dir.join("sshd_config");
        let text = std::fs::read_to_string(&cfg).map_err(io_err(&cfg))?;
        let text: String = text
            .lines()
            .map(|l| {
                if l.starts_with("AuthorizedKeysFile ") {
                    format!("AuthorizedKeysFile {}\n", pinned.display())
                } else {
                    format!("{l}\n")
                }
            })
            .collect();
        std::fs::write(&cfg, text).map_err(io_err(&cfg))?;
        self.child = Some(self.start()?);
        wait_ready(std::slice::from_ref(self))
    }

    pub(super) fn start(&self) -> Result<Child, TestbedError> {
        start_sshd(
            &self.dir,
            self.index,
            self.link.as_ref(),
            self.user_home.as_deref().map(|u| (self.home.as_path(), u)),
        )
    }

    /// Replaces the host key and restarts sshd on the same port (a "reinstalled" node).
    pub fn regenerate_host_key(&mut self) -> Result<(), TestbedError> {
        self.kill();
        let key = self.dir.join("ssh_host_ed25519_key");
        let _ = std::fs::remove_file(&key);
        let _ = std::fs::remove_file(key.with_extension("pub"));
        keygen(&key)?;
        self.child = Some(self.start()?);
        wait_ready(std::slice::from_ref(self))
    }
}

impl Drop for TestNode {
    fn drop(&mut self) {
        self.kill();
        // A fake container's HTTP server detaches from sshd (setsid), and one that was frozen
        // with the node never reaches its own two-minute end: it goes with the node.
        let containers = self.home.join(".fake-docker");
        for entry in std::fs::read_dir(&containers).into_iter().flatten().flatten() {
            let pid = std::fs::read_to_string(entry.path().join("pid")).ok().and_then(|p| p.trim().parse::<u32>().ok());
            // Only if that pid is still this container's server (pids are reused).
            let cmdline = pid.and_then(|p| std::fs::read(format!("/proc/{p}/cmdline")).ok()).unwrap_or_default();
            let ours = String::from_utf8_lossy(&cmdline).contains(&entry.path().display().to_string());
            if let Some(pid) = pid.filter(|&p| p > 1 && ours) {
                signal_tree(pid, "KILL");
            }
        }
    }
}

/// A set of nodes sharing one scratch directory, plus the miner key they trust.
///
/// Nodes are tied to the thread that started them (`PR_SET_PDEATHSIG`): start them from a
/// thread that lives as long as they should, such as `main`.
pub struct Testbed {
    /// The running nodes.
    pub nodes: Vec<TestNode>,
    /// The miner's private key (its public half is in every node's authorized_keys).
    pub miner_key: PathBuf,
    /// The bed's directory (a temporary one unless given).
    pub root: PathBuf,
    _scratch: Option<tempfile::TempDir>,
}

impl Testbed {
    /// Starts one node per profile under a new scratch directory.
    pub fn start(profiles: &[GpuProfile]) -> Result<Testbed, TestbedError> {
        let scratch = scratch_dir()?;
        let root = scratch.path().to_path_buf();
        let mut bed = Testbed::start_in(&root, profiles)?;
        bed._scratch = Some(scratch);
        Ok(bed)
    }

    /// Starts nodes in `root` (kept after drop; the processes are not).
    pub fn start_in(root: &Path, profiles: &[GpuProfile]) -> Result<Testbed, TestbedError> {
        let ips = vec![std::net::IpAddr::from(std::net::Ipv4Addr::LOCALHOST); profiles.len()];
        Testbed::start_at(root, profiles, &ips)
    }

    /// Starts one node per profile under a new scratch directory, node `i` listening on
    /// `ips[i]` (loopback addresses: all of 127.0.0.0/8 works without configuration).
    pub fn start_on(profiles: &[GpuProfile], ips: &[std::net::IpAddr]) -> Result<Testbed, TestbedError> {
        let scratch = scratch_dir()?;
        let root = scratch.path().to_path_buf();
        let mut bed = Testbed::start_at(&root, profiles, ips)?;
        bed._scratch = Some(scratch);
        Ok(bed)
    }

    /// Starts one node per profile, each in a network namespace of its own joined to this
    /// machine by a veth pair ([`netns::Link`]): the nodes' links can lose packets, partition,
    /// reset or go down one by one. Needs root and the `test-support` feature.
    #[cfg(feature = "test-support")]
    pub fn start_networked(profiles: &[GpuProfile]) -> Result<Testbed, TestbedError> {
        let scratch = scratch_dir()?;
        let links = profiles.iter().map(|_| netns::Link::create()).collect::<Result<Vec<_>, _>>()?;
        let ips: Vec<std::net::IpAddr> = links.iter().map(|l| l.node_ip.into()).collect();
        let mut bed = Testbed::start_linked(scratch.path(), profiles, &ips, links)?;
        bed._scratch = Some(scratch);
        Ok(bed)
    }

    /// [`Testbed::start_on`] in `root`.
    pub fn start_at(root: &Path, profiles: &[GpuProfile], ips: &[std::net::IpAddr]) -> Result<Testbed, TestbedError> {
        Testbed::start_linked(root, profiles, ips, Vec::new())
    }

    /// Node `i` on `ips[i]`, inside `links[i]`'s namespace when there is one.
    fn start_linked(
        root: &Path,
        profiles: &[GpuProfile],
        ips: &[std::net::IpAddr],
        links: Vec<Link>,
    ) -> Result<Testbed, TestbedError> {
        if !Path::new(SSHD).exists() {
            return Err(TestbedError::NoSshd);
        }
        let root_user = is_root();
        if root_user {
            std::fs::create_dir_all("/run/sshd").map_err(io_err(Path::new("/run/sshd")))?;
        }
        std::fs::create_dir_all(root).map_err(io_err(root))?;
        let miner_key = root.join("miner_ed25519");
        if !miner_key.exists() {
            keygen(&miner_key)?;
        }
        let miner_pub = std::fs::read_to_string(miner_key.with_extension("pub")).map_err(io_err(&miner_key))?;
        let username = current_user();
        let mut nodes = Vec::new();
        let mut links = links.into_iter();
        for (index, (profile, ip)) in profiles.iter().zip(ips).enumerate() {
            nodes.push(start_node(root, index, (*profile, *ip), &username, &miner_pub, links.next(), root_user)?);
        }
        wait_ready(&nodes)?;
        Ok(Testbed { nodes, miner_key, root: root.to_path_buf(), _scratch: None })
    }
}

fn start_node(
    root: &Path,
    index: usize,
    (profile, ip): (GpuProfile, std::net::IpAddr),
    username: &str,
    miner_pub: &str,
    link: Option<Link>,
    root_user: bool,
) -> Result<TestNode, TestbedError> {
    let dir = root.join(format!("node{index}"));
    let home = dir.join("home");
    let bin = home.join("bin");
    let ssh = home.join(".ssh");
    for d in [&dir, &home, &bin, &ssh] {
        std::fs::create_dir_all(d).map_err(io_err(d))?;
    }
    std::fs::set_permissions(&ssh, std::fs::Permissions::from_mode(0o700)).map_err(io_err(&ssh))?;
    let ak = ssh.join("authorized_keys");
    std::fs::write(&ak, format!("# operator key\n{}", miner_pub.trim_end().to_string() + "\n")).map_err(io_err(&ak))?;
    std::fs::set_permissions(&ak, std::fs::Permissions::from_mode(0o600)).map_err(io_err(&ak))?;
    let machine = u32::from_be_bytes(uuid::Uuid::new_v4().as_bytes()[..4].try_into().unwrap_or_default());
    profile.install(&bin, machine).map_err(io_err(&bin))?;
    let host_key = dir.join("ssh_host_ed25519_key");
    keygen(&host_key)?;
    let port = reserve_port().map_err(io_err(&dir))?;
    let config = format!(
        "Port {port}\nListenAddress {ip}\nHostKey {hk}\nPidFile {dir}/sshd.pid\nPubkeyAuthentication yes\n\
         PasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\n\
         PermitRootLogin prohibit-password\nAllowUsers {username}\nAuthorizedKeysFile {ak}\n\
         SetEnv HOME={home} PATH={bin}:/usr/local/bin:/usr/bin:/bin\nLogLevel ERROR\n{KEX}",
        hk = host_key.display(),
        dir = dir.display(),
        ak = ak.display(),
        home = home.display(),
        bin = bin.display(),
    );
    let cfg = dir.join("sshd_config");
    std::fs::write(&cfg, config).map_err(io_err(&cfg))?;
    let child = start_sshd(&dir, index, link.as_ref(), None)?;
    Ok(TestNode {
        index,
        ip,
        port,
        username: username.to_string(),
        dir,
        home,
        profile,
        child: Some(child),
        link,
        user_home: None,
        root_user,
    })
}
