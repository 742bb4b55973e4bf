//! Exit codes, and the one place errors are printed (each error brings its own class:
//! [`super::error`]).

use basilica_miner::core::support::exit::{ExitStatus, EXIT_CODES};

use super::error::{CliError, CmdResult};
use super::Context;

/// The exit-code part of `--help` and the man page, from the one table.
pub fn help_text() -> String {
    let codes: Vec<String> = EXIT_CODES.iter().map(|(code, _, meaning)| format!("  {code:<5}{meaning}")).collect();
    format!("Exit codes:\n{}\n\n{}", codes.join("\n"), super::ENVIRONMENT_HELP)
}

/// Prints an error with its causes and returns the exit code.
pub fn finish(ctx: &Context, result: CmdResult<ExitStatus>) -> u8 {
    match result {
        Ok(status) => status.code(),
        Err(err) if is_broken_pipe(err.error()) => 0,
        Err(err) => {
            ctx.out.error(err.error(), err.fix());
            let code = err.code();
            if ctx.out.json_mode() {
                // Scripts reading stdout get one document on every failure too.
                let _ = ctx.out.json(&ErrorDocument::of(&err));
            }
            code
        }
    }
}

/// The stable name of an exit code, for `--json` error documents.
pub fn code_name(code: u8) -> &'static str {
    EXIT_CODES.iter().find(|(c, _, _)| *c == code).map_or("error", |(_, name, _)| name)
}

/// What `--json` prints on stdout when a command fails:
/// `{"error": {"code", "exit_code", "message", "causes", "fix"}}`. `fix` is the error's own
/// advice ([`Classify::fix`](basilica_miner::core::support::exit::Classify::fix)), or null.
#[derive(Debug, serde::Serialize)]
pub struct ErrorDocument {
    /// The failure.
    pub error: ErrorBody,
}

/// The body of an [`ErrorDocument`].
#[derive(Debug, serde::Serialize)]
pub struct ErrorBody {
    /// The exit code's stable name (`usage`, `credentials`, …).
    pub code: &'static str,
    /// The process exit code.
    pub exit_code: u8,
    /// What went wrong, without the advice.
    pub message: String,
    /// The chain of causes, each not already part of the message.
    pub causes: Vec<String>,
    /// What to do about it, when the error knows.
    pub fix: Option<String>,
}

impl ErrorDocument {
    fn of(err: &CliError) -> ErrorDocument {
        let message = err.error().to_string();
        let causes =
            err.error().chain().skip(1).map(ToString::to_string).filter(|c| !message.contains(c.as_str())).collect();
        let body = ErrorBody {
            code: code_name(err.code()),
            exit_code: err.code(),
            message,
            causes,
            fix: err.fix().map(str::to_string),
        };
        ErrorDocument { error: body }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().filter_map(|c| c.downcast_ref::<std::io::Error>()).any(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}
