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
