use super::*;
use crate::core::nodes::inspect::CheckName;

/// The checks of a GPU node.
fn evaluate(output: &str, local_time: i64) -> Vec<Check> {
    super::evaluate(output, local_time, Machine::Gpus)
}

#[allow(clippy::too_many_arguments)]
fn output(
    smi: &str,
    smi_rc: i32,
    banner: &str,
    docker: &str,
    docker_rc: i32,
    user: &str,
    free_kb: u64,
    time: i64,
) -> String {
    format!("@@smi\n{smi}@@rc {smi_rc}\n@@banner\n{banner}\n@@docker\n{docker}@@rc {docker_rc}\n@@user\n{user}\n@@disk\n/dev/vda 100 50 {free_kb} 50% /\n@@time\n{time}\n")
}

const H100: &str = "0, NVIDIA H100 80GB HBM3, GPU-1, 81559, 1, 570.86.15, 9.0, 0, 31, 69.1\n";
const BANNER: &str = "| NVIDIA-SMI 570.86.15   Driver Version: 570.86.15   CUDA Version: 12.8 |";
const DOCKER: &str = " Server Version: 27.3.1\n Runtimes: io.containerd.runc.v2 nvidia runc\n";

fn status(checks: &[Check], name: &str) -> (CheckStatus, Option<Code>) {
    let c = checks.iter().find(|c| c.name.as_str() == name).unwrap();
    (c.status, c.code)
}

#[test]
fn a_healthy_node_passes_everything() {
    let checks = evaluate(&output(H100, 0, BANNER, DOCKER, 0, "root\nroot", 2_000_000_000, 1000), 1000);
    assert!(checks.iter().all(|c| c.status == CheckStatus::Pass), "{checks:#?}");
}

#[test]
fn a_rentals_own_gpu_use_passes_and_a_process_of_nobody_fails_the_node() {
    use crate::core::nodes::rental;
    let rented = "abc1|basilica-r1|r1|img|2026-12-05 23:31:53 +0000 UTC|running\n";
    let look =
        |apps: &str| rental::read(Some((rented, Some(0))), "", Some((apps, Some(0))), "abc1 basilica.rental_id 4242\n");
    let c = gpus::processes_check(look("4242, python3, 70000\n").as_ref());
    assert_eq!((c.status, c.code), (CheckStatus::Pass, None), "the rental's own use counts for nothing: {c:?}");
    let c = gpus::processes_check(look("4242, python3, 70000\n5151, xmrig, 900\n").as_ref());
    assert_eq!((c.status, c.code), (CheckStatus::Fail, Some(Code::ForeignGpuProcess)));
    assert!(c.detail.contains("PID 5151 (xmrig, 900 MiB)") && !c.detail.contains("4242"), "{}", c.detail);
    let c = gpus::processes_check(Some(&rental::RentalView::default()));
    assert_eq!((c.status, c.detail.as_str()), (CheckStatus::Pass, "no compute processes"));
    assert_eq!(gpus::processes_check(None).status, CheckStatus::Skip, "no owners known: no verdict");
}

#[test]
fn each_failure_has_its_code() {
    let c = evaluate(&output("sh: 1: nvidia-smi: not found\n", 127, "", DOCKER, 0, "root\nroot", 2_000_000_000, 0), 0);
    assert_eq!(status(&c, "nvidia_smi"), (CheckStatus::Fail, Some(Code::NoNvidiaSmi)));
    let c = evaluate(
        &output(
            "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\n",
            9,
            "",
            DOCKER,
            0,
            "root\nroot",
            2_000_000_000,
            0,
        ),
        0,
    );
    assert_eq!(status(&c, "nvidia_smi"), (CheckStatus::Fail, Some(Code::NvidiaDriverUnreachable)));
    let old = BANNER.replace("12.8", "12.2");
    let c = evaluate(&output(H100, 0, &old, DOCKER, 0, "root\nroot", 2_000_000_000, 0), 0);
    assert_eq!(status(&c, "cuda"), (CheckStatus::Fail, Some(Code::CudaTooOld)));
    let c = evaluate(&output(H100, 0, BANNER, "sh: 1: docker: not found\n", 127, "root\nroot", 2_000_000_000, 0), 0);
    assert_eq!(status(&c, "docker"), (CheckStatus::Fail, Some(Code::DockerMissing)));
    assert_eq!(status(&c, "nvidia_runtime").0, CheckStatus::Skip);
    let c = evaluate(&output(H100, 0, BANNER, " Runtimes: runc\n", 0, "ubuntu\nubuntu sudo", 2_000_000_000, 0), 0);
    assert_eq!(status(&c, "nvidia_runtime"), (CheckStatus::Fail, Some(Code::NvidiaRuntimeMissing)));
    assert_eq!(status(&c, "docker_group"), (CheckStatus::Fail, Some(Code::DockerGroupMissing)));
    let c = evaluate(
        &output(
            "0, NVIDIA GeForce RTX 4090, GPU-1, 24564, 1, 570.86.15, 8.9, 0, 30, 20\n1, NVIDIA GeForce RTX 5090, GPU-2, 32607, 1, 570.86.15, 12.0, 0, 30, 20\n",
            0,
            BANNER,
            DOCKER,
            0,
            "root\nroot",
            10,
            100,
        ),
        0,
    );
    assert_eq!(status(&c, "gpu_model"), (CheckStatus::Warn, Some(Code::GpuUnsupported)), "two categories on one node");
    assert_eq!(status(&c, "disk"), (CheckStatus::Warn, Some(Code::DiskLow)));
    assert_eq!(status(&c, "clock"), (CheckStatus::Warn, Some(Code::ClockSkew)));
}

