//! `status`: "is my miner earning?" answered from what the running daemon already knows (its
//! pid file, its gRPC health and metrics endpoints, and its database), without opening any SSH
//! connection: the daemon, the chain, the assigned validator, the generation-2 bid,
//! generation-1 validator activity, every node, the GPU time offered, and what needs attention
//! first with its fix.

mod attention;
mod parts;

use std::time::Duration;

use serde::Serialize;

pub use crate::core::daemon::view::NodeHealth;
pub use attention::{Attention, Urgency};
pub use parts::{BidPart, ChainPart, DaemonPart, LongestRental, NodeStatus, Offered, RentalsPart, ValidatorPart};

use crate::core::config::LoadedConfig;
use crate::core::daemon::state::store::ActivitySummary;
use crate::core::daemon::view::scrape;
use crate::core::support::clock::unix_now;
use crate::core::support::exit::ExitClass;

/// How long `status` waits for each of the daemon's endpoints.
const ENDPOINT_WAIT: Duration = Duration::from_secs(2);

/// Everything `status` shows.
#[derive(Debug, Clone, Serialize)]
pub struct StatusReport {
    /// Unix time of this report.
    pub at: i64,
    /// The configuration file shown.
    pub config: String,
    /// Whether `serve` runs for this file, its health answer and build (pid file, endpoints).
    pub daemon: DaemonPart,
    /// The network and subnet, and how old the daemon's metagraph is (from its metrics).
    pub chain: ChainPart,
    /// The validator the nodes are assigned to, by the configured rule and as recorded.
    pub validator: ValidatorPart,
    /// The generation-2 bid (`registration` in JSON, its name before the glossary).
    #[serde(rename = "registration")]
    pub bid: BidPart,
    /// Generation-1 validator activity in the last hour.
    pub sessions_last_hour: ActivitySummary,
    /// Each configured node, in the file's order, from the daemon's records.
    pub nodes: Vec<NodeStatus>,
    /// Which nodes are rented now, of those advertised.
    pub rentals: RentalsPart,
    /// GPU time the healthy nodes offered in the last 24 hours, at their prices.
    pub offered_24h: Offered,
    /// What needs the operator, most urgent first; empty when all is well.
    pub attention: Vec<Attention>,
    /// Why a part could not be read (the database, the metrics endpoint), if any.
    pub unreadable: Vec<String>,
    /// `[ssh_session] default_node_username`: a narrow screen leaves it out of addresses.
    #[serde(skip)]
    pub default_username: String,
}

impl StatusReport {
    /// `None` when all is well; `Unreachable` when no daemon runs or answers; else `Failure`
    /// (something needs attention).
    pub fn exit_class(&self) -> Option<ExitClass> {
        if !self.daemon.serving() {
            Some(ExitClass::Unreachable)
        } else if self.attention.is_empty() {
            None
        } else {
            Some(ExitClass::Failure)
        }
    }
}

/// Only the daemon part: whether `serve` runs for `loaded` and what its gRPC health answers
/// (what a container health check needs; nothing else is read).
pub async fn daemon_only(loaded: &LoadedConfig) -> DaemonPart {
    parts::daemon(loaded, ENDPOINT_WAIT).await
}

impl DaemonPart {
    /// Runs and answers SERVING.
    pub fn serving(&self) -> bool {
        self.running && self.health.as_deref() == Some("Serving")
    }
}

/// Gathers the status of the daemon serving `loaded`. Never fails: a part that cannot be read
/// is said so in `unreadable` and in the attention list.
pub async fn status(loaded: &LoadedConfig) -> StatusReport {
    let at = unix_now();
    let mut unreadable = Vec::new();
    let daemon = parts::daemon(loaded, ENDPOINT_WAIT).await;
    let samples = match (&daemon.metrics_url, daemon.running) {
        (Some(url), true) => match scrape::fetch(url, ENDPOINT_WAIT).await {
            Ok(text) => Some(scrape::Samples::parse(&text)),
            Err(e) => {
                unreadable.push(format!("metrics: {e}"));
                None
            }
        },
        _ => None,
    };
    let daemon = parts::with_build(daemon, samples.as_ref());
    let db = parts::Records::read(loaded, at).unwrap_or_else(|e| {
        unreadable.push(format!("database: {e}"));
        parts::Records::default()
    });
    let chain = parts::chain(loaded, samples.as_ref(), at);
    let validator = parts::validator(loaded, &db, samples.as_ref());
    let bid = parts::bid(loaded, &db);
    let nodes = parts::nodes(loaded, &db, at);
    let offered_24h = Offered::sum(&nodes);
    let rentals = RentalsPart::of(&nodes, &db.bid, at);
    let mut s = StatusReport {
        at,
        config: loaded.path.display().to_string(),
        daemon,
        chain,
        validator,
        bid,
        sessions_last_hour: db.activity.clone(),
        nodes,
        rentals,
        offered_24h,
        attention: Vec::new(),
        unreadable,
        default_username: loaded.config.ssh_session.default_node_username.clone(),
    };
    s.attention = attention::collect(&s, loaded);
    s
}

#[cfg(test)]
mod tests;
