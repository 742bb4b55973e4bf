//! `status`: the one screen, read from a real running daemon (real sshd nodes, a Python
//! validator's session), as JSON, as text and redrawn in an 80x24 tmux terminal.

use basilica_miner::testbed::GpuProfile::*;

use crate::support::start;
use crate::support::{healthy_nodes, setup, validator};
use crate::support::{http_get, wait_for};
use crate::support::{Sandbox, Terminal};

#[test]
fn without_a_daemon_it_says_so_and_how_to_start_one() {
    let s = Sandbox::new();
    s.init();
    let r = s.run(&["status"]);
    r.code(3)
        .stdout_has("not running")
        .stdout_has("`serve` is not running for")
        .stdout_has("systemctl start basilica-miner");
    let j = s.run(&["--json", "status"]);
    j.code(3);
    let v = j.json();
    assert_eq!(v["daemon"]["running"], false);
    assert_eq!(v["attention"][0]["subject"], "daemon");
    assert_eq!(v["attention"].as_array().unwrap().len(), 1, "only the daemon: {v:#}");
    s.run(&["status", "--daemon"]).code(3).stdout_has("not running for");
}

#[test]
fn a_running_daemon_shows_every_part_and_what_needs_attention_first() {
    let (s, _bed, miner_hotkey, grpc, metrics) = setup(&[H100x8, A100NotAvailable, NoDriver]);
    // A health round every second: offered time adds up between two passed checks.
    s.node_management(&[("health_check_interval", 1)]);
    let d = start(&s, grpc, metrics);
    wait_for("the first health round", &d, 20, || healthy_nodes(&http_get(d.metrics, "/metrics")) >= 2);
    let session = validator(&s, &d, &miner_hotkey, "flow");
    assert!(!session["nodes"].as_array().unwrap().is_empty(), "{session}");

    // Two rounds apart, the healthy nodes have offered GPU time.
    let mut v = serde_json::Value::Null;
    wait_for("GPU time offered", &d, 20, || {
        let r = s.run(&["--json", "status"]);
        v = r.json();
        v["offered_24h"]["gpu_hours"].as_f64().unwrap_or(0.0) > 0.0
    });
    assert_eq!(v["daemon"]["running"], true);
    assert_eq!(v["daemon"]["health"], "Serving");
    assert_eq!(v["daemon"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(v["daemon"]["pid"], d.child.id());
    assert_eq!(v["chain"]["online"], false, "serve --offline");
    assert!(v["validator"]["hotkey"].as_str().unwrap().starts_with('5'), "{v:#}");
    assert!(v["sessions_last_hour"]["authentications"].as_i64().unwrap() >= 1, "{v:#}");
    assert!(v["sessions_last_hour"]["discoveries"].as_i64().unwrap() >= 1, "{v:#}");
    let nodes = v["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 3);
    assert_eq!(nodes[0]["health"], "healthy");
    assert_eq!(nodes[0]["gpus"], 8);
    assert_eq!(nodes[0]["gpu_model"], "H100");
    assert_eq!(nodes[0]["price_cents"], 250);
    assert_eq!(nodes[2]["health"], "failing");
    assert_eq!(nodes[2]["code"], "nvidia_driver_unreachable");
    // Beside every failure code, its fix: in status, node list and bid show alike.
    assert!(nodes[2]["fix"].as_str().unwrap().contains("driver"), "{v:#}");
    assert!(nodes[0]["fix"].is_null(), "a healthy node has no fix: {v:#}");
    let listed = s.run(&["--json", "node", "list"]).code(0).json();
    let broken = listed.as_array().unwrap().iter().find(|n| n["address"] == nodes[2]["address"]).unwrap();
    assert_eq!(broken["health"]["code"], "nvidia_driver_unreachable", "{broken}");
    assert_eq!(broken["health"]["fix"], nodes[2]["fix"], "{broken}");
    let shown = s.run(&["--json", "bid", "show"]).code(0).json();
    let left_out = shown["left_out"].as_array().unwrap();
    let out = left_out.iter().find(|l| l["address"] == nodes[2]["address"]).unwrap_or_else(|| panic!("{shown:#}"));
    assert_eq!(out["code"], "nvidia_driver_unreachable", "{out}");
    assert_eq!(out["fix"], nodes[2]["fix"], "{out}");
    assert!(left_out.iter().all(|l| !l["fix"].as_str().unwrap_or("").is_empty()), "{shown:#}");
    // 2.50 $ per GPU-hour on every node: the value is the hours at that price.
    let hours = v["offered_24h"]["gpu_hours"].as_f64().unwrap();
    let cents = v["offered_24h"]["value_cents"].as_i64().unwrap();
    assert!((hours * 250.0 - cents as f64).abs() <= 1.0, "{hours} GPU-hours worth {cents} ¢");
    // The failing node is named with its code's fix.
    let attention = v["attention"].as_array().unwrap();
    let node = attention.iter().find(|a| a["subject"] == nodes[2]["address"]).unwrap_or_else(|| panic!("{v:#}"));
    assert!(node["problem"].as_str().unwrap().contains("nvidia_driver_unreachable"), "{node}");
    assert!(node["fix"].as_str().unwrap().contains("driver"), "{node}");

    // What a container health check asks: the daemon alone (a failing node is not its business).
    s.run(&["status", "--daemon"]).code(0).stdout_has(&format!("pid {}: Serving", d.child.id()));
    let r = s.run(&["status"]);
    r.code(1);
    for part in [
        "Daemon     serving",
        "Chain      offline",
        "Validator  5",
        "Bidding",
        "Sessions   gen 1 (legacy), last hour: ",
        "Offered    last 24 h: ",
    ] {
        r.stdout_has(part);
    }
    r.stdout_has("FAILING").stdout_has("8x H100").stdout_has("Needs attention").stdout_has("fix: ");

    // Redrawn in place in an 80x24 terminal, and Ctrl-C ends it.
    let t = Terminal::start(&s, "status --watch 1", (80, 24));
    let screen = t.wait("Needs attention");
    let lines: Vec<&str> = screen.lines().collect();
    assert!(lines.len() <= 24 && lines.iter().all(|l| l.chars().count() <= 80), "{screen}");
    assert!(lines[0].starts_with("basilica-miner status"), "the title stays on top:\n{screen}");
    assert!(screen.contains(" NODE ") && screen.contains("FAILING") && screen.contains("fix:"), "{screen}");
    let first = screen.lines().find(|l| l.starts_with("Daemon")).unwrap().to_string();
    // The next redraw replaces the screen (the daemon's uptime moves on), not appends to it.
    let next = t.wait_until_changed(&first);
    assert_eq!(next.lines().filter(|l| l.starts_with("Daemon")).count(), 1, "{next}");
    t.keys(&["C-c"]);
    t.wait("EXIT=1");
}

#[test]
fn at_80_columns_each_node_takes_one_line_with_its_address_whole() {
    let last: Vec<u8> = (171..183).collect();
    let mut profiles = vec![H100x8; 11];
    profiles.push(NoDriver);
    let bed = basilica_miner::testbed::Testbed::start_on(&profiles, &crate::support::ips(&last)).expect("testbed");
    let (s, bed, _hotkey, grpc, metrics) = crate::support::setup_bed(crate::support::sandbox_for(bed));
    let d = start(&s, grpc, metrics);
    wait_for("the first health round", &d, 30, || healthy_nodes(&http_get(d.metrics, "/metrics")) >= 11);
    let addresses: Vec<String> = bed.nodes.iter().map(|n| format!("{}:{}", n.ip, n.port)).collect();
    let node_lines = |screen: &str| -> Vec<String> {
        screen.lines().filter(|l| l.trim_start().starts_with("127.0.0.")).map(str::to_string).collect()
    };
    // Plain `status` on an 80-column terminal: one line a node, the address whole and without
    // the default user, and nothing wider than the terminal.
    let t = Terminal::start(&s, "status", (80, 40));
    let screen = t.wait("EXIT=");
    let rows = node_lines(&screen);
    assert_eq!(rows.len(), 12, "{screen}");
    for a in &addresses {
        assert_eq!(rows.iter().filter(|l| l.trim_start().starts_with(&format!("{a} "))).count(), 1, "{a}:\n{screen}");
    }
    let header = screen.lines().position(|l| l.trim_start().starts_with("NODE")).unwrap();
    let table: Vec<&str> = screen.lines().skip(header + 1).take_while(|l| !l.trim().is_empty()).collect();
    assert_eq!(table.len(), 12, "a node row continued on a second line:\n{screen}");
    assert!(screen.lines().all(|l| l.chars().count() <= 80), "{screen}");
    // `--watch` in 80x24: the failing node first, every shown address whole, the rest counted.
    let t = Terminal::start(&s, "status --watch 1", (80, 24));
    let screen = t.wait("Needs attention");
    let rows = node_lines(&screen);
    assert!(rows[0].contains("FAILING"), "{screen}");
    assert!(rows.len() >= 8, "{screen}");
    assert!(rows.iter().all(|r| addresses.iter().any(|a| r.trim_start().starts_with(&format!("{a} ")))), "{screen}");
    assert!(screen.contains(&format!("… and {} more node(s), all healthy", 12 - rows.len())), "{screen}");
    t.keys(&["C-c"]);
}
