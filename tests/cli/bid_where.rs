//! Where the bids go: a metagraph whose higher-stake validators are not Basilica validators (a
//! gRPC server without MinerRegistration, an HTTP/1 server, nothing listening, no axon IP) and a
//! lower-stake one that is (the Python validator). `bid validators` names each state; `serve`
//! registers with the Basilica validator only and says what it skipped; with none on the
//! subnet, no key is installed and every command says so, with the fix. A stalled endpoint is
//! not looked at again at every quick retry.

use std::io::{BufRead, BufReader};
use std::net::IpAddr;
use std::process::{Child, Command, Stdio};

use basilica_miner::core::identity::wallet::Keypair;
use serde_json::Value;

use crate::support::Sandbox;
use crate::support::{free_port, http_get, start_with, wait_for};
use crate::support::{online_setup_at, BidValidator};
use basilica_miner::testbed::chain_double::ChainDouble;

/// A non-Basilica server from tests/validator/other_servers.py, killed on drop.
struct Other(Child);

impl Other {
    fn start(mode: &str, ip: &str, port: u16) -> Other {
        let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/validator/other_servers.py");
        let mut child = Command::new("python3")
            .arg(script)
            .args(["--mode", mode, "--host", ip, "--port", &port.to_string()])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        assert!(line.contains("ready"), "{mode} server did not start: {line:?}");
        Other(child)
    }
}

impl Drop for Other {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Four validators with more stake than Alice, none of them a Basilica validator: (a) gRPC
/// without MinerRegistration on 127.0.0.2, (b) HTTP/1 on 127.0.0.3, (c) nothing on 127.0.0.4,
/// (d) no axon IP. Returns their hotkeys (a..d) and the servers, which must stay alive.
fn strangers(double: &ChainDouble, bid_port: u16) -> (Vec<Keypair>, Vec<Other>) {
    let keys: Vec<Keypair> =
        ["//Grpc", "//Http1", "//Nothing", "//NoAxon"].iter().map(|u| Keypair::from_uri(u).unwrap()).collect();
    for (k, ip) in keys.iter().zip(["127.0.0.2", "127.0.0.3", "127.0.0.4", "0.0.0.0"]) {
        double.set_neuron_axon(k.public(), ip.parse::<IpAddr>().unwrap());
    }
    let servers = vec![Other::start("grpc", "127.0.0.2", bid_port), Other::start("http1", "127.0.0.3", bid_port)];
    (keys, servers)
}

/// The metagraph: the strangers with stakes 5000..2000, then (when `alice`) Alice with 900, and
/// the miner.
fn metagraph(double: &ChainDouble, keys: &[Keypair], miner_hotkey: &str, alice: bool) {
    let miner = *basilica_miner::core::identity::ss58::parse(miner_hotkey).unwrap().as_ref();
    let mut neurons: Vec<([u8; 32], u16, bool, Vec<u64>)> =
        keys.iter().enumerate().map(|(i, k)| (k.public(), 10 + i as u16, true, vec![5000 - 1000 * i as u64])).collect();
    if alice {
        neurons.push((Keypair::from_uri("//Alice").unwrap().public(), 0, true, vec![900]));
    }
    neurons.push((miner, 3, false, vec![1]));
    double.set_neurons(387, &neurons);
}

fn states(validators: &Value) -> Vec<(String, String)> {
    validators
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["hotkey"].as_str().unwrap().to_string(), v["look"]["state"].as_str().unwrap().to_string()))
        .collect()
}

fn expected(keys: &[Keypair], alice: bool) -> Vec<(String, String)> {
    let mut e: Vec<(String, String)> = keys
        .iter()
        .zip(["no_bid_service", "not_grpc", "nothing_listening", "no_axon"])
        .map(|(k, s)| (k.ss58.clone(), s.to_string()))
        .collect();
    if alice {
        e.push((Keypair::from_uri("//Alice").unwrap().ss58, "takes_bids".into()));
    }
    e
}

fn validator_lines(bed: &basilica_miner::testbed::Testbed) -> Vec<String> {
    bed.nodes.iter().flat_map(basilica_miner::testbed::TestNode::validator_lines).collect()
}

