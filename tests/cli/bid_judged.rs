//! Generation 2 against a validator that judges the miner by upstream's rules: one refused
//! node declines a whole bid (a host another miner holds, a price under the floor),
//! the validator forgets nodes, logs in to every node with the key it handed out and runs its
//! own container check, and may sit behind TLS. Real sshd nodes on distinct loopback
//! addresses, the Python validator in tests/validator/.

use std::process::Command;
use std::time::{Duration, Instant};

use basilica_miner::testbed::GpuProfile::{self, *};
use basilica_miner::testbed::Testbed;
use serde_json::Value;

use crate::support::{advertised, ips, BidValidator};
use crate::support::{free_port, http_get, setup_bed, start_with, wait_for, Daemon};
use crate::support::{sandbox_for, Sandbox};

/// Nodes on 127.0.0.`last`, `serve --offline` registering at the validator on `bid_port`.
pub(crate) fn judged_setup(
    profiles: &[GpuProfile],
    last: &[u8],
    bid_port: u16,
    scheme: &str,
) -> (Sandbox, Testbed, String, u16, u16) {
    let bed = Testbed::start_on(profiles, &ips(last)).expect("testbed");
    let (s, bed, miner_hotkey, grpc, metrics) = setup_bed(sandbox_for(bed));
    let text = s.read("miner.toml");
    s.write("miner.toml", &format!("{text}\n[bidding]\nvalidator_endpoint = \"{scheme}://127.0.0.1:{bid_port}\"\n"));
    s.node_management(&[("health_check_interval", 2)]);
    (s, bed, miner_hotkey, grpc, metrics)
}

/// The Python validator on 127.0.0.1:`bid_port`, logging to `bids.jsonl` in the sandbox and
/// answering with the sandbox's validator key, a 2 s heartbeat, and `extra` flags.
pub(crate) fn local_validator(s: &Sandbox, bid_port: u16, extra: &[&str]) -> BidValidator {
    BidValidator::start("127.0.0.1", bid_port, &s.path("bids.jsonl"), &s.path("validator_ed25519.pub"), 2, extra)
}

/// The hosts of the validator's accepted bids, in order.
pub(crate) fn accepted(v: &BidValidator) -> Vec<Vec<String>> {
    v.of("Accepted")
        .iter()
        .map(|a| a["hosts"].as_array().unwrap().iter().map(|h| h.as_str().unwrap().to_string()).collect())
        .collect()
}

pub(crate) fn hosts(list: &[&str]) -> Vec<String> {
    list.iter().map(|h| (*h).to_string()).collect()
}

fn reload(d: &Daemon) {
    let _ = Command::new("kill").args(["-HUP", &d.child.id().to_string()]).status();
}

