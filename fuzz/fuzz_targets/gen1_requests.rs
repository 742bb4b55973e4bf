//! Generation-1 requests: the SS58 hotkey, the signed payload strings and the signature in hex
//! or raw bytes. Never a panic, and nothing made up verifies.
#![no_main]

use basilica_miner::core::identity::{signing, ss58};
use libfuzzer_sys::fuzz_target;

const ALICE: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.splitn(4, '\n');
    let (hotkey, nonce, sig, rest) = (
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
    );
    let _ = ss58::parse(hotkey);
    let ts = i64::from_le_bytes(
        data.iter().copied().chain(std::iter::repeat(0)).take(8).collect::<Vec<_>>().try_into().unwrap(),
    );
    let payload = signing::auth_payload(nonce, hotkey, ts);
    let _ = signing::discover_payload(hotkey, nonce, ts);
    assert!(signing::verify_hex(ALICE, &payload, sig).is_err(), "a signature nobody made does not verify");
    let _ = signing::verify_hex(hotkey, rest, sig);
    let _ = signing::verify_raw(hotkey, &payload, rest.as_bytes());
});
