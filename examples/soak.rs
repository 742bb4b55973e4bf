//! Soak test of the daemon: `serve` (a child process) against real sshd nodes and the chain
//! double for a number of minutes, with a legitimate validator authenticating every half
//! second and discovering every 5 s, a hostile flood from other loopback addresses, a node
//! SIGSTOPped for 20 s every minute, and the chain node restarted every 90 s. Prints the
//! daemon's resident memory, open file descriptors, database size and the legitimate
//! validator's p99 latency at the start and at the end, and the growth.
//!
//!     cargo run --release --example soak -- --minutes 10
//!
//! `--pause-every SECS` (60) and `--chain-every SECS` (90) space the node pauses and chain
//! restarts; `--no-flood` leaves the hostile flood out (to tell causes apart).

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark or tool prints its figures and stops at the first failure"
)]

use basilica_miner::testbed::bench::{daemon_child, flood, interrupted};
use basilica_miner::testbed::chain_double;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use basilica_miner::core::identity::wallet::Keypair;
use basilica_miner::core::ops::probe::client::{auth_request, discover_request};
use basilica_miner::proto::basilca::miner::v1 as pb;
use basilica_miner::testbed::{GpuProfile, Testbed};
use pb::miner_discovery_client::MinerDiscoveryClient as Client;

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

