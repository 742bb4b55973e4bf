//! Benchmark: deploy one validator key to N loopback sshd nodes through the fleet engine
//! (cold: connections opened in the run; warm: ControlMasters up and each node's keys already
//! read, as in `serve`), the naive way (a fresh `ssh` process per node, one after another, as
//! upstream did), and the two floors of this machine, all in the same run:
//! `floor_cold_s` is plain `ssh … true` to every node at once over new connections (the best
//! any client can do for a first contact here), `floor_warm_s` plain `ssh … true` to every node
//! at once over already-open ControlMaster sockets. Prints a table, or one JSON object per size.
//!
//!     cargo run --release --example bench_fleet [-- --sizes 1,10,50,200,500 --rounds 3 --json]
//!
//! It raises its own open-files limit to the hard limit (each node is a few descriptors while
//! its command runs); the naive way is skipped above 50 nodes unless `--naive-all` is given
//! (it is minutes long at 500).

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark or tool prints its figures and stops at the first failure"
)]

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use basilica_miner::core::nodes::authorized_keys::{self, PublicKey};
use basilica_miner::core::nodes::fleet::{self, remote_keys, Fleet, FleetSettings, Target};
use basilica_miner::core::nodes::node::NodeAddress;
use basilica_miner::testbed::{GpuProfile, TestNode, Testbed};

const HOTKEYS: [&str; 2] =
    ["5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY", "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"];

// A benchmark script reads top to bottom; the 100-line limit is for src.
#[allow(clippy::too_many_lines)]
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let rounds: usize = value("--rounds").and_then(|v| v.parse().ok()).unwrap_or(3).max(1);
    let json = args.iter().any(|a| a == "--json");
    let naive_all = args.iter().any(|a| a == "--naive-all");
    let mut sizes: Vec<usize> = value("--sizes")
        .map_or_else(|| vec![1, 10, 50], |v| v.split(',').filter_map(|x| x.trim().parse().ok()).collect());
    if let Some(max) = value("--max").and_then(|v| v.parse::<usize>().ok()) {
        sizes.retain(|n| *n <= max);
    }
    sizes.sort_unstable();
    let max = *sizes.last().expect("--sizes names at least one size");
    let nofile = rlimit::increase_nofile_limit(u64::MAX).expect("raise the open-files limit");
    eprintln!("open-files limit {nofile}; starting {max} sshd nodes on loopback…");
    let bed = Testbed::start(&vec![GpuProfile::H100x8; max]).expect("testbed (is openssh-server installed?)");
    let targets: Vec<Target> = bed
        .nodes
        .iter()
        .map(|n| {
            let address = NodeAddress::parse(&n.spec(), None).unwrap();
            Target { node_id: address.node_id(), address, additional_opts: None }
        })
        .collect();
    let settings = FleetSettings {
        key_path: bed.miner_key.clone(),
        known_hosts: bed.root.join("known_hosts"),
        connect_timeout: Duration::from_secs(30),
        command_timeout: Duration::from_secs(30),
        parallel_connects: fleet::DEFAULT_PARALLEL_CONNECTS,
    };
    let keys = [key(&bed, "a"), key(&bed, "b")];
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();

    // Record host keys once so every way starts from the same known_hosts state.
    rt.block_on(async {
        let f = Fleet::new(settings.clone()).unwrap();
        for r in fleet::for_each(&targets, &|_| {}, |t| f.exec(t, "true", b"")).await {
            r.expect("warm-up login");
        }
        f.close().await;
    });

    if !json {
        println!(
            "{:>4} {:>9} {:>10} {:>10} {:>10} {:>10} {:>11} {:>11} {:>10} {:>10}",
            "N",
            "naive s",
            "floor cold",
            "engine cold",
            "floor warm",
            "engine warm",
            "cold/floor",
            "warm/floor",
            "naive/cold",
            "warm/warm@1"
        );
    }
    let mut warm1: Option<f64> = None;
    let mut flip = 0usize;
    for &n in &sizes {
        let nodes = &targets[..n];
        let bed_nodes: Vec<&TestNode> = bed.nodes[..n].iter().collect();
        let (mut naive, mut cold, mut warm, mut fcold, mut fwarm) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let fds = FdPeak::start();
        for _ in 0..rounds {
            if n <= 50 || naive_all {
                flip += 1;
                let (k, hk) = (&keys[flip % 2], HOTKEYS[flip % 2]);
                naive.push(time(|| bed.naive_deploy(&bed_nodes, &k.validator_line(hk)).expect("naive deploy")));
            }
            fcold.push(floor_cold(&bed, &bed_nodes));
            flip += 1;
            let (k, hk) = (&keys[flip % 2], HOTKEYS[flip % 2]);
            cold.push(rt.block_on(engine_deploy(&settings, nodes, k, hk, false)));
            fwarm.push(floor_warm(&bed, &bed_nodes));
            flip += 1;
            let (k, hk) = (&keys[flip % 2], HOTKEYS[flip % 2]);
            warm.push(rt.block_on(engine_deploy(&settings, nodes, k, hk, true)));
        }
        let peak_fds = fds.stop();
        let naive = (!naive.is_empty()).then(|| median(naive));
        let (cold, warm, fcold, fwarm) = (median(cold), median(warm), median(fcold), median(fwarm));
        let w1 = *warm1.get_or_insert(warm);
        if json {
            println!(
                "{}",
                serde_json::json!({ "n": n, "naive_s": naive, "cold_s": cold, "warm_s": warm, "floor_cold_s": fcold, "floor_warm_s": fwarm,
                                    "cold_over_floor": cold / fcold, "peak_open_files": peak_fds, "warm_over_floor": warm / fwarm, "warm_over_warm_at_first_size": warm / w1, "rounds": rounds })
            );
        } else {
            let naive_s = naive.map_or_else(|| "-".to_string(), |v| format!("{v:.3}"));
            let naive_ratio = naive.map_or_else(|| "-".to_string(), |v| format!("{:.1}x", v / cold));
            println!(
                "{n:>4} {naive_s:>9} {fcold:>10.3} {cold:>11.3} {fwarm:>10.3} {warm:>11.3} {:>10.2}x {:>10.2}x {naive_ratio:>10} {:>9.1}x   (peak {peak_fds} open files in the engine's process)",
                cold / fcold,
                warm / fwarm,
                warm / w1
            );
        }
    }
    // Every node ends with exactly one validator line and its operator lines.
    for node in &bed.nodes {
        let text = node.read_authorized_keys();
        assert_eq!(authorized_keys::validator_keys(&text).len(), 1, "{text}");
        assert!(text.starts_with("# operator key\n"));
    }
    eprintln!("all {max} nodes end with exactly one validator line; operator lines intact");
}

