//! Legitimate validators' latency beside a hostile flood, both in one run: `serve` (a child
//! process) with two sshd nodes, the chain double, and a generation-2 validator (an in-process
//! MinerRegistration server asking for a heartbeat every second). Four validators with permits
//! call from their axon addresses (127.0.0.1-4), 8 calls a second each (within the default rate
//! limit of 10 per network): the assigned one alternates AuthenticateValidator and
//! DiscoverNodes, the others authenticate. That gives a p99 over thousands of calls rather than
//! the slowest few. Strangers send signed AuthenticateValidator requests from 64 other networks
//! (one IPv6 /64 each, added to `lo` for the run; IPv4 loopback /32s without root).
//!
//! First the flood runs flat out to find the refusal rate the daemon reaches on this machine;
//! then quiet windows and flood windows (at half that rate, so the load generator does not
//! simply take the cores) alternate. Prints p50/p99 of AuthenticateValidator, DiscoverNodes
//! and the heartbeat's delay (the gap between heartbeats at the validator beyond the interval),
//! quiet against flood, the ratio of the p99s (target: at most 2), and the daemon's CPU.
//!
//! The flood generator and the sshd nodes stand in for other machines; as root they run in CPU
//! groups that keep them from queueing ahead of the daemon or behind it (`testbed::bench::cpu_group`);
//! `--no-groups` runs without them.
//!
//! Before all that, the database thread alone (`testbed::bench::checkpoints`): nonce claims with the
//! WAL checkpointed inside commits (SQLite's default) against on a thread of its own (`serve`).
//! Ctrl-C removes the addresses and CPU groups the run added (`testbed::bench::interrupted`).
//!
//!     cargo run --release --example bench_flood [-- --rounds 3 --window 40] [--rate N] [--no-groups]
//!                                               [--claims 40000] [--database-only]

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark or tool prints its figures and stops at the first failure"
)]

use basilica_miner::testbed::bench::{checkpoints, cpu_group, daemon_child, flood, interrupted};
use basilica_miner::testbed::chain_double;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use basilica_miner::core::identity::wallet::Keypair;
use basilica_miner::core::ops::probe::client::{auth_request, discover_request};
use basilica_miner::proto::basilca::miner::v1 as pb;
use basilica_miner::testbed::bid_taker::{self, BidTaker, BidTakerOptions, Rules};
use basilica_miner::testbed::{GpuProfile, Testbed};
use pb::miner_discovery_client::MinerDiscoveryClient as Client;

/// The legitimate validators (with a permit) as (key, uid, stake): the first, with the most
/// stake, is the one assigned. The miner is uid 3.
const VALIDATORS: [(&str, u16, u64); 4] =
    [("//Alice", 0, 900), ("//Bob", 1, 500), ("//Charlie", 2, 400), ("//Dave", 4, 300)];
/// Heartbeat period the validator asks for.
const HEARTBEAT_SECS: u32 = 1;
/// What the validator heard so far: when each heartbeat arrived, and the calls whose signature
/// did not verify.
#[derive(Default)]
struct Heard {
    beats: Vec<Instant>,
    forged: u64,
}

impl Heard {
    /// Takes in what the validator heard since the last read.
    fn read(&mut self, v: &BidTaker) -> &Heard {
        for h in v.heard.try_iter() {
            match h {
                bid_taker::Heard::HealthCheck { at, .. } => self.beats.push(at),
                bid_taker::Heard::Refused { why, .. } if why.contains("signature") => self.forged += 1,
                _ => {}
            }
        }
        self
    }
}

/// Samples a side below which a p99 is only the worst sample.
const MEANINGFUL_P99: usize = 100;
/// Left out of the figures after each switch between quiet and flood.
const SETTLE: Duration = Duration::from_secs(2);

fn arg_given(name: &str) -> bool {
    std::env::args().any(|a| a == name)
}

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

