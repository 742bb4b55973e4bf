//! A new `miner.toml` for `init`: the commented example file with the operator's answers
//! filled in, so every generated file documents every key.

use std::path::Path;

use super::edit::{ConfigDocument, EditError};
use super::model::{AssignmentStrategy, Network, NodeEntry};

/// The commented example shipped in `config/miner.toml.example`.
pub const EXAMPLE: &str = include_str!("../../../config/miner.toml.example");

/// What `init` asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct InitSettings {
    /// `[bittensor] wallet_name`.
    pub wallet_name: String,
    /// `[bittensor] hotkey_name`.
    pub hotkey_name: String,
    /// `[bittensor] wallet_path`, when not the default.
    pub wallet_path: Option<String>,
    /// `[bittensor] network`.
    pub network: Network,
    /// `[bittensor] netuid`.
    pub netuid: u16,
    /// `[bittensor] chain_endpoint`, when not the network's.
    pub chain_endpoint: Option<String>,
    /// `[bittensor] external_ip`.
    pub external_ip: String,
    /// `[bittensor] axon_port`.
    pub axon_port: u16,
    /// `[validator_comms] port`.
    pub grpc_port: u16,
    /// `[metrics.prometheus] port`.
    pub metrics_port: u16,
    /// `[database] url`.
    pub database_url: String,
    /// `[ssh_session] miner_node_key_path`.
    pub node_key_path: String,
    /// `[ssh_session] default_node_username`.
    pub default_node_username: String,
    /// `[validator_assignment] strategy`.
    pub strategy: AssignmentStrategy,
    /// `[validator_assignment] validator_hotkey`.
    pub validator_hotkey: Option<String>,
    /// Where generation 2 registers the nodes (`None`: the assigned validator's axon IP from
    /// the metagraph and `bid_grpc_port`).
    pub validator_endpoint: Option<String>,
    /// `[node_management] nodes`.
    pub nodes: Vec<NodeEntry>,
}

/// Renders the example with `settings` applied; comments stay in place.
pub fn render(settings: &InitSettings, path: &Path) -> Result<String, EditError> {
    let s = settings;
    let mut doc = ConfigDocument::from_text(path, EXAMPLE)?;
    doc.set(&["bittensor", "wallet_name"], s.wallet_name.as_str())?;
    doc.set(&["bittensor", "hotkey_name"], s.hotkey_name.as_str())?;
    if let Some(p) = &s.wallet_path {
        doc.set(&["bittensor", "wallet_path"], p.as_str())?;
    }
    doc.set(&["bittensor", "network"], s.network.as_str())?;
    doc.set(&["bittensor", "netuid"], i64::from(s.netuid))?;
    if let Some(e) = &s.chain_endpoint {
        doc.set(&["bittensor", "chain_endpoint"], e.as_str())?;
    }
    doc.set(&["bittensor", "external_ip"], s.external_ip.as_str())?;
    doc.set(&["bittensor", "axon_port"], i64::from(s.axon_port))?;
    doc.set(&["database", "url"], s.database_url.as_str())?;
    doc.set(&["validator_comms", "port"], i64::from(s.grpc_port))?;
    doc.set(&["metrics", "prometheus", "port"], i64::from(s.metrics_port))?;
    doc.set(&["ssh_session", "miner_node_key_path"], s.node_key_path.as_str())?;
    doc.set(&["ssh_session", "default_node_username"], s.default_node_username.as_str())?;
    let strategy = match s.strategy {
        AssignmentStrategy::HighestStake => "highest_stake",
        AssignmentStrategy::FixedAssignment => "fixed_assignment",
    };
    doc.set(&["validator_assignment", "strategy"], strategy)?;
    if let Some(h) = &s.validator_hotkey {
        doc.set(&["validator_assignment", "validator_hotkey"], h.as_str())?;
    }
    if let Some(e) = &s.validator_endpoint {
        doc.set(&["bidding", "validator_endpoint"], e.as_str())?;
    }
    for node in &s.nodes {
        doc.add_node(node)?;
    }
    Ok(doc.to_text())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::config::parse;

    #[test]
    fn the_example_parses_without_unknown_keys() {
        let l = parse(Path::new("example"), ".".into(), EXAMPLE.to_string(), std::iter::empty()).unwrap();
        assert!(l.problems.is_empty(), "{:?}", l.problems);
        assert_eq!(l.config.bittensor.effective_netuid(), 39);
    }

    #[test]
    fn rendered_settings_read_back() {
        let settings = InitSettings {
            wallet_name: "miner".into(),
            hotkey_name: "hk".into(),
            wallet_path: None,
            network: Network::Test,
            netuid: 387,
            chain_endpoint: None,
            external_ip: "198.51.100.7".into(),
            axon_port: 50052,
            grpc_port: 50052,
            metrics_port: 9100,
            database_url: "sqlite://data/miner.db".into(),
            node_key_path: "keys/node_ed25519".into(),
            default_node_username: "ubuntu".into(),
            strategy: AssignmentStrategy::HighestStake,
            validator_hotkey: None,
            validator_endpoint: Some("https://validator.example:443".into()),
            nodes: vec![NodeEntry {
                host: "10.0.0.9".into(),
                port: 2222,
                username: Some("gpu".into()),
                hourly_rate_per_gpu: Some(3.0),
                additional_opts: None,
                gpu_category: None,
                gpu_count: None,
                extra_mount_path: None,
                cordoned: false,
            }],
        };
        let text = render(&settings, Path::new("m.toml")).unwrap();
        assert!(text.contains("# Which chain:"), "comments survive");
        let l = parse(Path::new("m.toml"), ".".into(), text, std::iter::empty()).unwrap();
        assert!(l.problems.is_empty());
        let c = l.config;
        assert_eq!(c.bittensor.network, Network::Test);
        assert_eq!(c.bittensor.effective_netuid(), 387);
        assert_eq!(c.validator_comms.port, 50052);
        assert_eq!(c.metrics.prometheus.port, 9100);
        assert_eq!(c.node_management.nodes, settings.nodes);
        assert!(c.bidding.enabled, "generation 2 is on in every new file");
        assert_eq!(c.bidding.validator_endpoint.as_deref(), Some("https://validator.example:443"));
    }
}
