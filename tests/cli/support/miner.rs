//! A sandboxed miner serving sshd nodes, as the tests of `serve` set it up: a bittensor-wallet
//! hotkey, the fixed assignment to //Alice (offline), the validator's SSH keys, and ports of
//! its own.

use std::process::Command;

use basilica_miner::core::identity::wallet::Keypair;
use basilica_miner::testbed::Testbed;

use super::{fleet_sandbox, free_port, make_wallet, start_with, Daemon, Sandbox};

/// The validator the nodes are assigned to (fixed assignment, offline mode).
pub(crate) const VALIDATOR_URI: &str = "//Alice";

/// A miner sandbox: nodes from `profiles`, a bittensor-wallet hotkey, offline fixed assignment.
pub(crate) fn setup(profiles: &[basilica_miner::testbed::GpuProfile]) -> (Sandbox, Testbed, String, u16, u16) {
    setup_bed(fleet_sandbox(profiles))
}

/// [`setup`] around nodes already started.
pub(crate) fn setup_bed((s, bed): (Sandbox, Testbed)) -> (Sandbox, Testbed, String, u16, u16) {
    let (miner_hotkey, _) = make_wallet(&s.path("wallets"), None);
    let validator = Keypair::from_uri(VALIDATOR_URI).unwrap().ss58;
    let (grpc, metrics) = (free_port(), free_port());
    let mut text = s.read("miner.toml");
    text = text.replace(
        "[bittensor]\n",
        &format!(
            "[bittensor]\nwallet_name = \"miner\"\nhotkey_name = \"default\"\nwallet_path = \"{}\"\n",
            s.path("wallets").display()
        ),
    );
    text.push_str(&format!(
        "\n[validator_comms]\nhost = \"127.0.0.1\"\nport = {grpc}\n\n[validator_comms.rate_limit]\nrequests_per_second = 1000\nburst_capacity = 1000\n\n\
         [metrics.prometheus]\nport = {metrics}\n\n[validator_assignment]\nstrategy = \"fixed_assignment\"\nvalidator_hotkey = \"{validator}\"\n"
    ));
    s.write("miner.toml", &text);
    // Keys the validator sends.
    let vkey = s.path("validator_ed25519");
    assert!(Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(&vkey)
        .status()
        .unwrap()
        .success());
    let rsa = s.path("rsa1024");
    assert!(Command::new("ssh-keygen")
        .args(["-q", "-t", "rsa", "-b", "1024", "-N", "", "-f"])
        .arg(&rsa)
        .status()
        .unwrap()
        .success());
    std::fs::copy(rsa.with_extension("pub"), s.path("validator_ed25519.pub.rsa1024")).unwrap();
    (s, bed, miner_hotkey, grpc, metrics)
}

pub(crate) fn start(s: &Sandbox, grpc: u16, metrics: u16) -> Daemon {
    start_with(s, grpc, metrics, &["serve", "--offline"])
}

/// Nodes reported healthy in a Prometheus exposition.
pub(crate) fn healthy_nodes(metrics: &str) -> usize {
    metrics.lines().filter(|l| l.starts_with("basilica_miner_node_healthy{") && l.ends_with(" 1")).count()
}
