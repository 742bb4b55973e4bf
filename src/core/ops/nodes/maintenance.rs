//! Maintenance without breaking a rental: `node cordon` takes nodes out of the offer (the flag
//! lives in `miner.toml`, written under the edit lock, and a running `serve` is asked to
//! reload), `node uncordon` puts them back, and `node drain --wait` follows their rentals
//! until none runs: from what a running `serve` records each health round, or over SSH when
//! no daemon runs. Nothing here touches a rental, its container or its validator's key.

use std::time::{Duration, Instant};

use serde::Serialize;

use super::{looks, NodeSet, NodesError};
use crate::core::config::LoadedConfig;
use crate::core::daemon::pidfile;
use crate::core::nodes::registry;
use crate::core::nodes::rental::RentalContainer;
use crate::core::support::clock::unix_now;

/// What `node cordon` / `node uncordon` did.
#[derive(Debug, Clone, Serialize)]
pub struct CordonReport {
    /// The state the nodes were put in.
    pub cordoned: bool,
    /// Each node named, as it is now.
    pub nodes: Vec<CordonedNode>,
    /// The pid of the running `serve` asked to reload, if one runs for this file.
    pub reloaded_pid: Option<u32>,
    /// Why a running `serve` could not be asked to reload (it applies the change at its next
    /// reload).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reload_error: Option<String>,
}

/// One node of a cordon or uncordon.
#[derive(Debug, Clone, Serialize)]
pub struct CordonedNode {
    /// The node's id.
    pub node_id: String,
    /// `user@host:port`.
    pub address: String,
    /// Whether this call changed it (false: it was in that state already).
    pub changed: bool,
}

/// Cordons (`on`) or uncordons the nodes `selectors` name, then asks a running `serve` to
/// reload so that it applies the change now.
pub fn set_cordoned(loaded: &LoadedConfig, selectors: &[String], on: bool) -> Result<CordonReport, NodesError> {
    let sel: Vec<&str> = selectors.iter().map(String::as_str).collect();
    let changed = registry::set_cordoned(&loaded.path, &sel, on, unix_now())?;
    let nodes = changed
        .into_iter()
        .map(|(r, changed)| CordonedNode { node_id: r.node_id.to_string(), address: r.address().to_string(), changed })
        .collect();
    let (reloaded_pid, reload_error) = match pidfile::running_for(loaded) {
        None => (None, None),
        Some(d) => match pidfile::signal_reload(&d) {
            Ok(()) => (Some(d.pid), None),
            Err(e) => (
                None,
                Some(format!("could not signal serve (pid {}): {e}; run `systemctl reload basilica-miner`", d.pid)),
            ),
        },
    };
    Ok(CordonReport { cordoned: on, nodes, reloaded_pid, reload_error })
}

/// Where `node drain` read the rentals from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RentalSource {
    /// What the running `serve` recorded at its last health round.
    Daemon,
    /// Looked at over SSH by this command (no daemon runs).
    Ssh,
}

