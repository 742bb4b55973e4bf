//! Per-node failures with stable codes and one-line fixes, shared by the CLI, `serve` and metrics.

use std::fmt;

use serde::Serialize;

/// A stable, machine-readable failure code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    /// The node refused the miner's key (permission denied).
    SshAuthDenied,
    /// The SSH connection did not complete in time.
    SshTimeout,
    /// Nothing listens on the node's SSH port.
    SshConnectionRefused,
    /// No route to the node, or its name does not resolve.
    SshUnreachable,
    /// The node's host key differs from the one in the miner's known_hosts.
    HostKeyChanged,
    /// ssh failed in a way none of the other codes name.
    SshError,
    /// The node's `additional_opts` are not valid ssh options.
    BadAdditionalOpts,
    /// A command on the node ran past its timeout.
    CommandTimeout,
    /// A command on the node exited with an error.
    CommandFailed,
    /// A tool the miner needs on the node (flock, mktemp, sha256sum) is missing.
    RemoteToolsMissing,
    /// authorized_keys changed under an edit every time it was tried.
    KeyConflict,
    /// nvidia-smi is not installed on the node.
    NoNvidiaSmi,
    /// nvidia-smi cannot talk to the driver (not loaded, or not matching the kernel).
    NvidiaDriverUnreachable,
    /// nvidia-smi ran and failed for another reason.
    NvidiaSmiFailed,
    /// nvidia-smi lists no GPU.
    NoGpus,
    /// The node's GPUs cannot be offered under one category (mixed or unnamed models).
    GpuUnsupported,
    /// The driver's CUDA version is older than validators accept.
    CudaTooOld,
    /// nvidia-smi did not report a CUDA version.
    CudaUnknown,
    /// Docker is not installed on the node.
    DockerMissing,
    /// Docker has no NVIDIA runtime.
    NvidiaRuntimeMissing,
    /// The SSH user is not in the docker group.
    DockerGroupMissing,
    /// Too little free disk space for rentals.
    DiskLow,
    /// The node's clock is too far from this machine's.
    ClockSkew,
    /// The miner's own key is gone from the node's authorized_keys.
    MinerKeyMissing,
    /// The SSH user cannot use Docker without sudo.
    DockerPermissionDenied,
    /// The validation image could not be pulled.
    ImagePullFailed,
    /// The registry refused the pull for its rate limit.
    ImagePullRateLimited,
    /// A container with `--gpus all` did not start or could not run nvidia-smi.
    ContainerGpuFailed,
    /// A container saw other GPUs than the host.
    ContainerGpuMismatch,
    /// A container with a published port could not be started.
    PortCheckFailed,
    /// The published port could not be reached from the miner.
    PortUnreachable,
    /// nvidia-smi lists no UUID for some GPU.
    GpuUuidsMissing,
    /// sha256sum is missing on the node.
    Sha256sumMissing,
    /// The declared GPU category or count differs from what nvidia-smi finds.
    DeclarationMismatch,
    /// A CPU-only host's CPU, vCPU count or memory could not be read or is too small.
    CpuProbeFailed,
    /// A plain container (no GPUs) did not run.
    ContainerFailed,
    /// A process that belongs to no rental uses the node's GPUs.
    ForeignGpuProcess,
    /// A login prints on stdout, which corrupts the validators' parsed output.
    LoginOutput,
    /// The user's login shell does not run the validators' sh commands.
    LoginShell,
    /// sshd dropped some of a burst of fresh logins (MaxStartups, ufw limit, fail2ban).
    SshRateLimited,
    /// A fresh login takes longer than validators wait.
    SshHandshakeSlow,
    /// A port validators reach from their own address is closed to them.
    PortClosedToValidators,
    /// A validation step takes longer than the fork's validator allows.
    ValidatorTimeLimit,
    /// CPU-only hosts are refused in rentals by some validators' rental engines.
    CpuHostRentals,
}

impl Code {
    /// Whether the failure happened on the way to the node (a login or command that timed
    /// out, a refused or unreachable connection) rather than in a check of what is there:
    /// worth trying again soon.
    pub fn is_transient(self) -> bool {
        matches!(self, Code::SshTimeout | Code::CommandTimeout | Code::SshConnectionRefused | Code::SshUnreachable)
    }

