//! authorized_keys: the first line is a validator's key, the rest a node's file. The exclusive
//! deployment keeps every other line byte for byte and in order, and leaves exactly one
//! validator line, the one asked for; revoking all leaves no validator line and every other
//! line; reading never panics.
#![no_main]

use basilica_miner::core::nodes::authorized_keys::{self, PublicKey, Revoke};
use libfuzzer_sys::fuzz_target;

const ALICE: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";

/// The lines that are not validator lines, each with its bytes but the `\n` that ends it (a
/// `\r` stays: `str::lines` would drop it before a `\n` and keep it at the very end, and the
/// edit may add the missing final `\n`).
fn others(content: &str) -> Vec<&str> {
    content
        .split_inclusive('\n')
        .map(|l| l.strip_suffix('\n').unwrap_or(l))
        .filter(|l| authorized_keys::validator_of(l.trim_end_matches('\r')).is_none())
        .collect()
}

fuzz_target!(|data: &str| {
    let (key_text, content) = data.split_once('\n').unwrap_or((data, ""));
    let _ = authorized_keys::validator_keys(content);
    if let Some(out) = authorized_keys::revoke(content, &Revoke::All) {
        assert!(authorized_keys::validator_keys(&out).is_empty());
        assert_eq!(others(&out), others(content), "revoke kept every other line");
    }
    let Ok(key) = PublicKey::parse(key_text) else { return };
    let after = authorized_keys::deploy_exclusive(content, &key, ALICE).unwrap_or_else(|| content.to_string());
    let validators: Vec<&str> = after
        .split_inclusive('\n')
        .map(|l| l.trim_end_matches(['\n', '\r']))
        .filter(|l| authorized_keys::validator_of(l).is_some())
        .collect();
    assert_eq!(validators, vec![key.validator_line(ALICE).as_str()], "exactly the one validator line");
    assert_eq!(others(&after), others(content), "every other line kept, in order");
    assert!(authorized_keys::deploy_exclusive(&after, &key, ALICE).is_none(), "a second deployment changes nothing");
    if let Some(added) = authorized_keys::add_line(content, &key, "basilica-miner") {
        assert!(authorized_keys::contains_key(&added, &key));
    }
});
