//! `bid show` and `bid status`: what generation 2 would advertise now (from a fresh check of
//! every node, nothing sent to any validator), and the bid the daemon last recorded.

/// How a price in cents per GPU-hour is shown, and how an operator's bid endpoint is read: the
/// bidding rules commands render and the wizard checks with.
pub use crate::core::bidding::endpoint::parse_override;
pub use crate::core::bidding::prices::display as price_display;

use std::collections::HashMap;

use serde::Serialize;

use super::nodes::{node_test, node_validate, NodeSet, NodesError};
use crate::core::bidding::{offer, Offer, Prices, Verdicts};
use crate::core::config::LoadedConfig;
use crate::core::daemon::state::store::{BidRecord, ValidationRow};
use crate::core::daemon::view::records::{self, open_existing, DatabaseError};
use crate::core::nodes::cpu::CpuInfo;
use crate::core::nodes::fleet::Target;
use crate::core::nodes::registry;
use crate::core::nodes::state::{NodeState, ValidationOutcome};
use crate::core::nodes::validation::ImagePolicy;

/// What `bid show` prints.
#[derive(Debug, Clone, Serialize)]
pub struct BidPreview {
    /// Bidding is on in the configuration.
    pub enabled: bool,
    /// Where the bid goes: the configured endpoint, or the rule for finding it.
    pub endpoint: String,
    /// What would be advertised, and each node left out with its reason.
    #[serde(flatten)]
    pub offer: Offer,
    /// CPU-only hosts' processors and memory by node id, as the probe read them now.
    #[serde(skip_serializing_if = "HashMap::is_empty")]
    pub cpus: HashMap<uuid::Uuid, CpuInfo>,
    /// Configuration warnings that matter for bidding (shared IPs, host names).
    pub warnings: Vec<String>,
    /// Where the full validations come from: `fresh` (`--full`) or `daemon` (serve's last).
    pub validations: &'static str,
    /// Rented nodes by node id: what was seen of their rentals now (their last validation
    /// stands: the miner validates no rented node).
    #[serde(skip_serializing_if = "HashMap::is_empty")]
    pub rented: HashMap<uuid::Uuid, String>,
}

/// Why `bid show` could not say what would be advertised.
#[derive(Debug, thiserror::Error)]
pub enum BidShowError {
    /// The nodes could not be picked or reached.
    #[error(transparent)]
    Nodes(#[from] NodesError),
    /// The daemon's database could not be read.
    #[error(transparent)]
    Database(#[from] DatabaseError),
}

/// Checks every node as the daemon does and builds the offer from the result. With `full`,
/// the validators' full validation runs now; otherwise serve's last one (from the database)
/// decides, and the validator's recent refusals too.
pub async fn bid_show(
    loaded: &LoadedConfig,
    full: bool,
    stage: &(dyn Fn(&Target, &str) + Sync),
    done: &(dyn Fn(&Target) + Sync),
) -> Result<BidPreview, BidShowError> {
    let c = &loaded.config;
    let set = NodeSet::pick(loaded, &[])?;
    let reports = node_test(&set, done).await?;
    let at = crate::core::support::clock::unix_now();
    let states: HashMap<uuid::Uuid, NodeState> =
        reports.into_iter().map(|r| (r.node_id, NodeState::from_report(r, at))).collect();
    let cpus = states.iter().filter_map(|(id, s)| Some((*id, s.cpu.clone()?))).collect();
    let rented: HashMap<uuid::Uuid, String> =
        states.iter().filter_map(|(id, s)| Some((*id, s.rentals.as_ref().filter(|v| v.rented())?.summary()))).collect();
    let mut validated: HashMap<uuid::Uuid, ValidationOutcome> = if full {
        // A rented node's validation stops before it starts anything and decides nothing.
        node_validate(&set, ImagePolicy::IfMissing, stage, &|_| {})
            .await?
            .iter()
            .filter(|v| v.rented.is_none())
            .map(|v| (v.node_id, ValidationOutcome::from(v)))
            .collect()
    } else {
        HashMap::new()
    };
    if !full || !rented.is_empty() {
        let last = records::validations(loaded);
        let last = if full { last.unwrap_or_default() } else { last? };
        for (id, v) in last.values().filter_map(ValidationRow::outcome) {
            if !full || rented.contains_key(&id) {
                validated.entry(id).or_insert(v);
            }
        }
    }
    let refused = records::refusals(loaded)?;
    let records = registry::list(c);
    let verdicts = Verdicts { validated, refused, rented: rented.keys().copied().collect(), now: at };
    let offer = offer::build(&records, &states, &Prices::from_config(&c.bidding), &verdicts);
    let endpoint = match &c.bidding.validator_endpoint {
        Some(e) => e.clone(),
        None => format!("http://<axon IP of the assigned validator>:{}", c.bid_grpc_port),
    };
    let warnings = offer::host_warnings(records.iter().map(|r| (r.host.as_str(), r.additional_opts.as_deref())))
        .into_iter()
        .map(|(i, _, w)| format!("nodes[{i}]: {w}"))
        .chain(
            records
                .iter()
                .filter(|r| r.gpu_category.as_ref().is_some_and(crate::core::nodes::category::Category::is_cpu))
                .map(|r| {
                    format!(
                        "nodes[{}] ({}): CPU-only host: {}",
                        r.index,
                        r.address(),
                        crate::core::nodes::way_in::cpu_rentals_check().detail
                    )
                }),
        )
        .collect();
    Ok(BidPreview {
        enabled: c.bidding.enabled,
        endpoint,
        offer,
        cpus,
        warnings,
        validations: if full { "fresh" } else { "daemon" },
        rented,
    })
}

/// `bid status --json`: the bid as the daemon last stored it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BidStatusReport {
    /// A bid is in force.
    pub registered: bool,
    /// The last bid, its heartbeat and the nodes the validator refused, as stored.
    #[serde(rename = "registration")]
    pub bid: BidRecord,
}

/// The bid as the daemon last stored it.
pub fn bid_status(loaded: &LoadedConfig) -> Result<BidStatusReport, DatabaseError> {
    let bid = open_existing(loaded)?.bid_record()?;
    Ok(BidStatusReport { registered: bid.is_registered(), bid })
}

/// The exit status class of this error (see `core::support::exit`).
impl crate::core::support::exit::Classify for BidShowError {
    fn exit_class(&self) -> crate::core::support::exit::ExitClass {
        match self {
            BidShowError::Nodes(e) => e.exit_class(),
            BidShowError::Database(e) => e.exit_class(),
        }
    }
}
