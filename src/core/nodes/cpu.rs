//! CPU-only hosts: a node declared `gpu_category = "CPU_…"` has no GPUs, and validators that
//! rent such hosts probe it over SSH for its first CPU model (`/proc/cpuinfo`), its vCPU
//! count (`nproc`) and its memory (`MemTotal`, in MB) instead of running nvidia-smi. They
//! need at least one vCPU and 1 GB of memory and count the host as one device. The miner runs
//! the same probe, so what it offers is what they find.

use serde::{Deserialize, Serialize};

use super::gpu::Category;

/// Less memory than this (MB) and validators refuse a CPU-only host.
pub const MIN_RAM_MB: u64 = 1024;
/// The device count validators record for a CPU-only host, and so the count it is offered with.
pub const DEVICE_COUNT: u32 = 1;

/// The probe validators run, printing `model|vcpus|ram_mb` on one line.
pub const PROBE: &str = r#"printf '%s|%s|%s\n' "$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')" "$(nproc 2>/dev/null)" "$(awk '/^MemTotal:/ {print int($2/1024)}' /proc/meminfo 2>/dev/null)""#;

/// The probe as a script section named `cpu` (with its exit code), appended to the health
/// check's and the full validation's scripts.
pub fn probe_section() -> String {
    format!("echo \"@@cpu\"; {PROBE}; echo \"@@rc $?\"\n")
}

/// What kind of machine a node is declared as, which decides how it is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Machine {
    /// GPUs read with nvidia-smi (everything not declared `CPU_…`).
    #[default]
    Gpus,
    /// A host without GPUs, probed for its CPUs and memory.
    CpuOnly,
}

impl Machine {
    /// The machine a declared category stands for (no declaration: a GPU node).
    pub fn declared(category: Option<&Category>) -> Machine {
        match category {
            Some(c) if c.is_cpu() => Machine::CpuOnly,
            _ => Machine::Gpus,
        }
    }
}

/// A CPU-only host's processors and memory, as the probe reads them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CpuInfo {
    /// The first `model name` in /proc/cpuinfo (empty when the kernel gives none, as on
    /// some ARM hosts).
    pub model: String,
    /// vCPUs, from nproc.
    pub vcpus: u32,
    /// Memory in MB, from /proc/meminfo.
    pub ram_mb: u64,
}

/// Why a probe's answer is not one validators accept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CpuProblem {
    /// The probe's output could not be read.
    #[error("the CPU probe printed nothing readable (`{0}`): /proc/cpuinfo, nproc or /proc/meminfo is missing")]
    Unreadable(String),
    /// No vCPU reported.
    #[error("nproc reports no vCPU")]
    NoVcpus,
    /// Less memory than validators need.
    #[error("{ram_mb} MB of memory; validators need at least {MIN_RAM_MB} MB")]
    TooLittleMemory {
        /// The memory found, in MB.
        ram_mb: u64,
    },
}

impl CpuInfo {
    /// Reads the probe's `model|vcpus|ram_mb` line, by the validators' rules.
    pub fn parse(text: &str) -> Result<CpuInfo, CpuProblem> {
        let line = text.lines().find(|l| l.contains('|')).unwrap_or("").trim();
        let mut fields = line.split('|');
        let model = fields.next().unwrap_or("").trim();
        let numbers = (fields.next().map(str::trim), fields.next().map(str::trim));
        let (Some(vcpus), Some(ram)) = numbers else {
            return Err(CpuProblem::Unreadable(text.trim().chars().take(120).collect()));
        };
        let Ok(ram_mb) = ram.parse::<u64>() else {
            return Err(CpuProblem::Unreadable(line.chars().take(120).collect()));
        };
        let vcpus = match vcpus.parse::<u32>() {
            Ok(n) if n > 0 => n,
            Ok(_) => return Err(CpuProblem::NoVcpus),
            Err(_) => return Err(CpuProblem::Unreadable(line.chars().take(120).collect())),
        };
        if ram_mb < MIN_RAM_MB {
            return Err(CpuProblem::TooLittleMemory { ram_mb });
        }
        Ok(CpuInfo { model: model.chars().take(120).collect(), vcpus, ram_mb })
    }

    /// `CPU: AMD EPYC 7763 64-Core Processor, 128 vCPU, 515 GB`, as every listing shows it.
    pub fn summary(&self) -> String {
        let model = if self.model.is_empty() { "unknown model" } else { self.model.as_str() };
        format!("CPU: {model}, {} vCPU, {} GB", self.vcpus, self.ram_mb / 1024)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_probe_is_read_by_the_validators_rules() {
        let info = CpuInfo::parse("AMD EPYC 7763 64-Core Processor|128|515890\n").unwrap();
        assert_eq!(info, CpuInfo { model: "AMD EPYC 7763 64-Core Processor".into(), vcpus: 128, ram_mb: 515890 });
        assert_eq!(info.summary(), "CPU: AMD EPYC 7763 64-Core Processor, 128 vCPU, 503 GB");
        assert_eq!(CpuInfo::parse("|4|2048").unwrap().summary(), "CPU: unknown model, 4 vCPU, 2 GB");
        assert_eq!(CpuInfo::parse("x|0|4096"), Err(CpuProblem::NoVcpus));
        assert_eq!(CpuInfo::parse("x|2|512"), Err(CpuProblem::TooLittleMemory { ram_mb: 512 }));
        assert!(matches!(CpuInfo::parse("x||"), Err(CpuProblem::Unreadable(_))));
        assert!(matches!(CpuInfo::parse(""), Err(CpuProblem::Unreadable(_))));
        assert!(matches!(CpuInfo::parse("x|99999999999999999999|4096"), Err(CpuProblem::Unreadable(_))));
    }

    #[test]
    fn only_a_cpu_class_makes_a_cpu_only_machine() {
        let cat = |t: &str| Category::parse(t).unwrap();
        assert_eq!(Machine::declared(Some(&cat("CPU_STANDARD"))), Machine::CpuOnly);
        assert_eq!(Machine::declared(Some(&cat("RTX 5090"))), Machine::Gpus);
        assert_eq!(Machine::declared(None), Machine::Gpus);
    }
}
