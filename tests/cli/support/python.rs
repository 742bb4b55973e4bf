//! The independent Python peers: bittensor-wallet (wallets and signatures) and the validator
//! client (grpcio stubs compiled from proto/).

use std::path::Path;
use std::process::Command;

use super::{Daemon, Sandbox, VALIDATOR_URI};

/// Runs Python with bittensor-wallet; returns its stdout lines.
pub fn python(script: &str) -> Vec<String> {
    let out = Command::new("python3").arg("-c").arg(script).output().expect("python3");
    assert!(out.status.success(), "python failed:\n{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().lines().map(str::to_string).collect()
}

/// Makes wallet `miner` with hotkey `default` under `root` and returns (hotkey, coldkey) SS58.
/// With a password, the coldkey and the hotkey are both encrypted with it.
pub fn make_wallet(root: &Path, password: Option<&str>) -> (String, String) {
    wallet_encrypted(root, password, password)
}

/// A wallet as btcli makes one by default: the coldkey encrypted with `password`, the hotkey
/// not. Each key encrypted costs an Argon2 run over 512 MiB, here and at each decryption.
pub fn make_wallet_with_encrypted_coldkey(root: &Path, password: &str) -> (String, String) {
    wallet_encrypted(root, Some(password), None)
}

fn wallet_encrypted(root: &Path, coldkey: Option<&str>, hotkey: Option<&str>) -> (String, String) {
    let script = format!(
        r#"
from bittensor_wallet import Wallet, Keypair, Keyfile
import os
w = Wallet(name="miner", hotkey="default", path={root:?})
w.create_new_coldkey(use_password=False, overwrite=True, suppress=True)
w.create_new_hotkey(use_password=False, overwrite=True, suppress=True)
cold_pw, hot_pw = {cold}, {hot}
if cold_pw:
    cold = Keyfile(os.path.join({root:?}, "miner", "coldkey"))
    cold.set_keypair(w.coldkey, encrypt=True, overwrite=True, password=cold_pw)
if hot_pw:
    hot = Keyfile(os.path.join({root:?}, "miner", "hotkeys", "default"))
    hot.set_keypair(w.hotkey, encrypt=True, overwrite=True, password=hot_pw)
print("ADDR", w.hotkey.ss58_address)
print("ADDR", w.coldkeypub.ss58_address)
"#,
        root = root.display().to_string(),
        cold = coldkey.map_or("None".to_string(), |p| format!("{p:?}")),
        hot = hotkey.map_or("None".to_string(), |p| format!("{p:?}")),
    );
    // bittensor-wallet prints progress ("Encrypting...") on stdout too.
    let addrs: Vec<String> =
        python(&script).iter().filter_map(|l| l.strip_prefix("ADDR ").map(str::to_string)).collect();
    (addrs[0].clone(), addrs[1].clone())
}

pub(crate) fn validator(s: &Sandbox, d: &Daemon, miner_hotkey: &str, scenario: &str) -> serde_json::Value {
    validator_as(s, d, miner_hotkey, VALIDATOR_URI, scenario)
}

pub(crate) fn validator_as(
    s: &Sandbox,
    d: &Daemon,
    miner_hotkey: &str,
    uri: &str,
    scenario: &str,
) -> serde_json::Value {
    validator_at(s, d.grpc, miner_hotkey, uri, scenario, &|| d.log())
}

/// The Python validator client against whatever serves on `grpc` (`context`: its log, for a
/// failure message).
pub(crate) fn validator_at(
    s: &Sandbox,
    grpc: u16,
    miner_hotkey: &str,
    uri: &str,
    scenario: &str,
    context: &dyn Fn() -> String,
) -> serde_json::Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/validator/validator_client.py");
    let mut cmd = Command::new("python3");
    if s.path("tls/cert.pem").exists() {
        cmd.env("VALIDATOR_TLS_CA", s.path("tls/cert.pem"));
    }
    let out = cmd
        .arg(script)
        .arg(format!("127.0.0.1:{grpc}"))
        .arg(miner_hotkey)
        .arg(uri)
        .arg(s.path("validator_ed25519.pub"))
        .arg(scenario)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "validator client failed:\n{}\n--- serve log\n{}",
        String::from_utf8_lossy(&out.stderr),
        context()
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}
