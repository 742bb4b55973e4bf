//! What is known about one node between checks: its last health check ([`NodeState`]), its
//! last full validation ([`ValidationOutcome`]), the first failed check of either ([`Failure`], with its
//! typed code), and its uptime streak. The conversions from a check's report are written here
//! beside the checks (`inspect`, `validation`); the daemon's node book, the offer and `bid show`
//! all use them.

use super::cpu::CpuInfo;
use super::fleet::{Code, NodeError};
use super::gpu::{Category, Gpu};
use super::rental::RentalView;

/// A node's first failed check, kept structured: its code and what it said. Displayed as
/// `code: detail`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The check's failure code.
    pub code: Code,
    /// What it said.
    pub detail: String,
}

impl Failure {
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
    /// The GPUs nvidia-smi listed at the check (empty when it could not run).
    pub gpus: Vec<Gpu>,
    /// A host declared CPU-only: its CPUs and memory, when the probe read them.
    pub cpu: Option<CpuInfo>,
    /// Its rentals and GPU processes, when the check could ask Docker (`None`: unknown).
    pub rentals: Option<RentalView>,
    /// Unix time of the check.
    pub checked_at: i64,
}

impl NodeState {
    /// The categories of its GPUs with how many of each, in the order first seen (`other`
    /// for a GPU without a name): what the per-node GPU metric shows.
    pub fn gpu_models(&self) -> Vec<(String, usize)> {
        super::gpu::count_by_category(&self.gpus)
            .into_iter()
            .map(|(m, n)| (m.map_or("other", |m| m.as_str()).to_string(), n))
            .collect()
    }

    /// The categories of its GPUs alone, as [`NodeState::gpu_models`] labels them.
    pub fn gpu_categories(&self) -> Vec<String> {
        self.gpu_models().into_iter().map(|(m, _)| m).collect()
    }

    /// What the node is rented as, given its declared category: a CPU-only host's class as
    /// one device once its probe answered; else its GPUs' one category (`None` for none or
    /// several) and their count.
    pub fn devices(&self, declared: Option<&Category>) -> (Option<Category>, u32) {
        if let Some(class) = declared.filter(|c| c.is_cpu()) {
            return if self.cpu.is_some() { (Some(class.clone()), super::cpu::DEVICE_COUNT) } else { (None, 0) };
        }
        (super::gpu::one_category(&self.gpus), u32::try_from(self.gpus.len()).unwrap_or(u32::MAX))
    }

    /// The state of a node that could not be checked at all (SSH failed, say).
    pub fn unreachable(e: &NodeError, checked_at: i64) -> NodeState {
        NodeState { ok: false, problem: Some(e.into()), gpus: Vec::new(), cpu: None, rentals: None, checked_at }
    }
}

/// A node's last full validation, as the offer needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationOutcome {
    /// Whether every step passed.
    pub ok: bool,
    /// Unix time it finished.
    pub checked_at: i64,
    /// The first failed check.
    pub problem: Option<Failure>,
}

/// A node's last full validation, what it covered, and what is known of its image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastValidation {
    /// What the validation covered (the validation plan's spec of the node: address, declarations, images).
    pub spec: String,
    /// Its outcome.
    pub outcome: ValidationOutcome,
    /// What is known of the image on the node.
    pub image: Option<ImageCache>,
}

/// What the miner knows of the validation image on one node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageCache {
    /// The image last found on or pulled to the node.
    pub image: String,
    /// When it is pulled again: its refresh, or the retry of a failed pull.
    pub refresh_at: i64,
    /// Pulls that failed in a row.
    pub failures: u32,
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
    fn a_streak_never_runs_backwards_and_a_failure_shows_its_code() {
        assert_eq!(uptime_streak_secs(Some(100), 160), 60);
        assert_eq!(uptime_streak_secs(Some(200), 160), 0, "a clock step back shows 0, not a negative streak");
        assert_eq!(uptime_streak_secs(None, 160), 0);
        let f = Failure { code: Code::DockerMissing, detail: "no docker".into() };
        assert_eq!(f.to_string(), "docker_missing: no docker");
    }
}
