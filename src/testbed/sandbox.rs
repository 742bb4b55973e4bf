//! A complete miner on one machine for `demo`: sshd GPU nodes (one deliberately unhealthy), a
//! throwaway miner wallet and validator key, and a miner.toml pointing at them, all in one
//! scratch directory.

use std::path::{Path, PathBuf};

use super::{GpuProfile, Testbed, TestbedError};
use crate::core::config::template::{self, InitSettings};
use crate::core::config::{self, AssignmentStrategy, Network, NodeEntry};
use crate::core::identity::sshkey;
use crate::core::identity::wallet::Keypair;
use crate::core::support::fsutil;

/// Why a sandbox could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    /// The nodes did not start.
    #[error(transparent)]
    Testbed(#[from] TestbedError),
    /// A sandbox file could not be written.
    #[error("sandbox file {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The validator's SSH key could not be made.
    #[error(transparent)]
    Key(#[from] sshkey::SshKeyError),
    /// The sandbox's `miner.toml` could not be written.
    #[error("cannot write the sandbox config: {0}")]
    Config(String),
    /// No randomness for a throwaway key.
    #[error("cannot make a throwaway key: {0}")]
    Random(String),
}

/// Running sshd nodes with a `miner.toml`, wallet and validator keys to match: what the demo and the examples start from.
pub struct Sandbox {
    /// The sandbox's directory.
    pub root: PathBuf,
    /// The nodes.
    pub bed: Testbed,
    /// Its `miner.toml`, listing every node.
    pub config_path: PathBuf,
    /// The miner's hotkey (its wallet files are under `root`).
    pub miner: Keypair,
    /// The validator's hotkey.
    pub validator: Keypair,
    /// The validator's SSH private key (its `.pub` is what it sends).
    pub validator_ssh_key: PathBuf,
    /// A free loopback port for the miner's gRPC service.
    pub grpc_port: u16,
    /// A free loopback port for the miner's metrics.
    pub metrics_port: u16,
}

/// The GPU mix for `n` nodes: real models, and the last one with a broken driver.
pub fn profiles(n: usize) -> Vec<GpuProfile> {
    mix(&[GpuProfile::H100x8, GpuProfile::A100NotAvailable, GpuProfile::H200x8, GpuProfile::B200x8], n)
}

/// The mix a bidding miner rents out for `n` nodes: data-centre GPUs, consumer cards and a
/// CPU-only host, and the last one with a broken driver.
pub fn bidding_profiles(n: usize) -> Vec<GpuProfile> {
    mix(&[GpuProfile::H100x8, GpuProfile::Rtx5090x2, GpuProfile::CpuOnly, GpuProfile::H200x8, GpuProfile::B200x8], n)
}

fn mix(healthy: &[GpuProfile], n: usize) -> Vec<GpuProfile> {
    let mut v: Vec<GpuProfile> = healthy.iter().cycle().take(n.saturating_sub(1).max(1)).copied().collect();
    if n >= 2 {
        v.push(GpuProfile::NoDriver);
    }
    v
}

/// The class a CPU-only host is declared with in the sandbox.
pub const CPU_CLASS: &str = "CPU_STANDARD";

/// A price per GPU-hour (per host-hour for a CPU-only host) in dollars, near the market's.
fn price(p: GpuProfile) -> f64 {
    match p {
        GpuProfile::Rtx5090x2 => 0.6,
        GpuProfile::CpuOnly => 0.2,
        GpuProfile::H200x8 => 3.2,
        GpuProfile::B200x8 => 4.5,
        GpuProfile::A100NotAvailable => 1.3,
        _ => 2.5,
    }
}

fn random_seed() -> Result<String, SandboxError> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| SandboxError::Random(format!("no randomness from the OS: {e}")))?;
    Ok(format!("0x{}", hex::encode(seed)))
}

fn random_keypair() -> Result<Keypair, SandboxError> {
    Keypair::from_seed_hex(&random_seed()?).map_err(|e| SandboxError::Random(e.to_string()))
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> SandboxError + '_ {
    move |source| SandboxError::Io { path: path.to_path_buf(), source }
}

/// Writes a bittensor-wallet style hotkey (JSON with the seed) and coldkeypub.txt.
fn write_wallet(root: &Path, hotkey: &Keypair, seed_hex: &str, coldkey: &Keypair) -> Result<(), SandboxError> {
    let dir = root.join("miner");
    let hotkeys = dir.join("hotkeys");
    std::fs::create_dir_all(&hotkeys).map_err(io(&hotkeys))?;
    let public = |k: &Keypair| format!("0x{}", hex::encode(k.public()));
    let hot = serde_json::json!({ "secretSeed": seed_hex, "publicKey": public(hotkey), "accountId": public(hotkey), "ss58Address": hotkey.ss58, "cryptoType": 1 });
    let path = hotkeys.join("default");
    fsutil::write_atomic(&path, hot.to_string().as_bytes(), 0o600).map_err(io(&path))?;
    let cold = serde_json::json!({ "publicKey": public(coldkey), "accountId": public(coldkey), "ss58Address": coldkey.ss58, "cryptoType": 1 });
    let path = dir.join("coldkeypub.txt");
    fsutil::write_atomic(&path, cold.to_string().as_bytes(), 0o600).map_err(io(&path))
}

