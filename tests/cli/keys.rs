//! `keys list|revoke|rotate` against real sshd nodes.

use basilica_miner::core::nodes::authorized_keys::{self, PublicKey};
use basilica_miner::testbed::GpuProfile::*;
use basilica_miner::testbed::Testbed;

use crate::fleet::validator_key;
use crate::support::fleet_sandbox;

const ALICE: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
const BOB: &str = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";

/// Puts validator lines straight into each node's file (as a deployment would).
fn plant(bed: &Testbed, lines: &[String]) {
    for n in &bed.nodes {
        let mut text = n.read_authorized_keys();
        for l in lines {
            text.push_str(l);
            text.push('\n');
        }
        std::fs::write(n.authorized_keys(), text).unwrap();
    }
}

#[test]
fn list_shows_validators_and_a_missing_miner_key() {
    let (s, bed) = fleet_sandbox(&[H100x8, H100x8]);
    let (a, b) = (validator_key(), validator_key());
    plant(&bed, &[a.validator_line(ALICE), b.validator_line(BOB)]);
    let r = s.run(&["keys", "list", "--json"]);
    r.code(0);
    let v = r.json();
    let first = &v["nodes"][0];
    assert_eq!(first["miner_key_present"], true);
    assert_eq!(first["validators"][0]["hotkey"], ALICE);
    assert_eq!(first["validators"][1]["fingerprint"], b.fingerprint().as_str());
    // A node that only accepts the miner through a pinned file: its authorized_keys lacks the key.
    let text = bed.nodes[1].read_authorized_keys();
    let miner = PublicKey::parse(&std::fs::read_to_string(bed.miner_key.with_extension("pub")).unwrap()).unwrap();
    let mut bed = bed;
    bed.nodes[1].pin_authorized_keys().unwrap();
    std::fs::write(bed.nodes[1].authorized_keys(), authorized_keys::remove_key(&text, &miner).unwrap()).unwrap();
    let r = s.run(&["keys", "list"]);
    r.code(1).stdout_has(ALICE).stderr_has("the miner's own key is missing");
}

#[test]
fn revoke_one_then_all_keeps_operator_lines() {
    let (s, bed) = fleet_sandbox(&[H100x8, H100x8, H100x8]);
    let (a, b) = (validator_key(), validator_key());
    plant(&bed, &[a.validator_line(ALICE), b.validator_line(BOB)]);
    let before: Vec<String> = bed.nodes.iter().map(basilica_miner::testbed::TestNode::read_authorized_keys).collect();
    s.run(&["keys", "revoke", ALICE]).code(2).stderr_has("--yes");
    assert_eq!(bed.nodes[0].read_authorized_keys(), before[0], "nothing changes without --yes");
    let r = s.run(&["keys", "revoke", ALICE, "--yes", "--json"]);
    r.code(0);
    assert_eq!(r.json()["nodes"][0]["removed"][0]["hotkey"], ALICE);
    for (i, n) in bed.nodes.iter().enumerate() {
        assert_eq!(n.read_authorized_keys(), before[i].replace(&format!("{}\n", a.validator_line(ALICE)), ""));
    }
    s.run(&["keys", "revoke", "--all", "--yes"]).code(0);
    for n in &bed.nodes {
        let text = n.read_authorized_keys();
        assert!(authorized_keys::validator_keys(&text).is_empty());
        assert!(text.starts_with("# operator key\nssh-ed25519 "), "{text}");
    }
    s.run(&["keys", "revoke", "not-a-hotkey", "--yes"]).code(2).stderr_has("not a valid SS58");
}

#[test]
fn two_revokes_at_once_leave_a_well_formed_file() {
    let (s, bed) = fleet_sandbox(&[H100x8, H100x8]);
    let keys: Vec<(PublicKey, &str)> = vec![(validator_key(), ALICE), (validator_key(), BOB)];
    plant(&bed, &keys.iter().map(|(k, h)| k.validator_line(h)).collect::<Vec<_>>());
    let spawn = |hotkey: &str| {
        s.command().args(["keys", "revoke", hotkey, "--yes"]).stdout(std::process::Stdio::null()).spawn().unwrap()
    };
    let (mut one, mut two) = (spawn(ALICE), spawn(BOB));
    assert!(one.wait().unwrap().success());
    assert!(two.wait().unwrap().success());
    for n in &bed.nodes {
        let text = n.read_authorized_keys();
        assert!(authorized_keys::validator_keys(&text).is_empty(), "{text}");
        assert!(text.starts_with("# operator key\nssh-ed25519 ") && text.lines().count() == 2, "{text}");
    }
}

#[test]
fn rotate_switches_keys_everywhere_and_keeps_a_backup() {
    let (s, bed) = fleet_sandbox(&[H100x8, H100x8, H100x8]);
    let old_key = bed.miner_key.clone();
    let old_pub = PublicKey::parse(&std::fs::read_to_string(old_key.with_extension("pub")).unwrap()).unwrap();
    let r = s.run(&["keys", "rotate", "--yes", "--json"]);
    r.code(0);
    let v = r.json();
    let new_path = std::path::PathBuf::from(v["new_key_path"].as_str().unwrap());
    let new_pub = PublicKey::parse(&std::fs::read_to_string(new_path.with_extension("pub")).unwrap_or_else(|_| {
        let mut p = new_path.as_os_str().to_owned();
        p.push(".pub");
        std::fs::read_to_string(p).unwrap()
    }))
    .unwrap();
    for n in &bed.nodes {
        let text = n.read_authorized_keys();
        assert!(authorized_keys::contains_key(&text, &new_pub));
        assert!(!authorized_keys::contains_key(&text, &old_pub));
        assert!(text.starts_with("# operator key\n"));
    }
    assert!(s.read("miner.toml").contains(&new_path.display().to_string()));
    assert!(!old_key.exists());
    assert!(std::path::Path::new(v["old_key_backup"].as_str().unwrap()).exists());
    s.run(&["node", "test"]).code(0);
}

