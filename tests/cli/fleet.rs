//! The fleet engine against real sshd nodes: key edits, concurrency, faults.

use std::sync::Arc;
use std::time::Duration;

use basilica_miner::core::nodes::authorized_keys::{self, PublicKey};
use basilica_miner::core::nodes::fleet::{self, remote_keys, Code, Fleet, FleetSettings, Target};
use basilica_miner::core::nodes::node::NodeAddress;
use basilica_miner::testbed::{GpuProfile, Testbed};

const ALICE: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";

pub fn targets(bed: &Testbed) -> Vec<Target> {
    bed.nodes
        .iter()
        .map(|n| {
            let address = NodeAddress::parse(&n.spec(), None).unwrap();
            Target { node_id: address.node_id(), address, additional_opts: None }
        })
        .collect()
}

pub fn fleet(bed: &Testbed, timeout_secs: u64) -> Fleet {
    Fleet::new(FleetSettings {
        key_path: bed.miner_key.clone(),
        known_hosts: bed.root.join("known_hosts"),
        connect_timeout: Duration::from_secs(timeout_secs),
        command_timeout: Duration::from_secs(timeout_secs),
        parallel_connects: fleet::DEFAULT_PARALLEL_CONNECTS,
    })
    .unwrap()
}

pub fn validator_key() -> PublicKey {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("v");
    assert!(std::process::Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(&p)
        .status()
        .unwrap()
        .success());
    PublicKey::parse(&std::fs::read_to_string(p.with_extension("pub")).unwrap()).unwrap()
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

#[test]
fn deploys_exclusively_and_keeps_operator_lines() {
    let bed = Testbed::start(&[GpuProfile::H100x8, GpuProfile::A100NotAvailable, GpuProfile::H100x8]).unwrap();
    let before: Vec<String> = bed.nodes.iter().map(basilica_miner::testbed::TestNode::read_authorized_keys).collect();
    let key = validator_key();
    let f = fleet(&bed, 10);
    let ts = targets(&bed);
    let results = rt().block_on(async {
        let r = fleet::for_each(&ts, &|_| {}, |t| {
            let key = key.clone();
            let f = &f;
            async move { remote_keys::edit(f, t, |c| Ok(authorized_keys::deploy_exclusive(c, &key, ALICE))).await }
        })
        .await;
        f.close().await;
        r
    });
    for (i, r) in results.iter().enumerate() {
        assert!(
            r.as_ref().is_ok_and(basilica_miner::core::nodes::fleet::remote_keys::Edited::changed),
            "node {i}: {r:?}"
        );
        let now = bed.nodes[i].read_authorized_keys();
        assert_eq!(now, format!("{}{}\n", before[i], key.validator_line(ALICE)));
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(bed.nodes[i].authorized_keys()).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    // The second deployment changes nothing.
    let f = fleet(&bed, 10);
    let again = rt().block_on(async {
        let r = remote_keys::edit(&f, &ts[0], |c| Ok(authorized_keys::deploy_exclusive(c, &key, ALICE))).await;
        f.close().await;
        r
    });
    assert!(again.as_ref().is_ok_and(|e| !e.changed()), "{again:?}");
}

#[test]
fn a_stopped_node_times_out_without_delaying_the_others() {
    let bed = Testbed::start(&[GpuProfile::H100x8, GpuProfile::H100x8, GpuProfile::H100x8]).unwrap();
    bed.nodes[1].pause();
    let f = Arc::new(fleet(&bed, 2));
    let ts = targets(&bed);
    let started = std::time::Instant::now();
    let results = rt().block_on(async {
        let r = fleet::for_each(&ts, &|_| {}, |t| {
            let f = f.clone();
            async move { f.exec(t, "echo hi", b"").await }
        })
        .await;
        f.close().await;
        r
    });
    bed.nodes[1].resume();
    let elapsed = started.elapsed();
    assert!(results[0].is_ok() && results[2].is_ok(), "{results:?}");
    let err = results[1].as_ref().unwrap_err();
    assert_eq!(err.code, Code::SshTimeout, "{err:?}");
    // Bounded by the per-node timeout (2 s connect, twice plus one), not by the others.
    assert!(elapsed < Duration::from_secs(15), "{elapsed:?}");
}

#[test]
fn refused_keys_and_dead_nodes_get_their_codes() {
    let mut bed = Testbed::start(&[GpuProfile::H100x8, GpuProfile::H100x8]).unwrap();
    std::fs::write(bed.nodes[0].authorized_keys(), "# nobody\n").unwrap();
    bed.nodes[1].kill();
    let f = fleet(&bed, 5);
    let ts = targets(&bed);
    let results = rt().block_on(async {
        let a = f.exec(&ts[0], "true", b"").await;
        let b = f.exec(&ts[1], "true", b"").await;
        f.close().await;
        (a, b)
    });
    assert_eq!(results.0.unwrap_err().code, Code::SshAuthDenied);
    assert_eq!(results.1.unwrap_err().code, Code::SshConnectionRefused);
}

#[test]
fn a_changed_host_key_is_refused_by_name() {
    let mut bed = Testbed::start(&[GpuProfile::H100x8]).unwrap();
    let ts = targets(&bed);
    let f = fleet(&bed, 5);
    rt().block_on(async {
        f.exec(&ts[0], "true", b"").await.unwrap();
        f.close().await;
    });
    let found = std::process::Command::new("ssh-keygen")
        .arg("-F")
        .arg(format!("[127.0.0.1]:{}", bed.nodes[0].port))
        .arg("-f")
        .arg(bed.root.join("known_hosts"))
        .output()
        .unwrap();
    assert!(found.status.success(), "host key recorded on first contact");
    bed.nodes[0].regenerate_host_key().unwrap();
    let f = fleet(&bed, 5);
    let err = rt().block_on(async {
        let r = f.exec(&ts[0], "true", b"").await;
        f.close().await;
        r
    });
    assert_eq!(err.unwrap_err().code, Code::HostKeyChanged);
}
