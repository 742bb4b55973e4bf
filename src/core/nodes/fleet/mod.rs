//! The fleet engine: drives GPU nodes through the system OpenSSH client (one multiplexed
//! ControlMaster per node, opened in parallel), with bounded concurrency, per-node
//! timeouts and a miner-owned known_hosts file.

mod each;
pub mod error;
mod fresh;
pub mod limit;
pub mod limits;
pub mod remote_keys;
mod scratch;
mod settings;
mod ssh_options;

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Output;
use std::sync::Arc;
use std::time::Duration;

use openssh::{ControlPersist, KnownHosts, Session, SessionBuilder, Stdio};
use tokio::io::AsyncWriteExt;
use tokio::sync::{Mutex, Semaphore};
use uuid::Uuid;

pub use each::for_each;
pub use error::{Code, NodeError};
pub use fresh::{FreshLogin, CONNECT_TIMEOUT as FRESH_CONNECT_TIMEOUT};
pub use settings::{known_hosts_path, FleetSettings, Target};
pub use ssh_options::route_options;

/// Handshakes at once when the engine starts; [`limit::ConnectLimit`] grows it by one per
/// accepted connection up to [`MAX_PARALLEL_CONNECTS`] and halves it when a server drops
/// connections before the key exchange (sshd's MaxStartups, 10:30:100 by default, is per
/// server: a fleet of separate servers takes many more at once).
pub const DEFAULT_PARALLEL_CONNECTS: usize = 32;
/// Most handshakes at once: beyond this a 2-core miner only makes each one slower (the
/// handshakes share its CPU) without finishing the fleet sooner.
pub const MAX_PARALLEL_CONNECTS: usize = 64;
/// Most commands running at once over the whole fleet: with the handshakes capped, 256
/// commands at once kept every command of a 500-node round well inside its timeout here and
/// finished warm rounds at the floor (64 were 10–15 % slower at 500 nodes).
pub const MAX_PARALLEL_COMMANDS: usize = 256;
/// How often a connection a server dropped early is tried again.
const EARLY_DROP_RETRIES: u32 = 4;
/// Seconds an idle ControlMaster stays up.
const MASTER_IDLE_SECS: std::num::NonZeroUsize = std::num::NonZeroUsize::new(300).unwrap();

/// sshd's MaxSessions is 10 per connection; stay below it.
pub const SESSIONS_PER_NODE: usize = 8;

struct NodeSlot {
    session: Mutex<Option<Arc<Session>>>,
    sessions: Semaphore,
}

/// The engine. Cheap to share behind an `Arc`; call [`Fleet::close`] when done so the
/// ControlMaster processes exit.
pub struct Fleet {
    settings: FleetSettings,
    connects: limit::ConnectLimit,
    commands: Semaphore,
    /// Places for fresh logins (`fresh::MAX_FRESH_LOGINS`).
    fresh: Semaphore,
    slots: std::sync::Mutex<HashMap<Uuid, Arc<NodeSlot>>>,
    /// The last authorized_keys content seen on each node, so an edit can skip the read;
    /// the remote compare-and-swap catches a stale entry.
    keys_cache: std::sync::Mutex<HashMap<Uuid, remote_keys::Snapshot>>,
    scratch: tempfile::TempDir,
    /// The miner key for new connections when it changed after start (a rotation applied
    /// by a reload); open connections stay as they are.
    key_path: arc_swap::ArcSwap<PathBuf>,
    traffic: Traffic,
}

/// What the engine has done since it started: handshakes, commands, and the bytes of scripts,
/// stdin, stdout and stderr (payload, not SSH's own framing and encryption).
#[derive(Debug, Default)]
struct Traffic {
    handshakes: std::sync::atomic::AtomicU64,
    commands: std::sync::atomic::AtomicU64,
    bytes_sent: std::sync::atomic::AtomicU64,
    bytes_received: std::sync::atomic::AtomicU64,
}

/// A reading of [`Fleet::traffic`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct TrafficCount {
    /// SSH connections opened.
    pub handshakes: u64,
    /// Commands run.
    pub commands: u64,
    /// Script and stdin bytes sent.
    pub bytes_sent: u64,
    /// Output bytes received.
    pub bytes_received: u64,
}

impl Fleet {
    /// An engine with its own scratch directory for control sockets; creates the known_hosts directory.
    pub fn new(settings: FleetSettings) -> std::io::Result<Fleet> {
        if let Some(dir) = settings.known_hosts.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let scratch = scratch::create(&std::env::temp_dir())?;
        let key_path = arc_swap::ArcSwap::from_pointee(settings.key_path.clone());
        let connects = limit::ConnectLimit::new(
            settings.parallel_connects,
            1,
            MAX_PARALLEL_CONNECTS.max(settings.parallel_connects),
        );
        Ok(Fleet {
            connects,
            commands: Semaphore::new(MAX_PARALLEL_COMMANDS),
            fresh: Semaphore::new(fresh::MAX_FRESH_LOGINS),
            settings,
            slots: Default::default(),
            keys_cache: Default::default(),
            scratch,
            key_path,
            traffic: Traffic::default(),
        })
    }

