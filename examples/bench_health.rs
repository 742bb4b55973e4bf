//! Benchmark of the health round's cost with the look at rentals against the round before it
//! (the same probe without the rental section), on the same real loopback sshd nodes, in one
//! run: rounds of the two probes alternate so both see the same machine. Three fleets states:
//! idle nodes (what most rounds see), and half the nodes rented (a rental container with a GPU
//! process: Docker and nvidia-smi are asked, and `docker top` names the owners).
//!
//! Per node and round it prints the wall time of the round, the CPU time the whole machine spent
//! (this process, ssh, the nodes' sshd and tools: they all run here), the SSH commands and the
//! bytes sent and received, then each per node-hour at the default `health_check_interval`
//! (60 s) and the ratio to the baseline.
//!
//!     cargo run --release --example bench_health [-- --nodes 12 --rounds 20]

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark prints its figures and stops at the first failure"
)]

use std::process::Command;
use std::time::Instant;

use basilica_miner::core::config;
use basilica_miner::core::nodes::cpu::Machine;
use basilica_miner::core::nodes::fleet::{self, Fleet, FleetSettings, Target, TrafficCount};
use basilica_miner::core::nodes::inspect;
use basilica_miner::core::nodes::registry;
use basilica_miner::testbed::{sandbox, GpuProfile};

/// Health rounds an hour at the default interval.
const ROUNDS_PER_HOUR: f64 = 60.0;

/// CPU time of the whole machine so far, in seconds (user + system + nice, all cores).
fn machine_cpu_secs() -> f64 {
    let stat = std::fs::read_to_string("/proc/stat").unwrap();
    let cpu: Vec<f64> = stat.lines().next().unwrap().split_whitespace().skip(1).map(|v| v.parse().unwrap()).collect();
    let ticks = 100.0; // USER_HZ on Linux
    (cpu[0] + cpu[1] + cpu[2]) / ticks
}

#[derive(Default, Clone, Copy)]
struct Cost {
    wall: f64,
    cpu: f64,
    commands: f64,
    bytes: f64,
    rounds: f64,
}

impl Cost {
    fn add(&mut self, wall: f64, cpu: f64, t: TrafficCount) {
        self.wall += wall;
        self.cpu += cpu;
        self.commands += t.commands as f64;
        self.bytes += (t.bytes_sent + t.bytes_received) as f64;
        self.rounds += 1.0;
    }

    /// `(wall ms, cpu ms, commands, bytes)` per node and round.
    fn per_node(&self, nodes: usize) -> [f64; 4] {
        let r = self.rounds * nodes as f64;
        [self.wall / self.rounds * 1000.0, self.cpu / r * 1000.0, self.commands / r, self.bytes / r]
    }
}

fn diff(a: TrafficCount, b: TrafficCount) -> TrafficCount {
    TrafficCount {
        handshakes: b.handshakes - a.handshakes,
        commands: b.commands - a.commands,
        bytes_sent: b.bytes_sent - a.bytes_sent,
        bytes_received: b.bytes_received - a.bytes_received,
    }
}

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Alternates rounds of the baseline probe and the probe with rentals; returns both costs.
fn measure(rt: &tokio::runtime::Runtime, fleet: &Fleet, targets: &[Target], rounds: usize) -> (Cost, Cost) {
    let (mut before, mut after) = (Cost::default(), Cost::default());
    for i in 0..rounds * 2 {
        let rentals = i % 2 == 1;
        let (t0, c0, n0) = (Instant::now(), machine_cpu_secs(), fleet.traffic());
        let reports = rt.block_on(fleet::for_each(targets, &|_| {}, |t| async move {
            Ok::<_, fleet::NodeError>(inspect::test_node_with(fleet, t, Machine::Gpus, rentals).await)
        }));
        let (wall, cpu, traffic) = (t0.elapsed().as_secs_f64(), machine_cpu_secs() - c0, diff(n0, fleet.traffic()));
        assert!(reports.iter().all(|r| r.as_ref().is_ok_and(|r| r.ok)), "every node should pass: {reports:?}");
        if rentals {
            after.add(wall, cpu, traffic);
        } else {
            before.add(wall, cpu, traffic);
        }
    }
    (before, after)
}

fn print(what: &str, nodes: usize, before: Cost, after: Cost) {
    let (b, a) = (before.per_node(nodes), after.per_node(nodes));
    println!("{what}:");
    println!("  {:<28} {:>12} {:>12} {:>8}", "per node and round", "before", "with rentals", "ratio");
    let names = ["round wall time (ms)", "machine CPU (ms)", "SSH commands", "SSH bytes"];
    for (i, name) in names.iter().enumerate() {
        println!("  {name:<28} {:>12.2} {:>12.2} {:>8.3}", b[i], a[i], a[i] / b[i]);
    }
    println!(
        "  per node-hour (60 rounds):   machine CPU {:.2} s → {:.2} s, SSH {:.0} KB → {:.0} KB",
        b[1] * ROUNDS_PER_HOUR / 1000.0,
        a[1] * ROUNDS_PER_HOUR / 1000.0,
        b[3] * ROUNDS_PER_HOUR / 1000.0,
        a[3] * ROUNDS_PER_HOUR / 1000.0
    );
}

fn main() {
    let nodes = arg("--nodes", 12);
    let rounds = arg("--rounds", 20);
    let root = tempfile::tempdir().unwrap();
    let sb = sandbox::create(root.path(), nodes + 1).unwrap();
    let loaded = config::load(&sb.config_path, std::iter::empty()).unwrap();
    let fleet = Fleet::new(FleetSettings::from_config(&loaded)).unwrap();
    // The sandbox's last node has a broken driver: measure the healthy ones.
    let records = registry::list(&loaded.config);
    let healthy: Vec<usize> =
        (0..sb.bed.nodes.len()).filter(|&i| sb.bed.nodes[i].profile != GpuProfile::NoDriver).collect();
    let targets: Vec<Target> = healthy.iter().map(|&i| Target::from(&records[i])).collect();
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    // Warm: every ControlMaster open, every file cached.
    measure(&rt, &fleet, &targets, 2);
    println!("bench_health: {} loopback sshd nodes, {rounds} rounds of each probe, alternating", targets.len());
    let (before, after) = measure(&rt, &fleet, &targets, rounds);
    print("idle nodes (no container, no GPU process)", targets.len(), before, after);
    // Half the nodes rented: a rental container whose process holds GPU memory.
    for (k, &i) in healthy.iter().enumerate().filter(|(k, _)| k % 2 == 0) {
        let node = &sb.bed.nodes[i];
        let out = Command::new(node.home.join("bin/docker"))
            .env("HOME", &node.home)
            .args(["run", "-d", "--rm", "--name", &format!("basilica-bench{k}")])
            .args(["--label", &format!("basilica.rental_id=bench{k}"), "--gpus", "all", "img", "sleep", "infinity"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let (before, after) = measure(&rt, &fleet, &targets, rounds);
    print("half the nodes rented (a container and a GPU process each)", targets.len(), before, after);
    rt.block_on(fleet.close());
}
