//! The node registry in `miner.toml`: list, add and remove GPU nodes, with duplicate and
//! ambiguity checks, editing the file atomically with its comments intact.

use std::path::Path;

use serde::Serialize;
use uuid::Uuid;

use crate::core::config::edit::{self, ConfigDocument, EditError};
use crate::core::config::{self, ConfigError, MinerConfig, NodeEntry};
use crate::core::nodes::declared::{self, DeclarationError};
use crate::core::nodes::gpu::Category;
use crate::core::nodes::node::{self, NodeAddress, NodeSpecError};

/// A configured node with its derived identity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeRecord {
    /// Derived from `user@host:port`, so it survives edits of anything else.
    pub node_id: Uuid,
    /// Position in `[node_management] nodes`.
    #[serde(skip)]
    pub index: usize,
    /// The SSH user.
    pub username: String,
    /// DNS name or IP address.
    pub host: String,
    /// The SSH port.
    pub port: u16,
    /// Dollars per GPU-hour; `None` takes the static price of the node's GPU category.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hourly_rate_per_gpu: Option<f64>,
    /// Extra ssh options handed to validators.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_opts: Option<String>,
    /// The declared GPU category (`gpu_category`, read as validators read it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gpu_category: Option<Category>,
    /// The declared GPU count.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gpu_count: Option<u32>,
    /// A second disk validators may mount into rentals.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra_mount_path: Option<String>,
    /// Out of the offer for maintenance (`node cordon`).
    pub cordoned: bool,
}

impl NodeRecord {
    /// `user@host:port` of the node.
    pub fn address(&self) -> NodeAddress {
        NodeAddress { username: self.username.clone(), host: self.host.clone(), port: self.port }
    }
}