/// One legitimate call: what it was, when it started, how long it took.
type Sample = (&'static str, Instant, Duration);

// A benchmark script reads top to bottom; the 100-line limit is for src.
#[allow(clippy::too_many_lines)]
fn main() -> std::process::ExitCode {
    if let Some(config) = arg("--daemon") {
        daemon_child::run(Path::new(&config), false);
        return std::process::ExitCode::SUCCESS;
    }
    // The database thread first, alone on the machine: checkpoints inside commits or beside them.
    checkpoints::run(arg("--claims").and_then(|v| v.parse().ok()).unwrap_or(40_000));
    if arg_given("--database-only") {
        return std::process::ExitCode::SUCCESS;
    }
    let rounds: u32 = arg("--rounds").and_then(|v| v.parse().ok()).unwrap_or(3).max(1);
    // 3 windows of 40 s a side give the heartbeat line (one sample a second, the shortest
    // period the wire allows) over 100 samples, so its p99 is not simply the worst one.
    let window = Duration::from_secs(arg("--window").and_then(|v| v.parse().ok()).unwrap_or(40).max(5));
    let dir = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    interrupted::undo_on_ctrl_c(&rt);
    let sources = flood::Sources::add(64);
    eprintln!(
        "bench_flood: serve (child) with 2 sshd nodes, the chain double and a generation-2 validator; {}",
        sources.describe()
    );
    let ips: Vec<IpAddr> = vec![[127, 0, 0, 41].into(), [127, 0, 0, 42].into()];
    let bed = Testbed::start_on(&[GpuProfile::H100x8; 2], &ips)
        .expect("testbed (needs openssh-server: scripts/install-deps)");
    let chain = chain_double::ChainDouble::start();
    let miner = Keypair::from_uri("//Miner").unwrap();
    chain.set_uid(39, miner.public(), 3);
    let mut neurons = vec![(miner.public(), 3, false, vec![1])];
    let mut validators = Vec::new();
    for (i, (uri, uid, stake)) in VALIDATORS.iter().enumerate() {
        let key = Keypair::from_uri(uri).unwrap();
        let axon = IpAddr::from([127, 0, 0, i as u8 + 1]);
        chain.set_neuron_axon(key.public(), axon);
        neurons.push((key.public(), *uid, true, vec![*stake]));
        validators.push((key, axon, i == 0));
    }
    chain.set_neurons(39, &neurons);
    let vkey = validator_key(dir.path());
    // The demo's generation-2 validator (rules: any category), in this process.
    let validator = BidTaker::start(BidTakerOptions {
        rules: Rules::Any,
        known_hotkey: miner.ss58.clone(),
        ssh_public_key: vkey.clone(),
        interval_secs: HEARTBEAT_SECS,
    })
    .unwrap();
    let bid_port = validator.port;
    let mut heard = Heard::default();
    let grpc = basilica_miner::testbed::reserve_port().unwrap();
    let config_path = dir.path().join("miner.toml");
    std::fs::write(&config_path, config(dir.path(), &bed, &chain.url, bid_port, grpc, sources.listen())).unwrap();
    // The daemon's log (WARN and up) goes to a file: how many lines the flood costs is a figure.
    let log_path = dir.path().join("serve.log");
    let addr = SocketAddr::from(([127, 0, 0, 1], grpc));
    let begun = Instant::now();
    let mut child = daemon_child::spawn(&config_path, Some(&log_path), addr, Duration::from_secs(30));
    let pid = child.id();
    while heard.read(&validator).beats.len() < 2 {
        assert!(begun.elapsed() < Duration::from_secs(180), "serve registered no bid with the generation-2 validator");
        std::thread::sleep(Duration::from_millis(200));
    }
    eprintln!("bench_flood: registered and heartbeating after {:.1} s", begun.elapsed().as_secs_f64());

    let stop = Arc::new(AtomicBool::new(false));
    let samples: Arc<Mutex<Vec<Sample>>> = Arc::default();
    let legit: Vec<_> = validators
        .into_iter()
        .map(|v| {
            let (stop, samples, miner_ss58, vkey) = (stop.clone(), samples.clone(), miner.ss58.clone(), vkey.clone());
            std::thread::spawn(move || legitimate(addr, v, &miner_ss58, &vkey, &stop, &samples))
        })
        .collect();
    let flood_rt = flood::runtime(cpu_group::register_this_thread);
    let hostile = flood::Flood::start(&flood_rt, &sources, sources.target(grpc), &miner.ss58);
    // The generator and the nodes stand in for other machines (see testbed::bench::cpu_group).
    let groups = if arg_given("--no-groups") {
        Err("--no-groups".to_string())
    } else {
        let nodes: Vec<u32> = bed
            .nodes
            .iter()
            .filter_map(basilica_miner::testbed::TestNode::pid)
            .flat_map(basilica_miner::testbed::process_tree)
            .collect();
        cpu_group::CpuGroup::idle_for_registered_threads()
            .and_then(|flood| cpu_group::CpuGroup::weighted_for(&nodes).map(|nodes| (flood, nodes)))
    };
    let (rss0, fds0) = daemon_child::rss_and_fds(pid);
    std::thread::sleep(Duration::from_secs(5));

    // The refusal rate the daemon reaches: the flood flat out.
    let calibration = Duration::from_secs(10);
    hostile.flat_out();
    std::thread::sleep(SETTLE);
    let (before, cpu0) = (hostile.counts(), cpu_ticks(pid));
    std::thread::sleep(calibration);
    let (flat, cpu1) = (hostile.counts().since(&before), cpu_ticks(pid));
    let reached = flat.refused() as f64 / calibration.as_secs_f64();
    let flat_cpu = cpu_percent(cpu1 - cpu0, calibration);
    hostile.pause();

    // `--rate N` paces the flood at N requests a second instead (to compare builds at one rate).
    let pace = arg("--rate").and_then(|r| r.parse::<f64>().ok()).unwrap_or(reached / 2.0);
    let mut quiet: Vec<(Instant, Instant)> = Vec::new();
    let mut flooded: Vec<(Instant, Instant)> = Vec::new();
    let (mut flood_counts, mut quiet_ticks, mut flood_ticks) = (flood::Counts::default(), 0u64, 0u64);
    for _ in 0..rounds {
        std::thread::sleep(SETTLE);
        let (from, t0) = (Instant::now(), cpu_ticks(pid));
        std::thread::sleep(window);
        quiet.push((from, Instant::now()));
        quiet_ticks += cpu_ticks(pid) - t0;
        hostile.paced(pace);
        std::thread::sleep(SETTLE);
        let (from, t0, c0) = (Instant::now(), cpu_ticks(pid), hostile.counts());
        std::thread::sleep(window);
        flooded.push((from, Instant::now()));
        flood_ticks += cpu_ticks(pid) - t0;
        flood_counts = flood_counts.plus(&hostile.counts().since(&c0));
        hostile.pause();
    }
    stop.store(true, Ordering::Relaxed);
    for v in legit {
        v.join().unwrap();
    }
    let (rss1, fds1) = daemon_child::rss_and_fds(pid);
    child.stop();

    let total = window * rounds;
    println!("calibration: the flood flat out for {} s: the daemon refused {reached:.0} requests/s ({}), daemon CPU {flat_cpu:.0} %", calibration.as_secs(), flat.describe());
    println!(
        "flood windows: paced at {pace:.0}/s ({:.0} % of the refusal rate reached), sent {:.0}/s ({}); {} round(s) of {} s quiet and {} s flood",
        pace * 100.0 / reached.max(1.0),
        flood_counts.sent as f64 / total.as_secs_f64(),
        flood_counts.describe(),
        rounds,
        window.as_secs(),
        window.as_secs()
    );
    match &groups {
        Ok(_) => println!(
            "stand-ins for other machines: the flood generator in an idle CPU group, the nodes' sshd in a group weighted 10x"
        ),
        Err(why) => println!("stand-ins for other machines: no CPU groups ({why}); the flood generator at SCHED_IDLE only"),
    }
    println!(
        "daemon CPU: quiet {:.0} %, flood {:.0} %; resident memory {rss0} -> {rss1} KiB, open descriptors {fds0} -> {fds1}",
        cpu_percent(quiet_ticks, total),
        cpu_percent(flood_ticks, total)
    );
    println!(
        "{:<26} {:>10} {:>10} {:>10} {:>10} {:>9} {:>9}",
        "legitimate validator", "quiet p50", "quiet p99", "flood p50", "flood p99", "p99 ratio", "samples q/f"
    );
    let samples = samples.lock().unwrap().clone();
    let beats = heard.read(&validator).beats.clone();
    let mut worst: f64 = 0.0;
    for what in ["AuthenticateValidator", "DiscoverNodes", "heartbeat delay"] {
        let within = |windows: &[(Instant, Instant)]| -> Vec<Duration> {
            if what == "heartbeat delay" {
                return heartbeat_delays(&beats, windows);
            }
            samples.iter().filter(|(w, at, _)| *w == what && inside(windows, *at)).map(|s| s.2).collect()
        };
        let (q, f) = (within(&quiet), within(&flooded));
        let (qp, fp) = (percentiles(q.clone()), percentiles(f.clone()));
        let ratio = fp.1.as_secs_f64() / qp.1.as_secs_f64().max(1e-6);
        // Under 100 samples a side, a p99 is the worst sample: said, and kept out of the target.
        let few = q.len().min(f.len()) < MEANINGFUL_P99;
        if !few {
            worst = worst.max(ratio);
        }
        println!(
            "{what:<26} {:>7.1} ms {:>7.1} ms {:>7.1} ms {:>7.1} ms {:>8.2}x {:>4}/{:<4}{}",
            ms(qp.0),
            ms(qp.1),
            ms(fp.0),
            ms(fp.1),
            ratio,
            q.len(),
            f.len(),
            if few { " (under 100 samples a side: the p99 is the worst one; longer --window)" } else { "" }
        );
    }
    let failed = samples.iter().filter(|s| s.0.ends_with("failed")).count();
    let log = std::fs::read_to_string(&log_path).unwrap_or_default();
    println!(
        "daemon log: {} WARN/ERROR line(s) over the whole run",
        log.lines().filter(|l| l.contains(" WARN ") || l.contains(" ERROR ")).count()
    );
    let forged = heard.read(&validator).forged;
    println!("legitimate calls failed: {failed}; bid calls with a bad signature: {forged}");
    // A flood that fell short of its pace (the generator starved) would flatter the figures.
    let sent = flood_counts.sent as f64 / total.as_secs_f64();
    if sent < 0.95 * pace {
        println!("the flood sent {sent:.0}/s, short of its pace of {pace:.0}/s: the flood figures do not count");
    }
    let met = worst <= 2.0 && failed == 0 && forged == 0 && sent >= 0.95 * pace;
    println!("target p99 under flood <= 2x quiet: {} (worst ratio {worst:.2}x)", if met { "met" } else { "MISSED" });
    drop(sources);
    if met {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::FAILURE
    }
}

/// One legitimate validator, on a thread and runtime of its own, from its axon address: a call
/// every 125 ms (8 a second, within the default rate limit of 10 per network), alternately
/// AuthenticateValidator and DiscoverNodes for the assigned validator, AuthenticateValidator
/// only for the others.
fn legitimate(
    addr: SocketAddr,
    (key, axon, assigned): (Keypair, IpAddr, bool),
    miner: &str,
    vkey: &str,
    stop: &AtomicBool,
    out: &Mutex<Vec<Sample>>,
) {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let mut c = Client::new(flood::channel(Some(axon), addr).await.unwrap());
        let mut tick = tokio::time::interval(Duration::from_millis(125));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut i = 0u64;
        while !stop.load(Ordering::Relaxed) {
            tick.tick().await;
            let t = Instant::now();
            let what = if assigned && i % 2 == 1 {
                match c.discover_nodes(discover_request(&key, miner, vkey)).await {
                    Ok(r) if r.get_ref().nodes.len() == 2 => "DiscoverNodes",
                    _ => "DiscoverNodes failed",
                }
            } else {
                match c.authenticate_validator(auth_request(&key, miner)).await {
                    Ok(r) if r.get_ref().authenticated => "AuthenticateValidator",
                    _ => "AuthenticateValidator failed",
                }
            };
            out.lock().unwrap().push((what, t, t.elapsed()));
            i += 1;
        }
    });
}

