//! `node test`: one probe script per node (nvidia-smi, driver banner, docker, groups, disk,
//! clock) turned into pass/warn/fail checks with stable codes and fixes.

use serde::Serialize;
use uuid::Uuid;

use crate::core::nodes::fleet::{Code, Fleet, NodeError, Target};
use crate::core::nodes::gpu::{self, Category, SmiFailure};
use crate::core::nodes::state::{Failure, NodeState};

/// CUDA version validators require.
pub const MIN_CUDA: &str = "12.8";
/// Free disk below this (bytes) is a warning.
pub const MIN_FREE_DISK: u64 = 1_000_000_000_000;
/// Clock difference (seconds) that earns a warning.
pub const MAX_CLOCK_SKEW_SECS: i64 = 30;

const PROBE: &str = r#"echo "@@smi"; nvidia-smi --query-gpu=index,name,uuid,memory.total,memory.used,driver_version,compute_cap,utilization.gpu,temperature.gpu,power.draw --format=csv,noheader,nounits 2>&1; echo "@@rc $?"
echo "@@banner"; nvidia-smi 2>&1 | head -n 20
echo "@@docker"; docker info 2>&1; echo "@@rc $?"
echo "@@user"; id -un; id -nG
echo "@@disk"; df -Pk / 2>/dev/null | tail -n 1
echo "@@time"; date +%s
"#;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Warn,
    Fail,
    Skip,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    pub name: &'static str,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<Code>,
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<&'static str>,
}

