//! The exit class of every error type of the core, in one place per type.

use super::exit::{Classify, ExitClass};
use crate::core::chain::registration::RegisterError;
use crate::core::chain::ChainError;
use crate::core::config::edit::EditError;
use crate::core::config::lock::LockError;
use crate::core::config::setup::SetupError;
use crate::core::config::ConfigError;
use crate::core::daemon::launch::LaunchError;
use crate::core::daemon::store::StoreError;
use crate::core::identity::sshkey::SshKeyError;
use crate::core::identity::wallet::WalletError;
use crate::core::nodes::hostkeys::HostKeyError;
use crate::core::nodes::keys::journal::JournalError;
use crate::core::nodes::keys::RotateError;
use crate::core::nodes::node::NodeSpecError;
use crate::core::nodes::registry::RegistryError;
use crate::core::ops::database::DatabaseError;
use crate::core::ops::nodes::NodesError;
use crate::core::ops::probe::ProbeError;

crate::classify_all!(Usage: ConfigError, NodeSpecError, ProbeError, StoreError);
crate::classify_all!(Failure: HostKeyError, LockError, JournalError);

impl Classify for ChainError {
    fn exit_class(&self) -> ExitClass {
        match self {
            ChainError::Connect { .. }
            | ChainError::Timeout { .. }
            | ChainError::Transport { .. }
            | ChainError::Request { .. } => ExitClass::Unreachable,
            _ => ExitClass::Failure,
        }
    }
}
crate::classify_all!(Credentials: WalletError);

impl Classify for EditError {
    fn exit_class(&self) -> ExitClass {
        match self {
            EditError::Syntax { .. } | EditError::Shape { .. } | EditError::Missing(_) | EditError::NotAFile(_) => {
                ExitClass::Usage
            }
            EditError::Read { .. } | EditError::Write { .. } | EditError::Lock(_) => ExitClass::Failure,
        }
    }
}

impl Classify for SshKeyError {
    fn exit_class(&self) -> ExitClass {
        match self {
            SshKeyError::Missing(_) | SshKeyError::TooOpen { .. } | SshKeyError::Unreadable { .. } => {
                ExitClass::Credentials
            }
            SshKeyError::NoKeygen | SshKeyError::KeygenFailed { .. } | SshKeyError::CreateDir { .. } => {
                ExitClass::Failure
            }
        }
    }
}

impl Classify for RegistryError {
    fn exit_class(&self) -> ExitClass {
        match self {
            RegistryError::Edit(e) => e.exit_class(),
            RegistryError::Config(_)
            | RegistryError::Spec(_)
            | RegistryError::Declaration(_)
            | RegistryError::Duplicate { .. }
            | RegistryError::NotFound { .. }
            | RegistryError::Ambiguous { .. } => ExitClass::Usage,
        }
    }
}

impl Classify for SetupError {
    fn exit_class(&self) -> ExitClass {
        match self {
            SetupError::Key(k) => k.exit_class(),
            SetupError::Edit(e) => e.exit_class(),
            SetupError::Write { .. } => ExitClass::Failure,
            SetupError::Exists(_)
            | SetupError::Invalid(_)
            | SetupError::MissingFlags(_)
            | SetupError::RateCount { .. }
            | SetupError::Node(_) => ExitClass::Usage,
        }
    }
}

impl Classify for RotateError {
    fn exit_class(&self) -> ExitClass {
        match self {
            RotateError::Key(k) => k.exit_class(),
            RotateError::Switch(e) => e.exit_class(),
            RotateError::Config(_) => ExitClass::Usage,
            _ => ExitClass::Failure,
        }
    }
}

impl Classify for RegisterError {
    fn exit_class(&self) -> ExitClass {
        match self {
            RegisterError::Wallet(_) => ExitClass::Credentials,
            RegisterError::Chain(e) => e.exit_class(),
            _ => ExitClass::Failure,
        }
    }
}

impl Classify for DatabaseError {
    fn exit_class(&self) -> ExitClass {
        match self {
            DatabaseError::Store(e) => e.exit_class(),
            DatabaseError::NotAFile(_) | DatabaseError::Missing(_) => ExitClass::Usage,
        }
    }
}

impl Classify for LaunchError {
    fn exit_class(&self) -> ExitClass {
        match self {
            LaunchError::Config(_) => ExitClass::Usage,
            LaunchError::Store(e) => e.exit_class(),
            LaunchError::Daemon(_) | LaunchError::PidFile(_) | LaunchError::Io { .. } => ExitClass::Failure,
        }
    }
}

impl Classify for NodesError {
    fn exit_class(&self) -> ExitClass {
        match self {
            NodesError::NoNodes => ExitClass::Usage,
            NodesError::Registry(e) => e.exit_class(),
            NodesError::Key(e) => e.exit_class(),
            NodesError::Rotate(e) => e.exit_class(),
            NodesError::Engine { .. } | NodesError::Journal(_) => ExitClass::Failure,
        }
    }
}

impl Classify for crate::core::ops::bid::BidShowError {
    fn exit_class(&self) -> ExitClass {
        match self {
            crate::core::ops::bid::BidShowError::Nodes(e) => e.exit_class(),
            crate::core::ops::bid::BidShowError::Database(e) => e.exit_class(),
        }
    }
}

/// The class of `cause` when it is one of the core's error types.
pub fn class_of(cause: &(dyn std::error::Error + 'static)) -> Option<ExitClass> {
    macro_rules! first_of {
        ($($t:ty),*) => {
            $(if let Some(e) = cause.downcast_ref::<$t>() {
                return Some(e.exit_class());
            })*
        };
    }
    first_of!(
        ConfigError,
        NodeSpecError,
        RegistryError,
        EditError,
        SetupError,
        SshKeyError,
        RotateError,
        WalletError,
        RegisterError,
        StoreError,
        ChainError,
        HostKeyError,
        LockError,
        JournalError,
        DatabaseError,
        LaunchError,
        ProbeError,
        NodesError,
        crate::core::ops::bid::BidShowError
    );
    None
}
