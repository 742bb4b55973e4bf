//! What the miner advertises to its validator: every node whose last health check passed,
//! whose GPUs are all one category and match what the operator declared (or, declared
//! CPU-only, whose CPU probe answered: one device of the declared class),
//! whose last full validation passed within 12 h, whose host is an IP literal (validators
//! identify nodes by IP), the first of any nodes sharing an IP, that has a price and that the
//! validator has not refused lately. Every node left out carries a reason an operator can act on.

use std::collections::HashMap;
use std::net::IpAddr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

mod reason;

pub use reason::Reason;

use super::prices::Prices;
use super::refusal::RefusedNode;
use crate::core::nodes::fleet::{route_options, Code};
use crate::core::nodes::gpu::{Category, Gpu};
use crate::core::nodes::registry::NodeRecord;
use crate::core::nodes::state::{NodeState, ValidationOutcome};
use crate::core::nodes::{cpu, declared};

/// One node as it goes on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Advertised {
    /// The node's id.
    pub node_id: Uuid,
    /// The node's IP in canonical form: what validators dial and identify it by.
    pub host: String,
    /// The SSH port.
    pub port: u16,
    /// The user validators log in as.
    pub username: String,
    /// The category the node is rented under.
    pub gpu_category: Category,
    /// GPUs (1 for a CPU-only host).
    pub gpu_count: u32,
    /// US cents per GPU-hour.
    pub hourly_rate_cents: u32,
    /// Sent in the bid when the operator configured one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra_mount_path: Option<String>,
}

/// Why an IPv6-literal node is left out.
pub const IPV6_WHY: &str = "validators cannot reach an IPv6 literal: both rule sets (upstream 4097ead4, the fork 7aab4b77) split `user@host:port` on every `:` and build `http://host:port` without brackets; give the node an IPv4 address";

/// Why a node reached through `route` (its route-changing options) is left out.
pub fn indirect_route_why(route: &[String]) -> String {
    format!(
        "additional_opts change the route (`{}`): validators dial the registered host and port directly; make the node reachable there, or remove those options",
        route.join("`, `")
    )
}

/// What decides an offer beyond the health checks: full validations by node, the validator's
/// refusals by host, and the time they are judged at.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Verdicts {
    /// The last full validation of each node.
    pub validated: HashMap<Uuid, ValidationOutcome>,
    /// Nodes the validator refused lately.
    pub refused: Vec<RefusedNode>,
    /// Rented nodes: the miner validates none of them while the rental runs, so their last
    /// passed validation stays current whatever its age.
    pub rented: std::collections::HashSet<Uuid>,
    /// When the offer is made (Unix seconds).
    pub now: i64,
}

/// A node left out of the offer, with the reason and what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeftOut {
    /// The node's id.
    pub node_id: Uuid,
    /// `user@host:port`.
    pub address: String,
    /// Why it is left out.
    pub reason: Reason,
    /// What was found.
    pub detail: String,
    /// The failing check's code, when a health check or a full validation left it out.
    #[serde(default)]
    pub code: Option<Code>,
    /// What to do: the code's fix, else the reason's.
    #[serde(default)]
    pub fix: String,
}

impl LeftOut {
    /// A node left out for `reason`, its fix the reason's until a check's code is known.
    pub fn new(node_id: Uuid, address: String, reason: Reason, detail: String) -> LeftOut {
        LeftOut { node_id, address, reason, detail, code: None, fix: reason.fix().to_string() }
    }

    /// Names the failing check's code; the fix becomes the code's.
    pub fn name_code(&mut self, code: Option<Code>) {
        if let Some(c) = code {
            self.fix = c.fix().to_string();
        }
        self.code = code;
    }
}

/// The advertised set and the rest.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Offer {
    /// The nodes offered, in the configuration's order, with their prices.
    pub advertised: Vec<Advertised>,
    /// The nodes left out, with why.
    pub left_out: Vec<LeftOut>,
}

impl Offer {
    /// The advertised hosts, in order.
    pub fn hosts(&self) -> Vec<String> {
        self.advertised.iter().map(|a| a.host.clone()).collect()
    }
}

/// The node's IP when its host is an IP literal (brackets allowed around IPv6).
pub fn host_ip(host: &str) -> Option<IpAddr> {
    host.trim_start_matches('[').trim_end_matches(']').parse().ok()
}

/// The one category and the count of a node's GPUs, or why there is none.
pub fn category(gpus: &[Gpu]) -> Result<(Category, u32), (Reason, String)> {
    if gpus.is_empty() {
        return Err((Reason::Unhealthy, "nvidia-smi lists no GPUs".into()));
    }
    if gpus.iter().any(|g| g.model.is_none()) {
        return Err((
            Reason::UnknownGpuModel,
            "nvidia-smi gives no name for a GPU: the validator cannot read its category".into(),
        ));
    }
    match crate::core::nodes::gpu::one_category(gpus) {
        Some(model) => Ok((model, gpus.len() as u32)),
        None => {
            let mut names: Vec<&str> = gpus.iter().filter_map(|g| g.model.as_ref()).map(Category::as_str).collect();
            names.sort_unstable();
            names.dedup();
            Err((
                Reason::MixedGpuModels,
                format!("GPUs of several categories ({}); validators take one category per node", names.join(", ")),
            ))
        }
    }
}

