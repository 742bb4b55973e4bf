//! `config show`: effective values, env overrides, masking.

use crate::support::Sandbox;

#[test]
fn shows_effective_values_with_key_paths_masked() {
    let s = Sandbox::new();
    s.init();
    let r = s.run(&["config", "show"]);
    r.code(0)
        .stdout_has("network = \"test\"")
        .stdout_has("netuid = 387")
        .stdout_has("chain_endpoint = \"wss://test.finney.opentensor.ai:443\"");
    r.stdout_has("miner_node_key_path = \"<hidden; --show-sensitive shows it>\"");
    assert!(!r.stdout.contains("basilica_miner_ed25519"), "{}", r.stdout);
    s.run(&["config", "show", "--show-sensitive"]).code(0).stdout_has("basilica_miner_ed25519");
}

#[test]
fn env_overrides_win_and_are_noted_on_stderr() {
    let s = Sandbox::new();
    s.init();
    let r = s.run_with(
        &["config", "show", "--json"],
        &[("BASILICA_MINER_VALIDATOR_COMMS__PORT", "6001"), ("BASILICA_MINER_BITTENSOR__NETWORK", "local")],
    );
    r.code(0).stderr_has("validator_comms.port is set by BASILICA_MINER_VALIDATOR_COMMS__PORT");
    let v = r.json();
    assert_eq!(v["validator_comms"]["port"], 6001);
    assert_eq!(v["bittensor"]["network"], "local");
    assert_eq!(v["bittensor"]["netuid"], 387, "netuid written in the file stays");
}

#[test]
fn a_missing_wallet_or_database_does_not_stop_show() {
    let s = Sandbox::new();
    s.init();
    std::fs::remove_dir(s.path("data")).unwrap();
    std::fs::remove_file(s.home().join(".ssh/basilica_miner_ed25519")).unwrap();
    s.run(&["config", "show"]).code(0).stdout_has("[database]");
    s.run(&["node", "list"]).code(0);
}
