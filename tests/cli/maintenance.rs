//! Maintenance without breaking a rental: `node cordon` takes a rented node out of the offer
//! (the next RegisterBid omits it) while its rental, container and renter's key stay and the
//! renter's monitor never fails; `node drain --wait` returns when the rental ended, or exits 6
//! at its timeout changing nothing else; `node uncordon` brings it back after a validation;
//! generation 1 hands out no cordoned node; everything is shown and survives a restart.

use std::time::{Duration, Instant};

use basilica_miner::testbed::GpuProfile::*;

use crate::bid_judged::{accepted, judged_setup, local_validator};
use crate::support::{free_port, setup, start_with, validator, wait_for};

#[test]
fn a_rented_node_is_cordoned_drained_and_uncordoned_without_disturbing_its_rental() {
    let p = free_port();
    let (s, bed, miner_hotkey, grpc, metrics) = judged_setup(&[H100x8, H100x8, H100x8], &[151, 152, 153], p, "http");
    let key = s.path("validator_ed25519");
    let a = local_validator(
        &s,
        p,
        &["--known", &miner_hotkey, "--rules", "any", "--ssh-key", key.to_str().unwrap(), "--monitor-secs", "1"],
    );
    let d = start_with(&s, grpc, metrics, &["serve", "--offline"]);
    let all: Vec<String> = ["127.0.0.151", "127.0.0.152", "127.0.0.153"].iter().map(|h| (*h).to_string()).collect();
    wait_for("three nodes advertised", &d, 60, || accepted(&a).last() == Some(&all));
    wait_for("the validator's own checks of the three", &d, 60, || a.of("Validation").len() >= 3);
    let node0 = bed.nodes[0].spec();
    for n in &bed.nodes {
        let series = format!("basilica_miner_node_cordoned{{node=\"{}\"}} ", n.spec());
        assert_eq!(d.metric(&series), Some(0.0), "a series for every node from the start");
        let foreign = format!("basilica_miner_node_foreign_gpu_processes{{node=\"{}\"}} ", n.spec());
        assert_eq!(d.metric(&foreign), Some(0.0), "a series for every node from the start");
    }

    std::fs::write(s.path("bids.jsonl.rent"), r#"{"host": "127.0.0.151", "rental_id": "r-9"}"#).unwrap();
    wait_for("the rental started", &d, 20, || a.of("RentalStarted").iter().any(|e| e["ok"] == true));
    wait_for("serve sees the rental", &d, 20, || {
        s.run(&["--json", "node", "list"]).json()[0]["rentals"].as_array().is_some_and(|r| !r.is_empty())
    });
    let (runs, pulls) = (bed.nodes[0].docker_runs().len(), bed.nodes[0].docker_pulls());
    let renter_lines = bed.nodes[0].validator_lines();
    assert_eq!(renter_lines.len(), 1, "{renter_lines:?}");

    // Cordon: the next RegisterBid omits it; the rest stays held.
    let registered = a.of("RegisterBid").len();
    let r = s.run(&["node", "cordon", "127.0.0.151"]);
    r.code(0).stderr_has("cordoned: out of the offer").stderr_has("asked the running serve");
    let text = s.read("miner.toml");
    assert!(
        text.contains("cordoned = true") && text.contains("# cordoned by `basilica-miner node cordon` at 20"),
        "{text}"
    );
    wait_for("a RegisterBid without the cordoned node", &d, 30, || accepted(&a).last() == Some(&all[1..].to_vec()));
    assert!(a.of("RegisterBid").len() > registered);
    assert!(
        !a.of("RemoveBid").iter().any(|r| r["payload"].as_str().is_some_and(|p| p.contains("127.0.0.151"))),
        "left by RegisterBid, not RemoveBid"
    );
    let series = format!("basilica_miner_node_cordoned{{node=\"{node0}\"}} ");
    wait_for("the cordon metric", &d, 10, || d.metric(&series) == Some(1.0));
    assert!(d.log().contains("node left the offer: cordoned"), "{}", d.log());

    // Shown everywhere: node list, status, bid show.
    let list = s.run(&["--json", "node", "list"]).json();
    assert_eq!(list[0]["cordoned"], true);
    assert_eq!(list[1]["cordoned"], false);
    s.run(&["node", "list"]).stdout_has("draining (cordoned)");
    let status = s.run(&["--json", "status"]).json();
    assert_eq!(status["nodes"][0]["maintenance"], "draining", "{}", status["nodes"][0]);
    assert!(status["nodes"][1]["maintenance"].is_null());
    s.run(&["status"]).stdout_has("draining");
    let show = s.run(&["--json", "bid", "show"]).json();
    let left: Vec<&serde_json::Value> =
        show["left_out"].as_array().unwrap().iter().filter(|l| l["reason"] == "cordoned").collect();
    assert_eq!(left.len(), 1, "{show:#}");
    assert!(left[0]["fix"].as_str().unwrap().contains("node uncordon"), "{show:#}");
    // node remove names the way out.
    s.run(&["--yes", "node", "remove", "127.0.0.151"]).code(5).stderr_has("node drain NODE --wait");

    // A drain that runs out of time: exit 6, nothing else changed.
    let before = s.read("miner.toml");
    s.run(&["node", "drain", "127.0.0.151", "--wait", "--timeout", "3s"])
        .code(6)
        .stderr_has("still carries rental r-9");
    assert_eq!(s.read("miner.toml"), before);

    // The rental ends while a drain waits: it returns within about one health round.
    let flag = s.path("bids.jsonl.end");
    let ender = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(3));
        std::fs::write(flag, r#"{"rental_id": "r-9"}"#).unwrap();
        Instant::now()
    });
    let r = s.run(&["--json", "node", "drain", "127.0.0.151", "--wait", "--timeout", "120s"]);
    let returned = Instant::now();
    let ended = ender.join().unwrap();
    r.code(0);
    let report = r.json();
    assert_eq!((report["ok"].as_bool(), report["source"].as_str()), (Some(true), Some("daemon")), "{report:#}");
    let after = returned.duration_since(ended).as_secs_f64();
    eprintln!("drain returned {after:.1} s after the rental was asked to end (health round 2 s)");
    assert!(after < 15.0, "{after:.1} s");
    s.run(&["node", "drain", "127.0.0.151"]).code(0).stderr_has("no rental on").stderr_has("safe to stop it");

    // The renter's checks never failed, its key stayed until its rental ended, and the miner
    // started nothing on the node while it was cordoned.
    let monitored = a.of("Monitor");
    assert!(monitored.len() >= 5, "monitored every second: {}", monitored.len());
    assert!(monitored.iter().all(|m| m["ok"] == true), "{monitored:?}");
    assert_eq!((bed.nodes[0].docker_runs().len(), bed.nodes[0].docker_pulls()), (runs, pulls));

    // A restart keeps it cordoned.
    drop(d);
    let d = start_with(&s, grpc, metrics, &["serve", "--offline"]);
    wait_for("the cordon metric after a restart", &d, 20, || d.metric(&series) == Some(1.0));
    std::thread::sleep(Duration::from_secs(4));
    assert_eq!(accepted(&a).last(), Some(&all[1..].to_vec()), "still left out after a restart");

    // Uncordon: back after its next full validation.
    let runs = bed.nodes[0].docker_runs().len();
    s.run(&["node", "uncordon", "127.0.0.151"]).code(0).stderr_has("uncordoned");
    assert!(!s.read("miner.toml").contains("cordoned = true"));
    wait_for("the node registered again", &d, 60, || accepted(&a).last() == Some(&all));
    assert!(bed.nodes[0].docker_runs().len() > runs, "validated again before it was offered");
    wait_for("the cordon metric back at 0", &d, 10, || d.metric(&series) == Some(0.0));
}

