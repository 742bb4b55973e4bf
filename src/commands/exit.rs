//! Exit codes, and the one place errors are printed (each error brings its own class:
//! [`super::error`]).

use basilica_miner::core::support::exit::{ExitClass, EXIT_CODES};

use super::error::CmdResult;
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
    /// Refused to disturb a customer's rental (exit 5); details already printed.
    Rented,
}

impl ExitStatus {
    /// The status of a failure of `class`.
    pub fn of(class: ExitClass) -> ExitStatus {
        match class {
            ExitClass::Failure => ExitStatus::Failure,
            ExitClass::Usage => ExitStatus::ConfigInvalid,
            ExitClass::Unreachable => ExitStatus::Unreachable,
            ExitClass::Credentials => ExitStatus::WalletUnusable,
            ExitClass::Rented => ExitStatus::Rented,
        }
    }
}

/// The exit-code part of `--help` and the man page, from the one table.
pub fn help_text() -> String {
    let codes: Vec<String> = EXIT_CODES.iter().map(|(code, _, meaning)| format!("  {code:<5}{meaning}")).collect();
    format!("Exit codes:\n{}\n\n{}", codes.join("\n"), super::ENVIRONMENT_HELP)
}

/// Prints an error with its causes and returns the exit code.
pub fn finish(ctx: &Context, result: CmdResult<ExitStatus>) -> u8 {
    match result {
        Ok(ExitStatus::Success) => 0,
        Ok(ExitStatus::Failure) => ExitClass::Failure.code(),
        Ok(ExitStatus::ConfigInvalid) => ExitClass::Usage.code(),
        Ok(ExitStatus::Unreachable) => ExitClass::Unreachable.code(),
        Ok(ExitStatus::WalletUnusable) => ExitClass::Credentials.code(),
        Ok(ExitStatus::Rented) => ExitClass::Rented.code(),
        Err(err) if is_broken_pipe(err.error()) => 0,
        Err(err) => {
            ctx.out.error(err.error());
            let code = err.code();
            if ctx.out.json_mode() {
                // Scripts reading stdout get one document on every failure too.
                let _ = ctx.out.json(&error_document(err.error(), code));
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
