//! Benchmark of the daemon, all figures from one run on this machine:
//! - DiscoverNodes latency with 1, 10, 50 loopback sshd nodes (first call opens the SSH
//!   connections; later calls reuse them), against the naive serial-ssh deployment;
//! - AuthenticateValidator throughput against the raw sr25519 verify+sign rate on the same cores;
//! - resident memory of the daemon with 1000 configured nodes.
//!
//!     cargo run --release --example bench_serve [-- --max 50]

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark or tool prints its figures and stops at the first failure"
)]

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use basilica_miner::core::config::{self, AssignmentStrategy, MinerConfig, NodeEntry};
use basilica_miner::core::identity::signing;
use basilica_miner::core::identity::wallet::Keypair;
use basilica_miner::core::ops::daemon::{self as launch, prelaunch, HotkeySource};
use basilica_miner::core::ops::probe::client::{auth_request, discover_request};
use basilica_miner::proto::basilca::miner::v1 as pb;
use basilica_miner::testbed::{GpuProfile, Testbed};
use pb::miner_discovery_client::MinerDiscoveryClient;

use basilica_miner::core::support::clock::unix_now as now;

/// Starts the daemon in-process (through the gate and launch path of `serve --offline`) on a free
/// loopback port with `nodes`; returns its address and a stopper.
fn start(
    rt: &tokio::runtime::Runtime,
    dir: &std::path::Path,
    key: &std::path::Path,
    nodes: Vec<NodeEntry>,
    validator: &str,
) -> (SocketAddr, tokio::sync::oneshot::Sender<()>) {
    let port = basilica_miner::testbed::reserve_port().unwrap();
    let mut c = MinerConfig::default();
    c.node_management.nodes = nodes;
    c.node_management.health_check_interval = 3600;
    c.node_management.max_retry_attempts = 1;
    c.ssh_session.miner_node_key_path = key.display().to_string();
    c.database.url = format!("sqlite://{}", dir.join(format!("bench-{port}.db")).display());
    c.validator_comms.host = "127.0.0.1".into();
    c.validator_comms.port = port;
    c.validator_comms.request_timeout = 120;
    c.validator_comms.rate_limit.enabled = false;
    c.metrics.enabled = false;
    c.validator_assignment.strategy = AssignmentStrategy::FixedAssignment;
    c.validator_assignment.validator_hotkey = Some(validator.to_string());
    let path = dir.join(format!("bench-{port}.toml"));
    std::fs::write(&path, toml::to_string(&c).unwrap()).unwrap();
    let loaded = config::load(&path, std::iter::empty()).unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    let (hotkey, options) =
        prelaunch(&loaded, true, HotkeySource::Given(Box::new(Keypair::from_uri("//Miner").unwrap()))).unwrap();
    rt.spawn(async move {
        let stop = async move {
            let _ = rx.await;
        };
        launch::serve(&loaded, hotkey, options, stop, move |addr| {
            ready_tx.send(addr).unwrap();
        })
        .await
        .unwrap();
    });
    let grpc = ready_rx.recv_timeout(Duration::from_secs(10)).expect("daemon did not start");
    (grpc, tx)
}

