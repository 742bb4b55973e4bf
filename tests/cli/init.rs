//! `init`: non-interactive setup from flags, refusal to overwrite, bad answers.

use crate::support::{Sandbox, Terminal};

#[test]
fn without_a_terminal_and_flags_it_names_what_is_missing() {
    let s = Sandbox::new();
    let r = s.run(&["init"]);
    r.code(2).stdout_empty().stderr_has("--wallet-name, --hotkey-name, --network, --external-ip");
    assert!(!s.path("miner.toml").exists());
    assert!(!s.home().join(".ssh").exists(), "no key made on failure");
}

#[test]
fn flags_write_a_commented_valid_config_and_a_0600_key() {
    let s = Sandbox::new();
    let r = s.run(&[
        "init",
        "--wallet-name",
        "miner",
        "--hotkey-name",
        "hk1",
        "--network",
        "test",
        "--external-ip",
        "198.51.100.7",
        "--node",
        "ubuntu@10.0.0.5",
        "--node",
        "root@10.0.0.6:2222",
        "--rate",
        "2.5",
        "--rate",
        "3",
    ]);
    r.code(0).stdout_has("ssh-ed25519 ").stderr_has("wrote miner.toml").stderr_has("generated node key");
    let text = s.read("miner.toml");
    assert!(text.contains("# Which chain:"), "comments from the example are kept");
    assert!(text.contains("hotkey_name = \"hk1\""));
    assert!(text.contains("netuid = 387"));
    let key = s.home().join(".ssh/basilica_miner_ed25519");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&key).unwrap().permissions().mode() & 0o777, 0o600);
    let nodes = s.run(&["node", "list", "--json"]).json();
    assert_eq!(nodes[1]["address"], "root@10.0.0.6:2222");
    assert_eq!(nodes[1]["hourly_rate_per_gpu"], 3.0);
    // The wallet does not exist yet: validation says so, with the btcli command (exit 4, as serve).
    s.run(&["config", "validate"])
        .code(4)
        .stderr_has("btcli wallet new_coldkey --wallet.name miner")
        .stderr_has("--wallet.hotkey hk1");
    s.fake_wallet("miner", "hk1");
    s.run(&["config", "validate"]).code(0);
}

#[test]
fn the_first_hour_without_a_wallet_fails_at_validate_naming_btcli() {
    // The README's path in a fresh HOME with no wallet: init, validate, node add, node test, serve.
    let s = Sandbox::new();
    let init = s.run(&[
        "init",
        "--wallet-name",
        "miner",
        "--hotkey-name",
        "default",
        "--network",
        "test",
        "--external-ip",
        "203.0.113.10",
    ]);
    init.code(0).stderr_has("Next: `basilica-miner node add USER@HOST");
    let r = s.run(&["config", "validate"]);
    r.code(4)
        .stderr_has("bittensor.wallet_name")
        .stderr_has("wallet `miner` does not exist")
        .stderr_has("btcli wallet new_coldkey --wallet.name miner");
    let json = s.run(&["--json", "config", "validate"]);
    json.code(4);
    assert_eq!(json.json()["valid"], false);
    // A coldkey without the hotkey names the hotkey and the wallet's other hotkeys.
    s.fake_wallet("miner", "other");
    s.run(&["config", "validate"])
        .code(4)
        .stderr_has("bittensor.hotkey_name")
        .stderr_has("hotkey `default` of wallet `miner` does not exist")
        .stderr_has("name one that exists: other");
    // A file prepared for another machine can skip the wallet.
    s.run(&["config", "validate", "--no-wallet"]).code(0);
    // serve fails the same way, with the same exit status.
    s.run(&["serve"]).code(4).stderr_has("does not exist");
    // With nodes configured, init's next step is the full node test, and the hint names the node.
    let t = Sandbox::new();
    t.run(&[
        "init",
        "--wallet-name",
        "m",
        "--hotkey-name",
        "h",
        "--network",
        "test",
        "--external-ip",
        "203.0.113.10",
        "--node",
        "ubuntu@10.0.0.5:2222",
        "--rate",
        "2",
    ])
    .code(0)
    .stderr_has("ssh-copy-id -i")
    .stderr_has(".pub -p 2222 ubuntu@10.0.0.5")
    .stderr_has("bids (generation 2, the main path) go to the assigned validator's axon IP")
    .stderr_has("node test --full");
}

