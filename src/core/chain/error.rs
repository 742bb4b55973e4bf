//! What can go wrong talking to the chain, each failure named (the request, the endpoint) and
//! said once, with the exit class it has.

/// Why a call to the chain failed.
#[derive(Debug, thiserror::Error)]
pub enum ChainError {
    /// No connection could be opened, after retries.
    #[error("cannot reach the chain at {endpoint} after {attempts} attempt(s): {detail}. Check [bittensor] network/chain_endpoint and your connection")]
    Connect {
        /// The chain endpoint.
        endpoint: String,
        /// Connection attempts made.
        attempts: u32,
        /// The last attempt's error.
        detail: String,
    },
    /// The chain did not answer in time.
    #[error("the chain at {endpoint} did not answer within {secs} s")]
    Timeout {
        /// The chain endpoint.
        endpoint: String,
        /// The time allowed.
        secs: u64,
    },
    /// One attempt at opening the WebSocket connection failed.
    #[error("cannot open a connection to the chain at {endpoint}: {detail}")]
    Transport {
        /// The chain endpoint.
        endpoint: String,
        /// What failed.
        detail: String,
    },
    /// A storage query, runtime call or transaction failed.
    #[error("chain request {request} failed: {detail}")]
    Request {
        /// Which request.
        request: &'static str,
        /// The chain client's error.
        detail: String,
    },
    /// An answer did not decode as this build's types (another runtime).
    #[error("the chain's answer to {request} does not decode as this build expects: {detail}")]
    Decode {
        /// Which request.
        request: &'static str,
        /// The decoding error.
        detail: String,
    },
    /// The text is not an SS58 account address.
    #[error("{0} is not an SS58 account address")]
    InvalidAccount(String),
    /// The runtime refused the transaction with a pallet error.
    #[error("the chain refused the transaction: {pallet}::{name}{}", if .docs.is_empty() { String::new() } else { format!(" ({})", .docs) })]
    Pallet {
        /// The pallet (`SubtensorModule`).
        pallet: String,
        /// The error's name.
        name: String,
        /// The error's documentation from the metadata.
        docs: String,
    },
    /// The transaction left the pool without being included in a block.
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
