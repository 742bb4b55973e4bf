//! What can go wrong talking to the chain, each failure named (the request, the endpoint) and
//! said once, with the exit class it has.

#[derive(Debug, thiserror::Error)]
pub enum ChainError {
    #[error("cannot reach the chain at {endpoint} after {attempts} attempt(s): {detail}. Check [bittensor] network/chain_endpoint and your connection")]
    Connect { endpoint: String, attempts: u32, detail: String },
    #[error("the chain at {endpoint} did not answer within {secs} s")]
    Timeout { endpoint: String, secs: u64 },
    #[error("cannot open a connection to the chain at {endpoint}: {detail}")]
    Transport { endpoint: String, detail: String },
    #[error("chain request {request} failed: {detail}")]
    Request { request: &'static str, detail: String },
    #[error("the chain's answer to {request} does not decode as this build expects: {detail}")]
    Decode { request: &'static str, detail: String },
    #[error("{0} is not an SS58 account address")]
    InvalidAccount(String),
    #[error("the chain refused the transaction: {pallet}::{name}{}", if .docs.is_empty() { String::new() } else { format!(" ({})", .docs) })]
    Pallet { pallet: String, name: String, docs: String },
    #[error("the transaction was not included: {0}")]
    NotIncluded(String),
}

impl ChainError {
    /// The pallet error's name, when the runtime refused a call.
    pub fn pallet_error(&self) -> Option<&str> {
        match self {
            ChainError::Pallet { name, .. } => Some(name),
            _ => None,
        }
    }
}

/// An error's text with each wrapper said once: the RPC client nests its errors so that
/// "RPC error: client error: RPC error: client error: …" repeats; a run of `: `-separated
/// parts that repeats the run just before it is dropped.
pub(super) fn said_once(e: impl std::fmt::Display) -> String {
    let text = e.to_string();
    let mut parts: Vec<&str> = Vec::new();
    for part in text.split(": ") {
        parts.push(part);
        for run in 1..=parts.len() / 2 {
            let n = parts.len();
            if parts[n - run..] == parts[n - 2 * run..n - run] {
                parts.truncate(n - run);
                break;
            }
        }
    }
    parts.join(": ")
}

/// The exit status class of this error (see `core::support::exit`).
impl crate::core::support::exit::Classify for ChainError {
    fn exit_class(&self) -> crate::core::support::exit::ExitClass {
        match self {
            ChainError::Connect { .. }
            | ChainError::Timeout { .. }
            | ChainError::Transport { .. }
            | ChainError::Request { .. } => crate::core::support::exit::ExitClass::Unreachable,
            _ => crate::core::support::exit::ExitClass::Failure,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::said_once;

    #[test]
    fn repeated_wrappers_are_said_once() {
        assert_eq!(
            said_once("RPC error: client error: RPC error: client error: Error when opening the TCP socket: Connection refused (os error 111)"),
            "RPC error: client error: Error when opening the TCP socket: Connection refused (os error 111)"
        );
        assert_eq!(said_once("a: b: c"), "a: b: c");
        assert_eq!(said_once("x: x: x"), "x");
    }
}
