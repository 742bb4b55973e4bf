//! `config validate`: every problem in miner.toml, located, with a fix; exit 2 on errors.

use basilica_miner::core::support::exit::ExitClass;
use std::path::PathBuf;

use basilica_miner::core::checks::{self, Area};
use basilica_miner::core::config::{self, ConfigError, Problem, Severity};
use serde::Serialize;

use crate::commands::CmdResult;
use crate::commands::{Context, ExitStatus};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
    /// Do not check that the wallet and hotkey exist (a file prepared on another machine)
    #[arg(long)]
    pub no_wallet: bool,
}

#[derive(Serialize)]
struct Report {
    config: PathBuf,
    valid: bool,
    errors: usize,
    warnings: usize,
    problems: Vec<Problem>,
}

pub fn run(args: Args, ctx: &Context) -> CmdResult {
    let mut wallet_errors = 0;
    let problems = match config::load(&ctx.config_path, std::env::vars()) {
        Ok(loaded) => {
            let mut all = loaded.problems.clone();
            all.extend(checks::validate(&loaded, &Area::all_but_wallet()));
            if !args.no_wallet {
                let wallet = checks::validate(&loaded, &[Area::Wallet]);
                wallet_errors = wallet.iter().filter(|p| p.is_error()).count();
                all.extend(wallet);
            }
            config::problem::sort_by_position(&mut all);
            all
        }
        Err(ConfigError::Invalid { problems, .. }) => problems,
        Err(other) if ctx.out.json_mode() => {
            // A file that cannot be read or parsed is still a report: `jq .valid` keeps working.
            ctx.out.problem(&other);
            ctx.out.json(&serde_json::json!({ "config": ctx.config_path, "valid": false, "errors": 1, "warnings": 0, "problems": [], "error": other.to_string() }))?;
            return Ok(ExitStatus::Failed(ExitClass::Usage));
        }
        Err(other) => return Err(other.into()),
    };
    let errors = problems.iter().filter(|p| p.is_error() || args.strict).count();
    let warnings = problems.len() - problems.iter().filter(|p| p.is_error()).count();
    let valid = errors == 0;
    if ctx.out.json_mode() {
        ctx.out.json(&Report { config: ctx.config_path.clone(), valid, errors, warnings, problems })?;
    } else {
        for p in &problems {
            match p.severity {
                Severity::Error => ctx.out.problem(p),
                Severity::Warning => ctx.out.warn(&p.to_string()),
            }
        }
        if valid {
            let suffix = match warnings {
                0 => String::new(),
                1 => " (1 warning)".into(),
                n => format!(" ({n} warnings)"),
            };
            ctx.out.line(format!("Configuration validation passed{suffix}"))?;
        } else {
            ctx.out.stderr_line(format!(
                "Configuration validation failed: {errors} error{} in {}",
                if errors == 1 { "" } else { "s" },
                ctx.config_path.display()
            ));
        }
    }
    Ok(match (valid, errors == wallet_errors) {
        (true, _) => ExitStatus::Success,
        // Only the wallet is missing: the credentials exit status, as `serve` would give.
        (false, true) => ExitStatus::Failed(ExitClass::Credentials),
        (false, false) => ExitStatus::Failed(ExitClass::Usage),
    })
}
