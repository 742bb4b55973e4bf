//! What commands ask of the daemon: start it (`serve`, after [`prelaunch`]), find the one
//! running for a config and ask it to reload. The daemon itself lives in `core::daemon`;
//! commands reach it here.

use std::path::PathBuf;

use crate::core::checks;
use crate::core::config::{LoadedConfig, OfflineNeedsFixed, Severity};
use crate::core::identity::wallet::{self, Keypair, WalletError};

pub use crate::core::daemon::launch::{serve, LaunchOptions};
pub use crate::core::daemon::pidfile::{running_for, signal_reload};

/// Why `serve` does not start.
#[derive(Debug, thiserror::Error)]
pub enum PrelaunchError {
    /// The configuration has errors (logged before).
    #[error("{} has errors (logged above)", .0.display())]
    Invalid(PathBuf),
    /// `--offline` without a fixed validator.
    #[error(transparent)]
    Offline(#[from] OfflineNeedsFixed),
    /// A TLS file could not be read.
    #[error("[validator_comms] {key} {}: {source}", .path.display())]
    Tls {
        /// `tls_cert_path` or `tls_key_path`.
        key: &'static str,
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The hotkey could not be loaded.
    #[error(transparent)]
    Wallet(#[from] WalletError),
}

impl crate::core::support::exit::Classify for PrelaunchError {
    fn exit_class(&self) -> crate::core::support::exit::ExitClass {
        use crate::core::support::exit::ExitClass;
        match self {
            PrelaunchError::Invalid(_) | PrelaunchError::Offline(_) => ExitClass::Usage,
            PrelaunchError::Tls { .. } => ExitClass::Failure,
            PrelaunchError::Wallet(e) => e.exit_class(),
        }
    }

    fn fix(&self) -> Option<String> {
        match self {
            PrelaunchError::Invalid(_) => Some("fix them; `basilica-miner config validate` checks".into()),
            PrelaunchError::Tls { key, .. } => Some(format!("point [validator_comms] {key} at a readable PEM file")),
            PrelaunchError::Offline(_) | PrelaunchError::Wallet(_) => None,
        }
    }
}

/// Where the daemon's hotkey comes from.
pub enum HotkeySource<'a> {
    /// The hotkey file `[bittensor]` names; the password is asked for only when it is
    /// encrypted.
    Wallet(&'a mut dyn FnMut() -> Option<String>),
    /// A key the caller already holds (benchmarks and labs with development keys such as
    /// `//Miner`); the rest of the gate applies as for a wallet.
    Given(Box<Keypair>),
}

/// The gate every start of the daemon passes: the configuration without errors (each problem
/// logged), `--offline` only with a fixed validator, the TLS files read, a warning when
/// signatures are not verified, and the hotkey loaded. Returns the hotkey and the options to
/// launch with.
pub fn prelaunch(
    loaded: &LoadedConfig,
    offline: bool,
    hotkey: HotkeySource<'_>,
) -> Result<(Keypair, LaunchOptions), PrelaunchError> {
    // The wallet is checked by loading it below (exit 4 when it cannot be used).
    let mut errors = 0;
    for p in checks::problems_without_wallet(loaded) {
        match p.severity {
            Severity::Error => {
                errors += 1;
                tracing::error!("{p}");
            }
            Severity::Warning => tracing::warn!("{p}"),
        }
    }
    if errors > 0 {
        return Err(PrelaunchError::Invalid(loaded.path.clone()));
    }
    let c = &loaded.config;
    if offline {
        c.validator_assignment.offline_validator()?;
    }
    let tls = if c.validator_comms.tls_enabled {
        let read = |key: &'static str, written: &Option<String>| {
            let path = loaded.resolve_path(written.as_deref().unwrap_or_default());
            std::fs::read(&path).map_err(|source| PrelaunchError::Tls { key, path, source })
        };
        let pair = (
            read("tls_cert_path", &c.validator_comms.tls_cert_path)?,
            read("tls_key_path", &c.validator_comms.tls_key_path)?,
        );
        tracing::info!("serving TLS");
        Some(pair)
    } else {
        None
    };
    if !c.security.verify_signatures {
        tracing::warn!(
            "!!! [security] verify_signatures = false: ANY caller can claim any validator hotkey. Labs only !!!"
        );
    }
    let hotkey = match hotkey {
        HotkeySource::Wallet(password) => wallet::load_keypair(&loaded.wallet_paths().hotkey, "hotkey", password)?,
        HotkeySource::Given(key) => *key,
    };
    tracing::info!(hotkey = %hotkey.ss58, "loaded the miner hotkey");
    Ok((hotkey, LaunchOptions { offline, tls }))
}
