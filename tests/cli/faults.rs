//! Faults a real network brings, on nodes that each sit in a network namespace of their own
//! (`Testbed::start_networked`: a veth link on 198.18.0.0/15, faults made with iptables inside
//! the node's namespace). Each fault has its invariant: the validator's call is answered within
//! its deadline, never hangs, and lists only nodes where its key is in place; and once the fault
//! heals, within a health round or two, every node holds the operator's lines byte for byte
//! and exactly one validator line, the assigned validator's. Needs root (namespaces, iptables).

use std::time::{Duration, Instant};

use basilica_miner::testbed::{GpuProfile::*, TestNode, Testbed};

use crate::support::{healthy_nodes, setup_bed, start, validator};
use crate::support::{http_get, wait_for, Daemon, SmallDisk};
use crate::support::{sandbox_for, Sandbox};

/// The longest a DiscoverNodes may take with a 3 s node timeout: a handshake within 2 x 3 + 1 s,
/// the read and the compare-and-swap write of authorized_keys within 3 s each, and one
/// replacement of a dead master; twice that as room for a loaded machine.
const DISCOVER_DEADLINE: Duration = Duration::from_secs(40);

struct Bed {
    s: Sandbox,
    bed: Testbed,
    hotkey: String,
    /// Each node's authorized_keys before the daemon touched it: the operator's lines.
    operator: Vec<String>,
    d: Daemon,
}

/// `n` networked nodes, a daemon with a health round every 2 s, every node healthy.
fn networked(n: usize) -> Bed {
    around(Testbed::start_networked(&vec![H100x8; n]).expect("networked testbed (needs root)"))
}

/// A daemon with a health round every 2 s around `bed`, every node healthy.
fn around(bed: Testbed) -> Bed {
    let n = bed.nodes.len();
    let operator = bed.nodes.iter().map(TestNode::read_authorized_keys).collect();
    let (s, bed, hotkey, grpc, metrics) = setup_bed(sandbox_for(bed));
    // The deadlines below are worked out from a 3 s node timeout.
    s.node_management(&[("health_check_timeout", 3), ("health_check_interval", 2)]);
    let d = start(&s, grpc, metrics);
    wait_for("every node healthy", &d, 30, || healthy_nodes(&http_get(d.metrics, "/metrics")) == n);
    Bed { s, bed, hotkey, operator, d }
}

impl Bed {
    /// A validator's authenticate + DiscoverNodes; checks the deadline and that every node
    /// listed has the validator's key in place. Returns the hosts listed.
    fn discover(&self) -> Vec<String> {
        let started = Instant::now();
        let v = validator(&self.s, &self.d, &self.hotkey, "flow");
        let took = started.elapsed();
        eprintln!("DiscoverNodes answered in {took:?}");
        assert!(took < DISCOVER_DEADLINE, "DiscoverNodes took {took:?}:\n{}", self.d.log());
        assert_eq!(v["authenticated"], true, "{v}");
        let hosts: Vec<String> =
            v["nodes"].as_array().unwrap().iter().map(|n| n["host"].as_str().unwrap().to_string()).collect();
        for node in self.bed.nodes.iter().filter(|n| listed(&hosts, n)) {
            assert_eq!(
                node.validator_lines().len(),
                1,
                "node {} listed without its key:\n{}\n{}",
                node.ip,
                node.read_authorized_keys(),
                self.d.log()
            );
        }
        hosts
    }

    /// The invariant, within `secs`: the operator's lines as they were, plus exactly one
    /// validator line, the assigned validator's with the key it sent.
    fn wait_exclusive(&self, secs: u64) {
        let key = self.s.read("validator_ed25519.pub");
        let body = key.split_whitespace().nth(1).unwrap().to_string();
        let alice =
            basilica_miner::core::identity::wallet::Keypair::from_uri(crate::support::VALIDATOR_URI).unwrap().ss58;
        for (node, operator) in self.bed.nodes.iter().zip(&self.operator) {
            let exclusive = || node.holds_exactly(operator, &body, &alice);
            wait_for(
                &format!("node {} with exactly the operator's lines and the validator's key", node.ip),
                &self.d,
                secs,
                exclusive,
            );
        }
    }
}

fn listed(hosts: &[String], node: &TestNode) -> bool {
    hosts.contains(&node.ip.to_string())
}

