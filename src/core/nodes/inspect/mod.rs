//! `node test`: one probe script per node (nvidia-smi, driver banner, CPUs and memory,
//! docker, groups, disk, clock) turned into pass/warn/fail checks with stable codes and
//! fixes: the GPU checks on a GPU node, the validators' CPU probe on a host declared CPU-only.

mod names;
pub use names::CheckName;

use serde::Serialize;
use uuid::Uuid;

use crate::core::nodes::cpu::{self, CpuInfo, Machine};
use crate::core::nodes::fleet::{Code, Fleet, NodeError, Target};
use crate::core::nodes::gpu;
use crate::core::nodes::rental::{self, RentalView};
use crate::core::nodes::state::{Failure, NodeState};

mod gpus;
mod host;
pub(crate) use super::script_output::{last_line, sections, Sections};
pub(crate) use gpus::cpu_probe_check;
pub use gpus::smi_code;
pub use host::login_shell;

/// CUDA version validators require.
pub const MIN_CUDA: &str = "12.8";
/// Free disk below this (bytes) is a warning.
pub const MIN_FREE_DISK: u64 = 1_000_000_000_000;
/// Clock difference (seconds) that earns a warning.
pub const MAX_CLOCK_SKEW_SECS: i64 = 30;

/// The probe, less its CPU section (see [`probe`]).
const PROBE: &str = r#"echo "@@smi"; nvidia-smi --query-gpu=index,name,uuid,memory.total,memory.used,driver_version,compute_cap,utilization.gpu,temperature.gpu,power.draw --format=csv,noheader,nounits 2>&1; echo "@@rc $?"
echo "@@banner"; nvidia-smi 2>&1 | head -n 20
echo "@@docker"; docker info 2>&1; echo "@@rc $?"
echo "@@user"; id -un; id -nG
echo "@@disk"; df -Pk / 2>/dev/null | tail -n 1
echo "@@time"; date +%s
"#;

/// The user's login shell, read first: a non-POSIX one is the reason a node is out, named
/// before anything its shell could have garbled.
pub const LOGIN_SHELL_SECTION: &str = r#"echo "@@login_shell"; getent passwd "$(id -un)" 2>/dev/null | head -n 1 | cut -d: -f7
"#;

/// The whole probe: the login shell, the sections above and the validators' CPU probe.
fn probe() -> String {
    format!("{LOGIN_SHELL_SECTION}{PROBE}{}", cpu::probe_section())
}

/// A check's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckStatus {
    /// Passed.
    Pass,
    /// Works, but something validators may mind.
    Warn,
    /// Failed: validators would refuse the node.
    Fail,
    /// Not run (an earlier failure, a rental, nothing to check).
    Skip,
}

/// One check on a node and what it found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    /// Which check.
    pub name: CheckName,
    /// Its outcome.
    pub status: CheckStatus,
    /// The failure code, for a warning or failure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<Code>,
    /// What was found, in one line.
    pub detail: String,
    /// What to do, for a warning or failure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<&'static str>,
}

impl Check {
    pub(crate) fn pass(name: CheckName, detail: impl Into<String>) -> Check {
        Check { name, status: CheckStatus::Pass, code: None, detail: detail.into(), fix: None }
    }
    pub(crate) fn problem(name: CheckName, status: CheckStatus, code: Code, detail: impl Into<String>) -> Check {
        Check { name, status, code: Some(code), detail: detail.into(), fix: Some(code.fix()) }
    }
    pub(crate) fn skip(name: CheckName, why: &str) -> Check {
        Check { name, status: CheckStatus::Skip, code: None, detail: why.into(), fix: None }
    }
}

/// What `node test` found on one node.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeReport {
    /// The node's id.
    pub node_id: Uuid,
    /// `user@host:port`.
    pub address: String,
    /// No check failed (warnings allowed).
    pub ok: bool,
    /// The checks, in the order they ran.
    pub checks: Vec<Check>,
    /// The GPU inventory the probe read (empty when nvidia-smi failed).
    #[serde(skip)]
    pub gpus: Vec<gpu::Gpu>,
    /// A host declared CPU-only: its CPUs and memory, when the probe read them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpu: Option<CpuInfo>,
    /// The node's rentals and GPU processes (`None`: Docker could not be asked, or no SSH).
    pub rentals: Option<RentalView>,
}

impl NodeReport {
    /// The first failed check.
    pub fn first_failure(&self) -> Option<Failure> {
        first_failure(&self.checks)
    }
}

/// The first failed check of `checks` (every failed check carries a code).
pub fn first_failure(checks: &[Check]) -> Option<Failure> {
    checks
        .iter()
        .filter(|c| c.status == CheckStatus::Fail)
        .find_map(|c| Some(Failure { code: c.code?, detail: c.detail.clone() }))
}

impl NodeState {
    /// The state a health check's report describes, as of `checked_at`.
    pub fn from_report(report: NodeReport, checked_at: i64) -> NodeState {
        let problem = report.first_failure();
        NodeState { ok: report.ok, problem, gpus: report.gpus, cpu: report.cpu, rentals: report.rentals, checked_at }
    }
}

/// Runs the probe on one node declared as `machine` and evaluates it.
pub async fn test_node(fleet: &Fleet, node: &Target, machine: Machine) -> NodeReport {
    test_node_with(fleet, node, machine, true).await
}

