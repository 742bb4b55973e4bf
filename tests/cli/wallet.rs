//! `wallet check` and signatures against wallets made by the real `bittensor-wallet` package.

use basilica_miner::core::identity::signing;
use basilica_miner::core::identity::wallet::Keypair;

use crate::support::{make_wallet, python, Sandbox};

pub fn sandbox(password: Option<&str>) -> (Sandbox, String, String) {
    let s = Sandbox::new();
    let (hot, cold) = make_wallet(&s.path("wallets"), password);
    s.write(
        "miner.toml",
        &format!(
            "[bittensor]\nwallet_name = \"miner\"\nhotkey_name = \"default\"\nwallet_path = \"{}\"\n",
            s.path("wallets").display()
        ),
    );
    (s, hot, cold)
}

#[test]
fn check_agrees_with_bittensor_wallet() {
    let (s, hot, cold) = sandbox(None);
    let r = s.run(&["wallet", "check", "--offline", "--json"]);
    r.code(0);
    let v = r.json();
    assert_eq!(v["hotkey_ss58"], hot.as_str());
    assert_eq!(v["coldkey_ss58"], cold.as_str());
    assert_eq!(v["hotkey_file"]["encrypted"], false);
    assert_eq!(v["hotkey_file"]["mode"], "0600");
    s.run(&["wallet", "check", "--offline"]).code(0).stdout_has(&hot).stdout_has("not encrypted, mode 0600");
}

#[test]
fn encrypted_keys_need_the_right_password() {
    let (s, hot, _) = sandbox(Some("correct horse battery"));
    s.run(&["wallet", "check", "--offline"])
        .code(4)
        .stderr_has("password-protected")
        .stderr_has("BASILICA_MINER_WALLET_PASSWORD");
    s.run_with(&["wallet", "check", "--offline"], &[("BASILICA_MINER_WALLET_PASSWORD", "wrong")])
        .code(4)
        .stderr_has("wrong password");
    let r = s.run_with(
        &["wallet", "check", "--offline", "--json"],
        &[("BASILICA_MINER_WALLET_PASSWORD", "correct horse battery")],
    );
    r.code(0);
    let v = r.json();
    assert_eq!(v["hotkey_ss58"], hot.as_str());
    assert_eq!(v["coldkey_file"]["encrypted"], true);
}

#[test]
fn bad_wallets_exit_4_with_the_cause() {
    let (s, _, _) = sandbox(None);
    s.run_with(&["wallet", "check", "--offline"], &[("BASILICA_MINER_BITTENSOR__HOTKEY_NAME", "nope")])
        .code(4)
        .stderr_has("hotkey file")
        .stderr_has("does not exist");
    s.run_with(&["wallet", "check", "--offline"], &[("BASILICA_MINER_BITTENSOR__WALLET_NAME", "other")])
        .code(4)
        .stderr_has("does not exist");
    let hotkey = s.path("wallets/miner/hotkeys/default");
    let text = std::fs::read_to_string(&hotkey).unwrap();
    std::fs::write(&hotkey, &text[..text.len() / 2]).unwrap();
    s.run(&["wallet", "check", "--offline"]).code(4).stderr_has("Failed to load hotkey").stderr_has("corrupt JSON");
    let bob = Keypair::from_uri("//Bob").unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json["publicKey"] = format!("0x{}", hex_of(&bob.public())).into();
    std::fs::write(&hotkey, json.to_string()).unwrap();
    s.run(&["wallet", "check", "--offline"]).code(4).stderr_has(&format!("the file says {}", bob.ss58));
    std::fs::write(&hotkey, "bottom drive obey lake curtain smoke basket hold race lonely fit fit").unwrap();
    s.run(&["wallet", "check", "--offline"]).code(4).stderr_has("not a valid mnemonic");
}

fn hex_of(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[test]
fn signatures_cross_verify_with_bittensor_wallet() {
    let payload = signing::auth_payload(
        "2f1c7a3e-0b7d-4c55-9a59-0d2f1c7a3e0b",
        "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",
        1_795_000_000,
    );
    // Python signs, we verify.
    let lines = python(&format!(
        "from bittensor_wallet import Keypair\nk = Keypair.create_from_uri('//Charlie')\nprint(k.ss58_address)\nprint(k.sign({payload:?}.encode()).hex())"
    ));
    signing::verify_hex(&lines[0], &payload, &lines[1]).unwrap();
    assert!(signing::verify_hex(&lines[0], &format!("{payload}!"), &lines[1]).is_err());
    // We sign, Python verifies.
    let charlie = Keypair::from_uri("//Charlie").unwrap();
    assert_eq!(charlie.ss58, lines[0]);
    let sig = signing::sign_hex(&charlie, &payload);
    let ok = python(&format!(
        "from bittensor_wallet import Keypair\nk = Keypair(ss58_address={:?})\nprint(k.verify({payload:?}.encode(), bytes.fromhex({sig:?})))",
        charlie.ss58
    ));
    assert_eq!(ok, vec!["True"]);
}