#[test]
fn rotate_rolls_back_when_a_node_fails_half_way() {
    let (s, mut bed) = fleet_sandbox(&[H100x8, H100x8, H100x8]);
    // Node 1 takes the new key into authorized_keys but sshd never honours it: the login
    // proof fails after the key was added everywhere.
    bed.nodes[1].pin_authorized_keys().unwrap();
    let config_before = s.read("miner.toml");
    let keys_before: Vec<String> =
        bed.nodes.iter().map(basilica_miner::testbed::TestNode::read_authorized_keys).collect();
    let r = s.run(&["keys", "rotate", "--yes"]);
    r.code(1).stderr_has("every node was restored").stderr_has(&format!("127.0.0.1:{}", bed.nodes[1].port));
    assert_eq!(s.read("miner.toml"), config_before);
    for (i, n) in bed.nodes.iter().enumerate() {
        assert_eq!(n.read_authorized_keys(), keys_before[i], "node {i} restored byte for byte");
    }
    assert!(bed.miner_key.exists());
    let leftovers: Vec<_> = std::fs::read_dir(bed.miner_key.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("miner_ed25519-"))
        .collect();
    assert!(leftovers.is_empty(), "new key files removed: {leftovers:?}");
    // A dead node stops the rotation before anything is switched, too.
    bed.nodes[2].kill();
    s.run(&["keys", "rotate", "--yes"]).code(1).stderr_has("ssh_connection_refused");
    assert_eq!(s.read("miner.toml"), config_before);
    s.run(&["node", "test", &format!("127.0.0.1:{}", bed.nodes[0].port)]).code(0);
}

/// The miner's key lines of an authorized_keys (the test bed's first key, and the ones
/// `keys rotate` made).
pub(crate) fn miner_lines(text: &str) -> Vec<&str> {
    text.lines().filter(|l| l.ends_with(" basilica-miner") || l.ends_with(" testbed")).collect()
}

/// The public key `miner.toml` names now.
pub(crate) fn configured_key(s: &crate::support::Sandbox) -> PublicKey {
    let text = s.read("miner.toml");
    let path =
        text.lines().find_map(|l| l.strip_prefix("miner_node_key_path = ")).unwrap().trim_matches('"').to_string();
    PublicKey::parse(&std::fs::read_to_string(format!("{path}.pub")).unwrap()).unwrap()
}

#[test]
fn rotations_killed_at_random_moments_leave_no_stray_key_after_the_next_one() {
    use std::os::unix::process::CommandExt as _;
    let (s, bed) = fleet_sandbox(&[H100x8, H100x8, H100x8, H100x8]);
    // Lines that are not the miner's: the operator's own key and another miner sharing a node.
    let (operator, other_miner) = (validator_key(), validator_key());
    let foreign = format!("{} operator@laptop\n{} other-miner\n", operator.bare_line(), other_miner.bare_line());
    for n in &bed.nodes {
        let text = n.read_authorized_keys() + &foreign;
        std::fs::write(n.authorized_keys(), text).unwrap();
    }
    let seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64;
    let mut rng = seed | 1;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let mut outcomes = Vec::new();
    for _ in 0..15 {
        let delay = std::time::Duration::from_millis(next() % 1500);
        let mut child = s
            .command()
            .args(["keys", "rotate", "--yes"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .process_group(0)
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let finished = child.try_wait().unwrap().is_some();
        if !finished {
            // The rotation and the SSH masters it started: one process group.
            let _ = std::process::Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", child.id())])
                .stderr(std::process::Stdio::null())
                .status();
            let _ = child.wait();
        }
        outcomes.push((delay.as_millis(), finished));
    }
    let r = s.run(&["keys", "list", "--json"]);
    let stale_seen =
        r.json()["nodes"].as_array().unwrap().iter().any(|n| !n["stale_miner_keys"].as_array().unwrap().is_empty());
    eprintln!("seed {seed}; (delay ms, finished before the kill): {outcomes:?}; stale keys listed before the cleanup: {stale_seen}");
    // One ordinary rotation cleans up whatever the killed ones left.
    let r = s.run(&["keys", "rotate", "--yes", "--json"]);
    r.code(0);
    let current = configured_key(&s);
    assert_eq!(r.json()["new_fingerprint"], current.fingerprint().as_str());
    for (i, n) in bed.nodes.iter().enumerate() {
        let text = n.read_authorized_keys();
        let miner_lines = miner_lines(&text);
        assert_eq!(
            miner_lines.len(),
            1,
            "node {i}: exactly one miner key (seed {seed}, kills {outcomes:?}, stale seen {stale_seen}):\n{text}"
        );
        assert!(authorized_keys::contains_key(&text, &current), "node {i}: the key miner.toml names:\n{text}");
        assert!(
            text.starts_with("# operator key\n") && text.contains(&foreign),
            "node {i}: foreign lines intact:\n{text}"
        );
    }
    s.run(&["node", "test"]).code(0);
    let r = s.run(&["keys", "list", "--json"]);
    r.code(0);
    assert!(r.json()["nodes"].as_array().unwrap().iter().all(|n| n["stale_miner_keys"].as_array().unwrap().is_empty()));
    // Private keys: the current one, and at most the original (not made by basilica-miner) kept aside.
    let dir = bed.miner_key.parent().unwrap();
    let generated: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("miner_ed25519-") && !n.ends_with(".pub") && !n.contains(".retired-"))
        .collect();
    assert_eq!(generated.len(), 1, "only the current generated private key is left: {generated:?}");
}