#[test]
fn packet_loss_on_half_the_nodes_slows_a_discovery_but_never_hangs_it() {
    let b = networked(4);
    for node in &b.bed.nodes[2..] {
        node.link().unwrap().loss(20).unwrap();
    }
    let hosts = b.discover();
    for node in &b.bed.nodes[2..] {
        assert!(node.link().unwrap().hits().unwrap() > 0, "the loss hit node {}'s packets", node.ip);
    }
    for node in &b.bed.nodes[..2] {
        assert!(listed(&hosts, node), "a node on a clean link is listed: {hosts:?}\n{}", b.d.log());
    }
    still_serving(&b.d);
    for node in &b.bed.nodes[2..] {
        node.link().unwrap().heal().unwrap();
    }
    b.wait_exclusive(20);
}

#[test]
fn a_partition_during_a_deployment_leaves_no_node_without_its_keys() {
    let b = networked(3);
    // The partition starts while the key is on its way to the node: the node is frozen before
    // the validator's call, so the deployment's command is in flight when the link is cut.
    let cut = &b.bed.nodes[1];
    cut.pause();
    std::thread::scope(|scope| {
        let call = scope.spawn(|| b.discover());
        wait_for("the deployment under way", &b.d, 20, || b.d.log().contains("Deploying SSH key for validator"));
        std::thread::sleep(Duration::from_millis(50));
        cut.link().unwrap().partition().unwrap();
        cut.resume();
        let hosts = call.join().unwrap();
        assert!(listed(&hosts, &b.bed.nodes[0]) && listed(&hosts, &b.bed.nodes[2]), "{hosts:?}");
        assert!(!listed(&hosts, cut), "the node cut off mid-deployment is not offered: {hosts:?}");
    });
    // A second validator call while the node is cut off: answered in time, without it.
    let hosts = b.discover();
    assert!(!listed(&hosts, cut), "a partitioned node is not offered: {hosts:?}");
    still_serving(&b.d);
    cut.link().unwrap().heal().unwrap();
    b.wait_exclusive(30);
}

#[test]
fn connection_resets_fail_a_node_cleanly_and_it_is_repaired_after() {
    let b = networked(3);
    let node = &b.bed.nodes[2];
    node.link().unwrap().reset().unwrap();
    let hosts = b.discover();
    assert!(!listed(&hosts, node), "a node that resets every connection is not offered: {hosts:?}");
    assert!(node.link().unwrap().hits().unwrap() > 0, "the resets hit the node's packets");
    assert!(b.d.log().contains("SSH key deployment failed"), "{}", b.d.log());
    // The reset node's file is as the operator left it: nothing half-written.
    assert_eq!(node.read_authorized_keys(), b.operator[2]);
    node.link().unwrap().heal().unwrap();
    b.wait_exclusive(30);
}

#[test]
fn a_killed_ssh_master_is_replaced_whether_idle_or_busy() {
    let b = networked(2);
    let node = &b.bed.nodes[0];
    let masters = || basilica_miner::testbed::ssh_masters(b.d.child.id(), &node.ip.to_string());
    wait_for("an SSH master for the node", &b.d, 20, || !masters().is_empty());
    // Idle: killed between two rounds.
    kill(&masters());
    let hosts = b.discover();
    assert!(listed(&hosts, node), "{hosts:?}\n{}", b.d.log());
    // Busy: killed while the validator's call runs.
    std::thread::scope(|scope| {
        let call = scope.spawn(|| b.discover());
        std::thread::sleep(Duration::from_millis(100));
        kill(&masters());
        call.join().unwrap();
    });
    still_serving(&b.d);
    b.wait_exclusive(30);
}

fn kill(pids: &[u32]) {
    assert!(!pids.is_empty(), "no SSH master to kill");
    for p in pids {
        let _ = std::process::Command::new("kill").arg("-KILL").arg(p.to_string()).status();
    }
}

/// A read-only bind mount of a directory over itself, undone on drop.
struct ReadOnly(std::path::PathBuf);