#[test]
fn one_refused_node_never_takes_the_fleet_off_the_market_and_forgotten_nodes_come_back() {
    let bid_port = free_port();
    let (s, _bed, miner_hotkey, grpc, metrics) = judged_setup(
        &[H100x8, A100NotAvailable, NoDriver, NoNvidiaRuntime, H100x8],
        &[51, 52, 53, 54, 55],
        bid_port,
        "http",
    );
    let v = BidValidator::start(
        "127.0.0.1",
        bid_port,
        &s.path("bids.jsonl"),
        &s.path("validator_ed25519.pub"),
        2,
        &[
            "--known",
            &miner_hotkey,
            "--taken",
            "127.0.0.55",
            "--ssh-key",
            s.path("validator_ed25519").to_str().unwrap(),
        ],
    );
    let started = Instant::now();
    let d = start_with(&s, grpc, metrics, &["serve", "--offline"]);
    let good = hosts(&["127.0.0.51", "127.0.0.52"]);
    wait_for("the two good nodes registered", &d, 30, || accepted(&v).last() == Some(&good));
    let took = started.elapsed();
    eprintln!("the two good nodes were registered {took:?} after serve started");
    assert!(took < Duration::from_secs(30), "{took:?}");
    // The declined request named the other miner's host; only the good nodes were ever sent after.
    let declined = v.of("Declined");
    assert!(
        declined
            .iter()
            .any(|d| d["error"].as_str().unwrap().contains("127.0.0.55 is already registered by another miner")),
        "{declined:?}"
    );
    let last = advertised(v.of("RegisterBid").last().unwrap());
    assert_eq!(last.iter().map(|n| n.0.as_str()).collect::<Vec<_>>(), vec!["127.0.0.51", "127.0.0.52"]);

    // The validator's own login with the key it handed out: its container check passes on both, no misbehaviour.
    wait_for("the validator's own checks of both nodes", &d, 30, || v.of("Validation").len() >= 2);
    for check in v.of("Validation") {
        assert_eq!(check["ok"], true, "the validator's check failed: {check}\n{}", d.log());
        assert_eq!(check["misbehaviour"], false, "{check}");
    }

    // bid status names the refused host and the validator's reason, in text and JSON.
    wait_for("the bid stored", &d, 20, || {
        s.run(&["--json", "bid", "status"]).json()["registration"]["advertised"]
            .as_array()
            .is_some_and(|a| a.len() == 2)
    });
    let status = s.run(&["--json", "bid", "status"]).code(0).json();
    let refused = status["registration"]["refused"].as_array().unwrap();
    assert_eq!(refused.len(), 1, "{status}");
    assert_eq!((refused[0]["host"].as_str(), refused[0]["kind"].as_str()), (Some("127.0.0.55"), Some("host_taken")));
    assert!(refused[0]["reason"].as_str().unwrap().contains("already registered by another miner"));
    s.run(&["bid", "status"]).code(0).stdout_has("127.0.0.55").stdout_has("another miner already registered this host");
    let m = http_get(d.metrics, "/metrics");
    assert!(m.contains("basilica_miner_bid_refused_nodes 1"), "{m}");
    assert!(m.contains("basilica_miner_node_validations_total{result=\"ok\"}"), "{m}");

    // The validator forgets every node (as it does after 30 unverified minutes): registered again.
    let before = accepted(&v).len();
    let forgot = Instant::now();
    std::fs::write(s.path("bids.jsonl.forget"), "").unwrap();
    wait_for("a new bid after the validator forgot the nodes", &d, 30, || accepted(&v).len() > before);
    eprintln!("registered again {:?} after the validator forgot the nodes", forgot.elapsed());
    assert_eq!(accepted(&v).last(), Some(&good));
    assert_eq!(d.log().matches("it forgot the rest").count(), 1, "logged once per event:\n{}", d.log());
    let all = v.requests();
    assert!(all.iter().all(|r| r["signature_ok"] == true && r["raw_only"] == true), "{all:?}");
}

#[test]
fn a_price_under_the_floor_is_found_by_splitting_the_set_and_named_with_floor() {
    let bid_port = free_port();
    let (s, bed, miner_hotkey, grpc, metrics) =
        judged_setup(&[H100x8, H100x8, H100x8, H100x8], &[61, 62, 63, 64], bid_port, "http");
    // 127.0.0.63 asks 5 cents; the validator's floor is 100 and its error names no host.
    let third =
        format!("port = {}\nusername = \"{}\"\nhourly_rate_per_gpu = 2.5\n", bed.nodes[2].port, bed.nodes[2].username);
    let text = s.read("miner.toml").replace(&third, &third.replace("2.5", "0.05"));
    s.write("miner.toml", &text);
    let v = BidValidator::start(
        "127.0.0.1",
        bid_port,
        &s.path("bids.jsonl"),
        &s.path("validator_ed25519.pub"),
        2,
        &["--known", &miner_hotkey, "--floor-cents", "100"],
    );
    let d = start_with(&s, grpc, metrics, &["serve", "--offline"]);
    let rest = hosts(&["127.0.0.61", "127.0.0.62", "127.0.0.64"]);
    wait_for("the rest registered", &d, 30, || accepted(&v).last() == Some(&rest));
    let calls = v.of("RegisterBid").len();
    eprintln!("{calls} RegisterBid call(s) to find the node under the floor among 4");
    // The first call, then at most 2·log2(4) + 1 more.
    assert!(calls <= 1 + 5, "{calls} calls");
    // The validator answers before the miner has installed its key and stored the bid.
    wait_for("the bid stored", &d, 20, || {
        s.run(&["--json", "bid", "status"]).json()["registration"]["advertised"]
            .as_array()
            .is_some_and(|a| a.len() == 3)
    });
    let status = s.run(&["bid", "status"]);
    status
        .code(0)
        .stdout_has("127.0.0.63")
        .stdout_has("below its price floor")
        .stdout_has("$0.05 (5 ¢) per GPU-hour")
        .stdout_has("H100 x8 at $2.50 (250 ¢)");
    // One row per fact: no empty header row, no two rows of one name (but the advertised nodes).
    let labels: Vec<&str> = status
        .stdout
        .lines()
        .filter_map(|l| l.split('|').nth(1))
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('-') && *l != "advertised")
        .collect();
    let mut unique = labels.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(labels.len(), unique.len(), "{}", status.stdout);
    assert!(
        !status.stdout.lines().next().unwrap_or("").replace(['|', ' '], "").is_empty(),
        "an empty header row:\n{}",
        status.stdout
    );
    let json = s.run(&["--json", "bid", "status"]).code(0).json();
    assert_eq!(json["registration"]["refused"][0]["kind"], "below_floor", "{json}");
    s.run(&["bid", "show"]).code(0).stdout_has("floor");
    // The rest stays registered: heartbeats name only the three.
    wait_for("a heartbeat", &d, 20, || !v.of("HealthCheck").is_empty());
    assert_eq!(v.of("HealthCheck").last().unwrap()["hosts"], serde_json::json!(rest));
    // A reload offers the refused node again (at its new price, above the floor).
    s.write("miner.toml", &s.read("miner.toml").replace("hourly_rate_per_gpu = 0.05", "hourly_rate_per_gpu = 1.5"));
    reload(&d);
    let all = hosts(&["127.0.0.61", "127.0.0.62", "127.0.0.63", "127.0.0.64"]);
    wait_for("all four registered after the price was raised", &d, 30, || accepted(&v).last() == Some(&all));
}