#[test]
fn bids_go_to_the_lower_stake_basilica_validator_and_the_skipped_ones_are_named() {
    let double = ChainDouble::start();
    let bid_port = free_port();
    let (s, bed, miner_hotkey, grpc, metrics) = online_setup_at(&double, bid_port, "127.0.0.1".parse().unwrap());
    let (keys, _servers) = strangers(&double, bid_port);
    metagraph(&double, &keys, &miner_hotkey, true);
    let alice = Keypair::from_uri("//Alice").unwrap();
    let v = BidValidator::start(
        "127.0.0.1",
        bid_port,
        &s.path("bids.jsonl"),
        &s.path("validator_ed25519.pub"),
        2,
        &["--known", &miner_hotkey],
    );

    // Before serve: every state named, Alice picked with the reason, and she knows the hotkey.
    let run = s.run(&["--json", "bid", "validators"]);
    run.code(0);
    let report = run.json();
    assert_eq!(states(&report["validators"]), expected(&keys, true), "{report:#}");
    let picked: Vec<&Value> =
        report["validators"].as_array().unwrap().iter().filter(|v| v["assigned"] == true).collect();
    assert_eq!(picked.len(), 1);
    assert_eq!(picked[0]["hotkey"], alice.ss58.as_str());
    assert!(report["assignment"].as_str().unwrap().contains("4 with more stake skipped"), "{report:#}");
    assert!(report["validators"][1]["look"]["detail"].as_str().unwrap().contains("HTTP/1"), "{report:#}");
    let text = s.run(&["bid", "validators"]);
    text.code(0).stdout_has("no_bid_service").stdout_has("nothing_listening").stdout_has("highest_stake picks");
    assert!(
        text.stdout.lines().any(|l| l.contains(&alice.ss58[..8]) && l.contains("takes_bids") && l.contains("yes")),
        "Alice knows the hotkey\n{}",
        text.stdout
    );
    // One endpoint by itself.
    s.run(&["--json", "bid", "validators", "--endpoint", &format!("http://127.0.0.2:{bid_port}")])
        .code(1)
        .stdout_has("no_bid_service")
        .stdout_has("validator_endpoint");

    let d = start_with(&s, grpc, metrics, &["serve"]);
    wait_for("a RegisterBid at Alice", &d, 60, || !v.of("RegisterBid").is_empty());
    let blob = std::fs::read_to_string(s.path("validator_ed25519.pub"))
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap()
        .to_string();
    wait_for("Alice's key on the two healthy nodes, no other validator's", &d, 30, || {
        let lines = validator_lines(&bed);
        lines.len() == 2 && lines.iter().all(|l| l.contains(&blob) && l.ends_with(&format!("validator-{}", alice.ss58)))
    });
    // No heartbeat was a look: the looks were refused unsigned, never counted as heartbeats.
    assert!(v.of("HealthCheck").iter().all(|h| h["signature_len"] == 64));

    let log = d.log();
    for (k, state) in expected(&keys, false) {
        assert!(
            log.lines().any(|l| l.contains("WARN") && l.contains("skipped") && l.contains(&k) && l.contains(&state)),
            "the log names {k} skipped as {state}\n{log}"
        );
    }
    let m = http_get(d.metrics, "/metrics");
    assert!(m.contains("basilica_miner_bid_endpoint_state{state=\"takes_bids\"} 1"), "{m}");
    assert!(m.contains("basilica_miner_bid_endpoint_state{state=\"no_bid_service\"} 0"), "{m}");
    for (k, state) in expected(&keys, true) {
        assert!(
            m.contains(&format!("basilica_miner_bid_validator_state{{validator=\"{k}\",state=\"{state}\"}} 1")),
            "{m}"
        );
    }
    wait_for("bid status with the validators looked at", &d, 20, || {
        s.run(&["--json", "bid", "status"]).json()["registration"]["validators"]
            .as_array()
            .is_some_and(|a| a.len() == 5)
    });
    let status = s.run(&["--json", "bid", "status"]).json();
    assert_eq!(states(&status["registration"]["validators"]), expected(&keys, true), "{status:#}");
    assert_eq!(status["registration"]["endpoint_state"]["state"], "takes_bids", "{status:#}");
    let screen = s.run(&["status"]);
    assert!(
        screen.stdout.contains("skipped, not taking bids") && screen.stdout.contains("no_axon"),
        "{}",
        screen.stdout
    );
}

