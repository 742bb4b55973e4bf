//! The miner as Prometheus sees it: `promtool` lints a real scrape, the alert rules pass their
//! unit tests, every metric the alerts and the Grafana dashboard query exists in a real scrape,
//! and a real Prometheus scrapes a running `serve` every second.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use basilica_miner::testbed::GpuProfile::*;

use crate::support::BidValidator;
use crate::support::{free_port, http_get, setup, start, validator, Daemon};

fn repo(rel: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// A running daemon that has been through a health round, a validator session, refused
/// attacks and a bid at a generation-2 validator, and its scrape.
fn scraped() -> (crate::support::Sandbox, basilica_miner::testbed::Testbed, Daemon, String, BidValidator) {
    let (s, bed, hotkey, grpc, metrics) = setup(&[H100x8, NoDriver]);
    let bid_port = free_port();
    let v = BidValidator::start("127.0.0.1", bid_port, &s.path("bids.jsonl"), &s.path("validator_ed25519.pub"), 1, &[]);
    let text = s.read("miner.toml");
    s.write("miner.toml", &format!("{text}\n[bidding]\nvalidator_endpoint = \"http://127.0.0.1:{bid_port}\"\n"));
    let d = start(&s, grpc, metrics);
    validator(&s, &d, &hotkey, "flow");
    validator(&s, &d, &hotkey, "attacks");
    let scraped_once = |text: &str| {
        let beat = text
            .lines()
            .any(|l| l.starts_with("basilica_miner_bid_heartbeats_total{result=\"ok\"}") && !l.ends_with(" 0"));
        beat && text.contains("basilica_miner_node_last_check_timestamp_seconds{")
            && text.matches("basilica_miner_node_healthy{").count() == 2
    };
    crate::support::wait_for("a health round and a heartbeat in the scrape", &d, 30, || {
        scraped_once(&http_get(d.metrics, "/metrics"))
    });
    let text = http_get(d.metrics, "/metrics");
    (s, bed, d, text, v)
}

/// Metric names (as queried) in a rule or dashboard file.
fn queried_names(text: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("basilica_miner_") {
        let tail = &rest[i..];
        let end = tail.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(tail.len());
        let name = tail[..end].to_string();
        if !names.contains(&name) {
            names.push(name);
        }
        rest = &tail[end..];
    }
    names
}

/// The family a sample name belongs to (`_total`, `_bucket`, … belong to their family).
fn family(name: &str) -> &str {
    ["_total", "_bucket", "_count", "_sum"].iter().find_map(|s| name.strip_suffix(s)).unwrap_or(name)
}

#[test]
fn the_scrape_is_clean_and_has_everything_alerts_and_dashboard_query() {
    let (_s, _bed, d, text, _v) = scraped();
    // curl's view (classic text format) linted by promtool: only what the guide's own
    // basilica_miner_node_count name explains.
    let mut lint = Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("promtool (scripts/install-deps installs Debian's prometheus)");
    use std::io::Write;
    let body = text.split_once("\r\n\r\n").map_or(text.as_str(), |(_, b)| b).to_string();
    lint.stdin.take().unwrap().write_all(body.as_bytes()).unwrap();
    let out = lint.wait_with_output().unwrap();
    let report = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    let complaints: Vec<&str> =
        report.lines().filter(|l| !l.trim().is_empty() && !l.contains("basilica_miner_node_count")).collect();
    assert!(complaints.is_empty(), "promtool check metrics:\n{report}");
    assert!(text.contains("text/plain; version=0.0.4"), "{text}");
    for family_name in [
        "build_info",
        "node_gpus",
        "node_last_check_timestamp_seconds",
        "node_uptime_streak_seconds",
        "assigned_validator_info",
        "reconcile_runs",
        "reconcile_repairs",
        "database_query_duration_seconds",
    ] {
        assert!(body.contains(&format!("# TYPE basilica_miner_{family_name}")), "{family_name} missing:\n{body}");
    }
    assert!(body.contains("basilica_miner_build_info{version=\""), "{body}");
    assert!(body.contains("basilica_miner_node_gpus{node=\"") && body.contains("model=\"H100\"} 8"), "{body}");
    assert!(body.contains("basilica_miner_assigned_validator_info{hotkey=\""), "{body}");

    for file in ["config/prometheus/alerts.yml", "config/grafana/basilica-miner.json"] {
        let names = queried_names(&std::fs::read_to_string(repo(file)).unwrap());
        assert!(names.len() >= 6, "{file}: {names:?}");
        for n in names {
            let declared = body.contains(&format!("# TYPE {n} ")) || body.contains(&format!("# TYPE {} ", family(&n)));
            assert!(declared, "{file} queries {n}, which the miner does not expose");
        }
    }
    drop(d);
}

#[test]
fn the_alert_rules_pass_their_unit_tests() {
    let check = Command::new("promtool")
        .args(["check", "rules"])
        .arg(repo("config/prometheus/alerts.yml"))
        .output()
        .expect("promtool");
    assert!(
        check.status.success(),
        "{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
    let test = Command::new("promtool")
        .args(["test", "rules"])
        .arg(repo("config/prometheus/alerts_test.yml"))
        .output()
        .expect("promtool");
    assert!(
        test.status.success(),
        "{}{}",
        String::from_utf8_lossy(&test.stdout),
        String::from_utf8_lossy(&test.stderr)
    );
}

struct Prometheus(Child);

impl Drop for Prometheus {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn query(port: u16, q: &str) -> serde_json::Value {
    let reply = http_get(port, &format!("/api/v1/query?query={q}"));
    let body = reply.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    serde_json::from_str(body).unwrap_or(serde_json::Value::Null)
}

fn first_value(v: &serde_json::Value) -> Option<String> {
    v["data"]["result"][0]["value"][1].as_str().map(str::to_string)
}

#[test]
fn a_real_prometheus_scrapes_serve_every_second() {
    let (s, _bed, d, _text, _v) = scraped();
    let port = free_port();
    std::fs::copy(repo("config/prometheus/alerts.yml"), s.path("alerts.yml")).unwrap();
    s.write(
        "prometheus.yml",
        &format!("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files:\n  - alerts.yml\nscrape_configs:\n  - job_name: basilica-miner\n    static_configs:\n      - targets: [\"127.0.0.1:{}\"]\n", d.metrics),
    );
    let log = std::fs::File::create(s.path("prometheus.log")).unwrap();
    let child = Command::new("prometheus")
        .arg(format!("--config.file={}", s.path("prometheus.yml").display()))
        .arg(format!("--storage.tsdb.path={}", s.path("tsdb").display()))
        .arg(format!("--web.listen-address=127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("prometheus (scripts/install-deps installs Debian's prometheus)");
    let _p = Prometheus(child);
    let deadline = Instant::now() + Duration::from_secs(60);
    let (mut up, mut count) = (None, None);
    while up.as_deref() != Some("1") || count.as_deref() != Some("2") {
        assert!(
            Instant::now() < deadline,
            "up={up:?} node_count={count:?}\n{}",
            std::fs::read_to_string(s.path("prometheus.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(500));
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            continue;
        }
        up = first_value(&query(port, "up"));
        count = first_value(&query(port, "basilica_miner_node_count"));
    }
    // The rules loaded and evaluate without errors.
    let rules = http_get(port, "/api/v1/rules");
    let body: serde_json::Value = serde_json::from_str(rules.split_once("\r\n\r\n").map_or("", |(_, b)| b)).unwrap();
    let list = body["data"]["groups"][0]["rules"].as_array().unwrap();
    let in_file = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config/prometheus/alerts.yml"))
        .unwrap()
        .matches("- alert:")
        .count();
    assert_eq!(list.len(), in_file, "every rule of the file loaded\n{body}");
    assert!(list.iter().all(|r| r["health"] == "ok"), "{body}");
    let healthy = first_value(&query(port, "sum(basilica_miner_node_healthy)"));
    assert_eq!(healthy.as_deref(), Some("1"), "one of the two nodes has no driver");
    drop(d);
}

#[test]
fn a_fresh_daemon_exposes_every_series_the_alerts_and_dashboard_query() {
    // Started, fleet warm and one health round done; no validator has called and no bid was
    // made: the series queried must be there already (at 0), or alerts and panels see nothing.
    let (s, _bed, _hotkey, grpc, metrics) = setup(&[H100x8]);
    let d = start(&s, grpc, metrics);
    crate::support::wait_for("the first health round", &d, 30, || {
        http_get(d.metrics, "/metrics").contains("basilica_miner_node_last_check_timestamp_seconds{")
    });
    let body = http_get(d.metrics, "/metrics");
    for file in ["config/prometheus/alerts.yml", "config/grafana/basilica-miner.json"] {
        for n in queried_names(&std::fs::read_to_string(repo(file)).unwrap()) {
            let sampled = body.lines().any(|l| l.starts_with(&format!("{n}{{")) || l.starts_with(&format!("{n} ")));
            assert!(sampled, "{file} queries {n}, which a fresh daemon's scrape has no sample of:\n{body}");
        }
    }
    assert!(
        body.contains("basilica_miner_refused_requests_total{method=\"discover\",reason=\"INVALID_SIGNATURE\"} 0"),
        "{body}"
    );
}
