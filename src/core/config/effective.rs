//! `config show`: the configuration in effect, with what the daemon derives filled in (the
//! netuid and chain endpoint of the network) and the key file paths masked unless asked.

use super::{LoadedConfig, MinerConfig};

/// What a masked value reads as.
pub const MASK: &str = "<hidden; --show-sensitive shows it>";

impl LoadedConfig {
    /// The configuration in effect; key file paths masked unless `show_sensitive`.
    pub fn effective(&self, show_sensitive: bool) -> MinerConfig {
        let mut c = self.config.clone();
        c.bittensor.netuid = Some(c.bittensor.effective_netuid());
        c.bittensor.chain_endpoint = Some(c.bittensor.effective_endpoint().to_string());
        if !show_sensitive {
            c.ssh_session.miner_node_key_path = MASK.into();
            if c.security.private_key_file.is_some() {
                c.security.private_key_file = Some(MASK.into());
            }
            if c.validator_comms.tls_key_path.is_some() {
                c.validator_comms.tls_key_path = Some(MASK.into());
            }
        }
        c
    }
}
