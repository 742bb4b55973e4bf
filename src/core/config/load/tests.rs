use super::*;

#[test]
fn unknown_choices_get_a_suggestion() {
    assert_eq!(
        type_message("unknown variant `finny`, expected one of `finney`, `test`, `local`\nin `network`"),
        "`finny` is not one of finney, test, local; did you mean `finney`?"
    );
    assert_eq!(type_message("unknown variant `zzz`, expected `auto` or `never`"), "`zzz` is not one of auto, never");
}

fn parse_str(text: &str, env: &[(&str, &str)]) -> Result<LoadedConfig, ConfigError> {
    parse(
        Path::new("miner.toml"),
        PathBuf::from("."),
        text.to_string(),
        env.iter().map(|(a, b)| (a.to_string(), b.to_string())),
    )
}

#[test]
fn empty_file_gives_defaults() {
    let l = parse_str("", &[]).unwrap();
    assert_eq!(l.config, MinerConfig::default());
    assert!(l.problems.is_empty());
}

#[test]
fn unknown_keys_are_all_reported_with_suggestions() {
    let l = parse_str("[bittensor]\nwalet_name = \"x\"\n[security]\nverify_signature = true\n[bogus]\n", &[]).unwrap();
    let msgs: Vec<String> = l.problems.iter().map(scale_decode::ToString::to_string).collect();
    assert_eq!(msgs.len(), 3, "{msgs:?}");
    assert!(
        msgs[0].contains("miner.toml:2:1: bittensor.walet_name: unknown key `walet_name` in [bittensor]"),
        "{}",
        msgs[0]
    );
    assert!(msgs[0].contains("did you mean `wallet_name`?"));
    assert!(msgs[1].contains("did you mean `verify_signatures`?"));
    assert!(msgs[2].contains("unknown key `bogus` at the top level"));
}

#[test]
fn wrong_type_names_key_and_position() {
    let err = parse_str("[validator_comms]\nport = \"fifty\"\n", &[]).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("miner.toml:2:1: validator_comms.port: wrong value"), "{text}");
}

#[test]
fn syntax_errors_have_line_and_column() {
    let err = parse_str("[bittensor\nx = 1\n", &[]).unwrap_err();
    assert!(matches!(err, ConfigError::Syntax { line: 1, .. }), "{err}");
}

#[test]
fn env_overrides_apply_and_are_named_in_errors() {
    let l = parse_str(
        "[validator_comms]\nport = 1\n",
        &[("BASILICA_MINER_VALIDATOR_COMMS__PORT", "50052"), ("BASILICA_MINER_METRICS__PROMETHEUS__PORT", "9100")],
    )
    .unwrap();
    assert_eq!(l.config.validator_comms.port, 50052);
    assert_eq!(l.config.metrics.prometheus.port, 9100);
    let err = parse_str("", &[("BASILICA_MINER_VALIDATOR_COMMS__PORT", "nope")]).unwrap_err();
    assert!(err.to_string().contains("environment variable BASILICA_MINER_VALIDATOR_COMMS__PORT"), "{err}");
    let l = parse_str("", &[("BASILICA_MINER_BITTENSOR__WALLET_NAME", "cold")]).unwrap();
    assert_eq!(l.config.bittensor.wallet_name, "cold");
}

#[test]
fn unknown_env_keys_are_reported() {
    let l = parse_str("", &[("BASILICA_MINER_BITTENSOR__WALLETNAME", "x")]).unwrap();
    assert_eq!(l.problems.len(), 1);
    assert!(l.problems[0].to_string().contains("BASILICA_MINER_BITTENSOR__WALLETNAME"));
}

#[test]
fn nodes_in_both_layouts_deserialize() {
    let inline =
        parse_str("[node_management]\nnodes = [{ host = \"10.0.0.1\", hourly_rate_per_gpu = 2 }]\n", &[]).unwrap();
    let tables = parse_str("[[node_management.nodes]]\nhost = \"10.0.0.1\"\nhourly_rate_per_gpu = 2.0\n", &[]).unwrap();
    assert_eq!(inline.config.node_management.nodes, tables.config.node_management.nodes);
    assert_eq!(inline.config.node_management.nodes[0].port, 22);
}

#[test]
fn a_duplicate_key_is_named_with_its_line() {
    let e = parse_str("[validator_comms]\nport = 1\nport = 2\n", &[]).unwrap_err().to_string();
    assert!(e.contains(":3:1:") && e.contains("duplicate key `port`"), "{e}");
}
