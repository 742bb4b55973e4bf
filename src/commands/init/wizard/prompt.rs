//! Small prompts the wizard asks with: a text with a default, a port, a yes/no question;
//! each returns the flag's value instead when the flag was given.

use basilica_miner::core::config::template::InitSettings;
use basilica_miner::core::nodes::node;
use dialoguer::theme::ColorfulTheme;
use dialoguer::{Confirm, Input};

use crate::commands::error::{PromptError, UsageError};
use crate::commands::CmdResult;

pub(super) fn text(theme: &ColorfulTheme, prompt: &str, given: Option<&str>, default: &str) -> CmdResult<String> {
    if let Some(v) = given {
        return Ok(v.to_string());
    }
    Ok(Input::with_theme(theme)
        .with_prompt(prompt)
        .default(default.to_string())
        .interact_text()
        .map_err(PromptError)?)
}

pub(super) fn port(theme: &ColorfulTheme, prompt: &str, given: Option<u16>, default: u16) -> CmdResult<u16> {
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

/// A yes/no question.
pub(super) fn confirm(theme: &ColorfulTheme, prompt: impl Into<String>, default: bool) -> CmdResult<bool> {
    Ok(Confirm::with_theme(theme).with_prompt(prompt).default(default).interact().map_err(PromptError)?)
}

/// What the operator is about to write, one setting a line.
pub(super) fn summary(s: &InitSettings) -> String {
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
        format!(
            "  bids (gen 2)  {}",
            s.validator_endpoint
                .as_deref()
                .map_or_else(|| "at the assigned validator (metagraph axon IP)".to_string(), |e| format!("at {e}"))
        ),
        format!("  gen 1         legacy discovery served on port {}", s.grpc_port),
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
