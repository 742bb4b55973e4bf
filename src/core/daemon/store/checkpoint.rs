//! Writing the WAL back into the database file off the request path. By default SQLite does it
//! inside the commit that takes the WAL past 1000 pages, so the requests of that commit wait
//! for it; here the request connection never checkpoints, and a thread of its own, on a second
//! connection, runs a passive checkpoint (it waits for no reader or writer) once a second while
//! commits arrive. Logs a failing checkpoint once, and its recovery.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use rusqlite::Connection;

use super::{Store, StoreError};

/// How often the checkpoint thread looks for new commits.
const EVERY: Duration = Duration::from_secs(1);

/// How the WAL reaches the database file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checkpoints {
    /// SQLite checkpoints inside the commit that crosses 1000 pages; its requests wait.
    Inline,
    /// A thread of its own checkpoints after commits; no request waits for it.
    Background,
}

/// What the database thread tells the checkpoint thread.
#[derive(Default)]
pub(super) struct Signals {
    pub commits: AtomicU64,
    pub stopped: AtomicBool,
}

impl Store {
    /// Hands checkpoints to a thread of their own: this connection stops checkpointing.
    pub(super) fn checkpoint_elsewhere(&self, signals: Arc<Signals>) -> Result<(), StoreError> {
        let second = Connection::open(&self.path).map_err(self.err())?;
        second.busy_timeout(Duration::from_millis(100)).map_err(self.err())?;
        self.conn.pragma_update(None, "wal_autocheckpoint", 0).map_err(self.err())?;
        let path = self.path.clone();
        std::thread::Builder::new()
            .name("basilica-db-checkpoint".into())
            .spawn(move || run(&second, &path, &signals))
            .map_err(|e| StoreError::Sqlite {
                path: self.path.clone(),
                source: rusqlite::Error::ToSqlConversionFailure(Box::new(e)),
            })?;
        Ok(())
    }
}

fn run(conn: &Connection, path: &Path, signals: &Signals) {
    let mut seen = 0;
    let mut failing = false;
    while !signals.stopped.load(Ordering::Relaxed) {
        std::thread::sleep(EVERY);
        let commits = signals.commits.load(Ordering::Relaxed);
        if commits == seen {
            continue;
        }
        seen = commits;
        match conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| r.get::<_, i64>(0)) {
            Ok(_) if failing => {
                failing = false;
                tracing::info!(path = %PathBuf::from(path).display(), "database checkpoints work again");
            }
            Ok(_) => {}
            Err(e) if !failing => {
                failing = true;
                tracing::warn!(path = %path.display(), error = %e, "cannot checkpoint the database WAL; it grows until a checkpoint succeeds");
            }
            Err(_) => {}
        }
    }
}
