//! What kind of failure an error is, for the binary's exit status: each error type of the core
//! says it itself ([`Classify`]), so the binary needs no knowledge of their variants.

/// How a command ended: the one exit status of the binary, whatever printed the details.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Everything worked (exit 0).
    Success,
    /// The command ran to its end and what it did or checked failed, of this class; the
    /// details are already printed.
    Failed(ExitClass),
}

impl ExitStatus {
    /// Success when no class is given, else a failure of that class (the most telling one of
    /// a summary: [`ExitClass::most_telling`]).
    pub fn from_failure(class: Option<ExitClass>) -> ExitStatus {
        class.map_or(ExitStatus::Success, ExitStatus::Failed)
    }

    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Failed(class) => class.code(),
        }
    }
}

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
    /// A wait ran out of time (exit 6): `node drain --wait --timeout` while a rental still
    /// runs. What was done before the wait stays done; nothing else changed.
    TimedOut,
}

/// Every exit status the binary uses: code, the name `--json` error documents give it, and its
/// meaning. The one table behind `--help`, the man page, the README and the error documents.
pub const EXIT_CODES: [(u8, &str, &str); 8] = [
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
    (6, "timed_out", "a wait ran out of time (node drain --wait: a rental still runs; the node stays cordoned)"),
    (INTERRUPTED, "interrupted", "interrupted"),
];

/// The exit status of an operator's Ctrl-C.
pub const INTERRUPTED: u8 = 130;

impl ExitClass {
    /// The process exit code of this class (the table's first column).
    pub fn code(self) -> u8 {
        match self {
            ExitClass::Failure => 1,
            ExitClass::Usage => 2,
            ExitClass::Unreachable => 3,
            ExitClass::Credentials => 4,
            ExitClass::Rented => 5,
            ExitClass::TimedOut => 6,
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
            ExitClass::Failure | ExitClass::TimedOut => 3,
        };
        classes.into_iter().min_by_key(rank)
    }
}

/// Implemented by every error type the core returns.
pub trait Classify {
    /// The exit status class of this error.
    fn exit_class(&self) -> ExitClass;

    /// What the operator can do about it, when the error knows: printed after the message and
    /// given as `fix` in `--json` error documents. The message itself does not repeat it.
    fn fix(&self) -> Option<String> {
        None
    }
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
        for class in [
            ExitClass::Failure,
            ExitClass::Usage,
            ExitClass::Unreachable,
            ExitClass::Credentials,
            ExitClass::Rented,
            ExitClass::TimedOut,
        ] {
            assert!(EXIT_CODES.iter().any(|(code, _, _)| *code == class.code()), "{class:?} has no row");
        }
    }
}
