//! Validation rules over a loaded config, grouped by the area a command needs, so that one
//! missing file never breaks commands that do not use it.

use super::findings::Findings;
use std::net::IpAddr;
use std::path::Path;

use crate::core::config::problem::Problem;
use crate::core::config::LoadedConfig;
use crate::core::config::{AssignmentStrategy, Network};
use crate::core::identity::{ss58, sshkey};

/// A part of the configuration that some commands need and others do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    /// Wallet names, network, netuid, external address, chain endpoint.
    Bittensor,
    /// The SQLite database location.
    Database,
    /// The gRPC listener, TLS and rate limiting.
    ValidatorComms,
    /// The node list and health-check settings.
    Nodes,
    /// The miner's own SSH key for its nodes.
    NodeKey,
    /// Signature checking and the private key file.
    Security,
    /// The Prometheus endpoint.
    Metrics,
    /// Which validator gets the nodes.
    Assignment,
    /// Generation 2: bid port, validator endpoint, static prices, node addresses and prices.
    Bidding,
    /// The wallet and hotkey files `serve` loads.
    Wallet,
}

impl Area {
    /// Every area, in the order `config validate` reports them.
    pub const ALL: [Area; 10] = [
        Area::Bittensor,
        Area::Database,
        Area::ValidatorComms,
        Area::Nodes,
        Area::NodeKey,
        Area::Security,
        Area::Metrics,
        Area::Assignment,
        Area::Bidding,
        Area::Wallet,
    ];

    /// Every area but the wallet: what a running daemon re-checks on reload (its hotkey is
    /// loaded already) and what `config validate --no-wallet` checks.
    pub fn all_but_wallet() -> Vec<Area> {
        Area::ALL.into_iter().filter(|a| *a != Area::Wallet).collect()
    }
}

/// Every problem of a loaded configuration but the wallet's (which needs the wallet files and,
/// for an encrypted hotkey, a password): those found while reading it, then each area's. What
/// `serve` starts with, a reload applies and `config validate` reports all begin here.
pub fn problems_without_wallet(loaded: &LoadedConfig) -> Vec<Problem> {
    let mut all = loaded.problems.clone();
    all.extend(validate(loaded, &Area::all_but_wallet()));
    all
}

/// Checks the given areas, returning every problem found (errors and warnings).
pub fn validate(loaded: &LoadedConfig, areas: &[Area]) -> Vec<Problem> {
    let mut f = Findings::new(loaded);
    for area in areas {
        match area {
            Area::Bittensor => bittensor(&mut f),
            Area::Database => database(&mut f),
            Area::ValidatorComms => validator_comms(&mut f),
            Area::Nodes => super::validate_nodes::nodes(&mut f),
            Area::NodeKey => node_key(&mut f),
            Area::Security => security(&mut f),
            Area::Metrics => metrics(&mut f),
            Area::Assignment => assignment(&mut f),
            Area::Bidding => super::validate_bidding::bidding(&mut f),
            Area::Wallet => wallet(&mut f),
        }
    }
    f.into_sorted()
}

fn bittensor(f: &mut Findings<'_>) {
    if f.loaded.config.bittensor.max_weight_uids.is_some() {
        f.warn(
            &["bittensor", "max_weight_uids"],
            "has no effect: a miner sets no weights",
            "remove the line (it is only kept so that old files still load)",
        );
    }
    let b = &f.loaded.config.bittensor;
    for (key, value) in [("wallet_name", &b.wallet_name), ("hotkey_name", &b.hotkey_name)] {
        if value.is_empty() || value.contains('/') || value == "." || value == ".." {
            f.error(
                &["bittensor", key],
                format!("`{value}` is not a wallet file name"),
                "use the name you gave btcli (a folder under ~/.bittensor/wallets), without slashes",
            );
        }
    }
    if let Some(netuid) = b.netuid {
        let expected = b.network.default_netuid();
        if b.network != Network::Local && netuid != expected {
            f.warn(
                &["bittensor", "netuid"],
                format!("netuid {netuid} is not Basilica's subnet on {} (that is {expected})", b.network.as_str()),
                format!("set netuid = {expected}, or change network if you meant another chain"),
            );
        }
    }
    match &b.external_ip {
        None => f.warn(
            &["bittensor", "external_ip"],
            "external_ip is not set: validators find miners by the axon served on chain",
            "set external_ip to this machine's public IP address before `register` or `serve`",
        ),
        Some(ip) if ip.parse::<IpAddr>().is_err() => f.error(
            &["bittensor", "external_ip"],
            format!("`{ip}` is not an IP address"),
            "give the public IPv4 or IPv6 address validators reach (the chain stores an IP, not a name)",
        ),
        Some(_) => {}
    }
    f.port(&["bittensor", "axon_port"], b.axon_port);
    if let Some(endpoint) = &b.chain_endpoint {
        if !(endpoint.starts_with("ws://") || endpoint.starts_with("wss://")) {
            f.error(
                &["bittensor", "chain_endpoint"],
                format!("`{endpoint}` is not a WebSocket URL"),
                "use ws://HOST:PORT or wss://HOST:PORT, or remove it to use the network's default",
            );
        }
    }
    if b.weight_interval_secs == 0 {
        f.error(&["bittensor", "weight_interval_secs"], "must be at least 1 second", "the guide's default is 300");
    }
    if b.metagraph_refresh_secs == Some(0) {
        f.error(
            &["bittensor", "metagraph_refresh_secs"],
            "must be at least 1 second",
            "the default is 300; remove the key to use it",
        );
    }
}

