//! Benchmark of the validators' full validation inside `serve`, with N loopback sshd nodes
//! (default 50), all figures from one run on this machine:
//! - time from `node add` + reload to the new node registered at a generation-2 validator
//!   (the Python validator of tests/validator), against the floor of the work itself: a health
//!   check and a full validation of that node over a new connection, run alone;
//! - the SSH cost per node of one health round and of one full validation (commands and payload
//!   bytes, counted by the fleet engine), and what they come to per node per hour at the
//!   defaults (health every 60 s, full validation every 6 h), against health rounds alone.
//!
//!     cargo run --release --example bench_validation [-- --nodes 50 --rounds 5]
//!
//! With `--simulated` it measures the schedule instead (`testbed::bench::simulated_fleet`): 500
//! simulated nodes whose pull takes 3 s, over 3 simulated days, the daemon's schedule against the
//! one before it (`--nodes N --days D`); no nodes, no network, a few seconds.
//!
//! Needs python3 with grpcio, grpcio-tools and bittensor-wallet (scripts/install-deps).

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark or tool prints its figures and stops at the first failure"
)]

use basilica_miner::testbed::bench::simulated_fleet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use basilica_miner::core::config::{self, edit::ConfigDocument};
use basilica_miner::core::nodes::fleet::{Fleet, FleetSettings, Target, TrafficCount};
use basilica_miner::core::nodes::inspect;
use basilica_miner::core::nodes::registry::{self, NewNode};
use basilica_miner::core::nodes::validation::{self, Declared, ValidationSettings};
use basilica_miner::core::ops::daemon::{self as launch, prelaunch, HotkeySource};
use basilica_miner::testbed::sandbox;

/// Health rounds a day and full validations a day at the defaults.
const ROUNDS_PER_HOUR: f64 = 60.0;
const VALIDATIONS_PER_HOUR: f64 = 1.0 / 6.0;

fn metrics(port: u16) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET /metrics HTTP/1.0\r\nHost: localhost\r\n\r\n").unwrap();
    let mut body = String::new();
    s.read_to_string(&mut body).unwrap();
    body
}

/// The value of the first sample of `series` (an exact series name with labels, or a bare name).
fn sample(text: &str, series: &str) -> f64 {
    text.lines()
        .find_map(|l| l.strip_prefix(series).and_then(|rest| rest.strip_prefix(' ')))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0)
}

/// `(health round, ssh commands, bytes sent + received)` from the daemon's metrics.
fn counters(port: u16) -> (f64, f64, f64) {
    let m = metrics(port);
    let bytes = sample(&m, "basilica_miner_ssh_payload_bytes_total{direction=\"sent\"}")
        + sample(&m, "basilica_miner_ssh_payload_bytes_total{direction=\"received\"}");
    (sample(&m, "basilica_miner_reconcile_runs_total"), sample(&m, "basilica_miner_ssh_commands_total"), bytes)
}

struct Validator {
    child: Child,
    log: std::path::PathBuf,
}

impl Validator {
    fn start(root: &Path, key_pub: &Path, known: &str) -> (Validator, u16) {
        let port = basilica_miner::testbed::reserve_port().unwrap();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/validator/bid_validator.py");
        let log = root.join("bids.jsonl");
        let mut child = Command::new("python3")
            .arg(script)
            .args(["--host", "127.0.0.1", "--port", &port.to_string(), "--interval", "60", "--known", known])
            .arg("--log")
            .arg(&log)
            .arg("--key-file")
            .arg(key_pub)
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 with grpcio and bittensor-wallet (scripts/install-deps)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        assert!(line.contains("listening"), "the validator did not start: {line}");
        (Validator { child, log }, port)
    }

    /// The hosts of each accepted registration, in order.
    fn accepted(&self) -> Vec<Vec<String>> {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|v| v["method"] == "Accepted")
            .map(|v| v["hosts"].as_array().unwrap().iter().map(|h| h.as_str().unwrap().to_string()).collect())
            .collect()
    }
}