/// How much later than the interval each heartbeat arrived after the one before it, for the
/// pairs that both fall inside one of `windows`.
fn heartbeat_delays(beats: &[Instant], windows: &[(Instant, Instant)]) -> Vec<Duration> {
    let every = Duration::from_secs(HEARTBEAT_SECS.into());
    beats
        .windows(2)
        .filter(|p| windows.iter().any(|(a, b)| p[0] >= *a && p[1] <= *b))
        .map(|p| (p[1] - p[0]).saturating_sub(every))
        .collect()
}

fn inside(windows: &[(Instant, Instant)], at: Instant) -> bool {
    windows.iter().any(|(a, b)| at >= *a && at < *b)
}

fn percentiles(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    let at = |p: usize| v.get((v.len() * p / 100).min(v.len().saturating_sub(1))).copied().unwrap_or_default();
    (at(50), at(99))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The daemon's user + system CPU time, in clock ticks.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let fields: Vec<&str> = stat.rsplit_once(')').map(|(_, r)| r.split_whitespace().collect()).unwrap_or_default();
    fields.get(11).and_then(|u| u.parse::<u64>().ok()).unwrap_or(0)
        + fields.get(12).and_then(|s| s.parse::<u64>().ok()).unwrap_or(0)
}

/// CPU ticks over `during` as a percentage of one core (100 ticks a second on Linux).
fn cpu_percent(ticks: u64, during: Duration) -> f64 {
    ticks as f64 / during.as_secs_f64()
}

