//! `config show`: the effective configuration (`LoadedConfig::effective`), with key paths
//! masked unless asked.

use crate::commands::CmdResult;
use crate::commands::{Context, ExitStatus};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Show key file paths instead of masking them.
    #[arg(long)]
    pub show_sensitive: bool,
}

pub fn run(args: Args, ctx: &Context) -> CmdResult {
    let loaded = ctx.load_config()?;
    let effective = loaded.effective(args.show_sensitive);
    for (key, var) in &loaded.env_overrides {
        ctx.out.note(format!("note: {key} is set by {var}"));
    }
    if ctx.out.json_mode() {
        ctx.out.json(&effective)?;
    } else {
        let text = toml::to_string_pretty(&effective)?;
        ctx.out.line(format!("# effective configuration of {}\n{}", loaded.path.display(), text.trim_end()))?;
    }
    Ok(ExitStatus::Success)
}