/// The most descriptors this process had open while sampling (every 5 ms, in a thread).
struct FdPeak {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    handle: std::thread::JoinHandle<usize>,
}

impl FdPeak {
    fn start() -> FdPeak {
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = stop.clone();
        let handle = std::thread::spawn(move || {
            let mut peak = 0;
            while !flag.load(std::sync::atomic::Ordering::Relaxed) {
                peak = peak.max(std::fs::read_dir("/proc/self/fd").map(Iterator::count).unwrap_or(0));
                std::thread::sleep(Duration::from_millis(5));
            }
            peak
        });
        FdPeak { stop, handle }
    }

    fn stop(self) -> usize {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        self.handle.join().unwrap()
    }
}

/// The ssh options every floor run shares with the engine (same key, same known_hosts).
fn ssh_base(bed: &Testbed, node: &TestNode) -> Command {
    let mut c = Command::new("ssh");
    c.args(["-F", "/dev/null", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=yes"])
        .arg("-o")
        .arg(format!("UserKnownHostsFile={}", bed.root.join("known_hosts").display()))
        .arg("-i")
        .arg(&bed.miner_key)
        .args(["-p", &node.port.to_string(), "-l", &node.username])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

/// Plain `ssh … true` to every node at once, each over a new connection.
fn floor_cold(bed: &Testbed, nodes: &[&TestNode]) -> f64 {
    time(|| {
        let children: Vec<_> = nodes
            .iter()
            .map(|n| {
                ssh_base(bed, n)
                    .args(["-o", "ControlMaster=no", "-o", "ControlPath=none"])
                    .arg(n.ip.to_string())
                    .arg("true")
                    .spawn()
                    .expect("ssh")
            })
            .collect();
        for mut c in children {
            assert!(c.wait().expect("ssh").success(), "floor ssh failed");
        }
    })
}

/// Plain `ssh … true` to every node at once over ControlMaster sockets opened (untimed) first.
fn floor_warm(bed: &Testbed, nodes: &[&TestNode]) -> f64 {
    let dir = tempfile::Builder::new().prefix("bf-").tempdir_in("/tmp").unwrap();
    let sock = |i: usize| dir.path().join(format!("{i}.s"));
    let masters: Vec<_> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            ssh_base(bed, n)
                .args(["-M", "-f", "-N", "-o", "ControlPersist=60"])
                .arg("-S")
                .arg(sock(i))
                .arg(n.ip.to_string())
                .spawn()
                .expect("ssh -M")
        })
        .collect();
    for mut m in masters {
        assert!(m.wait().expect("ssh -M").success(), "master did not start");
    }
    let secs = time(|| {
        let children: Vec<_> = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| {
                ssh_base(bed, n)
                    .args(["-o", "ControlMaster=no"])
                    .arg("-S")
                    .arg(sock(i))
                    .arg(n.ip.to_string())
                    .arg("true")
                    .spawn()
                    .expect("ssh")
            })
            .collect();
        for mut c in children {
            assert!(c.wait().expect("ssh").success(), "floor ssh over the master failed");
        }
    });
    for (i, n) in nodes.iter().enumerate() {
        let _ = ssh_base(bed, n).arg("-S").arg(sock(i)).args(["-O", "exit"]).arg(n.ip.to_string()).status();
    }
    secs
}

fn key(bed: &Testbed, name: &str) -> PublicKey {
    let p = bed.root.join(format!("validator_{name}"));
    assert!(Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(&p)
        .status()
        .unwrap()
        .success());
    PublicKey::parse(&std::fs::read_to_string(p.with_extension("pub")).unwrap()).unwrap()
}

fn time(f: impl FnOnce()) -> f64 {
    let t = Instant::now();
    f();
    t.elapsed().as_secs_f64()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Seconds for the deployment itself. Warm: connections are opened and each node's
/// authorized_keys read first, untimed, as `serve`'s health-round loop keeps them.
async fn engine_deploy(settings: &FleetSettings, nodes: &[Target], key: &PublicKey, hotkey: &str, warm: bool) -> f64 {
    let f = Fleet::new(settings.clone()).unwrap();
    if warm {
        for r in fleet::for_each(nodes, &|_| {}, |t| remote_keys::read(&f, t)).await {
            r.expect("connect and read");
        }
    }
    let t = Instant::now();
    let results = fleet::for_each(nodes, &|_| {}, |t| {
        remote_keys::edit(&f, t, |c| Ok(authorized_keys::deploy_exclusive(c, key, hotkey)))
    })
    .await;
    let secs = t.elapsed().as_secs_f64();
    for r in results {
        assert!(r.expect("deploy").changed());
    }
    f.close().await;
    secs
}
