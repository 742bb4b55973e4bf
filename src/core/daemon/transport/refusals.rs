//! Refused requests, counted in memory per source network, request kind, reason and minute,
//! and written to the database in one batch every few seconds. A flood therefore costs a
//! hash-map increment per request and a handful of rows per minute, never a row per request.
//! The log follows each source's refusals as an episode: a line when they start, a reminder
//! with the count at most hourly while they go on, and nothing else.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::core::daemon::state::peers::PeerNetwork;
use crate::core::daemon::state::store::{Refusal, Store, StoreError};

/// Most buckets held between flushes; beyond it refusals are only counted in a metric.
const MAX_PENDING: usize = 10_000;
/// Most refusal lines logged per minute, whatever the sources; the rest are only counted.
pub const MAX_LOGGED_PER_MINUTE: usize = 100;
/// A source's refusals (of one kind and reason) without one for this long have ended: the
/// next is logged as a new start.
pub const QUIET_SECS: i64 = 600;
/// While a source's refusals go on, a reminder is logged at most this often.
pub const REMIND_SECS: i64 = 3600;
/// Most episodes remembered; when full, ended ones are dropped, and new sources beyond it are
/// counted, not logged.
const MAX_EPISODES: usize = 10_000;

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
    /// The first of an episode: this source's refusals of this kind and reason start.
    Yes,
    /// The episode goes on: a reminder, with the refusals counted since its last line.
    Again(u64),
    /// The first refusal over this minute's logging budget: say that the rest are quiet.
    LastThisMinute,
    /// Counted, not logged.
    No,
}

/// A source's refusals of one kind and reason, as far as the log is concerned.
#[derive(Debug, Clone, Copy)]
struct Episode {
    logged_at: i64,
    last_at: i64,
    unlogged: u64,
}

#[derive(Default)]
struct Logged {
    episodes: HashMap<(String, &'static str, &'static str), Episode>,
    minute: i64,
    lines: usize,
}

/// Refusals waiting to be written, and the log's rate budget.
#[derive(Default)]
pub struct RefusalLog {
    pending: Mutex<HashMap<Key, Bucket>>,
    logged: Mutex<Logged>,
}

impl RefusalLog {
    /// Counts one refusal, and says whether to log it: the first refusal of an episode (a
    /// source network's refusals of one kind and reason, ended by [`QUIET_SECS`] without one)
    /// and a reminder at most every [`REMIND_SECS`], up to [`MAX_LOGGED_PER_MINUTE`] lines a
    /// minute; the rest are only counted, so a flood cannot flood the log either.
    pub fn record(
        &self,
        now: i64,
        source: Option<PeerNetwork>,
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
                    detail: crate::core::daemon::transport::checks::cut(detail),
                });
                b.count += 1;
                b.last_at = now;
            }
        }
        let mut logged = self.logged.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let logged = &mut *logged;
        if logged.minute != key.minute {
            (logged.minute, logged.lines) = (key.minute, 0);
        }
        let episode_key = (key.source, kind, reason);
        let going_on = match logged.episodes.get_mut(&episode_key) {
            Some(e) if now - e.last_at < QUIET_SECS => {
                e.last_at = now;
                e.unlogged += 1;
                if now - e.logged_at < REMIND_SECS {
                    return LogIt::No;
                }
                Some(*e)
            }
            _ => None,
        };
        if logged.lines >= MAX_LOGGED_PER_MINUTE {
            logged.lines += 1;
            return if logged.lines == MAX_LOGGED_PER_MINUTE + 1 { LogIt::LastThisMinute } else { LogIt::No };
        }
        if going_on.is_none() && logged.episodes.len() >= MAX_EPISODES {
            logged.episodes.retain(|_, e| now - e.last_at < QUIET_SECS);
            if logged.episodes.len() >= MAX_EPISODES {
                return LogIt::No;
            }
        }
        logged.lines += 1;
        logged.episodes.insert(episode_key, Episode { logged_at: now, last_at: now, unlogged: 0 });
        match going_on {
            Some(e) => LogIt::Again(e.unlogged),
            None => LogIt::Yes,
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
    use crate::core::daemon::state::peers::Prefixes;

    #[test]
    fn a_source_is_logged_when_its_refusals_start_then_hourly_while_they_go_on() {
        let log = RefusalLog::default();
        let net = Some(Prefixes::default().network_of("10.0.0.1".parse().unwrap()));
        let refuse = |at: i64, reason: &'static str| log.record(at, net, "authenticate", reason, "x");
        assert_eq!(refuse(600, "INVALID_SIGNATURE"), LogIt::Yes);
        assert_eq!(refuse(601, "INVALID_SIGNATURE"), LogIt::No);
        assert_eq!(refuse(601, "STALE_TIMESTAMP"), LogIt::Yes, "another reason");
        assert!(log.drain().is_some());
        assert_eq!(refuse(602, "INVALID_SIGNATURE"), LogIt::No, "a flush does not start an episode");
        // Every 5 minutes for an hour: one episode, quiet.
        for at in (660..600 + REMIND_SECS).step_by(300) {
            assert_eq!(refuse(at, "INVALID_SIGNATURE"), LogIt::No, "at {at}");
        }
        assert_eq!(
            refuse(600 + REMIND_SECS, "INVALID_SIGNATURE"),
            LogIt::Again(15),
            "the hourly reminder, with the count"
        );
        assert_eq!(refuse(601 + REMIND_SECS, "INVALID_SIGNATURE"), LogIt::No);
        assert_eq!(
            refuse(601 + REMIND_SECS + QUIET_SECS, "INVALID_SIGNATURE"),
            LogIt::Yes,
            "after a quiet spell, a new start"
        );
        assert_eq!(refuse(601 + REMIND_SECS + QUIET_SECS, "STALE_TIMESTAMP"), LogIt::Yes, "that one ended long ago");
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
        // The same thousand sources a minute later: their episodes go on; no line at all.
        let again = (0..1000u32)
            .filter(|i| {
                let source = Some(p.network_of(std::net::Ipv4Addr::from(0x0a00_0000 + i).into()));
                log.record(660, source, "authenticate", "X", "") != LogIt::No
            })
            .count();
        assert_eq!(again, MAX_LOGGED_PER_MINUTE + 1, "the 900 not logged yet are, up to the budget");
    }

    #[test]
    fn the_episodes_remembered_are_bounded() {
        let log = RefusalLog::default();
        let p = Prefixes::default();
        for i in 0..(MAX_EPISODES as u32 + 500) {
            // One source a minute apart never exceeds the per-minute budget.
            let at = i64::from(i) * 60;
            log.record(at, Some(p.network_of(std::net::Ipv4Addr::from(0x0b00_0000 + i).into())), "discover", "X", "");
        }
        assert!(log.logged.lock().unwrap().episodes.len() <= MAX_EPISODES);
    }
}
