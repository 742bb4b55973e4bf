//! `config validate`: every problem of a miner.toml, located, in file order, as one report.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::core::checks::{self, Area};
use crate::core::config::{self, ConfigError, Problem};
use crate::core::support::exit::{ExitClass, ExitStatus};

/// What `config validate` checks.
#[derive(Debug, Clone, Copy, Default)]
pub struct ValidateOptions {
    /// Warnings count as errors.
    pub strict: bool,
    /// The wallet and hotkey files are not looked for (a file prepared on another machine).
    pub no_wallet: bool,
}

/// `config validate --json`: the problems found, in the order they are written.
#[derive(Debug, Serialize)]
pub struct ValidateReport {
    /// The file checked.
    pub config: PathBuf,
    /// No error (with `--strict`, no warning either).
    pub valid: bool,
    /// Problems counted as errors.
    pub errors: usize,
    /// Problems that are warnings.
    pub warnings: usize,
    /// Every problem, located, with its hint.
    pub problems: Vec<Problem>,
    /// Why the file could not be read or parsed at all (then `problems` is empty); given in
    /// JSON as `error`, its message.
    #[serde(rename = "error", serialize_with = "message", skip_serializing_if = "Option::is_none")]
    pub unreadable: Option<ConfigError>,
    /// Errors that are about the wallet alone.
    #[serde(skip)]
    wallet_errors: usize,
}

/// An error as its message.
fn message<S: serde::Serializer>(e: &Option<ConfigError>, s: S) -> Result<S::Ok, S::Error> {
    match e {
        Some(e) => s.collect_str(e),
        None => s.serialize_none(),
    }
}

impl ValidateReport {
    /// The exit status `config validate` gives: success when valid; the credentials class
    /// when only the wallet is missing (as `serve` would give), else a usage error.
    pub fn status(&self) -> ExitStatus {
        match (self.valid, self.errors == self.wallet_errors) {
            (true, _) => ExitStatus::Success,
            (false, true) => ExitStatus::Failed(ExitClass::Credentials),
            (false, _) => ExitStatus::Failed(ExitClass::Usage),
        }
    }
}

/// Loads the config at `path` (with the process environment's overrides) and checks it. A
/// file that cannot be read or parsed is still a report (invalid, one error, `unreadable`
/// set): `jq .valid` keeps working on it.
pub fn validate_config(path: &Path, options: ValidateOptions) -> ValidateReport {
    let mut wallet_errors = 0;
    let problems = match config::load(path, std::env::vars()) {
        Ok(loaded) => {
            let mut all = checks::problems_without_wallet(&loaded);
            if !options.no_wallet {
                let wallet = checks::validate(&loaded, &[Area::Wallet]);
                wallet_errors = wallet.iter().filter(|p| p.is_error()).count();
                all.extend(wallet);
            }
            config::problem::sort_by_position(&mut all);
            all
        }
        Err(ConfigError::Invalid { problems, .. }) => problems,
        Err(other) => {
            return ValidateReport {
                config: path.to_path_buf(),
                valid: false,
                errors: 1,
                warnings: 0,
                problems: Vec::new(),
                unreadable: Some(other),
                wallet_errors: 0,
            };
        }
    };
    let errors = problems.iter().filter(|p| p.is_error() || options.strict).count();
    let warnings = problems.len() - problems.iter().filter(|p| p.is_error()).count();
    ValidateReport {
        config: path.to_path_buf(),
        valid: errors == 0,
        errors,
        warnings,
        problems,
        unreadable: None,
        wallet_errors,
    }
}
