//! The checks of what a node computes with: its GPUs (nvidia-smi, one category, CUDA) or, on
//! a host declared CPU-only, its CPUs and memory as validators probe them.

use super::{Check, CheckStatus, Sections, MIN_CUDA};
use crate::core::nodes::cpu::{CpuInfo, CpuProblem};
use crate::core::nodes::fleet::Code;
use crate::core::nodes::gpu::{self, Category, SmiFailure};
use crate::core::nodes::inspect::CheckName;
use crate::core::nodes::rental::{Owner, RentalView};

/// The GPUs listed in the probe's nvidia-smi section, when it succeeded.
pub(super) fn inventory(s: &Sections<'_>) -> Vec<gpu::Gpu> {
    match s.get("smi") {
        Some((text, Some(0))) => gpu::parse_inventory(text),
        _ => Vec::new(),
    }
}

/// The CPU probe's answer, when validators would accept it.
pub(super) fn cpu_info(s: &Sections<'_>) -> Result<CpuInfo, CpuProblem> {
    CpuInfo::parse(s.get("cpu").map_or("", |(text, _)| text.as_str()))
}

/// `nvidia_smi`, `gpu_model` and `cuda`.
pub(super) fn checks(s: &Sections<'_>) -> Vec<Check> {
    let get = |k: &str| s.get(k).cloned().unwrap_or_default();
    let mut checks = Vec::new();
    let (smi, smi_rc) = get("smi");
    let gpus = inventory(s);
    checks.push(match (smi_rc, gpus.is_empty()) {
        (Some(0), false) => Check::pass(CheckName::NvidiaSmi, format!("{} GPU(s) visible", gpus.len())),
        (Some(0), true) => {
            Check::problem(CheckName::NvidiaSmi, CheckStatus::Fail, Code::NoGpus, "nvidia-smi lists no GPUs")
        }
        (rc, _) => {
            let first = smi.lines().next().unwrap_or("").trim().to_string();
            let code = smi_code(gpu::classify_failure(rc, &smi));
            Check::problem(
                CheckName::NvidiaSmi,
                CheckStatus::Fail,
                code,
                format!("exit {}: {first}", rc.map_or("?".into(), |c| c.to_string())),
            )
        }
    });
    if gpus.is_empty() {
        checks.push(Check::skip(CheckName::GpuModel, "nvidia-smi failed"));
        checks.push(Check::skip(CheckName::Cuda, "nvidia-smi failed"));
        return checks;
    }
    let models = gpu::count_by_category(&gpus);
    checks.push(match models.as_slice() {
        [_] => Check::pass(CheckName::GpuModel, summarize_models(&models)),
        _ => Check::problem(
            CheckName::GpuModel,
            CheckStatus::Warn,
            Code::GpuUnsupported,
            format!("GPUs of several categories ({}): validators rent a node under one", summarize_models(&models)),
        ),
    });
    let banner = gpu::parse_banner(&get("banner").0);
    let driver = banner.driver_version.clone().or_else(|| gpus[0].driver_version.clone()).unwrap_or_else(|| "?".into());
    checks.push(match banner.cuda_version {
        Some(cuda) if gpu::version_at_least(&cuda, MIN_CUDA) => {
            Check::pass(CheckName::Cuda, format!("driver {driver}, CUDA {cuda}"))
        }
        Some(cuda) => Check::problem(
            CheckName::Cuda,
            CheckStatus::Fail,
            Code::CudaTooOld,
            format!("driver {driver}, CUDA {cuda}; {MIN_CUDA} or newer is required"),
        ),
        None => Check::problem(
            CheckName::Cuda,
            CheckStatus::Fail,
            Code::CudaUnknown,
            "the nvidia-smi banner shows no CUDA version",
        ),
    });
    checks
}

/// `gpu_processes`: the compute processes on the GPUs (`None`: Docker could not be asked, so
/// nobody's processes can be told from a rental's). A rental's own processes (and the miner's
/// validation container) are the node at work, never held against it; any other process fails
/// the node, since validators read a busy GPU as a node in use or tampered with.
pub(super) fn processes_check(view: Option<&RentalView>) -> Check {
    let Some(view) = view else {
        return Check::skip(CheckName::GpuProcesses, "docker could not list the node's containers");
    };
    let foreign: Vec<String> = view
        .foreign()
        .map(|p| format!("PID {} ({}{})", p.pid, p.name, p.used_mib.map_or(String::new(), |m| format!(", {m} MiB"))))
        .collect();
    if !foreign.is_empty() {
        return Check::problem(
            CheckName::GpuProcesses,
            CheckStatus::Fail,
            Code::ForeignGpuProcess,
            format!("{} compute process(es) on the GPUs belong to no rental: {}", foreign.len(), foreign.join(", ")),
        );
    }
    let rented = view.processes.iter().filter(|p| matches!(p.owner, Owner::Rental(_))).count();
    let ours = view.processes.iter().filter(|p| p.owner == Owner::Miner).count();
    Check::pass(
        CheckName::GpuProcesses,
        match (rented, ours) {
            (0, 0) => "no compute processes".to_string(),
            (r, o) => format!("{r} of a rental, {o} of the miner's validation; none foreign"),
        },
    )
}

/// `cpu`, in place of the GPU checks on a host declared CPU-only: the validators' probe must
/// answer, and the host must not have GPUs (validators would then find a device count or
/// category other than the declared one).
pub(super) fn cpu_check(s: &Sections<'_>) -> Check {
    let gpus = inventory(s);
    if !gpus.is_empty() {
        let models = gpu::count_by_category(&gpus);
        let first = models.first().and_then(|(m, _)| *m).map_or("the GPU's category", Category::as_str);
        return Check::problem(
            CheckName::Cpu,
            CheckStatus::Fail,
            Code::DeclarationMismatch,
            format!(
                "declared CPU-only, but nvidia-smi lists {}: declare gpu_category = \"{first}\" and gpu_count = {} instead",
                summarize_models(&models),
                gpus.len()
            ),
        );
    }
    cpu_probe_check(s.get("cpu").map_or("", |(text, _)| text.as_str()))
}

/// The `cpu` check of the CPU probe's answer alone: what a validator that rents CPU-only
/// hosts accepts (the health check and the full validation both read it).
pub(crate) fn cpu_probe_check(probe_output: &str) -> Check {
    match CpuInfo::parse(probe_output) {
        Ok(info) => Check::pass(CheckName::Cpu, info.summary()),
        Err(problem) => Check::problem(CheckName::Cpu, CheckStatus::Fail, Code::CpuProbeFailed, problem.to_string()),
    }
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
