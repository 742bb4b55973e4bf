//! Where the fleet's nodes are and how it reaches them: the engine's settings and its targets.

use std::path::PathBuf;
use std::time::Duration;

use uuid::Uuid;

use super::DEFAULT_PARALLEL_CONNECTS;
use crate::core::config::LoadedConfig;
use crate::core::nodes::node::NodeAddress;
use crate::core::nodes::registry::NodeRecord;

/// How the fleet reaches its nodes.
#[derive(Debug, Clone)]
pub struct FleetSettings {
    /// The miner's private key for its nodes.
    pub key_path: PathBuf,
    /// The miner's own known_hosts file (next to the database).
    pub known_hosts: PathBuf,
    /// How long a connection may take.
    pub connect_timeout: Duration,
    /// How long one command may take.
    pub command_timeout: Duration,
    /// Connections opened at once at the start (the limit adapts).
    pub parallel_connects: usize,
}

impl FleetSettings {
    /// From `[ssh_session]`, `[node_management] health_check_timeout` and the database location.
    pub fn from_config(loaded: &LoadedConfig) -> FleetSettings {
        let c = &loaded.config;
        let timeout = Duration::from_secs(c.node_management.health_check_timeout.max(1));
        FleetSettings {
            key_path: loaded.resolve_path(&c.ssh_session.miner_node_key_path),
            known_hosts: known_hosts_path(loaded),
            connect_timeout: timeout,
            command_timeout: timeout,
            parallel_connects: DEFAULT_PARALLEL_CONNECTS,
        }
    }
}

/// `known_hosts` beside the database file (or beside miner.toml for an in-memory database).
pub fn known_hosts_path(loaded: &LoadedConfig) -> PathBuf {
    loaded.paths().known_hosts
}

/// One node the fleet can reach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The node's id.
    pub node_id: Uuid,
    /// Where to log in.
    pub address: NodeAddress,
    /// The node's extra ssh options.
    pub additional_opts: Option<String>,
}

impl From<&NodeRecord> for Target {
    fn from(r: &NodeRecord) -> Target {
        Target { node_id: r.node_id, address: r.address(), additional_opts: r.additional_opts.clone() }
    }
}
