//! Refused requests, counted in memory per source network, request kind, reason and minute,
//! and written to the database in one batch every few seconds. A flood therefore costs a
//! hash-map increment per request and a handful of rows per minute, never a row per request.

use std::collections::HashMap;
use std::sync::Mutex;

use super::ratelimit::Network;
use crate::core::daemon::store::{Refusal, Store, StoreError};

/// Most buckets held between flushes; beyond it refusals are only counted in a metric.
const MAX_PENDING: usize = 10_000;
/// Most refusals logged per minute (the first of each bucket); the rest are only counted.
pub const MAX_LOGGED_PER_MINUTE: usize = 100;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    source: String,
    kind: &'static str,
    reason: &'static str,
    minute: i64,
}

#[derive(Debug, Clone)]
struct Bucket {
    count: u64,
    first_at: i64,
    last_at: i64,
    detail: String,
}

/// Whether to log a refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogIt {
    /// The first of its bucket this minute.
    Yes,
    /// The first refusal over this minute's logging budget: say that the rest are quiet.
    LastThisMinute,
    No,
}

#[derive(Default)]
pub struct RefusalLog {
    pending: Mutex<HashMap<Key, Bucket>>,
    /// Buckets already logged in the current minute.
    logged: Mutex<(i64, std::collections::HashSet<Key>)>,
}

impl RefusalLog {
    /// Counts one refusal, and says whether to log it: the first refusal of each bucket
    /// (source network, kind, reason, minute) is logged, up to [`MAX_LOGGED_PER_MINUTE`] a
    /// minute; the rest are only counted, so a flood cannot flood the log either.
    pub fn record(
        &self,
        now: i64,
        source: Option<Network>,
        kind: &'static str,
        reason: &'static str,
        detail: &str,
    ) -> LogIt {
        let key =
            Key { source: source.map_or_else(|| "unknown".into(), |n| n.to_string()), kind, reason, minute: now / 60 };
        {
            let mut pending = self.pending.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if pending.len() < MAX_PENDING || pending.contains_key(&key) {
                let b = pending.entry(key.clone()).or_insert_with(|| Bucket {
                    count: 0,
                    first_at: now,
                    last_at: now,
                    detail: super::checks::cut(detail),
                });
                b.count += 1;
                b.last_at = now;
            }
        }
        let mut logged = self.logged.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if logged.0 != key.minute {
            *logged = (key.minute, std::collections::HashSet::new());
        }
        if logged.1.len() > MAX_LOGGED_PER_MINUTE || logged.1.contains(&key) {
            return LogIt::No;
        }
        let over = logged.1.len() == MAX_LOGGED_PER_MINUTE;
        logged.1.insert(key);
        if over {
            LogIt::LastThisMinute
        } else {
            LogIt::Yes
        }
    }

    /// Takes what is pending, as a job for the database thread.
    pub fn drain(&self) -> Option<impl FnOnce(&Store) -> Result<(), StoreError> + Send + 'static> {
        let taken = std::mem::take(&mut *self.pending.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
        if taken.is_empty() {
            return None;
        }
        Some(move |store: &Store| {
            for (k, b) in &taken {
                store.add_refusals(
                    &Refusal { kind: k.kind, source: &k.source, reason: k.reason, detail: Some(&b.detail) },
                    b.count,
                    b.first_at,
                    b.last_at,
                )?;
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::daemon::ratelimit::Prefixes;

    #[test]
    fn only_the_first_refusal_of_a_bucket_is_to_be_logged() {
        let log = RefusalLog::default();
        let net = Some(Prefixes::default().network_of("10.0.0.1".parse().unwrap()));
        assert_eq!(log.record(600, net, "authenticate", "INVALID_SIGNATURE", "x"), LogIt::Yes);
        assert_eq!(log.record(601, net, "authenticate", "INVALID_SIGNATURE", "x"), LogIt::No);
        assert_eq!(log.record(601, net, "authenticate", "STALE_TIMESTAMP", "x"), LogIt::Yes, "another reason");
        assert!(log.drain().is_some());
        assert_eq!(
            log.record(602, net, "authenticate", "INVALID_SIGNATURE", "x"),
            LogIt::No,
            "a flush does not reopen the minute"
        );
        assert_eq!(log.record(660, net, "authenticate", "INVALID_SIGNATURE", "x"), LogIt::Yes, "the next minute");
    }

    #[test]
    fn at_most_a_hundred_lines_a_minute_whatever_the_sources() {
        let log = RefusalLog::default();
        let p = Prefixes::default();
        let said: Vec<LogIt> = (0..1000u32)
            .map(|i| {
                log.record(
                    600,
                    Some(p.network_of(std::net::Ipv4Addr::from(0x0a00_0000 + i).into())),
                    "authenticate",
                    "X",
                    "",
                )
            })
            .collect();
        assert_eq!(said.iter().filter(|l| **l == LogIt::Yes).count(), MAX_LOGGED_PER_MINUTE);
        assert_eq!(said.iter().filter(|l| **l == LogIt::LastThisMinute).count(), 1);
        let rows = {
            let pending = log.pending.lock().unwrap();
            pending.values().map(|b| b.count).sum::<u64>()
        };
        assert_eq!(rows, 1000, "every refusal still counted");
    }
}
