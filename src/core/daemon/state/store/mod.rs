//! The daemon's state in SQLite: versioned migrations, WAL mode, seen nonces, the
//! current assignment, deployed keys per node, node health, an audit log of what succeeded and
//! changed, and refusals counted per source network, reason and minute (so a flood adds
//! counts, not rows), and the generation-2 bid ([`BidRecord`]). Old rows are pruned
//! by [`Store::prune`].

mod bids;
mod checkpoint;
mod health;
mod integrity;
mod migrations;
mod rentals;
mod validations;
mod worker;

pub use integrity::Health;
use migrations::MIGRATIONS;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{params, Connection};
use serde::Serialize;

/// The most refusal buckets kept, whatever the retention: an attacker spread over many
/// networks adds buckets, never more than this many.
pub const MAX_REFUSAL_ROWS: i64 = 50_000;

/// Tables listed by `database health`.
const TABLES: [&str; 10] = [
    "seen_nonces",
    "assignment",
    "deployed_keys",
    "node_health",
    "audit",
    "refusals",
    "bid_registration",
    "node_validation",
    "node_offered",
    "rentals",
];

pub use bids::BidRecord;
pub use checkpoint::Checkpoints;
pub use health::{ActivitySummary, OfferedTotal};
pub use rentals::RentalRow;
pub use validations::ValidationRow;
pub use worker::Database;

/// Why the database could not be opened, read or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite failed on the database file.
    #[error("database {path}: {source}")]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// SQLite's error.
        source: rusqlite::Error,
    },
    /// The database was written by a newer build; this one refuses to touch it.
    #[error("database {path} has schema version {found}, newer than this build understands ({known}); upgrade basilica-miner")]
    TooNew {
        /// The database file.
        path: PathBuf,
        /// The file's schema version.
        found: u32,
        /// The newest version this build knows.
        known: u32,
    },
    /// The schema is older, and `[database] run_migrations = false` forbids upgrading it.
    #[error("database {path} needs migrations ({found} → {known}) but [database] run_migrations = false")]
    NeedsMigration {
        /// The database file.
        path: PathBuf,
        /// The file's schema version.
        found: u32,
        /// The version this build would migrate it to.
        known: u32,
    },
    /// The thread that owns the connection has ended; no request can be answered.
    #[error("the database worker has stopped")]
    WorkerGone,
    /// The batch this request was written in did not commit, so the write is lost.
    #[error("the database could not commit the transaction this request was part of")]
    CommitFailed,
}

impl StoreError {
    /// True when the disk (or the database file's size limit) is full.
    pub fn is_disk_full(&self) -> bool {
        matches!(self, StoreError::Sqlite { source: rusqlite::Error::SqliteFailure(e, _), .. } if e.code == rusqlite::ErrorCode::DiskFull)
    }
}

/// The daemon's SQLite file, opened on the thread that owns it (or read-only by another
/// process, through `daemon::view`).
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// One audit entry.
pub struct Audit<'a> {
    /// What happened: `authenticate`, `discover`, `bid_withdraw`, …
    pub kind: &'a str,
    /// The validator concerned, when one is known.
    pub validator_hotkey: Option<&'a str>,
    /// The other side's address: the requesting peer, or the validator's endpoint or node host.
    pub peer: Option<&'a str>,
    /// `ok`, `not_assigned`, `refused`, …
    pub outcome: &'a str,
    /// Free text, e.g. what was served or why a node was refused.
    pub detail: Option<&'a str>,
}

/// A deployed validator key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeployedKey {
    /// The node the key is on.
    pub node_id: String,
    /// The validator the key belongs to.
    pub validator_hotkey: String,
    /// The key's SHA256 fingerprint.
    pub fingerprint: String,
    /// The authorized_keys line's key (`<type> <base64>`).
    pub public_key: String,
    /// Unix time it was put on the node.
    pub deployed_at: i64,
}