#[test]
fn a_subnet_where_no_validator_takes_bids_gets_no_key_and_every_command_says_so() {
    let double = ChainDouble::start();
    let bid_port = free_port();
    let (s, bed, miner_hotkey, grpc, metrics) = online_setup_at(&double, bid_port, "127.0.0.1".parse().unwrap());
    let (keys, _servers) = strangers(&double, bid_port);
    metagraph(&double, &keys, &miner_hotkey, false);

    let run = s.run(&["--json", "bid", "validators"]);
    run.code(1);
    let report = run.json();
    assert_eq!(states(&report["validators"]), expected(&keys, false), "{report:#}");
    assert_eq!(report["any_takes_bids"], false);
    assert!(report["assignment"].as_str().unwrap().contains("no validator on subnet 387 takes Basilica bids"));
    assert!(report["fix"].as_str().unwrap().contains("validator_endpoint"), "{report:#}");

    let d = start_with(&s, grpc, metrics, &["serve"]);
    wait_for("the daemon saying no validator takes bids", &d, 60, || {
        d.log().contains("no validator on subnet 387 takes Basilica bids")
    });
    wait_for("two health rounds", &d, 30, || {
        http_get(d.metrics, "/metrics").contains("basilica_miner_reconcile_runs_total 2")
    });
    assert!(validator_lines(&bed).is_empty(), "no validator key anywhere: {:?}", validator_lines(&bed));
    let m = http_get(d.metrics, "/metrics");
    assert!(m.contains("basilica_miner_bid_endpoint_state{state=\"none_takes_bids\"} 1"), "{m}");
    assert!(!m.contains("basilica_miner_bid_registered{"), "registered nowhere: {m}");
    wait_for("bid status saying none takes bids", &d, 20, || {
        s.run(&["--json", "bid", "status"]).json()["registration"]["none_takes_bids"] == true
    });
    s.run(&["bid", "status"]).code(1).stdout_has("none_takes_bids").stdout_has("validator_endpoint");
    let st = s.run(&["--json", "status"]);
    st.code(1);
    let st = st.json();
    let items = st["attention"].as_array().unwrap();
    assert!(
        items.iter().any(|a| a["subject"] == "validator"
            && a["problem"].as_str().unwrap().contains("no validator on subnet 387 takes Basilica bids")
            && a["fix"].as_str().unwrap().contains("bid validators")),
        "{st:#}"
    );
    // Said once, not at every retry.
    assert_eq!(d.log().matches("bidding: no validator on subnet 387 takes Basilica bids").count(), 1, "{}", d.log());
}

