//! Refused requests, counted in memory per source network, request kind, reason and minute,
//! and written to the database in one batch every few seconds. A flood therefore costs a
//! hash-map increment per request and a handful of rows per minute, never a row per request.

use std::collections::HashMap;
use std::sync::Mutex;

use super::ratelimit::Network;
use crate::core::store::{Refusal, Store, StoreError};

/// Most buckets held between flushes; beyond it refusals are only counted in a metric.
const MAX_PENDING: usize = 10_000;

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

#[derive(Default)]
pub struct RefusalLog {
    pending: Mutex<HashMap<Key, Bucket>>,
}

impl RefusalLog {
    /// Counts one refusal. Returns true for the first refusal of its bucket (source network,
    /// kind, reason, minute) since the last flush: the caller logs that one and stays quiet
    /// about the rest, so a flood cannot flood the log either.
    pub fn record(&self, now: i64, source: Option<Network>, kind: &'static str, reason: &'static str, detail: &str) -> bool {
        let mut pending = self.pending.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let key = Key { source: source.map_or_else(|| "unknown".into(), |n| n.to_string()), kind, reason, minute: now / 60 };
        if pending.len() >= MAX_PENDING && !pending.contains_key(&key) {
            return false;
        }
        let b = pending.entry(key).or_insert_with(|| Bucket { count: 0, first_at: now, last_at: now, detail: super::checks::cut(detail) });
        b.count += 1;
        b.last_at = now;
        b.count == 1
    }

    /// Takes what is pending, as a job for the database thread.
    pub fn drain(&self) -> Option<impl FnOnce(&Store) -> Result<(), StoreError> + Send + 'static> {
        let taken = std::mem::take(&mut *self.pending.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
        if taken.is_empty() {
            return None;
        }
        Some(move |store: &Store| {
            for (k, b) in &taken {
                store.add_refusals(&Refusal { kind: k.kind, source: &k.source, reason: k.reason, detail: Some(&b.detail) }, b.count, b.first_at, b.last_at)?;
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::server::ratelimit::Prefixes;

    #[test]
    fn only_the_first_refusal_of_a_bucket_is_to_be_logged() {
        let log = RefusalLog::default();
        let net = Some(Prefixes::default().network_of("10.0.0.1".parse().unwrap()));
        assert!(log.record(600, net, "authenticate", "INVALID_SIGNATURE", "x"));
        assert!(!log.record(601, net, "authenticate", "INVALID_SIGNATURE", "x"));
        assert!(log.record(601, net, "authenticate", "STALE_TIMESTAMP", "x"), "another reason");
        assert!(log.record(660, net, "authenticate", "INVALID_SIGNATURE", "x"), "the next minute");
        assert!(log.drain().is_some());
        assert!(log.record(661, net, "authenticate", "INVALID_SIGNATURE", "x"), "after a flush");
    }
}
