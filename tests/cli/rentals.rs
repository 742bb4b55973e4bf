//! Customers' rentals: a validator's `basilica-<id>` container on a real sshd node (the fake
//! docker keeps it with its labels), seen by the miner and never disturbed: not by `serve`'s
//! validations or key changes, not by `keys revoke` or `node remove` unless forced. A compute
//! process on the GPUs that belongs to no rental is named and keeps the node off the market.

use std::process::Command;
use std::time::Duration;

use basilica_miner::core::identity::wallet::Keypair;
use basilica_miner::testbed::GpuProfile::*;
use basilica_miner::testbed::TestNode;
use serde_json::Value;

use crate::bid_judged::{accepted, judged_setup, local_validator};
use crate::support::BidValidator;
use crate::support::{fleet_sandbox, Sandbox};
use crate::support::{free_port, start_with, wait_for};

/// Starts a rental container on `node` as a validator would (its docker, as its user).
pub(crate) fn rent(node: &TestNode, id: &str) {
    let out = Command::new(node.home.join("bin/docker"))
        .env("HOME", &node.home)
        .args(["run", "-d", "--rm", "--name", &format!("basilica-{id}"), "--label"])
        .arg(format!("basilica.rental_id={id}"))
        .args(["--gpus", "all", "--runtime", "nvidia", "nvidia/cuda:12.8.0-runtime-ubuntu22.04", "sleep", "infinity"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// The miner's own containers (labelled `basilica-miner.validation`) the node's docker ran.
fn miner_runs(node: &TestNode) -> usize {
    node.docker_runs().iter().filter(|l| l.contains("basilica-miner.validation")).count()
}

#[test]
fn node_test_and_node_gpu_tell_a_rentals_processes_from_a_strangers() {
    let (s, bed) = fleet_sandbox(&[H100x8, H100x8]);
    rent(&bed.nodes[0], "r-7");
    let r = s.run(&["--json", "node", "test"]);
    r.code(0);
    let report = r.json();
    let first = &report["nodes"][0];
    assert_eq!(first["rentals"]["containers"][0]["rental_id"], "r-7", "{first}");
    assert_eq!(first["rentals"]["containers"][0]["name"], "basilica-r-7");
    let busy = first["checks"].as_array().unwrap().iter().find(|c| c["name"] == "gpu_processes").unwrap().clone();
    assert_eq!(busy["status"], "pass", "the rental's own GPU use is not held against the node: {busy}");
    assert!(busy["detail"].as_str().unwrap().contains("1 of a rental"), "{busy}");

    // A process of nobody's on the second node fails it, named by PID.
    bed.nodes[1].set_foreign_gpu_process(Some((31337, "xmrig", 900))).unwrap();
    let r = s.run(&["node", "test"]);
    r.code(1).stdout_has("foreign_gpu_process").stdout_has("PID 31337 (xmrig, 900 MiB)").stdout_has("rented");
    let gpus = s.run(&["--json", "node", "gpu"]).json();
    let owner = |n: usize| gpus["nodes"][n]["processes"][0]["owner"].clone();
    assert_eq!(owner(0), serde_json::json!({"kind": "rental", "rental_id": "r-7"}), "{gpus}");
    assert_eq!(owner(1), serde_json::json!({"kind": "foreign"}), "{gpus}");
    s.run(&["node", "gpu"]).stdout_has("rental r-7").stdout_has("not a rental");
    bed.nodes[1].set_foreign_gpu_process(None).unwrap();
    s.run(&["node", "test"]).code(0);

    // The full validation looks first and starts nothing on the rented node.
    let before = (miner_runs(&bed.nodes[0]), bed.nodes[0].docker_pulls());
    let r = s.run(&["--json", "node", "test", "--full"]);
    let full = r.json();
    assert_eq!(full["ok"], true, "a rented node's skipped validation is no failure: {full}");
    assert!(full["nodes"][0]["full_validation"]["rented"].as_str().unwrap().contains("r-7"), "{full}");
    assert_eq!((miner_runs(&bed.nodes[0]), bed.nodes[0].docker_pulls()), before, "nothing pulled or run there");
    assert!(miner_runs(&bed.nodes[1]) >= 1, "the free node is validated as usual");
}

#[test]
fn keys_revoke_and_node_remove_refuse_on_a_rented_node_unless_forced() {
    let (s, bed) = fleet_sandbox(&[H100x8, H100x8]);
    let alice = Keypair::from_uri("//Alice").unwrap().ss58;
    let key = std::fs::read_to_string(bed.miner_key.with_extension("pub")).unwrap();
    let body = key.split_whitespace().nth(1).unwrap();
    for n in &bed.nodes {
        let mut text = n.read_authorized_keys();
        text.push_str(&format!("ssh-ed25519 {body} validator-{alice}\n"));
        std::fs::write(n.authorized_keys(), text).unwrap();
    }
    rent(&bed.nodes[1], "r-42");
    let (keys_before, toml_before) = (bed.nodes[1].read_authorized_keys(), s.read("miner.toml"));

    let r = s.run(&["keys", "revoke", "--all", "--yes"]);
    r.code(5).stderr_has("rental r-42").stderr_has("--force").stderr_has("nothing was changed");
    let r = s.run(&["--json", "keys", "revoke", &alice, "--yes"]);
    r.code(5);
    let doc = r.json();
    assert_eq!(doc["error"]["code"], "rented", "{doc}");
    assert!(doc["error"]["message"].as_str().unwrap().contains("r-42"), "{doc}");
    assert!(doc["error"]["fix"].as_str().unwrap().contains("--force"), "{doc}");
    let node = bed.nodes[1].spec();
    s.run(&["node", "remove", &node, "--yes"]).code(5).stderr_has("rental r-42");
    assert_eq!(bed.nodes[1].read_authorized_keys(), keys_before, "nothing changed on the node");
    assert_eq!(bed.nodes[0].validator_lines().len(), 1, "nor on the other node");
    assert_eq!(s.read("miner.toml"), toml_before, "nor in miner.toml");

    let r = s.run(&["--json", "keys", "revoke", "--all", "--yes", "--force"]);
    r.code(0).stderr_has("--force").stderr_has("r-42");
    assert_eq!(r.json()["rentals_disturbed"][0]["rentals"][0]["rental_id"], "r-42");
    assert!(bed.nodes.iter().all(|n| n.validator_lines().is_empty()));
    s.run(&["node", "remove", &node, "--yes", "--force"]).code(0).stderr_has("r-42");
    let left = s.run(&["--json", "node", "list"]).json();
    assert_eq!(left.as_array().unwrap().len(), 1, "removed: {left}");
}

/// A daemon's view of one node in `status --json` and `node list --json`.
fn rented_in_status(s: &Sandbox) -> (Value, Value) {
    let status = s.run(&["--json", "status"]).json();
    let list = s.run(&["--json", "node", "list"]).json();
    (status, list)
}

#[test]
fn serve_sees_a_rental_leaves_it_alone_and_keeps_the_renters_key_through_a_new_assignment() {
    let (p1, p2) = (free_port(), free_port());
    let (s, bed, miner_hotkey, grpc, metrics) = judged_setup(&[H100x8, H100x8, H100x8], &[141, 142, 143], p1, "http");
    s.node_management(&[("full_validation_interval", 60)]);
    let key = s.path("validator_ed25519");
    let a = local_validator(
        &s,
        p1,
        &["--known", &miner_hotkey, "--rules", "any", "--ssh-key", key.to_str().unwrap(), "--monitor-secs", "1"],
    );
    let d = start_with(&s, grpc, metrics, &["serve", "--offline"]);
    let all = vec!["127.0.0.141".to_string(), "127.0.0.142".to_string(), "127.0.0.143".to_string()];
    wait_for("three nodes advertised", &d, 60, || accepted(&a).last() == Some(&all));
    wait_for("the validator's key on the three", &d, 30, || bed.nodes.iter().all(|n| n.validator_lines().len() == 1));

    // The validator's own checks of the three (each pulls) are done before the rental starts.
    wait_for("the validator's own checks of the three", &d, 60, || a.of("Validation").len() >= 3);
    // The validator rents the first node with its own key.
    std::fs::write(s.path("bids.jsonl.rent"), r#"{"host": "127.0.0.141", "rental_id": "r-1"}"#).unwrap();
    wait_for("the rental started", &d, 20, || a.of("RentalStarted").iter().any(|e| e["ok"] == true));
    let (runs, pulls) = (miner_runs(&bed.nodes[0]), bed.nodes[0].docker_pulls());
    wait_for("status shows the rental", &d, 20, || {
        let (status, _) = rented_in_status(&s);
        status["rentals"]["nodes_rented"] == 1
    });
    let (status, list) = rented_in_status(&s);
    assert_eq!(status["rentals"]["nodes_advertised"], 3, "{}", status["rentals"]);
    assert_eq!(status["rentals"]["gpus_rented"], 8, "{}", status["rentals"]);
    assert_eq!(status["rentals"]["longest"]["rental_id"], "r-1");
    assert_eq!(list[0]["rentals"][0]["rental_id"], "r-1", "{}", list[0]);
    s.run(&["node", "list"]).stdout_has("RENTAL").stdout_has("r-1 for");
    s.run(&["status"]).stdout_has("Rentals    1 of 3 advertised node(s) rented · 8 of 24 GPU(s)");
    let node0 = bed.nodes[0].spec();
    let rented = format!("basilica_miner_node_rented{{node=\"{node0}\",category=\"H100\"}}");
    wait_for("the rented metric", &d, 10, || d.metric(&rented) == Some(1.0));
    assert_eq!(d.metric("basilica_miner_rented_gpus "), Some(8.0));
    assert!(d.log().contains("rental started"), "{}", d.log());

    // Every node's last full validation put a full interval back and the daemon restarted:
    // all three are due at once, the rented one too, as after a stop of some hours. The free
    // nodes are validated; the rented one is looked at, not touched.
    let validated = |host: &str| {
        let list = s.run(&["--json", "node", "list"]).json();
        let n = list.as_array().unwrap().iter().find(|n| n["host"] == host).cloned().unwrap();
        n["full_validation"]["checked_at"].as_i64().unwrap_or(0)
    };
    drop(d);
    let db = rusqlite::Connection::open(s.path("data/miner.db")).unwrap();
    db.execute("UPDATE node_validation SET checked_at = checked_at - 60", []).unwrap();
    drop(db);
    let (rented_at, free_at) = (validated("127.0.0.141"), [validated("127.0.0.142"), validated("127.0.0.143")]);
    let d = start_with(&s, grpc, metrics, &["serve", "--offline"]);
    wait_for("a full validation of the free nodes after the restart", &d, 60, || {
        validated("127.0.0.142") > free_at[0] && validated("127.0.0.143") > free_at[1]
    });
    // No validation of the rented node started after the rental did (one already under way
    // when it started may still be recorded: it read the node before the rental existed).
    let rental_at = a.of("RentalStarted").iter().find_map(|e| e["at"].as_f64()).unwrap() as i64;
    let last = validated("127.0.0.141");
    assert!(
        last == rented_at || last <= rental_at + 1,
        "the rented node was validated at {last}, the rental began at {rental_at}"
    );
    assert_eq!(
        (miner_runs(&bed.nodes[0]), bed.nodes[0].docker_pulls()),
        (runs, pulls),
        "{:?}",
        bed.nodes[0].docker_runs()
    );
    assert!(miner_runs(&bed.nodes[1]) > 2, "the free nodes are validated as usual: {:?}", bed.nodes[1].docker_runs());
    assert_eq!(accepted(&a).last(), Some(&all), "the rented node stays advertised");

    // A process of nobody's on a free node: named once, counted, and the node withdrawn.
    bed.nodes[2].set_foreign_gpu_process(Some((31337, "xmrig", 900))).unwrap();
    let node2 = bed.nodes[2].spec();
    let foreign = format!("basilica_miner_node_foreign_gpu_processes{{node=\"{node2}\"}}");
    wait_for("the foreign process counted", &d, 20, || d.metric(&foreign) == Some(1.0));
    let bids = accepted(&a).len();
    wait_for("the node withdrawn", &d, 30, || {
        a.of("RemoveBid").iter().any(|r| r["payload"].as_str().is_some_and(|p| p.contains("127.0.0.143")))
    });
    let status = s.run(&["--json", "status"]).json();
    let n2 = status["nodes"].as_array().unwrap().iter().find(|n| n["address"] == node2.as_str()).unwrap().clone();
    assert_eq!(n2["code"], "foreign_gpu_process", "{n2}");
    assert!(n2["detail"].as_str().unwrap().contains("PID 31337"), "{n2}");
    std::thread::sleep(Duration::from_secs(5));
    let warned =
        d.log().lines().filter(|l| l.contains("foreign_gpu_process") && l.contains("failing its health")).count();
    assert_eq!(warned, 1, "one WARN line while it goes on:\n{}", d.log());
    bed.nodes[2].set_foreign_gpu_process(None).unwrap();
    wait_for("the node offered again", &d, 30, || {
        let now = accepted(&a);
        now.len() > bids && now.last() == Some(&all)
    });

    // The assignment moves to another validator (its own endpoint and key) while the rental runs.
    let b_key = s.path("validator_b");
    assert!(Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(&b_key)
        .status()
        .unwrap()
        .success());
    let b = BidValidator::start(
        "127.0.0.1",
        p2,
        &s.path("bids_b.jsonl"),
        &b_key.with_extension("pub"),
        2,
        &["--known", &miner_hotkey, "--rules", "any"],
    );
    let (alice, bob) = (Keypair::from_uri("//Alice").unwrap().ss58, Keypair::from_uri("//Bob").unwrap().ss58);
    let moved = s
        .read("miner.toml")
        .replace(&format!("validator_hotkey = \"{alice}\""), &format!("validator_hotkey = \"{bob}\""))
        .replace(&format!("127.0.0.1:{p1}"), &format!("127.0.0.1:{p2}"));
    s.write("miner.toml", &moved);
    let _ = Command::new("kill").args(["-HUP", &d.child.id().to_string()]).status();
    wait_for("the new validator holds the three", &d, 60, || accepted(&b).last() == Some(&all));
    let b_body =
        std::fs::read_to_string(b_key.with_extension("pub")).unwrap().split_whitespace().nth(1).unwrap().to_string();
    wait_for("the new validator's key on every node, the old one only where it rents", &d, 30, || {
        bed.nodes.iter().all(|n| n.validator_lines().iter().any(|l| l.contains(&b_body) && l.ends_with(&bob)))
            && bed.nodes[1..].iter().all(|n| n.validator_lines().len() == 1)
    });
    let kept = bed.nodes[0].validator_lines();
    assert_eq!(kept.len(), 2, "{kept:?}");
    assert!(kept.iter().any(|l| l.ends_with(&format!("validator-{alice}"))), "{kept:?}");
    std::thread::sleep(Duration::from_secs(5));
    assert_eq!(bed.nodes[0].validator_lines().len(), 2, "still kept while the rental runs");
    let monitored = a.of("Monitor");
    assert!(monitored.len() >= 10, "monitored every second: {}", monitored.len());
    let failed: Vec<&Value> = monitored.iter().filter(|m| m["ok"] != true).collect();
    assert!(failed.is_empty(), "the renting validator's monitoring never failed: {failed:?}");

    // The rental ends: its validator's key goes within one health round.
    std::fs::write(s.path("bids.jsonl.end"), r#"{"rental_id": "r-1"}"#).unwrap();
    wait_for("the rental ended", &d, 20, || !a.of("RentalEnded").is_empty());
    wait_for("the old validator's key removed from the rented node", &d, 15, || {
        bed.nodes[0].validator_lines().len() == 1
    });
    wait_for("the log says why the key went", &d, 10, || {
        d.log().contains("removed the validator's key: its rental on the node ended")
    });
    assert!(d.log().contains("rental ended"), "{}", d.log());
    let history = s.run(&["--json", "status"]).json();
    assert_eq!(history["rentals"]["nodes_rented"], 0, "{}", history["rentals"]);
    assert!(d.metric("basilica_miner_rented_seconds_total").is_some_and(|h| h > 0.0));
}

#[test]
fn node_remove_of_an_unreachable_node_trusts_the_rental_serve_recorded() {
    let (s, mut bed) = fleet_sandbox(&[H100x8, H100x8]);
    std::fs::create_dir_all(s.path("data")).unwrap();
    let store =
        basilica_miner::core::daemon::state::store::Store::open(&s.path("data/miner.db"), true, Duration::from_secs(5))
            .unwrap();
    let listed = s.run(&["--json", "node", "list"]).json();
    let id = listed[1]["node_id"].as_str().unwrap().to_string();
    let rental = basilica_miner::core::nodes::rental::Rental {
        rental_id: "r-9".into(),
        container: "basilica-r-9".into(),
        image: "img".into(),
        since: 1_796_000_000,
        validators: Vec::new(),
    };
    store.rental_started(&id, &bed.nodes[1].spec(), &rental).unwrap();
    drop(store);
    bed.nodes[1].kill();
    let toml = s.read("miner.toml");
    let node = bed.nodes[1].spec();
    s.run(&["node", "remove", &node, "--yes"]).code(5).stderr_has("rental r-9").stderr_has("recorded by serve");
    assert_eq!(s.read("miner.toml"), toml, "nothing changed");
    // The other node, reachable and not rented, goes without --force.
    s.run(&["node", "remove", &bed.nodes[0].spec(), "--yes"]).code(0);
}
