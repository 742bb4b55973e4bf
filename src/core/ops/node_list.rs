//! `node list`, `node add` and `node remove` print nodes: each configured node with what
//! `serve` last recorded about it (health, uptime streak, full validation), as one value a
//! table or `--json` renders.

use serde::Serialize;

use crate::core::config::LoadedConfig;
use crate::core::daemon::state::store::{HealthRow, RentalRow, ValidationRow};
use crate::core::daemon::view::records;
use crate::core::nodes::fleet::Code;
use crate::core::nodes::registry::{self, NodeRecord};
use crate::core::nodes::state::uptime_streak_secs;
use crate::core::nodes::validation::is_current;

/// One node as it is listed (and as `--json` prints it).
#[derive(Debug, Clone, Serialize)]
pub struct ListedNode {
    /// The node's id.
    pub node_id: String,
    /// `user@host:port`.
    pub address: String,
    /// The SSH user.
    pub username: String,
    /// DNS name or IP address.
    pub host: String,
    /// The SSH port.
    pub port: u16,
    /// `null`: the static price of the node's GPU category applies.
    pub hourly_rate_per_gpu: Option<f64>,
    /// Extra ssh options handed to validators.
    pub additional_opts: Option<String>,
    /// Declared to generation-2 validators (`null`: what nvidia-smi finds is sent).
    pub gpu_category: Option<String>,
    /// Declared GPU count (`null`: what nvidia-smi finds is sent).
    pub gpu_count: Option<u32>,
    /// A second disk validators may mount into rentals.
    pub extra_mount_path: Option<String>,
    /// Out of the offer for maintenance (`node cordon` / `node drain`); with a rental running,
    /// the node is draining.
    pub cordoned: bool,
    /// The last check `serve` recorded (node list only; `null` before the first).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health: Option<Option<ListedHealth>>,
    /// The last full validation `serve` recorded (node list only; `null` before the first).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub full_validation: Option<Option<ListedValidation>>,
    /// The rentals `serve` saw running at its last check (node list only; empty: not rented).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rentals: Option<Vec<ListedRental>>,
}

/// A rental running on a node, as `node list` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ListedRental {
    /// The validator's rental id (the `basilica.rental_id` label).
    pub rental_id: String,
    /// The container's name.
    pub container: String,
    /// The container's image.
    pub image: String,
    /// Unix time `serve` first saw it.
    pub since: i64,
    /// The validator whose key started it, when one validator's key was on the node.
    pub validator: Option<String>,
}

impl From<&crate::core::nodes::rental::Rental> for ListedRental {
    fn from(r: &crate::core::nodes::rental::Rental) -> ListedRental {
        ListedRental {
            rental_id: r.rental_id.clone(),
            container: r.container.clone(),
            image: r.image.clone(),
            since: r.since,
            validator: r.renter().map(str::to_string),
        }
    }
}

/// A node's last health check, as `node list` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ListedHealth {
    /// Whether every check passed.
    pub ok: bool,
    /// The failing check's code.
    pub code: Option<Code>,
    /// What to do about `code`.
    pub fix: Option<&'static str>,
    /// What the check said.
    pub detail: String,
    /// Unix time of the check.
    pub checked_at: i64,
    /// Seconds since the node last failed a check; 0 while it fails.
    pub uptime_streak_seconds: i64,
    /// GPUs found (1 for a CPU-only host whose probe answered).
    pub gpus: u32,
    /// Their one category (`H100`, `RTX_5090`, `CPU_STANDARD`), when there is one.
    pub gpu_category: Option<String>,
    /// A CPU-only host: `CPU: <model>, N vCPU, M GB`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpu: Option<String>,
}

/// A node's last full validation, as `node list` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ListedValidation {
    /// Whether every step passed.
    pub ok: bool,
    /// Unix time of the validation.
    pub checked_at: i64,
    /// Passed within the 12 h validators require for a rental, or the node is rented (no
    /// validation runs during a rental: the last one stands).
    pub current: bool,
    /// The failing step's code.
    pub code: Option<Code>,
    /// What to do about `code`.
    pub fix: Option<&'static str>,
    /// What the failing step said.
    pub detail: Option<String>,
    /// Seconds the image pull took, when one ran.
    pub pull_secs: Option<f64>,
}

impl ListedNode {
    /// The node as configured, without what `serve` recorded.
    pub fn configured(r: &NodeRecord) -> ListedNode {
        ListedNode {
            node_id: r.node_id.to_string(),
            address: r.address().to_string(),
            username: r.username.clone(),
            host: r.host.clone(),
            port: r.port,
            hourly_rate_per_gpu: r.hourly_rate_per_gpu,
            additional_opts: r.additional_opts.clone(),
            gpu_category: r.gpu_category.as_ref().map(|c| c.as_str().to_string()),
            gpu_count: r.gpu_count,
            extra_mount_path: r.extra_mount_path.clone(),
            cordoned: r.cordoned,
            health: None,
            full_validation: None,
            rentals: None,
        }
    }

    fn recorded(
        r: &NodeRecord,
        health: Option<&(HealthRow, i64)>,
        v: Option<&ValidationRow>,
        rentals: &[RentalRow],
        now: i64,
    ) -> ListedNode {
        let health = health.map(|(h, at)| ListedHealth {
            ok: h.ok,
            code: h.code,
            fix: h.code.map(Code::fix),
            detail: h.detail.clone(),
            checked_at: *at,
            uptime_streak_seconds: uptime_streak_secs(h.healthy_since, now),
            gpus: h.gpus,
            gpu_category: h.gpu_model.clone(),
            cpu: h.cpu.clone(),
        });
        let full_validation = v.map(|v| ListedValidation {
            ok: v.ok,
            checked_at: v.checked_at,
            current: is_current(v.ok, v.checked_at, now, !rentals.is_empty()),
            code: v.code,
            fix: v.code.map(Code::fix),
            detail: v.detail.clone(),
            pull_secs: v.pull_secs,
        });
        let rentals = Some(rentals.iter().map(|row| ListedRental::from(&row.rental)).collect());
        ListedNode {
            health: Some(health),
            full_validation: Some(full_validation),
            rentals,
            ..ListedNode::configured(r)
        }
    }
}

/// The configured nodes with what `serve` recorded, and why the health could not be read
/// (a database that is damaged or from a newer build), if so.
#[derive(Debug, Clone)]
pub struct NodeListing {
    /// Every configured node, in file order.
    pub nodes: Vec<ListedNode>,
    /// Why `serve`'s records could not be read, if so (the nodes are then listed as configured).
    pub health_unreadable: Option<String>,
    /// When the listing was made (Unix seconds).
    pub at: i64,
}

/// `node list`.
pub fn node_list(loaded: &LoadedConfig) -> NodeListing {
    let at = crate::core::support::clock::unix_now();
    let (health, health_unreadable) = match records::node_health(loaded) {
        Ok(h) => (h, None),
        Err(e) => (Default::default(), Some(e.to_string())),
    };
    let validations = records::validations(loaded).unwrap_or_default();
    let rentals = records::rentals(loaded).unwrap_or_default();
    let nodes = registry::list(&loaded.config)
        .iter()
        .map(|r| {
            let id = r.node_id.to_string();
            let rented = rentals.get(&id).map_or(&[][..], Vec::as_slice);
            ListedNode::recorded(r, health.get(&id), validations.get(&id), rented, at)
        })
        .collect();
    NodeListing { nodes, health_unreadable, at }
}