fn config(dir: &Path, bed: &Testbed, chain: &str, bid_port: u16, grpc: u16, listen: &str) -> String {
    let mut toml = format!(
        "bid_grpc_port = {bid_port}\n\n[bittensor]\nnetwork = \"finney\"\nchain_endpoint = \"{chain}\"\nmetagraph_refresh_secs = 5\n\n\
         [database]\nurl = \"sqlite://{}/miner.db\"\n\n[ssh_session]\nminer_node_key_path = \"{}\"\n\n\
         [node_management]\nhealth_check_timeout = 3\nhealth_check_interval = 10\n\n\
         [validator_comms]\nhost = \"{listen}\"\nport = {grpc}\n\n[validator_assignment]\nstrategy = \"highest_stake\"\n\n\
         [metrics]\nenabled = false\n",
        dir.display(),
        bed.miner_key.display()
    );
    for n in &bed.nodes {
        toml.push_str(&format!(
            "\n[[node_management.nodes]]\nhost = \"{}\"\nport = {}\nusername = \"{}\"\nhourly_rate_per_gpu = 2.5\n",
            n.ip, n.port, n.username
        ));
    }
    toml
}

fn validator_key(dir: &Path) -> String {
    let path = dir.join("validator");
    basilica_miner::testbed::keygen(&path).unwrap();
    std::fs::read_to_string(path.with_extension("pub")).unwrap().trim().to_string()
}
