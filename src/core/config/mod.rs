//! `miner.toml`: the typed model, loading with located errors and comment-preserving edits.
//! Checking a loaded file against the rules of the other domains is `core::checks`.

mod assignment;
mod bidding;
pub mod edit;
mod effective;
pub mod env;
pub mod init_warnings;
mod known_keys;
mod load;
mod locate;
pub mod lock;
pub mod model;
mod network;
pub mod paths;
pub mod problem;
pub mod template;

pub use bidding::*;
pub use effective::MASK;
pub use known_keys::known_keys;
pub use load::{load, parse, suggest, ConfigError, LoadedConfig};
pub use lock::{ConfigLock, LockError};
pub use model::*;
pub use paths::{DatabaseUrl, MinerPaths};
pub use problem::{KeyPath, Origin, Problem, Severity};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offline_needs_a_fixed_validator() {
        let mut a = ValidatorAssignmentConfig::default();
        assert_eq!(a.offline_validator(), Err(OfflineNeedsFixed));
        a.strategy = AssignmentStrategy::FixedAssignment;
        assert_eq!(a.offline_validator(), Err(OfflineNeedsFixed));
        a.validator_hotkey = Some("5G".into());
        assert_eq!(a.offline_validator(), Ok("5G"));
    }

    /// Every key the model serialises is listed in `known_keys`, and nothing else is.
    #[test]
    fn known_keys_match_the_model() {
        let mut c = MinerConfig::default();
        c.bittensor.netuid = Some(1);
        c.bittensor.metagraph_refresh_secs = Some(60);
        c.bittensor.max_weight_uids = Some(256);
        c.bittensor.chain_endpoint = Some("ws://x".into());
        c.bittensor.external_ip = Some("1.2.3.4".into());
        c.validator_comms.tls_cert_path = Some("c".into());
        c.validator_comms.tls_key_path = Some("k".into());
        c.security.private_key_file = Some("p".into());
        c.validator_assignment.validator_hotkey = Some("h".into());
        c.advertised_addresses.grpc_endpoint = Some("g".into());
        c.advertised_addresses.metrics_endpoint = Some("m".into());
        c.node_management.nodes.push(NodeEntry {
            host: "h".into(),
            port: 22,
            username: Some("u".into()),
            hourly_rate_per_gpu: Some(1.0),
            additional_opts: Some("o".into()),
            gpu_category: Some("H100".into()),
            gpu_count: Some(8),
            extra_mount_path: Some("/e".into()),
            cordoned: true,
        });
        c.bidding.validator_ca_file = Some("ca.pem".into());
        c.bidding.validator_endpoint = Some("http://v".into());
        c.bidding.strategy.fixed.static_prices.insert("H100".into(), 2.5);
        let value = toml::Value::try_from(&c).unwrap();
        fn walk(v: &toml::Value, path: &mut Vec<String>) {
            let table = match v {
                toml::Value::Table(t) => t,
                toml::Value::Array(a) => return a.iter().for_each(|x| walk(x, path)),
                _ => return,
            };
            let p: Vec<&str> = path.iter().map(String::as_str).collect();
            if p.last() == Some(&"static_prices") {
                return; // a map of GPU categories, not fixed keys
            }
            let mut known: Vec<&str> = known_keys(&p).unwrap_or_else(|| panic!("no keys for {p:?}")).to_vec();
            let mut have: Vec<&str> = table.keys().map(String::as_str).collect();
            known.sort();
            have.sort();
            assert_eq!(have, known, "keys of [{}]", p.join("."));
            for (k, child) in table {
                if matches!(child, toml::Value::Table(_))
                    || matches!(child, toml::Value::Array(a) if a.iter().any(toml::Value::is_table))
                {
                    path.push(k.clone());
                    walk(child, path);
                    path.pop();
                }
            }
        }
        walk(&value, &mut Vec::new());
    }
}