/// A node's last health check as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HealthRow {
    /// The node's id.
    pub node_id: String,
    /// `user@host:port` at the check.
    pub address: String,
    /// Whether every check passed.
    pub ok: bool,
    /// The first failed check's code (`None` when it passed, or the code is unknown to this build).
    pub code: Option<crate::core::nodes::fleet::Code>,
    /// The first failure's message, or a summary of the passed checks.
    pub detail: String,
    /// Since when the node has passed every check; `None` while it fails.
    pub healthy_since: Option<i64>,
    /// GPUs the check found (0 when it failed before counting them).
    pub gpus: u32,
    /// Their one model's category name (`H100`), when they are all of one model.
    pub gpu_model: Option<String>,
    /// The price of one GPU-hour on the node at the check, in cents (`None` when unpriced).
    pub price_cents: Option<u32>,
    /// A CPU-only host: `CPU: <model>, N vCPU, M GB` (`None` for a GPU node).
    pub cpu: Option<String>,
}

/// A refused request, counted in its source network's bucket for the minute.
pub struct Refusal<'a> {
    /// The refused call (`authenticate`, `discover`, …).
    pub kind: &'a str,
    /// The source network, e.g. `203.0.113.9/32` or `2001:db8:1:2::/64`.
    pub source: &'a str,
    /// Why it was refused (`INVALID_SIGNATURE`, …).
    pub reason: &'a str,
    /// The first refusal's detail in a bucket is kept.
    pub detail: Option<&'a str>,
}

