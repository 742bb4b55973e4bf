//! What the node commands print with `--json`, one named type each.

use serde::Serialize;

use crate::core::nodes::inspect::NodeReport;
use crate::core::nodes::keys::{NodeKeys, PerNode};
use crate::core::nodes::validation::Validation;

/// `keys list --json`: the keys on every node.
#[derive(Debug, Clone, Serialize)]
pub struct KeysReport {
    /// Every node was read, carries the miner's key and no stale miner key.
    pub ok: bool,
    /// Each node's keys, or why they could not be read.
    pub nodes: Vec<PerNode<NodeKeys>>,
}

impl KeysReport {
    pub(super) fn new(nodes: Vec<PerNode<NodeKeys>>) -> KeysReport {
        let sound =
            |n: &PerNode<NodeKeys>| n.ok().is_some_and(|k| k.miner_key_present && k.stale_miner_keys.is_empty());
        KeysReport { ok: nodes.iter().all(sound), nodes }
    }
}

/// `node test --json`: every node's checks and, with `--full`, its full validation.
#[derive(Debug, Clone, Serialize)]
pub struct NodeTestReport {
    /// Every node passed.
    pub ok: bool,
    /// The full validations ran (`--full`).
    pub full: bool,
    /// Each node, in config order.
    pub nodes: Vec<TestedNode>,
}

/// One node of a [`NodeTestReport`]. Its `ok` counts the full validation too; a rented
/// node's validation, which stops before it starts anything, is no failure.
#[derive(Debug, Clone, Serialize)]
pub struct TestedNode {
    /// The node's checks, rentals and inventory; its `ok` also counts the full validation.
    #[serde(flatten)]
    pub report: NodeReport,
    /// The validators' full validation (`--full`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub full_validation: Option<Validation>,
}

impl NodeTestReport {
    /// The checks of `node test` and, when `full`, the validations of `node test --full`,
    /// node by node.
    pub fn new(full: bool, reports: Vec<NodeReport>, mut validations: Vec<Validation>) -> NodeTestReport {
        let nodes: Vec<TestedNode> = reports
            .into_iter()
            .map(|mut report| {
                let at = validations.iter().position(|v| v.node_id == report.node_id);
                let full_validation = at.map(|i| validations.swap_remove(i));
                report.ok = report.ok && full_validation.as_ref().is_none_or(|v| v.ok || v.rented.is_some());
                TestedNode { report, full_validation }
            })
            .collect();
        NodeTestReport { ok: nodes.iter().all(|n| n.report.ok), full, nodes }
    }

    /// Nodes that failed a check.
    pub fn failed(&self) -> usize {
        self.nodes.iter().filter(|n| !n.report.ok).count()
    }
}
