//! What kind of failure an error is, for the binary's exit status: each error type of the core
//! says it itself ([`Classify`]), so the binary needs no knowledge of their variants.

/// The documented exit statuses other than success and interruption.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitClass {
    /// The operation ran and failed (exit 1): a node, the chain, a file system.
    Failure,
    /// The configuration or the command line is wrong (exit 2): fix it and run again.
    Usage,
    /// A wallet or key cannot be used (exit 4).
    Credentials,
}

impl ExitClass {
    pub fn code(self) -> u8 {
        match self {
            ExitClass::Failure => 1,
            ExitClass::Usage => 2,
            ExitClass::Credentials => 4,
        }
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
