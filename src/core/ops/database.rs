//! `database health`: the daemon's SQLite file checked without changing it.

use crate::core::config::LoadedConfig;
use crate::core::daemon::state::store::Health;
use crate::core::daemon::view::records::file_health;
pub use crate::core::daemon::view::records::DatabaseError;

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
    let health = file_health(loaded)?;
    Ok(DatabaseReport { ok: health.integrity == "ok", health })
}
