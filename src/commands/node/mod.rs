//! `node add|list|remove`: the GPU nodes in miner.toml.

mod add;
mod gpu;
mod list;
mod remove;
mod test;
mod trust;

use basilica_miner::core::nodes::registry::NodeRecord;
use clap::Subcommand;

use super::{Context, ExitStatus};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add GPU nodes (user@host[:port]) with their hourly rate per GPU.
    Add(add::Args),
    /// List configured nodes with their ids.
    List(list::Args),
    /// Remove nodes by id, user@host:port, host:port or host.
    Remove(remove::Args),
    /// Check SSH access, GPUs, driver/CUDA, Docker, disk and clock on nodes.
    Test(test::Args),
    /// Show the GPU inventory of nodes (nvidia-smi).
    Gpu(gpu::Args),
    /// Accept a node's new SSH host key after a reinstall.
    Trust(trust::Args),
}

pub fn run(cmd: Command, ctx: &Context) -> anyhow::Result<ExitStatus> {
    match cmd {
        Command::Add(args) => add::run(args, ctx),
        Command::List(args) => list::run(args, ctx),
        Command::Remove(args) => remove::run(args, ctx),
        Command::Test(args) => test::run(args, ctx),
        Command::Gpu(args) => gpu::run(args, ctx),
        Command::Trust(args) => trust::run(args, ctx),
    }
}

/// Warns (stderr) about node addresses generation-2 validators cannot tell apart, and nodes
/// without a price, while bidding is on.
fn bidding_warnings(ctx: &Context) {
    use basilica_miner::core::checks::{self, Area};
    use basilica_miner::core::config::Severity;
    if let Ok(loaded) = ctx.load_config() {
        for p in checks::validate(&loaded, &[Area::Bidding]).iter().filter(|p| p.severity == Severity::Warning) {
            ctx.out.warn(&p.to_string());
        }
    }
}

/// One node as `--json` prints it.
#[derive(serde::Serialize)]
struct NodeJson<'a> {
    node_id: String,
    address: String,
    username: &'a str,
    host: &'a str,
    port: u16,
    /// `null`: the static price of the node's GPU category applies.
    hourly_rate_per_gpu: Option<f64>,
    additional_opts: Option<&'a str>,
    /// Declared to generation-2 validators (`null`: what nvidia-smi finds is sent).
    gpu_category: Option<&'static str>,
    gpu_count: Option<u32>,
    extra_mount_path: Option<&'a str>,
    /// The last check `serve` recorded (node list only; `null` before the first).
    #[serde(skip_serializing_if = "Option::is_none")]
    health: Option<Option<HealthJson>>,
    /// The last full validation `serve` recorded (node list only; `null` before the first).
    #[serde(skip_serializing_if = "Option::is_none")]
    full_validation: Option<Option<ValidationJson>>,
}

#[derive(serde::Serialize)]
struct ValidationJson {
    ok: bool,
    checked_at: i64,
    /// Passed within the 12 h validators require for a rental.
    current: bool,
    code: Option<String>,
    detail: Option<String>,
    pull_secs: Option<f64>,
}

type Validations = std::collections::HashMap<String, basilica_miner::core::daemon::store::ValidationRow>;

fn validation_json(v: &basilica_miner::core::daemon::store::ValidationRow, now: i64) -> ValidationJson {
    ValidationJson {
        ok: v.ok,
        checked_at: v.checked_at,
        current: v.ok && now - v.checked_at <= basilica_miner::core::nodes::validation::VALID_FOR_SECS,
        code: v.code.clone(),
        detail: v.detail.clone(),
        pull_secs: v.pull_secs,
    }
}

/// `passed 2h 5m ago`, `failed 3m ago: container_gpu_failed`, `never`.
fn validation_cell(v: Option<&basilica_miner::core::daemon::store::ValidationRow>, now: i64) -> String {
    match v {
        None => "never".into(),
        Some(v) if v.ok => format!("passed {} ago", duration(now - v.checked_at)),
        Some(v) => format!("failed {} ago: {}", duration(now - v.checked_at), v.code.clone().unwrap_or_default()),
    }
}

#[derive(serde::Serialize)]
struct HealthJson {
    ok: bool,
    code: Option<String>,
    detail: String,
    checked_at: i64,
    /// Seconds since the node last failed a check; 0 while it fails.
    uptime_streak_seconds: i64,
}

type Health = std::collections::HashMap<String, (basilica_miner::core::daemon::store::HealthRow, i64)>;

