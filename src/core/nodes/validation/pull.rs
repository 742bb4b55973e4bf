//! The image step of a full validation: pull the validation image only when the node lacks it
//! or a refresh is wanted, never more pulls at once than the fleet-wide limit allows, and name
//! a registry's rate limit. A node that has the image keeps validating with it when a refresh
//! fails (rate limit or registry outage): the failure is a warning, not a verdict.

use crate::core::nodes::inspect::CheckName;
use std::sync::Arc;
use std::time::Instant;

use arc_swap::ArcSwap;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::{Pulls, PULL_DEADLINE};
use crate::core::nodes::fleet::{Code, Fleet, Target};
use crate::core::nodes::inspect::{last_line, Check, CheckStatus};

/// The fleet-wide limit on image pulls at once (`[node_management] max_concurrent_pulls`).
/// A new limit applies to pulls that start after
/// it; pulls already running finish under the old one.
pub struct PullGate {
    slots: ArcSwap<Semaphore>,
    limit: std::sync::Mutex<usize>,
}

impl PullGate {
    /// A gate letting `limit` pulls run at once.
    pub fn new(limit: usize) -> PullGate {
        let limit = limit.max(1);
        PullGate { slots: ArcSwap::from_pointee(Semaphore::new(limit)), limit: std::sync::Mutex::new(limit) }
    }

    /// Sets the limit (a reload); unchanged limits keep the pulls waiting in their queue.
    pub fn set_limit(&self, limit: usize) {
        let limit = limit.max(1);
        let mut current = self.limit.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if *current != limit {
            *current = limit;
            self.slots.store(Arc::new(Semaphore::new(limit)));
        }
    }

    /// Waits for a free pull slot, held until the permit is dropped (`None` only if the
    /// semaphore were closed, which it never is).
    pub async fn enter(&self) -> Option<OwnedSemaphorePermit> {
        let slots = self.slots.load_full();
        slots.acquire_owned().await.ok()
    }
}

/// Whether the image is pulled when the node already has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ImagePolicy {
    /// Pull only when `docker image inspect` does not find the image.
    #[default]
    IfMissing,
    /// Pull anyway: the image is due for a refresh, or changed in the configuration.
    Refresh,
}

/// How the image step went.
#[derive(Debug, Clone, PartialEq)]
pub struct PullStep {
    pub check: Check,
    /// A pull ran: whether it succeeded (`None`: no pull was needed).
    pub pulled: Option<bool>,
    /// How long a successful pull took.
    pub secs: Option<f64>,
    /// The image is on the node: the containers can run.
    pub usable: bool,
}

/// True for a registry's refusal to serve more pulls (Docker Hub answers `toomanyrequests`).
pub fn is_rate_limited(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    t.contains("toomanyrequests") || t.contains("429 too many requests") || t.contains("pull rate limit")
}

const PULL: &str = r#"read -r image
out=$(docker pull "$image" 2>&1); rc=$?
printf '%s\n' "$out" | tail -n 5
exit $rc
"#;

/// The image step on one node whose image `present` says whether it has it already.
pub async fn pull_step(
    fleet: &Fleet,
    node: &Target,
    image: &str,
    present: bool,
    pulls: Pulls<'_>,
    progress: &(dyn Fn(&Target, &str) + Sync),
) -> PullStep {
    if present && pulls.policy == ImagePolicy::IfMissing {
        let check = Check::pass(CheckName::ImagePull, format!("{image} is on the node; not pulled"));
        return PullStep { check, pulled: None, secs: None, usable: true };
    }
    progress(node, "waiting for a pull slot");
    let _slot = pulls.gate.enter().await;
    progress(node, "pulling the validation image");
    let started = Instant::now();
    let result = fleet.exec_within(node, PULL, format!("{image}\n").as_bytes(), PULL_DEADLINE).await;
    let took = started.elapsed().as_secs_f64();
    let why = match result {
        Ok(out) if out.status.success() => {
            let verb = if present { "refreshed" } else { "pulled" };
            let check = Check::pass(CheckName::ImagePull, format!("{image} {verb} in {took:.1} s"));
            return PullStep { check, pulled: Some(true), secs: Some(took), usable: true };
        }
        Ok(out) => {
            last_line(&format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
        }
        Err(e) => e.message,
    };
    let code = if is_rate_limited(&why) { Code::ImagePullRateLimited } else { Code::ImagePullFailed };
    let (status, then) = if present {
        (CheckStatus::Warn, "; validating with the copy already on the node")
    } else {
        (CheckStatus::Fail, "")
    };
    let detail = format!("docker pull {image} failed after {took:.1} s: {why}{then}");
    PullStep {
        check: Check::problem(CheckName::ImagePull, status, code, detail),
        pulled: Some(false),
        secs: None,
        usable: present,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_hubs_refusal_is_told_from_other_pull_failures() {
        let hub = "Error response from daemon: toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit";
        assert!(is_rate_limited(hub));
        assert!(is_rate_limited("unexpected status: 429 Too Many Requests"));
        assert!(!is_rate_limited("Error response from daemon: Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io: no such host"));
        assert!(!is_rate_limited("manifest unknown"));
    }

    #[tokio::test]
    async fn a_new_limit_applies_to_the_pulls_that_start_after_it() {
        let gate = PullGate::new(2);
        let (a, b) = (gate.enter().await, gate.enter().await);
        assert!(tokio::time::timeout(std::time::Duration::from_millis(50), gate.enter()).await.is_err(), "two at once");
        gate.set_limit(3);
        let _c = gate.enter().await;
        drop((a, b));
        gate.set_limit(0);
        let _d = gate.enter().await;
        assert!(
            tokio::time::timeout(std::time::Duration::from_millis(50), gate.enter()).await.is_err(),
            "at least one"
        );
    }
}
