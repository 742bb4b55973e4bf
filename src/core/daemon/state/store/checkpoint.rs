//! Writing the WAL back into the database file off the request path. By default SQLite does it
//! inside the commit that takes the WAL past 1000 pages, so the requests of that commit wait
//! for it; here the request connection never checkpoints, and a thread of its own, on a second
//! connection, runs passive checkpoints (they wait for no reader or writer) while commits
//! arrive, until every frame is copied and the writer can start the WAL over (at its next
//! commit). Writes faster than the disk takes the checkpoints never leave that moment: past
//! 64 MB the database thread checkpoints and truncates the WAL itself, between two batches, so
//! the file stays bounded. Logs a
//! failing checkpoint once, and its recovery.

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use rusqlite::Connection;

use crate::core::daemon::state::store::Store;

/// How long the checkpoint thread rests when no commit came, or a checkpoint failed.
const IDLE: Duration = Duration::from_millis(200);
/// Past this size the database thread checkpoints and truncates the WAL itself.
const MOST_WAL: u64 = 64 * 1024 * 1024;

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
    /// Between two batches on the database thread: a WAL past [`MOST_WAL`] (writes faster than
    /// the passive checkpoints copy) is checkpointed here and truncated, so it stays bounded.
    pub(super) fn cut_back_if_large(&self) {
        let wal = format!("{}-wal", self.path.display());
        if std::fs::metadata(&wal).map_or(0, |m| m.len()) <= MOST_WAL {
            return;
        }
        if let Err(e) = self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get::<_, i64>(0)) {
            tracing::debug!(error = %e, "cannot cut the WAL back; tried again after the next commit");
        }
    }

    /// Hands checkpoints to a thread of their own: this connection stops checkpointing. The
    /// error says what failed (opening the second connection, or starting the thread).
    pub(super) fn checkpoint_elsewhere(&self, signals: Arc<Signals>) -> Result<(), String> {
        let second = Connection::open(&self.path).map_err(|e| format!("{}: {e}", self.path.display()))?;
        second.busy_timeout(Duration::from_millis(10)).map_err(|e| e.to_string())?;
        let path = self.path.clone();
        std::thread::Builder::new()
            .name("basilica-db-checkpoint".into())
            .spawn(move || run(&second, &path, &signals))
            .map_err(|e| format!("starting the checkpoint thread: {e}"))?;
        // Only once the thread runs: a request connection that never checkpoints needs it.
        self.conn.pragma_update(None, "wal_autocheckpoint", 0).map_err(|e| e.to_string())
    }
}

fn run(conn: &Connection, path: &Path, signals: &Signals) {
    let mut seen = 0;
    let mut failing = false;
    while !signals.stopped.load(Ordering::Relaxed) {
        let commits = signals.commits.load(Ordering::Relaxed);
        if commits == seen {
            std::thread::sleep(IDLE);
            continue;
        }
        let checkpoint = |mode: &str| {
            conn.query_row(&format!("PRAGMA wal_checkpoint({mode})"), [], |r| {
                Ok((r.get::<_, i64>(1)?, r.get::<_, i64>(2)?))
            })
        };
        let done = checkpoint("PASSIVE");
        match done {
            // Every frame is in the database file: the writer starts the WAL over at its next
            // commit. Until then, checkpoint again at once.
            Ok((log, copied)) => {
                if log == copied {
                    seen = commits;
                }
                if failing {
                    failing = false;
                    tracing::info!(path = %path.display(), "database checkpoints work again");
                }
            }
            Err(e) => {
                if !failing {
                    failing = true;
                    tracing::warn!(path = %path.display(), error = %e, "cannot checkpoint the database WAL; it grows until a checkpoint succeeds");
                }
                std::thread::sleep(IDLE);
            }
        }
    }
}
