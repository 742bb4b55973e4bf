//! `node list`: configured nodes with their stable ids and, once `serve` has checked them,
//! their health and uptime streak (time since the node last failed a check: validators ramp
//! rewards over about 14 days of it).

use basilica_miner::core::ops::node_list::{node_list, ListedNode};

use super::{duration, price_cell};
use crate::commands::CmdResult;
use crate::commands::{Context, ExitStatus};

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args, ctx: &Context) -> CmdResult {
    let loaded = ctx.load_config()?;
    let listing = node_list(&loaded);
    if listing.nodes.is_empty() && !ctx.out.json_mode() {
        ctx.out.note("no nodes configured; add one with `basilica-miner node add user@host[:port] --rate 2.50`");
    }
    if let Some(e) = &listing.health_unreadable {
        ctx.out.warn(&format!("no health from the database: {e}"));
    }
    if ctx.out.json_mode() {
        ctx.out.json(&listing.nodes)?;
    } else if !listing.nodes.is_empty() {
        let rows = listing.nodes.iter().map(|n| row(n, listing.at)).collect();
        ctx.out.table(
            &[
                "NODE ID",
                "ADDRESS",
                "MACHINE",
                "PER GPU-HOUR",
                "HEALTH",
                "LAST CHECK",
                "UPTIME STREAK",
                "FULL VALIDATION",
                "RENTAL",
                "OFFER",
            ],
            rows,
        )?;
    }
    Ok(ExitStatus::Success)
}

/// One table row: health `healthy` / `failing: code`, and the full validation as `passed 2h 5m
/// ago`, `failed 3m ago: container_gpu_failed` or `never`.
fn row(n: &ListedNode, now: i64) -> Vec<String> {
    let code = |c: Option<basilica_miner::core::nodes::fleet::Code>| c.map_or("", |c| c.as_str());
    let (state, checked, up) = match n.health.as_ref().and_then(Option::as_ref) {
        Some(h) => (
            if h.ok { "healthy".to_string() } else { format!("failing: {}", code(h.code)) },
            format!("{} ago", duration(now - h.checked_at)),
            duration(h.uptime_streak_seconds),
        ),
        None => ("not checked yet".into(), "-".into(), "-".into()),
    };
    let full = match n.full_validation.as_ref().and_then(Option::as_ref) {
        None => "never".into(),
        Some(v) if v.ok => format!("passed {} ago", duration(now - v.checked_at)),
        Some(v) => format!("failed {} ago: {}", duration(now - v.checked_at), code(v.code)),
    };
    let machine = machine(n);
    let rental = match n.rentals.as_deref() {
        Some([]) | None => "-".to_string(),
        Some(rentals) => rentals
            .iter()
            .map(|r| format!("{} for {}", r.rental_id, duration(now - r.since)))
            .collect::<Vec<_>>()
            .join("\n"),
    };
    let rented = !matches!(n.rentals.as_deref(), Some([]) | None);
    let offer = match (n.cordoned, rented) {
        (true, true) => "draining (cordoned)",
        (true, false) => "cordoned",
        (false, _) => "offered",
    };
    vec![
        n.node_id.clone(),
        n.address.clone(),
        machine,
        price_cell(n.hourly_rate_per_gpu),
        state,
        checked,
        up,
        full,
        rental,
        offer.to_string(),
    ]
}

/// What the last check found (`8x H100`, `CPU: <model>, N vCPU, M GB`), else what is declared.
fn machine(n: &ListedNode) -> String {
    match n.health.as_ref().and_then(Option::as_ref) {
        Some(h) if h.cpu.is_some() => h.cpu.clone().unwrap_or_default(),
        Some(h) if h.gpus > 0 => format!("{}x {}", h.gpus, h.gpu_category.as_deref().unwrap_or("mixed")),
        _ => match (&n.gpu_category, n.gpu_count) {
            (Some(c), Some(k)) => format!("{k}x {c} (declared)"),
            (Some(c), None) => format!("{c} (declared)"),
            _ => "-".into(),
        },
    }
}