/// What [`Store::prune`] deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Pruned {
    /// Audit entries deleted.
    pub audit: usize,
    /// Refusal buckets deleted.
    pub refusals: usize,
    /// Offered-time rows deleted.
    pub offered: usize,
    /// Used nonces deleted.
    pub nonces: usize,
    /// Rentals that ended before the retention.
    pub rentals: usize,
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
        // The WAL is checkpointed every 1000 pages (4 MiB); after a checkpoint it is cut back
        // to this size instead of keeping its largest size forever.
        conn.pragma_update(None, "journal_size_limit", 4 * 1024 * 1024).map_err(err)?;
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
            tx.pragma_update(None, "user_version", (i + 1) as u32)
                .map_err(|source| StoreError::Sqlite { path: path.clone(), source })?;
            tx.commit().map_err(|source| StoreError::Sqlite { path: path.clone(), source })?;
        }
        Ok(())
    }

    /// Records a nonce for `hotkey`; false when it was already seen and has not expired (a
    /// replay). An expired entry is taken over in the same statement.
    pub fn claim_nonce(&self, hotkey: &str, nonce: &str, now: i64, expires_at: i64) -> Result<bool, StoreError> {
        let changed = self
            .conn
            .prepare_cached(
                "INSERT INTO seen_nonces (hotkey, nonce, expires_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (hotkey, nonce) DO UPDATE SET expires_at = excluded.expires_at WHERE seen_nonces.expires_at < ?4",
            )
            .and_then(|mut st| st.execute(params![hotkey, nonce, expires_at, now]))
            .map_err(self.err())?;
        Ok(changed == 1)
    }

    /// One full audit row: for what succeeded or changed something.
    pub fn audit(&self, now: i64, a: &Audit<'_>) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "INSERT INTO audit (at, kind, validator_hotkey, peer, outcome, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .and_then(|mut st| st.execute(params![now, a.kind, a.validator_hotkey, a.peer, a.outcome, a.detail]))
            .map(|_| ())
            .map_err(self.err())
    }

    /// Counts a refused request in the bucket of its source network, reason and minute.
    pub fn refusal(&self, now: i64, r: &Refusal<'_>) -> Result<(), StoreError> {
        self.add_refusals(r, 1, now, now)
    }

    /// Adds `count` refusals seen between `first_at` and `last_at` (one minute's bucket).
    pub fn add_refusals(&self, r: &Refusal<'_>, count: u64, first_at: i64, last_at: i64) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "INSERT INTO refusals (source, kind, reason, minute, count, first_at, last_at, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (source, kind, reason, minute) DO UPDATE SET count = count + excluded.count, last_at = MAX(last_at, excluded.last_at)",
            )
            .and_then(|mut st| st.execute(params![r.source, r.kind, r.reason, first_at / 60, i64::try_from(count).unwrap_or(i64::MAX), first_at, last_at, r.detail]))
            .map(|_| ())
            .map_err(self.err())
    }

    /// Deletes audit rows and refusal buckets older than `retention_days`, expired nonces, and
    /// the oldest refusal buckets beyond [`MAX_REFUSAL_ROWS`].
    pub fn prune(&self, now: i64, retention_days: u64) -> Result<Pruned, StoreError> {
        let cutoff = now.saturating_sub(i64::try_from(retention_days.saturating_mul(86_400)).unwrap_or(i64::MAX));
        let run = |sql: &str, p: &[&dyn rusqlite::ToSql]| self.conn.execute(sql, p).map_err(self.err());
        let mut pruned = Pruned {
            audit: run("DELETE FROM audit WHERE at < ?1", &[&cutoff])?,
            refusals: run("DELETE FROM refusals WHERE last_at < ?1", &[&cutoff])?,
            offered: run("DELETE FROM node_offered WHERE hour < ?1", &[&(cutoff / 3600)])?,
            nonces: run("DELETE FROM seen_nonces WHERE expires_at < ?1", &[&now])?,
            rentals: run("DELETE FROM rentals WHERE ended_at < ?1", &[&cutoff])?,
        };
        pruned.refusals += run(
            "DELETE FROM refusals WHERE rowid IN (SELECT rowid FROM refusals ORDER BY last_at DESC LIMIT -1 OFFSET ?1)",
            &[&MAX_REFUSAL_ROWS],
        )?;
        Ok(pruned)
    }

    /// Opens a transaction (the database worker groups queued writes into one).
    pub(crate) fn begin(&self) -> Result<(), StoreError> {
        self.conn.execute_batch("BEGIN IMMEDIATE").map_err(self.err())
    }

    /// Commits the open transaction; on failure it is rolled back and the error returned.
    pub(crate) fn commit(&self) -> Result<(), StoreError> {
        self.conn.execute_batch("COMMIT").map_err(|source| {
            let _ = self.conn.execute_batch("ROLLBACK");
            StoreError::Sqlite { path: self.path.clone(), source }
        })
    }

    /// The validator currently holding the nodes.
    pub fn assignment(&self) -> Result<Option<String>, StoreError> {
        Ok(self.assignment_since()?.map(|(hotkey, _)| hotkey))
    }

    /// Records `hotkey` as the validator the nodes are assigned to, from `now`.
    pub fn set_assignment(&self, hotkey: &str, now: i64) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT INTO assignment (id, validator_hotkey, since) VALUES (1, ?1, ?2) ON CONFLICT (id) DO UPDATE SET validator_hotkey = ?1, since = ?2",
                params![hotkey, now],
            )
            .map(|_| ())
            .map_err(self.err())
    }

    /// Records the validator key deployed on a node (one per node: it replaces the node's
    /// previous record).
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

    /// Forgets the key recorded for a node whose validator key was removed.
    pub fn forget_deployed(&self, node_id: &str) -> Result<(), StoreError> {
        self.conn
            .execute("DELETE FROM deployed_keys WHERE node_id = ?1", params![node_id])
            .map(|_| ())
            .map_err(self.err())
    }

    /// Every deployed validator key on record.
    pub fn deployed_keys(&self) -> Result<Vec<DeployedKey>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT node_id, validator_hotkey, fingerprint, public_key, deployed_at FROM deployed_keys ORDER BY node_id")
            .map_err(self.err())?;
        let rows = stmt
            .query_map([], |r| {
                Ok(DeployedKey {
                    node_id: r.get(0)?,
                    validator_hotkey: r.get(1)?,
                    fingerprint: r.get(2)?,
                    public_key: r.get(3)?,
                    deployed_at: r.get(4)?,
                })
            })
            .map_err(self.err())?;
        rows.collect::<Result<Vec<_>, _>>().map_err(self.err())
    }
}

crate::classify_all!(Usage: StoreError);

#[cfg(test)]
mod tests;
