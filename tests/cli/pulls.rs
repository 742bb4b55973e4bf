//! Full validations on a fleet as `serve` runs them: twelve real sshd nodes whose (fake) docker
//! pull takes 3 s, a 60 s validation interval, one node behind a rate-limited registry, then a
//! registry outage while every node's refresh is due. The pulls each node's docker saw are read
//! back from its own log (`~/.fake-docker/pulls.log`: when each pull started and ended).

use std::path::Path;
use std::time::Instant;

use basilica_miner::testbed::GpuProfile::*;
use serde_json::Value;

use crate::bid_judged::{accepted, judged_setup, local_validator};
use crate::support::Sandbox;
use crate::support::{free_port, start_with, wait_for};

const NODES: usize = 12;
const HUB_LIMIT: &str = "Error response from daemon: toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit\n";
const OUTAGE: &str = "Error response from daemon: Get \"https://registry-1.docker.io/v2/\": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)\n";

/// `(start, end)` of every pull a node's docker ran, in order.
fn pulls(home: &Path) -> Vec<(f64, f64)> {
    let text = std::fs::read_to_string(home.join(".fake-docker/pulls.log")).unwrap_or_default();
    let mut out: Vec<(f64, f64)> = Vec::new();
    for line in text.lines() {
        let mut parts = line.split_whitespace();
        let (kind, at) = (parts.next().unwrap(), parts.next().unwrap().parse::<f64>().unwrap());
        match kind {
            "start" => out.push((at, f64::INFINITY)),
            _ => out.last_mut().unwrap().1 = at,
        }
    }
    out
}

/// The most pulls running at the same moment, over every node.
fn most_at_once(all: &[(f64, f64)]) -> usize {
    let mut events: Vec<(f64, i32)> = all.iter().flat_map(|(s, e)| [(*s, 1), (*e, -1)]).collect();
    events.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let (mut now, mut most) = (0i32, 0i32);
    for (_, step) in events {
        now += step;
        most = most.max(now);
    }
    most as usize
}

/// Each node's last full validation as `node list --json` shows it, by host.
fn validations(s: &Sandbox) -> Vec<(String, Value)> {
    let listed = s.run(&["--json", "node", "list"]).code(0).json();
    listed
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["host"].as_str().unwrap().to_string(), n["full_validation"].clone()))
        .collect()
}

fn checked_at(v: &Value) -> i64 {
    v["checked_at"].as_i64().unwrap_or(0)
}

