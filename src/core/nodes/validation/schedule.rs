//! When each node's next full validation falls and when its validation image is pulled:
//! every node has its own place in the validation interval and in the refresh interval (from
//! its id), so a fleet validates and refreshes spread over time instead of all at once; a
//! failed pull is retried with backoff. Pure: the daemon's loop and `bench_validation` both
//! decide with these functions.

use std::time::Duration;

use backon::BackoffBuilder as _;
use uuid::Uuid;

use crate::core::nodes::state::{ImageCache, ValidationOutcome};
use crate::core::nodes::validation::ImagePolicy;

/// A failed validation is tried again after this long (or the interval, if shorter).
pub const RETRY_FAILED_SECS: i64 = 600;
/// A validation that failed on the way to the node (a login or a command that timed out, a
/// refused or unreachable connection: [`Code::is_transient`](crate::core::nodes::fleet::Code::is_transient)) is tried again after this long,
/// since the node may have passed every check a moment later.
pub const RETRY_TRANSIENT_SECS: i64 = 60;
/// The first wait after a failed pull; it doubles up to the refresh interval.
pub const FIRST_PULL_RETRY_SECS: u64 = 600;

/// The node's place in a `period`: stable, and spread evenly over random node ids.
pub fn phase(node: &Uuid, period: i64) -> i64 {
    let period = period.max(1) as u128;
    (node.as_u128() % period) as i64
}

/// The first instant strictly after `after` that falls on `phase` in `period`.
pub fn slot_after(after: i64, phase: i64, period: i64) -> i64 {
    let period = period.max(1);
    phase + ((after - phase).div_euclid(period) + 1) * period
}

/// What one validation did with the image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageOutcome<'a> {
    /// The image validated with.
    pub image: &'a str,
    /// The node had it before the validation (`None`: not read).
    pub present: Option<bool>,
    /// A pull ran and succeeded, or failed (`None`: no pull).
    pub pulled: Option<bool>,
}

/// The validation and refresh intervals, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cadence {
    /// Seconds between full validations.
    pub every: i64,
    /// Seconds between image refreshes.
    pub refresh_every: i64,
}

impl Cadence {
    /// When the node's next full validation is due after `last`: a passed one at the node's
    /// next place in the interval, a failed one after [`RETRY_FAILED_SECS`]
    /// ([`RETRY_TRANSIENT_SECS`] when the way to the node failed, not a check), or when its
    /// failed pull may be retried, whichever is later.
    pub fn next_validation(&self, node: &Uuid, last: &ValidationOutcome, cache: Option<&ImageCache>) -> i64 {
        if last.ok {
            return slot_after(last.checked_at, phase(node, self.every), self.every);
        }
        let transient = last.problem.as_ref().is_some_and(|p| p.code.is_transient());
        let wait = if transient { RETRY_TRANSIENT_SECS } else { RETRY_FAILED_SECS };
        let retry = last.checked_at + wait.min(self.every);
        cache.filter(|c| c.failures > 0).map_or(retry, |c| retry.max(c.refresh_at))
    }

    /// Whether a validation now pulls the image even when the node has it: the configured
    /// image changed, or the node's refresh (or pull retry) is due.
    pub fn image_policy(&self, cache: Option<&ImageCache>, image: &str, now: i64) -> ImagePolicy {
        match cache {
            Some(c) if c.image != image || now >= c.refresh_at => ImagePolicy::Refresh,
            _ => ImagePolicy::IfMissing,
        }
    }

    /// What is known of the node's image after a validation at `at`.
    pub fn image_after(
        &self,
        node: &Uuid,
        before: Option<&ImageCache>,
        done: ImageOutcome<'_>,
        at: i64,
    ) -> Option<ImageCache> {
        let fresh =
            || ImageCache { image: done.image.to_string(), refresh_at: self.next_refresh(node, at), failures: 0 };
        match (done.pulled, done.present) {
            (Some(true), _) => Some(fresh()),
            (Some(false), _) => {
                let failures = before.filter(|c| c.image == done.image).map_or(0, |c| c.failures) + 1;
                Some(ImageCache {
                    image: done.image.to_string(),
                    refresh_at: at + self.pull_backoff(failures),
                    failures,
                })
            }
            (None, Some(true)) => match before {
                Some(c) if c.image == done.image => Some(c.clone()),
                _ => Some(fresh()),
            },
            (None, _) => before.cloned(),
        }
    }

    /// The node's next refresh after a pull (or a first sighting) at `at`: on its place in the
    /// refresh interval, at least half an interval later. Refreshes happen at the first
    /// validation after that place, so in steady state a node pulls once per interval.
    fn next_refresh(&self, node: &Uuid, at: i64) -> i64 {
        let r = self.refresh_every.max(1);
        let slack = self.every.min(r / 2);
        slot_after(at + r - slack, phase(node, r), r)
    }

