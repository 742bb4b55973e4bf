//! `init`: checks the operator's answers, writes a new `miner.toml` from the commented
//! example, creates the database directory and the miner's node key. Nothing is written
//! until every answer has been checked.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::core::config::template::{self, InitSettings};
use crate::core::config::{self, edit::EditError, AssignmentStrategy, Network, NodeEntry};
use crate::core::identity::ss58;
use crate::core::identity::sshkey::{self, SshKeyError};
use crate::core::nodes::node::{self, NodeAddress, NodeSpecError};
use crate::core::nodes::registry::{self, NodeRecord};
use crate::core::support::fsutil;

/// Why `init` could not write a configuration.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// The config file exists and `--force` was not given.
    #[error("{0} already exists; pass --force to replace it (the old file is kept as {0}.bak)")]
    Exists(PathBuf),
    /// The answers break the configuration's rules; one line each.
    #[error("cannot set up the miner:\n{}", .0.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<String>),
    /// The miner's node key could not be read or made.
    #[error(transparent)]
    Key(#[from] SshKeyError),
    /// The new file could not be written through the editor.
    #[error(transparent)]
    Edit(#[from] EditError),
    /// A file or directory could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file or directory.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Run without a terminal and without the flags the wizard would have asked for.
    #[error("no terminal to run the setup wizard on, and these flags are missing: {}\n  e.g. basilica-miner init --wallet-name miner --hotkey-name default --network finney --external-ip 203.0.113.10 --node ubuntu@10.0.0.5 --rate 2.50", .0.join(", "))]
    MissingFlags(Vec<&'static str>),
    /// A `--node` is not `user@host[:port]`.
    #[error(transparent)]
    Node(#[from] NodeSpecError),
    /// The number of `--rate` values fits neither one for all nodes nor one per node.
    #[error("{rates} --rate values for {nodes} --node values: give one rate for all nodes or one per node")]
    RateCount {
        /// `--rate` values given.
        rates: usize,
        /// `--node` values given.
        nodes: usize,
    },
}

/// `init`'s answers as given on the command line (anything may be missing).
#[derive(Debug, Clone, Default)]
pub struct InitAnswers {
    /// `--wallet-name`: the wallet (coldkey) directory's name.
    pub wallet_name: Option<String>,
    /// `--hotkey-name`: the hotkey file's name.
    pub hotkey_name: Option<String>,
    /// `--wallet-path`: the wallets' root directory.
    pub wallet_path: Option<String>,
    /// `--network`: finney, test or local.
    pub network: Option<Network>,
    /// `--netuid`: the subnet, when not the network's Basilica subnet.
    pub netuid: Option<u16>,
    /// `--chain-endpoint`: a chain endpoint other than the network's.
    pub chain_endpoint: Option<String>,
    /// `--external-ip`: the public IP validators reach this machine at.
    pub external_ip: Option<String>,
    /// `--grpc-port`: the generation-1 gRPC port.
    pub grpc_port: Option<u16>,
    /// `--axon-port`: the axon port served on chain.
    pub axon_port: Option<u16>,
    /// `--metrics-port`: the Prometheus port.
    pub metrics_port: Option<u16>,
    /// `--database`: the SQLite file's path.
    pub database: Option<String>,
    /// `--node-key`: the miner's SSH key for its nodes (made when missing).
    pub node_key: Option<String>,
    /// `--node-user`: the user for nodes written without `user@`.
    pub node_user: Option<String>,
    /// `--node`: nodes to add, as `user@host[:port]`.
    pub nodes: Vec<String>,
    /// `--rate`: dollars per GPU-hour, one for all nodes or one per node.
    pub rates: Vec<String>,
    /// `--validator-hotkey`: a fixed validator to assign the nodes to.
    pub validator_hotkey: Option<String>,
    /// `--validator-endpoint`: the validator's bid endpoint, when not found from its axon.
    pub validator_endpoint: Option<String>,
}

/// What `init` did.
#[derive(Debug, Clone, Serialize)]
pub struct SetupOutcome {
    /// The configuration file written.
    pub config_path: PathBuf,
    /// Where the previous file went when `--force` replaced one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backup_path: Option<PathBuf>,
    /// The miner's private key for its nodes.
    pub node_key_path: PathBuf,
    /// Whether `init` made that key (it did not exist).
    pub node_key_generated: bool,
    /// The line to put in each node's `~/.ssh/authorized_keys`.
    pub node_public_key: String,
    /// The database's directory, when `init` made it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_dir_created: Option<PathBuf>,
    /// The nodes written to the file.
    pub nodes: Vec<NodeRecord>,
    /// Answers that work but are probably wrong for this machine (unreachable external IP,
    /// a wallet or hotkey that is not on disk).
    pub warnings: Vec<String>,
}

/// Every problem with the answers, each naming its flag; empty when they are usable.
pub fn check(settings: &InitSettings) -> Vec<String> {
    let s = settings;
    let mut problems = Vec::new();
    for (flag, value) in [("--wallet-name", &s.wallet_name), ("--hotkey-name", &s.hotkey_name)] {
        if value.is_empty() || value.contains('/') {
            problems
                .push(format!("{flag} `{value}`: give the wallet/hotkey name as btcli created it, without slashes"));
        }
    }
    if s.external_ip.parse::<IpAddr>().is_err() {
        problems.push(format!(
            "--external-ip `{}`: give this machine's public IP address, e.g. 203.0.113.10",
            s.external_ip
        ));
    }
    for (flag, port) in [("--axon-port", s.axon_port), ("--grpc-port", s.grpc_port), ("--metrics-port", s.metrics_port)]
    {
        if port == 0 {
            problems.push(format!("{flag} 0: port 0 is not a usable port; give a port from 1 to 65535"));
        }
    }
    if s.grpc_port == s.metrics_port {
        problems
            .push(format!("--metrics-port {}: the gRPC service already uses it; pick another port", s.metrics_port));
    }
    if let Some(e) = &s.validator_endpoint {
        if let Err(why) = crate::core::bidding::endpoint::parse_override(e) {
            problems.push(format!("--validator-endpoint: {why}"));
        }
    }
    if let Some(e) = &s.chain_endpoint {
        if !(e.starts_with("ws://") || e.starts_with("wss://")) {
            problems.push(format!("--chain-endpoint `{e}`: give a ws:// or wss:// URL"));
        }
    }
    if !node::is_valid_username(&s.default_node_username) {
        problems.push(format!("--node-user `{}`: not a valid login name", s.default_node_username));
    }
    match (&s.strategy, &s.validator_hotkey) {
        (AssignmentStrategy::FixedAssignment, None) => {
            problems.push("fixed assignment needs --validator-hotkey (the validator's SS58 hotkey)".into());
        }
        (_, Some(h)) => {
            if let Err(e) = ss58::parse(h) {
                problems.push(format!("--validator-hotkey: {e}"));
            }
        }
        _ => {}
    }
    if config::DatabaseUrl::parse(&s.database_url).is_none() {
        problems.push(format!("--database `{}`: give a file path or a sqlite:// URL", s.database_url));
    }
    let mut cfg = config::MinerConfig::default();
    cfg.ssh_session.default_node_username = s.default_node_username.clone();
    for n in &s.nodes {
        let spec = match &n.username {
            Some(u) => format!("{u}@{}:{}", bracket(&n.host), n.port),
            None => format!("{}:{}", bracket(&n.host), n.port),
        };
        let new = registry::NewNode {
            spec: &spec,
            rate: n.hourly_rate_per_gpu,
            additional_opts: n.additional_opts.as_deref(),
            gpu_category: n.gpu_category.as_deref(),
            gpu_count: n.gpu_count,
            extra_mount_path: n.extra_mount_path.as_deref(),
        };
        match registry::prepare(&cfg, &new) {
            Ok((entry, _)) => cfg.node_management.nodes.push(entry),
            Err(e) => problems.push(format!("--node {spec}: {e}")),
        }
    }
    problems
}

fn bracket(host: &str) -> String {
    if host.contains(':') {
        format!("[{host}]")
    } else {
        host.to_string()
    }
}

/// Writes the miner's config at `path` (refusing to replace one unless `force`), makes the
/// database directory and the node key when missing. Answers are checked first.
pub fn apply(path: &Path, settings: &InitSettings, force: bool) -> Result<SetupOutcome, SetupError> {
    if path.is_dir() {
        return Err(EditError::NotAFile(path.to_path_buf()).into());
    }
    let problems = check(settings);
    if !problems.is_empty() {
        return Err(SetupError::Invalid(problems));
    }
    // `init --force` replaces the file: not in the middle of someone else's edit.
    let _lock = crate::core::config::edit::lock_new(path)?;
    if path.exists() && !force {
        return Err(SetupError::Exists(path.to_path_buf()));
    }
    let text = template::render(settings, path)?;
    let loaded = config::parse(path, base_dir(path), text.clone(), std::iter::empty())
        .map_err(|e| SetupError::Invalid(vec![e.to_string()]))?;

    let key_path = loaded.resolve_path(&settings.node_key_path);
    let node_key_generated = !key_path.exists();
    if node_key_generated {
        sshkey::generate_ed25519(&key_path, "basilica-miner")?;
    }
    let pub_path = sshkey::public_key_path(&key_path);
    let node_public_key = std::fs::read_to_string(&pub_path)
        .map_err(|source| SetupError::Write { path: pub_path.clone(), source })?
        .trim()
        .to_string();

    let mut database_dir_created = None;
    if let Some(config::DatabaseUrl::File(db)) = config::DatabaseUrl::parse(&settings.database_url) {
        let dir = loaded.resolve_path(&db).parent().map(Path::to_path_buf).unwrap_or_default();
        if !dir.as_os_str().is_empty() && !dir.exists() {
            std::fs::create_dir_all(&dir).map_err(|source| SetupError::Write { path: dir.clone(), source })?;
            database_dir_created = Some(dir);
        }
    }

    let mut backup_path = None;
    if path.exists() {
        let mut bak = path.as_os_str().to_owned();
        bak.push(".bak");
        let bak = PathBuf::from(bak);
        std::fs::copy(path, &bak).map_err(|source| SetupError::Write { path: bak.clone(), source })?;
        backup_path = Some(bak);
    }
    fsutil::write_atomic(path, text.as_bytes(), 0o644)
        .map_err(|source| SetupError::Write { path: path.to_path_buf(), source })?;

    Ok(SetupOutcome {
        config_path: path.to_path_buf(),
        backup_path,
        node_key_path: key_path,
        node_key_generated,
        node_public_key,
        database_dir_created,
        nodes: registry::list(&loaded.config),
        warnings: {
            let b = &loaded.config.bittensor;
            let mut w = crate::core::config::init_warnings::warnings(
                &settings.external_ip,
                &loaded.resolve_path(&b.wallet_path),
                &b.wallet_name,
                &b.hotkey_name,
            );
            w.extend(subnet_warning(settings));
            w
        },
    })
}

/// What is known about the subnet the bids would go to, when it is one Basilica has left and
/// no bid endpoint is given.
fn subnet_warning(s: &InitSettings) -> Option<String> {
    use crate::core::bidding::answering::{subnet_note, SEE_VALIDATORS};
    let note = subnet_note(s.netuid);
    (s.network == crate::core::config::Network::Finney && !note.is_empty() && s.validator_endpoint.is_none()).then(|| {
        format!(
            "bids go to the validators of subnet {}{note}: check which take bids with `{SEE_VALIDATORS}`, or set a validator's bid endpoint (--validator-endpoint)",
            s.netuid
        )
    })
}

fn base_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The settings from flags alone; fails naming every missing flag.
pub fn settings_from_answers(args: &InitAnswers) -> Result<InitSettings, SetupError> {
    let mut missing = Vec::new();
    if args.wallet_name.is_none() {
        missing.push("--wallet-name");
    }
    if args.hotkey_name.is_none() {
        missing.push("--hotkey-name");
    }
    if args.network.is_none() {
        missing.push("--network");
    }
    if args.external_ip.is_none() {
        missing.push("--external-ip");
    }
    if !args.nodes.is_empty() && args.rates.is_empty() {
        missing.push("--rate (needed with --node)");
    }
    if !missing.is_empty() {
        return Err(SetupError::MissingFlags(missing));
    }
    let network = args.network.unwrap_or(Network::Finney);
    let node_user = args.node_user.clone().unwrap_or_else(|| "root".into());
    let nodes = nodes_from_flags(&args.nodes, &args.rates, &node_user)?;
    let grpc_port = args.grpc_port.unwrap_or(50051);
    Ok(InitSettings {
        wallet_name: args.wallet_name.clone().unwrap_or_default(),
        hotkey_name: args.hotkey_name.clone().unwrap_or_default(),
        wallet_path: args.wallet_path.clone(),
        network,
        netuid: args.netuid.unwrap_or_else(|| network.default_netuid()),
        chain_endpoint: args.chain_endpoint.clone(),
        external_ip: args.external_ip.clone().unwrap_or_default(),
        axon_port: args.axon_port.unwrap_or(grpc_port),
        grpc_port,
        metrics_port: args.metrics_port.unwrap_or(9090),
        database_url: database_url(args.database.as_deref()),
        node_key_path: args.node_key.clone().unwrap_or_else(|| DEFAULT_NODE_KEY.into()),
        default_node_username: node_user,
        strategy: if args.validator_hotkey.is_some() {
            AssignmentStrategy::FixedAssignment
        } else {
            AssignmentStrategy::HighestStake
        },
        validator_hotkey: args.validator_hotkey.clone(),
        validator_endpoint: args.validator_endpoint.clone(),
        nodes,
    })
}

/// Where `init` puts the miner's SSH key for its nodes unless told otherwise.
pub const DEFAULT_NODE_KEY: &str = "~/.ssh/basilica_miner_ed25519";

/// `sqlite://` URL for a path (kept as is when already a URL).
pub fn database_url(path: Option<&str>) -> String {
    match path {
        None => "sqlite://data/miner.db".into(),
        Some(p) if p.starts_with("sqlite:") => p.into(),
        Some(p) => format!("sqlite://{p}"),
    }
}

/// Pairs `--node` with `--rate`: one rate for all, or one per node.
pub fn nodes_from_flags(specs: &[String], rates: &[String], user: &str) -> Result<Vec<NodeEntry>, SetupError> {
    if rates.len() > 1 && rates.len() != specs.len() {
        return Err(SetupError::RateCount { rates: rates.len(), nodes: specs.len() });
    }
    let mut nodes = Vec::new();
    for (i, spec) in specs.iter().enumerate() {
        let addr = NodeAddress::parse(spec, Some(user))?;
        let rate = node::parse_rate(&rates[if rates.len() == 1 { 0 } else { i }])?;
        nodes.push(NodeEntry {
            host: addr.host,
            port: addr.port,
            username: Some(addr.username),
            hourly_rate_per_gpu: Some(rate),
            additional_opts: None,
            gpu_category: None,
            gpu_count: None,
            extra_mount_path: None,
            cordoned: false,
        });
    }
    Ok(nodes)
}

/// The exit status class of this error (see `core::support::exit`).
impl crate::core::support::exit::Classify for SetupError {
    fn exit_class(&self) -> crate::core::support::exit::ExitClass {
        match self {
            SetupError::Key(k) => k.exit_class(),
            SetupError::Edit(e) => e.exit_class(),
            SetupError::Write { .. } => crate::core::support::exit::ExitClass::Failure,
            SetupError::Exists(_)
            | SetupError::Invalid(_)
            | SetupError::MissingFlags(_)
            | SetupError::RateCount { .. }
            | SetupError::Node(_) => crate::core::support::exit::ExitClass::Usage,
        }
    }
}