#[test]
fn twelve_nodes_pull_four_at_a_time_once_and_a_limited_or_unreachable_registry_is_named_not_fatal() {
    let last: Vec<u8> = (111..111 + NODES as u8).collect();
    let bid_port = free_port();
    let (s, bed, miner_hotkey, grpc, metrics) = judged_setup(&[H100x8; NODES], &last, bid_port, "http");
    s.node_management(&[("full_validation_interval", 60), ("max_concurrent_pulls", 4)]);
    for node in &bed.nodes {
        std::fs::create_dir_all(node.home.join(".fake-docker")).unwrap();
        std::fs::write(node.home.join(".fake-docker/pull-secs"), "3").unwrap();
    }
    let limited = &bed.nodes[NODES - 1];
    std::fs::write(limited.home.join(".fake-docker/pull-error"), HUB_LIMIT).unwrap();
    let limited_host = "127.0.0.122";
    let good: Vec<String> = last[..NODES - 1].iter().map(|l| format!("127.0.0.{l}")).collect();
    let v = local_validator(&s, bid_port, &["--known", &miner_hotkey, "--rules", "any"]);

    // First round: every node validated within the interval, never more than four pulls at once.
    let started = Instant::now();
    let d = start_with(&s, grpc, metrics, &["serve", "--offline"]);
    wait_for("a full validation of all twelve nodes", &d, 60, || {
        validations(&s).iter().all(|(_, v)| v["checked_at"].is_i64())
    });
    let took = started.elapsed();
    eprintln!("all {NODES} nodes validated {took:?} after serve started");
    let first = validations(&s);
    let all_pulls: Vec<(f64, f64)> = bed.nodes.iter().flat_map(|n| pulls(&n.home)).collect();
    let most = most_at_once(&all_pulls);
    eprintln!("{} pulls, at most {most} at once", all_pulls.len());
    assert_eq!(all_pulls.len(), NODES, "one pull per node: {all_pulls:?}");
    assert_eq!(most, 4, "four at once, never more: {all_pulls:?}");
    for (host, full) in &first {
        if *host == limited_host {
            assert_eq!(full["ok"], false, "{full}");
            assert_eq!(full["code"], "image_pull_rate_limited", "{full}");
        } else {
            assert_eq!(full["ok"], true, "{host}: {full}\n{}", d.log());
        }
    }
    let named =
        d.log().lines().filter(|l| l.contains("image_pull_rate_limited")).map(str::to_string).collect::<Vec<_>>();
    assert_eq!(named.len(), 1, "named once: {named:?}");
    assert!(named[0].contains(limited_host) && named[0].contains("docker login"), "{}", named[0]);
    assert!(named[0].contains("registry-mirrors"), "{}", named[0]);
    wait_for("the eleven good nodes advertised", &d, 30, || accepted(&v).last() == Some(&good));
    // The validator's key goes on the advertised nodes only.
    wait_for("the validator's key on the eleven", &d, 30, || {
        bed.nodes[..NODES - 1].iter().all(|n| n.validator_lines().len() == 1)
    });
    assert!(limited.validator_lines().is_empty(), "not advertised, no key: {:?}", limited.validator_lines());

    // Second round: each node again at its own place in the interval, and nothing pulled.
    wait_for("a second full validation of the eleven good nodes", &d, 90, || {
        let now = validations(&s);
        first
            .iter()
            .zip(&now)
            .filter(|((h, _), _)| *h != limited_host)
            .all(|((_, a), (_, b))| checked_at(b) > checked_at(a))
    });
    let second: Vec<i64> = validations(&s).iter().map(|(_, v)| checked_at(v)).collect();
    let spread = second.iter().max().unwrap() - second.iter().min().unwrap();
    eprintln!("second round spread over {spread} s");
    for node in &bed.nodes {
        assert_eq!(
            pulls(&node.home).len(),
            1,
            "{}: the image is on the node, nothing pulled again",
            node.home.display()
        );
    }

    // A registry outage while every node's daily refresh is due: the refresh fails, the image
    // on the node is used, and every good node stays advertised.
    let before_restart = accepted(&v).len();
    drop(d);
    let db = rusqlite::Connection::open(s.path("data/miner.db")).unwrap();
    db.execute("UPDATE node_validation SET image_refresh_at = 0 WHERE pull_failures = 0", []).unwrap();
    drop(db);
    for node in &bed.nodes {
        std::fs::write(node.home.join(".fake-docker/pull-error"), OUTAGE).unwrap();
    }
    let d = start_with(&s, grpc, metrics, &["serve", "--offline"]);
    let refreshes = |d: &crate::support::Daemon| d.log().matches("refresh of the validation image failed").count();
    wait_for("a failed refresh on each good node", &d, 90, || refreshes(&d) >= NODES - 1);
    for node in &bed.nodes[..NODES - 1] {
        assert_eq!(pulls(&node.home).len(), 2, "one refresh tried: {}", node.home.display());
    }
    for (host, full) in validations(&s).iter().filter(|(h, _)| *h != limited_host) {
        assert_eq!(full["ok"], true, "{host}: a failed refresh of an image on the node is no verdict: {full}");
        assert_eq!(full["current"], true, "{full}");
    }
    // The bid stands: heartbeats go on, and no bid since left a node out.
    let beats = v.of("HealthCheck").len();
    wait_for("two heartbeats after the failed refreshes", &d, 30, || v.of("HealthCheck").len() >= beats + 2);
    let since: Vec<Vec<String>> = accepted(&v)[before_restart..].to_vec();
    assert!(since.iter().all(|hosts| *hosts == good), "still advertised during the outage: {since:?}");
    assert!(v.of("Declined").is_empty(), "{:?}", v.of("Declined"));
    assert_eq!(refreshes(&d), NODES - 1, "one line per node:\n{}", d.log());

    // A node that stops being advertised (its driver fails) loses the validator's key.
    let broken = &bed.nodes[0];
    std::fs::write(
        broken.home.join("bin/nvidia-smi.fail"),
        "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\n",
    )
    .unwrap();
    wait_for("the key removed from the node no longer advertised", &d, 30, || broken.validator_lines().is_empty());
    let removed = v.of("RemoveBid");
    assert_eq!(removed.last().map(|r| r["hosts"].clone()), Some(serde_json::json!(["127.0.0.111"])), "{removed:?}");
    assert!(bed.nodes[1..NODES - 1].iter().all(|n| n.validator_lines().len() == 1), "the others keep it");
    // The daemon logs the removal once the node's edit has returned: a moment after the file.
    wait_for("the removal logged", &d, 10, || {
        d.log().contains("removed the validator's key: the node is not advertised")
    });
}
