//! What the miner advertises to its validator: every node whose last health check passed,
//! whose GPUs are all one category validators rent and match what the operator declared,
//! whose last full validation passed within 12 h, whose host is an IP literal (validators
//! identify nodes by IP), the first of any nodes sharing an IP, that has a price and that the
//! validator has not refused lately. Every node left out carries a reason an operator can act on.

use std::collections::{HashMap, HashSet};
use std::net::IpAddr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::prices::Prices;
use super::refusal::RefusedNode;
use crate::core::nodes::declared;
use crate::core::nodes::gpu::{Gpu, GpuModel};
use crate::core::nodes::registry::NodeRecord;

/// What the last health check found on a node.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeState {
    /// Every check passed (SSH, driver, CUDA, Docker and its NVIDIA runtime).
    pub ok: bool,
    /// The first failed check, as `CODE: detail`.
    pub problem: Option<String>,
    pub gpus: Vec<Gpu>,
    pub checked_at: i64,
}

/// One node as it goes on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Advertised {
    pub node_id: Uuid,
    /// The node's IP in canonical form: what validators dial and identify it by.
    pub host: String,
    pub port: u16,
    pub username: String,
    pub gpu_category: GpuModel,
    pub gpu_count: u32,
    /// US cents per GPU-hour.
    pub hourly_rate_cents: u32,
    /// Sent in the bid when the operator configured one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra_mount_path: Option<String>,
}

/// Why a node is not advertised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    NotCheckedYet,
    Unhealthy,
    UnknownGpuModel,
    MixedGpuModels,
    HostNotIp,
    SharedIp,
    NoPrice,
    /// `gpu_category`/`gpu_count` in miner.toml differ from what nvidia-smi finds.
    DeclarationMismatch,
    /// No full validation passed within 12 h.
    NotValidated,
    /// The validator refused this node lately.
    RefusedByValidator,
}

/// A node's last full validation, as the offer needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vetting {
    pub ok: bool,
    pub checked_at: i64,
    /// The first failed check, `(code, detail)`.
    pub problem: Option<(String, String)>,
}

/// What decides an offer beyond the health checks: full validations by node, the validator's
/// refusals by host, and the time they are judged at.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Verdicts {
    pub vetted: HashMap<Uuid, Vetting>,
    pub refused: Vec<RefusedNode>,
    pub now: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeftOut {
    pub node_id: Uuid,
    pub address: String,
    pub reason: Reason,
    pub detail: String,
}

/// The advertised set and the rest.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Offer {
    pub advertised: Vec<Advertised>,
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
pub fn category(gpus: &[Gpu]) -> Result<(GpuModel, u32), (Reason, String)> {
    if gpus.is_empty() {
        return Err((Reason::Unhealthy, "nvidia-smi lists no GPUs".into()));
    }
    let mut unknown: Vec<&str> = gpus.iter().filter(|g| g.model.is_none()).map(|g| g.name.as_str()).collect();
    unknown.dedup();
    if !unknown.is_empty() {
        return Err((
            Reason::UnknownGpuModel,
            format!("nvidia-smi reports {}: not one of A100, H100, H200, B200, B300", unknown.join(", ")),
        ));
    }
    let models: HashSet<GpuModel> = gpus.iter().filter_map(|g| g.model).collect();
    let first = gpus[0].model.unwrap_or(GpuModel::H100);
    if models.len() > 1 {
        let mut names: Vec<&str> = models.iter().map(|m| m.as_str()).collect();
        names.sort_unstable();
        return Err((
            Reason::MixedGpuModels,
            format!("GPUs of several categories ({}); validators take one category per node", names.join(", ")),
        ));
    }
    Ok((first, gpus.len() as u32))
}

