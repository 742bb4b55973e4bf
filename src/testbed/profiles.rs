//! Fake `nvidia-smi` and `docker` for testbed nodes, built from real output formats
//! (docs/testbed.md): query fields by name, `[N/A]` values, the driver banner, broken drivers.

use std::io;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

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

/// A Docker stand-in: `info` with the runtimes line real Docker prints, `version`, `image
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
  version) echo "27.3.1" ;;
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

/// The containers of `run -d` without a published port (rentals): each a JSON file in
/// `containers/`, with labels, creation time, state and a host PID. Answers `ps` (`-a`, `-q`,
/// `--no-trunc`, `--filter label=K[=V]`, `--format` with `.ID`, `.Names`, `.Image`, `.CreatedAt`,
/// `.RunningFor`, `.State`, `.Status`, `.Labels`, `.Label "K"`, `json .`), `inspect [-f]`,
/// `stats --no-stream --format json`, `top`, `stop`, `kill`, `rm [-f] [-v]`, and `apps` (the
/// compute processes of running GPU containers, for the fake nvidia-smi).
const FAKE_DOCKER_PY: &str = r#"import json, os, re, secrets, sys, time
cmd, state, args = sys.argv[1], sys.argv[2], sys.argv[3:]
home = os.path.join(state, "containers")

def load():
    out = []
    for f in sorted(os.listdir(home)) if os.path.isdir(home) else []:
        try:
            out.append(json.load(open(os.path.join(home, f))))
        except (OSError, ValueError):
            pass
    return out

def save(c):
    os.makedirs(home, exist_ok=True)
    tmp = os.path.join(home, c["id"] + ".tmp")
    json.dump(c, open(tmp, "w"))
    os.rename(tmp, os.path.join(home, c["id"] + ".json"))

def find(ref):
    for c in load():
        if c["name"] == ref or c["id"].startswith(ref):
            return c
    print(f"Error response from daemon: No such container: {ref}", file=sys.stderr)
    sys.exit(1)

def field(c, expr, trunc):
    expr = expr.strip()
    m = re.fullmatch(r'\.Label\s+"([^"]*)"', expr)
    if m:
        return c["labels"].get(m.group(1), "")
    age = int(time.time() - c["created"])
    values = {
        ".ID": c["id"][:12] if trunc else c["id"], ".Names": c["name"], ".Image": c["image"],
        ".CreatedAt": time.strftime("%Y-%m-%d %H:%M:%S +0000 UTC", time.gmtime(c["created"])),
        ".RunningFor": f"{age} seconds ago", ".State": c["state"],
        ".Status": f"Up {age} seconds" if c["state"] == "running" else "Exited (0) 1 second ago",
        ".Labels": ",".join(f"{k}={v}" for k, v in c["labels"].items()),
    }
    if expr == "json .":
        return json.dumps({k[1:]: v for k, v in values.items()})
    return values.get(expr, "")

if cmd == "create":
    name, image, gpus, rm = args[0], args[1], args[2], args[3] == "1"
    labels = dict(l.split("=", 1) if "=" in l else (l, "") for l in args[4:])
    if name and any(c["name"] == name for c in load()):
        print(f'docker: Error response from daemon: Conflict. The container name "/{name}" is already in use.', file=sys.stderr)
        sys.exit(125)
    cid = secrets.token_hex(32)
    save({"id": cid, "name": name or "c" + cid[:8], "image": image, "labels": labels, "gpus": bool(gpus),
          "rm": rm, "created": int(time.time()), "state": "running", "pid": 20000 + secrets.randbelow(40000)})
    print(cid)
