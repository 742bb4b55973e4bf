//! Fake `nvidia-smi` and `docker` for testbed nodes, built from real output formats
//! (docs/testbed.md): query fields by name, `[N/A]` values, the driver banner, broken drivers.

use std::io;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

mod python;

use python::{FAKE_DOCKER_PY, FAKE_HTTP};

/// What a testbed node pretends to have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GpuProfile {
    /// 8× H100 80GB, driver 570, CUDA 12.8, Docker with the NVIDIA runtime.
    H100x8,
    /// 8× H200, CUDA 12.8.
    H200x8,
    /// 8× B200, CUDA 12.9.
    B200x8,
    /// 4× A100 80GB whose power and temperature read `[N/A]`.
    A100NotAvailable,
    /// nvidia-smi present but the driver is not loaded (exit 9).
    NoDriver,
    /// No nvidia-smi at all.
    NoBinary,
    /// H100 with driver 535 (CUDA 12.2).
    OldCuda,
    /// H100 without Docker.
    NoDocker,
    /// H100 with Docker but no NVIDIA runtime.
    NoNvidiaRuntime,
    /// H100 whose Docker lists the NVIDIA runtime but cannot give a container GPUs (a broken
    /// NVIDIA container toolkit): only a full validation finds it.
    BrokenToolkit,
    /// 2× GeForce RTX 5090: a consumer card, rented under its own category (`RTX_5090`) by
    /// validators that take any category, refused by those on upstream's five.
    Rtx5090x2,
    /// A host without GPUs (no nvidia-smi, Docker without the NVIDIA runtime), offered
    /// CPU-only: validators probe its real /proc/cpuinfo, nproc and /proc/meminfo.
    CpuOnly,
}

