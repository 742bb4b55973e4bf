//! `node gpu`: GPU inventory from nvidia-smi on every node, with per-node totals; a host
//! declared CPU-only shows its CPUs and memory.

use basilica_miner::core::ops::nodes::{node_gpus, GpuReport};
use basilica_miner::core::support::exit::ExitClass;

use crate::commands::fleet_ui::{block_on, pick, progress};
use crate::commands::CmdResult;
use crate::commands::{Context, ExitStatus};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Nodes to query (id, user@host:port, host:port or host); all when omitted
    #[arg(value_name = "NODE")]
    pub nodes: Vec<String>,
}

pub fn run(args: Args, ctx: &Context) -> CmdResult {
    let set = pick(ctx, &args.nodes)?;
    let bar = progress(ctx, set.len(), "querying GPUs");
    let report: GpuReport = block_on(node_gpus(&set, &|_| bar.inc(1)))?;
    bar.finish_and_clear();
    let nodes = &report.nodes;
    if ctx.out.json_mode() {
        ctx.out.json(&report)?;
    } else {
        let dash = || "-".to_string();
        let mut rows = Vec::new();
        for n in nodes {
            if let Some(e) = &n.error {
                rows.push(vec![
                    n.address.clone(),
                    dash(),
                    format!("error [{}]: {}\nfix: {}", e.code, e.message, e.fix),
                    dash(),
                    dash(),
                    dash(),
                    dash(),
                    dash(),
                ]);
                continue;
            }
            if let Some(cpu) = &n.cpu {
                rows.push(vec![n.address.clone(), "-".into(), cpu.summary(), dash(), dash(), dash(), dash(), dash()]);
                continue;
            }
            for g in &n.gpus {
                let opt =
                    |v: Option<f64>, unit: &str| v.map(|x| format!("{x:.0}{unit}")).unwrap_or_else(|| "n/a".into());
                rows.push(vec![
                    n.address.clone(),
                    g.index.map(|i| i.to_string()).unwrap_or_else(dash),
                    g.name.clone(),
                    g.memory_total_mib
                        .map(|m| format!("{} / {} MiB", g.memory_used_mib.map_or("?".into(), |u| u.to_string()), m))
                        .unwrap_or_else(|| "n/a".into()),
                    g.driver_version.clone().unwrap_or_else(|| "n/a".into()),
                    g.compute_capability.clone().unwrap_or_else(|| "n/a".into()),
                    opt(g.utilization_percent, "%"),
                    format!("{} / {}", opt(g.temperature_c, "°C"), opt(g.power_draw_w, " W")),
                ]);
            }
            for p in &n.processes {
                rows.push(vec![
                    n.address.clone(),
                    "process".into(),
                    format!("PID {} {}", p.pid, p.name),
                    p.used_mib.map_or_else(dash, |m| format!("{m} MiB")),
                    p.owner.describe(),
                    dash(),
                    dash(),
                    dash(),
                ]);
            }
            rows.push(vec![
                n.address.clone(),
                "total".into(),
                format!("{} GPU(s)", n.gpu_count),
                format!("{} MiB", n.memory_total_mib),
                dash(),
                dash(),
                dash(),
                dash(),
            ]);
        }
        ctx.out.table(
            &["NODE", "GPU", "NAME", "MEMORY USED/TOTAL", "DRIVER / OWNER", "CC", "UTIL", "TEMP / POWER"],
            rows,
        )?;
        for n in nodes {
            for g in &n.gpus {
                for p in &g.problems {
                    ctx.out.warn(&format!(
                        "{} GPU {}: unreadable value {p}",
                        n.address,
                        g.index.map_or("?".into(), |i| i.to_string())
                    ));
                }
            }
        }
    }
    Ok(if report.ok { ExitStatus::Success } else { ExitStatus::Failed(ExitClass::Failure) })
}