impl Drop for Validator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn wait(what: &str, secs: u64, mut done: impl FnMut() -> bool) -> Duration {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < Duration::from_secs(secs), "{what} within {secs} s");
        std::thread::sleep(Duration::from_millis(50));
    }
    started.elapsed()
}

fn per_node(delta: TrafficCount) -> (f64, f64) {
    (delta.commands as f64, (delta.bytes_sent + delta.bytes_received) as f64)
}

// A benchmark script reads top to bottom; the 100-line limit is for src.
#[allow(clippy::too_many_lines)]
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    if args.iter().any(|a| a == "--simulated") {
        let nodes = value("--nodes").and_then(|v| v.parse().ok()).unwrap_or(500);
        let days = value("--days").and_then(|v| v.parse().ok()).unwrap_or(3);
        return simulated_fleet::run(nodes, days);
    }
    let n: usize = value("--nodes").and_then(|v| v.parse().ok()).unwrap_or(50).max(3);
    let rounds: usize = value("--rounds").and_then(|v| v.parse().ok()).unwrap_or(5).max(1);
    let _ = rlimit::increase_nofile_limit(u64::MAX);
    let dir = tempfile::tempdir().unwrap();
    eprintln!("starting {n} sshd nodes on loopback…");
    let sb = sandbox::create(dir.path(), n).expect("sandbox (is openssh-server installed?)");
    // The node added during the run: a healthy one, taken out of the file first.
    let added = sb.bed.nodes[n - 2].spec();
    registry::remove(&sb.config_path, &[added.as_str()]).unwrap();
    let (validator, bid_port) =
        Validator::start(dir.path(), &sb.validator_ssh_key.with_extension("pub"), &sb.miner.ss58);
    let text = std::fs::read_to_string(&sb.config_path).unwrap();
    let mut doc = ConfigDocument::from_text(&sb.config_path, &text).unwrap();
    doc.set(&["bidding", "validator_endpoint"], format!("http://127.0.0.1:{bid_port}").as_str()).unwrap();
    doc.set(&["node_management", "health_check_interval"], 5i64).unwrap();
    std::fs::write(&sb.config_path, doc.to_text()).unwrap();
    let loaded = config::load(&sb.config_path, std::iter::empty()).unwrap();

    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    // The gate `serve` passes, with the sandbox's wallet (its hotkey is not encrypted).
    let (hotkey, options) = prelaunch(&loaded, true, HotkeySource::Wallet(&mut || None)).unwrap();
    assert_eq!(hotkey.ss58, sb.miner.ss58);
    let started = Instant::now();
    let daemon = rt.spawn(async move {
        let stop = async move {
            let _ = stop_rx.await;
        };
        launch::serve(&loaded, hotkey, options, stop, move |a| {
            ready_tx.send(a).unwrap();
        })
        .await
        .unwrap();
    });
    ready_rx.recv_timeout(Duration::from_secs(30)).expect("serve did not start");
    // Every healthy configured node: n - 1 configured, the last one's driver is down.
    let healthy = n - 2;
    wait("the first bid", 300, || validator.accepted().last().is_some_and(|h| h.len() == healthy));
    let cold = started.elapsed();

    // Health rounds alone: the validations of the start are over, the next is 6 h away.
    let (r0, c0, b0) = counters(sb.metrics_port);
    wait("health rounds", 60 * rounds as u64, || counters(sb.metrics_port).0 >= r0 + rounds as f64);
    let (r1, c1, b1) = counters(sb.metrics_port);
    let configured = (n - 1) as f64;
    let round_cmds = (c1 - c0) / (r1 - r0) / configured;
    let round_bytes = (b1 - b0) / (r1 - r0) / configured;

    // node add + reload → advertised.
    let host = sb.bed.nodes[n - 2].ip.to_string();
    let t = Instant::now();
    registry::add(
        &sb.config_path,
        &[NewNode {
            spec: &added,
            rate: Some(2.5),
            additional_opts: None,
            gpu_category: None,
            gpu_count: None,
            extra_mount_path: None,
        }],
    )
    .unwrap();
    let _ = Command::new("kill").args(["-HUP", &std::process::id().to_string()]).status();
    wait("the added node advertised", 120, || validator.accepted().last().is_some_and(|h| h.contains(&host)));
    let add_to_advertised = t.elapsed();

    // The floor: what must happen for that node, alone, over a new connection.
    let fleet =
        Fleet::new(FleetSettings::from_config(&config::load(&sb.config_path, std::iter::empty()).unwrap())).unwrap();
    let records = registry::list(&config::load(&sb.config_path, std::iter::empty()).unwrap().config);
    let record = records.iter().find(|r| r.host == host).unwrap();
    let target = Target::from(record);
    let settings = ValidationSettings::from_config(&config::load(&sb.config_path, std::iter::empty()).unwrap().config);
    let (floor, health, full) = rt.block_on(async {
        let t = Instant::now();
        let before = fleet.traffic();
        let report = inspect::test_node(&fleet, &target, Default::default()).await;
        let mid = fleet.traffic();
        let gate = validation::PullGate::new(4);
        let pulls = validation::Pulls { gate: &gate, policy: validation::ImagePolicy::IfMissing };
        let v = validation::validate_node(&fleet, &target, &Declared::default(), &settings, pulls, &|_, _| {}).await;
        let after = fleet.traffic();
        assert!(report.ok && v.ok, "the added node should pass: {report:?} {v:?}");
        let diff = |a: TrafficCount, b: TrafficCount| TrafficCount {
            handshakes: b.handshakes - a.handshakes,
            commands: b.commands - a.commands,
            bytes_sent: b.bytes_sent - a.bytes_sent,
            bytes_received: b.bytes_received - a.bytes_received,
        };
        let floor = t.elapsed();
        fleet.close().await;
        (floor, diff(before, mid), diff(mid, after))
    });
    let (probe_cmds, probe_bytes) = per_node(health);
    let (full_cmds, full_bytes) = per_node(full);
    let _ = stop_tx.send(());
    let _ = rt.block_on(daemon);
    drop(validator);

    let hour_health = (round_cmds * ROUNDS_PER_HOUR, round_bytes * ROUNDS_PER_HOUR);
    let hour_full = (full_cmds * VALIDATIONS_PER_HOUR, full_bytes * VALIDATIONS_PER_HOUR);
    println!("bench_validation: {n} loopback sshd nodes ({} configured at start, {healthy} of them healthy; one more added during the run)", n - 1);
    println!("serve start → {healthy} nodes validated and registered: {:.2} s", cold.as_secs_f64());
    println!(
        "node add + reload → advertised: {:.2} s; floor (health check + full validation of that node alone, new connection): {:.2} s; ratio {:.2}×",
        add_to_advertised.as_secs_f64(),
        floor.as_secs_f64(),
        add_to_advertised.as_secs_f64() / floor.as_secs_f64()
    );
    println!("one health round, per node (daemon, {rounds} rounds): {round_cmds:.2} SSH commands, {round_bytes:.0} payload bytes (the probe alone: {probe_cmds:.0} command, {probe_bytes:.0} bytes)");
    println!("one full validation, per node: {full_cmds:.0} SSH commands, {full_bytes:.0} payload bytes, {} new handshakes (its connection was open)", full.handshakes);
    println!(
        "per node per hour (health every 60 s, full validation every 6 h): {:.1} commands, {:.1} KB; health rounds alone: {:.1} commands, {:.1} KB; ratio {:.3}× commands, {:.3}× bytes",
        hour_health.0 + hour_full.0,
        (hour_health.1 + hour_full.1) / 1000.0,
        hour_health.0,
        hour_health.1 / 1000.0,
        (hour_health.0 + hour_full.0) / hour_health.0,
        (hour_health.1 + hour_full.1) / hour_health.1
    );
    println!(
        "for {n} nodes per hour: {:.0} commands, {:.2} MB",
        n as f64 * (hour_health.0 + hour_full.0),
        n as f64 * (hour_health.1 + hour_full.1) / 1e6
    );
}
