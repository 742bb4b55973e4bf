//! The verdicts of a full validation that compare the node with itself: the declared GPUs
//! against what nvidia-smi lists, and the GPU container's UUIDs against the host's; on a host
//! declared CPU-only, that it has no GPUs and that a container without them runs.

use super::{Declared, HostGpus, CONTAINER_DEADLINE};
use crate::core::nodes::declared;
use crate::core::nodes::fleet::{Code, NodeError};
use crate::core::nodes::gpu::Category;
use crate::core::nodes::inspect::CheckName;
use crate::core::nodes::inspect::{last_line, Check, CheckStatus};

pub(super) fn declaration(declared: &Declared, host: &HostGpus) -> Check {
    if declared.category.is_none() && declared.count.is_none() {
        return Check::pass(CheckName::Declaration, "nothing declared: what nvidia-smi finds is sent");
    }
    let Some(rows) = host else { return Check::skip(CheckName::Declaration, "nvidia-smi listed no GPUs") };
    let gpus: Vec<crate::core::nodes::gpu::Gpu> = rows
        .iter()
        .map(|(uuid, name)| crate::core::nodes::gpu::Gpu {
            index: None,
            name: name.clone(),
            model: Category::parse(name),
            uuid: Some(uuid.clone()),
            memory_total_mib: None,
            memory_used_mib: None,
            driver_version: None,
            compute_capability: None,
            utilization_percent: None,
            temperature_c: None,
            power_draw_w: None,
            problems: Vec::new(),
        })
        .collect();
    match declared::compare(declared.category.as_ref(), declared.count, &gpus) {
        Ok(()) => Check::pass(
            CheckName::Declaration,
            format!(
                "declared GPUs match the node ({} x{})",
                gpus.first().and_then(|g| g.model.as_ref()).map_or("?", Category::as_str),
                gpus.len()
            ),
        ),
        Err(m) => Check::problem(
            CheckName::Declaration,
            CheckStatus::Fail,
            Code::DeclarationMismatch,
            format!("declared {}, the node has {}", m.declared, m.detected),
        ),
    }
}

/// How a validation container ended, told apart once for the GPU and the CPU container:
/// its output when it exited 0, else the failed check `name` (with `code`), naming `what`
/// ran late or the `command` that failed.
struct Container {
    name: CheckName,
    code: Code,
    what: &'static str,
    command: &'static str,
}

impl Container {
    fn output(&self, ran: Result<std::process::Output, NodeError>) -> Result<String, Check> {
        let fail = |detail: String| Check::problem(self.name, CheckStatus::Fail, self.code, detail);
        let late = || fail(format!("{} did not finish within {} s", self.what, CONTAINER_DEADLINE.as_secs()));
        let out = match ran {
            Ok(out) => out,
            Err(e) if e.code == Code::CommandTimeout => return Err(late()),
            Err(e) => return Err(Check::problem(self.name, CheckStatus::Fail, e.code, e.message)),
        };
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        match out.status.code() {
            Some(0) => Ok(text),
            Some(124) => Err(late()),
            _ => Err(fail(format!("{} failed: {}", self.command, last_line(&text)))),
        }
    }
}

pub(super) fn container_check(ran: Result<std::process::Output, NodeError>, host: &HostGpus) -> Check {
    let container = Container {
        name: CheckName::ContainerGpus,
        code: Code::ContainerGpuFailed,
        what: "the GPU container",
        command: "docker run --gpus all --runtime nvidia",
    };
    let text = match container.output(ran) {
        Ok(text) => text,
        Err(check) => return check,
    };
    let mut inside: Vec<&str> = text.lines().map(str::trim).filter(|l| l.starts_with("GPU-")).collect();
    inside.sort_unstable();
    let mut outside: Vec<&str> =
        host.as_ref().map(|rows| rows.iter().map(|(u, _)| u.as_str()).collect()).unwrap_or_default();
    outside.sort_unstable();
    if inside == outside {
        Check::pass(
            CheckName::ContainerGpus,
            format!("a container with --gpus all --runtime nvidia sees all {} GPU(s)", inside.len()),
        )
    } else {
        Check::problem(
            CheckName::ContainerGpus,
            CheckStatus::Fail,
            Code::ContainerGpuMismatch,
            format!("the container sees {} GPU(s), the host {}", inside.len(), outside.len()),
        )
    }
}

/// A host declared CPU-only must have no GPUs: validators would find a device count or a
/// category other than the declared one.
pub(super) fn cpu_declaration(declared: &Declared, host: &HostGpus) -> Check {
    let category = declared.category.as_ref().map_or("CPU_…", Category::as_str);
    match host {
        None => Check::pass(CheckName::Declaration, format!("declared {category} x1; nvidia-smi lists no GPUs")),
        Some(rows) => {
            let first = rows.first().and_then(|(_, name)| Category::parse(name));
            let first = first.as_ref().map_or("?", Category::as_str);
            Check::problem(
                CheckName::Declaration,
                CheckStatus::Fail,
                Code::DeclarationMismatch,
                format!(
                    "declared {category} x1, the node has {first} x{}: declare gpu_category = \"{first}\" and gpu_count = {}",
                    rows.len(),
                    rows.len()
                ),
            )
        }
    }
}

/// A CPU-only host's container (no `--gpus`) ran and `nproc` inside answered.
pub(super) fn cpu_container_check(ran: Result<std::process::Output, NodeError>) -> Check {
    let container = Container {
        name: CheckName::Container,
        code: Code::ContainerFailed,
        what: "the container",
        command: "docker run --rm IMAGE nproc",
    };
    let text = match container.output(ran) {
        Ok(text) => text,
        Err(check) => return check,
    };
    match last_line(&text).parse::<u32>() {
        Ok(n) if n > 0 => {
            Check::pass(CheckName::Container, format!("a container without --gpus runs and sees {n} vCPU(s)"))
        }
        _ => Check::problem(
            CheckName::Container,
            CheckStatus::Fail,
            Code::ContainerFailed,
            format!("nproc in the container printed `{}`", last_line(&text)),
        ),
    }
}
