//! The daemon's state in SQLite: versioned migrations, WAL mode, seen nonces, sessions, the
//! current assignment, deployed keys per node, node health, and an append-only audit log.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

/// Migrations, applied in order; the index + 1 is the schema version.
const MIGRATIONS: &[&str] = &[
    "CREATE TABLE seen_nonces (hotkey TEXT NOT NULL, nonce TEXT NOT NULL, expires_at INTEGER NOT NULL, PRIMARY KEY (hotkey, nonce));
     CREATE INDEX seen_nonces_expiry ON seen_nonces (expires_at);
     CREATE TABLE sessions (token TEXT PRIMARY KEY, validator_hotkey TEXT NOT NULL, expires_at INTEGER NOT NULL);
     CREATE TABLE assignment (id INTEGER PRIMARY KEY CHECK (id = 1), validator_hotkey TEXT NOT NULL, since INTEGER NOT NULL);
     CREATE TABLE deployed_keys (node_id TEXT PRIMARY KEY, validator_hotkey TEXT NOT NULL, fingerprint TEXT NOT NULL, public_key TEXT NOT NULL, deployed_at INTEGER NOT NULL);
     CREATE TABLE node_health (node_id TEXT PRIMARY KEY, address TEXT NOT NULL, ok INTEGER NOT NULL, code TEXT, detail TEXT, checked_at INTEGER NOT NULL);
     CREATE TABLE audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, kind TEXT NOT NULL, validator_hotkey TEXT, peer TEXT, outcome TEXT NOT NULL, detail TEXT);",
];

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database {path}: {source}")]
    Sqlite { path: PathBuf, source: rusqlite::Error },
    #[error("database {path} has schema version {found}, newer than this build understands ({known}); upgrade basilica-miner")]
    TooNew { path: PathBuf, found: u32, known: u32 },
    #[error("database {path} needs migrations ({found} → {known}) but [database] run_migrations = false")]
    NeedsMigration { path: PathBuf, found: u32, known: u32 },
}

/// The open database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// One audit entry.
pub struct Audit<'a> {
    pub kind: &'a str,
    pub validator_hotkey: Option<&'a str>,
    pub peer: Option<&'a str>,
    pub outcome: &'a str,
    pub detail: Option<&'a str>,
}

/// A deployed validator key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeployedKey {
    pub node_id: String,
    pub validator_hotkey: String,
    pub fingerprint: String,
    pub public_key: String,
    pub deployed_at: i64,
}

/// `database health` facts.
#[derive(Debug, Clone, Serialize)]
pub struct Health {
    pub path: PathBuf,
    pub integrity: String,
    pub schema_version: u32,
    pub latest_schema_version: u32,
    pub journal_mode: String,
    pub rows: Vec<(String, i64)>,
}

impl Store {
    /// Opens (creating if needed) the database, sets WAL mode and a busy timeout, and applies
    /// pending migrations when `migrate` is true.
    pub fn open(path: &Path, migrate: bool, busy_timeout: Duration) -> Result<Store, StoreError> {
        let err = |source| StoreError::Sqlite { path: path.to_path_buf(), source };
        let conn = Connection::open(path).map_err(err)?;
        conn.busy_timeout(busy_timeout).map_err(err)?;
        conn.pragma_update(None, "journal_mode", "WAL").map_err(err)?;
        // In WAL mode NORMAL keeps the database consistent and survives a crash of the
        // process; only a power loss can drop the last commits. One fsync per request
        // would cap authentication at a few hundred per second.
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(err)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(err)?;
        let mut store = Store { conn, path: path.to_path_buf() };
        store.migrate(migrate)?;
        Ok(store)
    }

    fn err(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        move |source| StoreError::Sqlite { path: self.path.clone(), source }
    }

