//! The full validation a generation-2 validator runs on a node (docs/protocol.md, "How a
//! validator judges a node"), predicted from the miner's side: Docker usable by the node's
//! own user, the validation image pulled, a container run with `--gpus all --runtime nvidia`
//! that sees exactly the host's GPUs, a container serving a nonce on a published ephemeral
//! port that the miner fetches at the node's host, GPU UUIDs, `sha256sum`, free disk, and the
//! declared GPUs against the detected ones. The image is pulled only when the node lacks it or
//! a refresh is asked for, under a fleet-wide limit ([`PullGate`]). Image names, nonces and paths
//! travel on stdin.

use crate::core::nodes::inspect::CheckName;
use std::time::{Duration, Instant};

use serde::Serialize;
use uuid::Uuid;

use super::cpu::Machine;
use super::fleet::{Code, Fleet, Target};
use super::gpu::Category;
use super::inspect::{self, Check, CheckStatus};
use super::port_check;
use super::registry::NodeRecord;
use super::state::{Failure, ValidationOutcome};
use super::way_in;

/// Validators rent a node only if its last full validation passed within this time.
pub const VALID_FOR_SECS: i64 = 12 * 3600;
/// Whether a node's last full validation counts now: it passed, within [`VALID_FOR_SECS`], or
/// the node is rented (no validation runs during a rental: the last one stands).
pub fn is_current(ok: bool, checked_at: i64, now: i64, rented: bool) -> bool {
    ok && (now - checked_at <= VALID_FOR_SECS || rented)
}

/// Validators give the GPU container this long.
pub const CONTAINER_DEADLINE: Duration = Duration::from_secs(60);
/// Longest an image pull may take before the check fails.
pub const PULL_DEADLINE: Duration = Duration::from_secs(20 * 60);
/// Longest the facts script may take (unless `health_check_timeout` is longer). It asks Docker
/// and `nvidia-smi` several times; a validator gives each command 300 s, so a busy Docker daemon
/// that misses the health round's quick timeout must not fail a validation the validator passes.
pub const FACTS_DEADLINE: Duration = Duration::from_secs(60);

mod pull;
pub mod schedule;
pub use pull::{is_rate_limited, ImagePolicy, PullGate};

/// How a validation treats the image: the fleet's pull limit and whether to refresh it.
#[derive(Clone, Copy)]
pub struct Pulls<'a> {
    /// The fleet's limit on pulls at once.
    pub gate: &'a PullGate,
    /// Whether the image is refreshed or only pulled when missing.
    pub policy: ImagePolicy,
}

/// The images a full validation uses (`[bidding] validation_image`, `port_check_image`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationSettings {
    /// The image validators run on the node.
    pub image: String,
    /// The image the published-port check serves a file from.
    pub port_image: String,
}

impl ValidationSettings {
    /// From `[bidding] validation_image` and `port_check_image`.
    pub fn from_config(c: &crate::core::config::MinerConfig) -> ValidationSettings {
        ValidationSettings { image: c.bidding.validation_image.clone(), port_image: c.bidding.port_check_image.clone() }
    }
}

/// A Docker image reference: `[registry/]name[:tag][@digest]`, at most 255 characters.
pub fn is_image_reference(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 255
        && !text.starts_with(['-', '.', '/', ':'])
        && text.chars().all(|c| c.is_ascii_alphanumeric() || "._/:@-".contains(c))
}

/// One node's full validation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Validation {
    /// The node's id.
    pub node_id: Uuid,
    /// `user@host:port`.
    pub address: String,
    /// No check failed (warnings allowed).
    pub ok: bool,
    /// Unix time it finished.
    pub checked_at: i64,
    /// The image validated with.
    pub image: String,
    /// Whether the node had the image before this validation (`None`: not read).
    pub image_present: Option<bool>,
    /// A pull ran: whether it succeeded (`None`: none was needed or reached).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pulled: Option<bool>,
    /// How long the image pull took, when it succeeded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pull_secs: Option<f64>,
    /// The node carries a customer's rental (what was seen): the validation stopped before
    /// pulling or starting anything, and decides nothing (`ok` is false; the last verdict
    /// stands).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rented: Option<String>,
    /// The checks, in the order they ran.
    pub checks: Vec<Check>,
}