impl Check {
    pub(crate) fn pass(name: &'static str, detail: impl Into<String>) -> Check {
        Check { name, status: Status::Pass, code: None, detail: detail.into(), fix: None }
    }
    pub(crate) fn problem(name: &'static str, status: Status, code: Code, detail: impl Into<String>) -> Check {
        Check { name, status, code: Some(code), detail: detail.into(), fix: Some(code.fix()) }
    }
    pub(crate) fn skip(name: &'static str, why: &str) -> Check {
        Check { name, status: Status::Skip, code: None, detail: why.into(), fix: None }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeReport {
    pub node_id: Uuid,
    pub address: String,
    /// No check failed (warnings allowed).
    pub ok: bool,
    pub checks: Vec<Check>,
    /// The GPU inventory the probe read (empty when nvidia-smi failed).
    #[serde(skip)]
    pub gpus: Vec<gpu::Gpu>,
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
        .filter(|c| c.status == Status::Fail)
        .find_map(|c| Some(Failure { code: c.code?, detail: c.detail.clone() }))
}

impl NodeState {
    /// The state a health check's report describes, as of `checked_at`.
    pub fn from_report(report: NodeReport, checked_at: i64) -> NodeState {
        NodeState { ok: report.ok, problem: report.first_failure(), gpus: report.gpus, checked_at }
    }
}

/// The GPUs listed in the probe's nvidia-smi section, when it succeeded.
fn inventory(output: &str) -> Vec<gpu::Gpu> {
    match sections(output).get("smi") {
        Some((text, Some(0))) => gpu::parse_inventory(text),
        _ => Vec::new(),
    }
}

/// Runs the probe on one node and evaluates it.
pub async fn test_node(fleet: &Fleet, node: &Target) -> NodeReport {
    let before = crate::core::support::clock::unix_now();
    let result = fleet.exec(node, PROBE, b"").await;
    let after = crate::core::support::clock::unix_now();
    let (checks, gpus) = match result {
        Err(e) => (ssh_failed(&e), Vec::new()),
        Ok(out) => {
            let text = String::from_utf8_lossy(&out.stdout);
            (evaluate(&text, (before + after) / 2), inventory(&text))
        }
    };
    NodeReport {
        node_id: node.node_id,
        address: node.address.to_string(),
        ok: checks.iter().all(|c| c.status != Status::Fail),
        checks,
        gpus,
    }
}

fn ssh_failed(e: &NodeError) -> Vec<Check> {
    let mut checks = vec![Check::problem("ssh", Status::Fail, e.code, e.message.clone())];
    for name in ["nvidia_smi", "gpu_model", "cuda", "docker", "nvidia_runtime", "docker_group", "disk", "clock"] {
        checks.push(Check::skip(name, "no SSH session"));
    }
    checks
}

/// Splits the probe's output into its `@@name` sections.
pub(crate) fn sections(output: &str) -> std::collections::HashMap<&str, (String, Option<i32>)> {
    let mut map = std::collections::HashMap::new();
    let mut current: Option<(&str, String)> = None;
    for line in output.lines() {
        if let Some(rc) = line.strip_prefix("@@rc ") {
            if let Some((name, body)) = current.take() {
                map.insert(name, (body, rc.trim().parse().ok()));
            }
        } else if let Some(name) = line.strip_prefix("@@") {
            if let Some((n, body)) = current.take() {
                map.insert(n, (body, None));
            }
            current = Some((name.trim(), String::new()));
        } else if let Some((_, body)) = current.as_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    if let Some((n, body)) = current {
        map.insert(n, (body, None));
    }
    map
}

/// Turns the probe output into checks; `local_time` is the miner's clock at the probe.
pub fn evaluate(output: &str, local_time: i64) -> Vec<Check> {
    let s = sections(output);
    let get = |k: &str| s.get(k).cloned().unwrap_or_default();
    let mut checks = vec![Check::pass("ssh", "logged in with the miner key; host key matches")];

    let (smi, smi_rc) = get("smi");
    let gpus = if smi_rc == Some(0) { gpu::parse_inventory(&smi) } else { Vec::new() };
    let smi_ok = smi_rc == Some(0) && !gpus.is_empty();
    checks.push(match (smi_rc, gpus.is_empty()) {
        (Some(0), false) => Check::pass("nvidia_smi", format!("{} GPU(s) visible", gpus.len())),
        (Some(0), true) => Check::problem("nvidia_smi", Status::Fail, Code::NoGpus, "nvidia-smi lists no GPUs"),
        (rc, _) => {
            let first = smi.lines().next().unwrap_or("").trim().to_string();
            let code = smi_code(gpu::classify_failure(rc, &smi));
            Check::problem(
                "nvidia_smi",
                Status::Fail,
                code,
                format!("exit {}: {first}", rc.map_or("?".into(), |c| c.to_string())),
            )
        }
    });

    if smi_ok {
        let models = gpu::count_by_category(&gpus);
        checks.push(match models.as_slice() {
            [_] => Check::pass("gpu_model", summarize_models(&models)),
            _ => Check::problem(
                "gpu_model",
                Status::Warn,
                Code::GpuUnsupported,
                format!("GPUs of several categories ({}): validators rent a node under one", summarize_models(&models)),
            ),
        });
        let banner = gpu::parse_banner(&get("banner").0);
        let driver =
            banner.driver_version.clone().or_else(|| gpus[0].driver_version.clone()).unwrap_or_else(|| "?".into());
        checks.push(match banner.cuda_version {
            Some(cuda) if gpu::version_at_least(&cuda, MIN_CUDA) => {
                Check::pass("cuda", format!("driver {driver}, CUDA {cuda}"))
            }
            Some(cuda) => Check::problem(
                "cuda",
                Status::Fail,
                Code::CudaTooOld,
                format!("driver {driver}, CUDA {cuda}; {MIN_CUDA} or newer is required"),
            ),
            None => {
                Check::problem("cuda", Status::Fail, Code::CudaUnknown, "the nvidia-smi banner shows no CUDA version")
            }
        });
    } else {
        checks.push(Check::skip("gpu_model", "nvidia-smi failed"));
        checks.push(Check::skip("cuda", "nvidia-smi failed"));
    }

    let (docker, docker_rc) = get("docker");
    let docker_ok = docker_rc == Some(0);
    checks.push(if docker_ok {
        let version =
            docker.lines().find_map(|l| l.trim().strip_prefix("Server Version:")).unwrap_or("?").trim().to_string();
        Check::pass("docker", format!("Docker {version}"))
    } else if docker_rc == Some(127) {
        Check::problem("docker", Status::Fail, Code::DockerMissing, "docker is not installed")
    } else {
        let why = docker
            .lines()
            .find(|l| l.contains("Cannot connect") || l.to_ascii_lowercase().contains("error"))
            .or_else(|| docker.lines().rev().find(|l| !l.trim().is_empty()))
            .unwrap_or("")
            .trim();
        Check::problem("docker", Status::Fail, Code::DockerMissing, format!("docker info failed: {why}"))
    });
    checks.push(if !docker_ok {
        Check::skip("nvidia_runtime", "docker is not working")
    } else {
        let runtimes = docker.lines().find_map(|l| l.trim().strip_prefix("Runtimes:")).unwrap_or("").to_string();
        if runtimes.split_whitespace().any(|r| r == "nvidia") {
            Check::pass("nvidia_runtime", format!("runtimes:{runtimes}"))
        } else {
            Check::problem(
                "nvidia_runtime",
                Status::Fail,
                Code::NvidiaRuntimeMissing,
                format!("docker runtimes:{runtimes}"),
            )
        }
    });

    let user = get("user").0;
    let mut user_lines = user.lines();
    let name = user_lines.next().unwrap_or("").trim().to_string();
    let groups: Vec<&str> = user_lines.next().unwrap_or("").split_whitespace().collect();
    checks.push(if name == "root" || groups.contains(&"docker") {
        Check::pass(
            "docker_group",
            if name == "root" { "root".to_string() } else { format!("{name} is in group docker") },
        )
    } else {
        Check::problem(
            "docker_group",
            Status::Fail,
            Code::DockerGroupMissing,
            format!("{name} is not in group docker (groups: {})", groups.join(" ")),
        )
    });

    checks.push(match df_free_bytes(&get("disk").0) {
        Some(free) if free >= MIN_FREE_DISK => Check::pass("disk", format!("{} free on /", human_bytes(free))),
        Some(free) => Check::problem(
            "disk",
            Status::Warn,
            Code::DiskLow,
            format!("{} free on /; 1 TB or more expected", human_bytes(free)),
        ),
        None => Check::problem("disk", Status::Warn, Code::DiskLow, "could not read free space (df)"),
    });

    // Whatever number the node prints: the difference saturates instead of overflowing.
    let skew = get("time").0.trim().parse::<i64>().ok().map(|t| t.saturating_sub(local_time));
    checks.push(match skew {
        Some(d) if d.unsigned_abs() <= MAX_CLOCK_SKEW_SECS.unsigned_abs() => {
            Check::pass("clock", format!("{d} s from the miner"))
        }
        Some(d) => Check::problem("clock", Status::Warn, Code::ClockSkew, format!("{d} s from the miner")),
        None => Check::problem("clock", Status::Warn, Code::ClockSkew, "could not read the node's clock"),
    });
    checks
}

/// Free bytes from a `df -Pk` line (the fourth field, in KiB). A node may print any number:
/// one too large for bytes saturates instead of overflowing (found by the `node_output` fuzz
/// target).
pub fn df_free_bytes(df_line: &str) -> Option<u64> {
    df_line.split_whitespace().nth(3).and_then(|v| v.parse::<u64>().ok()).map(|kb| kb.saturating_mul(1024))
}

/// The failure code for how nvidia-smi failed.
pub fn smi_code(failure: SmiFailure) -> Code {
    match failure {
        SmiFailure::Missing => Code::NoNvidiaSmi,
        SmiFailure::DriverUnreachable => Code::NvidiaDriverUnreachable,
        SmiFailure::Other => Code::NvidiaSmiFailed,
    }
}

/// `8x H100`, `1x RTX_5090, 1x RTX_4090` (`?` for a GPU nvidia-smi gives no name for).
fn summarize_models(counts: &[(Option<&Category>, usize)]) -> String {
    counts.iter().map(|(m, n)| format!("{n}x {}", m.map_or("?", Category::as_str))).collect::<Vec<_>>().join(", ")
}

/// The last non-empty line of a command's output, cut to 300 characters.
pub(crate) fn last_line(text: &str) -> String {
    let line = text.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("").trim();
    line.chars().take(300).collect()
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