    /// Handshakes, commands and payload bytes since the engine started.
    pub fn traffic(&self) -> TrafficCount {
        use std::sync::atomic::Ordering::Relaxed;
        let t = &self.traffic;
        TrafficCount {
            handshakes: t.handshakes.load(Relaxed),
            commands: t.commands.load(Relaxed),
            bytes_sent: t.bytes_sent.load(Relaxed),
            bytes_received: t.bytes_received.load(Relaxed),
        }
    }

    /// How the engine reaches nodes.
    pub fn settings(&self) -> &FleetSettings {
        &self.settings
    }

    /// Logs in with `path` from now on (connections already open are kept).
    pub fn set_key_path(&self, path: PathBuf) {
        self.key_path.store(Arc::new(path));
    }

    fn slot(&self, node: &Target) -> Arc<NodeSlot> {
        let mut slots = self.slots.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        slots
            .entry(node.node_id)
            .or_insert_with(|| {
                Arc::new(NodeSlot { session: Mutex::new(None), sessions: Semaphore::new(SESSIONS_PER_NODE) })
            })
            .clone()
    }

    async fn session(&self, node: &Target, slot: &NodeSlot) -> Result<Arc<Session>, NodeError> {
        let mut guard = slot.session.lock().await;
        if let Some(s) = guard.as_ref() {
            return Ok(s.clone());
        }
        let mut attempt = 0;
        let session = loop {
            let permit = self.connects.acquire().await;
            self.traffic.handshakes.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let result = self.connect(node).await;
            drop(permit);
            match result {
                Err(e)
                    if e.code != Code::SshTimeout
                        && limit::is_dropped_early(&e.message)
                        && attempt < EARLY_DROP_RETRIES =>
                {
                    attempt += 1;
                    let limit = self.connects.dropped();
                    tracing::debug!(node = %node.address, limit, attempt, "the server dropped the connection before the handshake; fewer at once, trying again");
                    let jitter = u64::from(uuid::Uuid::new_v4().as_bytes()[0]);
                    tokio::time::sleep(Duration::from_millis(100 * u64::from(attempt) + jitter)).await;
                }
                Err(e) => return Err(e),
                Ok(s) => {
                    self.connects.accepted();
                    break s;
                }
            }
        };
        *guard = Some(session.clone());
        Ok(session)
    }

    /// One ControlMaster handshake.
    async fn connect(&self, node: &Target) -> Result<Arc<Session>, NodeError> {
        let mut b = SessionBuilder::default();
        b.user(node.address.username.clone())
            .port(node.address.port)
            .keyfile(&**self.key_path.load())
            .known_hosts_check(KnownHosts::Add)
            .user_known_hosts_file(&self.settings.known_hosts)
            .connect_timeout(self.settings.connect_timeout)
            .server_alive_interval(Duration::from_secs(15))
            .control_directory(self.scratch.path())
            .control_persist(ControlPersist::IdleFor(MASTER_IDLE_SECS));
        if let Some(opts) = &node.additional_opts {
            let path = self.scratch.path().join(format!("{}.conf", node.node_id));
            ssh_options::write_config(opts, &path)?;
            b.config_file(&path);
        }
        // ConnectTimeout bounds each phase; this bounds the whole handshake.
        let deadline = self.settings.connect_timeout * 2 + Duration::from_secs(1);
        match tokio::time::timeout(deadline, b.connect_mux(&node.address.host)).await {
            Err(_) => {
                Err(NodeError::new(Code::SshTimeout, format!("no SSH handshake within {} s", deadline.as_secs())))
            }
            Ok(Err(e)) => {
                let text = error_text(&e);
                Err(NodeError::new(error::classify_ssh_failure(&text), text))
            }
            Ok(Ok(s)) => Ok(Arc::new(s)),
        }
    }

    /// Opens the ControlMaster of every target at once (within the connect limit), so the
    /// first real command does not pay for the handshake. `done` is called with each node's
    /// outcome as it finishes.
    pub async fn warm(&self, targets: &[Target], done: &(dyn Fn(&Target, bool) + Sync)) -> usize {
        let results = for_each(targets, &|_| {}, |t| async move {
            let slot = self.slot(t);
            let r = self.session(t, &slot).await.map(|_| ());
            done(t, r.is_ok());
            r
        })
        .await;
        results.iter().filter(|r| r.is_ok()).count()
    }

