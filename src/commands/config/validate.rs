//! `config validate`: every problem in miner.toml, located, with a fix; exit 2 on errors.

use basilica_miner::core::config::Severity;
use basilica_miner::core::ops::config_check::{validate_config, ValidateOptions};

use crate::commands::CmdResult;
use crate::commands::Context;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
    /// Do not check that the wallet and hotkey exist (a file prepared on another machine)
    #[arg(long)]
    pub no_wallet: bool,
}

pub fn run(args: Args, ctx: &Context) -> CmdResult {
    let options = ValidateOptions { strict: args.strict, no_wallet: args.no_wallet };
    let mut report = validate_config(&ctx.config_path, options);
    if let (Some(unreadable), true) = (&report.unreadable, ctx.out.json_mode()) {
        ctx.out.problem(unreadable);
        ctx.out.json(&report)?;
        return Ok(report.status());
    }
    if let Some(unreadable) = report.unreadable.take() {
        return Err(unreadable.into());
    }
    let (errors, warnings, valid, problems) = (report.errors, report.warnings, report.valid, &report.problems);
    if ctx.out.json_mode() {
        ctx.out.json(&report)?;
    } else {
        for p in problems {
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
    Ok(report.status())
}
