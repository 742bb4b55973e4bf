//! `init`: write miner.toml (wizard on a terminal, flags otherwise) and the miner's node key.

mod args;
mod wizard;

pub use args::Args;
use basilica_miner::core::ops::init as setup;
use basilica_miner::core::support::exit::ExitClass;

use super::{Context, ExitStatus};
use crate::commands::error::ErrorContext as _;
use crate::commands::CmdResult;

pub fn run(args: Args, ctx: &Context) -> CmdResult {
    if ctx.config_path.exists() && !args.force {
        return Err(setup::SetupError::Exists(ctx.config_path.clone()).into());
    }
    let settings = if ctx.interactive {
        match wizard::ask(&args, ctx)? {
            Some(s) => s,
            None => {
                ctx.out.note("nothing written");
                return Ok(ExitStatus::Failed(ExitClass::Failure));
            }
        }
    } else {
        setup::settings_from_answers(&args.answers())?
    };
    let outcome = setup::apply(&ctx.config_path, &settings, args.force)
        .with_context(|| format!("{} was not written", ctx.config_path.display()))?;
    if args.force {
        ctx.config_changed();
    }
    if ctx.out.json_mode() {
        ctx.out.json(&outcome)?;
        return Ok(ExitStatus::Success);
    }
    ctx.out.success(format!("wrote {}", outcome.config_path.display()));
    // The wizard said these while asking, and the operator chose to keep the answers.
    if !ctx.interactive {
        for w in &outcome.warnings {
            ctx.out.warn(w);
        }
    }
    if let Some(b) = &outcome.backup_path {
        ctx.out.note(format!("  previous file kept as {}", b.display()));
    }
    if let Some(d) = &outcome.database_dir_created {
        ctx.out.note(format!("  created database directory {}", d.display()));
    }
    let verb = if outcome.node_key_generated { "generated" } else { "using existing" };
    ctx.out.note(format!("  {verb} node key {}", outcome.node_key_path.display()));
    ctx.out.note(format!("  {} node(s) configured", outcome.nodes.len()));
    ctx.out.note(match &settings.validator_endpoint {
        Some(e) => format!("  bids (generation 2, the main path) go to {e}"),
        None => "  bids (generation 2, the main path) go to the assigned validator's axon IP from the metagraph".into(),
    });
    ctx.out.note("\nPut the miner's public key in ~/.ssh/authorized_keys of every GPU node:");
    ctx.out.line(&outcome.node_public_key)?;
    // The hint names the first node when one is known.
    let copy_to = outcome.nodes.first().map_or_else(
        || "USER@NODE".to_string(),
        |n| {
            let target = format!("{}@{}", n.username, n.host);
            if n.port == 22 {
                target
            } else {
                format!("-p {} {target}", n.port)
            }
        },
    );
    let next = if outcome.nodes.is_empty() {
        "Next: `basilica-miner node add USER@HOST --rate 2.50` for each GPU node, then `basilica-miner config validate` and `basilica-miner node test`."
    } else {
        "Next: `basilica-miner config validate`, then `basilica-miner node test --full`."
    };
    ctx.out.note(format!("e.g. ssh-copy-id -i {}.pub {copy_to}\n\n{next}", outcome.node_key_path.display()));
    Ok(ExitStatus::Success)
}
