//! Network faults at random, for minutes: `serve` (a child process) with GPU nodes that each sit
//! in a network namespace of their own (`Testbed::start_networked`, needs root), a validator
//! (Rust client, generation 1) discovering nodes all the while, and one fault at a time on a
//! random node — 20 % packet loss, a partition, connection resets, the link down, the machine
//! frozen (SIGSTOP), its SSH master killed — held for a random while, then healed. Checked
//! throughout: every validator call answers within its deadline and lists only nodes where its
//! key is in place; after each heal, within two health rounds, every node holds the
//! operator's lines byte for byte and exactly one validator line, the assigned validator's.
//!
//!     cargo run --release --example chaos -- --minutes 10 [--nodes 4] [--seed N]
//!
//! Prints the faults injected by kind, the invariant checks run, the violations (must be 0),
//! the longest call against its deadline, and the daemon's RSS and open descriptors at the
//! start and at the end. Exits 1 on any violation.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark or tool prints its figures and stops at the first failure"
)]

use basilica_miner::testbed::bench::daemon_child;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::Path;
use std::time::{Duration, Instant};

use basilica_miner::core::identity::wallet::Keypair;
use basilica_miner::core::ops::probe::client::{auth_request, discover_request};
use basilica_miner::proto::basilca::miner::v1 as pb;
use basilica_miner::testbed::{GpuProfile, TestNode, Testbed};
use pb::miner_discovery_client::MinerDiscoveryClient as Client;

/// A DiscoverNodes with a 3 s node timeout: handshake (2 x 3 + 1 s), the read and the
/// compare-and-swap write (3 s each), one replaced master; twice that for a loaded machine.
const DEADLINE: Duration = Duration::from_secs(40);
/// The health round of the daemon under test.
const ROUND: Duration = Duration::from_secs(2);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Fault {
    Loss,
    Partition,
    Reset,
    LinkDown,
    Frozen,
    MasterKilled,
}

const FAULTS: [Fault; 6] =
    [Fault::Loss, Fault::Partition, Fault::Reset, Fault::LinkDown, Fault::Frozen, Fault::MasterKilled];

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

/// xorshift64*: enough to pick faults, nodes and durations; `--seed` repeats a run's choices.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

struct Report {
    injected: BTreeMap<Fault, u32>,
    checks: u32,
    calls: u32,
    violations: Vec<String>,
    longest: Duration,
}

