//! Exit codes, and the one place errors are printed and classified.

use basilica_miner::core::config::edit::EditError;
use basilica_miner::core::config::ConfigError;
use basilica_miner::core::nodes::hostkeys::HostKeyError;
use basilica_miner::core::nodes::keys::RotateError;
use basilica_miner::core::chain::registration::RegisterError;
use basilica_miner::core::nodes::node::NodeSpecError;
use basilica_miner::core::nodes::registry::RegistryError;
use basilica_miner::core::config::setup::SetupError;
use basilica_miner::core::identity::sshkey::SshKeyError;
use basilica_miner::core::identity::wallet::WalletError;

use super::Context;

/// What a command that ran to the end reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Everything worked.
    Success,
    /// The command ran but something it checked failed (exit 1); details already printed.
    Failure,
    /// The configuration is invalid (exit 2); details already printed.
    ConfigInvalid,
    /// The wallet cannot be used (exit 4); details already printed.
    WalletUnusable,
}

/// A mistake in how the command was called (exit 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Interrupted by the operator (exit 130).
#[derive(Debug, thiserror::Error)]
#[error("interrupted")]
pub struct Interrupted;

/// Prints an error with its causes and returns the exit code.
pub fn finish(ctx: &Context, result: anyhow::Result<ExitStatus>) -> u8 {
    match result {
        Ok(ExitStatus::Success) => 0,
        Ok(ExitStatus::Failure) => 1,
        Ok(ExitStatus::ConfigInvalid) => 2,
        Ok(ExitStatus::WalletUnusable) => 4,
        Err(err) if is_broken_pipe(&err) => 0,
        Err(err) => {
            ctx.out.error(&err);
            exit_code(&err)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|c| c.downcast_ref::<std::io::Error>())
        .any(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}

/// Maps an error to the documented exit codes by the first cause we know.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    for cause in err.chain() {
        if cause.is::<UsageError>() || cause.is::<ConfigError>() || cause.is::<NodeSpecError>() {
            return 2;
        }
        if cause.is::<Interrupted>() {
            return 130;
        }
        if let Some(e) = cause.downcast_ref::<dialoguer::Error>() {
            let dialoguer::Error::IO(io) = e;
            return if io.kind() == std::io::ErrorKind::Interrupted { 130 } else { 1 };
        }
        if let Some(e) = cause.downcast_ref::<RegistryError>() {
            return match e {
                RegistryError::Edit(edit) => edit_code(edit),
                RegistryError::Config(_)
                | RegistryError::Spec(_)
                | RegistryError::Duplicate { .. }
                | RegistryError::NotFound { .. }
                | RegistryError::Ambiguous { .. } => 2,
            };
        }
        if let Some(e) = cause.downcast_ref::<EditError>() {
            return edit_code(e);
        }
        if let Some(e) = cause.downcast_ref::<SetupError>() {
            return match e {
                SetupError::Exists(_) | SetupError::Invalid(_) | SetupError::MissingFlags(_) | SetupError::RateCount { .. } | SetupError::Node(_) => 2,
                SetupError::Key(k) => key_code(k),
                SetupError::Edit(edit) => edit_code(edit),
                SetupError::Write { .. } => 1,
            };
        }
        if let Some(e) = cause.downcast_ref::<SshKeyError>() {
            return key_code(e);
        }
        if let Some(e) = cause.downcast_ref::<RotateError>() {
            return match e {
                RotateError::Key(k) => key_code(k),
                RotateError::Switch(edit) => edit_code(edit),
                RotateError::Config(_) => 2,
                _ => 1,
            };
        }
        if cause.is::<WalletError>() {
            return 4;
        }
        if let Some(e) = cause.downcast_ref::<RegisterError>() {
            return match e {
                RegisterError::Wallet(_) => 4,
                _ => 1,
            };
        }
        if cause.is::<basilica_miner::core::daemon::store::StoreError>() {
            return 2;
        }
        if cause.is::<basilica_miner::core::chain::ChainError>() {
            return 1;
        }
        if cause.is::<HostKeyError>() {
            return 1;
        }
    }
    1
}

fn edit_code(e: &EditError) -> u8 {
    match e {
        EditError::Syntax { .. } | EditError::Shape { .. } => 2,
        EditError::Read { .. } | EditError::Write { .. } | EditError::Lock(_) => 1,
    }
}

fn key_code(e: &SshKeyError) -> u8 {
    match e {
        SshKeyError::Missing(_) | SshKeyError::TooOpen { .. } | SshKeyError::Unreadable { .. } => 4,
        SshKeyError::NoKeygen | SshKeyError::KeygenFailed { .. } | SshKeyError::CreateDir { .. } => 1,
    }
}
