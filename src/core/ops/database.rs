//! `database health`: the daemon's SQLite file checked without changing it.

use std::path::PathBuf;
use std::time::Duration;

use crate::core::config::LoadedConfig;
use crate::core::daemon::state::store::{Health, Store, StoreError};

/// Why the database could not be opened for `database health`.
#[derive(Debug, thiserror::Error)]
pub enum DatabaseError {
    /// `[database] url` is not a SQLite file URL.
    #[error("[database] url `{0}` does not name a SQLite file")]
    NotAFile(String),
    /// The file does not exist yet.
    #[error("no database at {0} yet; `basilica-miner serve` creates it")]
    Missing(PathBuf),
    /// SQLite refused to open or read it.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// `database health --json`: the database's health, and whether its integrity check passed.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DatabaseReport {
    /// SQLite's integrity check said `ok`.
    pub ok: bool,
    /// Integrity, schema version, row counts, oldest entry and size.
    pub health: Health,
}

/// Integrity, schema version, row counts, oldest entry and size of the configured database.
pub fn database_health(loaded: &LoadedConfig) -> Result<DatabaseReport, DatabaseError> {
    let health = open_existing(loaded)?.health()?;
    Ok(DatabaseReport { ok: health.integrity == "ok", health })
}

/// The configured database, which must exist; nothing is created or migrated.
pub fn open_existing(loaded: &LoadedConfig) -> Result<Store, DatabaseError> {
    let url = &loaded.config.database.url;
    let Some(path) = loaded.paths().database else {
        return Err(DatabaseError::NotAFile(url.clone()));
    };
    if !path.exists() {
        return Err(DatabaseError::Missing(path));
    }
    Ok(Store::open(&path, false, Duration::from_secs(loaded.config.database.connection_timeout))?)
}

/// The rentals `serve` last saw running, by node id (oldest first); empty when there is no
/// database yet.
pub fn running_rentals(
    loaded: &LoadedConfig,
) -> Result<std::collections::HashMap<String, Vec<crate::core::daemon::state::store::RentalRow>>, DatabaseError> {
    match open_existing(loaded) {
        Ok(store) => rentals_by_node(&store),
        Err(DatabaseError::Missing(_)) => Ok(std::collections::HashMap::new()),
        Err(e) => Err(e),
    }
}

/// Each node's last full validation as `serve` recorded it, by node id; empty when there is
/// no database yet.
pub fn last_validations(
    loaded: &LoadedConfig,
) -> Result<std::collections::HashMap<String, crate::core::daemon::state::store::ValidationRow>, DatabaseError> {
    match open_existing(loaded) {
        Ok(store) => validations_by_node(&store),
        Err(DatabaseError::Missing(_)) => Ok(std::collections::HashMap::new()),
        Err(e) => Err(e),
    }
}

/// The nodes the validator refused lately, as `serve` recorded them; empty without a database.
pub fn last_refusals(loaded: &LoadedConfig) -> Result<Vec<crate::core::bidding::RefusedNode>, DatabaseError> {
    match open_existing(loaded) {
        Ok(store) => Ok(store.bid_record()?.refused),
        Err(DatabaseError::Missing(_)) => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

/// Each node's last health check as `serve` recorded it, by node id, with when it was taken;
/// empty when there is no database yet.
pub fn last_node_health(
    loaded: &LoadedConfig,
) -> Result<std::collections::HashMap<String, (crate::core::daemon::state::store::HealthRow, i64)>, DatabaseError> {
    match open_existing(loaded) {
        Ok(store) => health_by_node(&store),
        Err(DatabaseError::Missing(_)) => Ok(std::collections::HashMap::new()),
        Err(e) => Err(e),
    }
}

/// Each node's last full validation in `store`, by node id.
pub fn validations_by_node(
    store: &Store,
) -> Result<std::collections::HashMap<String, crate::core::daemon::state::store::ValidationRow>, DatabaseError> {
    Ok(store.validations()?.into_iter().map(|v| (v.node_id.clone(), v)).collect())
}

/// Each node's last health check in `store`, by node id, with when it was taken.
pub fn health_by_node(
    store: &Store,
) -> Result<std::collections::HashMap<String, (crate::core::daemon::state::store::HealthRow, i64)>, DatabaseError> {
    Ok(store.node_health()?.into_iter().map(|(h, at)| (h.node_id.clone(), (h, at))).collect())
}

/// The rentals running in `store`, by node id (oldest first).
pub fn rentals_by_node(
    store: &Store,
) -> Result<std::collections::HashMap<String, Vec<crate::core::daemon::state::store::RentalRow>>, DatabaseError> {
    let mut by_node: std::collections::HashMap<String, Vec<_>> = std::collections::HashMap::new();
    for r in store.running_rentals()? {
        by_node.entry(r.node_id.clone()).or_default().push(r);
    }
    Ok(by_node)
}

/// The exit status class of this error (see `core::support::exit`).
impl crate::core::support::exit::Classify for DatabaseError {
    fn exit_class(&self) -> crate::core::support::exit::ExitClass {
        match self {
            DatabaseError::Store(e) => e.exit_class(),
            DatabaseError::NotAFile(_) | DatabaseError::Missing(_) => crate::core::support::exit::ExitClass::Usage,
        }
    }
}
