//! The checks of the host around the GPUs or CPUs: Docker (and its NVIDIA runtime on a GPU
//! node), the SSH user's docker group, free disk and the clock.

use super::{df_free_bytes, human_bytes, Check, CheckStatus, Sections, MAX_CLOCK_SKEW_SECS, MIN_FREE_DISK};
use crate::core::nodes::cpu::Machine;
use crate::core::nodes::fleet::Code;
use crate::core::nodes::inspect::CheckName;

/// `docker`, `nvidia_runtime` (GPU nodes only), `docker_group`, `disk` and `clock`.
pub(super) fn checks(s: &Sections<'_>, local_time: i64, machine: Machine) -> Vec<Check> {
    let get = |k: &str| s.get(k).cloned().unwrap_or_default();
    let mut checks = Vec::new();
    let (docker, docker_rc) = get("docker");
    let docker_ok = docker_rc == Some(0);
    checks.push(if docker_ok {
        let version =
            docker.lines().find_map(|l| l.trim().strip_prefix("Server Version:")).unwrap_or("?").trim().to_string();
        Check::pass(CheckName::Docker, format!("Docker {version}"))
    } else if docker_rc == Some(127) {
        Check::problem(CheckName::Docker, CheckStatus::Fail, Code::DockerMissing, "docker is not installed")
    } else {
        let why = docker
            .lines()
            .find(|l| l.contains("Cannot connect") || l.to_ascii_lowercase().contains("error"))
            .or_else(|| docker.lines().rev().find(|l| !l.trim().is_empty()))
            .unwrap_or("")
            .trim();
        Check::problem(CheckName::Docker, CheckStatus::Fail, Code::DockerMissing, format!("docker info failed: {why}"))
    });
    // Validators run a CPU-only host's containers without the NVIDIA runtime.
    if machine == Machine::Gpus {
        checks.push(nvidia_runtime(docker_ok.then_some(docker.as_str())));
    }

    let user = get("user").0;
    let mut user_lines = user.lines();
    let name = user_lines.next().unwrap_or("").trim().to_string();
    let groups: Vec<&str> = user_lines.next().unwrap_or("").split_whitespace().collect();
    checks.push(if name == "root" || groups.contains(&"docker") {
        Check::pass(
            CheckName::DockerGroup,
            if name == "root" { "root".to_string() } else { format!("{name} is in group docker") },
        )
    } else {
        Check::problem(
            CheckName::DockerGroup,
            CheckStatus::Fail,
            Code::DockerGroupMissing,
            format!("{name} is not in group docker (groups: {})", groups.join(" ")),
        )
    });

    checks.push(match df_free_bytes(&get("disk").0) {
        Some(free) if free >= MIN_FREE_DISK => Check::pass(CheckName::Disk, format!("{} free on /", human_bytes(free))),
        Some(free) => Check::problem(
            CheckName::Disk,
            CheckStatus::Warn,
            Code::DiskLow,
            format!("{} free on /; 1 TB or more expected", human_bytes(free)),
        ),
        None => Check::problem(CheckName::Disk, CheckStatus::Warn, Code::DiskLow, "could not read free space (df)"),
    });

    // Whatever number the node prints: the difference saturates instead of overflowing.
    let skew = get("time").0.trim().parse::<i64>().ok().map(|t| t.saturating_sub(local_time));
    checks.push(match skew {
        Some(d) if d.unsigned_abs() <= MAX_CLOCK_SKEW_SECS.unsigned_abs() => {
            Check::pass(CheckName::Clock, format!("{d} s from the miner"))
        }
        Some(d) => {
            Check::problem(CheckName::Clock, CheckStatus::Warn, Code::ClockSkew, format!("{d} s from the miner"))
        }
        None => Check::problem(CheckName::Clock, CheckStatus::Warn, Code::ClockSkew, "could not read the node's clock"),
    });
    checks
}

/// Docker lists the NVIDIA runtime (`None`: Docker is not working).
fn nvidia_runtime(docker_info: Option<&str>) -> Check {
    let Some(info) = docker_info else { return Check::skip(CheckName::NvidiaRuntime, "docker is not working") };
    let runtimes = info.lines().find_map(|l| l.trim().strip_prefix("Runtimes:")).unwrap_or("");
    if runtimes.split_whitespace().any(|r| r == "nvidia") {
        Check::pass(CheckName::NvidiaRuntime, format!("runtimes:{runtimes}"))
    } else {
        Check::problem(
            CheckName::NvidiaRuntime,
            CheckStatus::Fail,
            Code::NvidiaRuntimeMissing,
            format!("docker runtimes:{runtimes}"),
        )
    }
}

/// Login shells that take the validator's `sh` syntax (`$?`, `2>&1`, heredocs).
const POSIX_SHELLS: &[&str] =
    &["sh", "bash", "dash", "zsh", "ksh", "ksh93", "mksh", "lksh", "pdksh", "ash", "busybox", "yash", "posh", "rbash"];

/// The user's login shell (the last field of `getent passwd`), judged.
pub fn login_shell(shell: &str, user: &str) -> Check {
    const NAME: CheckName = CheckName::LoginShell;
    let shell = shell.trim();
    if shell.is_empty() {
        return Check::skip(NAME, "getent passwd did not name the user's login shell");
    }
    let name = shell.rsplit('/').next().unwrap_or(shell);
    if POSIX_SHELLS.contains(&name) {
        return Check::pass(NAME, format!("login shell {shell}"));
    }
    Check::problem(
        NAME,
        CheckStatus::Fail,
        Code::LoginShell,
        format!("the login shell of {user} is {shell}, not a POSIX shell: validators send their commands (`$?`, `2>&1`, heredocs) to it as they are; run `sudo chsh -s /bin/bash {user}` on the node"),
    )
}
