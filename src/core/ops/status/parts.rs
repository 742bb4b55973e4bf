//! The parts of `status`, each read from the daemon's pid file, endpoints or database.

use crate::core::daemon::metrics::names::{self, exposed, exposed_counter};
use crate::core::nodes::fleet::Code;
use crate::core::nodes::state::uptime_streak_secs;
use std::time::Duration;

use serde::Serialize;

use crate::core::bidding::RefusedNode;
use crate::core::config::{AssignmentStrategy, LoadedConfig};
use crate::core::daemon::state::store::{BidRecord, OfferedTotal};
pub(super) use crate::core::daemon::view::records::Records;
use crate::core::daemon::view::scrape::Samples;
use crate::core::daemon::view::{place, NodeHealth};
use crate::core::nodes::node::rate_cents;
use crate::core::nodes::registry;
use crate::core::nodes::rental::Rental;

/// The daemon: running or not, its health answer and build.
#[derive(Debug, Clone, Serialize)]
pub struct DaemonPart {
    /// Whether a `serve` holds this configuration's pid file.
    pub running: bool,
    /// Its process id, when running.
    pub pid: Option<u32>,
    /// Unix time the daemon started.
    pub up_since: Option<i64>,
    /// Where validators reach it (as this machine reaches it).
    pub endpoint: Option<String>,
    /// grpc.health.v1's answer (`Serving`), when there was one.
    pub health: Option<String>,
    /// Why there was no health answer.
    pub health_error: Option<String>,
    /// Where its metrics are scraped, when metrics are on.
    pub metrics_url: Option<String>,
    /// The running daemon's version and commit (from its metrics).
    pub version: Option<String>,
    /// The running daemon's commit (from its metrics).
    pub git_sha: Option<String>,
    /// This binary's version.
    pub this_version: String,
}

pub(super) async fn daemon(loaded: &LoadedConfig, within: Duration) -> DaemonPart {
    let running = place::running(loaded);
    let mut part = DaemonPart {
        running: running.is_some(),
        pid: running.as_ref().map(|r| r.pid),
        up_since: None,
        endpoint: None,
        health: None,
        health_error: None,
        metrics_url: place::metrics_url(loaded),
        version: None,
        git_sha: None,
        this_version: env!("CARGO_PKG_VERSION").to_string(),
    };
    if running.is_none() {
        return part;
    }
    // The pid file is written when the daemon starts: its age until the metrics say better.
    part.up_since = place::started_at(loaded);
    match place::grpc_endpoint(loaded) {
        Ok(endpoint) => {
            match place::health(&endpoint, within).await {
                Ok(s) => part.health = Some(s),
                Err(e) => part.health_error = Some(e),
            }
            part.endpoint = Some(endpoint);
        }
        Err(e) => part.health_error = Some(e),
    }
    part
}

/// The daemon's build and start time, from its metrics.
pub(super) fn with_build(mut part: DaemonPart, samples: Option<&Samples>) -> DaemonPart {
    let Some(samples) = samples else { return part };
    if let Some(build) = samples.all(&exposed(names::BUILD_INFO)).next() {
        part.version = build.label("version").map(str::to_string);
        part.git_sha = build.label("git_sha").map(str::to_string);
    }
    if let Some(start) = samples.value(&exposed(names::START_TIME_SECONDS)).filter(|t| *t > 0.0) {
        part.up_since = Some(start as i64);
    }
    part
}

/// The chain the miner follows and how fresh its metagraph is.
#[derive(Debug, Clone, Serialize)]
pub struct ChainPart {
    /// `finney`, `test` or `local`.
    pub network: String,
    /// The chain endpoint in use.
    pub endpoint: String,
    /// True while the daemon follows the chain, false when it runs `--offline`; unknown
    /// without its metrics.
    pub online: Option<bool>,
    /// Unix time of the metagraph in use, and its age.
    pub metagraph_at: Option<i64>,
    /// Seconds since the metagraph in use was fetched.
    pub metagraph_age_secs: Option<i64>,
    /// Seconds between metagraph refreshes.
    pub refresh_secs: u64,
    /// Metagraph refreshes that failed since the daemon started.
    pub refresh_failures: Option<u64>,
}

pub(super) fn chain(loaded: &LoadedConfig, samples: Option<&Samples>, now: i64) -> ChainPart {
    let b = &loaded.config.bittensor;
    let at = samples.and_then(|s| s.value(&exposed(names::METAGRAPH_TIMESTAMP_SECONDS))).map(|v| v as i64);
    let metagraph_at = at.filter(|t| *t > 0);
    ChainPart {
        network: b.network.as_str().to_string(),
        endpoint: b.effective_endpoint().to_string(),
        online: samples.and_then(|s| s.value(&exposed(names::CHAIN_ONLINE))).map(|v| v > 0.0),
        metagraph_at,
        metagraph_age_secs: metagraph_at.map(|t| (now - t).max(0)),
        refresh_secs: b.metagraph_refresh().as_secs(),
        refresh_failures: samples
            .and_then(|s| s.value(&exposed_counter(names::METAGRAPH_REFRESH_FAILURES)))
            .map(|v| v as u64),
    }
}

