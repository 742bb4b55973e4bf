//! The summary lines of the `status` screen (daemon, chain, validator, bidding, sessions,
//! offered GPU time) and its attention block.

use basilica_miner::core::ops::status::{Attention, StatusReport, Urgency};
use basilica_miner::core::support::duration::human_secs;
use console::style;

pub(super) fn ago(now: i64, at: i64) -> String {
    format!("{} ago", human_secs(now - at))
}

fn short(hotkey: &str, room: usize) -> String {
    if hotkey.chars().count() <= room || room < 8 {
        return hotkey.to_string();
    }
    let keep = (room - 1) / 2;
    let chars: Vec<char> = hotkey.chars().collect();
    format!("{}…{}", chars[..keep].iter().collect::<String>(), chars[chars.len() - keep..].iter().collect::<String>())
}

/// The summary lines above the node table.
pub(super) fn summary(s: &StatusReport, width: usize) -> Vec<String> {
    let d = &s.daemon;
    let mut lines = Vec::new();
    let daemon = if !d.running {
        style("not running").red().bold().to_string()
    } else {
        let health = match (&d.health, &d.health_error) {
            (Some(h), _) if h == "Serving" => style("serving").green().to_string(),
            (Some(h), _) => style(h.to_lowercase()).red().bold().to_string(),
            (None, _) => style("not answering").red().bold().to_string(),
        };
        let mut parts = vec![health, format!("pid {}", d.pid.unwrap_or(0))];
        if let Some(t) = d.up_since {
            parts.push(format!("up {}", human_secs(s.at - t)));
        }
        parts.push(match (&d.version, &d.git_sha) {
            (Some(v), Some(g)) if g != "unknown" => format!("v{v} ({g})"),
            (Some(v), _) => format!("v{v}"),
            (None, _) => format!("v? (this binary v{})", d.this_version),
        });
        parts.join(" · ")
    };
    lines.push(format!("Daemon     {daemon}"));
    let c = &s.chain;
    let chain = match (c.online, c.metagraph_age_secs) {
        (Some(false), _) => "offline (--offline): no metagraph".to_string(),
        (_, Some(age)) => format!(
            "{} · metagraph {} old · {} failed refreshes",
            c.network,
            human_secs(age),
            c.refresh_failures.unwrap_or(0)
        ),
        (Some(true), None) => format!("{} · no metagraph yet ({})", c.network, c.endpoint),
        (None, None) => format!("{} · unknown (no metrics from the daemon)", c.network),
    };
    lines.push(format!("Chain      {chain}"));
    let v = &s.validator;
    let validator = match &v.hotkey {
        Some(h) => {
            let since = v.since.map(|t| format!(" · since {}", human_secs(s.at - t))).unwrap_or_default();
            format!("{}{since}", short(h, width.saturating_sub(11 + since.len()).max(12)))
        }
        None => style("none assigned").yellow().to_string(),
    };
    lines.push(format!("Validator  {validator}"));
    let r = &s.bid;
    let bidding = if !r.enabled {
        "disabled ([bidding] enabled = false)".to_string()
    } else if !r.registered {
        style("not registered").yellow().to_string()
    } else {
        let rec = &r.record;
        let heartbeat = match rec.last_heartbeat_at {
            Some(at) => {
                format!("heartbeat {} ({})", ago(s.at, at), rec.last_heartbeat_result.as_deref().unwrap_or("?"))
            }
            None => "no heartbeat yet".into(),
        };
        let active = rec.nodes_active.map_or_else(|| "?".into(), |n| n.to_string());
        format!(
            "registered · {heartbeat} · {active}/{} nodes active · {} refused",
            rec.advertised.len(),
            rec.refused.len()
        )
    };
    lines.push(format!("Bidding    gen 2: {bidding}"));
    if r.enabled {
        lines.extend(where_bids_go(&r.record));
    }
    let a = &s.sessions_last_hour;
    lines.push(format!(
        "Sessions   gen 1 (legacy), last hour: {} logins, {} discoveries by {} validator(s), {} refused",
        a.authentications,
        a.discoveries,
        a.validators.len(),
        a.refused
    ));
    let r = &s.rentals;
    let longest = r.longest.as_ref().map_or_else(String::new, |l| {
        format!(" · longest {} ({} on {})", human_secs(l.running_secs), l.rental_id, l.address)
    });
    lines.push(format!(
        "Rentals    {} of {} advertised node(s) rented · {} of {} GPU(s){longest}",
        r.nodes_rented, r.nodes_advertised, r.gpus_rented, r.gpus_advertised
    ));
    lines.push(format!(
        "Offered    last 24 h: {:.1} GPU-hours, ${:.2} at your prices",
        s.offered_24h.gpu_hours,
        s.offered_24h.value_cents as f64 / 100.0
    ));
    lines
}

/// `text` cut at spaces into lines of at most `width` columns, the first after `first`, the
/// others after `indent` spaces.
pub(super) fn wrap(first: &str, indent: usize, text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = first.to_string();
    for word in text.split(' ') {
        let used = console::measure_text_width(&line);
        if used + 1 + console::measure_text_width(word) > width && used > indent + 1 {
            lines.push(std::mem::replace(&mut line, " ".repeat(indent)));
        }
        if !line.ends_with(' ') {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

pub(super) fn attention_lines(s: &StatusReport, most: usize, width: usize) -> Vec<String> {
    let mark = |a: &Attention| match a.severity {
        Urgency::Critical => style("✗").red().bold().to_string(),
        Urgency::Warning => style("!").yellow().bold().to_string(),
    };
    let Some(first) = s.attention.first() else {
        return vec![style("All well: nothing needs attention.").green().to_string()];
    };
    let mut lines = vec![format!("Needs attention ({}), first:", s.attention.len())];
    lines.extend(wrap(&format!("  {} {}:", mark(first), first.subject), 4, &first.problem, width));
    lines.extend(wrap("    fix:", 9, &first.fix, width));
    let rest = s.attention.len() - 1;
    let shown = rest.min(most.saturating_sub(lines.len() + 1));
    for a in s.attention.iter().skip(1).take(shown) {
        if most == usize::MAX {
            // All of it: wrapped to the terminal like the first.
            lines.extend(wrap(&format!("  {} {}:", mark(a), a.subject), 4, &a.problem, width));
        } else {
            let line = format!("  {} {}: {}", mark(a), a.subject, a.problem);
            lines.push(console::truncate_str(&line, width, "…").into_owned());
        }
    }
    if rest > shown {
        lines.push(format!("  … and {} more (`basilica-miner status` lists them all)", rest - shown));
    }
    lines
}

/// Under the bidding line: the bid endpoint's state when it takes no bids, and the validators
/// the assignment skipped for not taking them.
fn where_bids_go(record: &basilica_miner::core::daemon::state::store::BidRecord) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(l) = record.endpoint_state.as_ref().filter(|l| !l.state.takes_bids()) {
        lines.push(format!("           bid endpoint: {} ({})", style(l.state.as_str()).yellow(), l.explain()));
    }
    let skipped: Vec<String> = record
        .validators
        .iter()
        .filter(|v| !v.look.state.takes_bids())
        .map(|v| format!("{} ({})", short(&v.hotkey, 16), v.look.state.as_str()))
        .collect();
    if !skipped.is_empty() {
        lines.push(format!("           skipped, not taking bids: {}", skipped.join(", ")));
    }
    lines
}
