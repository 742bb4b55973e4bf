//! `config validate`: every rule, located errors, exit codes.

use std::os::unix::fs::PermissionsExt;

use crate::support::Sandbox;

const HOTKEY: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";

/// A sandbox whose miner.toml (from `init`) validates cleanly once a node is added.
fn valid() -> Sandbox {
    let s = Sandbox::new();
    s.init();
    s.run(&["node", "add", "ubuntu@10.0.0.5", "--rate", "2.5"]).code(0);
    s
}

/// Replaces `from` with `to` in miner.toml, asserting it was there.
fn edit(s: &Sandbox, from: &str, to: &str) {
    let text = s.read("miner.toml");
    assert!(text.contains(from), "miner.toml lacks {from:?}");
    s.write("miner.toml", &text.replacen(from, to, 1));
}

fn fails_with(s: &Sandbox, needles: &[&str]) {
    let r = s.run(&["config", "validate"]);
    r.code(2).stdout_empty().stderr_has("Configuration validation failed");
    for n in needles {
        r.stderr_has(n);
    }
}

#[test]
fn a_fresh_init_passes() {
    let s = valid();
    let r = s.run(&["config", "validate"]);
    r.code(0).stdout_has("Configuration validation passed");
    assert!(!r.stderr.contains("error"), "{}", r.stderr);
}

#[test]
fn the_shipped_example_passes_once_its_paths_exist() {
    let s = Sandbox::new();
    s.fake_wallet("default", "default");
    s.write(
        "miner.toml",
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/config/miner.toml.example")).unwrap(),
    );
    let key = s.home().join(".ssh/basilica_miner_ed25519");
    s.write("home/.ssh/basilica_miner_ed25519", "key");
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::fs::create_dir_all(s.path("db")).unwrap();
    let db = format!("sqlite://{}/miner.db", s.path("db").display());
    let r = s.run_with(&["config", "validate"], &[("BASILICA_MINER_DATABASE__URL", &db)]);
    r.code(0).stdout_has("Configuration validation passed (1 warning)").stderr_has("no GPU nodes are configured");
}

#[test]
fn malformed_toml_gives_line_and_column() {
    let s = valid();
    s.write("miner.toml", "[bittensor]\nnetwork = \"finney\nx = 1\n");
    let r = s.run(&["config", "validate"]);
    r.code(2).stdout_empty().stderr_has("miner.toml:2:").stderr_has("invalid TOML");
}

#[test]
fn unknown_keys_are_listed_with_suggestions() {
    let s = valid();
    edit(&s, "[security]\n", "[security]\nverify_signature = false\n");
    edit(&s, "[metrics]\n", "[metrics]\nenable = true\n");
    fails_with(
        &s,
        &[
            "unknown key `verify_signature` in [security]",
            "did you mean `verify_signatures`?",
            "did you mean `enabled`?",
        ],
    );
}

#[test]
fn wrong_types_name_the_key() {
    let s = valid();
    edit(&s, "max_retry_attempts = 3", "max_retry_attempts = \"three\"");
    fails_with(&s, &["node_management.max_retry_attempts: wrong value: invalid type: string \"three\""]);
}

#[test]
fn port_zero_is_rejected() {
    let s = valid();
    edit(&s, "\nport = 50051", "\nport = 0");
    fails_with(&s, &["validator_comms.port: port 0 is not a usable port"]);
}

#[test]
fn netuid_not_matching_network_warns() {
    let s = valid();
    edit(&s, "netuid = 387", "netuid = 39");
    let r = s.run(&["config", "validate"]);
    r.code(0).stderr_has("warning:").stderr_has("netuid 39 is not Basilica's subnet on test (that is 387)");
    s.run(&["config", "validate", "--strict"]).code(2);
}

#[test]
fn fixed_assignment_needs_a_hotkey() {
    let s = valid();
    edit(&s, "strategy = \"highest_stake\"", "strategy = \"fixed_assignment\"");
    fails_with(&s, &["validator_assignment.strategy", "needs validator_hotkey"]);
}

#[test]
fn invalid_ss58_hotkey_is_rejected() {
    let s = valid();
    let broken = format!("{}x", &HOTKEY[..47]);
    edit(
        &s,
        "strategy = \"highest_stake\"",
        &format!("strategy = \"fixed_assignment\"\nvalidator_hotkey = \"{broken}\""),
    );
    fails_with(&s, &["validator_assignment.validator_hotkey", "is not a valid SS58 address"]);
    edit(&s, &broken, HOTKEY);
    s.run(&["config", "validate"]).code(0);
}

