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
    // uuid.uuid5(uuid.NAMESPACE_URL, "ssh://ubuntu@10.0.0.5:22") in Python.
    let expected = "4b61854f-6fa5-5cac-bb3c-c1b1c05c7318";
    assert_eq!(v[0]["node_id"], expected);
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
    refused_unchanged(
        &["node", "add", "ubuntu@10.0.0.9:0", "--rate", "1"],
        "port `0` in `ubuntu@10.0.0.9:0` is not a usable port: give a port from 1 to 65535",
    );
    refused_unchanged(&["node", "add", "ubuntu@10.0.0.9:99999", "--rate", "1"], "port `99999` in");
    refused_unchanged(&["node", "add", "$(id)@10.0.0.9", "--rate", "1"], "invalid username");
    refused_unchanged(&["node", "add", "ubuntu@10.0.0.9", "--rate", "0"], "invalid hourly rate `0`");
    refused_unchanged(&["node", "add", "ubuntu@10.0.0.9", "--rate", "-2"], "invalid hourly rate");
    refused_unchanged(&["node", "add", "ubuntu@10.0.0.9", "--rate", "cheap"], "invalid hourly rate `cheap`");
    refused_unchanged(&["node", "add", "ubuntu@10.0.0.9"], "--rate");
    refused_unchanged(&["node", "add", "ubuntu@10.0.0.9", "--rate", "1", "--opts", "a\nb"], "invalid additional_opts");
}

#[test]
fn duplicates_are_refused_even_with_another_user() {
    refused_unchanged(
        &["node", "add", "root@10.4.0.11:22", "--rate", "1"],
        "is already configured as ubuntu@10.4.0.11:22",
    );
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
    let names: Vec<String> = std::fs::read_dir(s.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
}

#[test]
fn ten_concurrent_adds_keep_ten_nodes_and_a_valid_file() {
    let s = with_fixture("commented.toml");
    let before = s.run(&["node", "list", "--json"]).json().as_array().unwrap().len();
    let children: Vec<std::process::Child> = (0..10)
        .map(|i| {
            let mut cmd = s.command();
            cmd.args(["node", "add", &format!("ubuntu@10.9.0.{}", i + 1), "--rate", "2"]);
            cmd.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::piped()).spawn().unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let after = s.run(&["node", "list", "--json"]).json();
    let hosts: Vec<&str> = after
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["host"].as_str())
        .filter(|h| h.starts_with("10.9.0."))
        .collect();
    assert_eq!(hosts.len(), 10, "every concurrent add kept: {after}");
    assert_eq!(after.as_array().unwrap().len(), before + 10);
    let text = s.read("miner.toml");
    assert!(
        text.starts_with(
            &fixture("commented.toml")[..fixture("commented.toml").find("[[node_management.nodes]]").unwrap_or(20)]
        ),
        "comments kept"
    );
    s.run(&["config", "validate"]);
}

#[test]
fn an_editor_waiting_on_the_lock_names_the_holder() {
    let s = with_fixture("commented.toml");
    let before = s.read("miner.toml");
    // Another process holds the edit lock (flock on miner.toml.lock) for longer than we wait.
    let lock = s.path("miner.toml.lock");
    use std::os::unix::process::CommandExt as _;
    let mut holder = std::process::Command::new("flock")
        .arg(&lock)
        .arg("-c")
        .arg(format!("echo 4242 > '{}'; sleep 30", lock.display()))
        .process_group(0)
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while std::fs::read_to_string(&lock).unwrap_or_default().trim() != "4242" {
        assert!(std::time::Instant::now() < deadline, "flock did not take the lock");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let r = s.run_with(&["node", "add", "ubuntu@10.9.9.9", "--rate", "2"], &[("BASILICA_MINER_LOCK_WAIT", "1")]);
    // flock, its shell and the sleep holding the lock are one process group.
    let _ = std::process::Command::new("kill").args(["-KILL", "--", &format!("-{}", holder.id())]).status();
    let _ = holder.wait();
    r.code(1).stderr_has("another basilica-miner is editing").stderr_has("pid 4242");
    assert_eq!(s.read("miner.toml"), before, "nothing changed");
}

#[test]
fn declarations_are_checked_by_the_validators_rules_and_written() {
    let s = crate::support::Sandbox::new();
    s.init();
    let before = s.read("miner.toml");
    let r = s.run(&["node", "add", "ubuntu@10.0.0.7", "--rate", "2", "--extra-mount-path", "/data/../etc"]);
    r.code(2).stderr_has("extra_mount_path `/data/../etc` must not contain . or .. segments");
    let long = "RTX ".repeat(20);
    s.run(&["node", "add", "ubuntu@10.0.0.7", "--rate", "2", "--gpu-category", &long])
        .code(2)
        .stderr_has("is not a category")
        .stderr_has("at most 64 characters");
    s.run(&["node", "add", "ubuntu@10.0.0.7", "--rate", "2", "--gpu-category", " "])
        .code(2)
        .stderr_has("is not a category");
    assert_eq!(s.read("miner.toml"), before, "nothing written");
    // Any other NVIDIA card is declared under the name validators use for it.
    s.run(&[
        "node",
        "add",
        "ubuntu@10.0.0.8",
        "--rate",
        "0.6",
        "--gpu-category",
        "GeForce RTX 5090",
        "--gpu-count",
        "2",
    ])
    .code(0);
    assert!(s.read("miner.toml").contains("gpu_category = \"RTX_5090\"\ngpu_count = 2\n"), "{}", s.read("miner.toml"));
    s.run(&[
        "node",
        "add",
        "ubuntu@10.0.0.7",
        "--rate",
        "2",
        "--gpu-category",
        "nvidia h100",
        "--gpu-count",
        "8",
        "--extra-mount-path",
        "/ephemeral",
    ])
    .code(0);
    let text = s.read("miner.toml");
    assert!(text.contains("gpu_category = \"H100\"\ngpu_count = 8\nextra_mount_path = \"/ephemeral\"\n"), "{text}");
    s.run(&["config", "validate"]).code(0);
}

#[test]
fn a_cpu_only_host_is_declared_as_one_device_and_any_other_count_is_refused() {
    let s = crate::support::Sandbox::new();
    s.init();
    let before = s.read("miner.toml");
    let add = |count: &str| {
        s.run(&[
            "node",
            "add",
            "ubuntu@10.0.0.9",
            "--rate",
            "0.4",
            "--gpu-category",
            "cpu_standard",
            "--gpu-count",
            count,
        ])
    };
    add("8").code(2).stderr_has("gpu_count 8 for the CPU-only class CPU_STANDARD").stderr_has("must be 1");
    assert_eq!(s.read("miner.toml"), before, "nothing written");
    add("1").code(0);
    let text = s.read("miner.toml");
    assert!(text.contains("gpu_category = \"CPU_STANDARD\"\ngpu_count = 1\n"), "{text}");
    s.run(&["config", "validate"]).code(0);
    // A count edited by hand is named by its key, and so is a CPU class validators do not price.
    s.write("miner.toml", &text.replace("gpu_count = 1\n", "gpu_count = 4\n").replace("CPU_STANDARD", "CPU_HUGE"));
    s.run(&["config", "validate"])
        .code(2)
        .stderr_has("nodes[0].gpu_count: gpu_count 4 for the CPU-only class CPU_HUGE")
        .stderr_has("set gpu_count = 1")
        .stderr_has("nodes[0].gpu_category: `CPU_HUGE` is not one of the CPU classes validators price");
}
