//! The validator's way in: a node must pass what the validator's own fresh logins meet (text
//! printed at login, the login shell, sshd's MaxStartups, the node's firewall) and be reachable
//! as registered (no proxy route, no IPv6 literal, one address per machine). Real sshd nodes,
//! each in a mount namespace of its own so its `~/.ssh/rc` and login shell are its own; the
//! Python validator checks the nodes its own way.

use std::net::IpAddr;

use basilica_miner::testbed::GpuProfile::*;
use basilica_miner::testbed::Testbed;
use serde_json::Value;

use crate::bid_judged::{accepted, hosts, judged_setup, local_validator};
use crate::support::ips;
use crate::support::{fleet_sandbox, sandbox_for};
use crate::support::{free_port, http_get, setup_bed, start_with, wait_for};

/// The full-validation check `name` of the node at `ip` in a `node test --full --json` answer.
fn validation_check(v: &Value, ip: &str, name: &str) -> Value {
    let node = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["address"].as_str().unwrap().contains(&format!("@{ip}:")))
        .unwrap_or_else(|| panic!("no node at {ip}: {v}"));
    node["full_validation"]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .cloned()
        .unwrap_or_else(|| panic!("no check {name} on {ip}: {node}"))
}

#[test]
fn a_line_printed_at_login_keeps_the_node_out_of_the_bid_until_it_is_gone() {
    let bid_port = free_port();
    let (s, mut bed, miner_hotkey, grpc, metrics) = judged_setup(&[H100x8, H100x8], &[95, 96], bid_port, "http");
    s.node_management(&[("full_validation_interval", 60)]);
    bed.nodes[1].set_login_output(Some("Welcome to gpu-96, have a nice day")).unwrap();

    let r = s.run(&["--json", "node", "test", "--full"]);
    r.code(1);
    let v = r.json();
    let printed = validation_check(&v, "127.0.0.96", "login_output");
    assert_eq!(
        (printed["status"].as_str(), printed["code"].as_str()),
        (Some("fail"), Some("login_output")),
        "{printed}"
    );
    let detail = printed["detail"].as_str().unwrap();
    assert!(detail.contains("`Welcome to gpu-96, have a nice day`") && detail.contains("/.ssh/rc"), "{detail}");
    assert_eq!(validation_check(&v, "127.0.0.96", "login_nonce")["code"], "login_output");
    assert_eq!(validation_check(&v, "127.0.0.95", "login_output")["status"], "pass");
    assert_eq!(
        validation_check(&v, "127.0.0.95", "fresh_logins")["status"],
        "pass",
        "the default sshd takes the validator's pattern"
    );
    // The miner's own sessions skip what comes before their scripts' output; the health check
    // names it (this failed on the old code, which called the node healthy).
    s.run(&["node", "test"]).code(1).stdout_has("login_output").stdout_has("prints `Welcome to gpu-96");

    let ssh_key = s.path("validator_ed25519");
    let validator = local_validator(
        &s,
        bid_port,
        &["--known", &miner_hotkey, "--rules", "any", "--ssh-key", ssh_key.to_str().unwrap()],
    );
    let d = start_with(&s, grpc, metrics, &["serve", "--offline"]);
    wait_for("the clean node registered alone", &d, 60, || {
        accepted(&validator).last() == Some(&hosts(&["127.0.0.95"]))
    });
    wait_for("the reason logged", &d, 20, || d.log().contains("login_output"));
    let left = s.run(&["--json", "bid", "show"]).code(0).json();
    let out = left["left_out"].as_array().unwrap();
    assert_eq!(out.len(), 1, "{left}");
    assert_eq!(out[0]["reason"], "unhealthy", "the health check names it at once: {}", out[0]);
    assert!(out[0]["detail"].as_str().unwrap().contains("login_output"), "{}", out[0]);
    let scraped = http_get(metrics, "/metrics");
    assert!(scraped.contains("basilica_miner_bid_left_out_nodes{reason=\"unhealthy\"} 1"), "{scraped}");
    assert!(scraped.contains("basilica_miner_bid_left_out_nodes{reason=\"ipv6_host\"} 0"), "every reason is there");

    bed.nodes[1].set_login_output(None).unwrap();
    let both = hosts(&["127.0.0.95", "127.0.0.96"]);
    wait_for("the node back at its next validation", &d, 120, || accepted(&validator).last() == Some(&both));
    wait_for("the validator's own check of the node", &d, 60, || {
        validator.of("Validation").iter().any(|c| c["host"] == "127.0.0.96")
    });
    for check in validator.of("Validation") {
        assert_eq!(check["connection_ok"], true, "the validator's connection test: {check}");
        assert_eq!(check["ok"], true, "{check}\n{}", d.log());
    }
}

