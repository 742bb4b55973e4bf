//! The keys each table of `miner.toml` accepts, for "unknown key" errors and suggestions (a
//! test checks the list against what the model serialises).

/// The keys each table accepts, for "unknown key" errors and suggestions. `None` for a path
/// that is not a table of the model.
pub fn known_keys(table_path: &[&str]) -> Option<&'static [&'static str]> {
    Some(match table_path {
        [] => &[
            "bittensor",
            "database",
            "validator_comms",
            "node_management",
            "ssh_session",
            "security",
            "metrics",
            "validator_assignment",
            "advertised_addresses",
            "bid_grpc_port",
            "bidding",
        ],
        ["bittensor"] => &[
            "wallet_name",
            "hotkey_name",
            "network",
            "netuid",
            "chain_endpoint",
            "external_ip",
            "axon_port",
            "weight_interval_secs",
            "metagraph_refresh_secs",
            "max_weight_uids",
            "wallet_path",
        ],
        ["database"] => &["url", "run_migrations", "max_connections", "connection_timeout", "audit_retention_days"],
        ["validator_comms"] => {
            &["host", "port", "request_timeout", "tls_enabled", "tls_cert_path", "tls_key_path", "rate_limit"]
        }
        ["validator_comms", "rate_limit"] => {
            &["enabled", "requests_per_second", "burst_capacity", "ipv4_prefix", "ipv6_prefix"]
        }
        ["node_management"] => &[
            "nodes",
            "health_check_interval",
            "health_check_timeout",
            "max_retry_attempts",
            "auto_recovery",
            "full_validation_interval",
            "max_concurrent_pulls",
            "image_refresh_interval",
        ],
        ["node_management", "nodes"] => &[
            "host",
            "port",
            "username",
            "hourly_rate_per_gpu",
            "additional_opts",
            "gpu_category",
            "gpu_count",
            "extra_mount_path",
            "cordoned",
        ],
        ["ssh_session"] => &["miner_node_key_path", "default_node_username"],
        ["security"] => &["verify_signatures", "private_key_file"],
        ["metrics"] => &["enabled", "prometheus"],
        ["metrics", "prometheus"] => &["host", "port", "path"],
        ["validator_assignment"] => &["strategy", "validator_hotkey"],
        ["advertised_addresses"] => &["grpc_endpoint", "metrics_endpoint"],
        ["bidding"] => {
            &["enabled", "validator_endpoint", "validator_ca_file", "validation_image", "port_check_image", "strategy"]
        }
        ["bidding", "strategy"] => &["static"],
        ["bidding", "strategy", "static"] => &["static_prices"],
        _ => return None,
    })
}
