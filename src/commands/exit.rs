//! Exit codes, and the one place errors are printed and classified.

use basilica_miner::core::support::exit::{Classify, ExitClass, EXIT_CODES, INTERRUPTED};

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
    /// The chain or a service over the network could not be reached (exit 3); details already printed.
    Unreachable,
    /// The wallet cannot be used (exit 4); details already printed.
    WalletUnusable,
}

impl ExitStatus {
    /// The status of a failure of `class`.
    pub fn of(class: ExitClass) -> ExitStatus {
        match class {
            ExitClass::Failure => ExitStatus::Failure,
            ExitClass::Usage => ExitStatus::ConfigInvalid,
            ExitClass::Unreachable => ExitStatus::Unreachable,
            ExitClass::Credentials => ExitStatus::WalletUnusable,
        }
    }
}

/// The exit-code part of `--help` and the man page, from the one table.
pub fn help_text() -> String {
    let codes: Vec<String> = EXIT_CODES.iter().map(|(code, _, meaning)| format!("  {code:<5}{meaning}")).collect();
    format!("Exit codes:\n{}\n\n{}", codes.join("\n"), super::ENVIRONMENT_HELP)
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
        Ok(ExitStatus::Failure) => ExitClass::Failure.code(),
        Ok(ExitStatus::ConfigInvalid) => ExitClass::Usage.code(),
        Ok(ExitStatus::Unreachable) => ExitClass::Unreachable.code(),
        Ok(ExitStatus::WalletUnusable) => ExitClass::Credentials.code(),
        Err(err) if is_broken_pipe(&err) => 0,
        Err(err) => {
            ctx.out.error(&err);
            let code = exit_code(&err);
            if ctx.out.json_mode() {
                // Scripts reading stdout get one document on every failure too.
                let _ = ctx.out.json(&error_document(&err, code));
            }
            code
        }
    }
}

/// The stable name of an exit code, for `--json` error documents.
pub fn code_name(code: u8) -> &'static str {
    EXIT_CODES.iter().find(|(c, _, _)| *c == code).map_or("error", |(_, name, _)| name)
}

/// `{"error": {"code", "exit_code", "message", "causes", "fix"}}`: what `--json` prints on
/// stdout when a command fails. `fix` is the line after "fix:" or the advice after the last
/// `; ` of the message, when the message carries one.
fn error_document(err: &anyhow::Error, code: u8) -> serde_json::Value {
    let message = err.to_string();
    let causes: Vec<String> =
        err.chain().skip(1).map(ToString::to_string).filter(|c| !message.contains(c.as_str())).collect();
    let fix = message.lines().find_map(|l| l.trim().strip_prefix("fix: ")).map(str::to_string);
    serde_json::json!({ "error": { "code": code_name(code), "exit_code": code, "message": message, "causes": causes, "fix": fix } })
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().filter_map(|c| c.downcast_ref::<std::io::Error>()).any(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}

/// The class of `cause` when it is one of the core's error types (each says its own class).
fn class_of(cause: &(dyn std::error::Error + 'static)) -> Option<ExitClass> {
    use basilica_miner::core::{chain, checks, config, daemon, identity, nodes, ops};
    macro_rules! first_of {
        ($($t:ty),* $(,)?) => {
            $(if let Some(e) = cause.downcast_ref::<$t>() {
                return Some(e.exit_class());
            })*
        };
    }
    first_of!(
        config::ConfigError,
        config::edit::EditError,
        config::lock::LockError,
        checks::setup::SetupError,
        nodes::node::NodeSpecError,
        nodes::registry::RegistryError,
        nodes::hostkeys::HostKeyError,
        nodes::keys::RotateError,
        nodes::keys::journal::JournalError,
        identity::sshkey::SshKeyError,
        identity::wallet::WalletError,
        chain::ChainError,
        chain::registration::RegisterError,
        daemon::store::StoreError,
        daemon::launch::LaunchError,
        ops::database::DatabaseError,
        ops::probe::ProbeError,
        ops::nodes::NodesError,
        ops::bid::BidShowError,
    );
    None
}

/// Maps an error to the documented exit codes by the first cause that has a class (each core
/// error type implements `Classify`).
pub fn exit_code(err: &anyhow::Error) -> u8 {
    for cause in err.chain() {
        if cause.is::<UsageError>() {
            return ExitClass::Usage.code();
        }
        if cause.is::<Interrupted>() {
            return INTERRUPTED;
        }
        if let Some(e) = cause.downcast_ref::<dialoguer::Error>() {
            let dialoguer::Error::IO(io) = e;
            return if io.kind() == std::io::ErrorKind::Interrupted { INTERRUPTED } else { ExitClass::Failure.code() };
        }
        if let Some(class) = class_of(cause) {
            return class.code();
        }
    }
    ExitClass::Failure.code()
}