// A benchmark script reads top to bottom; the 100-line limit is for src.
#[allow(clippy::too_many_lines)]
fn main() -> std::process::ExitCode {
    if let Some(config) = arg("--daemon") {
        daemon_child::run(Path::new(&config), true);
        return std::process::ExitCode::SUCCESS;
    }
    let minutes: f64 = arg("--minutes").and_then(|m| m.parse().ok()).unwrap_or(10.0);
    let nodes: usize = arg("--nodes").and_then(|m| m.parse().ok()).unwrap_or(4).max(2);
    let seed = arg("--seed").and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        let mut b = [0u8; 8];
        getrandom::fill(&mut b).unwrap();
        u64::from_le_bytes(b) | 1
    });
    let mut dice = Dice(seed);
    let total = Duration::from_secs_f64(minutes * 60.0);
    let dir = tempfile::tempdir().unwrap();
    eprintln!("chaos: {minutes} min, {nodes} networked sshd nodes, serve as a child process, seed {seed}");
    let bed = Testbed::start_networked(&vec![GpuProfile::H100x8; nodes])
        .expect("networked testbed (needs root, iproute2 and iptables: scripts/install-deps)");
    let operator: Vec<String> = bed.nodes.iter().map(TestNode::read_authorized_keys).collect();
    let (alice, miner) = (Keypair::from_uri("//Alice").unwrap(), Keypair::from_uri("//Miner").unwrap());
    let grpc = basilica_miner::testbed::reserve_port().unwrap();
    let mut toml = format!(
        "[bittensor]\nnetwork = \"finney\"\nexternal_ip = \"127.0.0.1\"\n\n[database]\nurl = \"sqlite://{}/miner.db\"\n\n\
         [ssh_session]\nminer_node_key_path = \"{}\"\n\n[node_management]\nhealth_check_timeout = 3\nhealth_check_interval = {}\n\n\
         [validator_comms]\nhost = \"127.0.0.1\"\nport = {grpc}\n\n[validator_comms.rate_limit]\nrequests_per_second = 1000\nburst_capacity = 1000\n\n\
         [metrics]\nenabled = false\n\n[validator_assignment]\nstrategy = \"fixed_assignment\"\nvalidator_hotkey = \"{}\"\n",
        dir.path().display(),
        bed.miner_key.display(),
        ROUND.as_secs(),
        alice.ss58
    );
    for n in &bed.nodes {
        toml.push_str(&format!(
            "\n[[node_management.nodes]]\nhost = \"{}\"\nport = {}\nusername = \"{}\"\nhourly_rate_per_gpu = 2.5\n",
            n.ip, n.port, n.username
        ));
    }
    let config_path = dir.path().join("miner.toml");
    std::fs::write(&config_path, toml).unwrap();
    // The daemon's log (WARN and up) goes to a file: how many lines the faults cost is a figure.
    let log_path = dir.path().join("serve.log");
    let addr = SocketAddr::from(([127, 0, 0, 1], grpc));
    let mut child = daemon_child::spawn(&config_path, Some(&log_path), addr, Duration::from_secs(60));
    let pid = child.id();
    let vkey = validator_key(dir.path());
    let body = vkey.split_whitespace().nth(1).unwrap().to_string();
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let mut client = rt.block_on(async {
        Client::new(tonic::transport::Endpoint::from_shared(format!("http://{addr}")).unwrap().connect_lazy())
    });
    let mut report =
        Report { injected: BTreeMap::new(), checks: 0, calls: 0, violations: Vec::new(), longest: Duration::ZERO };

    // The starting point: the validator's key on every node.
    let mut discover = |report: &mut Report, what: &str| {
        let started = Instant::now();
        let result = rt.block_on(async {
            client.authenticate_validator(auth_request(&alice, &miner.ss58)).await?;
            client.discover_nodes(discover_request(&alice, &miner.ss58, &vkey)).await
        });
        let took = started.elapsed();
        report.calls += 1;
        report.longest = report.longest.max(took);
        if took > DEADLINE {
            report.violations.push(format!("{what}: DiscoverNodes took {took:?} (deadline {DEADLINE:?})"));
        }
        match result {
            Ok(r) => {
                for n in &r.get_ref().nodes {
                    let node = bed.nodes.iter().find(|b| b.ip.to_string() == n.host).unwrap();
                    if node.validator_lines().len() != 1 {
                        report
                            .violations
                            .push(format!("{what}: node {} listed without exactly one validator key", n.host));
                    }
                }
            }
            Err(e) => report.violations.push(format!("{what}: DiscoverNodes failed: {e}")),
        }
    };
    discover(&mut report, "start");
    check(&bed, &operator, &body, &alice.ss58, &mut report, "start");
    let start = daemon_child::rss_and_fds(pid);
    let begun = Instant::now();
    while begun.elapsed() < total {
        // Each round injects every kind once, in a random order.
        let mut order = FAULTS.to_vec();
        for i in (1..order.len()).rev() {
            order.swap(i, dice.below(i as u64 + 1) as usize);
        }
        for fault in order {
            if begun.elapsed() >= total {
                break;
            }
            let node = &bed.nodes[dice.below(nodes as u64) as usize];
            let hold = Duration::from_millis(1000 + dice.below(7000));
            let what = format!("{fault:?} on {} for {:.1} s", node.ip, hold.as_secs_f64());
            if !inject(fault, node, pid) {
                continue; // no master to kill right now (it is opened again on demand)
            }
            *report.injected.entry(fault).or_default() += 1;
            // A validator call while the fault holds (a frozen node stays frozen throughout).
            let held = Instant::now();
            discover(&mut report, &what);
            std::thread::sleep(hold.saturating_sub(held.elapsed()));
            heal(fault, node);
            check(&bed, &operator, &body, &alice.ss58, &mut report, &what);
        }
    }
    let end = daemon_child::rss_and_fds(pid);
    child.stop();

    println!("chaos: {:.1} min, {nodes} nodes, seed {seed}", begun.elapsed().as_secs_f64() / 60.0);
    for (fault, n) in &report.injected {
        println!("  injected {fault:?}: {n}");
    }
    println!(
        "  validator calls: {}, longest {:.2} s (deadline {} s)",
        report.calls,
        report.longest.as_secs_f64(),
        DEADLINE.as_secs()
    );
    println!("  invariant checks: {}", report.checks);
    println!("  violations: {}", report.violations.len());
    for v in &report.violations {
        println!("    {v}");
    }
    println!("  daemon RSS: {} KiB -> {} KiB; open descriptors: {} -> {}", start.0, end.0, start.1, end.1);
    let log = std::fs::read_to_string(&log_path).unwrap_or_default();
    let count = |level: &str| log.lines().filter(|l| l.contains(level)).count();
    println!("  daemon log: {} WARN and {} ERROR lines", count(" WARN "), count(" ERROR "));
    if report.violations.is_empty() {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::FAILURE
    }
}

/// Makes `fault` happen to `node`; false when there was nothing to do it to.
fn inject(fault: Fault, node: &TestNode, daemon: u32) -> bool {
    let link = node.link().unwrap();
    match fault {
        Fault::Loss => link.loss(20).unwrap(),
        Fault::Partition => link.partition().unwrap(),
        Fault::Reset => link.reset().unwrap(),
        Fault::LinkDown => link.set_up(false).unwrap(),
        Fault::Frozen => node.pause(),
        Fault::MasterKilled => {
            let masters = basilica_miner::testbed::ssh_masters(daemon, &node.ip.to_string());
            for p in &masters {
                let _ = std::process::Command::new("kill").arg("-KILL").arg(p.to_string()).status();
            }
            return !masters.is_empty();
        }
    }
    true
}

fn heal(fault: Fault, node: &TestNode) {
    let link = node.link().unwrap();
    match fault {
        Fault::Loss | Fault::Partition | Fault::Reset => link.heal().unwrap(),
        Fault::LinkDown => link.set_up(true).unwrap(),
        Fault::Frozen => node.resume(),
        Fault::MasterKilled => {}
    }
}

/// Within two health rounds and a node timeout's worth of slack: every node holds its
/// operator's lines as they were and exactly one validator line, the assigned validator's.
fn check(bed: &Testbed, operator: &[String], body: &str, validator: &str, report: &mut Report, what: &str) {
    report.checks += 1;
    let deadline = Instant::now() + ROUND * 2 + Duration::from_secs(20);
    for (node, ops) in bed.nodes.iter().zip(operator) {
        loop {
            let ok = node.holds_exactly(ops, body, validator);
            if ok {
                break;
            }
            if Instant::now() > deadline {
                report.violations.push(format!(
                    "after {what}: node {} holds:\n{}",
                    node.ip,
                    node.read_authorized_keys()
                ));
                break;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

fn validator_key(dir: &Path) -> String {
    let p = dir.join("validator");
    basilica_miner::testbed::keygen(&p).unwrap();
    std::fs::read_to_string(p.with_extension("pub")).unwrap().trim().to_string()
}