impl GpuProfile {
    /// The profile in a few words (`8x H100`, `no driver`, …).
    pub fn describe(self) -> &'static str {
        match self {
            GpuProfile::H100x8 => "8x H100",
            GpuProfile::H200x8 => "8x H200",
            GpuProfile::B200x8 => "8x B200",
            GpuProfile::A100NotAvailable => "4x A100 ([N/A] sensors)",
            GpuProfile::NoDriver => "driver not loaded",
            GpuProfile::NoBinary => "no nvidia-smi",
            GpuProfile::OldCuda => "H100, CUDA 12.2",
            GpuProfile::NoDocker => "H100, no docker",
            GpuProfile::NoNvidiaRuntime => "H100, docker without nvidia runtime",
            GpuProfile::BrokenToolkit => "H100, broken NVIDIA container toolkit",
            GpuProfile::Rtx5090x2 => "2x RTX 5090",
            GpuProfile::CpuOnly => "CPU-only host",
        }
    }

    fn gpus(self) -> (usize, &'static str, u32, &'static str, &'static str) {
        // (count, name, memory MiB, compute capability, driver)
        match self {
            GpuProfile::H200x8 => (8, "NVIDIA H200", 143771, "9.0", "570.86.15"),
            GpuProfile::B200x8 => (8, "NVIDIA B200", 183359, "10.0", "575.51.03"),
            GpuProfile::A100NotAvailable => (4, "NVIDIA A100-SXM4-80GB", 81920, "8.0", "570.86.15"),
            GpuProfile::OldCuda => (8, "NVIDIA H100 80GB HBM3", 81559, "9.0", "535.104.05"),
            GpuProfile::Rtx5090x2 => (2, "NVIDIA GeForce RTX 5090", 32607, "12.0", "570.86.15"),
            _ => (8, "NVIDIA H100 80GB HBM3", 81559, "9.0", "570.86.15"),
        }
    }

    fn cuda(self) -> &'static str {
        match self {
            GpuProfile::OldCuda => "12.2",
            GpuProfile::B200x8 => "12.9",
            _ => "12.8",
        }
    }

    /// Writes the tools into `bin` (put first on the node's PATH). `machine` makes the GPU
    /// UUIDs this node's own (two nodes with one `machine` are one machine at two addresses).
    pub fn install(self, bin: &Path, machine: u32) -> io::Result<()> {
        if !matches!(self, GpuProfile::NoBinary | GpuProfile::CpuOnly) {
            write_exec(&bin.join("nvidia-smi"), NVIDIA_SMI)?;
            std::fs::write(bin.join("gpus.csv"), self.csv(machine))?;
            let (_, _, _, _, driver) = self.gpus();
            std::fs::write(bin.join("nvidia-smi.banner"), banner(driver, self.cuda()))?;
            if self == GpuProfile::NoDriver {
                std::fs::write(
                    bin.join("nvidia-smi.fail"),
                    "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.\n",
                )?;
            }
        }
        if self == GpuProfile::NoDocker {
            // Shadows any docker client on the machine running the testbed.
            write_exec(&bin.join("docker"), "#!/bin/sh\necho \"sh: 1: docker: not found\" >&2\nexit 127\n")?;
        } else {
            let runtimes = if matches!(self, GpuProfile::NoNvidiaRuntime | GpuProfile::CpuOnly) {
                "io.containerd.runc.v2 runc"
            } else {
                "io.containerd.runc.v2 nvidia runc"
            };
            let gpu_error = if self == GpuProfile::BrokenToolkit {
                "docker: Error response from daemon: could not select device driver \"\" with capabilities: [[gpu]]."
            } else {
                ""
            };
            write_exec(&bin.join("docker"), &DOCKER.replace("@RUNTIMES@", runtimes).replace("@GPU_ERROR@", gpu_error))?;
            std::fs::write(bin.join("fake-http.py"), FAKE_HTTP)?;
            std::fs::write(bin.join("fake-docker.py"), FAKE_DOCKER_PY)?;
        }
        Ok(())
    }

    fn csv(self, machine: u32) -> String {
        let (count, name, mem, cc, driver) = self.gpus();
        let mut out = String::from("index, name, uuid, memory.total, memory.used, driver_version, compute_cap, utilization.gpu, temperature.gpu, power.draw, pci.bus_id\n");
        for i in 0..count {
            let (temp, power) = if self == GpuProfile::A100NotAvailable {
                ("[N/A]".to_string(), "[N/A]".to_string())
            } else {
                (format!("{}", 31 + i), format!("{}.{:02}", 69 + i, 10 * i))
            };
            out.push_str(&format!(
                "{i}, {name}, GPU-{machine:08x}-7d41-5a2c-9e81-1b6f4d2a7c{i:02}, {mem}, {used}, {driver}, {cc}, {util}, {temp}, {power}, 00000000:{bus:02X}:00.0\n",
                used = 1 + i * 3,
                util = i * 5,
                bus = 0x18 + i * 0x10,
            ));
        }
        out
    }
}

fn banner(driver: &str, cuda: &str) -> String {
    format!(
        "+-----------------------------------------------------------------------------------------+\n\
         | NVIDIA-SMI {driver}              Driver Version: {driver}      CUDA Version: {cuda}     |\n\
         |-----------------------------------------+------------------------+----------------------+\n"
    )
}

fn write_exec(path: &Path, text: &str) -> io::Result<()> {
    std::fs::write(path, text)?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
}

/// Answers `--query-gpu=a,b,c --format=csv[,noheader][,nounits]` from gpus.csv by field name.
const NVIDIA_SMI: &str = r#"#!/bin/sh
dir=$(dirname "$0")
if [ -f "$dir/nvidia-smi.fail" ]; then cat "$dir/nvidia-smi.fail"; exit 9; fi
query=""; header=1; units=1; apps=0
for a in "$@"; do
  case "$a" in
    --query-compute-apps=*) apps=1 ;;
    --query-gpu=*) query="${a#--query-gpu=}" ;;
    --format=*) case "$a" in *noheader*) header=0 ;; esac; case "$a" in *nounits*) units=0 ;; esac ;;
  esac
