//! The database's answer time with the WAL checkpointed inside the requests' commits (SQLite's
//! default) against on a thread of its own (what `serve` does), one after the other in one
//! run: 8 writers claim nonces (the write every authentication makes) through the daemon's
//! database thread on a fresh file each; prints p50/p99/max per claim, the rate, and the
//! largest the WAL got.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::core::daemon::state::store::{Checkpoints, Database, Store};

const WRITERS: usize = 8;

struct Run {
    p50: Duration,
    p99: Duration,
    max: Duration,
    per_sec: f64,
    wal_max: u64,
}

fn measure(mode: Checkpoints, claims: usize) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("miner.db");
    let store = Store::open(&path, true, Duration::from_secs(5)).unwrap();
    let db = Database::spawn_with(store, mode).unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let times: Arc<Mutex<Vec<Duration>>> = Arc::default();
    let wal = path.with_extension("db-wal");
    let wal_max = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let started = Instant::now();
    rt.block_on(async {
        let watch = {
            let (wal, wal_max) = (wal.clone(), wal_max.clone());
            tokio::spawn(async move {
                loop {
                    let len = std::fs::metadata(&wal).map_or(0, |m| m.len());
                    wal_max.fetch_max(len, std::sync::atomic::Ordering::Relaxed);
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            })
        };
        let writers: Vec<_> = (0..WRITERS)
            .map(|w| {
                let (db, times) = (db.clone(), times.clone());
                tokio::spawn(async move {
                    for i in 0..claims / WRITERS {
                        let nonce = format!("{w:02}{i:062}");
                        let t = Instant::now();
                        db.run(move |s| {
                            s.claim_nonce("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY", &nonce, 1, i64::MAX)
                        })
                        .await
                        .unwrap();
                        times.lock().unwrap().push(t.elapsed());
                    }
                })
            })
            .collect();
        for w in writers {
            w.await.unwrap();
        }
        watch.abort();
    });
    let took = started.elapsed();
    let mut t = times.lock().unwrap().clone();
    t.sort_unstable();
    let at = |q: f64| t[((t.len() as f64 * q) as usize).min(t.len() - 1)];
    Run {
        p50: at(0.50),
        p99: at(0.99),
        max: *t.last().unwrap(),
        per_sec: t.len() as f64 / took.as_secs_f64(),
        wal_max: wal_max.load(std::sync::atomic::Ordering::Relaxed),
    }
}

/// Measures both and prints them with the ratios.
pub fn run(claims: usize) {
    let inline = measure(Checkpoints::Inline, claims);
    let background = measure(Checkpoints::Background, claims);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("database: {claims} nonce claims by {WRITERS} writers, WAL checkpointed inside commits (SQLite's default) vs on a thread of its own");
    println!(
        "  inline:     p50 {:.2} ms  p99 {:.2} ms  max {:.1} ms  {:.0} claims/s  WAL up to {:.1} MB",
        ms(inline.p50),
        ms(inline.p99),
        ms(inline.max),
        inline.per_sec,
        inline.wal_max as f64 / 1e6
    );
    println!(
        "  background: p50 {:.2} ms  p99 {:.2} ms  max {:.1} ms  {:.0} claims/s  WAL up to {:.1} MB",
        ms(background.p50),
        ms(background.p99),
        ms(background.max),
        background.per_sec,
        background.wal_max as f64 / 1e6
    );
    println!(
        "  inline/background: p99 {:.2}x  max {:.2}x  rate {:.2}x",
        ms(inline.p99) / ms(background.p99).max(1e-9),
        ms(inline.max) / ms(background.max).max(1e-9),
        inline.per_sec / background.per_sec.max(1e-9)
    );
}
