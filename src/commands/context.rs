//! Global flags and what every command shares: output, prompting policy, config loading.

use std::io::IsTerminal;
use std::path::PathBuf;

use super::error::CmdResult as Result;
use basilica_miner::core::config::{self, env, LoadedConfig};
use clap::builder::BoolishValueParser;
use clap::{ArgAction, Args, ValueEnum};

use super::error::{PromptError, UsageError};
use super::logging::LogFormat;
use super::output::Output;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Path of miner.toml [env: BASILICA_MINER_CONFIG]
    #[arg(short = 'c', long, global = true, value_name = "PATH", env = env::CONFIG, default_value = "miner.toml", hide_env = true)]
    pub config: PathBuf,

    /// Print machine-readable JSON on stdout (stable field names, no colour)
    #[arg(long, global = true)]
    pub json: bool,

    /// More log output on stderr (-v debug, -vv trace) [env: BASILICA_MINER_LOG for a filter]
    #[arg(short = 'v', long = "verbose", global = true, action = ArgAction::Count)]
    pub verbose: u8,

    /// Only errors on stderr: no progress, notes or warnings
    #[arg(short = 'q', long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Log line format on stderr: text, or json for one JSON object a line [env: BASILICA_MINER_LOG_FORMAT]
    #[arg(long, global = true, value_enum, env = env::LOG_FORMAT, default_value_t = LogFormat::Text, value_name = "FORMAT", hide_env = true, hide_possible_values = true)]
    pub log_format: LogFormat,

    /// When to use colour [env: NO_COLOR disables it]
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Assume yes for confirmations; needed for destructive actions without a terminal [env: BASILICA_MINER_YES]
    #[arg(short = 'y', long, global = true, env = env::YES, value_parser = BoolishValueParser::new(), hide_env = true)]
    pub yes: bool,

    /// After changing miner.toml, make the running `serve` for it reload (SIGHUP)
    #[arg(long, global = true)]
    pub reload: bool,

    /// Never prompt; fail instead when an answer is missing [env: BASILICA_MINER_NO_INPUT]
    #[arg(long, global = true, env = env::NO_INPUT, value_parser = BoolishValueParser::new(), hide_env = true)]
    pub no_input: bool,
}

/// What a command needs besides its own arguments.
pub struct Context {
    pub config_path: PathBuf,
    pub out: Output,
    pub yes: bool,
    pub quiet: bool,
    /// Prompts allowed: a terminal on stdin and stderr, and no --no-input.
    pub interactive: bool,
    /// `--reload`: signal a running daemon after an edit.
    pub reload: bool,
}

impl Context {
    pub fn new(global: &GlobalArgs, daemon: bool) -> Context {
        let color = match global.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => std::env::var_os(env::NO_COLOR).is_none_or(|v| v.is_empty()),
        };
        let auto = global.color == ColorChoice::Auto;
        let out = Output::new(global.json, global.quiet, color, auto);
        super::logging::init(super::logging::Logging {
            quiet: global.quiet,
            verbose: global.verbose,
            format: global.log_format,
            daemon,
            color: out.stderr_color(),
        });
        Context {
            config_path: global.config.clone(),
            out,
            yes: global.yes,
            quiet: global.quiet,
            interactive: !global.no_input && std::io::stdin().is_terminal() && std::io::stderr().is_terminal(),
            reload: global.reload,
        }
    }

    /// After an edit of miner.toml: a running `serve` for this file is told to reload
    /// (`--reload`), or the operator is told how to make it. Never fails the edit itself.
    pub fn config_changed(&self) {
        use basilica_miner::core::ops::daemon as pidfile;
        let Ok(loaded) = config::load(&self.config_path, std::env::vars()) else { return };
        match pidfile::running_for(&loaded) {
            None if self.reload => self.out.note(format!("--reload: no running `basilica-miner serve` uses {}; nothing to reload", self.config_path.display())),
            None => {}
            Some(d) if self.reload => match pidfile::signal_reload(&d) {
                Ok(()) => self.out.success(format!("asked the running serve (pid {}) to reload {}", d.pid, self.config_path.display())),
                Err(e) => self.out.warn(&format!("could not signal serve (pid {}): {e}; run `systemctl reload basilica-miner` or `kill -HUP {}`", d.pid, d.pid)),
            },
            Some(d) => self.out.note(format!(
                "a running `basilica-miner serve` (pid {}) uses this file: apply the change with `systemctl reload basilica-miner` or `kill -HUP {}` (or pass --reload)",
                d.pid, d.pid
            )),
        }
    }

    /// Loads miner.toml with environment overrides; problems found while reading (unknown
    /// keys) are shown as warnings.
    pub fn load_config(&self) -> Result<LoadedConfig> {
        let loaded = config::load(&self.config_path, std::env::vars())?;
        for p in &loaded.problems {
            self.out.warn(&p.to_string());
        }
        Ok(loaded)
    }

    /// Loads miner.toml with environment overrides, leaving its reading problems to the caller.
    pub fn load_config_quietly(&self) -> Result<LoadedConfig> {
        Ok(config::load(&self.config_path, std::env::vars())?)
    }

    /// Asks before a destructive action. `--yes` answers yes; without a terminal and without
    /// `--yes` this fails with exit code 2 naming `--yes`.
    pub fn confirm_destructive(&self, question: &str) -> Result<bool> {
        if self.yes {
            return Ok(true);
        }
        if !self.interactive {
            return Err(UsageError(format!("{question} needs confirmation: pass --yes (no terminal to ask on)")).into());
        }
        Ok(dialoguer::Confirm::new().with_prompt(question).default(false).interact().map_err(PromptError)?)
    }
}