fn wallet(f: &mut Findings<'_>) {
    let b = f.loaded.config.bittensor.clone();
    let root = f.loaded.resolve_path(&b.wallet_path);
    if let Some(m) = crate::core::config::init_warnings::missing_key(&root, &b.wallet_name, &b.hotkey_name) {
        f.error(&["bittensor", m.key], m.message, m.fix);
    }
}

fn database(f: &mut Findings<'_>) {
    let url = f.loaded.config.database.url.clone();
    match crate::core::config::DatabaseUrl::parse(&url) {
        None => f.error(
            &["database", "url"],
            format!("`{url}` is not a SQLite URL"),
            "write it as sqlite://PATH, e.g. sqlite:///var/lib/basilica-miner/miner.db",
        ),
        Some(crate::core::config::DatabaseUrl::InMemory) => {}
        Some(crate::core::config::DatabaseUrl::File(written)) => {
            let path = f.loaded.resolve_path(&written);
            let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
            if !dir.is_dir() {
                f.error(
                    &["database", "url"],
                    format!("database directory {} does not exist", dir.display()),
                    format!("create it: mkdir -p {}", dir.display()),
                );
            } else if tempfile::tempfile_in(&dir).is_err() {
                f.error(
                    &["database", "url"],
                    format!("database directory {} is not writable by this user", dir.display()),
                    "run as the user that owns it, or chown the directory to that user",
                );
            }
        }
    }
    let db = &f.loaded.config.database;
    if db.max_connections == 0 {
        f.error(&["database", "max_connections"], "must be at least 1", "");
    }
    if db.audit_retention_days == 0 {
        f.error(&["database", "audit_retention_days"], "must be at least 1 day", "the default keeps 90 days");
    }
    if db.connection_timeout == 0 {
        f.error(&["database", "connection_timeout"], "must be at least 1 second", "");
    }
}

fn validator_comms(f: &mut Findings<'_>) {
    let c = f.loaded.config.validator_comms.clone();
    f.port(&["validator_comms", "port"], c.port);
    if c.host.parse::<IpAddr>().is_err() && c.host != "localhost" {
        f.error(
            &["validator_comms", "host"],
            format!("`{}` is not an address to listen on", c.host),
            "use 0.0.0.0 (all interfaces), :: or one of this machine's IP addresses",
        );
    }
    if c.request_timeout == 0 {
        f.error(&["validator_comms", "request_timeout"], "must be at least 1 second", "");
    }
    if c.tls_enabled {
        for key in ["tls_cert_path", "tls_key_path"] {
            let value = if key == "tls_cert_path" { &c.tls_cert_path } else { &c.tls_key_path };
            match value {
                None => f.error(
                    &["validator_comms", key],
                    format!("tls_enabled = true needs {key}"),
                    "set it, or set tls_enabled = false",
                ),
                Some(p) => {
                    let path = f.loaded.resolve_path(p);
                    if key == "tls_key_path" {
                        private_file(f, &["validator_comms", key], &path);
                    } else if !path.is_file() {
                        f.error(&["validator_comms", key], format!("{} does not exist", path.display()), "");
                    }
                }
            }
        }
    }
    let r = &c.rate_limit;
    if r.enabled && (r.requests_per_second == 0 || r.burst_capacity == 0) {
        f.error(
            &[
                "validator_comms",
                "rate_limit",
                if r.requests_per_second == 0 { "requests_per_second" } else { "burst_capacity" },
            ],
            "must be at least 1 while rate limiting is enabled",
            "set a positive number, or enabled = false",
        );
    }
    if !(1..=32).contains(&r.ipv4_prefix) {
        f.error(
            &["validator_comms", "rate_limit", "ipv4_prefix"],
            format!("{} is not an IPv4 prefix length", r.ipv4_prefix),
            "give 1 to 32; 32 limits each address on its own",
        );
    }
    if !(1..=128).contains(&r.ipv6_prefix) {
        f.error(
            &["validator_comms", "rate_limit", "ipv6_prefix"],
            format!("{} is not an IPv6 prefix length", r.ipv6_prefix),
            "give 1 to 128; 64 (the default) stops one host cycling through its /64",
        );
    }
}