    fn migrate(&mut self, allowed: bool) -> Result<(), StoreError> {
        let found: u32 = self.conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(self.err())?;
        let known = MIGRATIONS.len() as u32;
        if found > known {
            return Err(StoreError::TooNew { path: self.path.clone(), found, known });
        }
        if found < known && !allowed {
            return Err(StoreError::NeedsMigration { path: self.path.clone(), found, known });
        }
        let path = self.path.clone();
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
            let tx = self.conn.transaction().map_err(|source| StoreError::Sqlite { path: path.clone(), source })?;
            tx.execute_batch(sql).map_err(|source| StoreError::Sqlite { path: path.clone(), source })?;
            tx.pragma_update(None, "user_version", (i + 1) as u32).map_err(|source| StoreError::Sqlite { path: path.clone(), source })?;
            tx.commit().map_err(|source| StoreError::Sqlite { path: path.clone(), source })?;
        }
        Ok(())
    }

    /// Records a nonce for `hotkey`; false when it was already seen (a replay). Expired
    /// nonces are purged on the way.
    pub fn claim_nonce(&self, hotkey: &str, nonce: &str, now: i64, expires_at: i64) -> Result<bool, StoreError> {
        self.conn.execute("DELETE FROM seen_nonces WHERE expires_at < ?1", params![now]).map_err(self.err())?;
        let inserted = self
            .conn
            .execute("INSERT OR IGNORE INTO seen_nonces (hotkey, nonce, expires_at) VALUES (?1, ?2, ?3)", params![hotkey, nonce, expires_at])
            .map_err(self.err())?;
        Ok(inserted == 1)
    }

    /// Stores a session token (expired ones are purged on the way).
    pub fn add_session(&self, token: &str, hotkey: &str, expires_at: i64, now: i64) -> Result<(), StoreError> {
        self.conn.execute("DELETE FROM sessions WHERE expires_at < ?1", params![now]).map_err(self.err())?;
        self.conn
            .execute("INSERT INTO sessions (token, validator_hotkey, expires_at) VALUES (?1, ?2, ?3)", params![token, hotkey, expires_at])
            .map(|_| ())
            .map_err(self.err())
    }

    pub fn audit(&self, now: i64, a: &Audit<'_>) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT INTO audit (at, kind, validator_hotkey, peer, outcome, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![now, a.kind, a.validator_hotkey, a.peer, a.outcome, a.detail],
            )
            .map(|_| ())
            .map_err(self.err())
    }

    /// The validator currently holding the nodes.
    pub fn assignment(&self) -> Result<Option<String>, StoreError> {
        self.conn.query_row("SELECT validator_hotkey FROM assignment WHERE id = 1", [], |r| r.get(0)).optional().map_err(self.err())
    }

    pub fn set_assignment(&self, hotkey: &str, now: i64) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT INTO assignment (id, validator_hotkey, since) VALUES (1, ?1, ?2) ON CONFLICT (id) DO UPDATE SET validator_hotkey = ?1, since = ?2",
                params![hotkey, now],
            )
            .map(|_| ())
            .map_err(self.err())
    }

    pub fn set_deployed(&self, k: &DeployedKey) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT INTO deployed_keys (node_id, validator_hotkey, fingerprint, public_key, deployed_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (node_id) DO UPDATE SET validator_hotkey = ?2, fingerprint = ?3, public_key = ?4, deployed_at = ?5",
                params![k.node_id, k.validator_hotkey, k.fingerprint, k.public_key, k.deployed_at],
            )
            .map(|_| ())
            .map_err(self.err())
    }

    pub fn deployed_keys(&self) -> Result<Vec<DeployedKey>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT node_id, validator_hotkey, fingerprint, public_key, deployed_at FROM deployed_keys ORDER BY node_id")
            .map_err(self.err())?;
        let rows = stmt
            .query_map([], |r| Ok(DeployedKey { node_id: r.get(0)?, validator_hotkey: r.get(1)?, fingerprint: r.get(2)?, public_key: r.get(3)?, deployed_at: r.get(4)? }))
            .map_err(self.err())?;
        rows.collect::<Result<Vec<_>, _>>().map_err(self.err())
    }

    pub fn record_health(&self, node_id: &str, address: &str, ok: bool, code: Option<&str>, detail: Option<&str>, now: i64) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT INTO node_health (node_id, address, ok, code, detail, checked_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (node_id) DO UPDATE SET address = ?2, ok = ?3, code = ?4, detail = ?5, checked_at = ?6",
                params![node_id, address, ok, code, detail, now],
            )
            .map(|_| ())
            .map_err(self.err())
    }

    /// Integrity check, schema version and row counts.
    pub fn health(&self) -> Result<Health, StoreError> {
        let integrity: String = self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).map_err(self.err())?;
        let schema_version: u32 = self.conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(self.err())?;
        let journal_mode: String = self.conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).map_err(self.err())?;
        let mut rows = Vec::new();
        for table in ["seen_nonces", "sessions", "assignment", "deployed_keys", "node_health", "audit"] {
            let n: i64 = self.conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0)).map_err(self.err())?;
            rows.push((table.to_string(), n));
        }
        Ok(Health { path: self.path.clone(), integrity, schema_version, latest_schema_version: MIGRATIONS.len() as u32, journal_mode, rows })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open() -> (tempfile::TempDir, Store) {
        let d = tempfile::tempdir().unwrap();
        let s = Store::open(&d.path().join("m.db"), true, Duration::from_secs(1)).unwrap();
        (d, s)
    }

    #[test]
    fn nonces_are_single_use_until_they_expire() {
        let (_d, s) = open();
        assert!(s.claim_nonce("h", "n1", 100, 400).unwrap());
        assert!(!s.claim_nonce("h", "n1", 200, 500).unwrap(), "replay refused");
        assert!(s.claim_nonce("other", "n1", 200, 500).unwrap(), "per hotkey");
        assert!(s.claim_nonce("h", "n1", 401, 700).unwrap(), "aged out of the window");
    }

    #[test]
    fn survives_reopen_and_reports_health() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("m.db");
        {
            let s = Store::open(&p, true, Duration::from_secs(1)).unwrap();
            s.set_assignment("5V", 1).unwrap();
            s.claim_nonce("h", "n", 1, 1000).unwrap();
        }
        let s = Store::open(&p, true, Duration::from_secs(1)).unwrap();
        assert_eq!(s.assignment().unwrap().as_deref(), Some("5V"));
        assert!(!s.claim_nonce("h", "n", 2, 1000).unwrap(), "nonces persist across restarts");
        let h = s.health().unwrap();
        assert_eq!(h.integrity, "ok");
        assert_eq!(h.journal_mode, "wal");
        assert_eq!(h.schema_version, 1);
    }

    #[test]
    fn refuses_to_migrate_when_told_not_to() {
        let d = tempfile::tempdir().unwrap();
        let e = Store::open(&d.path().join("m.db"), false, Duration::from_secs(1)).err().unwrap();
        assert!(matches!(e, StoreError::NeedsMigration { found: 0, known: 1, .. }));
    }
}
