//! What is known about one node between checks: its last health check ([`NodeState`]), its
//! last full validation ([`Vetting`]), the first failed check of either ([`Failure`], with its
//! typed code), and its uptime streak. The conversions from a check's report are written here
//! once; the daemon's node book, the offer and `bid show` all use them.

use super::fleet::{Code, NodeError};
use super::gpu::Gpu;
use super::inspect::{Check, NodeReport, Status};
use super::validation::Validation;

/// A node's first failed check, kept structured: its code and what it said. Displayed as
/// `code: detail`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub code: Code,
    pub detail: String,
}

impl Failure {
    /// The first failed check of `checks` (every failed check carries a code).
    pub fn first(checks: &[Check]) -> Option<Failure> {
        checks
            .iter()
            .filter(|c| c.status == Status::Fail)
            .find_map(|c| Some(Failure { code: c.code?, detail: c.detail.clone() }))
    }

    /// What the operator can do about it.
    pub fn fix(&self) -> &'static str {
        self.code.fix()
    }
}

impl From<&NodeError> for Failure {
    fn from(e: &NodeError) -> Failure {
        Failure { code: e.code, detail: e.message.clone() }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.detail)
    }
}

/// What the last health check found on a node.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeState {
    /// Every check passed (SSH, driver, CUDA, Docker and its NVIDIA runtime).
    pub ok: bool,
    /// The first failed check.
    pub problem: Option<Failure>,
    pub gpus: Vec<Gpu>,
    pub checked_at: i64,
}

impl NodeState {
    /// The state a health check's report describes, as of `checked_at`.
    pub fn from_report(report: NodeReport, checked_at: i64) -> NodeState {
        NodeState { ok: report.ok, problem: report.first_failure(), gpus: report.gpus, checked_at }
    }

    /// The state of a node that could not be checked at all (SSH failed, say).
    pub fn unreachable(e: &NodeError, checked_at: i64) -> NodeState {
        NodeState { ok: false, problem: Some(e.into()), gpus: Vec::new(), checked_at }
    }
}

/// A node's last full validation, as the offer needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vetting {
    pub ok: bool,
    pub checked_at: i64,
    /// The first failed check.
    pub problem: Option<Failure>,
}

impl From<&Validation> for Vetting {
    fn from(v: &Validation) -> Vetting {
        Vetting { ok: v.ok, checked_at: v.checked_at, problem: v.first_failure() }
    }
}

/// How long a node has passed every check at `now`, given since when (`None` while it
/// fails): the uptime streak validators ramp rewards by. The one place it is computed.
pub fn uptime_streak_secs(healthy_since: Option<i64>, now: i64) -> i64 {
    healthy_since.map_or(0, |since| (now - since).max(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_failed_check_keeps_its_typed_code_and_a_streak_never_runs_backwards() {
        let checks = vec![
            Check::pass("ssh", "ok"),
            Check::problem("disk", Status::Warn, Code::DiskLow, "low"),
            Check::problem("docker", Status::Fail, Code::DockerMissing, "no docker"),
            Check::problem("gpu", Status::Fail, Code::NoGpus, "none"),
        ];
        let f = Failure::first(&checks).unwrap();
        assert_eq!(f.code, Code::DockerMissing);
        assert_eq!(f.to_string(), "docker_missing: no docker");
        assert_eq!(Failure::first(&checks[..2]), None, "a warning is no failure");
        assert_eq!(uptime_streak_secs(Some(100), 160), 60);
        assert_eq!(uptime_streak_secs(Some(200), 160), 0, "a clock step back shows 0, not a negative streak");
        assert_eq!(uptime_streak_secs(None, 160), 0);
    }
}
