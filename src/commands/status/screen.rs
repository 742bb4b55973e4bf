//! The `status` screen: the summary, the node table (cut to the terminal and failing nodes
//! first under `--watch`) and what needs attention.

use std::io::IsTerminal;

use basilica_miner::core::ops::status::{NodeHealth, NodeStatus, StatusReport};
use basilica_miner::core::support::duration::human_secs;
use comfy_table::{presets, Cell, Color, ContentArrangement};
use console::style;

use super::summary::{ago, attention_lines, summary, wrap};

/// The width of the summary's labels (`Daemon     `).
const LABEL: usize = 11;

fn colored(text: impl Into<String>, color: Color) -> Cell {
    let cell = Cell::new(text.into());
    if console::colors_enabled() {
        cell.fg(color)
    } else {
        cell
    }
}

/// Columns below which the node table goes compact: no borders, no GPU-hours column, the
/// default user left out of addresses, a CPU-only host by its vCPUs: one line a node at 80.
const COMPACT_BELOW: usize = 100;

/// The address as a compact row shows it: without the user when it is the default one.
fn short_address<'a>(s: &StatusReport, address: &'a str) -> &'a str {
    match address.split_once('@') {
        Some((user, rest)) if user == s.default_username => rest,
        _ => address,
    }
}

/// A duration in at most 6 columns: `45s`, `12m`, `3h12m`, `4d3h`.
fn short_secs(secs: i64) -> String {
    let s = secs.max(0);
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m", s / 60),
        3600..86400 => format!("{}h{:02}m", s / 3600, s % 3600 / 60),
        _ => format!("{}d{}h", s / 86400, s % 86400 / 3600),
    }
}

/// A CPU-only host's `CPU: <model>, N vCPU, M GB` as `CPU N vCPU`.
fn short_cpu(cpu: &str) -> String {
    cpu.split(", ").find(|p| p.ends_with("vCPU")).map_or_else(|| "CPU".into(), |v| format!("CPU {v}"))
}

/// A node's row; `compact` for a narrow terminal ([`COMPACT_BELOW`]).
fn node_row(s: &StatusReport, n: &NodeStatus, compact: bool) -> Vec<Cell> {
    let health = match (n.health, n.maintenance) {
        (_, Some(state)) => colored(state, Color::Yellow),
        (NodeHealth::Rented, None) => colored("rented", Color::Cyan),
        (NodeHealth::Healthy, None) => colored("healthy", Color::Green),
        (NodeHealth::Failing, None) => colored("FAILING", Color::Red),
        (NodeHealth::Unchecked, None) => Cell::new("unchecked"),
    };
    let gpus = match (&n.gpu_model, n.gpus) {
        _ if compact && n.cpu.is_some() => short_cpu(n.cpu.as_deref().unwrap_or_default()),
        _ if n.cpu.is_some() => n.cpu.clone().unwrap_or_default(),
        (_, 0) => "-".to_string(),
        (Some(m), g) => format!("{g}x {m}"),
        (None, g) => format!("{g} mixed"),
    };
    let when = |at: i64| if compact { short_secs(s.at - at) } else { ago(s.at, at) };
    let span = |secs: i64| if compact { short_secs(secs) } else { human_secs(secs) };
    let full = match &n.validation {
        Some(f) if f.ok => Cell::new(format!("ok {}", when(f.at))),
        Some(f) => colored(format!("FAIL {}", when(f.at)), Color::Red),
        None => Cell::new("-"),
    };
    let mut row = vec![
        Cell::new(if compact { short_address(s, &n.address) } else { &n.address }),
        health,
        Cell::new(if n.uptime_streak_secs > 0 { span(n.uptime_streak_secs) } else { "-".into() }),
        Cell::new(gpus),
        Cell::new(n.price_cents.map_or_else(|| "-".into(), |c| format!("${:.2}", f64::from(c) / 100.0))),
    ];
    if !compact {
        row.push(Cell::new(format!("{:.1}", n.offered_24h.gpu_hours())));
    }
    row.push(full);
    row.push(Cell::new(match n.rentals.first() {
        Some(r) if compact => short_secs(s.at - r.since),
        Some(r) => format!("{} for {}", r.rental_id, human_secs(s.at - r.since)),
        None => "-".into(),
    }));
    row
}

/// The whole screen; `fit` (rows, columns) cuts the node list to the terminal and puts the
/// failing nodes first.
pub(super) fn screen(s: &StatusReport, fit: Option<(usize, usize)>) -> Vec<String> {
    let width = match fit {
        Some((_, cols)) => cols,
        None if std::io::stdout().is_terminal() => usize::from(console::Term::stdout().size().1),
        None => usize::from(u16::MAX),
    };
    let mut lines = vec![format!("basilica-miner status · {}", s.config)];
    for line in summary(s, width) {
        // A summary line wider than the terminal goes on under its label (`--watch` cuts it).
        match line.split_at_checked(LABEL) {
            Some((label, rest)) if fit.is_none() && console::measure_text_width(&line) > width => {
                lines.extend(wrap(label.trim_end(), LABEL, rest.trim_start(), width));
            }
            _ => lines.push(line),
        }
    }
    for u in &s.unreadable {
        lines.push(style(format!("(unreadable: {u})")).yellow().to_string());
    }
    let mut attention = attention_lines(s, if fit.is_some() { 7 } else { usize::MAX }, width);
    let mut nodes: Vec<&NodeStatus> = s.nodes.iter().collect();
    let mut hidden: Vec<&NodeStatus> = Vec::new();
    if let Some((rows, _)) = fit {
        nodes.sort_by_key(|n| n.health.passes());
        // Title lines, the table header, two blank lines, a line to spare: the nodes come
        // before the attention block's detail, which keeps its first 3 lines.
        let fixed = lines.len() + 4;
        let room = rows.saturating_sub(fixed + attention.len().min(3)).max(2);
        if nodes.len() > room {
            hidden = nodes.split_off(room - 1);
        }
        let shown = nodes.len() + usize::from(!hidden.is_empty());
        attention.truncate(rows.saturating_sub(fixed + shown).max(attention.len().min(3)));
    }
    let compact = width < COMPACT_BELOW;
    let mut t = crate::commands::output::stdout_table();
    if compact {
        t.load_preset(presets::NOTHING).set_content_arrangement(ContentArrangement::Dynamic);
    }
    t.set_width(u16::try_from(width).unwrap_or(u16::MAX));
    t.set_header(if compact {
        vec!["NODE", "HEALTH", "UPTIME", "GPUS", "$/GPU-H", "FULL CHECK", "RENTAL"]
    } else {
        vec!["NODE", "HEALTH", "UPTIME", "GPUS", "$/GPU-H", "24H GPU-H", "FULL CHECK", "RENTAL"]
    });
    for n in &nodes {
        t.add_row(node_row(s, n, compact));
    }
    if let Some(column) = t.column_mut(0) {
        // An address is never broken across lines.
        column.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
    }
    lines.push(String::new());
    lines.extend(t.to_string().lines().map(|l| l.trim_end().to_string()));
    if !hidden.is_empty() {
        let healthy = hidden.iter().filter(|n| n.health.passes()).count();
        lines.push(if healthy == hidden.len() {
            format!("… and {} more node(s), all healthy", hidden.len())
        } else {
            format!("… and {} more node(s), {healthy} of them healthy", hidden.len())
        });
    }
    lines.push(String::new());
    lines.extend(attention);
    if let Some((rows, cols)) = fit {
        lines.truncate(rows.saturating_sub(1));
        for l in &mut lines {
            *l = console::truncate_str(l, cols, "…").into_owned();
        }
    }
    lines
}
