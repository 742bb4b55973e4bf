use super::verdicts::container_check;
use super::*;
use crate::core::nodes::inspect::CheckName;

fn facts(access: (&str, i32), gpus: (&str, i32), sha: (&str, i32), free_kb: u64) -> String {
    format!(
        "@@access\n{}\n@@rc {}\n@@gpus\n{}@@rc {}\n@@sha\n{}\n@@rc {}\n@@disk_root\n/dev/vda 100 50 {free_kb} 50% /\n",
        access.0, access.1, gpus.0, gpus.1, sha.0, sha.1
    )
}

const GPUS: &str = "GPU-a, NVIDIA H100 80GB HBM3\nGPU-b, NVIDIA H100 80GB HBM3\n";

#[test]
fn facts_become_checks_with_codes() {
    let digest = format!("{}  -", sha256_hex("n1"));
    let Facts { checks: c, host_gpus: host, .. } =
        evaluate_facts(&facts(("27.3.1", 0), (GPUS, 0), (&digest, 0), 2_000_000_000), "n1", &Declared::default());
    assert!(c.iter().all(|c| c.status == CheckStatus::Pass), "{c:#?}");
    assert_eq!(host.unwrap().len(), 2);
    let denied = "permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock";
    let Facts { checks: c, .. } = evaluate_facts(
        &facts((denied, 1), ("GPU-a, x\nbad, y\n", 0), ("sh: sha256sum: not found", 127), 10),
        "n1",
        &Declared::default(),
    );
    let code = |n: &str| c.iter().find(|c| c.name.as_str() == n).and_then(|c| c.code);
    assert_eq!(code("docker_access"), Some(Code::DockerPermissionDenied));
    assert_eq!(code("gpu_uuids"), Some(Code::GpuUuidsMissing));
    assert_eq!(code("sha256sum"), Some(Code::Sha256sumMissing));
    assert_eq!(c.iter().find(|c| c.name == CheckName::Disk).unwrap().status, CheckStatus::Warn);
}

#[test]
fn declarations_and_containers_are_compared_with_the_host() {
    let host: HostGpus =
        Some(vec![("GPU-a".into(), "NVIDIA H100 80GB HBM3".into()), ("GPU-b".into(), "NVIDIA H100 80GB HBM3".into())]);
    let d = |category, count| Declared { category, count, extra_mount_path: None };
    assert_eq!(declaration(&d(Some(Category::data_centre("H100").unwrap()), Some(2)), &host).status, CheckStatus::Pass);
    assert_eq!(
        declaration(&d(Some(Category::data_centre("H100").unwrap()), Some(8)), &host).code,
        Some(Code::DeclarationMismatch)
    );
    assert_eq!(
        declaration(&d(Some(Category::data_centre("A100").unwrap()), None), &host).code,
        Some(Code::DeclarationMismatch)
    );
    let ok = |stdout: &str, code: i32| {
        use std::os::unix::process::ExitStatusExt as _;
        Ok(std::process::Output {
            status: std::process::ExitStatus::from_raw(code << 8),
            stdout: stdout.as_bytes().to_vec(),
            stderr: Vec::new(),
        })
    };
    assert_eq!(container_check(ok("GPU-b\nGPU-a\n", 0), &host).status, CheckStatus::Pass);
    assert_eq!(container_check(ok("GPU-a\n", 0), &host).code, Some(Code::ContainerGpuMismatch));
    let no_runtime = "docker: Error response from daemon: unknown or invalid runtime name: nvidia.\n";
    let c = container_check(ok(no_runtime, 125), &host);
    assert_eq!(c.code, Some(Code::ContainerGpuFailed));
    assert!(c.detail.contains("unknown or invalid runtime name: nvidia"), "{}", c.detail);
    assert_eq!(container_check(ok("", 124), &host).code, Some(Code::ContainerGpuFailed));
}

#[test]
fn image_references() {
    assert!(is_image_reference("nvidia/cuda:12.8.0-runtime-ubuntu22.04"));
    assert!(is_image_reference("registry.example:5000/x/y@sha256:abcd"));
    assert!(!is_image_reference("-v /:/host alpine"));
    assert!(!is_image_reference("a;rm -rf /"));
    assert!(!is_image_reference(""));
}
