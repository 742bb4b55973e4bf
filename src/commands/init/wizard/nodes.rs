//! The wizard's node questions: nodes (GPU servers, or CPU-only hosts by class) with their
//! rates, and which validator gets them.

use basilica_miner::core::config::NodeEntry;
use basilica_miner::core::identity::ss58;
use basilica_miner::core::nodes::category::Category;
use basilica_miner::core::nodes::node::{self, NodeAddress};
use basilica_miner::core::ops::init::nodes_from_flags;
use dialoguer::theme::ColorfulTheme;
use dialoguer::{Input, Select};

use super::super::Args;
use super::prompt::confirm;
use crate::commands::error::PromptError;
use crate::commands::CmdResult;

/// The nodes given as flags, then as many more as the operator adds.
pub(super) fn nodes(theme: &ColorfulTheme, args: &Args, node_user: &str) -> CmdResult<Vec<NodeEntry>> {
    let mut nodes = nodes_from_flags(&args.nodes, &args.rates, node_user)?;
    while confirm(theme, if nodes.is_empty() { "Add a node now?" } else { "Add another node?" }, nodes.is_empty())? {
        let user = node_user.to_string();
        let spec: String = Input::with_theme(theme)
            .with_prompt("Node (user@host[:port])")
            .validate_with(move |s: &String| NodeAddress::parse(s, Some(&user)).map(|_| ()).map_err(|e| e.to_string()))
            .interact_text()
            .map_err(PromptError)?;
        let class = machine(theme)?;
        let rate: String = Input::with_theme(theme)
            .with_prompt(if class.is_some() {
                "Hourly rate for the host in dollars"
            } else {
                "Hourly rate per GPU in dollars"
            })
            .default(if class.is_some() { "0.40".into() } else { "2.50".into() })
            .validate_with(|s: &String| node::parse_rate(s).map(|_| ()).map_err(|e| e.to_string()))
            .interact_text()
            .map_err(PromptError)?;
        let addr = NodeAddress::parse(&spec, Some(node_user))?;
        nodes.push(NodeEntry {
            host: addr.host,
            port: addr.port,
            username: Some(addr.username),
            hourly_rate_per_gpu: Some(node::parse_rate(&rate)?),
            additional_opts: None,
            gpu_count: class.map(|_| 1),
            gpu_category: class.map(str::to_string),
            extra_mount_path: None,
            cordoned: false,
        });
    }
    Ok(nodes)
}

/// What the machine is: GPUs (nvidia-smi names them at `node test`, nothing is declared), or
/// a CPU-only host of one of the classes validators know (declared with one device).
fn machine(theme: &ColorfulTheme) -> CmdResult<Option<&'static str>> {
    let gpus = Select::with_theme(theme)
        .with_prompt("What is this machine?")
        .items(["GPUs: nvidia-smi names them at `node test`", "a CPU-only host (no GPUs)"])
        .default(0)
        .interact()
        .map_err(PromptError)?
        == 0;
    if gpus {
        return Ok(None);
    }
    let classes = Category::CPU_CLASSES;
    let picked = Select::with_theme(theme)
        .with_prompt("Its class, as validators price it")
        .items(classes)
        .default(1)
        .interact()
        .map_err(PromptError)?;
    Ok(Some(classes[picked]))
}

/// A fixed validator's hotkey, or `None` for the permitted validator with the highest stake.
pub(super) fn validator(theme: &ColorfulTheme, args: &Args) -> CmdResult<Option<String>> {
    Ok(match &args.validator_hotkey {
        Some(h) => Some(h.clone()),
        None => {
            let fixed = Select::with_theme(theme)
                .with_prompt("Which validator gets your nodes?")
                .items(["the permitted validator with the highest stake", "one validator hotkey I choose"])
                .default(0)
                .interact()
                .map_err(PromptError)?
                == 1;
            if fixed {
                Some(
                    Input::with_theme(theme)
                        .with_prompt("Validator hotkey (SS58)")
                        .validate_with(|s: &String| ss58::parse(s).map(|_| ()).map_err(|e| e.to_string()))
                        .interact_text()
                        .map_err(PromptError)?,
                )
            } else {
                None
            }
        }
    })
}