fn streak(h: &basilica_miner::core::daemon::store::HealthRow) -> i64 {
    h.healthy_since.map_or(0, |s| (basilica_miner::core::support::clock::unix_now() - s).max(0))
}

/// A node's price as every table shows prices: `$2.50 (250 ¢)`, or the static table's.
fn price_cell(rate: Option<f64>) -> String {
    rate.map_or_else(
        || "static price of its GPU category".to_string(),
        |p| super::output::price(basilica_miner::core::nodes::node::rate_cents(p)),
    )
}

/// `3d 4h`, `5h 12m`, `42m`, `0`.
fn duration(secs: i64) -> String {
    let (d, h, m) = (secs / 86_400, secs % 86_400 / 3600, secs % 3600 / 60);
    match (d, h) {
        (0, 0) if secs > 0 => format!("{}m", m.max(1)),
        (0, 0) => "0".into(),
        (0, _) => format!("{h}h {m}m"),
        _ => format!("{d}d {h}h"),
    }
}

fn to_json(r: &NodeRecord) -> NodeJson<'_> {
    NodeJson {
        node_id: r.node_id.to_string(),
        address: r.address().to_string(),
        username: &r.username,
        host: &r.host,
        port: r.port,
        hourly_rate_per_gpu: r.hourly_rate_per_gpu,
        additional_opts: r.additional_opts.as_deref(),
        gpu_category: r.gpu_category.map(basilica_miner::core::nodes::gpu::GpuModel::as_str),
        gpu_count: r.gpu_count,
        extra_mount_path: r.extra_mount_path.as_deref(),
        health: None,
        full_validation: None,
    }
}

/// `node list`: the nodes with their last recorded health and uptime streak.
fn print_nodes_with_health(
    ctx: &Context,
    records: &[NodeRecord],
    health: &Health,
    validations: &Validations,
) -> anyhow::Result<()> {
    let now = basilica_miner::core::support::clock::unix_now();
    if ctx.out.json_mode() {
        let rows: Vec<NodeJson<'_>> = records
            .iter()
            .map(|r| {
                let mut j = to_json(r);
                j.health = Some(health.get(&r.node_id.to_string()).map(|(h, at)| HealthJson {
                    ok: h.ok,
                    code: h.code.clone(),
                    detail: h.detail.clone(),
                    checked_at: *at,
                    uptime_streak_seconds: streak(h),
                }));
                j.full_validation = Some(validations.get(&r.node_id.to_string()).map(|v| validation_json(v, now)));
                j
            })
            .collect();
        ctx.out.json(&rows)?;
    } else if !records.is_empty() {
        let rows = records
            .iter()
            .map(|r| {
                let (state, checked, up) = match health.get(&r.node_id.to_string()) {
                    Some((h, at)) => (
                        if h.ok {
                            "healthy".to_string()
                        } else {
                            format!("failing: {}", h.code.clone().unwrap_or_default())
                        },
                        format!("{} ago", duration(now - at)),
                        duration(streak(h)),
                    ),
                    None => ("not checked yet".into(), "-".into(), "-".into()),
                };
                let full = validation_cell(validations.get(&r.node_id.to_string()), now);
                vec![
                    r.node_id.to_string(),
                    r.address().to_string(),
                    price_cell(r.hourly_rate_per_gpu),
                    state,
                    checked,
                    up,
                    full,
                ]
            })
            .collect();
        ctx.out.table(
            &["NODE ID", "ADDRESS", "PER GPU-HOUR", "HEALTH", "LAST CHECK", "UPTIME STREAK", "FULL VALIDATION"],
            rows,
        )?;
    }
    Ok(())
}

/// Prints nodes as a table or a JSON array.
fn print_nodes(ctx: &Context, records: &[NodeRecord]) -> anyhow::Result<()> {
    if ctx.out.json_mode() {
        ctx.out.json(&records.iter().map(to_json).collect::<Vec<_>>())?;
    } else if !records.is_empty() {
        let rows = records
            .iter()
            .map(|r| {
                vec![
                    r.node_id.to_string(),
                    r.address().to_string(),
                    price_cell(r.hourly_rate_per_gpu),
                    r.additional_opts.clone().unwrap_or_default(),
                ]
            })
            .collect();
        ctx.out.table(&["NODE ID", "ADDRESS", "PER GPU-HOUR", "SSH OPTIONS"], rows)?;
    }
    Ok(())
}
