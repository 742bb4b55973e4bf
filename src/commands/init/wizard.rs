//! The interactive `init` wizard (dialoguer), used when a terminal is attached.

use crate::commands::error::{PromptError, UsageError};
use crate::commands::CmdResult;
use basilica_miner::core::checks::setup;
use basilica_miner::core::config::template::InitSettings;
use basilica_miner::core::config::{AssignmentStrategy, Network, NodeEntry};
use basilica_miner::core::identity::ss58;
use basilica_miner::core::nodes::node::{self, NodeAddress};
use dialoguer::{theme::ColorfulTheme, Confirm, Input, Select};

use super::Args;
use crate::commands::Context;
use basilica_miner::core::checks::setup::{database_url, nodes_from_flags, DEFAULT_NODE_KEY};

/// Asks for every setting the flags did not give; `None` when the operator declines to write.
pub fn ask(args: &Args, ctx: &Context) -> CmdResult<Option<InitSettings>> {
    let theme = ColorfulTheme::default();
    ctx.out.stderr_line(format!("basilica-miner setup: answers go into {}\n", ctx.config_path.display()));

    let (wallet_path, wallet_name, hotkey_name) = wallet(&theme, args, ctx)?;
    let network = match args.network {
        Some(n) => n.into(),
        None => {
            let items = ["finney (mainnet, subnet 39)", "test (testnet, subnet 387)", "local (your own subtensor)"];
            Network::ALL[Select::with_theme(&theme)
                .with_prompt("Network")
                .items(items)
                .default(0)
                .interact()
                .map_err(PromptError)?]
        }
    };
    let external_ip: String = match &args.external_ip {
        Some(ip) => ip.clone(),
        None => loop {
            let ip: String = Input::with_theme(&theme)
                .with_prompt("Public IP address validators reach this machine at")
                .validate_with(|s: &String| s.parse::<std::net::IpAddr>().map(|_| ()).map_err(|_| "not an IP address"))
                .interact_text()
                .map_err(PromptError)?;
            // Checked now, not after the file is written: a private address is almost always a mistake.
            let why = ip.parse().ok().and_then(basilica_miner::core::config::init_warnings::unreachable_reason);
            match why {
                None => break ip,
                Some(why) => {
                    ctx.out.warn(&format!("{ip} is {why}: validators on the internet cannot reach it"));
                    if Confirm::with_theme(&theme)
                        .with_prompt(format!("Use {ip} anyway?"))
                        .default(false)
                        .interact()
                        .map_err(PromptError)?
                    {
                        break ip;
                    }
                }
            }
        },
    };
    let grpc_port = port(&theme, "gRPC port for validators", args.grpc_port, 50051)?;
    let metrics_port = port(&theme, "Prometheus metrics port", args.metrics_port, 9090)?;
    let node_user = text(&theme, "Default SSH user on GPU nodes", args.node_user.as_deref(), "root")?;

    let mut nodes = nodes_from_flags(&args.nodes, &args.rates, &node_user)?;
    while Confirm::with_theme(&theme)
        .with_prompt(if nodes.is_empty() { "Add a GPU node now?" } else { "Add another GPU node?" })
        .default(nodes.is_empty())
        .interact()
        .map_err(PromptError)?
    {
        let user = node_user.clone();
        let spec: String = Input::with_theme(&theme)
            .with_prompt("Node (user@host[:port])")
            .validate_with(move |s: &String| NodeAddress::parse(s, Some(&user)).map(|_| ()).map_err(|e| e.to_string()))
            .interact_text()
            .map_err(PromptError)?;
        let rate: String = Input::with_theme(&theme)
            .with_prompt("Hourly rate per GPU in dollars")
            .default("2.50".into())
            .validate_with(|s: &String| node::parse_rate(s).map(|_| ()).map_err(|e| e.to_string()))
            .interact_text()
            .map_err(PromptError)?;
        let addr = NodeAddress::parse(&spec, Some(&node_user))?;
        nodes.push(NodeEntry {
            host: addr.host,
            port: addr.port,
            username: Some(addr.username),
            hourly_rate_per_gpu: Some(node::parse_rate(&rate)?),
            additional_opts: None,
            gpu_category: None,
            gpu_count: None,
            extra_mount_path: None,
        });
    }

    let validator_hotkey = match &args.validator_hotkey {
        Some(h) => Some(h.clone()),
        None => {
            let fixed = Select::with_theme(&theme)
                .with_prompt("Which validator gets your nodes?")
                .items(["the permitted validator with the highest stake", "one validator hotkey I choose"])
                .default(0)
                .interact()
                .map_err(PromptError)?
                == 1;
            if fixed {
                Some(
                    Input::with_theme(&theme)
                        .with_prompt("Validator hotkey (SS58)")
                        .validate_with(|s: &String| ss58::parse(s).map(|_| ()).map_err(|e| e.to_string()))
                        .interact_text()
                        .map_err(PromptError)?,
                )
            } else {
                None
            }
        }
    };

    let settings = InitSettings {
        wallet_name,
        hotkey_name,
        wallet_path,
        network,
        netuid: args.netuid.unwrap_or_else(|| network.default_netuid()),
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
        nodes,
    };
    let problems = setup::check(&settings);
    if !problems.is_empty() {
        return Err(setup::SetupError::Invalid(problems).into());
    }
    ctx.out.stderr_line(format!("\n{}", summary(&settings)));
    let write = Confirm::with_theme(&theme)
        .with_prompt(format!("Write {}?", ctx.config_path.display()))
        .default(true)
        .interact()
        .map_err(PromptError)?;
    Ok(write.then_some(settings))
}