/// The validator holding the nodes.
#[derive(Debug, Clone, Serialize)]
pub struct ValidatorPart {
    /// `highest_stake` or `fixed_assignment`.
    pub strategy: &'static str,
    /// The validator holding the nodes now.
    pub hotkey: Option<String>,
    /// Since when (from the database).
    pub since: Option<i64>,
}

pub(super) fn validator(loaded: &LoadedConfig, db: &Records, samples: Option<&Samples>) -> ValidatorPart {
    let live = samples.and_then(|s| {
        s.all(&exposed(names::ASSIGNED_VALIDATOR_INFO)).find(|x| x.value > 0.0)?.label("hotkey").map(str::to_string)
    });
    let recorded = db.assignment.clone();
    let since = match (&live, &recorded) {
        (Some(h), Some((r, at))) if h == r => Some(*at),
        (None, Some((_, at))) => Some(*at),
        _ => None,
    };
    ValidatorPart {
        strategy: match loaded.config.validator_assignment.strategy {
            AssignmentStrategy::HighestStake => "highest_stake",
            AssignmentStrategy::FixedAssignment => "fixed_assignment",
        },
        hotkey: live.or(recorded.map(|(h, _)| h)),
        since,
    }
}

/// The generation-2 bid at the validator.
#[derive(Debug, Clone, Serialize)]
pub struct BidPart {
    /// `[bidding] enabled`: whether `serve` registers at the validator (generation 2).
    pub enabled: bool,
    /// Whether the validator holds a bid from this miner now.
    pub registered: bool,
    /// The bid as recorded (its fields appear at this level in JSON).
    #[serde(flatten)]
    pub record: BidRecord,
}

pub(super) fn bid(loaded: &LoadedConfig, db: &Records) -> BidPart {
    BidPart { enabled: loaded.config.bidding.enabled, registered: db.bid.is_registered(), record: db.bid.clone() }
}

/// A node's last full validation (the validators' own checks).
#[derive(Debug, Clone, Serialize)]
pub struct ValidationSummary {
    pub at: i64,
    pub ok: bool,
    pub code: Option<Code>,
    /// What to do about `code`.
    pub fix: Option<&'static str>,
    pub detail: Option<String>,
}

/// One node's line in `status`.
#[derive(Debug, Clone, Serialize)]
pub struct NodeStatus {
    /// The node's id.
    pub node_id: String,
    /// `user@host:port`.
    pub address: String,
    /// From the daemon's last health check and the node's rentals; `healthy`, `failing` or
    /// `unchecked` in JSON (a rented node is `healthy` there, its rentals listed beside it).
    pub health: NodeHealth,
    /// The failing check's code, while failing.
    pub code: Option<Code>,
    /// What to do about `code`.
    pub fix: Option<&'static str>,
    /// What the last check said.
    pub detail: Option<String>,
    /// Unix time of the last check.
    pub checked_at: Option<i64>,
    /// Seconds since the node last failed a check (0 while failing).
    pub uptime_streak_secs: i64,
    /// GPUs found at the last check (1 for a CPU-only host).
    pub gpus: u32,
    /// Their category, when of one model.
    pub gpu_model: Option<String>,
    /// A CPU-only host: `CPU: <model>, N vCPU, M GB` at its last check.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpu: Option<String>,
    /// Price of one GPU-hour in cents: at its last check, else its configured rate.
    pub price_cents: Option<u32>,
    /// The last full validation, if any.
    #[serde(rename = "full_check")]
    pub validation: Option<ValidationSummary>,
    /// GPU time offered over the last 24 h and its value.
    pub offered_24h: OfferedTotal,
    /// Refused by the validator lately (generation 2), with its words.
    pub refused: Option<String>,
    /// Left out of the daemon's last offer for a reason of its own (an IPv6 literal, a route
    /// through `additional_opts`, another node's GPUs, …), with what to do.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub left_out: Option<crate::core::bidding::LeftOut>,
    /// The rentals running on it at the daemon's last check (empty: not rented).
    pub rentals: Vec<Rental>,
    /// `cordoned` (out of the offer for maintenance) or `draining` (cordoned while a rental
    /// in `rentals` still runs); `null` when offered.
    pub maintenance: Option<&'static str>,
}

