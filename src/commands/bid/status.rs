//! `bid status`: the bid at the validator and its heartbeat, as the daemon last
//! recorded them in its database.

use basilica_miner::core::ops::bid::bid_status;
use basilica_miner::core::ops::bid_validators::not_basilica_fix;
use basilica_miner::core::support::clock::unix_now;
use basilica_miner::core::support::exit::ExitClass;

use crate::commands::{CmdResult, Context, ExitStatus};

fn ago(at: Option<i64>) -> String {
    at.map_or_else(|| "never".into(), |t| format!("{} s ago", unix_now() - t))
}

/// `bid status`: exit 0 when registered, 1 when not.
pub(super) fn run(ctx: &Context) -> CmdResult {
    let loaded = ctx.load_config()?;
    let report = bid_status(&loaded)?;
    let (registered, record) = (report.registered, &report.bid);
    if ctx.out.json_mode() {
        ctx.out.json(&report)?;
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
                    crate::commands::output::price(a.hourly_rate_cents)
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
        if let Some(l) = &record.endpoint_state {
            rows.push(vec!["endpoint state".into(), format!("{}: {}", l.state.as_str(), l.explain())]);
            if !l.state.takes_bids() {
                rows.push(vec!["fix".into(), l.state.fix()]);
            }
        } else if record.none_takes_bids {
            rows.push(vec![
                "endpoint state".into(),
                "none_takes_bids: no validator looked at on the subnet takes Basilica bids".into(),
            ]);
            rows.push(vec!["fix".into(), not_basilica_fix()]);
        }
        for v in &record.validators {
            let role = if v.assigned {
                "assigned"
            } else if v.look.state.takes_bids() {
                "takes bids"
            } else {
                "skipped"
            };
            rows.push(vec![
                format!("validator ({role})"),
                format!("{} uid {}: {} ({})", v.hotkey, v.uid, v.look.state.as_str(), v.look.explain()),
            ]);
        }
        if let Some(e) = &record.last_error {
            rows.push(vec!["last error".into(), format!("{e} ({})", ago(record.last_error_at))]);
        }
        ctx.out.pairs(rows)?;
    }
    Ok(if registered { ExitStatus::Success } else { ExitStatus::Failed(ExitClass::Failure) })
}
