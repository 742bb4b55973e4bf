//! Where the validators that take the bids are: a subnet's metagraph (network and netuid, with
//! what is known about subnet 39) or one validator's bid endpoint the operator gives. The
//! network is asked either way: the miner's hotkey is registered on its chain.

use basilica_miner::core::config::Network;
use basilica_miner::core::ops::bid_validators::{subnet_note, SEE_VALIDATORS};
use dialoguer::{theme::ColorfulTheme, Input, Select};

use super::super::Args;
use crate::commands::error::PromptError;
use crate::commands::{CmdResult, Context};

/// The network, the netuid and the bid endpoint (`None`: the assigned validator's axon IP).
pub(super) fn place(theme: &ColorfulTheme, args: &Args, ctx: &Context) -> CmdResult<(Network, u16, Option<String>)> {
    let by_endpoint = match &args.validator_endpoint {
        Some(_) => true,
        None => {
            Select::with_theme(theme)
                .with_prompt("Where are the validators that take your bids?")
                .items([
                    "on a subnet's metagraph: I choose the network and the subnet (netuid)",
                    "at one validator's bid endpoint: I give its URL (e.g. https://validator.example)",
                ])
                .default(0)
                .interact()
                .map_err(PromptError)?
                == 1
        }
    };
    let network = match args.network {
        Some(n) => n.into(),
        None => {
            let items = [
                "finney (mainnet; subnet 39 has run other mechanisms than Basilica since 2026-05)",
                "test (testnet, subnet 387)",
                "local (your own subtensor)",
            ];
            Network::ALL[Select::with_theme(theme)
                .with_prompt("Network (the chain your hotkey is registered on)")
                .items(items)
                .default(0)
                .interact()
                .map_err(PromptError)?]
        }
    };
    let netuid = match args.netuid {
        Some(n) => n,
        None => Input::with_theme(theme)
            .with_prompt("Subnet (netuid) of the validators")
            .default(network.default_netuid())
            .interact_text()
            .map_err(PromptError)?,
    };
    let note = subnet_note(netuid);
    if network == Network::Finney && !note.is_empty() && !by_endpoint {
        ctx.out.warn(&format!(
            "subnet {netuid}{note}: check which validators take bids with `{SEE_VALIDATORS}` after this, or give a validator's bid endpoint"
        ));
    }
    if !by_endpoint {
        return Ok((network, netuid, None));
    }
    if let Some(e) = &args.validator_endpoint {
        return Ok((network, netuid, Some(e.clone())));
    }
    let url: String = Input::with_theme(theme)
        .with_prompt("Validator bid endpoint URL")
        .validate_with(|s: &String| {
            basilica_miner::core::ops::bid::parse_override(s).map(|_| ()).map_err(|e| e.to_string())
        })
        .interact_text()
        .map_err(PromptError)?;
    ctx.out.note(format!("check it before serve: `{SEE_VALIDATORS} --endpoint {url}`"));
    Ok((network, netuid, Some(url)))
}