    /// Runs a fixed POSIX `sh` script on the node, feeding `stdin` to it. Data (keys,
    /// hotkeys) travels only on stdin, never in the command line.
    pub async fn exec(&self, node: &Target, script: &str, stdin: &[u8]) -> Result<Output, NodeError> {
        self.exec_within(node, script, stdin, self.settings.command_timeout).await
    }

    /// [`Fleet::exec`] with its own deadline, for commands that are slow by nature (an image
    /// pull, a container run).
    pub async fn exec_within(
        &self,
        node: &Target,
        script: &str,
        stdin: &[u8],
        deadline: Duration,
    ) -> Result<Output, NodeError> {
        let slot = self.slot(node);
        let _permit = slot
            .sessions
            .acquire()
            .await
            .map_err(|_| NodeError::new(Code::SshError, "the SSH engine is shutting down"))?;
        for attempt in 0..2 {
            let session = self.session(node, &slot).await?;
            let _running = self
                .commands
                .acquire()
                .await
                .map_err(|_| NodeError::new(Code::SshError, "the SSH engine is shutting down"))?;
            match tokio::time::timeout(deadline, run(&session, script, stdin)).await {
                Err(_) => {
                    return Err(NodeError::new(
                        Code::CommandTimeout,
                        format!("no answer within {} s", deadline.as_secs()),
                    ))
                }
                Ok(Ok(out)) => {
                    use std::sync::atomic::Ordering::Relaxed;
                    self.traffic.commands.fetch_add(1, Relaxed);
                    self.traffic.bytes_sent.fetch_add((script.len() + stdin.len()) as u64, Relaxed);
                    self.traffic.bytes_received.fetch_add((out.stdout.len() + out.stderr.len()) as u64, Relaxed);
                    return Ok(out);
                }
                Ok(Err(e)) => {
                    // A master that died (node rebooted, idle timeout) is replaced once.
                    let dead = session.check().await.is_err();
                    if dead && attempt == 0 {
                        *slot.session.lock().await = None;
                        continue;
                    }
                    return Err(NodeError::new(Code::SshError, error_text(&e)));
                }
            }
        }
        unreachable!("the loop returns on its second pass")
    }

    pub(crate) fn cached_keys(&self, node: &Target) -> Option<remote_keys::Snapshot> {
        self.keys_cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner).get(&node.node_id).cloned()
    }

    pub(crate) fn remember_keys(&self, node: &Target, snapshot: Option<remote_keys::Snapshot>) {
        let mut cache = self.keys_cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        match snapshot {
            Some(s) => cache.insert(node.node_id, s),
            None => cache.remove(&node.node_id),
        };
    }

    /// Closes one node's ControlMaster and forgets what was cached for it (the node was
    /// removed or its connection settings changed).
    pub async fn forget(&self, node: Uuid) {
        let slot = self.slots.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(&node);
        self.keys_cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(&node);
        if let Some(slot) = slot {
            if let Some(s) = slot.session.lock().await.take().and_then(|s| Arc::try_unwrap(s).ok()) {
                let _ = s.close().await;
            }
        }
    }

    /// Closes every ControlMaster.
    pub async fn close(&self) {
        let slots: Vec<Arc<NodeSlot>> =
            self.slots.lock().unwrap_or_else(std::sync::PoisonError::into_inner).drain().map(|(_, s)| s).collect();
        let closes = slots.into_iter().map(|slot| async move {
            if let Some(s) = slot.session.lock().await.take().and_then(|s| Arc::try_unwrap(s).ok()) {
                let _ = s.close().await;
            }
        });
        futures::future::join_all(closes).await;
    }
}

/// The command line that runs `script` under `sh` whatever the user's login shell is. sshd
/// hands the command line to the login shell, and a script quoted for `sh` breaks in tcsh
/// (no line breaks inside quotes) or fish; the script travels as base64 in one single-quoted
/// word, which every shell passes to `sh` unchanged.
pub fn sh_command_line(script: &str) -> String {
    use base64::Engine as _;
    let encoded = base64::engine::general_purpose::STANDARD.encode(script);
    format!("sh -c 'eval \"$(printf %s {encoded} | base64 -d)\"'")
}

async fn run(session: &Session, script: &str, stdin: &[u8]) -> Result<Output, openssh::Error> {
    let mut child = session
        .raw_command(sh_command_line(script))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .await?;
    if let Some(mut input) = child.stdin().take() {
        // A script may exit without reading; a closed pipe then is not an error.
        let _ = input.write_all(stdin).await;
        let _ = input.shutdown().await;
    }
    child.wait_with_output().await
}

fn error_text(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ").trim().to_string()
}