#[test]
fn a_login_shell_that_is_not_posix_fails_by_name_and_the_firewall_is_read() {
    let (s, mut bed) = fleet_sandbox(&[H100x8]);
    bed.nodes[0].set_login_shell(Some("tcsh")).unwrap();
    let v = s.run(&["--json", "node", "test", "--full"]).code(1).json();
    let shell = validation_check(&v, "127.0.0.1", "login_shell");
    assert_eq!(shell["code"], "login_shell", "{shell}");
    let detail = shell["detail"].as_str().unwrap();
    assert!(
        detail.contains("/shells/tcsh") && detail.contains(&format!("chsh -s /bin/bash {}", bed.nodes[0].username)),
        "{detail}"
    );

    // A node whose ufw admits only SSH: the miner's fetch of the published port passes, the
    // validator's would not.
    let ufw = bed.nodes[0].home.join("bin/ufw");
    std::fs::write(
        &ufw,
        "#!/bin/sh\nprintf 'Status: active\\nDefault: deny (incoming), allow (outgoing), disabled (routed)\\n\\nTo                         Action      From\\n--                         ------      ----\\n22/tcp                     ALLOW IN    Anywhere\\n'\n",
    )
    .unwrap();
    std::process::Command::new("chmod").arg("755").arg(&ufw).status().unwrap();
    bed.nodes[0].set_login_shell(None).unwrap();
    let r = s.run(&["--json", "node", "test", "--full"]);
    let v = r.code(0).json();
    assert_eq!(validation_check(&v, "127.0.0.1", "login_shell")["status"], "pass");
    let wall = validation_check(&v, "127.0.0.1", "firewall");
    assert_eq!(
        (wall["status"].as_str(), wall["code"].as_str()),
        (Some("warn"), Some("port_closed_to_validators")),
        "{wall}"
    );
    let port = validation_check(&v, "127.0.0.1", "published_port");
    assert!(port["detail"].as_str().unwrap().contains("from this miner's address 127.0.0.1"), "{port}");
    assert_eq!(validation_check(&v, "127.0.0.1", "validator_time")["status"], "pass");
}

#[test]
fn max_startups_2_100_2_is_warned_as_rate_limited_and_the_node_stays_advertised() {
    let bed = Testbed::start_on(&[H100x8, H100x8], &ips(&[101, 102])).expect("testbed");
    let (s, mut bed) = sandbox_for(bed);
    bed.nodes[0].set_sshd_option("MaxStartups", "2:100:2").unwrap();
    let v = s.run(&["--json", "node", "test", "--full"]).code(0).json();
    let limited = validation_check(&v, "127.0.0.101", "fresh_logins");
    assert_eq!(
        (limited["status"].as_str(), limited["code"].as_str()),
        (Some("warn"), Some("ssh_rate_limited")),
        "{limited}"
    );
    assert!(limited["detail"].as_str().unwrap().contains("MaxStartups"), "{limited}");
    assert_eq!(validation_check(&v, "127.0.0.102", "fresh_logins")["status"], "pass", "the default takes six at once");
    let offer = s.run(&["--json", "bid", "show", "--full"]).code(0).json();
    let held: Vec<&str> = offer["advertised"].as_array().unwrap().iter().map(|a| a["host"].as_str().unwrap()).collect();
    assert_eq!(held, ["127.0.0.101", "127.0.0.102"], "a warning keeps the node in: {offer}");
}