/// Wallet folder, wallet and hotkey: picked from what btcli created there when there is
/// any, typed otherwise; a name that is not on disk is said at once, with the btcli command
/// that creates it, and kept only when the operator says so (the file may be for another
/// machine). The folder is `None` when it is btcli's default.
fn wallet(theme: &ColorfulTheme, args: &Args, ctx: &Context) -> CmdResult<(Option<String>, String, String)> {
    use basilica_miner::core::config::init_warnings::{existing_wallets, missing_key};
    const DEFAULT_ROOT: &str = "~/.bittensor/wallets";
    let base = ctx.config_path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let written = match &args.wallet_path {
        Some(p) => p.clone(),
        None => Input::with_theme(theme)
            .with_prompt("Folder of your Bittensor wallets (btcli's --wallet.path)")
            .with_initial_text(DEFAULT_ROOT)
            .interact_text()
            .map_err(PromptError)?,
    };
    let root = basilica_miner::core::support::fsutil::resolve(&written, base);
    let wallets = existing_wallets(&root);
    if wallets.is_empty() && args.wallet_name.is_none() {
        ctx.out.warn(&format!("no wallets under {}: create one with `btcli wallet new_coldkey` and `btcli wallet new_hotkey` (you can finish this setup first)", root.display()));
    }
    let pick = |prompt: &str, names: Vec<String>, given: Option<&str>| -> CmdResult<String> {
        if let Some(g) = given {
            return Ok(g.to_string());
        }
        if names.is_empty() {
            return Ok(Input::with_theme(theme)
                .with_prompt(prompt)
                .with_initial_text("default")
                .interact_text()
                .map_err(PromptError)?);
        }
        let mut items = names.clone();
        items.push("another name…".into());
        let i = Select::with_theme(theme)
            .with_prompt(format!("{prompt} (found under {})", root.display()))
            .items(&items)
            .default(0)
            .interact()
            .map_err(PromptError)?;
        match names.get(i) {
            Some(n) => Ok(n.clone()),
            None => Ok(Input::with_theme(theme).with_prompt(prompt).interact_text().map_err(PromptError)?),
        }
    };
    loop {
        let wallet_name = pick(
            "Wallet name (btcli's --wallet.name)",
            wallets.iter().map(|w| w.name.clone()).collect(),
            args.wallet_name.as_deref(),
        )?;
        let hotkeys = wallets.iter().find(|w| w.name == wallet_name).map(|w| w.hotkeys.clone()).unwrap_or_default();
        let hotkey_name = pick("Hotkey name (btcli's --wallet.hotkey)", hotkeys, args.hotkey_name.as_deref())?;
        let Some(missing) = missing_key(&root, &wallet_name, &hotkey_name) else {
            return Ok(((written != DEFAULT_ROOT).then_some(written), wallet_name, hotkey_name));
        };
        ctx.out.warn(&format!("{}; {}", missing.message, missing.fix));
        let given = args.wallet_name.is_some() && args.hotkey_name.is_some();
        if given
            || Confirm::with_theme(theme)
                .with_prompt("Keep these names (serve needs the hotkey before it starts)?")
                .default(false)
                .interact()
                .map_err(PromptError)?
        {
            return Ok(((written != DEFAULT_ROOT).then_some(written), wallet_name, hotkey_name));
        }
    }
}

fn text(theme: &ColorfulTheme, prompt: &str, given: Option<&str>, default: &str) -> CmdResult<String> {
    if let Some(v) = given {
        return Ok(v.to_string());
    }
    Ok(Input::with_theme(theme)
        .with_prompt(prompt)
        .default(default.to_string())
        .interact_text()
        .map_err(PromptError)?)
}

fn port(theme: &ColorfulTheme, prompt: &str, given: Option<u16>, default: u16) -> CmdResult<u16> {
    if let Some(p) = given {
        return Ok(p);
    }
    let text: String = Input::with_theme(theme)
        .with_prompt(prompt)
        .default(default.to_string())
        .validate_with(|s: &String| node::parse_port(s).map(|_| ()).ok_or("give a port from 1 to 65535"))
        .interact_text()
        .map_err(PromptError)?;
    Ok(node::parse_port(&text).ok_or_else(|| UsageError(format!("`{text}` is not a port from 1 to 65535")))?)
}

fn summary(s: &InitSettings) -> String {
    let mut lines = vec![
        format!("  wallet        {}/{}", s.wallet_name, s.hotkey_name),
        format!("  network       {} (netuid {})", s.network.as_str(), s.netuid),
        format!("  advertised    {}:{}", s.external_ip, s.axon_port),
        format!("  gRPC port     {}", s.grpc_port),
        format!("  metrics port  {}", s.metrics_port),
        format!("  node key      {}", s.node_key_path),
        format!(
            "  assignment    {}",
            s.validator_hotkey.as_deref().map(|h| format!("fixed: {h}")).unwrap_or_else(|| "highest stake".into())
        ),
    ];
    for n in &s.nodes {
        lines.push(format!(
            "  node          {}@{}:{} {}",
            n.username.as_deref().unwrap_or(&s.default_node_username),
            n.host,
            n.port,
            n.hourly_rate_per_gpu.map_or_else(
                || "at the static price of its GPU category".to_string(),
                |p| format!("at ${p:.2}/GPU/hour")
            )
        ));
    }
    lines.join("\n")
}
