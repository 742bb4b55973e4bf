//! `node trust`: accept a node's new host key after a reinstall (shows it first).

use basilica_miner::core::ops::nodes::TrustPlan;
use basilica_miner::core::support::exit::ExitClass;

use crate::commands::CmdResult;
use crate::commands::{Context, ExitStatus};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The node (id, user@host:port, host:port or host)
    #[arg(value_name = "NODE")]
    pub node: String,
}

pub fn run(args: Args, ctx: &Context) -> CmdResult {
    let loaded = ctx.load_config()?;
    let plan = TrustPlan::read(&loaded, &args.node)?;
    let addr = plan.address.to_string();
    ctx.out.note(format!("{addr} presents {} key {}", plan.key.algorithm, plan.key.fingerprint));
    if !ctx.confirm_destructive(&format!("Trust this key for {addr} from now on"))? {
        ctx.out.note("nothing changed");
        return Ok(ExitStatus::Failed(ExitClass::Failure));
    }
    let report = plan.execute(&ctx.config_path)?;
    if ctx.out.json_mode() {
        ctx.out.json(&report)?;
    } else {
        ctx.out.success(format!("{addr} is trusted with {}", report.host_key.fingerprint));
    }
    Ok(ExitStatus::Success)
}