/// Found by the `node_output` fuzz target: a `df` figure too large for bytes, and a clock at
/// the ends of i64, are read without overflowing (a panic in debug builds, a wrapped figure in
/// release builds).
#[test]
fn huge_numbers_from_a_node_saturate() {
    let checks = evaluate(&output(H100, 0, BANNER, DOCKER, 0, "root\nroot", u64::MAX / 2, 1000), 1000);
    assert_eq!(status(&checks, "disk"), (CheckStatus::Pass, None));
    assert_eq!(df_free_bytes("/dev/vda 1 1 608625666666666666660 1% /"), None, "beyond u64: unreadable");
    assert_eq!(df_free_bytes(&format!("/dev/vda 1 1 {} 1% /", u64::MAX)), Some(u64::MAX));
    for (remote, local) in [(i64::MIN, 1000), (i64::MAX, -1000), (0, i64::MIN)] {
        let checks = evaluate(&output(H100, 0, BANNER, DOCKER, 0, "root\nroot", 2_000_000_000, remote), local);
        assert_eq!(status(&checks, "clock"), (CheckStatus::Warn, Some(Code::ClockSkew)));
    }
}

#[test]
fn the_first_failed_check_keeps_its_typed_code_and_a_warning_is_no_failure() {
    let checks = vec![
        Check::pass(CheckName::Ssh, "ok"),
        Check::problem(CheckName::Disk, CheckStatus::Warn, Code::DiskLow, "low"),
        Check::problem(CheckName::Docker, CheckStatus::Fail, Code::DockerMissing, "no docker"),
        Check::problem(CheckName::Gpu, CheckStatus::Fail, Code::NoGpus, "none"),
    ];
    let f = first_failure(&checks).unwrap();
    assert_eq!((f.code, f.detail.as_str()), (Code::DockerMissing, "no docker"));
    assert_eq!(first_failure(&checks[..2]), None);
}

#[test]
fn a_consumer_card_passes_under_its_own_category() {
    let c = evaluate(
        &output(
            "0, NVIDIA GeForce RTX 5090, GPU-1, 32607, 1, 570.86.15, 12.0, 0, 30, 20\n".repeat(2).as_str(),
            0,
            BANNER,
            DOCKER,
            0,
            "root\nroot docker",
            2_000_000_000,
            100,
        ),
        100,
    );
    let model = c.iter().find(|x| x.name == CheckName::GpuModel).unwrap();
    assert_eq!((model.status, model.detail.as_str()), (CheckStatus::Pass, "2x RTX_5090"));
}

#[test]
fn a_cpu_only_host_is_checked_by_the_cpu_probe_instead_of_nvidia_smi() {
    let host = |smi: &str, smi_rc: i32, docker: &str, cpu: &str| {
        let base = output(smi, smi_rc, "", docker, 0, "ubuntu\nubuntu docker", 2_000_000_000, 1000);
        format!("{base}@@cpu\n{cpu}\n@@rc 0\n")
    };
    let runc = " Server Version: 27.3.1\n Runtimes: io.containerd.runc.v2 runc\n";
    let c = super::evaluate(
        &host("sh: 1: nvidia-smi: not found\n", 127, runc, "AMD EPYC 7763|64|262144"),
        1000,
        Machine::CpuOnly,
    );
    let names: Vec<&str> = c.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["ssh", "cpu", "docker", "docker_group", "disk", "clock"]);
    assert!(c.iter().all(|c| c.status == CheckStatus::Pass), "{c:#?}");
    assert_eq!(c[1].detail, "CPU: AMD EPYC 7763, 64 vCPU, 256 GB");

    let little = super::evaluate(&host("", 127, runc, "x|2|512"), 1000, Machine::CpuOnly);
    assert_eq!(status(&little, "cpu"), (CheckStatus::Fail, Some(Code::CpuProbeFailed)));
    assert!(little[1].detail.contains("512 MB"), "{}", little[1].detail);

    let with_gpus = super::evaluate(&host(&H100.repeat(8), 0, DOCKER, "x|2|4096"), 1000, Machine::CpuOnly);
    assert_eq!(status(&with_gpus, "cpu"), (CheckStatus::Fail, Some(Code::DeclarationMismatch)));
    assert!(with_gpus[1].detail.contains("gpu_category = \"H100\" and gpu_count = 8"), "{}", with_gpus[1].detail);

    // The same host declared as a GPU node fails on nvidia-smi, and the fix names the CPU classes.
    let as_gpu = evaluate(&host("sh: 1: nvidia-smi: not found\n", 127, runc, "x|2|4096"), 1000);
    assert_eq!(status(&as_gpu, "nvidia_smi"), (CheckStatus::Fail, Some(Code::NoNvidiaSmi)));
    assert!(as_gpu[1].fix.unwrap().contains("CPU_STANDARD"));
}