/// A CA and a certificate for 127.0.0.1 signed by it, made with openssl: `(ca.pem, cert, key)`.
fn private_ca(s: &Sandbox) -> (String, String, String) {
    let run = |args: &[&str]| {
        let out = Command::new("openssl").args(args).current_dir(s.dir.path()).output().unwrap();
        assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    run(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=basilica test CA",
    ]);
    run(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "validator.key",
        "-out",
        "validator.csr",
        "-subj",
        "/CN=127.0.0.1",
    ]);
    s.write("san.ext", "subjectAltName = IP:127.0.0.1\nbasicConstraints = CA:FALSE\nkeyUsage = digitalSignature, keyEncipherment\nextendedKeyUsage = serverAuth\n");
    run(&[
        "x509",
        "-req",
        "-in",
        "validator.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "validator.pem",
        "-days",
        "2",
        "-extfile",
        "san.ext",
    ]);
    let p = |f: &str| s.path(f).to_str().unwrap().to_string();
    (p("ca.pem"), p("validator.pem"), p("validator.key"))
}

#[test]
fn an_https_validator_with_a_private_ca_is_refused_until_the_ca_is_configured() {
    let bid_port = free_port();
    let (s, _bed, miner_hotkey, grpc, metrics) = judged_setup(&[H100x8], &[71], bid_port, "https");
    let (ca, cert, key) = private_ca(&s);
    let v = BidValidator::start(
        "127.0.0.1",
        bid_port,
        &s.path("bids.jsonl"),
        &s.path("validator_ed25519.pub"),
        2,
        &["--known", &miner_hotkey, "--tls-cert", &cert, "--tls-key", &key],
    );
    let d = start_with(&s, grpc, metrics, &["serve", "--offline"]);
    // The system's roots do not know the private CA: a clear error naming the endpoint, retried.
    wait_for("the certificate error", &d, 30, || d.log().contains("did not verify"));
    // The daemon logs the look at the endpoint before it stores the failed call: the status is
    // read once it holds an error.
    let last_error = || s.run(&["--json", "bid", "status"]).json()["registration"]["last_error"].is_string();
    wait_for("the failed call stored", &d, 20, last_error);
    let status: Value = s.run(&["--json", "bid", "status"]).code(1).json();
    let error = status["registration"]["last_error"].as_str().unwrap_or("").to_string();
    assert!(
        error.contains(&format!("https://127.0.0.1:{bid_port}")) && error.contains("validator_ca_file"),
        "{status}"
    );
    assert!(v.of("RegisterBid").is_empty(), "nothing reached the validator over an unverified connection");

    s.write("miner.toml", &format!("{}validator_ca_file = \"{ca}\"\n", s.read("miner.toml")));
    s.run(&["config", "validate"]).code(0);
    let reloaded = Instant::now();
    reload(&d);
    wait_for("a bid over TLS", &d, 30, || !v.of("Accepted").is_empty());
    eprintln!("registered over TLS {:?} after the reload", reloaded.elapsed());
    assert_eq!(accepted(&v)[0], hosts(&["127.0.0.71"]));
}

