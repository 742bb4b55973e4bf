//! Public keys from validators: generation 1 (DiscoverNodes' `validator_public_key`) and
//! generation 2 (RegisterBid's answer, through `accept_key`). Whatever is accepted becomes a
//! validator line that reads back as the same key for the same hotkey.
#![no_main]

use basilica_miner::core::bidding::wire;
use basilica_miner::core::nodes::authorized_keys::{self, PublicKey};
use libfuzzer_sys::fuzz_target;

const ALICE: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";

fuzz_target!(|text: &str| {
    for key in [PublicKey::parse(text).ok(), wire::accept_key(text).ok()].into_iter().flatten() {
        let line = key.validator_line(ALICE);
        assert!(!line.contains(['\n', '\r']), "one line: {line:?}");
        let (hotkey, back) = authorized_keys::validator_of(&line).expect("a validator line reads back");
        assert_eq!(hotkey, ALICE);
        assert_eq!(back.fingerprint(), key.fingerprint());
        let _ = key.bare_line();
    }
});
