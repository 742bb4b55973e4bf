//! Generation 2's test parts: the Python validator's bid service (grpcio, signatures checked
//! with bittensor-wallet) as a child process, nodes on distinct loopback addresses, the
//! advertised nodes read from its log, and a sandboxed miner that bids at it.

use super::setup_bed;
use super::{sandbox_for, Sandbox};
use basilica_miner::core::identity::wallet::Keypair;
use basilica_miner::testbed::chain_double::ChainDouble;
use basilica_miner::testbed::GpuProfile::*;
use basilica_miner::testbed::Testbed;
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The Python validator's MinerRegistration server.
pub(crate) struct BidValidator {
    child: Child,
    log: PathBuf,
}

impl BidValidator {
    pub(crate) fn start(
        ip: &str,
        port: u16,
        log: &Path,
        key_file: &Path,
        interval: u32,
        extra: &[&str],
    ) -> BidValidator {
        BidValidator::start_with(Command::new("python3"), ip, port, log, key_file, interval, extra)
    }

    /// [`BidValidator::start`] with `python3` as `cmd` starts it (inside a network namespace,
    /// say).
    pub(crate) fn start_with(
        mut cmd: Command,
        ip: &str,
        port: u16,
        log: &Path,
        key_file: &Path,
        interval: u32,
        extra: &[&str],
    ) -> BidValidator {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/validator/bid_validator.py");
        let mut child = cmd
            .arg(script)
            .args(["--host", ip, "--port", &port.to_string(), "--interval", &interval.to_string()])
            .arg("--log")
            .arg(log)
            .arg("--key-file")
            .arg(key_file)
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        assert!(line.contains("listening"), "bid validator did not start: {line:?}");
        BidValidator { child, log: log.to_path_buf() }
    }

    /// Every line of the validator's log: the miner's requests and the validator's own events.
    pub(crate) fn entries(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    /// The signed requests the miner sent.
    pub(crate) fn requests(&self) -> Vec<Value> {
        self.entries().into_iter().filter(|r| r["signature_len"].is_number()).collect()
    }

    /// Requests or events of one kind (`RegisterBid`, `Accepted`, `Validation`, ...).
    pub(crate) fn of(&self, method: &str) -> Vec<Value> {
        self.entries().into_iter().filter(|r| r["method"] == method).collect()
    }

    pub(crate) fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for BidValidator {
    fn drop(&mut self) {
        self.stop();
    }
}

pub(crate) fn ips(last: &[u8]) -> Vec<IpAddr> {
    last.iter().map(|l| IpAddr::from([127, 0, 0, *l])).collect()
}

/// `(host, category, count, cents)` of a RegisterBid's nodes.
pub(crate) fn advertised(req: &Value) -> Vec<(String, String, u64, u64)> {
    req["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["host"].as_str().unwrap().to_string(),
                n["gpu_category"].as_str().unwrap().to_string(),
                n["gpu_count"].as_u64().unwrap(),
                n["hourly_rate_cents"].as_u64().unwrap(),
            )
        })
        .collect()
}

pub(crate) fn validator_lines(bed: &Testbed) -> Vec<String> {
    bed.nodes
        .iter()
        .flat_map(|n| {
            n.read_authorized_keys()
                .lines()
                .filter(|l| l.contains(" validator-"))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// A sandbox with nodes on 127.0.0.11-13 (H100, A100 with [N/A] sensors, driver down), the
/// chain double assigning them to Alice whose axon is 127.0.0.1, and the bid port.
pub(crate) fn online_setup(double: &ChainDouble, bid_port: u16) -> (Sandbox, Testbed, String, u16, u16) {
    online_setup_at(double, bid_port, "127.0.0.1".parse().unwrap())
}

/// [`online_setup`] with Alice's axon at `axon`.
pub(crate) fn online_setup_at(
    double: &ChainDouble,
    bid_port: u16,
    axon: IpAddr,
) -> (Sandbox, Testbed, String, u16, u16) {
    let bed = Testbed::start_on(&[H100x8, A100NotAvailable, NoDriver], &ips(&[11, 12, 13])).expect("testbed");
    let (s, bed, miner_hotkey, grpc, metrics) = setup_bed(sandbox_for(bed));
    // The A100 node has no rate of its own: its price comes from the static table.
    let a100 = format!(
        "host = \"127.0.0.12\"\nport = {}\nusername = \"{}\"\nhourly_rate_per_gpu = 2.5\n",
        bed.nodes[1].port, bed.nodes[1].username
    );
    s.write("miner.toml", &s.read("miner.toml").replace(&a100, &a100.replace("hourly_rate_per_gpu = 2.5\n", "")));
    bid_config(&s, double, bid_port, axon, &miner_hotkey);
    (s, bed, miner_hotkey, grpc, metrics)
}

/// Turns the sandbox's `miner.toml` to generation 2: the chain double assigns the miner to
/// Alice (highest stake) whose axon is `axon`, the bid port, a health round every 2 s, and
/// static prices.
pub(crate) fn bid_config(s: &Sandbox, double: &ChainDouble, bid_port: u16, axon: IpAddr, miner_hotkey: &str) {
    let alice = Keypair::from_uri("//Alice").unwrap();
    let miner = *basilica_miner::core::identity::ss58::parse(miner_hotkey).unwrap().as_ref();
    double.set_uid(387, miner, 3);
    double.set_neuron_axon(alice.public(), axon);
    double.set_neurons(387, &[(alice.public(), 0, true, vec![900]), (miner, 3, false, vec![1])]);
    let text = s.read("miner.toml").replace("strategy = \"fixed_assignment\"", "strategy = \"highest_stake\"").replace(
        "[bittensor]\n",
        &format!("[bittensor]\nchain_endpoint = \"{}\"\nweight_interval_secs = 1\n", double.url),
    );
    s.write(
        "miner.toml",
        &format!(
            "bid_grpc_port = {bid_port}\n\n{text}\n[bidding.strategy.static.static_prices]\nA100 = 2.50\nH100 = 9.99\n"
        ),
    );
    s.node_management(&[("health_check_interval", 2)]);
}
