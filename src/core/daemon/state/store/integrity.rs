//! `database health`: the integrity check, the schema version, row counts, age and size.

use std::path::PathBuf;

use serde::Serialize;

use crate::core::daemon::state::store::{Store, StoreError, MIGRATIONS, TABLES};

/// `database health` facts.
#[derive(Debug, Clone, Serialize)]
pub struct Health {
    /// The database file.
    pub path: PathBuf,
    /// SQLite's `integrity_check` answer (`ok` when sound).
    pub integrity: String,
    /// The file's schema version.
    pub schema_version: u32,
    /// The newest schema version this build knows.
    pub latest_schema_version: u32,
    /// SQLite's journal mode (`wal`).
    pub journal_mode: String,
    /// Rows per table.
    pub rows: Vec<(String, i64)>,
    /// Unix time of the oldest audit entry or refusal bucket.
    pub oldest_entry: Option<i64>,
    /// The file's size.
    pub size_bytes: u64,
}

impl Store {
    /// Integrity check, schema version and row counts.
    pub fn health(&self) -> Result<Health, StoreError> {
        let integrity: String = self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).map_err(self.err())?;
        let schema_version: u32 =
            self.conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(self.err())?;
        let journal_mode: String =
            self.conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).map_err(self.err())?;
        let mut rows = Vec::new();
        for table in TABLES {
            let n: i64 =
                self.conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0)).map_err(self.err())?;
            rows.push((table.to_string(), n));
        }
        let oldest_entry: Option<i64> = self
            .conn
            .query_row(
                "SELECT MIN(t) FROM (SELECT MIN(at) AS t FROM audit UNION ALL SELECT MIN(first_at) FROM refusals)",
                [],
                |r| r.get(0),
            )
            .map_err(self.err())?;
        let size_bytes = ["", "-wal", "-shm"]
            .iter()
            .filter_map(|suffix| {
                let mut p = self.path.as_os_str().to_owned();
                p.push(suffix);
                std::fs::metadata(PathBuf::from(p)).ok().map(|m| m.len())
            })
            .sum();
        Ok(Health {
            path: self.path.clone(),
            integrity,
            schema_version,
            latest_schema_version: MIGRATIONS.len() as u32,
            journal_mode,
            rows,
            oldest_entry,
            size_bytes,
        })
    }
}
