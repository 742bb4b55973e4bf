//! What the facts session of a full validation printed, judged: Docker usable by the user,
//! the GPUs' UUIDs (or the CPU probe), `sha256sum`, free disk.

use super::{Check, CheckStatus, Code, Declared};
use crate::core::nodes::cpu::Machine;
use crate::core::nodes::inspect::CheckName;
use crate::core::nodes::inspect::{self, last_line};

/// The GPUs the host lists: `(uuid, name)`.
pub(super) type HostGpus = Option<Vec<(String, String)>>;

/// What the facts session found: its checks, the host's GPUs, and whether the image is there.
pub(super) struct Facts {
    pub checks: Vec<Check>,
    pub host_gpus: HostGpus,
    pub image_present: bool,
}

pub(super) fn evaluate_facts(output: &str, nonce: &str, declared: &Declared) -> Facts {
    let s = inspect::sections(output);
    let image_present = s.get("image").is_some_and(|(_, rc)| *rc == Some(0));
    let get = |k: &str| s.get(k).cloned().unwrap_or_default();
    let mut checks = Vec::new();

    let (access, rc) = get("access");
    checks.push(match rc {
        Some(0) => Check::pass(CheckName::DockerAccess, format!("Docker {} usable without sudo", last_line(&access))),
        Some(127) => {
            Check::problem(CheckName::DockerAccess, CheckStatus::Fail, Code::DockerMissing, "docker is not installed")
        }
        _ if access.to_ascii_lowercase().contains("permission denied") => Check::problem(
            CheckName::DockerAccess,
            CheckStatus::Fail,
            Code::DockerPermissionDenied,
            format!("docker needs more rights than this user has: {}", last_line(&access)),
        ),
        _ => Check::problem(
            CheckName::DockerAccess,
            CheckStatus::Fail,
            Code::DockerMissing,
            format!("docker version failed: {}", last_line(&access)),
        ),
    });

    let (gpus, rc) = get("gpus");
    let rows: Vec<(String, String)> = gpus
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| match l.split_once(',') {
            Some((u, n)) => (u.trim().to_string(), n.trim().to_string()),
            None => (l.trim().to_string(), String::new()),
        })
        .collect();
    let host_gpus = (rc == Some(0) && !rows.is_empty()).then(|| rows.clone());
    checks.push(match declared.machine() {
        Machine::CpuOnly => inspect::cpu_probe_check(&get("cpu").0),
        Machine::Gpus => gpu_uuids_check(&host_gpus, &gpus),
    });

    let (sha, rc) = get("sha");
    let expected = super::sha256_hex(nonce);
    checks.push(match rc {
        Some(0) if sha.split_whitespace().next() == Some(expected.as_str()) => {
            Check::pass(CheckName::Sha256sum, "sha256sum answers correctly")
        }
        Some(0) => Check::problem(
            CheckName::Sha256sum,
            CheckStatus::Fail,
            Code::Sha256sumMissing,
            format!("sha256sum printed `{}`, not the digest of the nonce", last_line(&sha)),
        ),
        _ => Check::problem(
            CheckName::Sha256sum,
            CheckStatus::Fail,
            Code::Sha256sumMissing,
            format!("sha256sum failed: {}", last_line(&sha)),
        ),
    });

    checks.push(disk_check(CheckName::Disk, "/", &get("disk_root").0, true));
    if let Some(path) = &declared.extra_mount_path {
        let (text, rc) = get("disk_extra");
        checks.push(if rc == Some(0) {
            disk_check(CheckName::DiskExtra, path, &text, true)
        } else {
            Check::problem(
                CheckName::DiskExtra,
                CheckStatus::Warn,
                Code::DiskLow,
                format!("{path}: {}", last_line(&text)),
            )
        });
    }
    Facts { checks, host_gpus, image_present }
}

/// Every GPU the host lists has a `GPU-…` UUID (validators' light checks compare them).
fn gpu_uuids_check(host_gpus: &HostGpus, smi_output: &str) -> Check {
    match host_gpus {
        Some(rows) if rows.iter().all(|(u, _)| u.starts_with("GPU-")) => {
            Check::pass(CheckName::GpuUuids, format!("{} GPU UUID(s)", rows.len()))
        }
        Some(rows) => {
            let bad = rows.iter().find(|(u, _)| !u.starts_with("GPU-")).map_or("", |(u, _)| u.as_str());
            Check::problem(
                CheckName::GpuUuids,
                CheckStatus::Fail,
                Code::GpuUuidsMissing,
                format!("nvidia-smi lists `{}` where a GPU-… UUID belongs", bad.chars().take(80).collect::<String>()),
            )
        }
        None => Check::problem(
            CheckName::GpuUuids,
            CheckStatus::Fail,
            Code::GpuUuidsMissing,
            format!("nvidia-smi --query-gpu=uuid failed: {}", last_line(smi_output)),
        ),
    }
}

fn disk_check(name: CheckName, path: &str, df_line: &str, warn_only: bool) -> Check {
    let status = if warn_only { CheckStatus::Warn } else { CheckStatus::Fail };
    match inspect::df_free_bytes(df_line) {
        Some(free) if free >= inspect::MIN_FREE_DISK => {
            Check::pass(name, format!("{} free on {path}", inspect::human_bytes(free)))
        }
        Some(free) => Check::problem(
            name,
            status,
            Code::DiskLow,
            format!(
                "{} free on {path}; validators document 1 TB (this does not decide their verdict)",
                inspect::human_bytes(free)
            ),
        ),
        None => Check::problem(name, status, Code::DiskLow, format!("could not read free space on {path} (df)")),
    }
}
