//! The name of every check `node test` and a full validation run: one type, so a check is
//! found by its name without comparing strings, and each name is written once.

use serde::Serialize;

/// A check's name, as `node test` prints it and `--json` gives it (`"nvidia_smi"`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckName {
    /// The miner can log in and run a command.
    Ssh,
    /// The node's clock is close to the miner's.
    Clock,
    /// Free space on `/`.
    Disk,
    /// Free space on the declared `extra_mount_path`.
    DiskExtra,
    /// Docker is installed.
    Docker,
    /// The SSH user can use Docker without sudo.
    DockerAccess,
    /// The SSH user is in the docker group.
    DockerGroup,
    /// nvidia-smi runs.
    NvidiaSmi,
    /// nvidia-smi lists GPUs.
    Gpu,
    /// The GPUs are of one model validators can name.
    GpuModel,
    /// No process outside a rental uses the GPUs.
    GpuProcesses,
    /// The driver's CUDA version is new enough.
    Cuda,
    /// Docker has the NVIDIA runtime.
    NvidiaRuntime,
    /// A CPU-only host's CPU model, vCPUs and memory.
    Cpu,
    /// The declared GPU category and count match the node.
    Declaration,
    /// A customer's rental runs on the node (the validation steps are skipped).
    Rental,
    /// The validators' image pulls.
    ImagePull,
    /// A plain container runs (CPU-only hosts).
    Container,
    /// A GPU container sees every GPU.
    ContainerGpus,
    /// nvidia-smi gives every GPU's UUID.
    GpuUuids,
    /// sha256sum is installed.
    Sha256sum,
    /// A container's published port answers from outside the node.
    PublishedPort,
    /// A fresh login prints nothing on stdout.
    LoginOutput,
    /// A fresh login echoes the validators' nonce unchanged.
    LoginNonce,
    /// The login shell runs sh syntax.
    LoginShell,
    /// A burst of fresh logins all get in.
    FreshLogins,
    /// How long a fresh login takes.
    LoginTime,
    /// The node's firewall admits validators, not only SSH or the miner.
    Firewall,
    /// The validation's steps fit the validator's time limits.
    ValidatorTime,
    /// What a CPU-only host should know about rental engines.
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