#[test]
fn a_validator_that_refuses_everything_costs_a_bounded_number_of_calls() {
    let bid_port = free_port();
    let (s, _bed, miner_hotkey, grpc, metrics) =
        judged_setup(&[H100x8; 6], &[81, 82, 83, 84, 85, 86], bid_port, "http");
    // Every node asks 2.50 $; the floor is 10 $: every node is refused, none is named.
    let v = BidValidator::start(
        "127.0.0.1",
        bid_port,
        &s.path("bids.jsonl"),
        &s.path("validator_ed25519.pub"),
        2,
        &["--known", &miner_hotkey, "--floor-cents", "1000"],
    );
    let d = start_with(&s, grpc, metrics, &["serve", "--offline"]);
    wait_for("a first RegisterBid", &d, 30, || !v.of("RegisterBid").is_empty());
    let first = Instant::now();
    std::thread::sleep(Duration::from_secs(10));
    let calls = v.of("RegisterBid").len();
    eprintln!("{calls} RegisterBid calls in the first {:?} against a validator refusing every node", first.elapsed());
    // One decline and its search: 1 + (2·⌈log2 6⌉ + 1) calls, then nothing for at least 30 s.
    assert!(calls <= 8, "{calls} calls");
    assert!(v.of("Accepted").is_empty());
    let status = s.run(&["--json", "bid", "status"]).code(1).json();
    assert!(!status["registration"]["refused"].as_array().unwrap().is_empty(), "{status}");
    assert!(http_get(d.metrics, "/metrics").contains("basilica_miner_node_count 6"), "the daemon keeps serving");
}

#[test]
fn metrics_are_served_on_the_configured_path() {
    let bid_port = free_port();
    let (s, _bed, _hotkey, grpc, metrics) = judged_setup(&[H100x8], &[91], bid_port, "http");
    s.write(
        "miner.toml",
        &s.read("miner.toml").replace("[metrics.prometheus]\n", "[metrics.prometheus]\npath = \"/internal/prom\"\n"),
    );
    let d = start_with(&s, grpc, metrics, &["serve", "--offline"]);
    assert!(http_get(d.metrics, "/internal/prom").contains("basilica_miner_node_count 1"));
    let other = http_get(d.metrics, "/metrics");
    assert!(other.lines().next().is_some_and(|l| l.contains(" 404 ")), "only the configured path answers: {other}");
    assert!(d.log().contains(&format!("metrics on http://127.0.0.1:{metrics}/internal/prom")), "{}", d.log());
}

/// Audit rows of `kind` in the daemon's database: `(outcome, detail)`.
fn audit(s: &Sandbox, kind: &str) -> Vec<(String, Option<String>)> {
    let db = rusqlite::Connection::open(s.path("data/miner.db")).unwrap();
    let mut stmt = db.prepare("SELECT outcome, detail FROM audit WHERE kind = ?1 ORDER BY id").unwrap();
    stmt.query_map([kind], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
}

#[test]
fn refusals_of_update_and_remove_are_counted_and_audited_as_what_they_were() {
    let bid_port = free_port();
    let (s, _bed, miner_hotkey, grpc, metrics) = judged_setup(&[H100x8, H100x8], &[101, 102], bid_port, "http");
    let v = local_validator(&s, bid_port, &["--known", &miner_hotkey, "--refuse-update", "--decline-remove"]);
    let d = start_with(&s, grpc, metrics, &["serve", "--offline"]);
    // Both nodes held before the price changes: a node still to be advertised would go with
    // the new price in a RegisterBid, and no UpdateBid would be sent (seen once here).
    wait_for("a bid of both nodes", &d, 30, || accepted(&v).last().is_some_and(|h| h.len() == 2));
    // A price change the validator refuses (PERMISSION_DENIED) is `refused`, not `failed`.
    s.write(
        "miner.toml",
        &s.read("miner.toml").replacen("hourly_rate_per_gpu = 2.5\n", "hourly_rate_per_gpu = 3.0\n", 1),
    );
    reload(&d);
    wait_for("the UpdateBid", &d, 20, || !v.of("UpdateBid").is_empty());
    wait_for("its count", &d, 10, || {
        http_get(d.metrics, "/metrics")
            .contains("basilica_miner_bid_requests_total{method=\"UpdateBid\",result=\"refused\"} 1")
    });
    assert!(http_get(d.metrics, "/metrics")
        .contains("basilica_miner_bid_requests_total{method=\"UpdateBid\",result=\"failed\"} 0"));
    // Bidding turned off: the withdrawal the validator declines is audited as declined.
    s.write("miner.toml", &s.read("miner.toml").replace("[bidding]\n", "[bidding]\nenabled = false\n"));
    reload(&d);
    wait_for("the withdrawal in the audit log", &d, 20, || !audit(&s, "bid_withdraw").is_empty());
    let rows = audit(&s, "bid_withdraw");
    assert_eq!(rows[0].0, "declined", "{rows:?}");
    assert!(http_get(d.metrics, "/metrics")
        .contains("basilica_miner_bid_requests_total{method=\"RemoveBid\",result=\"declined\"} 1"));
}
