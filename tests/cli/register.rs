//! `register` and `wallet check --online` against the chain double, with wallets made by
//! bittensor-wallet.

use std::time::{Duration, Instant};

use basilica_miner::core::identity::ss58;

use crate::support::Sandbox;
use crate::support::{make_wallet, make_wallet_with_encrypted_coldkey};
use basilica_miner::testbed::chain_double::ChainDouble;

fn public(ss58_addr: &str) -> [u8; 32] {
    *ss58::parse(ss58_addr).unwrap().as_ref()
}

/// A sandbox with a wallet (coldkey encrypted with `password` when given) and a miner.toml
/// pointing at `double`.
fn setup(double: &ChainDouble, password: Option<&str>) -> (Sandbox, String, String) {
    let s = Sandbox::new();
    let (hot, cold) = match password {
        Some(pw) => make_wallet_with_encrypted_coldkey(&s.path("wallets"), pw),
        None => make_wallet(&s.path("wallets"), None),
    };
    s.write(
        "miner.toml",
        &format!(
            "[bittensor]\nwallet_name = \"miner\"\nhotkey_name = \"default\"\nwallet_path = \"{}\"\nnetwork = \"local\"\nnetuid = 39\n\
             chain_endpoint = \"{}\"\nexternal_ip = \"198.51.100.7\"\naxon_port = 50051\n",
            s.path("wallets").display(),
            double.url
        ),
    );
    (s, hot, cold)
}

#[test]
fn registers_then_serves_the_axon() {
    let double = ChainDouble::start();
    let (s, hot, cold) = setup(&double, None);
    double.set_burn(39, 1_000_000_000);
    double.set_balance(public(&cold), 3_000_000_000);
    s.run(&["register"]).code(2).stderr_has("pass --yes");
    assert!(double.submitted().is_empty(), "nothing is signed without confirmation");
    let r = s.run(&["register", "--yes", "--json"]);
    r.code(0);
    let v = r.json();
    assert_eq!(v["plan"]["needs_register"], true);
    assert_eq!(v["plan"]["burn_rao"], 1_000_000_000u64);
    assert_eq!(v["outcome"]["uid"], 7);
    assert_eq!(v["outcome"]["axon_served"], true);
    let subs = double.submitted();
    assert_eq!(subs.len(), 2, "{subs:?}");
    assert_eq!((subs[0].call.as_str(), subs[0].arg_u128("netuid")), ("burned_register", 39));
    assert_eq!(subs[0].arg_bytes("hotkey"), public(&hot).to_vec());
    assert_eq!(subs[0].signer, public(&cold), "signed by the coldkey");
    assert_eq!(subs[1].call, "serve_axon");
    assert_eq!(subs[1].signer, public(&hot), "signed by the hotkey");
    assert_eq!(subs[1].arg_u128("ip"), u128::from(u32::from(std::net::Ipv4Addr::new(198, 51, 100, 7))));
    assert_eq!((subs[1].arg_u128("port"), subs[1].arg_u128("ip_type")), (50051, 4));
    // Running again changes nothing: registered and the axon matches.
    s.run(&["register", "--yes"]).code(0).stderr_has("nothing to do");
    assert_eq!(double.submitted().len(), 2);
    let check = s.run(&["wallet", "check", "--online", "--json"]);
    check.code(0);
    let c = check.json();
    assert_eq!(c["chain"]["uid"], 7);
    assert_eq!(c["chain"]["axon_matches"], true);
    // probe --chain: serve the axon on a loopback address first (probes only ever target
    // loopback here), then the on-chain check passes for that endpoint and fails for another.
    // Nothing listens there, so the probe as a whole fails; only its on-chain check matters.
    let loopback = [("BASILICA_MINER_BITTENSOR__EXTERNAL_IP", "127.0.0.1")];
    s.run_with(&["register", "--yes"], &loopback).code(0).stderr_has("axon served at 127.0.0.1:50051");
    let p = s.run_with(&["probe", "--chain", "--json", "--timeout", "1"], &loopback);
    p.code(1);
    let v = p.json();
    assert_eq!(v["endpoint"], "127.0.0.1:50051");
    let on_chain = v["checks"].as_array().unwrap().iter().find(|c| c["name"] == "on_chain").unwrap();
    assert_eq!(on_chain["ok"], true, "{v}");
    let elsewhere = s.run_with(&["probe", "127.0.0.1:1", "--chain", "--json", "--timeout", "1"], &loopback);
    let v = elsewhere.json();
    let on_chain = v["checks"].as_array().unwrap().iter().find(|c| c["name"] == "on_chain").unwrap();
    assert_eq!(on_chain["ok"], false, "the chain points validators elsewhere: {v}");
}