elif cmd == "ps":
    every = "-a" in args or "--all" in args
    trunc = "--no-trunc" not in args
    filters = [args[i + 1] for i, a in enumerate(args) if a == "--filter" and i + 1 < len(args)]
    fmt = next((args[i + 1] for i, a in enumerate(args) if a == "--format" and i + 1 < len(args)), None)
    for c in load():
        if not every and c["state"] != "running":
            continue
        ok = True
        for f in filters:
            if f.startswith("label="):
                k, _, v = f[6:].partition("=")
                ok = ok and k in c["labels"] and (not v or c["labels"][k] == v)
        if not ok:
            continue
        if "-q" in args:
            print(c["id"][:12] if trunc else c["id"])
        elif fmt:
            print(re.sub(r"\{\{(.*?)\}\}", lambda m: field(c, m.group(1), trunc), fmt))
        else:
            print(f'{c["id"][:12]}   {c["image"]}   {c["state"]}   {c["name"]}')
elif cmd == "inspect":
    fmt = args[args.index("-f") + 1] if "-f" in args else (args[args.index("--format") + 1] if "--format" in args else None)
    c = find(args[-1])
    running = c["state"] == "running"
    if fmt == "{{.State.Running}}":
        print("true" if running else "false")
    elif fmt == "{{.State.Status}}":
        print(c["state"])
    else:
        print(json.dumps([{"Id": c["id"], "Name": "/" + c["name"], "Created": c["created"],
                           "State": {"Status": c["state"], "Running": running, "Pid": c["pid"] if running else 0},
                           "Config": {"Image": c["image"], "Labels": c["labels"]}}], indent=4))
elif cmd == "stats":
    c = find(next(a for a in args if not a.startswith("-") and a != "json"))
    if c["state"] != "running":
        print(f"Error response from daemon: container {c['id'][:12]} is not running", file=sys.stderr)
        sys.exit(1)
    print(json.dumps({"BlockIO": "0B / 0B", "CPUPerc": "1.25%", "Container": c["id"][:12], "ID": c["id"][:12],
                      "MemPerc": "0.10%", "MemUsage": "64MiB / 64GiB", "Name": c["name"], "NetIO": "0B / 0B", "PIDs": "1"}))
elif cmd == "top":
    c = find(args[0])
    if c["state"] != "running":
        print(f"Error response from daemon: container {c['id'][:12]} is not running", file=sys.stderr)
        sys.exit(1)
    if args[1:] == ["-eo", "pid"]:
        print(f"PID\n{c['pid']}")
    else:
        print(f"UID PID PPID C STIME TTY TIME CMD\nroot {c['pid']} 1 0 00:00 ? 00:00:00 sleep infinity")
elif cmd in ("stop", "kill"):
    for ref in [a for a in args if not a.startswith("-")]:
        c = find(ref)
        if c["rm"]:
            os.remove(os.path.join(home, c["id"] + ".json"))
        else:
            c["state"] = "exited"
            save(c)
        print(ref)
elif cmd == "rm":
    force = any(a in ("-f", "--force") or (a.startswith("-") and "f" in a and not a.startswith("--")) for a in args)
    for ref in [a for a in args if not a.startswith("-")]:
        c = find(ref)
        if c["state"] == "running" and not force:
            print(f"Error response from daemon: cannot remove container \"/{c['name']}\": container is running: stop the container before removing or force remove", file=sys.stderr)
            sys.exit(1)
        os.remove(os.path.join(home, c["id"] + ".json"))
        print(ref)
elif cmd == "apps":
    for c in load():
        if c["gpus"] and c["state"] == "running":
            print(f"{c['pid']}, python3, 70000 MiB")
"#;

/// The published port of a `run -d` container: serves its directory for at most two minutes,
/// so a test that dies before `rm -f` leaves nothing running for long.
const FAKE_HTTP: &str = r#"import http.server, os, sys, time
home = os.path.abspath(sys.argv[1])
os.chdir(home)
class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
server = http.server.ThreadingHTTPServer(("0.0.0.0", 0), Quiet)
server.timeout = 0.5
open("pid", "w").write(str(os.getpid()))
open("port.tmp", "w").write(str(server.server_address[1]))
os.rename("port.tmp", "port")
deadline = time.time() + 120
while time.time() < deadline and os.path.isdir(home):
    server.handle_request()
"#;