fn node_key(f: &mut Findings<'_>) {
    let written = f.loaded.config.ssh_session.miner_node_key_path.clone();
    let path = f.loaded.resolve_path(&written);
    private_file(f, &["ssh_session", "miner_node_key_path"], &path);
}

fn private_file(f: &mut Findings<'_>, key: &[&str], path: &Path) {
    if let Err(e) = sshkey::check_private_key_file(path) {
        let hint = match &e {
            sshkey::SshKeyError::TooOpen { .. } => format!("chmod 600 {}", path.display()),
            sshkey::SshKeyError::Missing(_) if key == ["ssh_session", "miner_node_key_path"] => {
                "run `basilica-miner init` to generate it, or point the key at an existing ed25519 key".into()
            }
            _ => String::new(),
        };
        let message = match &e {
            sshkey::SshKeyError::TooOpen { mode, .. } => {
                format!("{} has mode {mode:04o}; it must not be readable by others (0600)", path.display())
            }
            sshkey::SshKeyError::Missing(_) => format!("{} does not exist", path.display()),
            other => other.to_string(),
        };
        f.error(key, message, hint);
    }
}

fn security(f: &mut Findings<'_>) {
    let s = f.loaded.config.security.clone();
    if !s.verify_signatures {
        if f.loaded.config.bittensor.network == Network::Finney {
            f.error(
                &["security", "verify_signatures"],
                "verify_signatures = false is refused on finney: anyone could plant SSH keys on your nodes",
                "set verify_signatures = true",
            );
        } else {
            f.warn(
                &["security", "verify_signatures"],
                "signature checks are off: only for labs",
                "set verify_signatures = true",
            );
        }
    }
    if let Some(p) = &s.private_key_file {
        let path = f.loaded.resolve_path(p);
        private_file(f, &["security", "private_key_file"], &path);
    }
}

fn metrics(f: &mut Findings<'_>) {
    let m = f.loaded.config.metrics.clone();
    if !m.enabled {
        return;
    }
    f.port(&["metrics", "prometheus", "port"], m.prometheus.port);
    if !m.prometheus.path.starts_with('/')
        || m.prometheus.path.len() > 256
        || m.prometheus.path.contains(|c: char| c.is_whitespace() || c.is_control() || c == '?' || c == '#')
    {
        f.error(
            &["metrics", "prometheus", "path"],
            format!("`{}` is not an HTTP path", m.prometheus.path),
            "e.g. /metrics",
        );
    }
    if m.prometheus.host.parse::<IpAddr>().is_err() && m.prometheus.host != "localhost" {
        f.error(
            &["metrics", "prometheus", "host"],
            format!("`{}` is not an address to listen on", m.prometheus.host),
            "e.g. 127.0.0.1",
        );
    }
    let c = &f.loaded.config.validator_comms;
    if m.prometheus.port == c.port && m.prometheus.port != 0 {
        f.error(
            &["metrics", "prometheus", "port"],
            format!("port {} is also [validator_comms] port", c.port),
            "give metrics its own port, e.g. 9090",
        );
    }
}

fn assignment(f: &mut Findings<'_>) {
    let a = f.loaded.config.validator_assignment.clone();
    match (&a.strategy, &a.validator_hotkey) {
        (AssignmentStrategy::FixedAssignment, None) => f.error(
            &["validator_assignment", "strategy"],
            "strategy = \"fixed_assignment\" needs validator_hotkey",
            "add validator_hotkey = \"5…\" (the validator's SS58 hotkey) or use strategy = \"highest_stake\"",
        ),
        (_, Some(hotkey)) => {
            if let Err(e) = ss58::parse(hotkey) {
                f.error(
                    &["validator_assignment", "validator_hotkey"],
                    e.to_string(),
                    "copy the validator's hotkey SS58 address exactly (48 characters starting with 5)",
                );
            }
        }
        _ => {}
    }
}