#[test]
fn json_reports_what_was_done() {
    let s = Sandbox::new();
    let r = s.run(&[
        "init",
        "--json",
        "--wallet-name",
        "m",
        "--hotkey-name",
        "h",
        "--network",
        "finney",
        "--external-ip",
        "2001:db8::1",
        "--validator-hotkey",
        "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",
        "--validator-endpoint",
        "https://validator.example",
    ]);
    r.code(0);
    let v = r.json();
    assert_eq!(v["node_key_generated"], true);
    assert!(v["node_public_key"].as_str().unwrap().starts_with("ssh-ed25519 "));
    let shown = s.run(&["config", "show", "--json"]).json();
    assert_eq!(shown["validator_assignment"]["strategy"], "fixed_assignment");
    assert_eq!(shown["bittensor"]["netuid"], 39);
    // Generation 2 is set up in every new file: bidding on, at the endpoint given.
    assert_eq!(shown["bidding"]["enabled"], true);
    assert_eq!(shown["bidding"]["validator_endpoint"], "https://validator.example");
}

#[test]
fn an_existing_config_is_never_overwritten_without_force() {
    let s = Sandbox::new();
    s.write("miner.toml", "# mine\n");
    let args =
        ["init", "--wallet-name", "m", "--hotkey-name", "h", "--network", "test", "--external-ip", "198.51.100.7"];
    s.run(&args).code(2).stderr_has("already exists").stderr_has("--force");
    assert_eq!(s.read("miner.toml"), "# mine\n");
    let mut forced = args.to_vec();
    forced.push("--force");
    s.run(&forced).code(0);
    assert_eq!(s.read("miner.toml.bak"), "# mine\n");
}

#[test]
fn an_existing_key_is_reused_not_replaced() {
    let s = Sandbox::new();
    s.init();
    let key = s.read("home/.ssh/basilica_miner_ed25519");
    std::fs::remove_file(s.path("miner.toml")).unwrap();
    s.run(&["init", "--wallet-name", "m", "--hotkey-name", "h", "--network", "test", "--external-ip", "198.51.100.7"])
        .code(0)
        .stderr_has("using existing node key");
    assert_eq!(s.read("home/.ssh/basilica_miner_ed25519"), key);
}

#[test]
fn bad_answers_are_all_named_and_nothing_is_written() {
    let s = Sandbox::new();
    let r = s.run(&[
        "init",
        "--wallet-name",
        "a/b",
        "--hotkey-name",
        "h",
        "--network",
        "test",
        "--external-ip",
        "not-an-ip",
        "--metrics-port",
        "50051",
        "--validator-hotkey",
        "5Bad",
        "--validator-endpoint",
        "ftp://validator.example",
        "--node",
        "u@10.0.0.1",
        "--node",
        "v@10.0.0.1",
        "--rate",
        "1",
    ]);
    r.code(2).stdout_empty();
    for needle in [
        "--wallet-name `a/b`",
        "--external-ip `not-an-ip`",
        "--metrics-port 50051",
        "--validator-hotkey",
        "--validator-endpoint: ",
        "ftp://validator.example",
        "already configured",
    ] {
        r.stderr_has(needle);
    }
    assert!(!s.path("miner.toml").exists());
    assert!(!s.home().join(".ssh").exists());
}

#[test]
fn mismatched_rates_are_a_usage_error() {
    let s = Sandbox::new();
    s.run(&[
        "init",
        "--wallet-name",
        "m",
        "--hotkey-name",
        "h",
        "--network",
        "test",
        "--external-ip",
        "198.51.100.7",
        "--node",
        "u@a.example",
        "--node",
        "u@b.example",
        "--node",
        "u@c.example",
        "--rate",
        "1",
        "--rate",
        "2",
    ])
    .code(2)
    .stderr_has("2 --rate values for 3 --node values");
}

#[test]
fn warns_about_an_unreachable_external_ip_and_a_wallet_that_is_not_there() {
    let s = Sandbox::new();
    crate::support::make_wallet(&s.path("wallets"), None);
    let wallets = s.path("wallets").display().to_string();
    let r = s.run(&[
        "init",
        "--json",
        "--wallet-name",
        "mine",
        "--hotkey-name",
        "default",
        "--wallet-path",
        &wallets,
        "--network",
        "test",
        "--external-ip",
        "10.0.0.5",
    ]);
    r.code(0);
    let v = r.json();
    let w: Vec<&str> = v["warnings"].as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect();
    assert_eq!(w.len(), 2, "{v}");
    assert!(w[0].contains("validators on the internet cannot reach 10.0.0.5"), "{w:?}");
    assert!(w[1].contains("wallet `mine` is not under") && w[1].contains("miner (hotkeys: default)"), "{w:?}");
    // Warnings, not errors: the file is written, and a good answer has none.
    assert!(s.path("miner.toml").exists());
    let r = s.run(&[
        "init",
        "--force",
        "--wallet-name",
        "miner",
        "--hotkey-name",
        "default",
        "--wallet-path",
        &wallets,
        "--network",
        "test",
        "--external-ip",
        "198.51.100.7",
    ]);
    r.code(0);
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
}