#[test]
fn already_registered_only_fixes_the_axon() {
    let double = ChainDouble::start();
    let (s, hot, _) = setup(&double, None);
    double.set_uid(39, public(&hot), 42);
    double.set_axon(39, public(&hot), "203.0.113.99".parse().unwrap(), 50051);
    let check = s.run(&["wallet", "check", "--online"]);
    check.code(0).stderr_has("differs from external_ip:axon_port");
    let r = s.run(&["register", "--yes", "--json"]);
    r.code(0);
    assert_eq!(r.json()["outcome"]["registered_now"], false);
    let subs = double.submitted();
    assert_eq!(subs.len(), 1);
    assert_eq!(subs[0].call, "serve_axon");
}

#[test]
fn dry_run_signs_nothing() {
    let double = ChainDouble::start();
    let (s, _, cold) = setup(&double, None);
    double.set_burn(39, 500);
    double.set_balance(public(&cold), 1000);
    let r = s.run(&["register", "--dry-run", "--json"]);
    r.code(0);
    let v = r.json();
    assert_eq!(v["would_submit"].as_array().unwrap().len(), 2);
    assert!(v["would_submit"][0].as_str().unwrap().starts_with("burned_register(39, "));
    assert!(double.submitted().is_empty());
}

#[test]
fn pallet_errors_and_low_balance_are_named() {
    let double = ChainDouble::start();
    let (s, _, cold) = setup(&double, None);
    double.set_burn(39, 2_000_000_000);
    double.set_balance(public(&cold), 1_000_000_000);
    s.run(&["register", "--yes"]).code(1).stderr_has("holds 1.000000000 TAO but registration burns 2.000000000 TAO");
    assert!(double.submitted().is_empty());
    double.set_balance(public(&cold), 9_000_000_000);
    double.fail_next_with("NotEnoughBalanceToStake");
    s.run(&["register", "--yes"]).code(1).stderr_has("SubtensorModule::NotEnoughBalanceToStake");
    double.fail_next_with("HotKeyAlreadyRegisteredInSubNet");
    s.run(&["register", "--yes"]).code(1).stderr_has("HotKeyAlreadyRegisteredInSubNet");
}

#[test]
fn an_encrypted_coldkey_is_decrypted_only_to_register() {
    let double = ChainDouble::start();
    let (s, _, cold) = setup(&double, Some("pw-for-test"));
    double.set_burn(39, 1);
    double.set_balance(public(&cold), 10);
    // The hotkey is plain, as btcli leaves it: the coldkey alone asks for the password, and
    // nothing is signed without it.
    s.run(&["register", "--yes"]).code(4).stderr_has("coldkey").stderr_has("BASILICA_MINER_WALLET_PASSWORD");
    assert!(double.submitted().is_empty(), "nothing signed without the coldkey's password");
    s.run_with(&["register", "--yes"], &[("BASILICA_MINER_WALLET_PASSWORD", "pw-for-test")])
        .code(0)
        .stderr_has("registered on netuid 39");
    assert_eq!(double.submitted()[0].signer, public(&cold));
}

#[test]
fn an_unreachable_chain_fails_fast_with_a_clear_message() {
    let double = ChainDouble::start();
    let (s, _, _) = setup(&double, None);
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let started = Instant::now();
    let r = s.run_with(
        &["register", "--yes", "--timeout", "2"],
        &[("BASILICA_MINER_BITTENSOR__CHAIN_ENDPOINT", &format!("ws://127.0.0.1:{port}"))],
    );
    r.code(3).stderr_has("cannot reach the chain at ws://127.0.0.1:").stderr_has("after 3 attempt(s)");
    assert_eq!(r.stderr.matches("RPC error: client error").count(), 1, "each wrapper once: {}", r.stderr);
    assert!(started.elapsed() < Duration::from_secs(20), "{:?}", started.elapsed());
    s.run_with(
        &["wallet", "check", "--online"],
        &[("BASILICA_MINER_BITTENSOR__CHAIN_ENDPOINT", &format!("ws://127.0.0.1:{port}"))],
    )
    .code(3)
    .stderr_has("cannot reach the chain");
    s.run(&["register"]).code(2);
    s.run_with(&["register", "--yes"], &[("BASILICA_MINER_BITTENSOR__EXTERNAL_IP", "my-host")])
        .code(2)
        .stderr_has("is not an IP address");
}
