//! The wizard's wallet questions: the wallet folder, wallet and hotkey, picked from what
//! btcli created when there is any.

use basilica_miner::core::config::init_warnings::{existing_wallets, missing_key};
use dialoguer::theme::ColorfulTheme;
use dialoguer::{Confirm, Input, Select};

use super::super::Args;
use crate::commands::error::PromptError;
use crate::commands::{CmdResult, Context};

/// Wallet folder, wallet and hotkey: picked from what btcli created there when there is
/// any, typed otherwise; a name that is not on disk is said at once, with the btcli command
/// that creates it, and kept only when the operator says so (the file may be for another
/// machine). The folder is `None` when it is btcli's default.
pub(super) fn wallet(theme: &ColorfulTheme, args: &Args, ctx: &Context) -> CmdResult<(Option<String>, String, String)> {
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
