//! `bid show` and `bid status`: what generation 2 would advertise now (from a fresh check of
//! every node, nothing sent to any validator), and the registration the daemon last recorded.

use std::collections::HashMap;

use serde::Serialize;

use super::database::{open_existing, DatabaseError};
use super::nodes::{node_test, NodeSet, NodesError};
use crate::core::bidding::{offer, NodeState, Offer, Prices};
use crate::core::config::LoadedConfig;
use crate::core::daemon::store::BidRecord;
use crate::core::nodes::fleet::Target;
use crate::core::nodes::registry;

/// What `bid show` prints.
#[derive(Debug, Clone, Serialize)]
pub struct BidPreview {
    pub enabled: bool,
    /// Where the registration goes: the configured endpoint, or the rule for finding it.
    pub endpoint: String,
    #[serde(flatten)]
    pub offer: Offer,
    /// Configuration warnings that matter for bidding (shared IPs, host names).
    pub warnings: Vec<String>,
}

/// Checks every node as the daemon does and builds the offer from the result.
pub async fn bid_show(loaded: &LoadedConfig, done: &(dyn Fn(&Target) + Sync)) -> Result<BidPreview, NodesError> {
    let c = &loaded.config;
    let set = NodeSet::pick(loaded, &[])?;
    let reports = node_test(&set, done).await?;
    let at = crate::core::support::clock::unix_now();
    let states: HashMap<uuid::Uuid, NodeState> = reports
        .into_iter()
        .map(|r| {
            let problem = r.first_failure();
            (r.node_id, NodeState { ok: r.ok, problem, gpus: r.gpus, checked_at: at })
        })
        .collect();
    let records = registry::list(c);
    let offer = offer::build(&records, &states, &Prices::from_config(&c.bidding));
    let endpoint = match &c.bidding.validator_endpoint {
        Some(e) => e.clone(),
        None => format!("http://<axon IP of the assigned validator>:{}", c.bid_grpc_port),
    };
    let warnings = offer::host_warnings(records.iter().map(|r| r.host.as_str())).into_iter().map(|(i, w)| format!("nodes[{i}]: {w}")).collect();
    Ok(BidPreview { enabled: c.bidding.enabled, endpoint, offer, warnings })
}

/// The registration as the daemon last stored it.
pub fn bid_status(loaded: &LoadedConfig) -> Result<BidRecord, DatabaseError> {
    Ok(open_existing(loaded)?.bid_record()?)
}