/// [`test_node`], with or without the look at rentals. The look costs an idle node nothing:
/// only where the probe saw Docker run containers or a GPU hold memory
/// ([`rental::needs_look`]) is [`rental::probe_section`] run, as a second command on the same
/// connection. `rentals = false` is the health check before rentals were seen, the baseline the
/// `bench_health` benchmark measures.
pub async fn test_node_with(fleet: &Fleet, node: &Target, machine: Machine, rentals: bool) -> NodeReport {
    let before = crate::core::support::clock::unix_now();
    let result = fleet.exec(node, &probe(), b"").await;
    let after = crate::core::support::clock::unix_now();
    let (mut checks, gpus, cpu, view) = match result {
        Err(e) => (ssh_failed(&e, machine), Vec::new(), None, None),
        Ok(out) => {
            let text = String::from_utf8_lossy(&out.stdout);
            let s = sections(&text);
            let cpu = (machine == Machine::CpuOnly).then(|| gpus::cpu_info(&s).ok()).flatten();
            let gpus = gpus::inventory(&s);
            let view = if rentals { look(fleet, node, machine, &s, &gpus).await } else { None };
            (evaluate(&text, (before + after) / 2, machine), gpus, cpu, view)
        }
    };
    if machine == Machine::Gpus {
        checks.push(match (&checks[0].status, gpus.is_empty()) {
            (CheckStatus::Fail, _) => Check::skip(CheckName::GpuProcesses, "no SSH session"),
            (_, true) => Check::skip(CheckName::GpuProcesses, "nvidia-smi failed"),
            _ if !rentals => Check::skip(CheckName::GpuProcesses, "not looked at"),
            _ => gpus::processes_check(view.as_ref()),
        });
    }
    NodeReport {
        node_id: node.node_id,
        address: node.address.to_string(),
        ok: checks.iter().all(|c| c.status != CheckStatus::Fail),
        checks,
        gpus,
        cpu,
        rentals: view,
    }
}

/// The node's rentals after a probe that read `s`: nothing to see on an idle node (no
/// container runs, no GPU holds memory); else the look, on the same connection. `None` when
/// Docker could not be asked.
async fn look(
    fleet: &Fleet,
    node: &Target,
    machine: Machine,
    s: &Sections<'_>,
    gpus: &[gpu::Gpu],
) -> Option<RentalView> {
    let (info, rc) = s.get("docker").cloned().unwrap_or_default();
    if rc != Some(0) {
        return None;
    }
    if !rental::needs_look(&info, gpus) {
        return Some(RentalView::default());
    }
    let out = fleet.exec(node, &rental::probe_section(machine), b"").await.ok()?;
    rental::view_of(&sections(&String::from_utf8_lossy(&out.stdout)))
}

/// The names of the checks a node declared as `machine` gets, after `ssh`.
fn check_names(machine: Machine) -> &'static [CheckName] {
    match machine {
        Machine::Gpus => &[
            CheckName::NvidiaSmi,
            CheckName::GpuModel,
            CheckName::Cuda,
            CheckName::GpuProcesses,
            CheckName::Docker,
            CheckName::NvidiaRuntime,
            CheckName::DockerGroup,
            CheckName::Disk,
            CheckName::Clock,
        ],
        Machine::CpuOnly => {
            &[CheckName::Cpu, CheckName::Docker, CheckName::DockerGroup, CheckName::Disk, CheckName::Clock]
        }
    }
}

fn ssh_failed(e: &NodeError, machine: Machine) -> Vec<Check> {
    let mut checks = vec![Check::problem(CheckName::Ssh, CheckStatus::Fail, e.code, e.message.clone())];
    for name in check_names(machine) {
        checks.push(Check::skip(*name, "no SSH session"));
    }
    checks
}

/// Turns the probe output into checks for a node declared as `machine`; `local_time` is the
/// miner's clock at the probe.
pub fn evaluate(output: &str, local_time: i64, machine: Machine) -> Vec<Check> {
    let s = sections(output);
    let mut checks = vec![Check::pass(CheckName::Ssh, "logged in with the miner key; host key matches")];
    // Named only when it fails: a POSIX shell is the rule, and the check list stays as it was.
    if let Some((shell, _)) = s.get("login_shell") {
        let user = s.get("user").and_then(|(t, _)| t.lines().next()).unwrap_or("the node's user").trim().to_string();
        let c = login_shell(shell, &user);
        if c.status == CheckStatus::Fail {
            checks.push(c);
        }
    }
    match machine {
        Machine::Gpus => checks.extend(gpus::checks(&s)),
        Machine::CpuOnly => checks.push(gpus::cpu_check(&s)),
    }
    checks.extend(host::checks(&s, local_time, machine));
    if let Some(text) = super::script_output::preamble(output) {
        checks.push(printed_at_login(&text));
    }
    checks
}

/// A health check's finding: the miner's own session got `text` before its script's first
/// line (its scripts skip such text; the validator's commands would not).
fn printed_at_login(text: &str) -> Check {
    Check::problem(
        CheckName::LoginOutput,
        CheckStatus::Fail,
        Code::LoginOutput,
        format!("the node prints `{text}` at login, before any command: validators compare stdout exactly, so their connection test, nonce and NAT checks fail; look at ~/.ssh/rc, /etc/ssh/sshrc, ~/.bashrc (above its interactive guard) and /etc/profile.d (`node test --full` names the file)"),
    )
}

/// Free bytes from a `df -Pk` line (the fourth field, in KiB). A node may print any number:
/// one too large for bytes saturates instead of overflowing (found by the `node_output` fuzz
/// target).
pub fn df_free_bytes(df_line: &str) -> Option<u64> {
    df_line.split_whitespace().nth(3).and_then(|v| v.parse::<u64>().ok()).map(|kb| kb.saturating_mul(1024))
}

pub(crate) fn human_bytes(b: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut v = b as f64;
    let mut i = 0;
    while v >= 1000.0 && i < UNITS.len() - 1 {
        v /= 1000.0;
        i += 1;
    }
    format!("{v:.1} {}", UNITS[i])
}

#[cfg(test)]
mod tests;
