//! A new operator's first hour: failures that change nothing, one JSON document on stdout for
//! every `--json` failure, each cause said once.

use crate::support::Sandbox;

#[test]
fn json_failures_print_one_document_on_stdout() {
    let s = Sandbox::new();
    // No config at all.
    let r = s.run(&["--json", "node", "list"]);
    r.code(2);
    let v = r.json();
    assert_eq!(v["error"]["code"], "usage", "{v}");
    assert_eq!(v["error"]["exit_code"], 2);
    assert!(v["error"]["message"].as_str().unwrap().contains("basilica-miner init"), "{v}");
    // A TOML syntax error in config validate is still its report.
    s.write("miner.toml", "[bittensor]\nnetwork = \"finney\nx = 1\n");
    let r = s.run(&["--json", "config", "validate"]);
    r.code(2);
    let v = r.json();
    assert_eq!(v["valid"], false, "{v}");
    assert!(v["error"].as_str().unwrap().contains("invalid TOML"), "{v}");
    // Without --json stdout stays empty.
    s.run(&["config", "validate"]).code(2).stdout_empty();
}

#[test]
fn a_command_that_fails_before_changing_anything_creates_nothing() {
    let s = Sandbox::new();
    let r = s.run(&["-c", "nope.toml", "node", "add", "root@10.0.0.1", "--rate", "2"]);
    r.code(2).stderr_has("no config file at nope.toml");
    assert!(!s.path("nope.toml.lock").exists(), "a lock file was created for a missing config");
    assert!(!s.path("nope.toml").exists());
    s.run(&["-c", "nope.toml", "--yes", "node", "remove", "10.0.0.1"]).code(2);
    assert!(!s.path("nope.toml.lock").exists());

    // A directory given as the config: one clear message, nothing created.
    std::fs::create_dir_all(s.path("conf")).unwrap();
    let r = s.run(&["-c", "conf", "init", "--force", "--wallet-name", "m", "--hotkey-name", "h", "--network", "test", "--external-ip", "203.0.113.10"]);
    r.code(2).stderr_has("conf is a directory, not a config file");
    assert!(!s.path("conf.lock").exists() && !s.path("data").exists() && !s.path("conf/data").exists(), "init created files before failing");
    let r = s.run(&["-c", "conf", "config", "show"]);
    r.code(2);
    assert_eq!(r.stderr.to_ascii_lowercase().matches("is a directory").count(), 1, "said once:\n{}", r.stderr);
}

#[test]
fn an_ipv6_node_is_found_as_listed_and_a_vague_yes_is_refused() {
    let s = Sandbox::new();
    s.init();
    s.run(&["node", "add", "root@[::1]:22", "--rate", "2"]).code(0);
    s.run(&["node", "add", "root@10.0.0.9", "--rate", "2"]).code(0);
    // BASILICA_MINER_YES takes yes/no words; anything else is a usage error, and nothing is removed.
    let r = s.run_with(&["node", "remove", "10.0.0.9"], &[("BASILICA_MINER_YES", "maybe")]);
    r.code(2).stderr_has("maybe");
    assert_eq!(s.run(&["--json", "node", "list"]).json().as_array().unwrap().len(), 2);
    s.run_with(&["node", "remove", "10.0.0.9"], &[("BASILICA_MINER_YES", "yes")]).code(0);
    // `[::1]`, as the node is listed, names it.
    s.run(&["--yes", "node", "remove", "[::1]"]).code(0).stderr_has("root@[::1]:22");
    assert!(s.run(&["--json", "node", "list"]).json().as_array().unwrap().is_empty());
}

#[test]
fn tables_say_each_thing_once_and_in_its_column() {
    let (s, mut bed) = crate::support::fleet_sandbox(&[basilica_miner::testbed::GpuProfile::H100x8, basilica_miner::testbed::GpuProfile::NoDriver]);
    // node list: the same price format as bid show, and `health` present (null) before serve ran.
    s.run(&["node", "list"]).code(0).stdout_has("$2.50 (250 ¢)");
    let list = s.run(&["--json", "node", "list"]).code(0).json();
    assert!(list[0].as_object().unwrap().contains_key("health") && list[0]["health"].is_null(), "{list}");
    assert!(list[0].as_object().unwrap().contains_key("full_validation"), "{list}");
    s.run(&["bid", "show", "--full"]).code(0).stdout_has("$2.50 (250 ¢)");
    // keys list: an unreachable node's error is not spread over the key columns.
    bed.nodes[1].kill();
    let r = s.run(&["keys", "list"]);
    r.code(1).stderr_has("ssh_connection_refused").stderr_has("fix:");
    let row = r.stdout.lines().find(|l| l.contains(&format!(":{}", bed.nodes[1].port))).unwrap().to_string();
    assert!(row.contains("unreadable [ssh_connection_refused]") && !row.contains("fix"), "{row}");
    // health-check: a row for what it skipped, one row per failing node.
    let h = s.run(&["--json", "health-check"]);
    h.code(1);
    let checks = h.json()["checks"].as_array().unwrap().clone();
    let names: Vec<&str> = checks.iter().map(|c| c["name"].as_str().unwrap()).collect();
    for name in ["config", "database", "wallet", "chain", "daemon", "nodes", "node"] {
        assert!(names.contains(&name), "{name} missing: {names:?}");
    }
    let chain = checks.iter().find(|c| c["name"] == "chain").unwrap();
    assert_eq!(chain["outcome"], "skip", "{chain}");
    let node = checks.iter().find(|c| c["name"] == "node").unwrap();
    assert!(node["detail"].as_str().unwrap().contains(&format!(":{}", bed.nodes[1].port)), "{node}");
}

#[test]
fn completions_do_not_offer_hidden_commands() {
    for f in ["basilica-miner.bash", "basilica-miner.fish", "_basilica-miner", "basilica-miner.elv", "_basilica-miner.ps1"] {
        let text = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("completions").join(f)).unwrap();
        assert!(!text.contains("generate-docs"), "{f} offers generate-docs");
    }
    let s = Sandbox::new();
    assert!(!s.run(&["completions", "bash"]).code(0).stdout.contains("generate-docs"));
}
