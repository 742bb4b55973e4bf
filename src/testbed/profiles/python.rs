//! The Python halves of the fake Docker: rental containers and published ports.

/// The containers of `run -d` without a published port (rentals): each a JSON file in
/// `containers/`, with labels, creation time, state and a host PID. Answers `ps` (`-a`, `-q`,
/// `--no-trunc`, `--filter label=K[=V]`, `--format` with `.ID`, `.Names`, `.Image`, `.CreatedAt`,
/// `.RunningFor`, `.State`, `.Status`, `.Labels`, `.Label "K"`, `json .`), `inspect [-f]`,
/// `stats --no-stream --format json`, `top`, `stop`, `kill`, `rm [-f] [-v]`, and `apps` (the
/// compute processes of running GPU containers, for the fake nvidia-smi).
pub(super) const FAKE_DOCKER_PY: &str = r#"import json, os, re, secrets, sys, time
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
pub(super) const FAKE_HTTP: &str = r#"import http.server, os, sys, time
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