#[test]
fn a_routed_node_an_ipv6_node_and_a_second_address_of_one_machine_are_left_out_by_reason() {
    let addrs: Vec<IpAddr> =
        vec![[127, 0, 0, 103].into(), [127, 0, 0, 104].into(), [127, 0, 0, 105].into(), "::1".parse().unwrap()];
    let bed = Testbed::start_on(&[H100x8, H100x8, H100x8, H100x8], &addrs).expect("testbed");
    bed.nodes[1].show_gpus_of(&bed.nodes[0]).unwrap();
    let (s, bed, miner_hotkey, grpc, metrics) = setup_bed(sandbox_for(bed));
    let bid_port = free_port();
    let jump = format!("{}@127.0.0.103:{}", bed.nodes[0].username, bed.nodes[0].port);
    let third = format!("host = \"127.0.0.105\"\nport = {}\n", bed.nodes[2].port);
    let text = s.read("miner.toml").replace(&third, &format!("{third}additional_opts = \"-o ProxyJump={jump}\"\n"));
    s.write("miner.toml", &format!("{text}\n[bidding]\nvalidator_endpoint = \"http://127.0.0.1:{bid_port}\"\n"));
    s.node_management(&[("health_check_interval", 2)]);

    let validate = s.run(&["--json", "config", "validate"]).json();
    let warned: Vec<(String, String)> = validate["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["severity"] == "warning")
        .map(|p| (p["key"].as_str().unwrap_or("").to_string(), p["message"].as_str().unwrap_or("").to_string()))
        .collect();
    assert!(
        warned.iter().any(|(p, m)| p.ends_with("nodes[2].additional_opts") && m.contains("ProxyJump")),
        "{warned:?}"
    );
    assert!(warned.iter().any(|(p, m)| p.ends_with("nodes[3].host") && m.contains("on every `:`")), "{warned:?}");

    let v = s.run(&["--json", "bid", "show", "--full"]).code(0).json();
    let held: Vec<&str> = v["advertised"].as_array().unwrap().iter().map(|a| a["host"].as_str().unwrap()).collect();
    assert_eq!(held, ["127.0.0.103"], "{v}");
    let left: Vec<(&str, &str, &str)> = v["left_out"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["address"].as_str().unwrap(), l["reason"].as_str().unwrap(), l["detail"].as_str().unwrap()))
        .collect();
    let reason_of =
        |needle: &str| left.iter().find(|l| l.0.contains(needle)).unwrap_or_else(|| panic!("{needle}: {left:?}"));
    let dup = reason_of("127.0.0.104");
    assert_eq!(dup.1, "duplicate_gpus");
    assert!(dup.2.contains("127.0.0.103"), "the other node is named: {}", dup.2);
    let routed = reason_of("127.0.0.105");
    assert!(routed.1 == "indirect_route" && routed.2.contains(&format!("ProxyJump {jump}")), "{routed:?}");
    assert_eq!(reason_of("::1").1, "ipv6_host");
    s.run(&["bid", "show", "--full"])
        .stdout_has("same GPU UUIDs as")
        .stdout_has("change the route")
        .stdout_has("cannot reach an IPv6 literal");

    // The daemon: only the first registered; the others named in its log, status and metrics.
    let validator = local_validator(&s, bid_port, &["--known", &miner_hotkey, "--rules", "any"]);
    let d = start_with(&s, grpc, metrics, &["serve", "--offline"]);
    wait_for("the one reachable address registered", &d, 60, || {
        accepted(&validator).last() == Some(&hosts(&["127.0.0.103"]))
    });
    for reason in ["duplicate_gpus", "indirect_route", "ipv6_host"] {
        let series = format!("basilica_miner_bid_left_out_nodes{{reason=\"{reason}\"}} 1");
        wait_for(&series, &d, 20, || http_get(metrics, "/metrics").contains(&series));
        assert!(d.log().contains(&format!("reason=\"{reason}\"")), "{reason} logged:\n{}", d.log());
    }
    let status = s.run(&["--json", "status"]).json();
    let named: Vec<(String, String)> = status["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| Some((n["address"].as_str()?.to_string(), n["left_out"]["reason"].as_str()?.to_string())))
        .collect();
    assert_eq!(named.len(), 3, "{named:?}\n{status}");
    s.run(&["status"]).stdout_has("not advertised (ipv6_host)");
}

#[test]
fn a_cpu_only_host_is_told_about_the_forks_gpu_rentals() {
    let (s, _bed) = fleet_sandbox(&[CpuOnly]);
    let text = s.read("miner.toml").replace(
        "hourly_rate_per_gpu = 2.5\n",
        "hourly_rate_per_gpu = 0.2\ngpu_category = \"CPU_STANDARD\"\ngpu_count = 1\n",
    );
    s.write("miner.toml", &text);
    s.run(&["node", "test"]).code(0).stdout_has("cpu_rentals").stdout_has("--gpus all --runtime nvidia");
    s.run(&["bid", "show"]).stderr_has("CPU-only host").stderr_has("7aab4b77");
}
