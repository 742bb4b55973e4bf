//! `node trust`: accept a node's new host key after a reinstall (shows it first).

use basilica_miner::core::nodes::hostkeys;
use basilica_miner::core::nodes::registry;
use basilica_miner::core::ops::nodes::known_hosts_path;
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
    let records = registry::list(&loaded.config);
    let record = registry::find(&records, &args.node)?;
    let addr = record.address();
    let timeout = loaded.config.node_management.health_check_timeout;
    let key = hostkeys::scan(&addr, timeout)?;
    ctx.out.note(format!("{addr} presents {} key {}", key.algorithm, key.fingerprint));
    if !ctx.confirm_destructive(&format!("Trust this key for {addr} from now on"))? {
        ctx.out.note("nothing changed");
        return Ok(ExitStatus::Failed(ExitClass::Failure));
    }
    let known_hosts = known_hosts_path(&loaded);
    let _lock = basilica_miner::core::config::edit::lock(&ctx.config_path)?;
    hostkeys::replace(&known_hosts, &addr, &key)?;
    if ctx.out.json_mode() {
        ctx.out.json(&serde_json::json!({ "node_id": record.node_id, "address": addr.to_string(), "host_key": key, "known_hosts": known_hosts }))?;
    } else {
        ctx.out.success(format!("{addr} is trusted with {}", key.fingerprint));
    }
    Ok(ExitStatus::Success)
}
