//! `config show`: the effective configuration, with key paths masked unless asked.

use basilica_miner::core::config::MinerConfig;

use crate::commands::CmdResult;
use crate::commands::{Context, ExitStatus};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Show key file paths instead of masking them.
    #[arg(long)]
    pub show_sensitive: bool,
}

/// What masked values print as.
const MASK: &str = "<hidden; --show-sensitive shows it>";

pub fn run(args: Args, ctx: &Context) -> CmdResult {
    let loaded = ctx.load_config()?;
    let mut effective = loaded.config.clone();
    effective.bittensor.netuid = Some(effective.bittensor.effective_netuid());
    effective.bittensor.chain_endpoint = Some(effective.bittensor.effective_endpoint().to_string());
    if !args.show_sensitive {
        mask(&mut effective);
    }
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

fn mask(c: &mut MinerConfig) {
    c.ssh_session.miner_node_key_path = MASK.into();
    if c.security.private_key_file.is_some() {
        c.security.private_key_file = Some(MASK.into());
    }
    if c.validator_comms.tls_key_path.is_some() {
        c.validator_comms.tls_key_path = Some(MASK.into());
    }
}