/// The category and count a healthy node is offered under, or why it is left out: a GPU
/// node's one category as nvidia-smi names it (matching any declaration), a CPU-only host's
/// declared class as one device.
fn offered_as(n: &NodeRecord, state: &NodeState) -> Result<(Category, u32), (Reason, String)> {
    let unhealthy = || {
        let why = state.problem.as_ref().map_or_else(|| "the last health check failed".into(), ToString::to_string);
        (Reason::Unhealthy, why)
    };
    if let Some(class) = n.gpu_category.as_ref().filter(|c| c.is_cpu()) {
        if !state.ok {
            return Err(unhealthy());
        }
        if let Err(e) = declared::check_count(Some(class), n.gpu_count) {
            return Err((Reason::DeclarationMismatch, format!("miner.toml declares {e}; set gpu_count = 1")));
        }
        return match &state.cpu {
            Some(_) => Ok((class.clone(), cpu::DEVICE_COUNT)),
            None => Err((Reason::Unhealthy, "the CPU probe gave no answer validators accept".into())),
        };
    }
    let (model, count) = match category(&state.gpus) {
        Ok(c) => c,
        Err((reason, detail)) if state.ok || reason != Reason::Unhealthy => return Err((reason, detail)),
        Err(_) => return Err(unhealthy()),
    };
    if !state.ok {
        return Err(unhealthy());
    }
    if let Err(m) = declared::compare(n.gpu_category.as_ref(), n.gpu_count, &state.gpus) {
        return Err((
            Reason::DeclarationMismatch,
            format!("miner.toml declares {}, nvidia-smi finds {}: validators score a mismatch 0 and count it as misbehaviour; fix gpu_category/gpu_count", m.declared, m.detected),
        ));
    }
    Ok((model, count))
}

/// Builds the offer from the configured nodes (in config order), their last health check,
/// the prices and the verdicts (full validations, refusals).
pub fn build(nodes: &[NodeRecord], states: &HashMap<Uuid, NodeState>, prices: &Prices, verdicts: &Verdicts) -> Offer {
    let mut offer = Offer::default();
    let mut taken: HashMap<IpAddr, String> = HashMap::new();
    let mut gpu_owner: HashMap<String, String> = HashMap::new();
    for n in nodes {
        let address = n.address().to_string();
        let leave = |reason, detail: String| LeftOut::new(n.node_id, address.clone(), reason, detail);
        if n.cordoned {
            offer.left_out.push(leave(
                Reason::Cordoned,
                "cordoned for maintenance (`cordoned = true` in miner.toml): no new rental can land on it; a running rental is left alone".into(),
            ));
            continue;
        }
        let Some(ip) = host_ip(&n.host) else {
            offer.left_out.push(leave(
                Reason::HostNotIp,
                format!(
                    "host `{}` is not an IP address; validators identify nodes by IP: configure the node by its IP",
                    n.host
                ),
            ));
            continue;
        };
        if ip.is_ipv6() {
            offer.left_out.push(leave(Reason::Ipv6Host, IPV6_WHY.into()));
            continue;
        }
        let route = n.additional_opts.as_deref().map(route_options).unwrap_or_default();
        if !route.is_empty() {
            offer.left_out.push(leave(Reason::IndirectRoute, indirect_route_why(&route)));
            continue;
        }
        let Some(state) = states.get(&n.node_id) else {
            offer.left_out.push(leave(Reason::NotCheckedYet, "no health check has finished yet".into()));
            continue;
        };
        let (model, count) = match offered_as(n, state) {
            Ok(c) => c,
            Err((reason, detail)) => {
                offer.left_out.push(leave(reason, detail));
                continue;
            }
        };
        if let Err((reason, detail)) = validated(n, verdicts) {
            offer.left_out.push(leave(reason, detail));
            continue;
        }
        let Some(cents) = prices.for_node(n.hourly_rate_per_gpu, Some(&model)) else {
            offer.left_out.push(leave(
                Reason::NoPrice,
                format!(
                    "no price: set hourly_rate_per_gpu on the node, or {model} (or `{}`) in [bidding.strategy.static.static_prices]",
                    super::prices::DEFAULT_KEY
                ),
            ));
            continue;
        };
        if let Some(r) = verdicts.refused.iter().find(|r| host_ip(&r.host) == Some(ip) && verdicts.now < r.until) {
            offer.left_out.push(leave(Reason::RefusedByValidator, r.explain()));
            continue;
        }
        if let Some(first) = taken.get(&ip) {
            offer.left_out.push(leave(
                Reason::SharedIp,
                format!("shares IP {ip} with {first}, which is advertised; validators identify nodes by IP"),
            ));
            continue;
        }
        let uuids: Vec<&str> = state.gpus.iter().filter_map(|g| g.uuid.as_deref()).collect();
        if let Some(first) = uuids.iter().find_map(|u| gpu_owner.get(*u)) {
            offer.left_out.push(leave(
                Reason::DuplicateGpus,
                format!("shows the same GPU UUIDs as {first}, which is advertised: one machine at two addresses; validators list each GPU under the first node that has it, so advertise one address"),
            ));
            continue;
        }
        gpu_owner.extend(uuids.iter().map(|u| ((*u).to_string(), address.clone())));
        taken.insert(ip, address.clone());
        offer.advertised.push(Advertised {
            node_id: n.node_id,
            host: ip.to_string(),
            port: n.port,
            username: n.username.clone(),
            gpu_category: model,
            gpu_count: count,
            hourly_rate_cents: cents,
            extra_mount_path: n.extra_mount_path.clone(),
        });
    }
    name_codes(&mut offer, states, verdicts);
    offer
}