    /// How long after the `failures`-th failed pull in a row the next one is tried.
    fn pull_backoff(&self, failures: u32) -> i64 {
        let most = Duration::from_secs(self.refresh_every.max(1) as u64);
        let first = Duration::from_secs(FIRST_PULL_RETRY_SECS).min(most);
        let mut delays =
            backon::ExponentialBuilder::new().with_min_delay(first).with_max_delay(most).without_max_times().build();
        let wait = delays.nth(failures.saturating_sub(1) as usize).unwrap_or(most);
        wait.as_secs() as i64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::nodes::fleet::Code;
    use crate::core::nodes::state::Failure;

    const DAY: i64 = 86_400;

    fn cadence() -> Cadence {
        Cadence { every: 6 * 3600, refresh_every: DAY }
    }

    #[test]
    fn slots_fall_on_the_phase_strictly_after_the_instant() {
        assert_eq!(slot_after(100, 30, 60), 150);
        assert_eq!(slot_after(150, 30, 60), 210, "strictly after");
        assert_eq!(slot_after(-5, 30, 60), 30);
        let spread: std::collections::BTreeSet<i64> = (0..500).map(|_| phase(&Uuid::new_v4(), 500) / 100).collect();
        assert_eq!(spread.len(), 5, "500 random ids cover every fifth of the interval");
    }

    #[test]
    fn a_passed_node_is_next_validated_on_its_place_a_failed_one_after_ten_minutes_or_its_backoff() {
        let c = cadence();
        let node = Uuid::new_v4();
        let at = 1_000_000;
        let passed = ValidationOutcome { ok: true, checked_at: at, problem: None };
        let next = c.next_validation(&node, &passed, None);
        assert!(next > at && next <= at + c.every);
        assert_eq!((next - phase(&node, c.every)).rem_euclid(c.every), 0);
        let again = ValidationOutcome { checked_at: next, ..passed.clone() };
        assert_eq!(c.next_validation(&node, &again, None), next + c.every, "then exactly one interval apart");
        let failed = ValidationOutcome { ok: false, ..passed };
        assert_eq!(c.next_validation(&node, &failed, None), at + RETRY_FAILED_SECS);
        let limited = ImageCache { image: "i".into(), refresh_at: at + 2400, failures: 3 };
        assert_eq!(c.next_validation(&node, &failed, Some(&limited)), at + 2400);
        // A login or command that timed out on the way: a minute, not ten.
        let problem = |code| Some(Failure { code, detail: String::new() });
        let lost = ValidationOutcome { problem: problem(Code::CommandTimeout), ..failed.clone() };
        assert_eq!(c.next_validation(&node, &lost, None), at + RETRY_TRANSIENT_SECS);
        let wrong = ValidationOutcome { problem: problem(Code::DeclarationMismatch), ..failed };
        assert_eq!(c.next_validation(&node, &wrong, None), at + RETRY_FAILED_SECS, "a failed check waits");
    }

    #[test]
    fn the_image_is_pulled_when_changed_or_due_and_refreshed_once_a_day_in_steady_state() {
        let c = cadence();
        let node = Uuid::new_v4();
        let image = "nvidia/cuda:12.8.0-runtime-ubuntu22.04";
        assert_eq!(c.image_policy(None, image, 0), ImagePolicy::IfMissing, "unknown: look first");
        let pulled = ImageOutcome { image, present: Some(false), pulled: Some(true) };
        let cache = c.image_after(&node, None, pulled, 0).unwrap();
        assert!(cache.refresh_at >= DAY - c.every && cache.refresh_at <= 2 * DAY, "{cache:?}");
        assert_eq!(c.image_policy(Some(&cache), image, cache.refresh_at - 1), ImagePolicy::IfMissing);
        assert_eq!(c.image_policy(Some(&cache), image, cache.refresh_at), ImagePolicy::Refresh);
        assert_eq!(c.image_policy(Some(&cache), "other:1", 1), ImagePolicy::Refresh, "a new image");
        let seen = ImageOutcome { image, present: Some(true), pulled: None };
        assert_eq!(c.image_after(&node, Some(&cache), seen, 50), Some(cache.clone()), "no pull keeps the plan");
        // A refresh an hour after its place: the next one is one interval after the first.
        let refreshed = ImageOutcome { image, present: Some(true), pulled: Some(true) };
        let next = c.image_after(&node, Some(&cache), refreshed, cache.refresh_at + 3600).unwrap();
        assert_eq!(next.refresh_at, cache.refresh_at + DAY);
    }

    #[test]
    fn failed_pulls_back_off_doubling_up_to_the_refresh_interval_and_a_success_resets() {
        let c = cadence();
        let node = Uuid::new_v4();
        let image = "img:1";
        let failed = ImageOutcome { image, present: Some(true), pulled: Some(false) };
        let mut cache = None;
        let mut waits = Vec::new();
        for _ in 0..9 {
            let next = c.image_after(&node, cache.as_ref(), failed, 0).unwrap();
            waits.push(next.refresh_at);
            cache = Some(next);
        }
        assert_eq!(&waits[..4], &[600, 1200, 2400, 4800]);
        assert_eq!(*waits.last().unwrap(), DAY, "capped at the refresh interval");
        let ok = ImageOutcome { image, present: Some(true), pulled: Some(true) };
        assert_eq!(c.image_after(&node, cache.as_ref(), ok, 0).unwrap().failures, 0);
    }
}
