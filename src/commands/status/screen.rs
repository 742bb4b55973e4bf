//! The `status` screen: the summary, the node table (cut to the terminal and failing nodes
//! first under `--watch`) and what needs attention.

use std::io::IsTerminal;

use basilica_miner::core::ops::status::{NodeStatus, Status};
use basilica_miner::core::support::duration::human_secs;
use comfy_table::{presets, Cell, Color, ContentArrangement};
use console::style;

use super::summary::{ago, attention_lines, summary};

fn colored(text: impl Into<String>, color: Color) -> Cell {
    let cell = Cell::new(text.into());
    if console::colors_enabled() {
        cell.fg(color)
    } else {
        cell
    }
}

/// A node's row; `compact` leaves out the GPU-hours column (an 80-column terminal).
fn node_row(s: &Status, n: &NodeStatus, compact: bool) -> Vec<Cell> {
    let health = match n.health {
        "healthy" if !n.rentals.is_empty() => colored("rented", Color::Cyan),
        "healthy" => colored("healthy", Color::Green),
        "failing" => colored("FAILING", Color::Red),
        other => Cell::new(other),
    };
    let gpus = match (&n.gpu_model, n.gpus) {
        _ if n.cpu.is_some() => n.cpu.clone().unwrap_or_default(),
        (_, 0) => "-".to_string(),
        (Some(m), g) => format!("{g}x {m}"),
        (None, g) => format!("{g} mixed"),
    };
    let when = |at: i64| if compact { human_secs(s.at - at) } else { ago(s.at, at) };
    let full = match &n.full_check {
        Some(f) if f.ok => Cell::new(format!("ok {}", when(f.at))),
        Some(f) => colored(format!("FAIL {}", when(f.at)), Color::Red),
        None => Cell::new("-"),
    };
    let mut row = vec![
        Cell::new(&n.address),
        health,
        Cell::new(if n.uptime_streak_secs > 0 { human_secs(n.uptime_streak_secs) } else { "-".into() }),
        Cell::new(gpus),
        Cell::new(n.price_cents.map_or_else(|| "-".into(), |c| format!("${:.2}", f64::from(c) / 100.0))),
    ];
    if !compact {
        row.push(Cell::new(format!("{:.1}", n.offered_24h.gpu_hours())));
    }
    row.push(full);
    row.push(Cell::new(match n.rentals.first() {
        Some(r) => format!("{} for {}", r.rental_id, human_secs(s.at - r.since)),
        None => "-".into(),
    }));
    row
}

/// The whole screen; `fit` (rows, columns) cuts the node list to the terminal and puts the
/// failing nodes first.
pub(super) fn screen(s: &Status, fit: Option<(usize, usize)>) -> Vec<String> {
    let width = match fit {
        Some((_, cols)) => cols,
        None if std::io::stdout().is_terminal() => usize::from(console::Term::stdout().size().1),
        None => usize::from(u16::MAX),
    };
    let mut lines = vec![format!("basilica-miner status · {}", s.config)];
    lines.extend(summary(s, width));
    for u in &s.unreadable {
        lines.push(style(format!("(unreadable: {u})")).yellow().to_string());
    }
    let attention = attention_lines(s, if fit.is_some() { 7 } else { usize::MAX }, width);
    let mut nodes: Vec<&NodeStatus> = s.nodes.iter().collect();
    let mut hidden: Vec<&NodeStatus> = Vec::new();
    if let Some((rows, _)) = fit {
        nodes.sort_by_key(|n| n.health == "healthy");
        // Title lines, the table header, two blank lines, the attention block, a line to spare.
        let room = rows.saturating_sub(lines.len() + attention.len() + 4).max(2);
        if nodes.len() > room {
            hidden = nodes.split_off(room - 1);
        }
    }
    let mut t = crate::commands::output::stdout_table();
    if fit.is_some() {
        t.load_preset(presets::NOTHING).set_content_arrangement(ContentArrangement::Dynamic);
    }
    t.set_width(u16::try_from(width).unwrap_or(u16::MAX));
    let compact = fit.is_some_and(|(_, cols)| cols < 100);
    t.set_header(if compact {
        vec!["NODE", "HEALTH", "UPTIME", "GPUS", "$/GPU-H", "FULL CHECK", "RENTAL"]
    } else {
        vec!["NODE", "HEALTH", "UPTIME", "GPUS", "$/GPU-H", "24H GPU-H", "FULL CHECK", "RENTAL"]
    });
    for n in &nodes {
        t.add_row(node_row(s, n, compact));
    }
    lines.push(String::new());
    lines.extend(t.to_string().lines().map(|l| l.trim_end().to_string()));
    if !hidden.is_empty() {
        let healthy = hidden.iter().filter(|n| n.health == "healthy").count();
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