/// Whether `n`'s last full validation lets it be advertised now: passed within 12 h (or
/// during its rental), else why not.
fn validated(n: &NodeRecord, verdicts: &Verdicts) -> Result<(), (Reason, String)> {
    match verdicts.validated.get(&n.node_id) {
        Some(v)
            if crate::core::nodes::validation::is_current(
                v.ok,
                v.checked_at,
                verdicts.now,
                verdicts.rented.contains(&n.node_id),
            ) => Ok(()),
        Some(v) if v.ok => {
            Err((
                Reason::NotValidated,
                format!(
                    "the last full validation passed {} h ago; validators rent only nodes validated within 12 h",
                    (verdicts.now - v.checked_at) / 3600
                ),
            ))
        }
        Some(v) => {
            let why =
                v.problem.as_ref().map_or_else(|| "the last full validation failed".into(), ToString::to_string);
            Err((Reason::NotValidated, format!("full validation failed: {why}")))
        }
        None => {
            Err((Reason::NotValidated, "no full validation yet (serve runs one when it first sees a node; `basilica-miner node test --full` runs one now)".into()))
        }
    }
}

/// Names beside each left-out node the failure code behind its reason (an unhealthy node's
/// health check, a failed validation's first failed check).
fn name_codes(offer: &mut Offer, states: &HashMap<Uuid, NodeState>, verdicts: &Verdicts) {
    for l in &mut offer.left_out {
        let code = match l.reason {
            Reason::Unhealthy => states.get(&l.node_id).and_then(|s| s.problem.as_ref()).map(|p| p.code),
            Reason::NotValidated => {
                verdicts.validated.get(&l.node_id).filter(|v| !v.ok).and_then(|v| v.problem.as_ref()).map(|p| p.code)
            }
            _ => None,
        };
        l.name_code(code);
    }
}

/// Warnings about nodes while bidding is on: a host that is not an IP literal, an IPv6
/// literal, `additional_opts` that change the route, and hosts that share one IP. Each names
/// the node position involved (0-based) and the key at fault (`host`, `additional_opts`).
/// `nodes` gives each node's host and additional_opts.
pub fn host_warnings<'a>(
    nodes: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
) -> Vec<(usize, &'static str, String)> {
    let mut out = Vec::new();
    let mut seen: HashMap<IpAddr, usize> = HashMap::new();
    for (i, (host, opts)) in nodes.into_iter().enumerate() {
        let route = opts.map(route_options).unwrap_or_default();
        if !route.is_empty() {
            out.push((i, "additional_opts", format!("this node is not advertised: {}", indirect_route_why(&route))));
        }
        match host_ip(host) {
            None => out.push((i, "host", format!("host `{host}` is not an IP address: generation-2 validators identify nodes by IP, so this node is not advertised to them"))),
            Some(ip) if ip.is_ipv6() => out.push((i, "host", format!("host `{host}` is not advertised: {IPV6_WHY}"))),
            Some(ip) => match seen.get(&ip) {
                Some(j) => out.push((i, "host", format!("shares IP {ip} with nodes[{j}]: generation-2 validators identify nodes by IP, so only nodes[{j}] is advertised"))),
                None => {
                    seen.insert(ip, i);
                }
            },
        }
    }
    out
}

/// With bidding off (generation 1): the nodes no validator can dial, since generation-1
/// validators too connect to the host and port the miner gives them: a node reached through
/// route-changing `additional_opts`, and an IPv6 literal.
pub fn reach_warnings<'a>(
    nodes: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
) -> Vec<(usize, &'static str, String)> {
    let mut out = Vec::new();
    for (i, (host, opts)) in nodes.into_iter().enumerate() {
        let route = opts.map(route_options).unwrap_or_default();
        if !route.is_empty() {
            out.push((
                i,
                "additional_opts",
                format!("validators cannot reach this node: {}", indirect_route_why(&route)),
            ));
        }
        if host_ip(host).is_some_and(|ip| ip.is_ipv6()) {
            out.push((i, "host", format!("host `{host}` is an IPv6 literal, which validators cannot reach: generation-1 validators too split `user@host:port` on every `:`; give the node an IPv4 address")));
        }
    }
    out
}

#[cfg(test)]
mod tests;