/// One drained node and what still runs there.
#[derive(Debug, Clone, Serialize)]
pub struct DrainedNode {
    /// The node's id.
    pub node_id: String,
    /// `user@host:port`.
    pub address: String,
    /// No rental runs there: it is safe to stop.
    pub free: bool,
    /// The rentals still running (empty when free).
    pub rentals: Vec<RentalContainer>,
    /// The validators whose keys are on the node while a rental runs (the renter among them).
    pub validators: Vec<String>,
    /// The node could not be looked at (over SSH): its state is not known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// What `node drain` found, at the end of its wait (or at once without `--wait`).
#[derive(Debug, Clone, Serialize)]
pub struct DrainReport {
    /// Every node named is free.
    pub ok: bool,
    /// The wait ended by its timeout while a rental still ran.
    pub timed_out: bool,
    /// Seconds waited.
    pub waited_secs: u64,
    /// Where the rentals were read from.
    pub source: RentalSource,
    /// The cordon done first.
    pub cordon: CordonReport,
    /// Each node, as last seen.
    pub nodes: Vec<DrainedNode>,
}

/// How often a drain looks again: the daemon's records are cheap to read, a look over SSH is a
/// login per node.
const POLL_DAEMON: Duration = Duration::from_secs(2);
const POLL_SSH: Duration = Duration::from_secs(10);

/// Cordons the nodes, then (with `wait`) follows their rentals until every node is free or
/// `timeout` passes; `progress` hears each look.
pub async fn drain(
    loaded: &LoadedConfig,
    selectors: &[String],
    wait: Option<Duration>,
    progress: &(dyn Fn(&[DrainedNode]) + Sync),
) -> Result<DrainReport, NodesError> {
    let cordon = set_cordoned(loaded, selectors, true)?;
    let set = NodeSet::pick(loaded, selectors)?;
    let source = if pidfile::running_for(loaded).is_some() { RentalSource::Daemon } else { RentalSource::Ssh };
    let engine = match source {
        RentalSource::Ssh => Some(set.engine()?),
        RentalSource::Daemon => None,
    };
    let started = Instant::now();
    let mut nodes;
    loop {
        nodes = match &engine {
            Some(e) => over_ssh(&set, e).await,
            None => from_daemon(loaded, &set),
        };
        progress(&nodes);
        let free = nodes.iter().all(|n| n.free);
        let out_of_time = wait.is_none_or(|w| started.elapsed() >= w);
        if free || out_of_time {
            break;
        }
        let poll = if source == RentalSource::Daemon { POLL_DAEMON } else { POLL_SSH };
        let left = wait.unwrap_or_default().saturating_sub(started.elapsed());
        tokio::time::sleep(poll.min(left)).await;
    }
    if let Some(e) = engine {
        e.close().await;
    }
    let ok = nodes.iter().all(|n| n.free);
    Ok(DrainReport {
        ok,
        timed_out: !ok && wait.is_some(),
        waited_secs: started.elapsed().as_secs(),
        source,
        cordon,
        nodes,
    })
}

/// The rentals a running `serve` recorded for the picked nodes.
fn from_daemon(loaded: &LoadedConfig, set: &NodeSet) -> Vec<DrainedNode> {
    let (recorded, error) = match crate::core::daemon::view::records::rentals(loaded) {
        Ok(r) => (r, None),
        Err(e) => (std::collections::HashMap::new(), Some(e.to_string())),
    };
    set.targets
        .iter()
        .map(|r| {
            let rows = recorded.get(&r.node_id.to_string()).cloned().unwrap_or_default();
            DrainedNode {
                node_id: r.node_id.to_string(),
                address: r.address.to_string(),
                free: rows.is_empty() && error.is_none(),
                rentals: rows.iter().map(|row| RentalContainer::recorded(&row.rental)).collect(),
                validators: rows.iter().flat_map(|row| row.rental.validators.clone()).collect(),
                error: error.clone(),
            }
        })
        .collect()
}

/// The picked nodes' rentals, looked at over SSH now.
async fn over_ssh(set: &NodeSet, engine: &crate::core::nodes::fleet::Fleet) -> Vec<DrainedNode> {
    let seen = looks(set, engine).await;
    set.targets
        .iter()
        .zip(seen)
        .map(|(r, (_, found))| {
            let (rentals, validators, error) = match found {
                Ok(Some(rented)) => (rented.rentals, rented.validators, None),
                Ok(None) => (Vec::new(), Vec::new(), None),
                Err(e) => (Vec::new(), Vec::new(), Some(e.message)),
            };
            DrainedNode {
                node_id: r.node_id.to_string(),
                address: r.address.to_string(),
                free: rentals.is_empty() && error.is_none(),
                rentals,
                validators,
                error,
            }
        })
        .collect()
}
