//! What kind of failure an error is, for the binary's exit status: each error type of the core
//! says it itself ([`Classify`]), so the binary needs no knowledge of their variants.

/// The documented exit statuses other than success and interruption.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitClass {
    /// The operation ran and failed (exit 1): a node, the chain, a file system.
    Failure,
    /// The configuration or the command line is wrong (exit 2): fix it and run again.
    Usage,
    /// The chain or another service over the network could not be reached (exit 3): retry
    /// later or check the endpoint and the network.
    Unreachable,
    /// A wallet or key cannot be used (exit 4).
    Credentials,
    /// Refused: the action would disturb a customer's rental on a node (exit 5); nothing
    /// changed. Wait for the rental to end, or force it.
    Rented,
}

/// Every exit status the binary uses: code, the name `--json` error documents give it, and its
/// meaning. The one table behind `--help`, the man page, the README and the error documents.
pub const EXIT_CODES: [(u8, &str, &str); 7] = [
    (0, "ok", "success"),
    (1, "failed", "an operation failed (e.g. a node failed a check)"),
    (2, "usage", "usage or configuration error"),
    (3, "unreachable", "the chain or a service over the network is unreachable"),
    (4, "credentials", "wallet, key or authentication error (e.g. the hotkey file is missing)"),
    (
        5,
        "rented",
        "refused: a node carries a customer's rental the action would disturb (nothing changed; --force overrides)",
    ),
    (INTERRUPTED, "interrupted", "interrupted"),
];

/// The exit status of an operator's Ctrl-C.
pub const INTERRUPTED: u8 = 130;

impl ExitClass {
    pub fn code(self) -> u8 {
        match self {
            ExitClass::Failure => 1,
            ExitClass::Usage => 2,
            ExitClass::Unreachable => 3,
            ExitClass::Credentials => 4,
            ExitClass::Rented => 5,
        }
    }

    /// The class of the most telling failure among several (a summary such as
    /// `health-check`): a wrong configuration first, then keys, then the network, then the rest.
    pub fn most_telling(classes: impl IntoIterator<Item = ExitClass>) -> Option<ExitClass> {
        let rank = |c: &ExitClass| match c {
            ExitClass::Usage => 0,
            ExitClass::Rented => 0,
            ExitClass::Credentials => 1,
            ExitClass::Unreachable => 2,
            ExitClass::Failure => 3,
        };
        classes.into_iter().min_by_key(rank)
    }
}

/// Implemented by every error type the core returns.
pub trait Classify {
    fn exit_class(&self) -> ExitClass;
}

/// Errors whose every variant is one class.
#[macro_export]
macro_rules! classify_all {
    ($class:ident: $($t:ty),* $(,)?) => {
        $(impl $crate::core::support::exit::Classify for $t {
            fn exit_class(&self) -> $crate::core::support::exit::ExitClass {
                $crate::core::support::exit::ExitClass::$class
            }
        })*
    };
}

// Failures of the machine the command runs on (a file that cannot be written, a closed pipe,
// a document that does not serialise): the operation failed.
classify_all!(Failure: std::io::Error, serde_json::Error, toml::ser::Error);

#[cfg(test)]
mod tests {
    use super::*;

    /// The table `--help` prints holds every code a class maps to.
    #[test]
    fn every_class_has_a_row_in_the_table() {
        for class in
            [ExitClass::Failure, ExitClass::Usage, ExitClass::Unreachable, ExitClass::Credentials, ExitClass::Rented]
        {
            assert!(EXIT_CODES.iter().any(|(code, _, _)| *code == class.code()), "{class:?} has no row");
        }
    }
}
