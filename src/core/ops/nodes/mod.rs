//! The node commands' actions: pick nodes from the config, then test them, read their GPUs,
//! list, revoke or rotate keys on them — each opening the SSH engine and closing it after.

use std::path::Path;

use serde::Serialize;

use crate::core::config::LoadedConfig;
use crate::core::identity::sshkey::{self, SshKeyError};
use crate::core::nodes::authorized_keys::Revoke;
use crate::core::nodes::cpu::Machine;
use crate::core::nodes::fleet::{self, Fleet, FleetSettings, Target};
use crate::core::nodes::inspect::{self, NodeReport};
use crate::core::nodes::keys::journal::{Journal, JournalError, Recovery};
use crate::core::nodes::keys::{self, PerNode, Revoked, RotateError, Rotation};
use crate::core::nodes::registry::{self, RegistryError};
use crate::core::nodes::rental;
use crate::core::nodes::validation::{self, Declared, ImagePolicy, PullGate, Pulls, Validation, ValidationSettings};
use crate::core::nodes::way_in;

mod gpus;
pub mod maintenance;
mod removal;
mod rented;
mod reports;
mod trust;
pub use gpus::{node_gpus, GpuReport, NodeGpus};
pub use removal::RemovalPlan;
pub use rented::RentedNode;
use rented::RENTED_FIX;
pub use reports::{KeysReport, NodeTestReport, TestedNode};
pub use trust::{TrustPlan, TrustReport};

pub use crate::core::nodes::fleet::{known_hosts_path, NodeError};