#[test]
fn rate_must_be_positive() {
    let s = valid();
    edit(&s, "\nhourly_rate_per_gpu = 2.5\n", "\nhourly_rate_per_gpu = 0.0\n");
    fails_with(&s, &["node_management.nodes[0].hourly_rate_per_gpu: hourly rate 0 must be greater than 0"]);
}

#[test]
fn node_key_missing_or_too_open() {
    let s = valid();
    let key = s.home().join(".ssh/basilica_miner_ed25519");
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    fails_with(&s, &["ssh_session.miner_node_key_path", "has mode 0644", "chmod 600"]);
    // A command that needs the key says why once, not again under "caused by" (the node is
    // on loopback: the key check comes first, but nothing may ever be sent elsewhere).
    edit(&s, "10.0.0.5", "127.0.0.1");
    let r = s.run(&["node", "test"]);
    r.code(4);
    assert_eq!(r.stderr.matches("has mode 0644").count(), 1, "{}", r.stderr);
    std::fs::remove_file(&key).unwrap();
    fails_with(&s, &["ssh_session.miner_node_key_path", "does not exist"]);
}

#[test]
fn database_directory_must_exist() {
    let s = valid();
    std::fs::remove_dir(s.path("data")).unwrap();
    fails_with(&s, &["database.url: database directory", "does not exist", "mkdir -p"]);
}

#[test]
fn database_directory_must_be_writable() {
    let s = valid();
    std::fs::set_permissions(s.path("data"), std::fs::Permissions::from_mode(0o500)).unwrap();
    if !is_root() {
        return fails_with(&s, &["is not writable"]);
    }
    // root can write anywhere: the rule is checked as an ordinary user (nobody) instead.
    let nobody = "65534";
    assert!(std::process::Command::new("chown")
        .args(["-R", &format!("{nobody}:{nobody}")])
        .arg(s.dir.path())
        .status()
        .unwrap()
        .success());
    let out = std::process::Command::new("setpriv")
        .args([
            "--reuid",
            nobody,
            "--regid",
            nobody,
            "--clear-groups",
            env!("CARGO_BIN_EXE_basilica-miner"),
            "config",
            "validate",
        ])
        .current_dir(s.dir.path())
        .env("HOME", s.home())
        .env("NO_COLOR", "1")
        .env_remove("BASILICA_MINER_CONFIG")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("setpriv (util-linux) is installed by scripts/install-deps");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("is not writable by this user"), "{stderr}");
}

fn is_root() -> bool {
    std::fs::metadata("/proc/self").map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0).unwrap_or(false)
}

#[test]
fn verify_signatures_off_is_refused_on_finney() {
    let s = valid();
    edit(&s, "network = \"test\"", "network = \"finney\"");
    edit(&s, "netuid = 387", "netuid = 39");
    edit(&s, "verify_signatures = true", "verify_signatures = false");
    fails_with(&s, &["security.verify_signatures", "refused on finney"]);
}

#[test]
fn env_override_errors_name_the_variable() {
    let s = valid();
    let r = s.run_with(&["config", "validate"], &[("BASILICA_MINER_VALIDATOR_COMMS__PORT", "0")]);
    r.code(2).stderr_has("environment variable BASILICA_MINER_VALIDATOR_COMMS__PORT");
}

#[test]
fn json_report_lists_every_problem() {
    let s = valid();
    edit(&s, "\nport = 50051", "\nport = 0");
    edit(&s, "\nhourly_rate_per_gpu = 2.5\n", "\nhourly_rate_per_gpu = -1.0\n");
    let r = s.run(&["config", "validate", "--json"]);
    r.code(2);
    let v = r.json();
    assert_eq!(v["valid"], false);
    assert_eq!(v["errors"], 2);
    let keys: Vec<&str> = v["problems"].as_array().unwrap().iter().map(|p| p["key"].as_str().unwrap()).collect();
    assert!(
        keys.contains(&"validator_comms.port") && keys.contains(&"node_management.nodes[0].hourly_rate_per_gpu"),
        "{keys:?}"
    );
    assert_eq!(v["problems"][0]["origin"]["kind"], "file");
}

#[test]
fn max_weight_uids_is_accepted_with_a_warning() {
    let s = valid();
    edit(&s, "[bittensor]\n", "[bittensor]\nmax_weight_uids = 256\n");
    s.run(&["config", "validate"]).code(0).stderr_has("max_weight_uids").stderr_has("has no effect");
}