/// Builds the sandbox under `root` with `nodes` sshd nodes of the [`profiles`] mix.
pub fn create(root: &Path, nodes: usize) -> Result<Sandbox, SandboxError> {
    create_with(root, &profiles(nodes))
}

/// Builds the sandbox under `root` with one sshd node per profile; a CPU-only host is declared
/// [`CPU_CLASS`] with one device, as validators that take such hosts expect.
pub fn create_with(root: &Path, profiles: &[GpuProfile]) -> Result<Sandbox, SandboxError> {
    let nodes = profiles.len();
    std::fs::create_dir_all(root).map_err(io(root))?;
    // Each node on its own loopback address, as generation-2 validators need (one IP per node).
    let ips: Vec<std::net::IpAddr> =
        (0..nodes).map(|i| std::net::IpAddr::from([127, 0, 0, 11 + (i % 200) as u8])).collect();
    let bed = Testbed::start_at(&root.join("nodes"), profiles, &ips)?;
    let seed_hex = random_seed()?;
    let miner = Keypair::from_seed_hex(&seed_hex).map_err(|e| SandboxError::Random(e.to_string()))?;
    write_wallet(&root.join("wallets"), &miner, &seed_hex, &random_keypair()?)?;
    let validator = random_keypair()?;
    let validator_ssh_key = root.join("validator_ed25519");
    sshkey::generate_ed25519(&validator_ssh_key, "demo-validator")?;
    let grpc_port = crate::testbed::reserve_port().map_err(io(root))?;
    let metrics_port = crate::testbed::reserve_port().map_err(io(root))?;
    let data = root.join("data");
    std::fs::create_dir_all(&data).map_err(io(&data))?;
    let settings = InitSettings {
        wallet_name: "miner".into(),
        hotkey_name: "default".into(),
        wallet_path: Some(root.join("wallets").display().to_string()),
        network: Network::Local,
        netuid: 39,
        chain_endpoint: None,
        external_ip: "127.0.0.1".into(),
        axon_port: grpc_port,
        grpc_port,
        metrics_port,
        database_url: format!("sqlite://{}", data.join("miner.db").display()),
        node_key_path: bed.miner_key.display().to_string(),
        default_node_username: bed.nodes[0].username.clone(),
        strategy: AssignmentStrategy::FixedAssignment,
        validator_hotkey: Some(validator.ss58.clone()),
        validator_endpoint: None,
        nodes: bed
            .nodes
            .iter()
            .map(|n| NodeEntry {
                host: n.ip.to_string(),
                port: n.port,
                username: Some(n.username.clone()),
                hourly_rate_per_gpu: Some(price(n.profile)),
                additional_opts: None,
                gpu_category: (n.profile == GpuProfile::CpuOnly).then(|| CPU_CLASS.to_string()),
                gpu_count: (n.profile == GpuProfile::CpuOnly).then_some(1),
                extra_mount_path: None,
                cordoned: false,
            })
            .collect(),
    };
    let config_path = root.join("miner.toml");
    let text = template::render(&settings, &config_path).map_err(|e| SandboxError::Config(e.to_string()))?;
    let mut doc = config::edit::ConfigDocument::from_text(&config_path, &text)
        .map_err(|e| SandboxError::Config(e.to_string()))?;
    doc.set(&["validator_comms", "host"], "127.0.0.1").map_err(|e| SandboxError::Config(e.to_string()))?;
    doc.set(&["node_management", "health_check_timeout"], 5i64).map_err(|e| SandboxError::Config(e.to_string()))?;
    doc.set(&["node_management", "health_check_interval"], 15i64).map_err(|e| SandboxError::Config(e.to_string()))?;
    fsutil::write_atomic(&config_path, doc.to_text().as_bytes(), 0o644).map_err(io(&config_path))?;
    Ok(Sandbox {
        root: root.to_path_buf(),
        bed,
        config_path,
        miner,
        validator,
        validator_ssh_key,
        grpc_port,
        metrics_port,
    })
}

impl Sandbox {
    /// Points the miner at a generation-2 validator: `[bidding] validator_endpoint`.
    pub fn bid_to(&self, endpoint: &str) -> Result<(), SandboxError> {
        let text = std::fs::read_to_string(&self.config_path).map_err(io(&self.config_path))?;
        let mut doc = config::edit::ConfigDocument::from_text(&self.config_path, &text)
            .map_err(|e| SandboxError::Config(e.to_string()))?;
        doc.set(&["bidding", "validator_endpoint"], endpoint).map_err(|e| SandboxError::Config(e.to_string()))?;
        fsutil::write_atomic(&self.config_path, doc.to_text().as_bytes(), 0o644).map_err(io(&self.config_path))
    }
}