/// Why the node list could not be read or changed.
#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    /// The configuration could not be loaded.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The configuration could not be edited.
    #[error(transparent)]
    Edit(#[from] EditError),
    /// A node is not `user@host[:port]`, or its rate or options are invalid.
    #[error(transparent)]
    Spec(#[from] NodeSpecError),
    /// A GPU declaration is invalid.
    #[error(transparent)]
    Declaration(#[from] DeclarationError),
    /// The node's `host:port` is configured already.
    #[error("{new} is already configured as {existing} (node {node_id}); one host:port is one machine. Remove it first with `basilica-miner node remove {node_id}`")]
    Duplicate {
        /// The node as given.
        new: String,
        /// The configured node at that `host:port`.
        existing: String,
        /// The configured node's id.
        node_id: Uuid,
    },
    /// No node matches the selector.
    #[error("no node matches `{selector}`; configured nodes: {known}. See `basilica-miner node list`")]
    NotFound {
        /// What was given.
        selector: String,
        /// The configured nodes, listed.
        known: String,
    },
    /// More than one node matches the selector.
    #[error("`{selector}` matches {} nodes: {}; give a node id or user@host:port", .candidates.len(), .candidates.join(", "))]
    Ambiguous {
        /// What was given.
        selector: String,
        /// The nodes it matches.
        candidates: Vec<String>,
    },
    /// The node has no rate and its category no static price.
    #[error("no price for the node: without --rate it takes the price of its GPU category from [bidding.strategy.static.static_prices], which is empty")]
    NoPrice,
}

/// Every configured node, in file order, with default user applied.
pub fn list(config: &MinerConfig) -> Vec<NodeRecord> {
    let default_user = &config.ssh_session.default_node_username;
    config
        .node_management
        .nodes
        .iter()
        .enumerate()
        .map(|(index, n)| {
            let username = n.username.clone().unwrap_or_else(|| default_user.clone());
            NodeRecord {
                node_id: node::node_id(&username, &n.host, n.port),
                index,
                username,
                host: n.host.clone(),
                port: n.port,
                hourly_rate_per_gpu: n.hourly_rate_per_gpu,
                additional_opts: n.additional_opts.clone(),
                gpu_category: n.gpu_category.as_deref().and_then(Category::parse),
                gpu_count: n.gpu_count,
                extra_mount_path: n.extra_mount_path.clone().filter(|p| !p.is_empty()),
                cordoned: n.cordoned,
            }
        })
        .collect()
}

/// A node to add: `user@host[:port]`, rate and optional ssh options, as typed.
#[derive(Debug, Clone)]
pub struct NewNode<'a> {
    /// `user@host[:port]` as typed.
    pub spec: &'a str,
    /// Dollars per GPU-hour; `None` for the static price of the node's GPU category.
    pub rate: Option<f64>,
    /// Extra ssh options for validators.
    pub additional_opts: Option<&'a str>,
    /// Declared to generation-2 validators; checked against nvidia-smi before it is sent.
    pub gpu_category: Option<&'a str>,
    /// Declared to generation-2 validators; must equal what nvidia-smi finds.
    pub gpu_count: Option<u32>,
    /// A second disk validators may mount into rentals.
    pub extra_mount_path: Option<&'a str>,
}

/// Checks a new node against the configured ones and returns its entry and record.
pub fn prepare(config: &MinerConfig, new: &NewNode<'_>) -> Result<(NodeEntry, NodeRecord), RegistryError> {
    let default_user = config.ssh_session.default_node_username.as_str();
    let addr = NodeAddress::parse(new.spec, Some(default_user))?;
    if let Some(rate) = new.rate {
        node::check_rate(rate)?;
    }
    if let Some(o) = new.additional_opts {
        node::check_opts(o)?;
    }
    let category = new.gpu_category.map(declared::parse_category).transpose()?;
    declared::check_count(category.as_ref(), new.gpu_count)?;
    if let Some(p) = new.extra_mount_path {
        declared::check_mount_path(p)?;
    }
    let existing = list(config);
    if let Some(other) = existing.iter().find(|r| r.address().same_machine(&addr)) {
        return Err(RegistryError::Duplicate {
            new: addr.to_string(),
            existing: other.address().to_string(),
            node_id: other.node_id,
        });
    }
    let entry = NodeEntry {
        host: addr.host.clone(),
        port: addr.port,
        username: Some(addr.username.clone()),
        hourly_rate_per_gpu: new.rate,
        additional_opts: new.additional_opts.map(str::to_string),
        gpu_category: category.as_ref().map(|c| c.as_str().to_string()),
        gpu_count: new.gpu_count,
        extra_mount_path: new.extra_mount_path.filter(|p| !p.is_empty()).map(str::to_string),
        cordoned: false,
    };
    let record = NodeRecord {
        node_id: addr.node_id(),
        index: existing.len(),
        username: addr.username,
        host: addr.host,
        port: addr.port,
        hourly_rate_per_gpu: new.rate,
        additional_opts: entry.additional_opts.clone(),
        gpu_category: category,
        gpu_count: new.gpu_count,
        extra_mount_path: entry.extra_mount_path.clone(),
        cordoned: false,
    };
    Ok((entry, record))
}

/// Adds nodes to the config file at `path` in one atomic write: all or none.
pub fn add(path: &Path, nodes: &[NewNode<'_>]) -> Result<Vec<NodeRecord>, RegistryError> {
    // Read inside the lock: a concurrent `node add` cannot slip in between read and write.
    let _lock = edit::lock(path)?;
    let loaded = config::load(path, std::iter::empty())?;
    let mut config = loaded.config;
    if nodes.iter().any(|n| n.rate.is_none()) && config.bidding.strategy.fixed.static_prices.is_empty() {
        return Err(RegistryError::NoPrice);
    }
    let mut doc = ConfigDocument::open(path)?;
    let mut added = Vec::new();
    for new in nodes {
        let (entry, record) = prepare(&config, new)?;
        doc.add_node(&entry)?;
        config.node_management.nodes.push(entry);
        added.push(record);
    }
    doc.save()?;
    Ok(added)
}

/// Finds the one node a selector names: a node id (or a unique prefix of at least 8
/// characters), `user@host:port`, `host:port` or `host`.
pub fn find<'a>(records: &'a [NodeRecord], selector: &str) -> Result<&'a NodeRecord, RegistryError> {
    let sel = selector.trim();
    // `[::1]` is how an IPv6 host is written beside a port; alone it is the host.
    let bare_host = sel.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(sel);
    let lower = sel.to_ascii_lowercase();
    let matches: Vec<&NodeRecord> = records
        .iter()
        .filter(|r| {
            let id = r.node_id.to_string();
            let host_port = if r.host.contains(':') {
                format!("[{}]:{}", r.host, r.port)
            } else {
                format!("{}:{}", r.host, r.port)
            };
            id == lower
                || (lower.len() >= 8 && id.starts_with(&lower))
                || r.address().to_string().eq_ignore_ascii_case(sel)
                || host_port.eq_ignore_ascii_case(sel)
                || r.host.eq_ignore_ascii_case(bare_host)
        })
        .collect();
    match matches.as_slice() {
        [one] => Ok(one),
        [] => Err(RegistryError::NotFound {
            selector: sel.to_string(),
            known: if records.is_empty() {
                "none".into()
            } else {
                records.iter().map(|r| r.address().to_string()).collect::<Vec<_>>().join(", ")
            },
        }),
        many => Err(RegistryError::Ambiguous {
            selector: sel.to_string(),
            candidates: many.iter().map(|r| format!("{} ({})", r.address(), r.node_id)).collect(),
        }),
    }
}

