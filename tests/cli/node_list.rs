//! `node list`: table and JSON.

use crate::support::{fixture, Sandbox};

#[test]
fn lists_nodes_as_a_table_and_as_json() {
    let s = Sandbox::new();
    s.write("miner.toml", &fixture("commented.toml"));
    let r = s.run(&["node", "list"]);
    r.code(0).stdout_has("NODE ID").stdout_has("ubuntu@10.4.0.11:22").stdout_has("2.25");
    let v = s.run(&["node", "list", "--json"]).json();
    let nodes = v.as_array().unwrap();
    assert_eq!(nodes.len(), 2);
    assert_eq!(nodes[1]["address"], "ubuntu@10.4.0.12:22");
    assert_eq!(nodes[1]["port"], 22);
    assert_eq!(nodes[1]["hourly_rate_per_gpu"], 2.25);
    let id = uuid::Uuid::parse_str(nodes[0]["node_id"].as_str().unwrap()).unwrap();
    assert_eq!(id.get_version_num(), 5);
}

#[test]
fn an_empty_registry_says_how_to_add() {
    let s = Sandbox::new();
    s.init();
    s.run(&["node", "list"]).code(0).stdout_empty().stderr_has("node add");
    assert_eq!(s.run(&["node", "list", "--json"]).json(), serde_json::json!([]));
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let s = Sandbox::new();
    s.write("miner.toml", &fixture("commented.toml"));
    let mut child = s
        .command()
        .args(["node", "list", "--json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}
