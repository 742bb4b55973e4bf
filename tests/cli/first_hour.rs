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
    assert!(v["error"]["message"].as_str().unwrap().contains("no config file"), "{v}");
    // The advice is the error's own field, not a line of the message.
    assert!(v["error"]["fix"].as_str().unwrap().contains("basilica-miner init"), "{v}");
    assert!(!v["error"]["message"].as_str().unwrap().contains("basilica-miner init"), "{v}");
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
    let r = s.run(&[
        "-c",
        "conf",
        "init",
        "--force",
        "--wallet-name",
        "m",
        "--hotkey-name",
        "h",
        "--network",
        "test",
        "--external-ip",
        "203.0.113.10",
    ]);
    r.code(2).stderr_has("conf is a directory, not a config file");
    assert!(
        !s.path("conf.lock").exists() && !s.path("data").exists() && !s.path("conf/data").exists(),
        "init created files before failing"
    );
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
    let (s, mut bed) = crate::support::fleet_sandbox(&[
        basilica_miner::testbed::GpuProfile::H100x8,
        basilica_miner::testbed::GpuProfile::NoDriver,
    ]);
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
    // The sandbox has no wallet: the most telling failure is the key (4), the node's row is there too.
    h.code(4);
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
    for f in
        ["basilica-miner.bash", "basilica-miner.fish", "_basilica-miner", "basilica-miner.elv", "_basilica-miner.ps1"]
    {
        let text =
            std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("completions").join(f))
                .unwrap();
        assert!(!text.contains("generate-docs"), "{f} offers generate-docs");
    }
    let s = Sandbox::new();
    assert!(!s.run(&["completions", "bash"]).code(0).stdout.contains("generate-docs"));
}

/// One healthy node (killed when `kill_node`), a config on the test network whose chain
/// endpoint is a closed loopback port, and, when `wallet`, a real wallet (bittensor-wallet)
/// where the config points.
fn cause_sandbox(wallet: bool, kill_node: bool) -> (Sandbox, basilica_miner::testbed::Testbed) {
    let (s, mut bed) = crate::support::fleet_sandbox(&[basilica_miner::testbed::GpuProfile::H100x8]);
    if kill_node {
        bed.nodes[0].kill();
    }
    let closed = crate::support::free_port();
    let mut text = s.read("miner.toml").replace(
        "[bittensor]\n",
        &format!("[bittensor]\nwallet_name = \"miner\"\nhotkey_name = \"default\"\nwallet_path = \"{}\"\nchain_endpoint = \"ws://127.0.0.1:{closed}\"\n", s.path("wallets").display()),
    );
    text.push_str("\n[validator_assignment]\nstrategy = \"fixed_assignment\"\nvalidator_hotkey = \"5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY\"\n");
    s.write("miner.toml", &text);
    if wallet {
        crate::support::make_wallet(&s.path("wallets"), None);
    }
    (s, bed)
}

#[test]
fn one_cause_one_exit_code_across_commands() {
    let code_of = |s: &Sandbox, args: &[&str]| s.run(args).code;
    // A missing hotkey: 4, whichever command meets it.
    let (s, _bed) = cause_sandbox(false, false);
    for args in [
        &["wallet", "check", "--offline"][..],
        &["serve", "--offline"],
        &["register", "--dry-run"],
        &["probe", "127.0.0.1:1"],
        &["service", "test-bittensor"],
        &["health-check"],
        &["config", "validate"],
    ] {
        assert_eq!(code_of(&s, args), 4, "missing hotkey, {args:?}: {:?}", s.run(args));
    }
    // An unreachable chain: 3.
    let (s, _bed) = cause_sandbox(true, false);
    for args in [
        &["wallet", "check", "--online", "--timeout", "2"][..],
        &["register", "--dry-run", "--timeout", "2"],
        &["service", "test-bittensor"],
        &["health-check"],
    ] {
        assert_eq!(code_of(&s, args), 3, "unreachable chain, {args:?}: {:?}", s.run(args));
    }
    // An unreachable node: 1.
    let (s, _bed) = cause_sandbox(true, true);
    for args in [&["node", "test"][..], &["node", "gpu"], &["keys", "list"], &["service", "test-ssh"]] {
        assert_eq!(code_of(&s, args), 1, "unreachable node, {args:?}: {:?}", s.run(args));
    }
    // A config that does not parse: 2, everywhere.
    s.write("miner.toml", "[bittensor\n");
    for args in [
        &["node", "test"][..],
        &["node", "list"],
        &["keys", "list"],
        &["wallet", "check"],
        &["serve"],
        &["register", "--dry-run"],
        &["health-check"],
        &["config", "validate"],
        &["bid", "status"],
    ] {
        assert_eq!(code_of(&s, args), 2, "bad config, {args:?}: {:?}", s.run(args));
    }
    // The table is what --help prints.
    let help = s.run(&["--help"]).stdout;
    for line in
        ["3    the chain or a service over the network is unreachable", "4    wallet, key or authentication error"]
    {
        assert!(help.contains(line), "{help}");
    }
}

#[test]
fn subcommand_help_is_short_with_global_options_under_their_heading() {
    let s = Sandbox::new();
    for args in [&["node", "add", "--help"][..], &["keys", "list", "--help"], &["bid", "show", "--help"]] {
        let help = s.run(args).code(0).stdout.clone();
        assert!(help.contains("Global options:"), "{help}");
        assert!(help.lines().count() <= 45, "{args:?}: {} lines\n{help}", help.lines().count());
    }
}

#[test]
fn port_zero_is_said_the_same_way_everywhere() {
    let s = Sandbox::new();
    s.init();
    let phrase = "is not a usable port";
    s.run(&["node", "add", "root@10.0.0.1:0", "--rate", "2"])
        .code(2)
        .stderr_has(phrase)
        .stderr_has("give a port from 1 to 65535");
    s.run(&[
        "init",
        "--force",
        "--wallet-name",
        "miner",
        "--hotkey-name",
        "default",
        "--network",
        "test",
        "--external-ip",
        "203.0.113.10",
        "--grpc-port",
        "0",
    ])
    .code(2)
    .stderr_has(phrase)
    .stderr_has("give a port from 1 to 65535");
    s.write("miner.toml", &s.read("miner.toml").replacen("\nport = 50051", "\nport = 0", 1));
    s.run(&["config", "validate"]).code(2).stderr_has(phrase).stderr_has("give a port from 1 to 65535");
}