pub(super) fn nodes(loaded: &LoadedConfig, db: &Records, now: i64) -> Vec<NodeStatus> {
    registry::list(&loaded.config)
        .into_iter()
        .map(|r| {
            let id = r.node_id.to_string();
            let address = r.address().to_string();
            let health = db.health.get(&id);
            let rented = db.rentals.get(&id).is_some_and(|rows| !rows.is_empty());
            let refused = db.bid.refused.iter().find(|x: &&RefusedNode| x.host == r.host && x.until > now);
            NodeStatus {
                health: NodeHealth::of(health.map(|(h, _)| h), rented),
                code: health.and_then(|(h, _)| h.code),
                fix: health.and_then(|(h, _)| h.code).map(Code::fix),
                detail: health.filter(|(h, _)| !h.ok).map(|(h, _)| h.detail.clone()),
                checked_at: health.map(|(_, at)| *at),
                uptime_streak_secs: uptime_streak_secs(health.and_then(|(h, _)| h.healthy_since), now),
                gpus: health.map_or(0, |(h, _)| h.gpus),
                gpu_model: health.and_then(|(h, _)| h.gpu_model.clone()),
                cpu: health.and_then(|(h, _)| h.cpu.clone()),
                price_cents: health.and_then(|(h, _)| h.price_cents).or(r.hourly_rate_per_gpu.map(rate_cents)),
                validation: db.validations.get(&id).map(|v| ValidationSummary {
                    at: v.checked_at,
                    ok: v.ok,
                    code: v.code,
                    fix: v.code.map(Code::fix),
                    detail: v.detail.clone(),
                }),
                offered_24h: db.offered.get(&id).copied().unwrap_or_default(),
                refused: refused.map(|x| x.reason.clone()),
                left_out: db
                    .bid
                    .left_out
                    .iter()
                    .find(|l| l.node_id == r.node_id && l.reason.needs_its_own_line())
                    .cloned(),
                rentals: db
                    .rentals
                    .get(&id)
                    .map_or_else(Vec::new, |rows| rows.iter().map(|r| r.rental.clone()).collect()),
                maintenance: match (r.cordoned, rented) {
                    (false, _) => None,
                    (true, false) => Some("cordoned"),
                    (true, true) => Some("draining"),
                },
                node_id: id,
                address,
            }
        })
        .collect()
}

/// Rentals across the fleet: "is my miner earning?".
#[derive(Debug, Clone, Default, Serialize)]
pub struct RentalsPart {
    /// Nodes rented, of those advertised (the generation-2 bid's, else the healthy).
    pub nodes_rented: usize,
    /// Nodes advertised: the bid's nodes, else the healthy and the rented ones.
    pub nodes_advertised: usize,
    /// GPUs on the rented nodes.
    pub gpus_rented: u32,
    /// GPUs on the advertised nodes.
    pub gpus_advertised: u32,
    /// The longest-running rental: node address, rental id and seconds.
    pub longest: Option<LongestRental>,
}

/// The rental that has run longest.
#[derive(Debug, Clone, Serialize)]
pub struct LongestRental {
    /// The node it runs on.
    pub address: String,
    /// The validator's rental id.
    pub rental_id: String,
    /// Seconds since it started.
    pub running_secs: i64,
}

impl RentalsPart {
    /// Sums the rentals over `nodes`, taking the advertised ones from `bid`.
    pub fn of(nodes: &[NodeStatus], bid: &BidRecord, now: i64) -> RentalsPart {
        let advertised: Vec<&NodeStatus> = if bid.advertised.is_empty() {
            nodes.iter().filter(|n| n.health.passes() || !n.rentals.is_empty()).collect()
        } else {
            nodes.iter().filter(|n| bid.advertised.iter().any(|a| a.node_id.to_string() == n.node_id)).collect()
        };
        let rented: Vec<&NodeStatus> = nodes.iter().filter(|n| !n.rentals.is_empty()).collect();
        let longest =
            rented.iter().flat_map(|n| n.rentals.iter().map(move |r| (n, r))).min_by_key(|(_, r)| r.since).map(
                |(n, r)| LongestRental {
                    address: n.address.clone(),
                    rental_id: r.rental_id.clone(),
                    running_secs: (now - r.since).max(0),
                },
            );
        RentalsPart {
            nodes_rented: rented.len(),
            nodes_advertised: advertised.len(),
            gpus_rented: rented.iter().map(|n| n.gpus).sum(),
            gpus_advertised: advertised.iter().map(|n| n.gpus).sum(),
            longest,
        }
    }
}

/// GPU time offered, summed over the nodes.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Offered {
    /// GPU-hours offered.
    pub gpu_hours: f64,
    /// Its value at the nodes' prices, in cents.
    pub value_cents: i64,
}

impl Offered {
    /// The total over every node's last 24 h.
    pub fn sum(nodes: &[NodeStatus]) -> Offered {
        let total = nodes.iter().fold(OfferedTotal::default(), |t, n| OfferedTotal {
            gpu_seconds: t.gpu_seconds + n.offered_24h.gpu_seconds,
            cent_seconds: t.cent_seconds + n.offered_24h.cent_seconds,
        });
        Offered { gpu_hours: total.gpu_hours(), value_cents: total.cents() }
    }
}
