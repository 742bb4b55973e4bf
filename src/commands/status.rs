//! `status`: one screen that says whether the miner is earning, from the running daemon
//! (no SSH). `--watch` redraws it in place on a terminal until Ctrl-C.

use crate::commands::CmdResult;
use std::io::{IsTerminal, Write};
use std::time::Duration;

use basilica_miner::core::ops::status::{daemon_only, status, Attention, NodeStatus, Severity, Status};
use basilica_miner::core::support::duration::human_secs;
use comfy_table::{presets, Cell, Color, ContentArrangement};
use console::style;

use super::error::UsageError;
use super::{Context, ExitStatus};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Redraw every SECS seconds (default 5) on the terminal until Ctrl-C
    #[arg(long, value_name = "SECS", num_args = 0..=1, default_missing_value = "5",
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub watch: Option<u64>,
    /// Only whether the daemon runs and answers its gRPC health check, in one line: exit 0, or
    /// 3 (for container and service-manager health checks)
    #[arg(long, conflicts_with = "watch")]
    pub daemon: bool,
}

pub fn run(args: Args, ctx: &Context) -> CmdResult {
    let loaded = ctx.load_config()?;
    let rt = super::fleet_ui::runtime()?;
    if args.daemon {
        let d = rt.block_on(daemon_only(&loaded));
        if ctx.out.json_mode() {
            ctx.out.json(&d)?;
        } else {
            ctx.out.line(match (&d.health, &d.health_error) {
                _ if !d.running => format!("not running for {}", loaded.path.display()),
                (Some(h), _) => format!("pid {}: {h}", d.pid.unwrap_or(0)),
                (None, e) => format!("pid {}: {}", d.pid.unwrap_or(0), e.as_deref().unwrap_or("no answer")),
            })?;
        }
        return Ok(if d.serving() { ExitStatus::Success } else { ExitStatus::Unreachable });
    }
    let Some(every) = args.watch else {
        let s = rt.block_on(status(&loaded));
        if ctx.out.json_mode() {
            ctx.out.json(&s)?;
        } else {
            ctx.out.line(screen(&s, None).join("\n"))?;
        }
        return Ok(exit_status(&s));
    };
    if ctx.out.json_mode() {
        return Err(UsageError("--watch redraws a terminal; use --json without --watch in scripts".into()).into());
    }
    if !std::io::stdout().is_terminal() {
        return Err(UsageError("--watch needs a terminal on stdout; run `status` without it in scripts".into()).into());
    }
    rt.block_on(async {
        let mut out = std::io::stdout();
        loop {
            let s = status(&loaded).await;
            let (rows, cols) = console::Term::stdout().size();
            let mut text = String::from("\x1b[H");
            for line in screen(&s, Some((rows as usize, cols as usize))) {
                text.push_str(&line);
                text.push_str("\x1b[K\r\n");
            }
            text.push_str("\x1b[J");
            out.write_all(text.as_bytes())?;
            out.flush()?;
            tokio::select! {
                () = tokio::time::sleep(Duration::from_secs(every)) => {}
                _ = tokio::signal::ctrl_c() => return Ok(exit_status(&s)),
            }
        }
    })
}

fn exit_status(s: &Status) -> ExitStatus {
    s.exit_class().map_or(ExitStatus::Success, ExitStatus::of)
}

fn ago(now: i64, at: i64) -> String {
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
fn summary(s: &Status, width: usize) -> Vec<String> {
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
    let r = &s.registration;
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
    lines.push(format!("Bidding    {bidding}"));
    let a = &s.sessions_last_hour;
    lines.push(format!(
        "Sessions   last hour: {} logins, {} discoveries by {} validator(s), {} refused",
        a.authentications,
        a.discoveries,
        a.validators.len(),
        a.refused
    ));
    lines.push(format!(
        "Offered    last 24 h: {:.1} GPU-hours, ${:.2} at your prices",
        s.offered_24h.gpu_hours,
        s.offered_24h.value_cents as f64 / 100.0
    ));
    lines
}

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
        "healthy" => colored("healthy", Color::Green),
        "failing" => colored("FAILING", Color::Red),
        other => Cell::new(other),
    };
    let gpus = match (&n.gpu_model, n.gpus) {
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
    row
}

/// `text` cut at spaces into lines of at most `width` columns, the first after `first`, the
/// others after `indent` spaces.
fn wrap(first: &str, indent: usize, text: &str, width: usize) -> Vec<String> {
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

fn attention_lines(s: &Status, most: usize, width: usize) -> Vec<String> {
    let mark = |a: &Attention| match a.severity {
        Severity::Critical => style("✗").red().bold().to_string(),
        Severity::Warning => style("!").yellow().bold().to_string(),
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
        lines.push(format!("  {} {}: {}", mark(a), a.subject, a.problem));
    }
    if rest > shown {
        lines.push(format!("  … and {} more (`basilica-miner status` lists them all)", rest - shown));
    }
    lines
}

/// The whole screen; `fit` (rows, columns) cuts the node list to the terminal and puts the
/// failing nodes first.
fn screen(s: &Status, fit: Option<(usize, usize)>) -> Vec<String> {
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
    let mut t = super::output::stdout_table();
    if fit.is_some() {
        t.load_preset(presets::NOTHING).set_content_arrangement(ContentArrangement::Dynamic);
    }
    t.set_width(u16::try_from(width).unwrap_or(u16::MAX));
    let compact = fit.is_some_and(|(_, cols)| cols < 100);
    t.set_header(if compact {
        vec!["NODE", "HEALTH", "UPTIME", "GPUS", "$/GPU-H", "FULL CHECK"]
    } else {
        vec!["NODE", "HEALTH", "UPTIME", "GPUS", "$/GPU-H", "24H GPU-H", "FULL CHECK"]
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
