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
    /// Counts one refusal; false when the pending table is full and it was only counted
    /// by the caller's metric.
    pub fn record(&self, now: i64, source: Option<Network>, kind: &'static str, reason: &'static str, detail: &str) -> bool {
        let mut pending = self.pending.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let key = Key { source: source.map_or_else(|| "unknown".into(), |n| n.to_string()), kind, reason, minute: now / 60 };
        if pending.len() >= MAX_PENDING && !pending.contains_key(&key) {
            return false;
        }
        let b = pending.entry(key).or_insert_with(|| Bucket { count: 0, first_at: now, last_at: now, detail: super::checks::cut(detail) });
        b.count += 1;
        b.last_at = now;
        true
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
