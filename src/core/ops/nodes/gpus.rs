//! `node gpu`: what nvidia-smi reads on every node, or the CPU probe on a CPU-only host.

use serde::Serialize;

use super::{NodeSet, NodesError};
use crate::core::nodes::cpu::{self, CpuInfo, Machine};
use crate::core::nodes::fleet::{self, Code, NodeError, Target};
use crate::core::nodes::gpu::{self, Gpu};
use crate::core::nodes::inspect;
use crate::core::nodes::rental::{self, GpuProcess};
use crate::core::nodes::validation::Declared;

/// `node gpu --json`: every node's GPUs and the fleet's total.
#[derive(Debug, Clone, Serialize)]
pub struct GpuReport {
    /// Every node was read.
    pub ok: bool,
    /// GPUs on all the nodes read.
    pub gpu_count: usize,
    /// Each node, in config order.
    pub nodes: Vec<NodeGpus>,
}

impl GpuReport {
    fn new(nodes: Vec<NodeGpus>) -> GpuReport {
        GpuReport {
            ok: nodes.iter().all(|n| n.error.is_none()),
            gpu_count: nodes.iter().map(|n| n.gpu_count).sum(),
            nodes,
        }
    }
}

/// One node's GPUs, or why they could not be read.
#[derive(Debug, Clone, Serialize)]
pub struct NodeGpus {
    /// The node's id (a UUID v5 of its address).
    pub node_id: String,
    /// `user@host:port`.
    pub address: String,
    /// GPUs nvidia-smi lists.
    pub gpu_count: usize,
    /// Their memory together, in MiB.
    pub memory_total_mib: u64,
    /// Each GPU as nvidia-smi reads it.
    pub gpus: Vec<Gpu>,
    /// A host declared CPU-only: its CPUs and memory, read by the validators' probe.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpu: Option<CpuInfo>,
    /// The compute processes on the GPUs, each with its owner (a rental, the miner's
    /// validation, or `foreign`: no rental).
    pub processes: Vec<GpuProcess>,
    /// Why the node could not be read, with its code and fix.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<NodeError>,
}

/// What `node gpu` read on one node.
enum Inventory {
    Gpus(Vec<Gpu>, Vec<GpuProcess>),
    Cpu(CpuInfo),
}

/// `node gpu`: the nvidia-smi inventory of every node; the CPU probe on a host declared
/// CPU-only.
pub async fn node_gpus(set: &NodeSet, done: &(dyn Fn(&Target) + Sync)) -> Result<GpuReport, NodesError> {
    let engine = set.engine()?;
    let command = format!(
        "echo \"@@smi\"; {} 2>&1; echo \"@@rc $?\"\n{}",
        gpu::query_command(),
        rental::probe_section(Machine::Gpus)
    );
    let results = fleet::for_each(&set.targets, done, |t| {
        let (engine, command) = (&engine, &command);
        let machine = set.declared.get(&t.node_id).map(Declared::machine).unwrap_or_default();
        async move {
            if machine == Machine::CpuOnly {
                let out = engine.exec(t, cpu::PROBE, b"").await?;
                return CpuInfo::parse(&String::from_utf8_lossy(&out.stdout))
                    .map(Inventory::Cpu)
                    .map_err(|e| NodeError::new(Code::CpuProbeFailed, e.to_string()));
            }
            // The exit code travels in the output: ssh reports a command not found (127) as
            // its own failure, where it means the node has no nvidia-smi.
            let out = engine.exec(t, command, b"").await?;
            let output = String::from_utf8_lossy(&out.stdout).into_owned();
            let s = inspect::sections(&output);
            let (text, rc) = s.get("smi").cloned().unwrap_or_default();
            if rc == Some(0) {
                let processes = rental::view_of(&s).map(|v| v.processes).unwrap_or_default();
                Ok(Inventory::Gpus(gpu::parse_inventory(&text), processes))
            } else {
                let code = inspect::smi_code(gpu::classify_failure(rc, &text));
                Err(NodeError::new(code, text.lines().next().unwrap_or("").trim().to_string()))
            }
        }
    })
    .await;
    engine.close().await;
    let nodes: Vec<NodeGpus> = set
        .targets
        .iter()
        .zip(results)
        .map(|(t, r)| {
            let (gpus, processes, cpu, error) = match r {
                Ok(Inventory::Gpus(g, p)) => (g, p, None, None),
                Ok(Inventory::Cpu(c)) => (Vec::new(), Vec::new(), Some(c), None),
                Err(e) => (Vec::new(), Vec::new(), None, Some(e)),
            };
            NodeGpus {
                node_id: t.node_id.to_string(),
                address: t.address.to_string(),
                gpu_count: gpus.len(),
                memory_total_mib: gpus.iter().filter_map(|g| g.memory_total_mib).sum(),
                gpus,
                cpu,
                processes,
                error,
            }
        })
        .collect();
    Ok(GpuReport::new(nodes))
}
