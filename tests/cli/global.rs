//! Behaviour shared by every command: help, exit codes, streams.

use crate::support::Sandbox;

#[test]
fn help_documents_exit_codes_and_environment() {
    let s = Sandbox::new();
    let r = s.run(&["--help"]);
    r.code(0)
        .stdout_has("Exit codes:")
        .stdout_has("4    wallet, key or authentication error")
        .stdout_has("BASILICA_MINER_CONFIG");
}

#[test]
fn unknown_subcommand_is_a_usage_error() {
    let s = Sandbox::new();
    s.run(&["frobnicate"]).code(2).stdout_empty().stderr_has("unrecognized subcommand");
}

#[test]
fn missing_config_names_the_file_and_init() {
    let s = Sandbox::new();
    s.run(&["node", "list"])
        .code(2)
        .stdout_empty()
        .stderr_has("no config file at miner.toml")
        .stderr_has("basilica-miner init");
}

#[test]
fn config_path_comes_from_flag_or_environment() {
    let s = Sandbox::new();
    s.init();
    std::fs::rename(s.path("miner.toml"), s.path("elsewhere.toml")).unwrap();
    s.run(&["-c", "elsewhere.toml", "node", "list", "--json"]).code(0).stdout_has("[]");
    s.run_with(&["node", "list", "--json"], &[("BASILICA_MINER_CONFIG", "elsewhere.toml")]).code(0).stdout_has("[]");
}

#[test]
fn logs_and_warnings_never_reach_stdout() {
    let s = Sandbox::new();
    s.init();
    let text = s.read("miner.toml").replace("[security]", "[security]\nverify_signature = true");
    s.write("miner.toml", &text);
    let r = s.run(&["-vv", "node", "list", "--json"]);
    r.code(0).stderr_has("warning:").stderr_has("did you mean `verify_signatures`?");
    assert_eq!(r.json(), serde_json::json!([]));
    for marker in ["warning", "WARN", "INFO", "DEBUG", "TRACE"] {
        assert!(!r.stdout.contains(marker), "{marker} on stdout: {}", r.stdout);
    }
}

#[test]
fn quiet_suppresses_warnings_but_not_errors() {
    let s = Sandbox::new();
    s.init();
    let text = s.read("miner.toml").replace("[security]", "[security]\nbogus = 1");
    s.write("miner.toml", &text);
    let r = s.run(&["-q", "node", "list"]);
    r.code(0);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    s.run(&["-q", "node", "remove", "nothing", "--yes"]).code(2).stderr_has("error:");
}

#[test]
fn log_lines_as_json_or_without_timestamps_under_journald() {
    let s = crate::support::Sandbox::new();
    s.write("miner.toml", "[validator_comms]\nport = 0\n");
    let r = s.run(&["--log-format", "json", "serve"]);
    r.code(2);
    let logged: Vec<serde_json::Value> = r
        .stderr
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert!(!logged.is_empty(), "{}", r.stderr);
    let e = logged
        .iter()
        .find(|v| v["message"].as_str().is_some_and(|m| m.contains("validator_comms.port")))
        .unwrap_or_else(|| panic!("{}", r.stderr));
    assert_eq!(e["level"], "ERROR");
    assert!(e["target"].as_str().unwrap().starts_with("basilica_miner"), "{e}");
    assert!(e["timestamp"].is_string(), "{e}");
    // The environment variable does the same.
    let r = s.run_with(&["serve"], &[("BASILICA_MINER_LOG_FORMAT", "json")]);
    assert!(r.stderr.lines().any(|l| l.starts_with("{\"timestamp\"")), "{}", r.stderr);
    // journald stamps lines itself: no timestamp of ours in front.
    let r = s.run_with(&["serve"], &[("JOURNAL_STREAM", "8:1234")]);
    let line = r.stderr.lines().find(|l| l.contains("validator_comms.port")).unwrap_or_else(|| panic!("{}", r.stderr));
    assert!(line.trim_start().starts_with("ERROR"), "{line}");
    let r = s.run(&["serve"]);
    let line = r.stderr.lines().find(|l| l.contains("validator_comms.port")).unwrap_or_else(|| panic!("{}", r.stderr));
    assert!(line.starts_with("20"), "a timestamp first outside systemd: {line}");
    s.run(&["--log-format", "xml", "config", "show"]).code(2).stderr_has("possible values: text, json");
}