/// Requests per second for `requests` sent by 16 concurrent clients; each answer must be
/// authenticated (`expect_ok`) or refused.
fn throughput(
    rt: &tokio::runtime::Runtime,
    addr: SocketAddr,
    requests: Vec<pb::ValidatorAuthRequest>,
    expect_ok: bool,
) -> f64 {
    let total = requests.len();
    rt.block_on(async {
        let chunks: Vec<Vec<pb::ValidatorAuthRequest>> = requests
            .chunks(total / 16)
            .map(<[basilica_miner::proto::basilca::miner::v1::ValidatorAuthRequest]>::to_vec)
            .collect();
        let t = Instant::now();
        let mut tasks = Vec::new();
        for chunk in chunks {
            tasks.push(tokio::spawn(async move {
                let mut c = MinerDiscoveryClient::connect(format!("http://{addr}")).await.unwrap();
                for req in chunk {
                    assert_eq!(c.authenticate_validator(req).await.unwrap().into_inner().authenticated, expect_ok);
                }
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        total as f64 / t.elapsed().as_secs_f64()
    })
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:").map(|v| v.trim().trim_end_matches(" kB").parse().unwrap()))
        .unwrap()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--rss") {
        return rss_child(args[2].parse().unwrap());
    }
    let max: usize =
        args.iter().position(|a| a == "--max").and_then(|i| args.get(i + 1)).and_then(|v| v.parse().ok()).unwrap_or(50);
    // --auth-only: just the AuthenticateValidator figures (quick, no sshd nodes).
    let max = if args.iter().any(|a| a == "--auth-only") { 0 } else { max };
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let validator = Keypair::from_uri("//Alice").unwrap();
    let miner = Keypair::from_uri("//Miner").unwrap().ss58;
    eprintln!("starting {max} sshd nodes…");
    let bed = Testbed::start(&vec![GpuProfile::H100x8; max]).expect("testbed");
    let keys: Vec<String> = (0..2)
        .map(|i| {
            let p = bed.root.join(format!("v{i}"));
            assert!(std::process::Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", "", "-f"])
                .arg(&p)
                .status()
                .unwrap()
                .success());
            std::fs::read_to_string(p.with_extension("pub")).unwrap().trim().to_string()
        })
        .collect();

    println!("DiscoverNodes latency (seconds; median of 3 warm calls)");
    println!("{:>4} {:>10} {:>10} {:>10} {:>11} {:>12}", "N", "naive", "first", "warm", "naive/warm", "warm/warm@1");
    let mut warm1 = None;
    for n in [1usize, 10, 50].into_iter().filter(|n| *n <= max) {
        let nodes: Vec<NodeEntry> = bed.nodes[..n]
            .iter()
            .map(|t| NodeEntry {
                host: "127.0.0.1".into(),
                port: t.port,
                username: Some(t.username.clone()),
                hourly_rate_per_gpu: Some(2.5),
                additional_opts: None,
                gpu_category: None,
                gpu_count: None,
                extra_mount_path: None,
                cordoned: false,
            })
            .collect();
        let (addr, stop) = start(&rt, &bed.root, &bed.miner_key, nodes, &validator.ss58);
        let (first, warm) = rt.block_on(async {
            let mut c = MinerDiscoveryClient::connect(format!("http://{addr}")).await.unwrap();
            let t = Instant::now();
            let r = c.discover_nodes(discover_request(&validator, &miner, &keys[0])).await.unwrap().into_inner();
            assert_eq!(r.nodes.len(), n);
            let first = t.elapsed().as_secs_f64();
            let mut warm = Vec::new();
            for i in 0..3 {
                let t = Instant::now();
                let r = c
                    .discover_nodes(discover_request(&validator, &miner, &keys[(i + 1) % 2]))
                    .await
                    .unwrap()
                    .into_inner();
                assert_eq!(r.nodes.len(), n);
                warm.push(t.elapsed().as_secs_f64());
            }
            warm.sort_by(f64::total_cmp);
            (first, warm[1])
        });
        let _ = stop.send(());
        let refs: Vec<_> = bed.nodes[..n].iter().collect();
        let t = Instant::now();
        bed.naive_deploy(&refs, &format!("{} validator-{}", keys[0], validator.ss58)).unwrap();
        let naive = t.elapsed().as_secs_f64();
        let w1 = *warm1.get_or_insert(warm);
        println!("{n:>4} {naive:>10.3} {first:>10.3} {warm:>10.3} {:>10.1}x {:>11.1}x", naive / warm, warm / w1);
    }

    // Raw sr25519 verify + sign on 2 threads, then AuthenticateValidator over gRPC.
    let raw = {
        let t = Instant::now();
        let per_thread = 3000;
        std::thread::scope(|s| {
            for _ in 0..2 {
                s.spawn(|| {
                    let payload = signing::auth_payload("n", &miner, now());
                    let sig = signing::sign_hex(&validator, &payload);
                    for _ in 0..per_thread {
                        signing::verify_hex(&validator.ss58, &payload, &sig).unwrap();
                        let _ = signing::sign_hex(&validator, &payload);
                    }
                });
            }
        });
        (2 * per_thread) as f64 / t.elapsed().as_secs_f64()
    };
    let (addr, stop) = start(&rt, &bed.root, &bed.miner_key, Vec::new(), &validator.ss58);
    let total = 4000usize;
    // The same load with requests meant for another miner: refused before any crypto or
    // database work, so this is what gRPC alone (client and server on these 2 cores) allows.
    let stranger = Keypair::from_uri("//Stranger").unwrap().ss58;
    let floor = throughput(&rt, addr, (0..total).map(|_| auth_request(&validator, &stranger)).collect(), false);
    let rps = throughput(&rt, addr, (0..total).map(|_| auth_request(&validator, &miner)).collect(), true);
    let _ = stop.send(());
    println!("\nAuthenticateValidator: {rps:.0} req/s over gRPC (16 clients in the same process); raw sr25519 verify+sign: {raw:.0}/s on 2 threads");
    println!("gRPC alone (refused before crypto and database): {floor:.0} req/s");
    println!("auth/crypto ratio: {:.2}", rps / raw);

    let out = std::process::Command::new(std::env::current_exe().unwrap()).args(["--rss", "1000"]).output().unwrap();
    print!("{}", String::from_utf8_lossy(&out.stdout));
}

/// Runs the daemon with `n` configured nodes (closed loopback ports) and reports its resident
/// memory after the first health round.
fn rss_child(n: usize) {
    let before = rss_kib();
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("k");
    assert!(std::process::Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(&key)
        .status()
        .unwrap()
        .success());
    let nodes: Vec<NodeEntry> = (0..n)
        // Loopback ports with nothing listening: the first health round fails fast, and no
        // traffic leaves the machine.
        .map(|i| NodeEntry {
            host: "127.0.0.1".into(),
            port: 20000 + i as u16,
            username: Some("ubuntu".into()),
            hourly_rate_per_gpu: Some(2.5),
            additional_opts: None,
            gpu_category: None,
            gpu_count: None,
            extra_mount_path: None,
            cordoned: false,
        })
        .collect();
    let (_addr, stop) = start(&rt, dir.path(), &key, nodes, "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
    std::thread::sleep(Duration::from_secs(2));
    let after = rss_kib();
    let _ = stop.send(());
    println!(
        "resident memory with {n} configured nodes: {} MiB (process before starting the daemon: {} MiB)",
        after / 1024,
        before / 1024
    );
}
