//! Failure episodes of nodes, for logs that help at 3 a.m.: a node that keeps failing is logged
//! when it starts failing, when its failure changes (another code), at most once an hour while
//! it goes on, and when it recovers (with how long it was down); never once per health round.

use std::collections::HashMap;

/// The most often a continuing failure is repeated in the log.
pub const REMINDER_SECS: i64 = 3600;

/// What to log about a node after a check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Logged {
    /// Nothing: the node passes as before, or fails as already logged within the hour.
    Nothing,
    /// It failed after passing (or at its first check).
    Started,
    /// It still fails, now with another code.
    Changed { from: String, down_secs: i64 },
    /// It still fails the same way; the last line about it is an hour old.
    Reminder { down_secs: i64 },
    /// It passes again after failing for `down_secs`.
    Recovered { down_secs: i64, code: String },
}

#[derive(Debug, Clone)]
struct Episode {
    since: i64,
    code: String,
    last_logged: i64,
}

/// The failing nodes and their episodes, keyed by node id.
#[derive(Debug, Default)]
pub struct Episodes {
    failing: HashMap<uuid::Uuid, Episode>,
}

impl Episodes {
    /// `node` failed with `code` at `now`.
    pub fn failed(&mut self, node: uuid::Uuid, code: &str, now: i64) -> Logged {
        match self.failing.get_mut(&node) {
            None => {
                self.failing.insert(node, Episode { since: now, code: code.to_string(), last_logged: now });
                Logged::Started
            }
            Some(e) if e.code != code => {
                let from = std::mem::replace(&mut e.code, code.to_string());
                e.last_logged = now;
                Logged::Changed { from, down_secs: now - e.since }
            }
            Some(e) if now - e.last_logged >= REMINDER_SECS => {
                e.last_logged = now;
                Logged::Reminder { down_secs: now - e.since }
            }
            Some(_) => Logged::Nothing,
        }
    }

    /// `node` passed every check at `now`.
    pub fn passed(&mut self, node: uuid::Uuid, now: i64) -> Logged {
        match self.failing.remove(&node) {
            Some(e) => Logged::Recovered { down_secs: now - e.since, code: e.code },
            None => Logged::Nothing,
        }
    }

    /// Forgets a node removed from the configuration.
    pub fn forget(&mut self, node: &uuid::Uuid) {
        self.failing.remove(node);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_minutes_down_at_a_60_s_interval_is_two_lines_and_a_change_is_a_third() {
        let node = uuid::Uuid::from_u128(7);
        let mut e = Episodes::default();
        assert_eq!(e.passed(node, 0), Logged::Nothing);
        let mut lines = 0;
        for round in 1..=10 {
            let code = if round < 6 { "ssh_timeout" } else { "ssh_connection_refused" };
            if e.failed(node, code, round * 60) != Logged::Nothing {
                lines += 1;
            }
        }
        assert_eq!(e.passed(node, 660), Logged::Recovered { down_secs: 600, code: "ssh_connection_refused".into() });
        assert_eq!(lines + 1, 3, "started, changed, recovered");
        assert_eq!(e.passed(node, 720), Logged::Nothing, "recovered once");
    }

    #[test]
    fn a_long_failure_is_repeated_hourly_and_a_removed_node_is_forgotten() {
        let node = uuid::Uuid::from_u128(8);
        let mut e = Episodes::default();
        let logged: Vec<Logged> =
            (0..=130).map(|m| e.failed(node, "no_gpus", m * 60)).filter(|l| *l != Logged::Nothing).collect();
        assert_eq!(
            logged,
            [Logged::Started, Logged::Reminder { down_secs: 3600 }, Logged::Reminder { down_secs: 7200 }],
            "one line when it starts, then one an hour"
        );
        e.forget(&node);
        assert_eq!(e.passed(node, 9000), Logged::Nothing);
        assert_eq!(e.failed(node, "no_gpus", 9060), Logged::Started);
    }
}
