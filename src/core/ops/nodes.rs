//! The node commands' actions: pick nodes from the config, then test them, read their GPUs,
//! list, revoke or rotate keys on them — each opening the SSH engine and closing it after.

use std::path::Path;

use serde::Serialize;

use crate::core::config::LoadedConfig;
use crate::core::identity::sshkey::{self, SshKeyError};
use crate::core::nodes::authorized_keys::Revoke;
use crate::core::nodes::cpu::{self, CpuInfo, Machine};
use crate::core::nodes::fleet::{self, Code, Fleet, FleetSettings, Target};
use crate::core::nodes::gpu::{self, Gpu};
use crate::core::nodes::inspect::{self, NodeReport};
use crate::core::nodes::keys::journal::{Journal, JournalError, Recovery};
use crate::core::nodes::keys::{self, NodeKeys, PerNode, Revoked, RotateError, Rotation};
use crate::core::nodes::registry::{self, RegistryError};
use crate::core::nodes::validation::{self, Declared, ImagePolicy, PullGate, Pulls, Validation, ValidationSettings};

pub use crate::core::nodes::fleet::{known_hosts_path, NodeError};

#[derive(Debug, thiserror::Error)]
pub enum NodesError {
    #[error("no nodes configured; add them with `basilica-miner node add user@host --rate 2.50`")]
    NoNodes,
    #[error(transparent)]
    Registry(#[from] RegistryError),
    #[error("the miner's node key ([ssh_session] miner_node_key_path) is not usable: {0}")]
    Key(#[from] SshKeyError),
    #[error("cannot prepare {path}: {source}")]
    Engine { path: String, source: std::io::Error },
    #[error(transparent)]
    Journal(#[from] JournalError),
    #[error(transparent)]
    Rotate(#[from] RotateError),
}

/// The nodes picked from the config and how to reach them.
pub struct NodeSet {
    settings: FleetSettings,
    pub targets: Vec<Target>,
    /// What the operator declared about each node (for full validations).
    declared: std::collections::HashMap<uuid::Uuid, Declared>,
    validation: ValidationSettings,
    /// `[node_management] max_concurrent_pulls`.
    pull_limit: usize,
}

impl NodeSet {
    /// Picks `selectors` (all nodes when empty) and checks the miner's key file.
    pub fn pick(loaded: &LoadedConfig, selectors: &[String]) -> Result<NodeSet, NodesError> {
        let records = registry::list(&loaded.config);
        if records.is_empty() {
            return Err(NodesError::NoNodes);
        }
        let mut targets: Vec<Target> = Vec::new();
        if selectors.is_empty() {
            targets = records.iter().map(Target::from).collect();
        }
        for s in selectors {
            let t = Target::from(registry::find(&records, s)?);
            if !targets.contains(&t) {
                targets.push(t);
            }
        }
        let settings = FleetSettings::from_config(loaded);
        sshkey::check_private_key_file(&settings.key_path)?;
        let declared = records.iter().map(|r| (r.node_id, Declared::from(r))).collect();
        let validation = ValidationSettings::from_config(&loaded.config);
        let pull_limit = loaded.config.node_management.max_concurrent_pulls as usize;
        Ok(NodeSet { settings, targets, declared, validation, pull_limit })
    }

    pub fn len(&self) -> usize {
        self.targets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.targets.is_empty()
    }

    fn engine(&self) -> Result<Fleet, NodesError> {
        Fleet::new(self.settings.clone())
            .map_err(|source| NodesError::Engine { path: self.settings.known_hosts.display().to_string(), source })
    }
}

/// `node test`: every check on every node, in parallel.
pub async fn node_test(set: &NodeSet, done: &(dyn Fn(&Target) + Sync)) -> Result<Vec<NodeReport>, NodesError> {
    let engine = set.engine()?;
    let reports = fleet::for_each(&set.targets, done, |t| {
        let (engine, machine) = (&engine, set.declared.get(&t.node_id).map(Declared::machine).unwrap_or_default());
        async move { Ok::<_, NodeError>(inspect::test_node(engine, t, machine).await) }
    })
    .await;
    engine.close().await;
    Ok(reports.into_iter().filter_map(Result::ok).collect())
}

/// `node test --full`: the validators' full validation on every node, in parallel, with at
/// most `max_concurrent_pulls` image pulls at once; `stage` hears each node's steps as they
/// start, `done` each node as it finishes.
pub async fn node_validate(
    set: &NodeSet,
    policy: ImagePolicy,
    stage: &(dyn Fn(&Target, &str) + Sync),
    done: &(dyn Fn(&Target) + Sync),
) -> Result<Vec<Validation>, NodesError> {
    let engine = set.engine()?;
    let gate = PullGate::new(set.pull_limit);
    let pulls = Pulls { gate: &gate, policy };
    let results = fleet::for_each(&set.targets, done, |t| {
        let (engine, declared) = (&engine, set.declared.get(&t.node_id).cloned().unwrap_or_default());
        async move {
            Ok::<_, NodeError>(validation::validate_node(engine, t, &declared, &set.validation, pulls, stage).await)
        }
    })
    .await;
    engine.close().await;
    Ok(results.into_iter().filter_map(Result::ok).collect())
}

/// One node's GPUs, or why they could not be read.
#[derive(Debug, Clone, Serialize)]
pub struct NodeGpus {
    pub node_id: String,
    pub address: String,
    pub gpu_count: usize,
    pub memory_total_mib: u64,
    pub gpus: Vec<Gpu>,
    /// A host declared CPU-only: its CPUs and memory, read by the validators' probe.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpu: Option<CpuInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<NodeError>,
}

/// What `node gpu` read on one node.
enum Inventory {
    Gpus(Vec<Gpu>),
    Cpu(CpuInfo),
}

/// `node gpu`: the nvidia-smi inventory of every node; the CPU probe on a host declared
/// CPU-only.
pub async fn node_gpus(set: &NodeSet, done: &(dyn Fn(&Target) + Sync)) -> Result<Vec<NodeGpus>, NodesError> {
    let engine = set.engine()?;
    let command = format!("{} 2>&1; echo \"@@rc $?\"", gpu::query_command());
    let results = fleet::for_each(&set.targets, done, |t| {
        let (engine, command) = (&engine, &command);
        let machine = set.declared.get(&t.node_id).map(Declared::machine).unwrap_or_default();
        async move {
            if machine == Machine::CpuOnly {
                let out = engine.exec(t, cpu::PROBE, b"").await?;
                return CpuInfo::parse(&String::from_utf8_lossy(&out.stdout))
                    .map(Inventory::Cpu)
                    .map_err(|e| NodeError::new(Code::CpuProbeFailed, e.to_string()));
            }
            // The exit code travels in the output: ssh reports a command not found (127) as
            // its own failure, where it means the node has no nvidia-smi.
            let out = engine.exec(t, command, b"").await?;
            let text = String::from_utf8_lossy(&out.stdout).into_owned();
            let (text, rc) = match text.rsplit_once("@@rc ") {
                Some((body, rc)) => (body.to_string(), rc.trim().parse::<i32>().ok()),
                None => (text, None),
            };
            if rc == Some(0) {
                Ok(Inventory::Gpus(gpu::parse_inventory(&text)))
            } else {
                let code = inspect::smi_code(gpu::classify_failure(rc, &text));
                Err(NodeError::new(code, text.lines().next().unwrap_or("").trim().to_string()))
            }
        }
    })
    .await;
    engine.close().await;
    Ok(set
        .targets
        .iter()
        .zip(results)
        .map(|(t, r)| {
            let (gpus, cpu, error) = match r {
                Ok(Inventory::Gpus(g)) => (g, None, None),
                Ok(Inventory::Cpu(c)) => (Vec::new(), Some(c), None),
                Err(e) => (Vec::new(), None, Some(e)),
            };
            NodeGpus {
                node_id: t.node_id.to_string(),
                address: t.address.to_string(),
                gpu_count: gpus.len(),
                memory_total_mib: gpus.iter().filter_map(|g| g.memory_total_mib).sum(),
                gpus,
                cpu,
                error,
            }
        })
        .collect())
}

/// `keys list`: validator keys, the miner key's presence and stale miner keys on every node.
pub async fn keys_list(
    set: &NodeSet,
    config_path: &Path,
    done: &(dyn Fn(&Target) + Sync),
) -> Result<Vec<PerNode<NodeKeys>>, NodesError> {
    let miner = keys::miner_public_key(&set.settings.key_path)?;
    // Keys an interrupted rotation left behind (read only: `keys rotate` cleans them up).
    let stale = Journal::load(config_path)?.stale(&miner);
    let engine = set.engine()?;
    let r = keys::inventory(&engine, &set.targets, &miner, &stale, done).await;
    engine.close().await;
    Ok(r)
}

/// `keys revoke`: finishes an interrupted rotation first, then removes validator keys.
pub async fn keys_revoke(
    set: &NodeSet,
    config_path: &Path,
    which: &Revoke<'_>,
    done: &(dyn Fn(&Target) + Sync),
) -> Result<(Recovery, Vec<PerNode<Revoked>>), NodesError> {
    let recovered = keys::finish_interrupted(config_path, &set.settings, &set.targets).await?;
    let engine = set.engine()?;
    let r = keys::revoke(&engine, &set.targets, which, done).await;
    engine.close().await;
    Ok((recovered, r))
}

/// `keys rotate`: a new miner key everywhere, journalled (see [`keys::rotate`]).
pub async fn keys_rotate(set: &NodeSet, config_path: &Path, now_unix: u64) -> Result<Rotation, NodesError> {
    Ok(keys::rotate(config_path, &set.settings, &set.targets, now_unix).await?)
}

/// The exit status class of this error (see `core::support::exit`).
impl crate::core::support::exit::Classify for NodesError {
    fn exit_class(&self) -> crate::core::support::exit::ExitClass {
        match self {
            NodesError::NoNodes => crate::core::support::exit::ExitClass::Usage,
            NodesError::Registry(e) => e.exit_class(),
            NodesError::Key(e) => e.exit_class(),
            NodesError::Rotate(e) => e.exit_class(),
            NodesError::Engine { .. } | NodesError::Journal(_) => crate::core::support::exit::ExitClass::Failure,
        }
    }
}
