//! `register`: connect to the chain, read what registering the hotkey and serving its axon
//! would take ([`Registration::plan`]), and, once the operator agrees, do it
//! ([`Registration::execute`]). The confirmation sits in the command between the two.

use std::net::IpAddr;
use std::time::Duration;

use crate::core::chain::registration::{self, Outcome, Plan, RegisterError};
use crate::core::chain::ChainClient;
use crate::core::identity::wallet::{Keypair, WalletError};

pub use crate::core::chain::registration::tao;

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

    /// Submits what the plan needs: the burned registration (the coldkey is loaded only then)
    /// and the axon.
    pub async fn execute(
        &self,
        hotkey: &Keypair,
        load_coldkey: &mut dyn FnMut() -> Result<Keypair, WalletError>,
    ) -> Result<Outcome, RegisterError> {
        registration::execute(&self.chain, &self.plan, hotkey, load_coldkey, self.ip, self.axon_port).await
    }
}
