//! `node remove`: confirmation, selectors, comment-preserving edits.

use crate::support::{fixture, Sandbox};

fn sandbox() -> Sandbox {
    let s = Sandbox::new();
    s.write("miner.toml", &fixture("commented.toml"));
    s
}

#[test]
fn removes_by_host_and_keeps_other_comments() {
    let s = sandbox();
    s.run(&["node", "remove", "10.4.0.11", "--yes"])
        .code(0)
        .stdout_has("ubuntu@10.4.0.11:22")
        .stderr_has("removed node");
    assert_eq!(s.read("miner.toml"), fixture("commented.after-remove.toml"));
}

#[test]
fn removes_by_node_id() {
    let s = sandbox();
    let id = s.run(&["node", "list", "--json"]).json()[1]["node_id"].as_str().unwrap().to_string();
    s.run(&["node", "remove", &id, "--yes"]).code(0);
    let v = s.run(&["node", "list", "--json"]).json();
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["host"], "10.4.0.11");
}

#[test]
fn without_a_terminal_it_needs_yes() {
    let s = sandbox();
    let before = s.read("miner.toml");
    s.run(&["node", "remove", "10.4.0.11"]).code(2).stdout_empty().stderr_has("pass --yes");
    assert_eq!(s.read("miner.toml"), before);
    s.run_with(&["node", "remove", "10.4.0.11"], &[("BASILICA_MINER_YES", "1")]).code(0);
}

#[test]
fn an_absent_node_is_an_error_that_lists_the_known_ones() {
    let s = sandbox();
    let before = s.read("miner.toml");
    s.run(&["node", "remove", "10.9.9.9", "--yes"])
        .code(2)
        .stderr_has("no node matches `10.9.9.9`")
        .stderr_has("ubuntu@10.4.0.12:22");
    assert_eq!(s.read("miner.toml"), before);
}

#[test]
fn an_ambiguous_selector_is_refused() {
    let s = Sandbox::new();
    s.init();
    s.run(&["node", "add", "u@10.0.0.1:22", "u@10.0.0.1:2222", "--rate", "1"]).code(0);
    s.run(&["node", "remove", "10.0.0.1", "--yes"]).code(2).stderr_has("matches 2 nodes");
    s.run(&["node", "remove", "10.0.0.1:2222", "--yes"]).code(0);
}