impl Validation {
    /// The first failed check: its code (or name) and detail.
    pub fn first_failure(&self) -> Option<Failure> {
        inspect::first_failure(&self.checks)
    }
}

impl From<&Validation> for ValidationOutcome {
    fn from(v: &Validation) -> ValidationOutcome {
        ValidationOutcome { ok: v.ok, checked_at: v.checked_at, problem: v.first_failure() }
    }
}

/// What the operator declared about a node (compared with what the node shows).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Declared {
    /// `gpu_category`, read as validators read it.
    pub category: Option<Category>,
    /// `gpu_count`.
    pub count: Option<u32>,
    /// `extra_mount_path`.
    pub extra_mount_path: Option<String>,
}

impl Declared {
    /// The machine the declaration stands for: CPU-only for a `CPU_…` category.
    pub fn machine(&self) -> Machine {
        Machine::declared(self.category.as_ref())
    }
}

impl From<&NodeRecord> for Declared {
    fn from(r: &NodeRecord) -> Declared {
        Declared { category: r.gpu_category.clone(), count: r.gpu_count, extra_mount_path: r.extra_mount_path.clone() }
    }
}

/// What a full validation reads in one session, less the CPU probe (see [`facts`]).
const FACTS: &str = r#"read -r nonce; read -r extra; read -r image
echo "@@image"; out=$(docker image inspect --format '{{.Id}}' "$image" 2>&1); rc=$?; printf '%s\n' "$out" | tail -n 1; echo "@@rc $rc"
echo "@@access"; docker version --format '{{.Server.Version}}' 2>&1; echo "@@rc $?"
echo "@@gpus"; nvidia-smi --query-gpu=uuid,name --format=csv,noheader 2>&1; echo "@@rc $?"
echo "@@sha"; printf '%s' "$nonce" | sha256sum 2>&1; echo "@@rc $?"
echo "@@disk_root"; df -Pk / 2>/dev/null | tail -n 1
if [ -n "$extra" ]; then echo "@@disk_extra"; out=$(df -Pk "$extra" 2>&1); rc=$?; printf '%s\n' "$out" | tail -n 1; echo "@@rc $rc"; fi
"#;

/// The facts script with the validators' CPU probe, which CPU-only hosts are judged by, and
/// the look at the node's rentals (the validation goes no further on a rented node).
fn facts() -> String {
    format!(
        "{FACTS}{}{}{}{}{}",
        super::cpu::probe_section(),
        super::rental::probe_section(Machine::CpuOnly),
        super::inspect::LOGIN_SHELL_SECTION,
        way_in::PROBE_SECTION,
        way_in::firewall::PROBE_SECTION
    )
}

/// The validators' container check; `nvidia-smi` inside lists the GPUs it sees.
const CONTAINER: &str = r#"read -r image
out=$(timeout 60 docker run --rm --label basilica-miner.validation=gpus --gpus all --runtime nvidia --network bridge "$image" nvidia-smi --query-gpu=uuid --format=csv,noheader 2>&1); rc=$?
printf '%s\n' "$out" | tail -n 64
exit $rc
"#;

/// A CPU-only host's container: no `--gpus`, no NVIDIA runtime; `nproc` inside answers.
const CPU_CONTAINER: &str = r#"read -r image
out=$(timeout 60 docker run --rm --label basilica-miner.validation=cpu --network bridge "$image" nproc 2>&1); rc=$?
printf '%s\n' "$out" | tail -n 8
exit $rc
"#;

fn sha256_hex(text: &str) -> String {
    use sha2::Digest as _;
    hex::encode(sha2::Sha256::digest(text.as_bytes()))
}

/// Runs the full validation on one node. `progress` hears each stage as it starts.
pub async fn validate_node(
    fleet: &Fleet,
    node: &Target,
    declared: &Declared,
    settings: &ValidationSettings,
    pulls: Pulls<'_>,
    progress: &(dyn Fn(&Target, &str) + Sync),
) -> Validation {
    let mut v = Validation {
        node_id: node.node_id,
        address: node.address.to_string(),
        ok: false,
        checked_at: crate::core::support::clock::unix_now(),
        image: settings.image.clone(),
        image_present: None,
        pulled: None,
        pull_secs: None,
        rented: None,
        checks: Vec::new(),
    };
    v.checks = run_checks(fleet, node, declared, settings, pulls, progress, &mut v).await;
    v.ok = v.rented.is_none() && v.checks.iter().all(|c| c.status != CheckStatus::Fail);
    v
}

