//! Benchmark: deploy one validator key to N = 1, 10, 50 loopback sshd nodes through the fleet
//! engine (cold: connections opened in the run; warm: ControlMasters up and each node's
//! keys already read, as in `serve`) and, in the same run, the naive way (a fresh `ssh` process per node, one after
//! another, as upstream did). Prints times and ratios.
//!
//!     cargo run --release --example bench_fleet [-- --max 50 --rounds 3]

#![allow(clippy::print_stdout, clippy::print_stderr, clippy::unwrap_used, clippy::expect_used, reason = "a benchmark or tool prints its figures and stops at the first failure")]

use std::process::Command;
use std::time::{Duration, Instant};

use basilica_miner::core::nodes::authorized_keys::{self, PublicKey};
use basilica_miner::core::nodes::fleet::{self, remote_keys, Fleet, FleetSettings, Target};
use basilica_miner::core::nodes::node::NodeAddress;
use basilica_miner::testbed::{GpuProfile, Testbed};

const HOTKEYS: [&str; 2] = ["5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY", "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let flag = |name: &str, default: usize| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).and_then(|v| v.parse().ok()).unwrap_or(default);
    let max = flag("--max", 50);
    let rounds = flag("--rounds", 3).max(1);
    let sizes: Vec<usize> = [1, 10, 50].into_iter().filter(|n| *n <= max).collect();

    eprintln!("starting {max} sshd nodes on loopback…");
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
        connect_timeout: Duration::from_secs(10),
        command_timeout: Duration::from_secs(10),
        parallel_connects: fleet::DEFAULT_PARALLEL_CONNECTS,
    };
    let keys = [key(&bed, "a"), key(&bed, "b")];
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();

    // Record host keys once so both ways start from the same known_hosts state.
    rt.block_on(async {
        let f = Fleet::new(settings.clone()).unwrap();
        for r in fleet::for_each(&targets, &|_| {}, |t| f.exec(t, "true", b"")).await {
            r.expect("warm-up login");
        }
        f.close().await;
    });

    println!("{:>4} {:>10} {:>12} {:>12} {:>11} {:>11} {:>12} {:>12}", "N", "naive s", "engine cold", "engine warm", "naive/cold", "naive/warm", "cold/cold@1", "warm/warm@1");
    let mut base: Option<(f64, f64)> = None;
    let mut flip = 0usize;
    for &n in &sizes {
        let nodes = &targets[..n];
        let (mut naive, mut cold, mut warm) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..rounds {
            flip += 1;
            let k = &keys[flip % 2];
            let hk = HOTKEYS[flip % 2];
            let bed_nodes: Vec<_> = bed.nodes[..n].iter().collect();
            naive.push(time(|| bed.naive_deploy(&bed_nodes, &k.validator_line(hk)).expect("naive deploy")));
            flip += 1;
            let (k, hk) = (&keys[flip % 2], HOTKEYS[flip % 2]);
            cold.push(rt.block_on(engine_deploy(&settings, nodes, k, hk, false)));
            flip += 1;
            let (k, hk) = (&keys[flip % 2], HOTKEYS[flip % 2]);
            warm.push(rt.block_on(engine_deploy(&settings, nodes, k, hk, true)));
        }
        let (naive, cold, warm) = (median(naive), median(cold), median(warm));
        let (c1, w1) = *base.get_or_insert((cold, warm));
        println!("{n:>4} {naive:>10.3} {cold:>12.3} {warm:>12.3} {:>10.1}x {:>10.1}x {:>11.1}x {:>11.1}x", naive / cold, naive / warm, cold / c1, warm / w1);
    }
    // Every node ends with exactly one validator line and its operator lines.
    for node in &bed.nodes {
        let text = node.read_authorized_keys();
        assert_eq!(authorized_keys::validator_keys(&text).len(), 1, "{text}");
        assert!(text.starts_with("# operator key\n"));
    }
    eprintln!("all {max} nodes end with exactly one validator line; operator lines intact");
}

fn key(bed: &Testbed, name: &str) -> PublicKey {
    let p = bed.root.join(format!("validator_{name}"));
    assert!(Command::new("ssh-keygen").args(["-q", "-t", "ed25519", "-N", "", "-f"]).arg(&p).status().unwrap().success());
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
/// authorized_keys read first, untimed, as `serve`'s reconcile loop keeps them.
async fn engine_deploy(settings: &FleetSettings, nodes: &[Target], key: &PublicKey, hotkey: &str, warm: bool) -> f64 {
    let f = Fleet::new(settings.clone()).unwrap();
    if warm {
        for r in fleet::for_each(nodes, &|_| {}, |t| remote_keys::read(&f, t)).await {
            r.expect("connect and read");
        }
    }
    let t = Instant::now();
    let results = fleet::for_each(nodes, &|_| {}, |t| remote_keys::edit(&f, t, |c| Ok(authorized_keys::deploy_exclusive(c, key, hotkey)))).await;
    let secs = t.elapsed().as_secs_f64();
    for r in results {
        assert!(r.expect("deploy").changed());
    }
    f.close().await;
    secs
}
