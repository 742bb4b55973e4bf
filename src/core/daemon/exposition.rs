//! The two text formats Prometheus scrapes. `prometheus-client` writes OpenMetrics (counter
//! families named without `_total`, `# EOF` at the end); Prometheus asks for it in its
//! `Accept` header and gets it. Everything else (curl, `promtool check metrics`, older
//! scrapers) gets the classic text format 0.0.4, where a counter's family carries the
//! `_total` name of its samples.

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