async fn run_checks(
    fleet: &Fleet,
    node: &Target,
    declared: &Declared,
    settings: &ValidationSettings,
    pulls: Pulls<'_>,
    progress: &(dyn Fn(&Target, &str) + Sync),
    outcome: &mut Validation,
) -> Vec<Check> {
    let machine = declared.machine();
    let (facts_stage, container, container_stage, script) = match machine {
        Machine::Gpus => ("checking docker and GPUs", CheckName::ContainerGpus, "running the GPU container", CONTAINER),
        Machine::CpuOnly => ("checking docker and CPUs", CheckName::Container, "running a container", CPU_CONTAINER),
    };
    let skip_rest = |mut checks: Vec<Check>, why: &str| {
        for name in [CheckName::ImagePull, container, CheckName::PublishedPort, CheckName::Declaration] {
            if !checks.iter().any(|c| c.name == name) {
                checks.push(Check::skip(name, why));
            }
        }
        checks
    };
    let mut steps: Vec<(&'static str, Duration)> = Vec::new();
    progress(node, facts_stage);
    let since = Instant::now();
    let nonce = port_check::nonce();
    let stdin = format!("{nonce}\n{}\n{}\n", declared.extra_mount_path.as_deref().unwrap_or(""), settings.image);
    let deadline = FACTS_DEADLINE.max(fleet.settings().command_timeout);
    let facts = match fleet.exec_within(node, &facts(), stdin.as_bytes(), deadline).await {
        Ok(out) => String::from_utf8_lossy(&out.stdout).into_owned(),
        Err(e) => {
            return skip_rest(
                vec![Check::problem(CheckName::Ssh, CheckStatus::Fail, e.code, e.message)],
                "no SSH session",
            )
        }
    };
    steps.push(("facts", since.elapsed()));
    let Facts { mut checks, host_gpus, image_present } = evaluate_facts(&facts, &nonce, declared);
    outcome.image_present = Some(image_present);
    let sections = inspect::sections(&facts);
    if let Some(view) = super::rental::view_of(&sections).filter(super::rental::RentalView::rented) {
        let seen = view.summary();
        checks.push(Check::skip(CheckName::Rental, &format!("rented: {seen}")));
        outcome.rented = Some(seen);
        return skip_rest(checks, "the node is rented: nothing is pulled or started on it");
    }
    checks.push(match machine {
        Machine::Gpus => declaration(declared, &host_gpus),
        Machine::CpuOnly => cpu_declaration(declared, &host_gpus),
    });
    if machine == Machine::CpuOnly {
        checks.push(way_in::cpu_rentals_check());
    }
    let docker_usable = !checks.iter().any(|c| c.name == CheckName::DockerAccess && c.status == CheckStatus::Fail);
    // The validator's way in runs beside the Docker steps (its logins are its own connections).
    let way_in = async {
        let since = Instant::now();
        (way_in::checks(fleet, node, &sections, &port_check::nonce()).await, since.elapsed())
    };
    let run = steps::Run { fleet, node, machine, settings, pulls, progress, script, container_stage };
    let docker = async {
        match docker_usable {
            true => Some(steps::docker_steps(&run, &host_gpus, image_present, outcome).await),
            false => None,
        }
    };
    let ((way_checks, way_time), docker) = tokio::join!(way_in, docker);
    checks.extend(way_checks);
    steps.push(("fresh logins", way_time));
    let Some(done) = docker else {
        return skip_rest(checks, "docker is not usable by this user");
    };
    checks.extend(done.checks);
    steps.extend(done.steps);
    if let Some(why) = done.stopped {
        return skip_rest(checks, why);
    }
    checks.push(way_in::time_check(&steps));
    checks
}

mod facts;
use facts::{evaluate_facts, Facts, HostGpus};

mod steps;

mod verdicts;
use verdicts::{cpu_declaration, declaration};

#[cfg(test)]
mod tests;