#[test]
fn a_fixed_endpoint_without_minerregistration_is_named_and_asked_again_calmly() {
    let double = ChainDouble::start();
    let bid_port = free_port();
    let (s, _bed, _miner_hotkey, grpc, metrics) = online_setup_at(&double, bid_port, "127.0.0.1".parse().unwrap());
    let _grpc_server = Other::start("grpc", "127.0.0.2", bid_port);
    let text = s.read("miner.toml");
    s.write("miner.toml", &format!("{text}\n[bidding]\nvalidator_endpoint = \"http://127.0.0.2:{bid_port}\"\n"));
    let d = start_with(&s, grpc, metrics, &["serve"]);
    wait_for("the endpoint named as no_bid_service", &d, 60, || {
        s.run(&["--json", "bid", "status"]).json()["registration"]["endpoint_state"]["state"] == "no_bid_service"
    });
    let refused = || {
        let m = http_get(d.metrics, "/metrics");
        m.lines()
            .find(|l| l.starts_with("basilica_miner_bid_requests_total{method=\"RegisterBid\",result=\"refused\"}"))
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    let first = refused();
    std::thread::sleep(std::time::Duration::from_secs(15));
    assert_eq!(refused(), first, "asked again within 15 s (the quick retries go up to 10 s)\n{}", d.log());
    let log = d.log();
    assert_eq!(log.matches("bid endpoint: at http://127.0.0.2").count(), 1, "the state is logged once\n{log}");
    assert!(log.contains("does not take Basilica bids") && log.contains("bid validators"), "{log}");
    let m = http_get(d.metrics, "/metrics");
    assert!(m.contains("basilica_miner_bid_endpoint_state{state=\"no_bid_service\"} 1"), "{m}");
    let st = s.run(&["--json", "status"]).json();
    assert!(
        st["attention"].as_array().unwrap().iter().any(|a| a["problem"].as_str().unwrap().contains("no_bid_service")),
        "{st:#}"
    );
}

#[test]
fn init_on_subnet_39_says_what_is_known_about_it_and_how_to_check() {
    let s = Sandbox::new();
    s.fake_wallet("miner", "default");
    let args = [
        "init",
        "--wallet-name",
        "miner",
        "--hotkey-name",
        "default",
        "--network",
        "finney",
        "--external-ip",
        "198.51.100.7",
    ];
    let r = s.run(&args);
    r.code(0).stderr_has("subnet 39").stderr_has("2026-04-10").stderr_has("basilica-miner bid validators");
    // With a bid endpoint given, or on another subnet, there is nothing to say.
    let mut with_endpoint = args.to_vec();
    with_endpoint.extend(["--force", "--validator-endpoint", "https://validator.example"]);
    let r = s.run(&with_endpoint);
    r.code(0);
    assert!(!r.stderr.contains("2026-04-10"), "{}", r.stderr);
    let mut other = args.to_vec();
    other.extend(["--force", "--netuid", "7"]);
    let r = s.run(&other);
    r.code(0);
    assert!(!r.stderr.contains("2026-04-10"), "{}", r.stderr);
}

#[test]
fn bid_validators_names_an_unreachable_chain_and_a_bad_endpoint() {
    let double = ChainDouble::start();
    let bid_port = free_port();
    let (s, _bed, _miner_hotkey, _grpc, _metrics) = online_setup_at(&double, bid_port, "127.0.0.1".parse().unwrap());
    let closed = free_port();
    let text = s.read("miner.toml").replace(&double.url, &format!("ws://127.0.0.1:{closed}"));
    s.write("miner.toml", &text);
    let r = s.run(&["--json", "bid", "validators"]);
    r.code(1);
    let e = r.json();
    assert!(e["error"]["message"].as_str().unwrap().contains("cannot read the metagraph of subnet 387"), "{e:#}");
    assert!(e["error"]["fix"].as_str().unwrap().contains("--endpoint"), "{e:#}");
    s.run(&["bid", "validators", "--endpoint", "10.0.0.1:50052"]).code(2).stderr_has("http://");
}

#[test]
fn a_silent_endpoint_is_not_looked_at_again_at_every_quick_retry() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    let double = ChainDouble::start();
    let bid_port = free_port();
    let (s, _bed, _miner_hotkey, grpc, metrics) = online_setup_at(&double, bid_port, "127.0.0.1".parse().unwrap());
    // A stalled host: it accepts connections and never answers. Each look opens one.
    let listener = std::net::TcpListener::bind(("127.0.0.6", bid_port)).unwrap();
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = accepted.clone();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for conn in listener.incoming().flatten() {
            counter.fetch_add(1, Ordering::SeqCst);
            let mut reader = conn.try_clone().unwrap();
            std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
            held.push(conn);
        }
    });
    let text = s.read("miner.toml");
    s.write("miner.toml", &format!("{text}\n[bidding]\nvalidator_endpoint = \"http://127.0.0.6:{bid_port}\"\n"));
    let d = start_with(&s, grpc, metrics, &["serve"]);
    wait_for("the endpoint named as no_answer", &d, 90, || {
        s.run(&["--json", "bid", "status"]).json()["registration"]["endpoint_state"]["state"] == "no_answer"
    });
    let first = accepted.load(Ordering::SeqCst);
    std::thread::sleep(std::time::Duration::from_secs(45));
    let more = accepted.load(Ordering::SeqCst) - first;
    // The calls keep their one connection and the look that found the host silent stands for a
    // minute; before, each quick retry (a 10 s call, then 1-10 s) looked again: 3 here.
    assert!(more <= 1, "{more} new connections in 45 s of quick retries ({first} before)\n{}", d.log());
}
