//! Failure episodes of nodes, for logs that help at 3 a.m.: a node that keeps failing is logged
//! when it starts failing, when its failure changes (another code), at most once an hour while
//! it goes on, and when it recovers (with how long it was down); never once per health round.

use crate::core::nodes::fleet::Code;

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
    Changed {
        /// The code it failed with before.
        from: Option<Code>,
        /// Seconds since it started failing.
        down_secs: i64,
    },
    /// It still fails the same way; the last line about it is an hour old.
    Reminder {
        /// Seconds since it started failing.
        down_secs: i64,
    },
    /// It passes again after failing for `down_secs`.
    Recovered {
        /// How long it failed.
        down_secs: i64,
        /// The code it failed with last.
        code: Option<Code>,
    },
}

/// One node's failure episode: since when it fails, with which code (`None`: a failure that
/// named none), and when it was last logged. A node that passes has none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Episode {
    since: i64,
    code: Option<Code>,
    last_logged: i64,
}

impl Episode {
    /// The node of `episode` failed with `code` at `now`.
    pub fn failed(episode: &mut Option<Episode>, code: Option<Code>, now: i64) -> Logged {
        match episode {
            None => {
                *episode = Some(Episode { since: now, code, last_logged: now });
                Logged::Started
            }
            Some(e) if e.code != code => {
                let from = std::mem::replace(&mut e.code, code);
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

    /// The node of `episode` passed every check at `now`.
    pub fn passed(episode: &mut Option<Episode>, now: i64) -> Logged {
        match episode.take() {
            Some(e) => Logged::Recovered { down_secs: now - e.since, code: e.code },
            None => Logged::Nothing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_minutes_down_at_a_60_s_interval_is_two_lines_and_a_change_is_a_third() {
        let mut e = None;
        assert_eq!(Episode::passed(&mut e, 0), Logged::Nothing);
        let mut lines = 0;
        for round in 1..=10 {
            let code = if round < 6 { Code::SshTimeout } else { Code::SshConnectionRefused };
            if Episode::failed(&mut e, Some(code), round * 60) != Logged::Nothing {
                lines += 1;
            }
        }
        assert_eq!(
            Episode::passed(&mut e, 660),
            Logged::Recovered { down_secs: 600, code: Some(Code::SshConnectionRefused) }
        );
        assert_eq!(lines + 1, 3, "started, changed, recovered");
        assert_eq!(Episode::passed(&mut e, 720), Logged::Nothing, "recovered once");
    }

    #[test]
    fn a_long_failure_is_repeated_hourly() {
        let mut e = None;
        let logged: Vec<Logged> = (0..=130)
            .map(|m| Episode::failed(&mut e, Some(Code::NoGpus), m * 60))
            .filter(|l| *l != Logged::Nothing)
            .collect();
        assert_eq!(
            logged,
            [Logged::Started, Logged::Reminder { down_secs: 3600 }, Logged::Reminder { down_secs: 7200 }],
            "one line when it starts, then one an hour"
        );
    }
}