#[test]
fn generation_1_hands_out_no_cordoned_node() {
    let (s, bed, miner_hotkey, grpc, metrics) = setup(&[H100x8, H100x8]);
    let second = s.run(&["--json", "node", "list"]).json()[1]["address"].as_str().unwrap().to_string();
    s.run(&["node", "cordon", &second]).code(0).stderr_has("no serve runs for this file");
    let d = start_with(&s, grpc, metrics, &["serve", "--offline"]);
    let v = validator(&s, &d, &miner_hotkey, "flow");
    let nodes = v["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 1, "{v}");
    assert_eq!(nodes[0]["port"], bed.nodes[0].port.to_string(), "{v}");
    assert!(bed.nodes[1].validator_lines().is_empty(), "no key on the cordoned node");
}

#[test]
fn without_serve_a_drain_looks_over_ssh_and_gives_up_at_its_timeout() {
    let (s, bed) = crate::support::fleet_sandbox(&[H100x8, H100x8]);
    crate::rentals::rent(&bed.nodes[0], "r-5");
    let first = s.run(&["--json", "node", "list"]).json()[0]["address"].as_str().unwrap().to_string();
    // Without --wait: cordoned, and what still runs is said (exit 1).
    let r = s.run(&["node", "drain", &first]);
    r.code(1).stderr_has("still carries rental r-5").stderr_has("node drain --wait");
    let r = s.run(&["--json", "node", "drain", &first, "--wait", "--timeout", "2s"]);
    r.code(6);
    let report = r.json();
    assert_eq!((report["source"].as_str(), report["timed_out"].as_bool()), (Some("ssh"), Some(true)), "{report:#}");
    assert_eq!(report["nodes"][0]["rentals"][0]["rental_id"], "r-5", "{report:#}");
    assert!(s.read("miner.toml").contains("cordoned = true"));
    // The rental is gone: the drain says the node is free.
    let out = std::process::Command::new(bed.nodes[0].home.join("bin/docker"))
        .env("HOME", &bed.nodes[0].home)
        .args(["rm", "-f", "basilica-r-5"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    s.run(&["node", "drain", &first, "--wait", "--timeout", "30s"]).code(0).stderr_has("safe to stop it");
    // A timeout needs --wait; a bad duration is named.
    s.run(&["node", "drain", &first, "--timeout", "5s"]).code(2);
    s.run(&["node", "drain", &first, "--wait", "--timeout", "soon"]).code(2).stderr_has("not a duration");
}
