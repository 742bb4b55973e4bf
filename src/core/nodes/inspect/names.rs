//! The name of every check `node test` and a full validation run: one type, so a check is
//! found by its name without comparing strings, and each name is written once.

use serde::Serialize;

/// A check's name, as `node test` prints it and `--json` gives it (`"nvidia_smi"`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckName {
    Ssh,
    Clock,
    Disk,
    DiskExtra,
    Docker,
    DockerAccess,
    DockerGroup,
    NvidiaSmi,
    Gpu,
    GpuModel,
    GpuProcesses,
    Cuda,
    NvidiaRuntime,
    Cpu,
    Declaration,
    Rental,
    ImagePull,
    Container,
    ContainerGpus,
    GpuUuids,
    Sha256sum,
    PublishedPort,
    LoginOutput,
    LoginNonce,
    LoginShell,
    FreshLogins,
    LoginTime,
    Firewall,
    ValidatorTime,
    CpuRentals,
}

impl CheckName {
    /// The name as printed and serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            CheckName::Ssh => "ssh",
            CheckName::Clock => "clock",
            CheckName::Disk => "disk",
            CheckName::DiskExtra => "disk_extra",
            CheckName::Docker => "docker",
            CheckName::DockerAccess => "docker_access",
            CheckName::DockerGroup => "docker_group",
            CheckName::NvidiaSmi => "nvidia_smi",
            CheckName::Gpu => "gpu",
            CheckName::GpuModel => "gpu_model",
            CheckName::GpuProcesses => "gpu_processes",
            CheckName::Cuda => "cuda",
            CheckName::NvidiaRuntime => "nvidia_runtime",
            CheckName::Cpu => "cpu",
            CheckName::Declaration => "declaration",
            CheckName::Rental => "rental",
            CheckName::ImagePull => "image_pull",
            CheckName::Container => "container",
            CheckName::ContainerGpus => "container_gpus",
            CheckName::GpuUuids => "gpu_uuids",
            CheckName::Sha256sum => "sha256sum",
            CheckName::PublishedPort => "published_port",
            CheckName::LoginOutput => "login_output",
            CheckName::LoginNonce => "login_nonce",
            CheckName::LoginShell => "login_shell",
            CheckName::FreshLogins => "fresh_logins",
            CheckName::LoginTime => "login_time",
            CheckName::Firewall => "firewall",
            CheckName::ValidatorTime => "validator_time",
            CheckName::CpuRentals => "cpu_rentals",
        }
    }
}

impl std::fmt::Display for CheckName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_written_as_serde_writes_it() {
        for name in [CheckName::Ssh, CheckName::NvidiaSmi, CheckName::Sha256sum, CheckName::ValidatorTime] {
            assert_eq!(serde_json::to_value(name).unwrap(), name.as_str());
        }
    }
}
