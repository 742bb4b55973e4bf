//! `bid show`: every node checked now and what would be advertised to the validator
//! (categories, GPU counts, prices), and why the others are left out. Sends nothing.

use basilica_miner::core::ops::bid::bid_show;

use crate::commands::fleet_ui::{block_on, progress};
use crate::commands::{CmdResult, Context, ExitStatus};

/// `bid show [--full]`.
pub(super) fn run(ctx: &Context, full: bool) -> CmdResult {
    let loaded = ctx.load_config()?;
    let bar = progress(ctx, loaded.config.node_management.nodes.len(), "checking");
    let stage =
        |t: &basilica_miner::core::nodes::fleet::Target, what: &str| bar.set_message(format!("{}: {what}", t.address));
    let preview = block_on(bid_show(&loaded, full, &stage, &|_| bar.inc(1)))?;
    bar.finish_and_clear();
    if ctx.out.json_mode() {
        ctx.out.json(&preview)?;
        return Ok(ExitStatus::Success);
    }
    if !preview.enabled {
        ctx.out
            .warn("[bidding] enabled = false: serve does not register at validators; this is what it would advertise");
    }
    for w in &preview.warnings {
        ctx.out.warn(w);
    }
    ctx.out.note(format!("registers at {}", preview.endpoint));
    let mut rows: Vec<Vec<String>> = preview
        .offer
        .advertised
        .iter()
        .map(|a| {
            let mut devices = format!("{} x{}", a.gpu_category.as_str(), a.gpu_count);
            if let Some(cpu) = preview.cpus.get(&a.node_id) {
                devices.push_str(&format!(" ({})", cpu.summary()));
            }
            if let Some(p) = &a.extra_mount_path {
                devices.push_str(&format!(" (+{p})"));
            }
            let status = match preview.rented.get(&a.node_id) {
                Some(seen) => format!("advertised, rented: {seen}"),
                None => "advertised".into(),
            };
            vec![
                format!("{}@{}:{}", a.username, a.host, a.port),
                devices,
                crate::commands::output::price(a.hourly_rate_cents),
                status,
            ]
        })
        .collect();
    rows.extend(
        preview
            .offer
            .left_out
            .iter()
            .map(|l| vec![l.address.clone(), "-".into(), "-".into(), format!("left out: {}", l.detail)]),
    );
    ctx.out.table(&["NODE", "GPUS", "PER GPU-HOUR", "STATUS"], rows)?;
    ctx.out.note(format!(
        "{} node(s) advertised ({} rented), {} left out",
        preview.offer.advertised.len(),
        preview.offer.advertised.iter().filter(|a| preview.rented.contains_key(&a.node_id)).count(),
        preview.offer.left_out.len()
    ));
    if !full {
        ctx.out.note("full validations are serve's last ones; `bid show --full` runs them now");
    }
    Ok(ExitStatus::Success)
}
