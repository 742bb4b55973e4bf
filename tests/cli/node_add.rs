//! `node add`: comment-preserving edits, atomic writes, every bad input refused unchanged.

use crate::support::{fixture, Sandbox};

fn with_fixture(name: &str) -> Sandbox {
    let s = Sandbox::new();
    s.write("miner.toml", &fixture(name));
    s
}

#[test]
fn adding_to_a_commented_file_keeps_every_comment() {
    let s = with_fixture("commented.toml");
    let r = s.run(&["node", "add", "ubuntu@10.4.0.13:2222", "--rate", "3", "--opts", "-o ServerAliveInterval=30"]);
    r.code(0).stdout_has("ubuntu@10.4.0.13:2222").stderr_has("added node ubuntu@10.4.0.13:2222");
    assert_eq!(s.read("miner.toml"), fixture("commented.after-add.toml"));
}

#[test]
fn adding_to_an_inline_list_keeps_it_inline() {
    let s = with_fixture("inline-nodes.toml");
    s.run(&["node", "add", "root@10.0.0.3", "--rate", "2"]).code(0);
    assert_eq!(s.read("miner.toml"), fixture("inline-nodes.after-add.toml"));
}

#[test]
fn json_output_gives_the_new_nodes_with_v5_ids() {
    let s = Sandbox::new();
    s.init();
    let r = s.run(&["node", "add", "ubuntu@10.0.0.5", "gpu@[2001:db8::7]:2200", "--rate", "2.5", "--json"]);
    r.code(0);
    let v = r.json();
    assert_eq!(v.as_array().unwrap().len(), 2);
    let expected = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, b"ssh://ubuntu@10.0.0.5:22").to_string();
    assert_eq!(v[0]["node_id"], expected.as_str());
    assert_eq!(v[1]["host"], "2001:db8::7");
    assert_eq!(v[1]["address"], "gpu@[2001:db8::7]:2200");
}

#[test]
fn the_default_user_applies_when_none_is_given() {
    let s = Sandbox::new();
    s.init();
    let r = s.run(&["node", "add", "gpu-07.example", "--rate", "1", "--json"]);
    r.code(0);
    assert_eq!(r.json()[0]["username"], "root");
}

fn refused_unchanged(args: &[&str], needle: &str) {
    let s = with_fixture("commented.toml");
    let before = s.read("miner.toml");
    let r = s.run(args);
    r.code(2).stdout_empty().stderr_has(needle);
    assert_eq!(s.read("miner.toml"), before, "file must be unchanged after: {args:?}");
}

#[test]
fn bad_hosts_ports_users_and_rates_are_refused() {
    refused_unchanged(&["node", "add", "ubuntu@bad host", "--rate", "1"], "invalid host `bad host`");
    refused_unchanged(&["node", "add", "ubuntu@h;reboot", "--rate", "1"], "invalid host");
    refused_unchanged(&["node", "add", "ubuntu@10.0.0.9:0", "--rate", "1"], "invalid port `0`");
    refused_unchanged(&["node", "add", "ubuntu@10.0.0.9:99999", "--rate", "1"], "invalid port `99999`");
    refused_unchanged(&["node", "add", "$(id)@10.0.0.9", "--rate", "1"], "invalid username");
    refused_unchanged(&["node", "add", "ubuntu@10.0.0.9", "--rate", "0"], "invalid hourly rate `0`");
    refused_unchanged(&["node", "add", "ubuntu@10.0.0.9", "--rate", "-2"], "invalid hourly rate");
    refused_unchanged(&["node", "add", "ubuntu@10.0.0.9", "--rate", "cheap"], "invalid hourly rate `cheap`");
    refused_unchanged(&["node", "add", "ubuntu@10.0.0.9"], "--rate");
    refused_unchanged(&["node", "add", "ubuntu@10.0.0.9", "--rate", "1", "--opts", "a\nb"], "invalid additional_opts");
}

#[test]
fn duplicates_are_refused_even_with_another_user() {
    refused_unchanged(&["node", "add", "root@10.4.0.11:22", "--rate", "1"], "is already configured as ubuntu@10.4.0.11:22");
    refused_unchanged(&["node", "add", "ubuntu@10.4.0.12", "--rate", "1"], "already configured");
}

#[test]
fn one_bad_node_among_several_adds_none() {
    refused_unchanged(&["node", "add", "u@10.9.0.1", "u@10.9.0.2", "u@10.4.0.11", "--rate", "1"], "already configured");
    refused_unchanged(&["node", "add", "u@10.9.0.1", "u@10.9.0.1", "--rate", "1"], "already configured");
}

#[test]
fn a_broken_file_is_not_edited() {
    let s = Sandbox::new();
    s.write("miner.toml", "[node_management\n");
    s.run(&["node", "add", "u@10.0.0.1", "--rate", "1"]).code(2).stderr_has("invalid TOML");
    assert_eq!(s.read("miner.toml"), "[node_management\n");
}

#[test]
fn no_temporary_files_are_left_behind() {
    let s = with_fixture("commented.toml");
    s.run(&["node", "add", "u@10.9.0.1", "--rate", "1"]).code(0);
    let names: Vec<String> = std::fs::read_dir(s.dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
}
