//! Exit codes, and the one place errors are printed and classified.

use basilica_miner::core::chain::registration::RegisterError;
use basilica_miner::core::chain::ChainError;
use basilica_miner::core::config::edit::EditError;
use basilica_miner::core::config::lock::LockError;
use basilica_miner::core::config::setup::SetupError;
use basilica_miner::core::config::ConfigError;
use basilica_miner::core::daemon::launch::LaunchError;
use basilica_miner::core::daemon::store::StoreError;
use basilica_miner::core::identity::sshkey::SshKeyError;
use basilica_miner::core::identity::wallet::WalletError;
use basilica_miner::core::nodes::hostkeys::HostKeyError;
use basilica_miner::core::nodes::keys::journal::JournalError;
use basilica_miner::core::nodes::keys::RotateError;
use basilica_miner::core::nodes::node::NodeSpecError;
use basilica_miner::core::nodes::registry::RegistryError;
use basilica_miner::core::ops::database::DatabaseError;
use basilica_miner::core::ops::probe::ProbeError;
use basilica_miner::core::support::exit::Classify;

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

/// Maps an error to the documented exit codes by the first cause that knows its class (each
/// core error type implements [`Classify`]).
pub fn exit_code(err: &anyhow::Error) -> u8 {
    for cause in err.chain() {
        if cause.is::<UsageError>() {
            return 2;
        }
        if cause.is::<Interrupted>() {
            return 130;
        }
        if let Some(e) = cause.downcast_ref::<dialoguer::Error>() {
            let dialoguer::Error::IO(io) = e;
            return if io.kind() == std::io::ErrorKind::Interrupted { 130 } else { 1 };
        }
        if let Some(code) = core_class(cause) {
            return code;
        }
    }
    1
}

/// The exit code of a core error, if `cause` is one.
fn core_class(cause: &(dyn std::error::Error + 'static)) -> Option<u8> {
    macro_rules! first_of {
        ($($t:ty),*) => {
            $(if let Some(e) = cause.downcast_ref::<$t>() {
                return Some(e.exit_class().code());
            })*
        };
    }
    first_of!(
        ConfigError, NodeSpecError, RegistryError, EditError, SetupError, SshKeyError, RotateError, WalletError, RegisterError, StoreError,
        ChainError, HostKeyError, LockError, JournalError, DatabaseError, LaunchError, ProbeError
    );
    None
}
