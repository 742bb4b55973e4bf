//! The daemon's path to the database: one thread owns the connection, request handlers send
//! it jobs over a channel and await the answer, so SQLite never blocks an async worker. Jobs
//! that queue up while a commit runs are applied in one transaction (group commit): under load
//! many requests share one commit instead of paying one each.

use std::sync::mpsc;

use tokio::sync::oneshot;

use crate::core::daemon::state::store::checkpoint::{Checkpoints, Signals};
use crate::core::daemon::state::store::{Store, StoreError};

/// Most jobs grouped into one transaction.
const MAX_BATCH: usize = 256;
/// Jobs waiting for the thread; senders wait (asynchronously) beyond this.
const QUEUE: usize = 4096;

type Job = Box<dyn FnOnce(&Store) -> Box<dyn FnOnce(bool) + Send> + Send>;

/// A handle to the database thread; cheap to clone.
#[derive(Clone)]
pub struct Database {
    jobs: mpsc::SyncSender<Job>,
    /// Observes each request's time to its committed answer, once metrics exist.
    timing: std::sync::Arc<std::sync::OnceLock<prometheus_client::metrics::histogram::Histogram>>,
}

impl Database {
    /// Moves `store` onto its own thread; the WAL is checkpointed on another one.
    pub fn spawn(store: Store) -> std::io::Result<Database> {
        Database::spawn_with(store, Checkpoints::Background)
    }

    /// [`Database::spawn`], checkpointing as `checkpoints` says (a benchmark compares both).
    pub fn spawn_with(store: Store, checkpoints: Checkpoints) -> std::io::Result<Database> {
        let signals = std::sync::Arc::new(Signals::default());
        if checkpoints == Checkpoints::Background {
            if let Err(e) = store.checkpoint_elsewhere(signals.clone()) {
                tracing::warn!(error = %e, "cannot checkpoint the database on a thread of its own; requests checkpoint it");
            }
        }
        let (jobs, rx) = mpsc::sync_channel::<Job>(QUEUE);
        std::thread::Builder::new().name("basilica-db".into()).spawn(move || run(store, rx, &signals))?;
        Ok(Database { jobs, timing: std::sync::Arc::default() })
    }

    /// Records the duration of every later request in `histogram`.
    pub fn time_with(&self, histogram: prometheus_client::metrics::histogram::Histogram) {
        let _ = self.timing.set(histogram);
    }

    /// Runs `f` on the database thread inside a transaction shared with other queued jobs.
    /// Its result is handed back only once that transaction committed; if the commit fails the
    /// caller gets the commit's error, so nothing is reported done that was not stored.
    pub async fn run<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
    {
        let started = std::time::Instant::now();
        let (tx, rx) = oneshot::channel::<Result<T, StoreError>>();
        let job: Job = Box::new(move |store: &Store| {
            let result = f(store);
            Box::new(move |committed: bool| {
                let _ = tx.send(match (result, committed) {
                    (Ok(v), true) => Ok(v),
                    (Err(e), _) => Err(e),
                    (Ok(_), false) => Err(StoreError::CommitFailed),
                });
            })
        });
        let jobs = self.jobs.clone();
        // A full queue blocks the sender: do that waiting off the async workers.
        match jobs.try_send(job) {
            Ok(()) => {}
            Err(mpsc::TrySendError::Full(job)) => {
                tokio::task::spawn_blocking(move || jobs.send(job))
                    .await
                    .map_err(|_| StoreError::WorkerGone)?
                    .map_err(|_| StoreError::WorkerGone)?;
            }
            Err(mpsc::TrySendError::Disconnected(_)) => return Err(StoreError::WorkerGone),
        }
        let answer = rx.await.map_err(|_| StoreError::WorkerGone)?;
        if let Some(h) = self.timing.get() {
            h.observe(started.elapsed().as_secs_f64());
        }
        answer
    }
}

fn run(store: Store, rx: mpsc::Receiver<Job>, signals: &Signals) {
    while let Ok(first) = rx.recv() {
        signals.commits.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        if let Err(e) = store.begin() {
            // Without a transaction each job runs (and commits, or fails) on its own.
            tracing::warn!(error = %e, "cannot open a database transaction; writing without one");
            batch.into_iter().for_each(|job| job(&store)(true));
            continue;
        }
        let done: Vec<_> = batch.into_iter().map(|job| job(&store)).collect();
        match store.commit() {
            Ok(()) => {
                done.into_iter().for_each(|d| d(true));
                store.cut_back_if_large();
            }
            Err(e) => {
                tracing::error!(error = %e, "database commit failed; the requests in it are refused");
                done.into_iter().for_each(|d| d(false));
            }
        }
    }
    signals.stopped.store(true, std::sync::atomic::Ordering::Relaxed);
}
