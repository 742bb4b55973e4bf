//! `node trust`: a node's new host key, read and shown first, then recorded in the miner's
//! known_hosts under the config's edit lock.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{known_hosts_path, NodesError};
use crate::core::config::LoadedConfig;
use crate::core::nodes::hostkeys::{self, HostKey};
use crate::core::nodes::node::NodeAddress;
use crate::core::nodes::registry;

/// The key a node presents now, to be shown to the operator before it is trusted.
#[derive(Debug, Clone)]
pub struct TrustPlan {
    /// The node's id.
    pub node_id: String,
    /// Where the node is reached.
    pub address: NodeAddress,
    /// The key it presents now.
    pub key: HostKey,
    known_hosts: PathBuf,
}

/// `node trust --json`: the key now recorded for the node.
#[derive(Debug, Clone, Serialize)]
pub struct TrustReport {
    /// The node's id.
    pub node_id: String,
    /// `user@host:port`.
    pub address: String,
    /// The key now trusted.
    pub host_key: HostKey,
    /// The file the key was written to.
    pub known_hosts: PathBuf,
}

impl TrustPlan {
    /// Reads the host key of the node `selector` names (nothing is written).
    pub fn read(loaded: &LoadedConfig, selector: &str) -> Result<TrustPlan, NodesError> {
        let records = registry::list(&loaded.config);
        let record = registry::find(&records, selector)?;
        let address = record.address();
        let key = hostkeys::scan(&address, loaded.config.node_management.health_check_timeout)?;
        Ok(TrustPlan { node_id: record.node_id.to_string(), address, key, known_hosts: known_hosts_path(loaded) })
    }

    /// Replaces every key recorded for the node with this one, holding the edit lock of the
    /// config at `config_path` (the miner's other edits of its files wait).
    pub fn execute(self, config_path: &Path) -> Result<TrustReport, NodesError> {
        let _lock = crate::core::config::edit::lock(config_path)?;
        hostkeys::replace(&self.known_hosts, &self.address, &self.key)?;
        Ok(TrustReport {
            node_id: self.node_id,
            address: self.address.to_string(),
            host_key: self.key,
            known_hosts: self.known_hosts,
        })
    }
}