#[test]
fn the_wizard_checks_each_answer_when_it_is_given() {
    let s = Sandbox::new();
    s.fake_wallet("miner", "hot1");
    s.fake_wallet("miner", "hot2");
    let t = Terminal::start(&s, "init", (160, 50));
    t.wait("Folder of your Bittensor wallets");
    t.keys(&["Enter"]);
    // The wallets btcli made are offered; picking one offers its hotkeys.
    t.wait("Wallet name (btcli's --wallet.name) (found under");
    t.keys(&["Enter"]);
    let screen = t.wait("Hotkey name (btcli's --wallet.hotkey) (found under");
    assert!(screen.contains("hot1") && screen.contains("hot2"), "{screen}");
    t.keys(&["Enter"]);
    // Where the validators are: one bid endpoint; the network and subnet are asked too (the
    // hotkey is registered there), and a bad URL is refused at once.
    t.wait("Where are the validators that take your bids?");
    t.keys(&["Down", "Enter"]);
    let screen = t.wait("Network (the chain your hotkey is registered on)");
    assert!(screen.contains("subnet 39 has run other mechanisms than Basilica since 2026-05"), "{screen}");
    t.keys(&["Enter"]);
    t.wait("Subnet (netuid) of the validators");
    t.keys(&["Enter"]);
    t.wait("Validator bid endpoint URL");
    t.keys(&["ftp://validator.example", "Enter"]);
    t.wait("must start with http://");
    t.keys(&["C-u", "https://validator.example", "Enter"]);
    t.wait("Public IP address");
    t.keys(&["10.1.2.3", "Enter"]);
    // Said at once, before anything is written, and asked again on "no".
    let screen = t.wait("Use 10.1.2.3 anyway?");
    assert!(
        screen.contains("10.1.2.3 is a private (RFC 1918) address") && !screen.contains("Write miner.toml?"),
        "{screen}"
    );
    t.keys(&["n"]);
    t.wait("? Public IP address");
    t.keys(&["203.0.113.10", "Enter"]);
    for prompt in ["gRPC port", "Prometheus metrics port", "Default SSH user"] {
        t.wait(prompt);
        t.keys(&["Enter"]);
    }
    // A GPU server (nothing declared: nvidia-smi names its GPUs), then a CPU-only host by class.
    t.wait("Add a node now?");
    t.keys(&["y"]);
    t.wait("Node (user@host[:port])");
    t.keys(&["ubuntu@10.0.0.6", "Enter"]);
    t.wait("What is this machine?");
    t.keys(&["Enter"]);
    t.wait("Hourly rate per GPU in dollars");
    t.keys(&["Enter"]);
    t.wait("Add another node?");
    t.keys(&["y"]);
    t.wait("Node (user@host[:port])");
    t.keys(&["ubuntu@10.0.0.8", "Enter"]);
    t.wait("What is this machine?");
    t.keys(&["Down", "Enter"]);
    t.wait("Its class, as validators price it");
    t.keys(&["Down", "Enter"]);
    t.wait("Hourly rate for the host in dollars");
    t.keys(&["C-u", "0.35", "Enter"]);
    t.wait("Add another node?");
    t.keys(&["n"]);
    t.wait("Which validator gets your nodes?");
    t.keys(&["Enter"]);
    t.wait("Write miner.toml?");
    t.keys(&["y"]);
    let screen = t.wait("EXIT=");
    assert!(screen.contains("EXIT=0"), "{screen}");
    let text = s.read("miner.toml");
    let nodes = s.run(&["--json", "node", "list"]).code(0).json();
    let nodes = nodes.as_array().unwrap();
    assert_eq!(nodes.len(), 2, "{nodes:?}");
    assert_eq!(nodes[0]["host"], "10.0.0.6");
    assert!(nodes[0]["gpu_category"].is_null(), "a GPU server declares nothing: {}", nodes[0]);
    assert_eq!(nodes[1]["host"], "10.0.0.8");
    assert_eq!(nodes[1]["gpu_category"], "CPU_PERFORMANCE", "{}", nodes[1]);
    assert_eq!(nodes[1]["gpu_count"], 1, "{}", nodes[1]);
    assert!(text.contains("hourly_rate_per_gpu = 0.35"), "{text}");
    assert!(
        text.contains("external_ip = \"203.0.113.10\"")
            && text.contains("wallet_name = \"miner\"")
            && text.contains("hotkey_name = \"hot1\"")
            && text.contains("validator_endpoint = \"https://validator.example\""),
        "{text}"
    );
    s.run(&["config", "validate"]).code(0);
}
