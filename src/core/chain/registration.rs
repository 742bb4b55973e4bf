//! `register`: burned registration on the subnet (coldkey-signed) and serving the axon
//! (hotkey-signed, only when the chain's axon differs from the config: it is rate limited).

use std::net::IpAddr;

use serde::Serialize;

use crate::core::chain::{encode_ip, AxonInfo, ChainClient, ChainError, TxOutcome};
use crate::core::identity::ss58;
use crate::core::identity::wallet::{Keypair, WalletError};

/// One TAO in rao.
pub const RAO_PER_TAO: u64 = 1_000_000_000;

/// `1.500000000 TAO` from rao.
pub fn tao(rao: u64) -> String {
    format!("{}.{:09} TAO", rao / RAO_PER_TAO, rao % RAO_PER_TAO)
}

/// Why `register` could not finish.
#[derive(Debug, thiserror::Error)]
pub enum RegisterError {
    /// The chain could not be reached or refused a call.
    #[error(transparent)]
    Chain(#[from] ChainError),
    /// The wallet could not be loaded.
    #[error(transparent)]
    Wallet(#[from] WalletError),
    /// The coldkey holds less than the registration burns.
    #[error("the coldkey {coldkey} holds {} but registration burns {}; add TAO to the coldkey and try again", tao(*.balance), tao(*.burn))]
    InsufficientBalance {
        /// The coldkey's SS58 address.
        coldkey: String,
        /// Its free balance in rao.
        balance: u64,
        /// The burn in rao.
        burn: u64,
    },
    /// The registration was included but the hotkey has no uid on the subnet afterwards.
    #[error("registration was submitted but the hotkey has no uid on netuid {0} afterwards")]
    NotRegisteredAfter(u16),
}

/// What the chain says now and what `register` would do.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// The chain endpoint used.
    pub endpoint: String,
    /// The subnet.
    pub netuid: u16,
    /// The miner's hotkey (SS58).
    pub hotkey: String,
    /// The wallet's coldkey (SS58).
    pub coldkey: String,
    /// The hotkey's uid on the subnet, when registered.
    pub uid: Option<u16>,
    /// What a registration burns now, in rao (when one is needed).
    pub burn_rao: Option<u64>,
    /// The coldkey's free balance, in rao (when a registration is needed).
    pub balance_rao: Option<u64>,
    /// The axon the chain holds for the hotkey (`ip:port`).
    pub axon_on_chain: Option<String>,
    /// The axon the configuration asks for (`ip:port`).
    pub axon_wanted: String,
    /// Whether the hotkey must be registered.
    pub needs_register: bool,
    /// Whether the axon must be served.
    pub needs_axon: bool,
}

/// True when the chain's axon already points at `ip:port`.
pub fn axon_matches(axon: Option<&AxonInfo>, ip: IpAddr, port: u16) -> bool {
    let (want_ip, want_type) = encode_ip(ip);
    axon.is_some_and(|a| a.ip == want_ip && a.ip_type == want_type && a.port == port)
}

/// `ip:port` (IPv6 in brackets) of an on-chain axon.
pub fn show_axon(a: &AxonInfo) -> String {
    match a.ip_addr() {
        Some(IpAddr::V6(v6)) => format!("[{v6}]:{}", a.port),
        Some(ip) => format!("{ip}:{}", a.port),
        None => format!("(ip_type {}):{}", a.ip_type, a.port),
    }
}

/// Reads registration, burn, balance and axon.
pub async fn plan(
    chain: &ChainClient,
    netuid: u16,
    hotkey: &Keypair,
    coldkey_ss58: &str,
    ip: IpAddr,
    port: u16,
) -> Result<Plan, RegisterError> {
    let uid = chain.uid(netuid, hotkey.public()).await?;
    let (burn, balance) = if uid.is_none() {
        let cold =
            ss58::parse(coldkey_ss58).map_err(|e| ChainError::InvalidAccount(format!("{coldkey_ss58} ({e})")))?;
        (Some(chain.burn(netuid).await?), Some(chain.free_balance(*cold.as_ref()).await?))
    } else {
        (None, None)
    };
    let axon = chain.axon(netuid, hotkey.public()).await?;
    let wanted = if ip.is_ipv6() { format!("[{ip}]:{port}") } else { format!("{ip}:{port}") };
    Ok(Plan {
        endpoint: chain.endpoint.clone(),
        netuid,
        hotkey: hotkey.ss58.clone(),
        coldkey: coldkey_ss58.to_string(),
        uid,
        burn_rao: burn,
        balance_rao: balance,
        axon_on_chain: axon.as_ref().map(show_axon),
        axon_wanted: wanted,
        needs_register: uid.is_none(),
        needs_axon: !axon_matches(axon.as_ref(), ip, port),
    })
}

/// What `register` did.
#[derive(Debug, Clone, Serialize)]
pub struct RegistrationOutcome {
    /// The hotkey's uid.
    pub uid: u16,
    /// Whether this run registered it.
    pub registered_now: bool,
    /// The registration's transaction, when one was sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub register_tx: Option<TxOutcome>,
    /// Whether this run served the axon.
    pub axon_served: bool,
    /// The serve_axon transaction, when one was sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serve_axon_tx: Option<TxOutcome>,
}

/// Registers when needed (checking the balance first) and serves the axon when it differs.
/// The coldkey is loaded only when a registration is actually submitted.
pub async fn execute(
    chain: &ChainClient,
    plan: &Plan,
    hotkey: &Keypair,
    load_coldkey: &mut dyn FnMut() -> Result<Keypair, WalletError>,
    ip: IpAddr,
    port: u16,
) -> Result<RegistrationOutcome, RegisterError> {
    let mut register_tx = None;
    let uid = match plan.uid {
        Some(uid) => uid,
        None => {
            let (burn, balance) = (plan.burn_rao.unwrap_or(0), plan.balance_rao.unwrap_or(0));
            if balance < burn {
                return Err(RegisterError::InsufficientBalance { coldkey: plan.coldkey.clone(), balance, burn });
            }
            let coldkey = load_coldkey()?;
            register_tx = Some(chain.burned_register(&coldkey, plan.netuid, hotkey.public()).await?);
            chain.uid(plan.netuid, hotkey.public()).await?.ok_or(RegisterError::NotRegisteredAfter(plan.netuid))?
        }
    };
    let axon_now = chain.axon(plan.netuid, hotkey.public()).await?;
    let mut serve_axon_tx = None;
    if !axon_matches(axon_now.as_ref(), ip, port) {
        serve_axon_tx = Some(chain.serve_axon(hotkey, plan.netuid, ip, port).await?);
    }
    Ok(RegistrationOutcome {
        uid,
        registered_now: register_tx.is_some(),
        register_tx,
        axon_served: serve_axon_tx.is_some(),
        serve_axon_tx,
    })
}

/// The exit status class of this error (see `core::support::exit`).
impl crate::core::support::exit::Classify for RegisterError {
    fn exit_class(&self) -> crate::core::support::exit::ExitClass {
        match self {
            RegisterError::Wallet(_) => crate::core::support::exit::ExitClass::Credentials,
            RegisterError::Chain(e) => e.exit_class(),
            _ => crate::core::support::exit::ExitClass::Failure,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tao_formatting() {
        assert_eq!(tao(1_500_000_000), "1.500000000 TAO");
        assert_eq!(tao(7), "0.000000007 TAO");
    }

    #[test]
    fn axon_comparison() {
        let a = AxonInfo {
            block: 1,
            version: 0,
            ip: u128::from(u32::from(std::net::Ipv4Addr::new(1, 2, 3, 4))),
            port: 9,
            ip_type: 4,
            protocol: 4,
        };
        assert!(axon_matches(Some(&a), "1.2.3.4".parse().unwrap(), 9));
        assert!(!axon_matches(Some(&a), "1.2.3.4".parse().unwrap(), 10));
        assert!(!axon_matches(None, "1.2.3.4".parse().unwrap(), 9));
    }
}