done
if [ "$apps" = 1 ]; then
  # Compute processes: those a test wrote in compute-apps (`PID, NAME, N MiB`) and those of
  # running GPU containers (rentals).
  [ "$header" = 1 ] && echo "pid, process_name, used_gpu_memory [MiB]"
  { cat "$dir/compute-apps" 2>/dev/null
    [ -f "$dir/fake-docker.py" ] && python3 "$dir/fake-docker.py" apps "$HOME/.fake-docker"; } |
    if [ "$units" = 1 ]; then cat; else sed 's/ MiB$//'; fi
  exit 0
fi
[ -z "$query" ] && { cat "$dir/nvidia-smi.banner"; exit 0; }
# The compute processes' memory shows as used on the first GPU.
extra=0
if [ -f "$dir/compute-apps" ] || ls "$HOME"/.fake-docker/containers/*.json >/dev/null 2>&1; then
  extra=$({ cat "$dir/compute-apps" 2>/dev/null; python3 "$dir/fake-docker.py" apps "$HOME/.fake-docker" 2>/dev/null; } | awk -F', ' '{ sub(/ MiB$/, "", $3); t += $3 } END { print t + 0 }')
fi
awk -F', ' -v q="$query" -v header="$header" -v units="$units" -v extra="$extra" '
  function unit(f) { if (f ~ /^memory\./) return " MiB"; if (f == "power.draw") return " W"; if (f == "utilization.gpu") return " %"; return "" }
  NR == 1 {
    for (i = 1; i <= NF; i++) col[$i] = i
    n = split(q, want, ",")
    for (j = 1; j <= n; j++) if (!(want[j] in col)) { printf "Field \"%s\" is not a valid field to query.\n", want[j]; bad = 1; exit 2 }
    if (header) { line = ""; for (j = 1; j <= n; j++) { u = unit(want[j]); h = want[j]; if (units && u != "") h = h " [" substr(u, 2) "]"; line = line (j > 1 ? ", " : "") h }; print line }
    next
  }
  { line = ""; for (j = 1; j <= n; j++) { v = $(col[want[j]]); if (want[j] == "memory.used" && NR == 2) v = v + extra; if (units && v !~ /^\[/) v = v unit(want[j]); line = line (j > 1 ? ", " : "") v }; print line }
' "$dir/gpus.csv"
"#;

/// A Docker stand-in: `info` with the runtimes line real Docker prints, `version` (after
/// `version-secs` seconds when that file exists: a busy daemon), `image
/// inspect` (finds images pulled before), `pull` (records the image and when it started and
/// ended in `pulls.log`; takes `pull-secs` seconds and fails with the text of `pull-error` when
/// those files exist), `run` in the foreground (the command runs with the node's own tools,
/// so `nvidia-smi` inside sees the node's GPUs; `--runtime` must be one Docker lists),
/// `run -d -p 0:PORT` (a real HTTP server on an ephemeral port serving a directory with
/// `test.txt` = `$BASILICA_NONCE`), `port` and `rm -f`. Every `run` is logged in `runs.log`
/// (time, name, labels, GPUs, image). `run -d` without `-p` starts a container that runs until
/// stopped (a rental: `--name basilica-<id> --label basilica.rental_id=<id> --gpus all`), kept
/// by `fake-docker.py` with `ps --filter label=…`, `inspect`, `stats`, `top`, `stop`, `kill`
/// and `rm`. State lives in `$HOME/.fake-docker`.
const DOCKER: &str = r#"#!/bin/sh
dir=$(cd "$(dirname "$0")" && pwd)
state="$HOME/.fake-docker"; mkdir -p "$state"
runtimes="@RUNTIMES@"
gpu_error='@GPU_ERROR@'
case "$1" in
  info)
    all=$(ls "$state"/containers/*.json 2>/dev/null | wc -l)
    running=$(grep -l '"state": "running"' "$state"/containers/*.json 2>/dev/null | wc -l)
    printf 'Client: Docker Engine - Community\n Version:    27.3.1\n\nServer:\n Containers: %s\n  Running: %s\n  Paused: 0\n  Stopped: %s\n Server Version: 27.3.1\n Storage Driver: overlay2\n Runtimes: %s\n Default Runtime: runc\n' "$all" "$running" "$((all - running))" "$runtimes" ;;
  version) [ -f "$state/version-secs" ] && sleep "$(cat "$state/version-secs")"; echo "27.3.1" ;;
  image)
    [ "$2" = inspect ] || { echo "docker: 'image $2' is not available on this test node" >&2; exit 1; }
    for a in "$@"; do img="$a"; done
    if grep -qxF "$img" "$state/images" 2>/dev/null; then echo "sha256:0123456789abcdef"; else
      printf '[]\nError response from daemon: No such image: %s\n' "$img" >&2; exit 1; fi ;;
  pull)
    echo "start $(date +%s.%N) $2" >> "$state/pulls.log"
    [ -f "$state/pull-secs" ] && sleep "$(cat "$state/pull-secs")"
    if [ -f "$state/pull-error" ]; then
      echo "end $(date +%s.%N) $2" >> "$state/pulls.log"; cat "$state/pull-error" >&2; exit 1
    fi
    echo "$2" >> "$state/pulled"
    grep -qxF "$2" "$state/images" 2>/dev/null || echo "$2" >> "$state/images"
    echo "end $(date +%s.%N) $2" >> "$state/pulls.log"
    printf '%s: Pulling from library\nDigest: sha256:0123456789abcdef\nStatus: Downloaded newer image for %s\n' "$2" "$2" ;;
  run)
    shift; detach=0; runtime=""; gpus=""; nonce=""; name=""; labels=""; publish=0; rm=0
    while [ $# -gt 0 ]; do
      case "$1" in
        -d) detach=1 ;;
        --rm) rm=1 ;;
        -p) shift; publish=1 ;;
        --network|-v|--volume|--shm-size|--cpus|--memory|-w|--workdir|--entrypoint) shift ;;
        --name) shift; name="$1" ;;
        --label|-l) shift; labels="$labels $1" ;;
        --gpus) shift; gpus="$1" ;;
        --runtime) shift; runtime="$1" ;;
        -e) shift; case "$1" in BASILICA_NONCE=*) nonce="${1#BASILICA_NONCE=}" ;; esac ;;
        -*) ;;
        *) break ;;
      esac
      shift
    done
    image="$1"; shift
    echo "run $(date +%s.%N) name=$name labels=${labels# } gpus=$gpus image=$image" >> "$state/runs.log"
    if [ -n "$runtime" ] && ! echo " $runtimes " | grep -q " $runtime "; then
      echo "docker: Error response from daemon: unknown or invalid runtime name: $runtime." >&2; exit 125
    fi
    if [ -n "$gpus" ] && [ -n "$gpu_error" ]; then echo "$gpu_error" >&2; exit 125; fi
    if [ "$detach" = 1 ] && [ "$publish" = 0 ]; then
      exec python3 "$dir/fake-docker.py" create "$state" "$name" "$image" "$gpus" "$rm" $labels
    elif [ "$detach" = 1 ]; then
      cid=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
      mkdir -p "$state/$cid"; printf '%s' "$nonce" > "$state/$cid/test.txt"
      setsid python3 "$dir/fake-http.py" "$state/$cid" </dev/null >/dev/null 2>&1 &
      i=0; while [ ! -f "$state/$cid/port" ] && [ $i -lt 100 ]; do i=$((i+1)); sleep 0.05; done
      echo "$cid"
    else
      exec "$@"
    fi ;;
  port) [ -f "$state/$2/port" ] && echo "0.0.0.0:$(cat "$state/$2/port")" ;;
  rm)
    for a in "$@"; do target="$a"; done
    if [ -d "$state/$target" ] && [ -n "$target" ]; then
      [ -f "$state/$target/pid" ] && kill "$(cat "$state/$target/pid")" 2>/dev/null
      rm -rf "${state:?}/$target"
    else
      shift; exec python3 "$dir/fake-docker.py" rm "$state" "$@"
    fi ;;
  ps|inspect|stats|top|stop|kill) cmd="$1"; shift; exec python3 "$dir/fake-docker.py" "$cmd" "$state" "$@" ;;
  *) echo "docker: '$1' is not available on this test node" >&2; exit 1 ;;
esac
"#;