impl ReadOnly {
    fn mount(dir: &std::path::Path) -> ReadOnly {
        let run = |args: &[&str]| {
            let out = std::process::Command::new("mount").args(args).output().unwrap();
            assert!(out.status.success(), "mount {args:?} (needs root): {}", String::from_utf8_lossy(&out.stderr));
        };
        let d = dir.to_str().unwrap();
        run(&["--bind", d, d]);
        let m = ReadOnly(dir.to_path_buf());
        run(&["-o", "remount,bind,ro", d]);
        m
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

/// `dir` on a 64 KiB tmpfs holding a copy of the files it held, then filled to the last block.
fn full(dir: &std::path::Path) -> SmallDisk {
    let saved: Vec<(std::ffi::OsString, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| (e.file_name(), std::fs::read(e.path()).unwrap()))
        .collect();
    let disk = SmallDisk::mount(dir, "size=64k,mode=0700");
    for (name, bytes) in saved {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    disk.fill();
    disk
}

#[test]
fn a_node_whose_ssh_directory_is_read_only_or_full_keeps_its_file_and_is_named() {
    // Loopback nodes: a networked node's sshd runs in a mount namespace of its own (made by
    // `ip netns exec`), where mounts made here afterwards do not show.
    let b = around(Testbed::start_on(&[H100x8; 3], &crate::support::ips(&[31, 32, 33])).expect("testbed"));
    let (ro, full_node) = (&b.bed.nodes[1], &b.bed.nodes[2]);
    let ssh_dir = |n: &TestNode| n.authorized_keys().parent().unwrap().to_path_buf();
    let mounts = (ReadOnly::mount(&ssh_dir(ro)), full(&ssh_dir(full_node)));
    let hosts = b.discover();
    assert!(listed(&hosts, &b.bed.nodes[0]), "{hosts:?}");
    for (node, cause) in [(ro, "Read-only file system"), (full_node, "No space left on device")] {
        assert!(!listed(&hosts, node), "a node whose write failed is not offered: {hosts:?}");
        assert_eq!(node.read_authorized_keys(), b.operator[node.index], "the old file is intact");
        let named = b.d.log().lines().any(|l| {
            l.contains("SSH key deployment failed")
                && l.contains(&format!("{}:{}", node.ip, node.port))
                && l.contains(cause)
        });
        assert!(named, "the error names node {} and the cause ({cause}):\n{}", node.ip, b.d.log());
    }
    drop(mounts);
    b.wait_exclusive(30);
}

#[test]
fn a_validator_cut_off_for_several_heartbeats_gets_them_again_without_a_restart() {
    use crate::support::{online_setup_at, BidValidator};
    use basilica_miner::testbed::chain_double::ChainDouble;
    // The generation-2 validator on a link of its own: its axon is the link's far end.
    let link = basilica_miner::testbed::netns::Link::create().expect("a network namespace (needs root)");
    let double = ChainDouble::start();
    let bid_port = crate::support::free_port();
    let (s, _bed, miner_hotkey, grpc, metrics) = online_setup_at(&double, bid_port, link.node_ip.into());
    let v = BidValidator::start_with(
        link.command("python3"),
        &link.node_ip.to_string(),
        bid_port,
        &s.path("bids.jsonl"),
        &s.path("validator_ed25519.pub"),
        2,
        &["--known", &miner_hotkey],
    );
    let d = crate::support::start_with(&s, grpc, metrics, &["serve"]);
    wait_for("two heartbeats", &d, 60, || v.of("HealthCheck").len() >= 2);

    // Cut off for five heartbeat intervals.
    link.partition().unwrap();
    let seen = v.requests().len();
    let cut_at = d.log().lines().count();
    std::thread::sleep(Duration::from_secs(10));
    assert_eq!(v.requests().len(), seen, "nothing gets through a partition");
    assert!(link.hits().unwrap() > 0, "the partition hit the miner's calls");
    still_serving(&d);
    link.heal().unwrap();
    wait_for("a heartbeat or registration after the partition", &d, 40, || v.requests().len() > seen);
    wait_for("the recovery in the log", &d, 20, || d.log().contains("bidding works again"));
    // The outage is logged as a change of state, not once per failed heartbeat.
    let log = d.log();
    let during: Vec<&str> = log
        .lines()
        .skip(cut_at)
        .filter(|l| (l.contains(" WARN ") || l.contains(" ERROR ")) && l.contains("bidding"))
        .collect();
    assert!(during.len() <= 3, "at most a few lines for one outage:\n{}", during.join("\n"));
}

/// The daemon still answers (its metrics endpoint) while a fault holds.
fn still_serving(d: &Daemon) {
    let m = http_get(d.metrics, "/metrics");
    assert!(m.contains("basilica_miner_"), "the daemon stopped answering:\n{}", d.log());
}

#[test]
fn a_partition_during_a_key_rotation_is_finished_by_the_next_one() {
    use basilica_miner::core::nodes::authorized_keys;
    let bed = Testbed::start_networked(&[H100x8; 3]).expect("networked testbed (needs root)");
    let (s, bed) = sandbox_for(bed);
    let operator: Vec<String> =
        bed.nodes.iter().map(|n| n.read_authorized_keys().lines().next().unwrap().to_string()).collect();
    let cut = &bed.nodes[1];
    // The rotation runs while the link goes: at once, or after it has begun on the nodes.
    for delay_ms in [0, 150, 400] {
        let child = s
            .command()
            .args(["keys", "rotate", "--yes"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        cut.link().unwrap().partition().unwrap();
        let started = Instant::now();
        let out = child.wait_with_output().unwrap();
        assert!(started.elapsed() < Duration::from_secs(60), "the rotation ends within its deadlines");
        cut.link().unwrap().heal().unwrap();
        // Whatever it did, every node still lets the configured key in.
        let current = crate::keys::configured_key(&s);
        for n in &bed.nodes {
            assert!(
                authorized_keys::contains_key(&n.read_authorized_keys(), &current),
                "node {} locked out after a partition at {delay_ms} ms ({}):\n{}",
                n.ip,
                String::from_utf8_lossy(&out.stderr),
                n.read_authorized_keys()
            );
        }
    }
    // The next rotation finishes the job: one miner key everywhere, the operator's line intact.
    s.run(&["keys", "rotate", "--yes"]).code(0);
    let current = crate::keys::configured_key(&s);
    for (n, op) in bed.nodes.iter().zip(&operator) {
        let text = n.read_authorized_keys();
        let miner = crate::keys::miner_lines(&text);
        assert_eq!(miner.len(), 1, "node {}: exactly one miner key:\n{text}", n.ip);
        assert!(authorized_keys::contains_key(&text, &current) && text.starts_with(&format!("{op}\n")), "{text}");
    }
    s.run(&["node", "test"]).code(0);
}

#[test]
fn packet_loss_on_half_the_nodes_during_a_bid_registration_slows_it_but_never_hangs_it() {
    use crate::support::{bid_config, BidValidator};
    use basilica_miner::testbed::chain_double::ChainDouble;
    let bed = Testbed::start_networked(&[H100x8; 4]).expect("networked testbed (needs root)");
    let operator: Vec<String> = bed.nodes.iter().map(TestNode::read_authorized_keys).collect();
    let (s, bed, hotkey, grpc, metrics) = setup_bed(sandbox_for(bed));
    let double = ChainDouble::start();
    let bid_port = crate::support::free_port();
    bid_config(&s, &double, bid_port, "127.0.0.1".parse().unwrap(), &hotkey);
    // Half the nodes lose one packet in five from before the daemon starts: their health
    // checks, full validations and the installation of the validator's key all cross it.
    for n in &bed.nodes[..2] {
        n.link().unwrap().loss(20).unwrap();
    }
    let v = BidValidator::start(
        "127.0.0.1",
        bid_port,
        &s.path("bids.jsonl"),
        &s.path("validator_ed25519.pub"),
        2,
        &["--known", &hotkey],
    );
    let d = crate::support::start_with(&s, grpc, metrics, &["serve"]);
    let mut all: Vec<String> = bed.nodes.iter().map(|n| n.ip.to_string()).collect();
    all.sort();
    let registered_all = || {
        v.of("Accepted").iter().any(|a| {
            let mut hosts: Vec<String> =
                a["hosts"].as_array().unwrap().iter().map(|h| h.as_str().unwrap().to_string()).collect();
            hosts.sort();
            hosts == all
        })
    };
    wait_for("a bid of all four nodes, the lossy ones too", &d, 180, registered_all);
    assert!(bed.nodes[0].link().unwrap().hits().unwrap() > 0, "the loss rule saw the miner's traffic");
    // Each registration went on to heartbeats within a deploy's deadline: installing the
    // validator's key on the lossy nodes never hung it.
    wait_for("a heartbeat after the last bid", &d, DISCOVER_DEADLINE.as_secs(), || {
        let last = v.of("Accepted").last().map(|a| a["at"].as_f64().unwrap()).unwrap();
        v.of("HealthCheck").iter().any(|h| h["at"].as_f64().unwrap() > last)
    });
    let accepted: Vec<f64> = v.of("Accepted").iter().map(|a| a["at"].as_f64().unwrap()).collect();
    let beats: Vec<f64> = v.of("HealthCheck").iter().map(|h| h["at"].as_f64().unwrap()).collect();
    for at in &accepted {
        let next = beats.iter().copied().find(|b| b > at).unwrap_or(f64::INFINITY);
        assert!(next - at < DISCOVER_DEADLINE.as_secs_f64(), "a bid waited {:.1} s for its key installs", next - at);
    }
    still_serving(&d);
    // The invariant holds with the loss still on.
    Bed { s, bed, hotkey, operator, d }.wait_exclusive(30);
}
