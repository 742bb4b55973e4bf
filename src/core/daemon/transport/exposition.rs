//! The two text formats Prometheus scrapes. `prometheus-client` writes OpenMetrics (counter
//! families named without `_total`, `# EOF` at the end); Prometheus asks for it in its
//! `Accept` header and gets it. Everything else (curl, `promtool check metrics`, older
//! scrapers) gets the classic text format 0.0.4, where a counter's family carries the
//! `_total` name of its samples. Also the HTTP endpoint that serves them.

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::sync::watch;

use crate::core::daemon::{now, Miner};

/// Content type of an OpenMetrics answer.
pub const OPENMETRICS: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";
/// Content type of a classic text-format answer.
pub const TEXT: &str = "text/plain; version=0.0.4; charset=utf-8";

/// True when an `Accept` header asks for OpenMetrics.
pub fn wants_openmetrics(accept: Option<&str>) -> bool {
    accept.is_some_and(|a| {
        a.split(',').any(|part| {
            part.trim().starts_with("application/openmetrics-text")
                && !part.contains("q=0,")
                && !part.trim_end().ends_with("q=0")
        })
    })
}

/// OpenMetrics text → text format 0.0.4.
pub fn to_text_format(openmetrics: &str) -> String {
    let counters: Vec<&str> =
        openmetrics.lines().filter_map(|l| l.strip_prefix("# TYPE ")?.strip_suffix(" counter")).collect();
    let mut out = String::with_capacity(openmetrics.len());
    for line in openmetrics.lines() {
        if line == "# EOF" || line.starts_with("# UNIT ") {
            continue;
        }
        let renamed = ["# HELP ", "# TYPE "].iter().find_map(|prefix| {
            let rest = line.strip_prefix(prefix)?;
            let (name, tail) = rest.split_once(' ').unwrap_or((rest, ""));
            counters.contains(&name).then(|| format!("{prefix}{name}_total {tail}"))
        });
        out.push_str(renamed.as_deref().unwrap_or(line));
        out.push('\n');
    }
    out
}

/// The metrics endpoint on `listener` (bound to `addr`) at `path`, on its own task until
/// `stop_rx` says stop; `advertised` is where monitoring is told to scrape, when set.
pub(crate) fn serve_metrics(
    listener: tokio::net::TcpListener,
    addr: SocketAddr,
    miner: Arc<Miner>,
    (path, advertised): (&str, Option<&str>),
    stop_rx: watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    let m = miner;
    let app = axum::Router::new().route(
        path,
        axum::routing::get(move |headers: axum::http::HeaderMap| async move {
            m.metrics.set_assigned(m.permits.assigned());
            m.metrics.ssh_traffic(m.fleet.traffic());
            m.metrics.uptime_streaks(&m.book.streaks(), now());
            if let (true, Some((v, _))) = (m.live.current().bidding.enabled, m.permits.bid_target_with_axon()) {
                m.metrics.bid_expected_at(&v);
            }
            let text = m.metrics.render(m.permits.is_online());
            let accept = headers.get(axum::http::header::ACCEPT).and_then(|v| v.to_str().ok());
            if wants_openmetrics(accept) {
                ([(axum::http::header::CONTENT_TYPE, OPENMETRICS)], text)
            } else {
                ([(axum::http::header::CONTENT_TYPE, TEXT)], to_text_format(&text))
            }
        }),
    );
    let mut rx = stop_rx;
    tracing::info!(%addr, "metrics on http://{addr}{path}");
    if let Some(advertised) = advertised {
        tracing::info!(advertised = %advertised, "metrics advertised to monitoring at {advertised}");
    }
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = rx.wait_for(|s| *s).await;
            })
            .await
        {
            tracing::error!(error = %e, "metrics endpoint stopped");
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_take_their_sample_name_and_the_eof_goes() {
        let om = "# HELP x_runs Runs.\n# TYPE x_runs counter\nx_runs_total 3\n# HELP x_up Up.\n# TYPE x_up gauge\nx_up 1\n# EOF\n";
        assert_eq!(to_text_format(om), "# HELP x_runs_total Runs.\n# TYPE x_runs_total counter\nx_runs_total 3\n# HELP x_up Up.\n# TYPE x_up gauge\nx_up 1\n");
    }

    #[test]
    fn prometheus_accept_headers_get_openmetrics() {
        assert!(wants_openmetrics(Some("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1")));
        assert!(!wants_openmetrics(Some("*/*")));
        assert!(!wants_openmetrics(None));
    }
}
