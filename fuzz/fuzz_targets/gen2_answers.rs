//! Generation-2 answers: the key a validator returns (`accept_key`) and its error texts (the
//! refusal kind, the hosts it names, the text as logged: escaped and cut to its length).
#![no_main]

use basilica_miner::core::bidding::{refusal, text, wire};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|answer: &str| {
    let _ = wire::accept_key(answer);
    let _ = refusal::RefusalKind::of(answer);
    let hosts = vec!["10.0.0.1".to_string(), "gpu-a.example".to_string(), "fe80::1".to_string()];
    for h in refusal::hosts_named(answer, &hosts) {
        assert!(hosts.iter().any(|x| x == h));
    }
    let shown = text::printable(answer, 300);
    assert!(!shown.contains(['\n', '\r']), "one log line");
    let _ = refusal::RefusedNode::new("10.0.0.1", 250, answer, 1_790_000_000).explain();
});