/// Builds the offer from the configured nodes (in config order), their last health check,
/// the prices and the verdicts (full validations, refusals).
pub fn build(nodes: &[NodeRecord], states: &HashMap<Uuid, NodeState>, prices: &Prices, verdicts: &Verdicts) -> Offer {
    let mut offer = Offer::default();
    let mut taken: HashMap<IpAddr, String> = HashMap::new();
    for n in nodes {
        let address = n.address().to_string();
        let leave = |reason, detail: String| LeftOut { node_id: n.node_id, address: address.clone(), reason, detail };
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
        let Some(state) = states.get(&n.node_id) else {
            offer.left_out.push(leave(Reason::NotCheckedYet, "no health check has finished yet".into()));
            continue;
        };
        let (model, count) = match category(&state.gpus) {
            Ok(c) => c,
            Err((reason, detail)) if state.ok || reason != Reason::Unhealthy => {
                offer.left_out.push(leave(reason, detail));
                continue;
            }
            Err(_) => {
                offer.left_out.push(leave(
                    Reason::Unhealthy,
                    state.problem.clone().unwrap_or_else(|| "the last health check failed".into()),
                ));
                continue;
            }
        };
        if !state.ok {
            offer.left_out.push(leave(
                Reason::Unhealthy,
                state.problem.clone().unwrap_or_else(|| "the last health check failed".into()),
            ));
            continue;
        }
        if let Err(m) = declared::compare(n.gpu_category, n.gpu_count, &state.gpus) {
            offer.left_out.push(leave(
                Reason::DeclarationMismatch,
                format!("miner.toml declares {}, nvidia-smi finds {}: validators score a mismatch 0 and count it as misbehaviour; fix gpu_category/gpu_count", m.declared, m.detected),
            ));
            continue;
        }
        match verdicts.vetted.get(&n.node_id) {
            Some(v) if v.ok && verdicts.now - v.checked_at <= crate::core::nodes::validation::VALID_FOR_SECS => {}
            Some(v) if v.ok => {
                offer.left_out.push(leave(
                    Reason::NotValidated,
                    format!(
                        "the last full validation passed {} h ago; validators rent only nodes validated within 12 h",
                        (verdicts.now - v.checked_at) / 3600
                    ),
                ));
                continue;
            }
            Some(v) => {
                let (code, detail) =
                    v.problem.clone().unwrap_or_else(|| ("failed".into(), "the last full validation failed".into()));
                offer.left_out.push(leave(Reason::NotValidated, format!("full validation failed: {code}: {detail}")));
                continue;
            }
            None => {
                offer.left_out.push(leave(Reason::NotValidated, "no full validation yet (serve runs one when it first sees a node; `basilica-miner node test --full` runs one now)".into()));
                continue;
            }
        }
        let Some(cents) = prices.for_node(n.hourly_rate_per_gpu, Some(model)) else {
            offer.left_out.push(leave(
                Reason::NoPrice,
                format!(
                    "no price: set hourly_rate_per_gpu on the node or {} in [bidding.strategy.static.static_prices]",
                    model.as_str()
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
    offer
}

/// Warnings about hosts while bidding is on: a host that is not an IP literal, and hosts
/// that share one IP. Each names the node positions involved (0-based).
pub fn host_warnings<'a>(hosts: impl IntoIterator<Item = &'a str>) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut seen: HashMap<IpAddr, usize> = HashMap::new();
    for (i, host) in hosts.into_iter().enumerate() {
        match host_ip(host) {
            None => out.push((i, format!("host `{host}` is not an IP address: generation-2 validators identify nodes by IP, so this node is not advertised to them"))),
            Some(ip) => match seen.get(&ip) {
                Some(j) => out.push((i, format!("shares IP {ip} with nodes[{j}]: generation-2 validators identify nodes by IP, so only nodes[{j}] is advertised"))),
                None => {
                    seen.insert(ip, i);
                }
            },
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::nodes::gpu::parse_inventory;

    fn node(i: usize, host: &str, port: u16, rate: Option<f64>) -> NodeRecord {
        NodeRecord {
            node_id: Uuid::from_u128(i as u128 + 1),
            index: i,
            username: "gpu".into(),
            host: host.into(),
            port,
            hourly_rate_per_gpu: rate,
            additional_opts: None,
            gpu_category: None,
            gpu_count: None,
            extra_mount_path: None,
        }
    }

    fn gpus(name: &str, n: usize) -> Vec<Gpu> {
        let rows: String =
            (0..n).map(|i| format!("{i}, {name}, GPU-{i}, 81559, 1, 570.86.15, 9.0, 0, 31, [N/A]\n")).collect();
        parse_inventory(&rows)
    }

    fn ok(g: Vec<Gpu>) -> NodeState {
        NodeState { ok: true, problem: None, gpus: g, checked_at: 1 }
    }

    #[test]
    fn healthy_priced_ip_nodes_are_advertised_and_the_rest_say_why() {
        let nodes = vec![
            node(0, "127.0.0.11", 22, Some(2.5)),
            node(1, "127.0.0.12", 22, None),
            node(2, "127.0.0.13", 22, Some(2.5)),
            node(3, "gpu.example", 22, Some(2.5)),
            node(4, "127.0.0.11", 2222, Some(2.5)),
            node(5, "127.0.0.14", 22, Some(1.0)),
            node(6, "127.0.0.15", 22, None),
            node(7, "::1", 22, Some(1.0)),
        ];
        let mut states = HashMap::new();
        states.insert(nodes[0].node_id, ok(gpus("NVIDIA H100 80GB HBM3", 8)));
        states.insert(nodes[1].node_id, ok(gpus("NVIDIA A100-SXM4-80GB", 4)));
        states.insert(
            nodes[2].node_id,
            NodeState {
                ok: false,
                problem: Some("NVIDIA_DRIVER_UNREACHABLE: exit 9".into()),
                gpus: vec![],
                checked_at: 1,
            },
        );
        states.insert(nodes[4].node_id, ok(gpus("NVIDIA H100 80GB HBM3", 8)));
        states.insert(nodes[5].node_id, ok(gpus("NVIDIA GeForce RTX 4090", 2)));
        states.insert(nodes[6].node_id, ok(gpus("NVIDIA B200", 8)));
        states.insert(nodes[7].node_id, ok(gpus("NVIDIA H200", 8)));
        let mut c = crate::core::config::BiddingConfig::default();
        c.strategy.fixed.static_prices.insert("A100".into(), 2.5);
        let verdicts = Verdicts {
            vetted: nodes.iter().map(|n| (n.node_id, Vetting { ok: true, checked_at: 1, problem: None })).collect(),
            refused: Vec::new(),
            now: 2,
        };
        let offer = build(&nodes, &states, &Prices::from_config(&c), &verdicts);
        let got: Vec<(&str, GpuModel, u32, u32)> = offer
            .advertised
            .iter()
            .map(|a| (a.host.as_str(), a.gpu_category, a.gpu_count, a.hourly_rate_cents))
            .collect();
        assert_eq!(
            got,
            vec![
                ("127.0.0.11", GpuModel::H100, 8, 250),
                ("127.0.0.12", GpuModel::A100, 4, 250),
                ("::1", GpuModel::H200, 8, 100)
            ]
        );
        let reasons: Vec<Reason> = offer.left_out.iter().map(|l| l.reason).collect();
        assert_eq!(
            reasons,
            vec![Reason::Unhealthy, Reason::HostNotIp, Reason::SharedIp, Reason::UnknownGpuModel, Reason::NoPrice]
        );
        assert!(offer.left_out[0].detail.contains("NVIDIA_DRIVER_UNREACHABLE"));
        assert!(
            offer.left_out[4].detail.contains("B200 in [bidding.strategy.static.static_prices]"),
            "{}",
            offer.left_out[4].detail
        );
    }

    #[test]
    fn declarations_validations_and_refusals_keep_nodes_out() {
        let mut nodes: Vec<NodeRecord> =
            (0..6).map(|i| node(i, &format!("127.0.0.{}", 40 + i), 22, Some(2.5))).collect();
        nodes[0].gpu_category = Some(GpuModel::H100);
        nodes[0].gpu_count = Some(8);
        nodes[0].extra_mount_path = Some("/ephemeral".into());
        nodes[1].gpu_count = Some(4);
        let states: HashMap<Uuid, NodeState> =
            nodes.iter().map(|n| (n.node_id, ok(gpus("NVIDIA H100 80GB HBM3", 8)))).collect();
        let now = 100_000;
        let vet = |ok, at| Vetting {
            ok,
            checked_at: at,
            problem: (!ok).then(|| ("container_gpu_failed".to_string(), "unknown runtime nvidia".to_string())),
        };
        let mut vetted: HashMap<Uuid, Vetting> = nodes.iter().map(|n| (n.node_id, vet(true, now - 10))).collect();
        vetted.insert(nodes[2].node_id, vet(false, now - 10));
        vetted.insert(nodes[3].node_id, vet(true, now - 13 * 3600));
        vetted.remove(&nodes[4].node_id);
        let refused = vec![
            RefusedNode::new("127.0.0.45", 250, "bid below floor", now - 5),
            RefusedNode::new("127.0.0.40", 250, "old", now - 4000),
        ];
        let offer = build(&nodes, &states, &Prices::default(), &Verdicts { vetted, refused, now });
        assert_eq!(offer.hosts(), vec!["127.0.0.40"], "{offer:#?}");
        assert_eq!(offer.advertised[0].extra_mount_path.as_deref(), Some("/ephemeral"));
        let reasons: Vec<Reason> = offer.left_out.iter().map(|l| l.reason).collect();
        assert_eq!(
            reasons,
            vec![
                Reason::DeclarationMismatch,
                Reason::NotValidated,
                Reason::NotValidated,
                Reason::NotValidated,
                Reason::RefusedByValidator
            ]
        );
        assert!(
            offer.left_out[0].detail.contains("declares H100 x4, nvidia-smi finds H100 x8"),
            "{}",
            offer.left_out[0].detail
        );
        assert!(offer.left_out[1].detail.contains("container_gpu_failed"));
        assert!(offer.left_out[4].detail.contains("floor"));
    }

    #[test]
    fn mixed_models_are_not_one_category() {
        let mut g = gpus("NVIDIA H100 80GB HBM3", 2);
        g.extend(gpus("NVIDIA H200", 1));
        assert_eq!(category(&g).unwrap_err().0, Reason::MixedGpuModels);
        assert_eq!(category(&gpus("NVIDIA B300", 8)).unwrap(), (GpuModel::B300, 8));
    }

    #[test]
    fn host_warnings_name_non_ip_hosts_and_shared_ips() {
        let w = host_warnings(["10.0.0.1", "gpu.example", "10.0.0.1", "[2001:db8::1]", "2001:db8::1"]);
        let at: Vec<usize> = w.iter().map(|(i, _)| *i).collect();
        assert_eq!(at, vec![1, 2, 4]);
        assert!(w[1].1.contains("nodes[0]"));
    }
}
