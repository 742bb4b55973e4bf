//! Log lines on stderr: text for people (no timestamp under systemd, whose journal stamps each
//! line), or one JSON object a line for log collectors.

use basilica_miner::core::config::env;

use clap::ValueEnum;

/// How log lines are written on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines (no timestamp under systemd: journald adds its own)
    Text,
    /// One JSON object a line: timestamp, level, target, message and the event's fields
    Json,
}

/// What decides the log lines: `--quiet`, `-v`, `--log-format`, whether this is the daemon
/// (info by default), and colour on stderr.
pub struct Logging {
    pub quiet: bool,
    pub verbose: u8,
    pub format: LogFormat,
    pub daemon: bool,
    pub color: bool,
}

/// Installs the log subscriber: level from `--quiet`/`-v` (info for the daemon), filter from
/// `BASILICA_MINER_LOG`, text or JSON lines on stderr.
pub fn init(l: Logging) {
    let Logging { quiet, verbose, format, daemon, color } = l;
    use tracing_subscriber::filter::Targets;
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let level = match (quiet, verbose) {
        (true, _) => "error",
        (false, 0) if daemon => "info",
        (false, 0) => "warn",
        (false, 1) => "debug",
        (false, _) => "trace",
    };
    let default = format!("{},basilica_miner={level}", if verbose > 1 { "info" } else { "warn" });
    // BASILICA_MINER_LOG: `level` or `target=level` directives, comma-separated.
    let mut bad_filter = None;
    let filter = match std::env::var(env::LOG) {
        Ok(f) => f.parse::<Targets>().unwrap_or_else(|e| {
            bad_filter = Some((f, e.to_string()));
            default.parse().unwrap_or_default()
        }),
        Err(_) => default.parse().unwrap_or_default(),
    };
    // Under systemd, stderr goes to the journal, which stamps every line itself.
    let journald = std::env::var_os("JOURNAL_STREAM").is_some_and(|v| !v.is_empty());
    let layer = tracing_subscriber::fmt::layer().with_writer(std::io::stderr).with_target(verbose > 0);
    let registry = tracing_subscriber::registry().with(filter);
    let _ = match (format, journald) {
        (LogFormat::Json, _) => registry
            .with(layer.json().flatten_event(true).with_target(true).with_current_span(false).with_span_list(false))
            .try_init(),
        (LogFormat::Text, true) => registry.with(layer.without_time().with_ansi(false)).try_init(),
        (LogFormat::Text, false) => registry.with(layer.with_ansi(color)).try_init(),
    };
    if let Some((value, e)) = bad_filter {
        tracing::warn!(
            "{}={value:?} is not a log filter ({e}); write `debug` or `basilica_miner=trace,warn`; using the default",
            env::LOG
        );
    }
}
