//! `node test` and `node gpu` against real sshd nodes with fake GPU tools.

use basilica_miner::testbed::GpuProfile::*;

use crate::support::fleet_sandbox;

fn codes(node: &serde_json::Value) -> Vec<String> {
    node["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "fail")
        .map(|c| c["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn each_fixture_fails_with_its_code_and_exit_1() {
    let (s, bed) =
        fleet_sandbox(&[H100x8, A100NotAvailable, NoDriver, NoBinary, OldCuda, NoDocker, NoNvidiaRuntime, Rtx5090x2]);
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
        &[],
    ];
    for (i, want) in expected.iter().enumerate() {
        assert_eq!(codes(&nodes[i]), *want, "node {i} ({:?}): {}", bed.nodes[i].profile, nodes[i]);
        assert_eq!(nodes[i]["ok"], want.is_empty());
    }
    assert!(!r.stdout.contains("warning"));
    let rtx = nodes[7]["checks"].as_array().unwrap().iter().find(|c| c["name"] == "gpu_model").unwrap().clone();
    assert_eq!((rtx["status"].as_str(), rtx["detail"].as_str()), (Some("pass"), Some("2x RTX_5090")), "{rtx}");
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
    s.node_management(&[("health_check_timeout", 3)]);
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
    table
        .code(1)
        .stdout_has("NVIDIA A100-SXM4-80GB")
        .stdout_has("n/a / n/a")
        .stderr_has("unreadable value temperature.gpu: [N/A]");
}

/// `(name, status, code)` of each check of a node in `node test --full --json`.
fn validation_checks(node: &serde_json::Value) -> Vec<(String, String, String)> {
    node["full_validation"]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap().to_string(),
                c["status"].as_str().unwrap().to_string(),
                c["code"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn a_full_validation_runs_the_validators_checks_and_names_each_failure() {
    let (s, bed) = fleet_sandbox(&[H100x8, BrokenToolkit, H100x8]);
    // The third node declares 4 GPUs where nvidia-smi lists 8: misbehaviour to a validator.
    let third =
        format!("port = {}\nusername = \"{}\"\nhourly_rate_per_gpu = 2.5\n", bed.nodes[2].port, bed.nodes[2].username);
    let text = s.read("miner.toml").replace(&third, &format!("{third}gpu_category = \"H100\"\ngpu_count = 4\n"));
    s.write("miner.toml", &text);
    let r = s.run(&["node", "test", "--full", "--json"]);
    r.code(1);
    let v = r.json();
    let nodes = v["nodes"].as_array().unwrap();
    let first = validation_checks(&nodes[0]);
    for name in
        ["docker_access", "gpu_uuids", "sha256sum", "image_pull", "container_gpus", "published_port", "declaration"]
    {
        assert!(
            first.iter().any(|(n, st, _)| n == name && st == "pass"),
            "{name} should pass on a good node: {first:?}\n{}",
            nodes[0]
        );
    }
    assert_eq!(nodes[0]["ok"], true, "{}", nodes[0]);
    assert!(nodes[0]["full_validation"]["pull_secs"].as_f64().is_some());
    let pulled = std::fs::read_to_string(bed.nodes[0].home.join(".fake-docker/pulled")).unwrap();
    assert_eq!(pulled.trim(), "nvidia/cuda:12.8.0-runtime-ubuntu22.04", "the validators' image is pulled");
    // The port-check container was removed again.
    let left: Vec<_> = std::fs::read_dir(bed.nodes[0].home.join(".fake-docker"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .collect();
    assert!(left.is_empty(), "containers left behind: {left:?}");

    let broken = validation_checks(&nodes[1]);
    assert!(broken.contains(&("container_gpus".into(), "fail".into(), "container_gpu_failed".into())), "{broken:?}");
    assert_eq!(nodes[1]["ok"], false, "the fast checks pass, the full validation does not: {}", nodes[1]);
    let detail = nodes[1]["full_validation"]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "container_gpus")
        .unwrap()["detail"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(detail.contains("could not select device driver"), "{detail}");

    let declared = validation_checks(&nodes[2]);
    assert!(declared.contains(&("declaration".into(), "fail".into(), "declaration_mismatch".into())), "{declared:?}");

    // The table says where the port was fetched from, and what that does not prove.
    let table = s.run(&["node", "test", "--full", &format!("127.0.0.1:{}", bed.nodes[0].port)]);
    table
        .code(0)
        .stdout_has("published_port")
        .stdout_has("image_pull")
        .stderr_has("fetched from this miner's address")
        .stdout_has("firewall")
        .stdout_has("fresh_logins");
    let pulls = || std::fs::read_to_string(bed.nodes[0].home.join(".fake-docker/pulled")).unwrap().lines().count();
    assert_eq!(pulls(), 1, "the image was on the node: not pulled again");
}

#[test]
fn a_busy_docker_daemon_slower_than_the_health_timeout_passes_the_full_validation() {
    // The node timeout is 3 s; this Docker answers `docker version` after 5 s, as a busy
    // daemon does. A validator gives a command 300 s, so the node passes there too.
    let (s, bed) = fleet_sandbox(&[H100x8]);
    s.node_management(&[("health_check_timeout", 3)]);
    let state = bed.nodes[0].home.join(".fake-docker");
    std::fs::create_dir_all(&state).unwrap();
    std::fs::write(state.join("version-secs"), "5").unwrap();
    let r = s.run(&["node", "test", "--full", "--json"]);
    let v = r.code(0).json();
    let node = &v["nodes"][0];
    assert_eq!(node["ok"], true, "{node}");
    let checks = validation_checks(node);
    assert!(checks.iter().any(|(n, st, _)| n == "docker_access" && st == "pass"), "{checks:?}");
}

#[test]
fn the_image_is_pulled_only_where_missing_and_a_refused_refresh_is_named_but_not_fatal() {
    let (s, bed) = fleet_sandbox(&[H100x8, H100x8]);
    let pulls = |i: usize| {
        std::fs::read_to_string(bed.nodes[i].home.join(".fake-docker/pulled")).unwrap_or_default().lines().count()
    };
    let image_check = |v: &serde_json::Value, i: usize| {
        v["nodes"][i]["full_validation"]["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "image_pull")
            .unwrap()
            .clone()
    };
    s.run(&["node", "test", "--full", "--json"]).code(0);
    assert_eq!((pulls(0), pulls(1)), (1, 1));
    let again = s.run(&["node", "test", "--full", "--json"]).code(0).json();
    assert_eq!((pulls(0), pulls(1)), (1, 1), "present: not pulled");
    assert!(image_check(&again, 0)["detail"].as_str().unwrap().contains("is on the node; not pulled"), "{again}");
    // A refresh the registry refuses: named with its fix, the node's copy keeps it passing.
    std::fs::write(
        bed.nodes[1].home.join(".fake-docker/pull-error"),
        "Error response from daemon: toomanyrequests: You have reached your pull rate limit.\n",
    )
    .unwrap();
    let refreshed = s.run(&["node", "test", "--full", "--pull", "--json"]).code(0).json();
    assert_eq!((pulls(0), pulls(1)), (2, 1), "--pull pulls where present; the refused one recorded nothing");
    let refused = image_check(&refreshed, 1);
    assert_eq!(
        (refused["status"].as_str(), refused["code"].as_str()),
        (Some("warn"), Some("image_pull_rate_limited")),
        "{refused}"
    );
    assert!(refused["fix"].as_str().unwrap().contains("docker login"), "{refused}");
    assert_eq!(refreshed["nodes"][1]["ok"], true, "{refreshed}");
    // Without the image, the refusal fails the validation.
    std::fs::remove_file(bed.nodes[1].home.join(".fake-docker/images")).unwrap();
    let missing = s.run(&["node", "test", "--full", "--json"]).code(1).json();
    assert_eq!(image_check(&missing, 1)["status"], "fail", "{missing}");
    s.run(&["node", "test", "--pull"]).code(2).stderr_has("--full");
}

#[test]
fn a_cpu_only_host_is_checked_as_validators_probe_it_and_a_wrong_declaration_is_named() {
    let (s, bed) = fleet_sandbox(&[H100x8, CpuOnly, CpuOnly]);
    let declare = |text: String, port: u16, class: &str| {
        let at = format!("port = {port}\n");
        assert!(text.contains(&at), "{text}");
        text.replace(&at, &format!("{at}gpu_category = \"{class}\"\ngpu_count = 1\n"))
    };
    let text = declare(s.read("miner.toml"), bed.nodes[0].port, "CPU_STANDARD");
    s.write("miner.toml", &declare(text, bed.nodes[2].port, "CPU_BASIC"));
    let r = s.run(&["node", "test", "--json"]);
    r.code(1);
    let nodes = r.json()["nodes"].as_array().unwrap().clone();
    // GPUs on a host declared CPU-only: validators would count 8 devices of another category.
    assert_eq!(codes(&nodes[0]), vec!["declaration_mismatch"]);
    let cpu = nodes[0]["checks"].as_array().unwrap().iter().find(|c| c["name"] == "cpu").unwrap().clone();
    assert!(cpu["detail"].as_str().unwrap().contains("declare gpu_category = \"H100\" and gpu_count = 8"), "{cpu}");
    // No nvidia-smi and nothing declared: the fix says how to offer the host CPU-only.
    assert_eq!(codes(&nodes[1]), vec!["no_nvidia_smi", "nvidia_runtime_missing"]);
    let smi = nodes[1]["checks"].as_array().unwrap().iter().find(|c| c["name"] == "nvidia_smi").unwrap().clone();
    assert!(smi["fix"].as_str().unwrap().contains("gpu_category = \"CPU_STANDARD\""), "{smi}");
    // Declared CPU-only: the CPU probe in place of nvidia-smi, and Docker without its NVIDIA runtime.
    assert_eq!(codes(&nodes[2]), Vec::<String>::new(), "{}", nodes[2]);
    assert!(nodes[2]["cpu"]["ram_mb"].as_u64().unwrap() >= 1024, "{}", nodes[2]);
    let g = s.run(&["--json", "node", "gpu"]);
    let listed = g.json()["nodes"].as_array().unwrap().clone();
    assert!(listed[2]["cpu"]["vcpus"].as_u64().unwrap() >= 1, "{}", listed[2]);
    assert_eq!(listed[1]["error"]["code"], "no_nvidia_smi", "{}", listed[1]);
}

#[test]
fn a_real_tcsh_login_shell_is_the_one_failure_named_and_bash_passes() {
    let (s, mut bed) = fleet_sandbox(&[H100x8]);
    let tcsh = std::path::Path::new("/usr/bin/tcsh");
    assert!(tcsh.exists(), "scripts/install-deps installs tcsh");
    bed.nodes[0].set_real_login_shell(tcsh).unwrap();
    let r = s.run(&["--json", "node", "test"]);
    r.code(1);
    let node = &r.json()["nodes"][0];
    assert_eq!(codes(node), ["login_shell"], "the login shell and nothing it could have garbled\n{node:#}");
    let checks = node["checks"].as_array().unwrap();
    assert_eq!(checks[1]["name"], "login_shell", "read first, after the login itself\n{node:#}");
    let detail = checks[1]["detail"].as_str().unwrap();
    assert!(
        detail.contains("/usr/bin/tcsh") && detail.contains(&format!("chsh -s /bin/bash {}", bed.nodes[0].username)),
        "{detail}"
    );
    for name in ["nvidia_smi", "docker"] {
        let c = checks.iter().find(|c| c["name"] == name).unwrap();
        assert_eq!(c["status"], "pass", "{name} ran under sh despite tcsh\n{c}");
    }
    // This machine's disk may be under the validators' 1 TB (a warning), but it was read.
    let disk = checks.iter().find(|c| c["name"] == "disk").unwrap();
    assert!(disk["detail"].as_str().unwrap().contains("free on /"), "{disk}");
    // The table says it too, with the fix.
    s.run(&["node", "test"]).code(1).stdout_has("login_shell").stdout_has("chsh -s /bin/bash");

    bed.nodes[0].set_real_login_shell(std::path::Path::new("/bin/bash")).unwrap();
    let r = s.run(&["--json", "node", "test"]);
    r.code(0);
    assert!(codes(&r.json()["nodes"][0]).is_empty());
}
