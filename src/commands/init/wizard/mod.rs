//! The interactive `init` wizard (dialoguer), used when a terminal is attached.

mod nodes;
mod prompt;
mod validators;
mod wallet;

use basilica_miner::core::config::template::InitSettings;
use basilica_miner::core::config::AssignmentStrategy;
use basilica_miner::core::ops::init::{self as setup, database_url, DEFAULT_NODE_KEY};
use dialoguer::{theme::ColorfulTheme, Input};
use prompt::{confirm, port, summary, text};
use wallet::wallet;

use super::Args;
use crate::commands::error::PromptError;
use crate::commands::{CmdResult, Context};

/// Asks for every setting the flags did not give; `None` when the operator declines to write.
pub fn ask(args: &Args, ctx: &Context) -> CmdResult<Option<InitSettings>> {
    let theme = ColorfulTheme::default();
    ctx.out.stderr_line(format!("basilica-miner setup: answers go into {}\n", ctx.config_path.display()));

    let (wallet_path, wallet_name, hotkey_name) = wallet(&theme, args, ctx)?;
    let (network, netuid, validator_endpoint) = validators::place(&theme, args, ctx)?;
    let external_ip = external_ip(&theme, args, ctx)?;
    let grpc_port = port(&theme, "gRPC port for validators", args.grpc_port, 50051)?;
    let metrics_port = port(&theme, "Prometheus metrics port", args.metrics_port, 9090)?;
    let node_user = text(&theme, "Default SSH user on GPU nodes", args.node_user.as_deref(), "root")?;

    let nodes = nodes::nodes(&theme, args, &node_user)?;
    let validator_hotkey = nodes::validator(&theme, args)?;

    let settings = InitSettings {
        wallet_name,
        hotkey_name,
        wallet_path,
        network,
        netuid,
        chain_endpoint: args.chain_endpoint.clone(),
        external_ip,
        axon_port: args.axon_port.unwrap_or(grpc_port),
        grpc_port,
        metrics_port,
        database_url: database_url(args.database.as_deref()),
        node_key_path: args.node_key.clone().unwrap_or_else(|| DEFAULT_NODE_KEY.into()),
        default_node_username: node_user,
        strategy: if validator_hotkey.is_some() {
            AssignmentStrategy::FixedAssignment
        } else {
            AssignmentStrategy::HighestStake
        },
        validator_hotkey,
        validator_endpoint,
        nodes,
    };
    let problems = setup::check(&settings);
    if !problems.is_empty() {
        return Err(setup::SetupError::Invalid(problems).into());
    }
    ctx.out.stderr_line(format!("\n{}", summary(&settings)));
    let write = confirm(&theme, format!("Write {}?", ctx.config_path.display()), true)?;
    Ok(write.then_some(settings))
}

/// The public IP validators reach this machine at; a private address is said at once, not
/// after the file is written (it is almost always a mistake), and kept only when confirmed.
fn external_ip(theme: &ColorfulTheme, args: &Args, ctx: &Context) -> CmdResult<String> {
    if let Some(ip) = &args.external_ip {
        return Ok(ip.clone());
    }
    loop {
        let ip: String = Input::with_theme(theme)
            .with_prompt("Public IP address validators reach this machine at")
            .validate_with(|s: &String| s.parse::<std::net::IpAddr>().map(|_| ()).map_err(|_| "not an IP address"))
            .interact_text()
            .map_err(PromptError)?;
        let Some(why) = ip.parse().ok().and_then(basilica_miner::core::config::init_warnings::unreachable_reason)
        else {
            return Ok(ip);
        };
        ctx.out.warn(&format!("{ip} is {why}: validators on the internet cannot reach it"));
        if confirm(theme, format!("Use {ip} anyway?"), false)? {
            return Ok(ip);
        }
    }
}
