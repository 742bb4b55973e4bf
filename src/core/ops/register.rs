//! `register`: connect to the chain, read what registering the hotkey and serving its axon
//! would take ([`Registration::plan`]), and, once the operator agrees, do it
//! ([`Registration::execute`]). The confirmation sits in the command between the two.

use std::net::IpAddr;
use std::time::Duration;

use serde::Serialize;

use crate::core::chain::registration::{self, Plan, RegisterError, RegistrationOutcome};
use crate::core::chain::ChainClient;
use crate::core::config::BittensorConfig;
use crate::core::identity::wallet::{Keypair, WalletError};

pub use crate::core::chain::registration::tao;

/// `[bittensor] external_ip` is missing or not an IP address.
#[derive(Debug, thiserror::Error)]
pub enum AxonIpError {
    /// The key is not set.
    #[error("[bittensor] external_ip is not set; validators find you by the IP served on chain")]
    Missing,
    /// The value is not an IP address.
    #[error("[bittensor] external_ip `{0}` is not an IP address")]
    NotAnIp(String),
}

impl crate::core::support::exit::Classify for AxonIpError {
    fn exit_class(&self) -> crate::core::support::exit::ExitClass {
        crate::core::support::exit::ExitClass::Usage
    }

    fn fix(&self) -> Option<String> {
        Some("set [bittensor] external_ip to the node-facing public IP of this machine, then run register again".into())
    }
}

/// The IP the axon is served at: `[bittensor] external_ip`.
pub fn axon_ip(b: &BittensorConfig) -> Result<IpAddr, AxonIpError> {
    let text = b.external_ip.as_deref().ok_or(AxonIpError::Missing)?;
    text.parse().map_err(|_| AxonIpError::NotAnIp(text.to_string()))
}

/// `register --json`: the plan read from the chain, and what was submitted, would be
/// submitted (`--dry-run`), or that nothing was needed (`submitted` empty).
#[derive(Debug, Clone, Serialize)]
pub struct RegisterReport<'a> {
    /// What the chain holds now and what would be submitted.
    pub plan: &'a Plan,
    /// `--dry-run`: nothing was signed.
    pub dry_run: bool,
    /// Nothing was needed (empty).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub submitted: Option<Vec<String>>,
    /// The calls `--dry-run` would have submitted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub would_submit: Option<Vec<String>>,
    /// What the submitted calls did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<RegistrationOutcome>,
}

impl<'a> RegisterReport<'a> {
    /// The chain already holds the registration and the axon.
    pub fn nothing_to_do(plan: &'a Plan, dry_run: bool) -> Self {
        RegisterReport { plan, dry_run, submitted: Some(Vec::new()), would_submit: None, outcome: None }
    }

    /// `--dry-run`: the steps that would be submitted.
    pub fn would_submit(plan: &'a Plan, steps: Vec<String>) -> Self {
        RegisterReport { plan, dry_run: true, submitted: None, would_submit: Some(steps), outcome: None }
    }

    /// What the submitted steps did.
    pub fn done(plan: &'a Plan, outcome: RegistrationOutcome) -> Self {
        RegisterReport { plan, dry_run: false, submitted: None, would_submit: None, outcome: Some(outcome) }
    }
}

/// A registration planned against a live chain connection.
pub struct Registration {
    chain: ChainClient,
    ip: IpAddr,
    axon_port: u16,
    /// What the chain holds now and what would be submitted.
    pub plan: Plan,
}

impl Registration {
    /// Connects to `endpoint` (each request bounded by `timeout`, three tries) and reads the
    /// hotkey's registration, the burn, the coldkey's balance and the axon on `netuid`.
    pub async fn plan(
        endpoint: &str,
        timeout: Duration,
        netuid: u16,
        hotkey: &Keypair,
        coldkey_ss58: &str,
        ip: IpAddr,
        axon_port: u16,
    ) -> Result<Registration, RegisterError> {
        let chain = ChainClient::connect(endpoint, timeout, 3).await?;
        let plan = registration::plan(&chain, netuid, hotkey, coldkey_ss58, ip, axon_port).await?;
        Ok(Registration { chain, ip, axon_port, plan })
    }

    /// What [`Registration::execute`] would submit, one line each (empty: nothing to do).
    pub fn steps(&self) -> Vec<String> {
        let plan = &self.plan;
        let netuid = plan.netuid;
        let mut steps = Vec::new();
        if plan.needs_register {
            steps.push(format!(
                "burned_register({netuid}, {}) signed by the coldkey, burning {}",
                plan.hotkey,
                tao(plan.burn_rao.unwrap_or(0))
            ));
        }
        if plan.needs_axon {
            steps.push(format!("serve_axon({netuid}, {}) signed by the hotkey", plan.axon_wanted));
        }
        steps
    }

    /// Submits what the plan needs: the burned registration (the coldkey is loaded only then)
    /// and the axon.
    pub async fn execute(
        &self,
        hotkey: &Keypair,
        load_coldkey: &mut dyn FnMut() -> Result<Keypair, WalletError>,
    ) -> Result<RegistrationOutcome, RegisterError> {
        registration::execute(&self.chain, &self.plan, hotkey, load_coldkey, self.ip, self.axon_port).await
    }
}