    /// The code named `name` (as [`Code::as_str`] writes it, e.g. in the database).
    pub fn parse(name: &str) -> Option<Code> {
        serde_json::from_value(serde_json::Value::String(name.to_string())).ok()
    }

    /// What to do about a failure whose code is unknown (stored by another build).
    pub const GENERAL_FIX: &'static str = "run `basilica-miner node test` on the node to see every check";

    /// The code as written in JSON, logs and metrics labels (snake_case).
    pub fn as_str(self) -> &'static str {
        match self {
            Code::SshAuthDenied => "ssh_auth_denied",
            Code::SshTimeout => "ssh_timeout",
            Code::SshConnectionRefused => "ssh_connection_refused",
            Code::SshUnreachable => "ssh_unreachable",
            Code::HostKeyChanged => "host_key_changed",
            Code::SshError => "ssh_error",
            Code::BadAdditionalOpts => "bad_additional_opts",
            Code::CommandTimeout => "command_timeout",
            Code::CommandFailed => "command_failed",
            Code::RemoteToolsMissing => "remote_tools_missing",
            Code::KeyConflict => "key_conflict",
            Code::NoNvidiaSmi => "no_nvidia_smi",
            Code::NvidiaDriverUnreachable => "nvidia_driver_unreachable",
            Code::NvidiaSmiFailed => "nvidia_smi_failed",
            Code::NoGpus => "no_gpus",
            Code::GpuUnsupported => "gpu_unsupported",
            Code::CudaTooOld => "cuda_too_old",
            Code::CudaUnknown => "cuda_unknown",
            Code::DockerMissing => "docker_missing",
            Code::NvidiaRuntimeMissing => "nvidia_runtime_missing",
            Code::DockerGroupMissing => "docker_group_missing",
            Code::DiskLow => "disk_low",
            Code::ClockSkew => "clock_skew",
            Code::MinerKeyMissing => "miner_key_missing",
            Code::DockerPermissionDenied => "docker_permission_denied",
            Code::ImagePullFailed => "image_pull_failed",
            Code::ImagePullRateLimited => "image_pull_rate_limited",
            Code::ContainerGpuFailed => "container_gpu_failed",
            Code::ContainerGpuMismatch => "container_gpu_mismatch",
            Code::PortCheckFailed => "port_check_failed",
            Code::PortUnreachable => "port_unreachable",
            Code::GpuUuidsMissing => "gpu_uuids_missing",
            Code::Sha256sumMissing => "sha256sum_missing",
            Code::DeclarationMismatch => "declaration_mismatch",
            Code::CpuProbeFailed => "cpu_probe_failed",
            Code::ContainerFailed => "container_failed",
            Code::ForeignGpuProcess => "foreign_gpu_process",
            Code::LoginOutput => "login_output",
            Code::LoginShell => "login_shell",
            Code::SshRateLimited => "ssh_rate_limited",
            Code::SshHandshakeSlow => "ssh_handshake_slow",
            Code::PortClosedToValidators => "port_closed_to_validators",
            Code::ValidatorTimeLimit => "validator_time_limit",
            Code::CpuHostRentals => "cpu_host_rentals",
        }
    }

    /// What the operator should do, in one line.
    pub fn fix(self) -> &'static str {
        match self {
            Code::SshAuthDenied => "add the miner's public key (<miner_node_key_path>.pub) to ~/.ssh/authorized_keys for this user on the node",
            Code::SshTimeout => "check the node is up and sshd answers: ssh -p PORT USER@HOST from this machine; check firewalls",
            Code::SshConnectionRefused => "start sshd on the node or fix the port in miner.toml",
            Code::SshUnreachable => "check the host name/IP and the network route to the node",
            Code::HostKeyChanged => "if the node was reinstalled, accept its new key with `basilica-miner node trust <id>`; otherwise investigate before trusting",
            Code::SshError => "run `ssh -v -p PORT USER@HOST` from this machine to see what ssh says",
            Code::BadAdditionalOpts => "write additional_opts as ssh -o options, e.g. \"-o ServerAliveInterval=30\"",
            Code::CommandTimeout => "the node is too slow or hung; check its load, or raise [node_management] health_check_timeout",
            Code::CommandFailed => "run the command by hand on the node to see the error",
            Code::RemoteToolsMissing => "install coreutils and util-linux (flock, mktemp, sha256sum) on the node",
            Code::KeyConflict => "authorized_keys kept changing during the edit; run the command again",
            Code::NoNvidiaSmi => "install the NVIDIA driver (it provides nvidia-smi) on the node; a host without GPUs is offered as CPU-only: declare gpu_category = \"CPU_STANDARD\" (or CPU_BASIC, CPU_PERFORMANCE) and gpu_count = 1",
            Code::NvidiaDriverUnreachable => "the driver is not loaded: reboot the node or reinstall the NVIDIA driver matching its kernel",
            Code::NvidiaSmiFailed => "run nvidia-smi on the node and fix what it reports",
            Code::NoGpus => "no GPU is visible to nvidia-smi; check the hardware and driver",
            Code::GpuUnsupported => "validators rent a node under one GPU category: keep GPUs of one model on a node (data-centre A100, H100, H200, B200, B300, or any other NVIDIA card under its own name)",
            Code::CudaTooOld => "upgrade the NVIDIA driver to one supporting CUDA 12.8 or newer",
            Code::CudaUnknown => "nvidia-smi did not report a CUDA version; upgrade the NVIDIA driver",
            Code::DockerMissing => "install Docker on the node (https://docs.docker.com/engine/install/)",
            Code::NvidiaRuntimeMissing => "install nvidia-container-toolkit and run `nvidia-ctk runtime configure --runtime=docker`, then restart docker",
            Code::DockerGroupMissing => "add the SSH user to the docker group: sudo usermod -aG docker USER",
            Code::DiskLow => "free disk space or add storage: validators expect 1 TB or more free",
            Code::ClockSkew => "enable time sync on the node (timedatectl set-ntp true); signatures are checked within 300 s",
            Code::MinerKeyMissing => "the miner's own key is not in authorized_keys; add it back before it locks you out",
            Code::DockerPermissionDenied => "validators run docker as the SSH user without sudo: sudo usermod -aG docker USER, then log in again",
            Code::ImagePullFailed => "run `docker pull IMAGE` on the node and fix what it reports (registry access, DNS, proxy, disk space)",
            Code::ImagePullRateLimited => "the registry limits pulls from this node's address (Docker Hub: 10 an hour without login, shared by nodes behind one NAT): run `docker login` on the node as its user, or point Docker at a registry mirror with \"registry-mirrors\" in /etc/docker/daemon.json and restart docker; the miner retries with backoff",
            Code::ContainerGpuFailed => "install nvidia-container-toolkit, run `nvidia-ctk runtime configure --runtime=docker` and restart docker; then `docker run --rm --gpus all --runtime nvidia IMAGE nvidia-smi` must work",
            Code::ContainerGpuMismatch => "a container must see every GPU the host sees: check the NVIDIA container toolkit and CUDA_VISIBLE_DEVICES/NVIDIA_VISIBLE_DEVICES settings in /etc/docker/daemon.json",
            Code::PortCheckFailed => "run `docker run -d -p 0:8000 IMAGE` on the node by hand: docker must be able to publish ports (iptables, the docker0 bridge)",
            Code::PortUnreachable => "open Docker's ephemeral ports (net.ipv4.ip_local_port_range, usually 32768-60999) to the internet in the node's firewall and any NAT in front of it",
            Code::GpuUuidsMissing => "nvidia-smi --query-gpu=uuid must list a GPU-… UUID for every GPU; update the NVIDIA driver",
            Code::Sha256sumMissing => "install coreutils on the node (validators run sha256sum there)",
            Code::DeclarationMismatch => "make gpu_category/gpu_count in miner.toml match the node (or remove them to send what nvidia-smi finds): validators score a mismatch 0 and count it as misbehaviour",
            Code::CpuProbeFailed => "a CPU-only host must show `model name` in /proc/cpuinfo, a vCPU count from nproc and MemTotal in /proc/meminfo, with at least 1 vCPU and 1 GB of memory",
            Code::ContainerFailed => "run `docker run --rm IMAGE nproc` on the node and fix what it reports (the Docker daemon, its storage, the image)",
            Code::LoginOutput => "make a login print nothing on stdout: remove the echo from ~/.ssh/rc or /etc/ssh/sshrc, move output in ~/.bashrc below its interactive guard, or send it to stderr (>&2); the node is validated again at the next round",
            Code::LoginShell => "validators send sh syntax to the login shell: give the node's user a POSIX shell with `sudo chsh -s /bin/bash USER`",
            Code::SshRateLimited => "validators open a new SSH connection for every command, several at once: raise MaxStartups in /etc/ssh/sshd_config (e.g. `MaxStartups 30:30:100`), use `ufw allow` rather than `ufw limit` for port 22, and keep fail2ban from banning validators' addresses",
            Code::SshHandshakeSlow => "set `UseDNS no` and `GSSAPIAuthentication no` in /etc/ssh/sshd_config and restart sshd; check the node's DNS resolver and load",
            Code::PortClosedToValidators => "validators fetch a file from a random published port from their own address: open Docker's ephemeral ports (usually 32768-60999) and SSH to the internet, not only port 22 or the miner's address",
            Code::ValidatorTimeLimit => "make the slow step faster (keep the validation image pulled, check the node's disk, network and load): the fork's validator stops a command after 300 s and a miner's whole round after 600 s",
            Code::CpuHostRentals => "nothing is wrong with the host; to avoid deploy failures counted against the miner, offer CPU hosts only to validators whose rental engine starts CPU containers, or remove the host from the bid (`node remove`) if it gets banned",
            Code::ForeignGpuProcess => "a process that is no rental uses the GPUs (validators read that as a busy or tampered node): find it with `nvidia-smi` on the node (`basilica-miner node gpu` names it) and stop it; the node is offered again once it is gone",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A failure on one node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{code}: {message}")]
pub struct NodeError {
    /// What went wrong.
    pub code: Code,
    /// What the node or ssh said, in one line.
    pub message: String,
    /// What the operator should do: the code's fix.
    pub fix: &'static str,
}

impl NodeError {
    /// A failure with `code`'s fix.
    pub fn new(code: Code, message: impl Into<String>) -> NodeError {
        NodeError { code, message: message.into(), fix: code.fix() }
    }
}

/// Classifies what ssh printed when a connection failed.
pub fn classify_ssh_failure(text: &str) -> Code {
    let t = text.to_ascii_lowercase();
    if t.contains("remote host identification has changed") || t.contains("host key verification failed") {
        Code::HostKeyChanged
    } else if t.contains("permission denied") || t.contains("too many authentication failures") {
        Code::SshAuthDenied
    } else if t.contains("connection refused") {
        Code::SshConnectionRefused
    } else if t.contains("timed out") || t.contains("timeout") {
        Code::SshTimeout
    } else if t.contains("could not resolve") || t.contains("no route to host") || t.contains("network is unreachable")
    {
        Code::SshUnreachable
    } else if t.contains("connection closed")
        || t.contains("kex_exchange_identification")
        || t.contains("connection reset")
    {
        Code::SshTimeout
    } else {
        Code::SshError
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ssh_messages_map_to_codes() {
        assert_eq!(classify_ssh_failure("root@127.0.0.1: Permission denied (publickey)."), Code::SshAuthDenied);
        assert_eq!(
            classify_ssh_failure(
                "@@@ WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED! @@@\nHost key verification failed."
            ),
            Code::HostKeyChanged
        );
        assert_eq!(
            classify_ssh_failure("ssh: connect to host 127.0.0.1 port 2: Connection refused"),
            Code::SshConnectionRefused
        );
        assert_eq!(classify_ssh_failure("Connection timed out during banner exchange"), Code::SshTimeout);
        assert_eq!(
            classify_ssh_failure("ssh: Could not resolve hostname nope: Name or service not known"),
            Code::SshUnreachable
        );
    }

    #[test]
    fn a_code_read_back_from_its_name_is_the_same_code() {
        for code in [Code::SshAuthDenied, Code::Sha256sumMissing, Code::DeclarationMismatch, Code::NvidiaSmiFailed] {
            assert_eq!(Code::parse(code.as_str()), Some(code));
        }
        assert_eq!(Code::parse("no_such_code"), None);
    }

    #[test]
    fn codes_serialise_as_their_stable_names() {
        assert_eq!(serde_json::to_string(&Code::CudaTooOld).unwrap(), "\"cuda_too_old\"");
        assert_eq!(Code::HostKeyChanged.as_str(), "host_key_changed");
    }
}
