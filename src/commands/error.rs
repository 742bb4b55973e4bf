//! A command's error: what went wrong with its causes, and the exit code its class gives.
//!
//! The class is taken from the error at the moment it enters a command (`?`): every error
//! type that can, says its own class ([`Classify`], implemented beside the type), and the
//! conversion demands it, so an error type without a class does not compile here.

use std::fmt::Display;

use basilica_miner::core::support::exit::{Classify, ExitClass, INTERRUPTED};

/// A mistake in how the command was called (exit 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

impl Classify for UsageError {
    fn exit_class(&self) -> ExitClass {
        ExitClass::Usage
    }
}

/// Interrupted by the operator (exit 130).
#[derive(Debug, thiserror::Error)]
#[error("interrupted")]
pub struct Interrupted;

/// A prompt that failed: Ctrl-C at the prompt is an interruption, anything else a failure.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct PromptError(#[from] pub dialoguer::Error);

/// The error of a command, with its exit code.
#[derive(Debug)]
pub struct CliError {
    code: u8,
    error: anyhow::Error,
    fix: Option<String>,
}

impl CliError {
    /// The exit code of this error.
    pub fn code(&self) -> u8 {
        self.code
    }

    /// The error and its causes, for printing.
    pub fn error(&self) -> &anyhow::Error {
        &self.error
    }

    /// What the operator can do about it, when the error said ([`Classify::fix`]).
    pub fn fix(&self) -> Option<&str> {
        self.fix.as_deref()
    }

    /// The same error, class and fix, explained by `what` (printed first, the cause after it).
    pub fn context(self, what: impl Display + Send + Sync + 'static) -> CliError {
        CliError { code: self.code, error: self.error.context(what), fix: self.fix }
    }
}

impl<E> From<E> for CliError
where
    E: Classify + std::error::Error + Send + Sync + 'static,
{
    fn from(e: E) -> CliError {
        CliError { code: e.exit_class().code(), fix: e.fix(), error: anyhow::Error::new(e) }
    }
}

impl From<Interrupted> for CliError {
    fn from(e: Interrupted) -> CliError {
        CliError { code: INTERRUPTED, error: anyhow::Error::new(e), fix: None }
    }
}

impl From<PromptError> for CliError {
    fn from(e: PromptError) -> CliError {
        let dialoguer::Error::IO(io) = &e.0;
        let code = if io.kind() == std::io::ErrorKind::Interrupted { INTERRUPTED } else { ExitClass::Failure.code() };
        CliError { code, error: anyhow::Error::new(e), fix: None }
    }
}

/// What a command returns.
pub type CmdResult<T = super::ExitStatus> = Result<T, CliError>;

/// `.context(…)` and `.with_context(…)` on any result a command can return with `?`: the
/// message goes in front, the error's class stays.
pub trait ErrorContext<T> {
    fn context(self, what: impl Display + Send + Sync + 'static) -> CmdResult<T>;
    fn with_context<M: Display + Send + Sync + 'static>(self, what: impl FnOnce() -> M) -> CmdResult<T>;
}

impl<T, E: Into<CliError>> ErrorContext<T> for Result<T, E> {
    fn context(self, what: impl Display + Send + Sync + 'static) -> CmdResult<T> {
        self.map_err(|e| e.into().context(what))
    }

    fn with_context<M: Display + Send + Sync + 'static>(self, what: impl FnOnce() -> M) -> CmdResult<T> {
        self.map_err(|e| e.into().context(what()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_class_is_the_errors_own_and_survives_context() {
        let e: CliError = UsageError("bad flag".into()).into();
        assert_eq!(e.code(), 2);
        let e = e.context("while adding a node");
        assert_eq!((e.code(), e.error().to_string()), (2, "while adding a node".to_string()));
        let io: CmdResult<()> = Err(std::io::Error::other("disk")).context("writing");
        assert_eq!(io.unwrap_err().code(), 1);
        let ctrl_c = PromptError(dialoguer::Error::IO(std::io::ErrorKind::Interrupted.into()));
        assert_eq!(CliError::from(ctrl_c).code(), INTERRUPTED);
        assert_eq!(CliError::from(Interrupted).code(), INTERRUPTED);
    }
}