/// Upstream's generation-2 layout in a sandbox, its paths created there.
fn upstream() -> Sandbox {
    let s = Sandbox::new();
    s.fake_wallet("miner", "default");
    let text = crate::support::fixture("upstream-gen2.toml").replace("/opt/basilica", s.dir.path().to_str().unwrap());
    s.write("miner.toml", &text);
    std::fs::create_dir_all(s.path("data")).unwrap();
    let key = s.write("home/.ssh/miner_node_key", "key");
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    s
}

#[test]
fn upstreams_generation_2_file_validates_with_its_declarations() {
    let s = upstream();
    let r = s.run(&["config", "validate"]);
    r.code(0).stdout_has("Configuration validation passed");
    assert!(!r.stderr.contains("error"), "{}", r.stderr);
    // The declarations are kept and shown.
    let nodes = s.run(&["--json", "node", "list"]).code(0).json();
    assert_eq!((nodes[0]["gpu_category"].as_str(), nodes[0]["gpu_count"].as_u64()), (Some("H100"), Some(8)));
    assert_eq!(nodes[1]["extra_mount_path"], "/ephemeral");
}

#[test]
fn declarations_validators_would_refuse_are_errors_naming_the_key() {
    let s = upstream();
    edit(&s, "extra_mount_path = \"/ephemeral\"", "extra_mount_path = \"/mnt/../etc\"");
    fails_with(&s, &["node_management.nodes[1].extra_mount_path", "must not contain . or .. segments"]);
    edit(&s, "extra_mount_path = \"/mnt/../etc\"", "extra_mount_path = \"ephemeral\"");
    fails_with(&s, &["node_management.nodes[1].extra_mount_path", "absolute path"]);
    edit(&s, "extra_mount_path = \"ephemeral\"", "extra_mount_path = \"/ephemeral\"");
    edit(&s, "gpu_category = \"H100\"", "gpu_category = \"\"");
    fails_with(&s, &["node_management.nodes[0].gpu_category", "is not a category"]);
    edit(&s, "gpu_category = \"\"", "gpu_category = \"NVIDIA Tesla h100\"");
    edit(&s, "gpu_count = 8", "gpu_count = 0");
    fails_with(&s, &["node_management.nodes[0].gpu_count"]);
    edit(&s, "gpu_count = 0", "gpu_count = 8");
    edit(&s, "path = \"/metrics\"", "path = \"metrics\"");
    fails_with(&s, &["metrics.prometheus.path"]);
    edit(&s, "path = \"metrics\"", "path = \"/metrics\"");
    s.run(&["config", "validate"]).code(0);
}

#[test]
fn no_pull_slots_and_a_refresh_more_often_than_hourly_are_refused_by_name() {
    let s = valid();
    edit(&s, "max_concurrent_pulls = 4", "max_concurrent_pulls = 0");
    edit(&s, "image_refresh_interval = 86400", "image_refresh_interval = 600");
    fails_with(
        &s,
        &[
            "node_management.max_concurrent_pulls: must be at least 1",
            "node_management.image_refresh_interval: 600 s is too short",
            "give at least 3600",
        ],
    );
}

#[test]
fn routed_and_ipv6_nodes_are_warned_about_with_bidding_off_too() {
    let s = valid();
    s.run(&["node", "add", "ubuntu@10.0.0.6", "--rate", "2.5"]).code(0);
    s.run(&["node", "add", "ubuntu@[2001:db8::7]:22", "--rate", "2.5"]).code(0);
    let text = s.read("miner.toml");
    let first = text.find("host = \"10.0.0.6\"").expect("the second node");
    let with_jump = format!("{}additional_opts = \"-o ProxyJump=bastion\"\n{}", &text[..first], &text[first..]);
    let bidding = with_jump.find("[bidding]\n").expect("[bidding]");
    let on = bidding + with_jump[bidding..].find("enabled = true").expect("enabled = true");
    s.write("miner.toml", &format!("{}enabled = false{}", &with_jump[..on], &with_jump[on + "enabled = true".len()..]));
    let r = s.run(&["config", "validate"]);
    r.code(0).stderr_has("ProxyJump").stderr_has("IPv6").stderr_has("node_management.nodes[1].additional_opts");
    r.stderr_has("node_management.nodes[2].host");
    assert!(r.stderr.contains("generation-1 validators"), "{}", r.stderr);
}