/// Removes the nodes named by `selectors` from the config file in one atomic write.
pub fn remove(path: &Path, selectors: &[&str]) -> Result<Vec<NodeRecord>, RegistryError> {
    let _lock = edit::lock(path)?;
    let loaded = config::load(path, std::iter::empty())?;
    let records = list(&loaded.config);
    let mut removed: Vec<NodeRecord> = Vec::new();
    for sel in selectors {
        let r = find(&records, sel)?;
        if !removed.iter().any(|x| x.index == r.index) {
            removed.push(r.clone());
        }
    }
    let mut doc = ConfigDocument::open(path)?;
    doc.remove_nodes(&removed.iter().map(|r| r.index).collect::<Vec<_>>())?;
    doc.save()?;
    Ok(removed)
}

/// Cordons (`on`) or uncordons the nodes named by `selectors` in one atomic write, finding
/// them inside the edit lock; returns each node as it is now and whether it changed.
pub fn set_cordoned(
    path: &Path,
    selectors: &[&str],
    on: bool,
    now: i64,
) -> Result<Vec<(NodeRecord, bool)>, RegistryError> {
    let _lock = edit::lock(path)?;
    let loaded = config::load(path, std::iter::empty())?;
    let records = list(&loaded.config);
    let mut picked: Vec<NodeRecord> = Vec::new();
    for sel in selectors {
        let r = find(&records, sel)?;
        if !picked.iter().any(|x| x.index == r.index) {
            picked.push(r.clone());
        }
    }
    let note = format!(
        "cordoned by `basilica-miner node cordon` at {}: out of the offer, rentals left alone; `basilica-miner node uncordon {}` brings it back",
        crate::core::support::clock::rfc3339(now),
        "{node}"
    );
    let mut doc = ConfigDocument::open(path)?;
    let mut out = Vec::new();
    for mut r in picked {
        let changed = r.cordoned != on;
        if changed {
            doc.set_cordoned(r.index, on, &note.replace("{node}", &r.address().to_string()))?;
            r.cordoned = on;
        }
        out.push((r, changed));
    }
    if out.iter().any(|(_, c)| *c) {
        doc.save()?;
    }
    Ok(out)
}

/// The exit status class of this error (see `core::support::exit`).
impl crate::core::support::exit::Classify for RegistryError {
    fn exit_class(&self) -> crate::core::support::exit::ExitClass {
        match self {
            RegistryError::Edit(e) => e.exit_class(),
            RegistryError::Config(_)
            | RegistryError::Spec(_)
            | RegistryError::Declaration(_)
            | RegistryError::Duplicate { .. }
            | RegistryError::NotFound { .. }
            | RegistryError::Ambiguous { .. }
            | RegistryError::NoPrice => crate::core::support::exit::ExitClass::Usage,
        }
    }

    fn fix(&self) -> Option<String> {
        match self {
            RegistryError::Edit(e) => e.fix(),
            RegistryError::NoPrice => {
                Some("give the price with --rate DOLLARS (per GPU-hour, e.g. --rate 2.50)".into())
            }
            _ => None,
        }
    }
}

/// `n` nodes `u@10.0.0.1:22`, `u@10.0.0.2:22`, … priced at $1, for tests of what keeps
/// per-node facts.
#[cfg(test)]
pub(crate) fn sample(n: u8) -> Vec<NodeRecord> {
    let mut c = MinerConfig::default();
    for i in 0..n {
        c.node_management.nodes.push(test_entry(&format!("10.0.0.{}", u16::from(i) + 1), 22, "u"));
    }
    list(&c)
}

/// A node `user@host:port` priced at $1, nothing else declared, for tests.
#[cfg(test)]
fn test_entry(host: &str, port: u16, user: &str) -> NodeEntry {
    NodeEntry {
        host: host.to_string(),
        port,
        username: Some(user.to_string()),
        hourly_rate_per_gpu: Some(1.0),
        additional_opts: None,
        gpu_category: None,
        gpu_count: None,
        extra_mount_path: None,
        cordoned: false,
    }
}

#[cfg(test)]
mod tests;
