//! `bid show` / `bid status`: generation 2 seen from the operator's chair: what would be
//! advertised to the validator and why nodes are left out, and the registration and heartbeat
//! the daemon last recorded.

use crate::commands::CmdResult;
use basilica_miner::core::ops::bid::{bid_show, bid_status};
use basilica_miner::core::ops::database::DatabaseError;
use basilica_miner::core::support::clock::unix_now;
use clap::Subcommand;

use super::error::UsageError;
use super::fleet_ui::{block_on, progress};
use super::{Context, ExitStatus};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check every node now and print what would be advertised (categories, GPU counts, prices) and why nodes are left out; sends nothing to any validator.
    Show {
        /// Run the validators' full validation now instead of using serve's last one
        #[arg(long)]
        full: bool,
    },
    /// Print the last registration at the validator and its heartbeat, from the daemon's database.
    Status,
}

pub fn run(cmd: Command, ctx: &Context) -> CmdResult {
    match cmd {
        Command::Show { full } => show(ctx, full),
        Command::Status => status(ctx),
    }
}

fn show(ctx: &Context, full: bool) -> CmdResult {
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
            vec![
                format!("{}@{}:{}", a.username, a.host, a.port),
                match &a.extra_mount_path {
                    Some(p) => format!("{} x{} (+{p})", a.gpu_category.as_str(), a.gpu_count),
                    None => format!("{} x{}", a.gpu_category.as_str(), a.gpu_count),
                },
                super::output::price(a.hourly_rate_cents),
                "advertised".into(),
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
        "{} node(s) advertised, {} left out",
        preview.offer.advertised.len(),
        preview.offer.left_out.len()
    ));
    if !full {
        ctx.out.note("full validations are serve's last ones; `bid show --full` runs them now");
    }
    Ok(ExitStatus::Success)
}

fn ago(at: Option<i64>) -> String {
    at.map_or_else(|| "never".into(), |t| format!("{} s ago", unix_now() - t))
}

fn status(ctx: &Context) -> CmdResult {
    let loaded = ctx.load_config()?;
    let record = match bid_status(&loaded) {
        Ok(r) => r,
        Err(e @ (DatabaseError::NotAFile(_) | DatabaseError::Missing(_))) => {
            return Err(UsageError(e.to_string()).into())
        }
        Err(DatabaseError::Store(e)) => return Err(e.into()),
    };
    let registered = record.is_registered();
    if ctx.out.json_mode() {
        ctx.out.json(&serde_json::json!({ "registered": registered, "registration": record }))?;
    } else {
        let dash = || "-".to_string();
        let mut rows = vec![
            vec!["state".to_string(), if registered { "registered".into() } else { "not registered".into() }],
            vec!["validator".into(), record.validator_hotkey.clone().unwrap_or_else(dash)],
            vec!["endpoint".into(), record.endpoint.clone().unwrap_or_else(dash)],
            vec!["registration id".into(), record.registration_id.clone().unwrap_or_else(dash)],
            vec!["registered at".into(), ago(record.registered_at)],
            vec!["heartbeat every".into(), record.heartbeat_secs.map_or_else(dash, |s| format!("{s} s"))],
            vec![
                "last heartbeat".into(),
                format!(
                    "{} ({})",
                    ago(record.last_heartbeat_at),
                    record.last_heartbeat_result.clone().unwrap_or_else(dash)
                ),
            ],
            vec!["nodes active".into(), record.nodes_active.map_or_else(dash, |n| n.to_string())],
        ];
        for a in &record.advertised {
            rows.push(vec![
                "advertised".into(),
                format!(
                    "{}:{} {} x{} at {}",
                    a.host,
                    a.port,
                    a.gpu_category.as_str(),
                    a.gpu_count,
                    super::output::price(a.hourly_rate_cents)
                ),
            ]);
        }
        for r in &record.refused {
            rows.push(vec![
                "refused".into(),
                format!(
                    "{}: {} (offered again in {} s or after a reload)",
                    r.host,
                    r.explain(),
                    (r.until - unix_now()).max(0)
                ),
            ]);
        }
        if let Some(e) = &record.last_error {
            rows.push(vec!["last error".into(), format!("{e} ({})", ago(record.last_error_at))]);
        }
        ctx.out.pairs(rows)?;
    }
    Ok(if registered { ExitStatus::Success } else { ExitStatus::Failure })
}