/// Why a command on the nodes could not run or finish.
#[derive(Debug, thiserror::Error)]
pub enum NodesError {
    /// No node is configured.
    #[error("no nodes configured; add them with `basilica-miner node add user@host --rate 2.50`")]
    NoNodes,
    /// The nodes could not be read or picked.
    #[error(transparent)]
    Registry(#[from] RegistryError),
    /// The miner's node key cannot be used.
    #[error("the miner's node key ([ssh_session] miner_node_key_path) is not usable: {0}")]
    Key(#[from] SshKeyError),
    /// The SSH engine's directory could not be prepared.
    #[error("cannot prepare {path}: {source}")]
    Engine {
        /// The directory.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The key journal could not be read or written.
    #[error(transparent)]
    Journal(#[from] JournalError),
    /// A key rotation failed.
    #[error(transparent)]
    Rotate(#[from] RotateError),
    /// A host key could not be fetched or trusted.
    #[error(transparent)]
    HostKey(#[from] crate::core::nodes::hostkeys::HostKeyError),
    /// The configuration could not be edited.
    #[error(transparent)]
    Edit(#[from] crate::core::config::edit::EditError),
    /// The action would touch a node that carries a customer's rental.
    #[error(
        "{action} would disturb a customer's rental, so nothing was changed:\n{}",
        nodes.iter().map(|n| format!("  {n}")).collect::<Vec<_>>().join("\n")
    )]
    Rented {
        /// What was asked (`remove`, `revoke`, …).
        action: String,
        /// The rented nodes and their rentals.
        nodes: Vec<RentedNode>,
    },
}

/// The nodes picked from the config and how to reach them.
pub struct NodeSet {
    settings: FleetSettings,
    /// The picked nodes, in file order.
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

    /// How many nodes were picked.
    pub fn len(&self) -> usize {
        self.targets.len()
    }

    /// Whether no node was picked.
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
        async move {
            let mut report = inspect::test_node(engine, t, machine).await;
            if machine == Machine::CpuOnly {
                report.checks.push(way_in::cpu_rentals_check());
            }
            Ok::<_, NodeError>(report)
        }
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

/// `keys list`: validator keys, the miner key's presence and stale miner keys on every node.
pub async fn keys_list(
    set: &NodeSet,
    config_path: &Path,
    done: &(dyn Fn(&Target) + Sync),
) -> Result<KeysReport, NodesError> {
    let miner = keys::miner_public_key(&set.settings.key_path)?;
    // Keys an interrupted rotation left behind (read only: `keys rotate` cleans them up).
    let stale = Journal::load(config_path)?.stale(&miner);
    let engine = set.engine()?;
    let nodes = keys::inventory(&engine, &set.targets, &miner, &stale, done).await;
    engine.close().await;
    Ok(KeysReport::new(nodes))
}

/// The nodes of `set` that carry a rental, looked at now over SSH (a node that cannot be
/// reached is not listed: nothing can be done to it either).
async fn rented_nodes(set: &NodeSet, engine: &Fleet) -> Vec<RentedNode> {
    looks(set, engine).await.into_iter().filter_map(|(_, node)| node.ok().flatten()).collect()
}

/// Each node of `set` looked at now: its rentals when it carries any, `None` when it carries
/// none, or why it could not be looked at.
pub(super) async fn looks(set: &NodeSet, engine: &Fleet) -> Vec<(uuid::Uuid, Result<Option<RentedNode>, NodeError>)> {
    let machine = |t: &Target| set.declared.get(&t.node_id).map(Declared::machine).unwrap_or_default();
    let looks = rental::look_all(engine, &set.targets, &machine).await;
    set.targets
        .iter()
        .zip(looks)
        .map(|(t, look)| {
            let node = look.map(|view| {
                view.rented().then(|| RentedNode {
                    node_id: t.node_id.to_string(),
                    address: t.address.to_string(),
                    rentals: view.containers,
                    validators: view.validators,
                })
            });
            (t.node_id, node)
        })
        .collect()
}

/// What `keys revoke` did: an interrupted rotation finished first, the keys removed per node,
/// and the rentals it went ahead on with `--force`.
#[derive(Debug, Clone, Serialize)]
pub struct RevokeOutcome {
    /// Every node's keys were edited (a node that could not be reached is not).
    pub ok: bool,
    /// The interrupted rotation finished first, if there was one.
    #[serde(skip)]
    pub recovered: Recovery,
    /// Each node's keys removed, or its error.
    pub nodes: Vec<PerNode<Revoked>>,
    /// Rented nodes whose renting validator's key was removed (only with `force`).
    pub rentals_disturbed: Vec<RentedNode>,
}

/// `keys revoke`: looks for rentals first and refuses ([`NodesError::Rented`], nothing
/// changed) where the keys to remove include one on a rented node, unless `force`; then
/// finishes an interrupted rotation and removes validator keys.
pub async fn keys_revoke(
    set: &NodeSet,
    config_path: &Path,
    which: &Revoke<'_>,
    force: bool,
    done: &(dyn Fn(&Target) + Sync),
) -> Result<RevokeOutcome, NodesError> {
    let engine = set.engine()?;
    let touched: Vec<RentedNode> = rented_nodes(set, &engine)
        .await
        .into_iter()
        .filter(|n| match which {
            Revoke::All => !n.validators.is_empty(),
            Revoke::Hotkey(h) => n.validators.iter().any(|v| v == h),
        })
        .collect();
    if !touched.is_empty() && !force {
        engine.close().await;
        let action = match which {
            Revoke::All => "removing every validator key".to_string(),
            Revoke::Hotkey(h) => format!("removing validator {h}'s key"),
        };
        return Err(NodesError::Rented { action, nodes: touched });
    }
    let recovered = keys::finish_interrupted(config_path, &set.settings, &set.targets).await?;
    let nodes = keys::revoke(&engine, &set.targets, which, done).await;
    engine.close().await;
    let ok = nodes.iter().all(|n| n.error().is_none());
    Ok(RevokeOutcome { ok, recovered, nodes, rentals_disturbed: touched })
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
            NodesError::HostKey(e) => e.exit_class(),
            NodesError::Edit(e) => e.exit_class(),
            NodesError::Engine { .. } | NodesError::Journal(_) => crate::core::support::exit::ExitClass::Failure,
            NodesError::Rented { .. } => crate::core::support::exit::ExitClass::Rented,
        }
    }

    fn fix(&self) -> Option<String> {
        match self {
            NodesError::Rented { .. } => Some(RENTED_FIX.to_string()),
            NodesError::Registry(e) => e.fix(),
            NodesError::Key(e) => e.fix(),
            NodesError::Rotate(e) => e.fix(),
            NodesError::Edit(e) => e.fix(),
            NodesError::HostKey(_) => None,
            NodesError::NoNodes | NodesError::Engine { .. } | NodesError::Journal(_) => None,
        }
    }
}
