//! `node test` and `node gpu` against real sshd nodes with fake GPU tools.

use basilica_miner::testbed::GpuProfile::*;

use crate::support::fleet_sandbox;

fn codes(node: &serde_json::Value) -> Vec<String> {
    node["checks"].as_array().unwrap().iter().filter(|c| c["status"] == "fail").map(|c| c["code"].as_str().unwrap().to_string()).collect()
}

#[test]
fn each_fixture_fails_with_its_code_and_exit_1() {
    let (s, bed) = fleet_sandbox(&[H100x8, A100NotAvailable, NoDriver, NoBinary, OldCuda, NoDocker, NoNvidiaRuntime, Unsupported]);
    let r = s.run(&["node", "test", "--json"]);
    r.code(1);
    let v = r.json();
    assert_eq!(v["ok"], false);
    let nodes = v["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), bed.nodes.len());
    let expected: [&[&str]; 8] = [
        &[],
        &[],
        &["nvidia_driver_unreachable"],
        &["no_nvidia_smi"],
        &["cuda_too_old"],
        &["docker_missing"],
        &["nvidia_runtime_missing"],
        &["gpu_unsupported"],
    ];
    for (i, want) in expected.iter().enumerate() {
        assert_eq!(codes(&nodes[i]), *want, "node {i} ({:?}): {}", bed.nodes[i].profile, nodes[i]);
        assert_eq!(nodes[i]["ok"], want.is_empty());
    }
    assert!(!r.stdout.contains("warning"));
}

#[test]
fn healthy_nodes_pass_with_exit_0_and_a_table() {
    let (s, bed) = fleet_sandbox(&[H100x8, B200x8]);
    let r = s.run(&["node", "test"]);
    r.code(0).stdout_has("nvidia_runtime").stdout_has("8x B200").stderr_has("2 of 2 node(s) passed");
    let one = s.run(&["node", "test", &format!("127.0.0.1:{}", bed.nodes[1].port), "--json"]);
    one.code(0);
    assert_eq!(one.json()["nodes"].as_array().unwrap().len(), 1);
}

#[test]
fn a_stopped_and_a_dead_node_fail_within_the_timeout() {
    let (s, mut bed) = fleet_sandbox(&[H100x8, H100x8, H100x8]);
    bed.nodes[1].pause();
    bed.nodes[2].kill();
    let started = std::time::Instant::now();
    let r = s.run(&["node", "test", "--json"]);
    bed.nodes[1].resume();
    r.code(1);
    let nodes = r.json()["nodes"].as_array().unwrap().clone();
    assert_eq!(codes(&nodes[0]), Vec::<String>::new());
    assert_eq!(codes(&nodes[1]), vec!["ssh_timeout"]);
    assert_eq!(codes(&nodes[2]), vec!["ssh_connection_refused"]);
    assert!(started.elapsed() < std::time::Duration::from_secs(20), "{:?}", started.elapsed());
}

#[test]
fn a_changed_host_key_names_the_fix_and_trust_accepts_it() {
    let (s, mut bed) = fleet_sandbox(&[H100x8]);
    s.run(&["node", "test"]).code(0);
    bed.nodes[0].regenerate_host_key().unwrap();
    let r = s.run(&["node", "test", "--json"]);
    r.code(1);
    let node = &r.json()["nodes"][0];
    assert_eq!(codes(node), vec!["host_key_changed"]);
    assert!(node["checks"][0]["fix"].as_str().unwrap().contains("node trust"));
    let spec = format!("127.0.0.1:{}", bed.nodes[0].port);
    s.run(&["node", "trust", &spec]).code(2).stderr_has("--yes");
    s.run(&["node", "trust", &spec, "--yes"]).code(0).stderr_has("is trusted with SHA256:");
    s.run(&["node", "test"]).code(0);
}

#[test]
fn gpu_inventory_tolerates_na_and_broken_drivers() {
    let (s, _bed) = fleet_sandbox(&[H100x8, A100NotAvailable, NoDriver]);
    let r = s.run(&["node", "gpu", "--json"]);
    r.code(1);
    let v = r.json();
    assert_eq!(v["gpu_count"], 12);
    let nodes = v["nodes"].as_array().unwrap();
    assert_eq!(nodes[0]["gpu_count"], 8);
    assert_eq!(nodes[0]["memory_total_mib"], 8 * 81559);
    assert_eq!(nodes[0]["gpus"][0]["model"], "H100");
    assert_eq!(nodes[1]["gpus"][0]["temperature_c"], serde_json::Value::Null);
    assert_eq!(nodes[1]["gpus"][0]["problems"].as_array().unwrap().len(), 2);
    assert_eq!(nodes[2]["error"]["code"], "nvidia_driver_unreachable");
    let table = s.run(&["node", "gpu"]);
    table.code(1).stdout_has("NVIDIA A100-SXM4-80GB").stdout_has("n/a / n/a").stderr_has("unreadable value temperature.gpu: [N/A]");
}