// A benchmark script reads top to bottom; the 100-line limit is for src.
#[allow(clippy::too_many_lines)]
fn main() {
    if let Some(config) = arg("--daemon") {
        return daemon_child::run(Path::new(&config), false);
    }
    let minutes: f64 = arg("--minutes").and_then(|m| m.parse().ok()).unwrap_or(10.0);
    let total = Duration::from_secs_f64(minutes * 60.0);
    let window = Duration::from_secs(60).min(total / 3);
    let dir = tempfile::tempdir().unwrap();
    eprintln!("soak: {minutes} min; 4 sshd nodes, the chain double, serve as a child process");
    let bed = Testbed::start(&[GpuProfile::H100x8; 4]).expect("testbed (needs openssh-server: scripts/install-deps)");
    let mut chain = chain_double::ChainDouble::start();
    let (alice, miner) = (Keypair::from_uri("//Alice").unwrap(), Keypair::from_uri("//Miner").unwrap());
    chain.set_uid(39, miner.public(), 3);
    chain.set_neurons(39, &[(alice.public(), 0, true, vec![900]), (miner.public(), 3, false, vec![1])]);
    let grpc = basilica_miner::testbed::reserve_port().unwrap();
    let mut toml = format!(
        "[bittensor]\nnetwork = \"finney\"\nchain_endpoint = \"{}\"\nmetagraph_refresh_secs = 5\n\n[database]\nurl = \"sqlite://{}/miner.db\"\n\n\
         [ssh_session]\nminer_node_key_path = \"{}\"\n\n[node_management]\nhealth_check_timeout = 3\nhealth_check_interval = 10\n\n\
         [validator_comms]\nhost = \"127.0.0.1\"\nport = {grpc}\n\n[metrics]\nenabled = false\n",
        chain.url,
        dir.path().display(),
        bed.miner_key.display()
    );
    for n in &bed.nodes {
        toml.push_str(&format!("\n[[node_management.nodes]]\nhost = \"127.0.0.1\"\nport = {}\nusername = \"{}\"\nhourly_rate_per_gpu = 2.5\n", n.port, n.username));
    }
    let config_path = dir.path().join("miner.toml");
    std::fs::write(&config_path, toml).unwrap();
    let addr = SocketAddr::from(([127, 0, 0, 1], grpc));
    let mut child = daemon_child::spawn(&config_path, None, addr, Duration::from_secs(30));
    let pid = child.id();

    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    interrupted::undo_on_ctrl_c(&rt);
    let stop = Arc::new(AtomicBool::new(false));
    let latencies: Arc<Mutex<Vec<(Instant, Duration)>>> = Arc::default();
    let (legit_ok, legit_failed, flood_sent) =
        (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let failures: Arc<Mutex<Vec<String>>> = Arc::default();
    let vkey = {
        let p = dir.path().join("validator");
        assert!(std::process::Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-f"])
            .arg(&p)
            .status()
            .unwrap()
            .success());
        std::fs::read_to_string(p.with_extension("pub")).unwrap().trim().to_string()
    };
    // The legitimate validator.
    rt.spawn({
        let (stop, latencies, ok, failed, miner_ss58, vkey, failures) = (
            stop.clone(),
            latencies.clone(),
            legit_ok.clone(),
            legit_failed.clone(),
            miner.ss58.clone(),
            vkey.clone(),
            failures.clone(),
        );
        async move {
            let mut c = Client::new(flood::channel(None, addr).await.unwrap());
            let begun = Instant::now();
            let mut i = 0u64;
            while !stop.load(Ordering::Relaxed) {
                let t = Instant::now();
                let r = c.authenticate_validator(auth_request(&alice, &miner_ss58)).await;
                let good = match r {
                    Ok(r) if r.get_ref().authenticated => true,
                    other => {
                        failures
                            .lock()
                            .unwrap()
                            .push(format!("{:.0}s authenticate: {other:?}", t.duration_since(begun).as_secs_f64()));
                        false
                    }
                };
                if good {
                    latencies.lock().unwrap().push((Instant::now(), t.elapsed()));
                }
                if i.is_multiple_of(10) {
                    let good_discover = match c.discover_nodes(discover_request(&alice, &miner_ss58, &vkey)).await {
                        Ok(r) if r.get_ref().nodes.len() >= 3 => true,
                        other => {
                            failures.lock().unwrap().push(format!(
                                "{:.0}s discover: {:?}",
                                begun.elapsed().as_secs_f64(),
                                other.map(|r| r.into_inner().nodes.len())
                            ));
                            false
                        }
                    };
                    (if good_discover { &ok } else { &failed }).fetch_add(1, Ordering::Relaxed);
                }
                (if good { &ok } else { &failed }).fetch_add(1, Ordering::Relaxed);
                i += 1;
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
        }
    });
    // The flood: strangers' requests from 64 other loopback addresses, as fast as they go.
    let flood = !std::env::args().any(|a| a == "--no-flood");
    for f in (0..4u8).filter(|_| flood) {
        rt.spawn({
            let (stop, sent, miner_ss58) = (stop.clone(), flood_sent.clone(), miner.ss58.clone());
            async move {
                let mallory = Keypair::from_uri("//Mallory").unwrap();
                let request = auth_request(&mallory, &miner_ss58);
                let mut n = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    let source = IpAddr::from([127, 0, 1 + f, (n % 16) as u8 + 1]);
                    let mut c = Client::new(flood::channel(Some(source), addr).await.unwrap());
                    for _ in 0..50 {
                        let _ = c.authenticate_validator(request.clone()).await;
                        sent.fetch_add(1, Ordering::Relaxed);
                    }
                    n += 1;
                }
            }
        });
    }

    let started = Instant::now();
    // Warm-up (connections, caches, the first health round) before the first sample.
    let warmup = Duration::from_secs(30).min(total / 4);
    std::thread::sleep(warmup);
    let first = sample(pid, dir.path());
    let pause_every = Duration::from_secs(arg("--pause-every").and_then(|v| v.parse().ok()).unwrap_or(60));
    let chain_every = Duration::from_secs(arg("--chain-every").and_then(|v| v.parse().ok()).unwrap_or(90));
    let mut next_stop = Duration::from_secs(30);
    let mut next_chain = Duration::from_secs(45);
    let mut next_sample = Duration::from_secs(60);
    let mut timeline = Vec::new();
    let (mut pauses, mut chain_restarts) = (0, 0);
    while started.elapsed() < total {
        let at = started.elapsed();
        if at >= next_sample {
            let now = sample(pid, dir.path());
            timeline.push(format!("{}s {} KiB", at.as_secs(), now.rss_kib));
            next_sample = at + Duration::from_secs(60);
        }
        if at >= next_stop {
            bed.nodes[3].pause();
            std::thread::sleep(Duration::from_secs(20));
            bed.nodes[3].resume();
            pauses += 1;
            next_stop = at + pause_every;
        } else if at >= next_chain {
            chain.stop();
            std::thread::sleep(Duration::from_secs(10));
            chain.restart();
            chain_restarts += 1;
            next_chain = at + chain_every;
        } else {
            std::thread::sleep(Duration::from_secs(1));
        }
    }
    let last = sample(pid, dir.path());
    stop.store(true, Ordering::Relaxed);
    let lat = latencies.lock().unwrap().clone();
    let p99 = |from: Instant, to: Instant| {
        let mut v: Vec<Duration> = lat.iter().filter(|(at, _)| *at >= from && *at <= to).map(|(_, d)| *d).collect();
        v.sort();
        v.get((v.len() * 99 / 100).min(v.len().saturating_sub(1))).copied().unwrap_or_default()
    };
    let begin = started + warmup;
    let (p99_first, p99_last) = (p99(begin, begin + window), p99(Instant::now() - window, Instant::now()));
    child.stop();

    println!(
        "soak: {:.1} min, {pauses} node pause(s), {chain_restarts} chain restart(s)",
        started.elapsed().as_secs_f64() / 60.0
    );
    println!(
        "legitimate validator: {} calls ok, {} failed; hostile requests sent: {}",
        legit_ok.load(Ordering::Relaxed),
        legit_failed.load(Ordering::Relaxed),
        flood_sent.load(Ordering::Relaxed)
    );
    println!("{:<22} {:>12} {:>12} {:>10}", "", "start", "end", "growth");
    println!(
        "{:<22} {:>9} KiB {:>9} KiB {:>9.1}%",
        "resident memory",
        first.rss_kib,
        last.rss_kib,
        pct(first.rss_kib, last.rss_kib)
    );
    println!("{:<22} {:>12} {:>12} {:>+10}", "open fds", first.fds, last.fds, last.fds as i64 - first.fds as i64);
    println!(
        "{:<22} {:>9} KiB {:>9} KiB {:>9.1}%",
        "database file",
        first.db_kib,
        last.db_kib,
        pct(first.db_kib, last.db_kib)
    );
    println!("{:<22} {:>9} KiB {:>9} KiB", "write-ahead log", first.wal_kib, last.wal_kib);
    if let Ok(h) = basilica_miner::core::daemon::state::store::Store::open(
        &dir.path().join("miner.db"),
        false,
        Duration::from_secs(5),
    )
    .and_then(|s| s.health())
    {
        println!("rows at the end: {}", h.rows.iter().map(|(t, n)| format!("{t} {n}")).collect::<Vec<_>>().join(", "));
    }
    for f in failures.lock().unwrap().iter().take(5) {
        println!("legitimate call failed: {f}");
    }
    println!(
        "{:<22} {:>9.1} ms {:>9.1} ms",
        "p99 auth latency",
        p99_first.as_secs_f64() * 1000.0,
        p99_last.as_secs_f64() * 1000.0
    );
    println!("resident memory every minute: {}", timeline.join(", "));
    println!(
        "(start = {} s after the daemon listened; p99 over the first and last {} s)",
        warmup.as_secs(),
        window.as_secs()
    );
}

fn pct(a: u64, b: u64) -> f64 {
    (b as f64 - a as f64) * 100.0 / (a.max(1) as f64)
}

struct Sample {
    rss_kib: u64,
    fds: usize,
    db_kib: u64,
    wal_kib: u64,
}

fn sample(pid: u32, dir: &Path) -> Sample {
    let (rss_kib, fds) = daemon_child::rss_and_fds(pid);
    let size = |f: &str| std::fs::metadata(dir.join(f)).map(|m| m.len() / 1024).unwrap_or(0);
    Sample { rss_kib, fds, db_kib: size("miner.db"), wal_kib: size("miner.db-wal") }
}
