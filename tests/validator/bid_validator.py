#!/usr/bin/env python3
"""An independent generation-2 validator for basilica-miner tests: a grpcio MinerRegistration
server compiled from proto/, checking every signature with the real bittensor-wallet package
the way upstream validators do (sr25519 over the raw UTF-8 payload, +-300 s), plus a strict
check that the signature is over the raw text and not a <Bytes>-wrapped one. Every request is
appended to a JSON-lines log. State is in memory: a restart forgets every registration, as a
validator that lost its database would.

It judges a RegisterBid by upstream's rules (docs/protocol.md, "How a validator judges a
node"): every node needs host, username and category, a port, GPU count and price above 0;
the category is normalised (NVIDIA/GEFORCE/TESLA removed, then A100/H100/H200/B200/B300 by
substring) and any other aborts the request with INVALID_ARGUMENT "GPU type 'X' is not
supported"; with --rules any it takes any category, as the subnet-39 validator does, and
probes a CPU_* host for its CPU model, vCPUs and memory instead of running a GPU container; extra_mount_path must be empty or an absolute path of [A-Za-z0-9._-] segments;
the price must reach --floor-cents; a host held by another miner (--taken) is refused. One
bad node declines the whole request. With --ssh-key it then logs in to every registered node
as the registered user with that key (the one it handed out) and runs its own checks: docker
pull, a GPU container whose nvidia-smi count and first category must equal the declaration
(a mismatch is logged as misbehaviour), and the NAT test (a published port fetched from here).
Creating the file LOG.forget makes it forget every node, as a validator deletes nodes it has
not verified for 30 minutes. --tls-cert/--tls-key serve TLS.

Rentals, as upstream's rental engine runs them (with --ssh-key): writing {"host": H, "rental_id":
R} to LOG.rent starts `docker run -d --rm --name basilica-R --label basilica.rental_id=R --gpus all
--runtime nvidia IMAGE` on the registered node H over SSH with its key, then monitors it every
--monitor-secs (`docker inspect`, `docker stats --no-stream --format json`, 10 s each): each check
is logged as "Monitor", and an SSH failure is recorded as misbehaviour "Interrupted". Writing
{"rental_id": R} to LOG.end stops it (`docker stop`, `docker rm -v -f`).

usage: bid_validator.py --port PORT --log FILE --key-file FILE [--interval SECS] [--known HOTKEY]
       [--floor-cents N] [--taken HOST] [--ssh-key FILE] [--tls-cert PEM --tls-key PEM]
       [--refuse-update] [--decline-remove] [--rules upstream|any]
It prints {"listening": PORT} on stdout once serving, and serves until killed.
"""
import argparse
import ipaddress
import json
import os
import re
import subprocess
import sys
import urllib.request
import shutil
import tempfile
import threading
import time
import uuid
from concurrent import futures

import grpc
from grpc_tools import protoc
from bittensor_wallet import Keypair

HERE = os.path.dirname(os.path.abspath(__file__))
PROTO = os.path.join(HERE, "..", "..", "proto")
MATCH_ORDER = ["H100", "H200", "B200", "B300", "A100"]
SKEW = 300
IMAGE = "nvidia/cuda:12.8.0-runtime-ubuntu22.04"
SEGMENT = re.compile(r"^[A-Za-z0-9._-]+$")
# What a validator that takes CPU-only hosts runs on one: the first CPU model, vCPUs, memory in MB.
CPU_PROBE = ("printf '%s|%s|%s' \"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')\" "
             "\"$(nproc)\" \"$(awk '/MemTotal/ {print int($2/1024)}' /proc/meminfo)\"")


def normalize(category):
    """Upstream's reading of a category: one of the five data-centre models, or None."""
    text = category.upper()
    for word in ("NVIDIA", "GEFORCE", "TESLA"):
        text = text.replace(word, "")
    return next((m for m in MATCH_ORDER if m in text), None)


def normalize_any(category):
    """The reading of a validator that takes any category: a data-centre model as upstream
    reads it, a CPU class as written, any other card by its words joined with '_'."""
    text = category.strip().upper()
    if text.startswith("CPU_"):
        return text
    dc = normalize(text)
    if dc:
        return dc
    for word in ("NVIDIA", "GEFORCE", "TESLA"):
        text = text.replace(word, " ")
    words = [w for w in re.split(r"[^A-Z0-9]+", text) if w]
    return "_".join(words) or None


def mount_ok(path):
    if path == "":
        return True
    if not path.startswith("/") or path == "/":
        return False
    return all(seg not in ("", ".", "..") and SEGMENT.match(seg) for seg in path[1:].split("/"))


def stubs():
    out = tempfile.mkdtemp(prefix="bm-bid-stubs-")
    import grpc_tools
    well_known = os.path.join(os.path.dirname(grpc_tools.__file__), "_proto")
    f = "basilca/miner/v1/registration.proto"
    rc = protoc.main(["protoc", f"-I{PROTO}", f"-I{well_known}", f"--python_out={out}", f"--grpc_python_out={out}", os.path.join(PROTO, f)])
    if rc != 0:
        raise SystemExit(f"protoc failed on {f}")
    for d in ["basilca", "basilca/miner", "basilca/miner/v1"]:
        open(os.path.join(out, d, "__init__.py"), "a").close()
    sys.path.insert(0, out)
    from basilca.miner.v1 import registration_pb2, registration_pb2_grpc
    # Imported: the generated files are no longer needed (nothing is left in /tmp per run).
    shutil.rmtree(out, ignore_errors=True)
    return registration_pb2, registration_pb2_grpc


pb, pb_grpc = stubs()


def signature_checks(hotkey, payload, signature):
    """(valid as upstream checks it, valid only over the raw text)."""
    try:
        kp = Keypair(ss58_address=hotkey)
        raw = payload.encode()
        ok = bool(kp.verify(raw, bytes(signature)))
        wrapped = bool(kp.verify(b"<Bytes>" + raw + b"</Bytes>", bytes(signature)))
        return ok, ok and not wrapped
    except Exception as e:  # a malformed hotkey or signature is simply invalid
        return False, False


class Validator(pb_grpc.MinerRegistrationServicer):
    def __init__(self, args):
        self.key = open(args.key_file).read() if args.key_file else ""
        if self.key.endswith("\n") and not args.keep_newline:
            self.key = self.key[:-1]
        self.interval = args.interval
        self.known = set(args.known or [])
        self.log = open(args.log, "a", buffering=1)
        self.log_path = args.log
        self.lock = threading.Lock()
        self.nodes = {}  # hotkey -> {host: node dict}
        self.floor = args.floor_cents
        self.taken = set(args.taken or [])
        self.ssh_key = args.ssh_key
        self.rules = args.rules
        self.refuse_update = args.refuse_update
        self.decline_remove = args.decline_remove
        self.monitor_secs = args.monitor_secs
        self.rentals = {}  # rental id -> node dict, while it runs
        threading.Thread(target=self.forgetting, daemon=True).start()
        threading.Thread(target=self.renting, daemon=True).start()

    def write(self, entry):
        with self.lock:
            self.log.write(json.dumps(entry) + "\n")

    def forgetting(self):
        flag = self.log_path + ".forget"
        while True:
            if os.path.exists(flag):
                os.remove(flag)
                with self.lock:
                    forgotten = sum(len(v) for v in self.nodes.values())
                    # The miner stays known; its nodes are deleted, so heartbeats count 0 active.
                    self.nodes = {hotkey: {} for hotkey in self.nodes}
                self.write({"method": "Forget", "at": time.time(), "forgotten": forgotten})
            time.sleep(0.2)

    def held(self, host):
        with self.lock:
            return next((dict(n) for nodes in self.nodes.values() for h, n in nodes.items() if h == host), None)

    def renting(self):
        """Starts and ends rentals asked for in LOG.rent and LOG.end."""
        while True:
            for action in ("rent", "end"):
                flag = f"{self.log_path}.{action}"
                if not os.path.exists(flag):
                    continue
                try:
                    ask = json.load(open(flag))
                finally:
                    os.remove(flag)
                if action == "rent":
                    self.start_rental(ask["host"], ask["rental_id"])
                else:
                    self.end_rental(ask["rental_id"])
            time.sleep(0.2)

    def start_rental(self, host, rental_id):
        n = self.held(host)
        entry = {"method": "RentalStarted", "at": time.time(), "host": host, "rental_id": rental_id}
        if n is None or not self.ssh_key:
            entry.update(ok=False, error="the node is not registered here (or no --ssh-key)")
            self.write(entry)
            return
        rc, out, err = self.ssh(n, f"docker run -d --rm --name basilica-{rental_id} --label basilica.rental_id={rental_id} "
                                   f"--label basilica.customer=test --gpus all --runtime nvidia {IMAGE} sleep infinity", timeout=30)
        entry.update(ok=rc == 0, container=out.strip()[-64:], error=err.strip()[-200:])
        self.write(entry)
        if rc == 0:
            with self.lock:
                self.rentals[rental_id] = n
            threading.Thread(target=self.monitor, args=(rental_id,), daemon=True).start()

    def monitor(self, rental_id):
        """The rental monitor: `docker inspect` and `docker stats` over SSH, a fresh login each."""
        name = f"basilica-{rental_id}"
        while True:
            with self.lock:
                n = self.rentals.get(rental_id)
            if n is None:
                return
            entry = {"method": "Monitor", "at": time.time(), "host": n["host"], "rental_id": rental_id}
            try:
                rc, out, err = self.ssh(n, f"docker inspect {name}", timeout=10)
                if rc == 0:
                    running = json.loads(out)[0]["State"]["Running"]
                    rc, out, err = self.ssh(n, f"docker stats {name} --no-stream --format json", timeout=10)
                    entry.update(ok=rc == 0 and running, stats=out.strip()[:200])
                else:
                    entry.update(ok=False)
                if rc == 255:
                    entry["misbehaviour"] = "Interrupted"
                entry["error"] = err.strip()[-200:]
            except subprocess.TimeoutExpired:
                entry.update(ok=False, misbehaviour="Interrupted", error="timed out")
            with self.lock:
                still = rental_id in self.rentals
            if still:
                self.write(entry)
            time.sleep(self.monitor_secs)

    def end_rental(self, rental_id):
        with self.lock:
            n = self.rentals.pop(rental_id, None)
        entry = {"method": "RentalEnded", "at": time.time(), "rental_id": rental_id}
        if n is None:
            entry.update(ok=False, error="no such rental")
        else:
            name = f"basilica-{rental_id}"
            rc1, _, err1 = self.ssh(n, f"docker stop {name}", timeout=30)
            rc2, _, err2 = self.ssh(n, f"docker rm -v -f {name}", timeout=30)
            entry.update(host=n["host"], ok=rc1 == 0, error=(err1 + err2).strip()[-200:])
        self.write(entry)

    def category(self, text):
        """The category this validator reads from a declared or detected name, by its rules."""
        return normalize_any(text) if self.rules == "any" else normalize(text)

    def judge(self, n, context):
        """Why this validator refuses this node, or None; a category upstream does not rent
        aborts the whole request with INVALID_ARGUMENT, as upstream does."""
        if not n["host"].strip() or not n["username"].strip() or not n["gpu_category"].strip():
            return f"node {n['host']}: host, username and gpu_category are required"
        if n["port"] <= 0 or n["gpu_count"] <= 0 or n["hourly_rate_cents"] <= 0:
            return f"node {n['host']}: port, gpu_count and hourly_rate_cents must be greater than 0"
        if self.category(n["gpu_category"]) is None:
            self.write({"method": "Declined", "at": time.time(), "error": f"GPU type '{n['gpu_category']}' is not supported"})
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, f"GPU type '{n['gpu_category']}' is not supported")
        if not mount_ok(n["extra_mount_path"]):
            return "invalid extra_mount_path"
        if self.floor and n["hourly_rate_cents"] < self.floor:
            return "bid is below the minimum floor price for its category"
        if n["host"] in self.taken:
            return f"node {n['host']} is already registered by another miner"
        return None

    def ssh(self, n, command, timeout=90):
        argv = ["ssh", "-i", self.ssh_key, "-p", str(n["port"]), "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                f"{n['username']}@{n['host']}", command]
        p = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
        return p.returncode, p.stdout, p.stderr

    def validate(self, hotkey, n):
        """The validator's own full validation of one node, over SSH with the key it handed out."""
        entry = {"method": "Validation", "at": time.time(), "miner_hotkey": hotkey, "host": n["host"]}
        try:
            # As upstream's verifier: a fresh login whose stdout must be exactly the test word.
            rc, out, err = self.ssh(n, "echo 'connection_test'", timeout=30)
            entry["connection_ok"] = rc == 0 and out.strip() == "connection_test"
            rc, _, err = self.ssh(n, f"docker pull {IMAGE}")
            entry["pull_ok"] = rc == 0
            declared = self.category(n["gpu_category"])
            entry["declared"] = [declared, n["gpu_count"]]
            if declared.startswith("CPU_"):
                # A CPU-only host: one probe over SSH, and one synthetic device for the node.
                rc, out, err = self.ssh(n, CPU_PROBE)
                model, vcpus, ram_mb = (out.strip().split("|") + ["", "", ""])[:3]
                entry["cpu"] = {"model": model, "vcpus": vcpus, "ram_mb": ram_mb}
                entry["container_ok"] = rc == 0 and vcpus.isdigit() and int(vcpus) >= 1 and ram_mb.isdigit() and int(ram_mb) >= 1024
                entry["detected_count"] = 1 if entry["container_ok"] else 0
                entry["detected_category"] = declared if entry["container_ok"] else None
            else:
                rc, out, err = self.ssh(n, f"docker run --rm --gpus all --runtime nvidia --network bridge {IMAGE} nvidia-smi --query-gpu=uuid,name --format=csv,noheader", timeout=60)
                rows = [l.split(",", 1) for l in out.splitlines() if l.startswith("GPU-")]
                entry["container_ok"] = rc == 0 and bool(rows)
                entry["detected_count"] = len(rows)
                entry["detected_category"] = self.category(rows[0][1]) if rows else None
            entry["misbehaviour"] = entry["container_ok"] and (entry["detected_count"] != n["gpu_count"] or entry["detected_category"] != declared)
            nonce = uuid.uuid4().hex
            rc, out, err = self.ssh(n, f"docker run -d --rm -p 0:8000 -e BASILICA_NONCE={nonce} python:3-alpine sh -c 'printf %s \"$BASILICA_NONCE\" > test.txt && exec python3 -m http.server 8000'")
            # All of stdout is the container id, as upstream reads it.
            cid = out.strip() if rc == 0 else ""
            port = ""
            if cid:
                _, out, _ = self.ssh(n, f"docker port {cid} 8000/tcp")
                port = out.strip().rsplit(":", 1)[-1]
            try:
                body = urllib.request.urlopen(f"http://{n['host']}:{port}/test.txt", timeout=5).read().decode() if port else ""
            except Exception as e:  # unreachable port: the NAT test fails
                body = ""
            entry["nat_ok"] = body == nonce
            if cid:
                self.ssh(n, f"docker rm -f {cid}")
            entry["ssh_error"] = err.strip()[-200:]
        except Exception as e:
            entry["error"] = str(e)
        entry["ok"] = bool(entry.get("connection_ok") and entry.get("pull_ok") and entry.get("container_ok") and entry.get("nat_ok") and not entry.get("misbehaviour"))
        self.write(entry)

    def record(self, method, request, payload, extra=None):
        ok, raw_only = signature_checks(request.miner_hotkey, payload, request.signature)
        fresh = abs(time.time() - request.timestamp) <= SKEW
        entry = {"method": method, "at": time.time(), "miner_hotkey": request.miner_hotkey, "timestamp": request.timestamp,
                 "payload": payload, "signature_len": len(request.signature), "signature_ok": ok, "raw_only": raw_only, "fresh": fresh}
        entry.update(extra or {})
        with self.lock:
            self.log.write(json.dumps(entry) + "\n")
        return ok and fresh

    def malformed(self, method, request, context):
        """As upstream: a signature that is not 64 bytes is refused before anything else; the
        request is logged apart ("Malformed"), never as a call of its method."""
        if len(request.signature) != 64:
            self.write({"method": "Malformed", "of": method, "at": time.time(), "miner_hotkey": request.miner_hotkey})
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "signature must be 64 bytes")

    def refuse(self, context, request):
        if self.known and request.miner_hotkey not in self.known:
            context.abort(grpc.StatusCode.NOT_FOUND, "unknown miner_hotkey")

    def RegisterBid(self, request, context):
        self.malformed("RegisterBid", request, context)
        payload = f"{request.miner_hotkey}|{request.timestamp}"
        nodes = [{"host": n.host, "port": n.port, "username": n.username, "gpu_category": n.gpu_category, "gpu_count": n.gpu_count,
                  "hourly_rate_cents": n.hourly_rate_cents, "attestation_len": len(n.attestation),
                  "extra_mount_path": n.extra_mount_path} for n in request.nodes]
        good = self.record("RegisterBid", request, payload, {"nodes": nodes})
        self.refuse(context, request)
        if not good:
            context.abort(grpc.StatusCode.UNAUTHENTICATED, "invalid signature or stale timestamp")
        for n in nodes:
            try:
                ipaddress.ip_address(n["host"])
            except ValueError:
                return self.declined(f"host {n['host']} is not an IP address")
            why = self.judge(n, context)
            if why:
                return self.declined(why)
        with self.lock:
            self.nodes[request.miner_hotkey] = {n["host"]: n for n in nodes}
        self.write({"method": "Accepted", "at": time.time(), "hosts": [n["host"] for n in nodes]})
        if self.ssh_key:
            for n in nodes:
                threading.Thread(target=self.validate, args=(request.miner_hotkey, n), daemon=True).start()
        return pb.RegisterBidResponse(accepted=True, registration_id=str(uuid.uuid4()), validator_ssh_public_key=self.key,
                                      health_check_interval_secs=self.interval)

    def declined(self, why):
        self.write({"method": "Declined", "at": time.time(), "error": why})
        return pb.RegisterBidResponse(accepted=False, error_message=why)

    def UpdateBid(self, request, context):
        self.malformed("UpdateBid", request, context)
        payload = f"{request.miner_hotkey}|{request.host}|{request.hourly_rate_cents}|{request.timestamp}"
        good = self.record("UpdateBid", request, payload, {"host": request.host, "hourly_rate_cents": request.hourly_rate_cents})
        self.refuse(context, request)
        if not good:
            context.abort(grpc.StatusCode.UNAUTHENTICATED, "invalid signature or stale timestamp")
        if self.refuse_update:
            context.abort(grpc.StatusCode.PERMISSION_DENIED, "price changes are not allowed now")
        with self.lock:
            node = self.nodes.get(request.miner_hotkey, {}).get(request.host)
            if node is None:
                return pb.UpdateBidResponse(accepted=False, error_message="no such node")
            if normalize(node.get("gpu_category", "")) is None:
                # As the fork (7aab4b77): UpdateBid knows only the five data-centre categories.
                context.abort(grpc.StatusCode.FAILED_PRECONDITION,
                              f"unsupported GPU type '{node.get('gpu_category')}' for node; re-register via RegisterBid")
            node["hourly_rate_cents"] = request.hourly_rate_cents
        return pb.UpdateBidResponse(accepted=True)

    def RemoveBid(self, request, context):
        self.malformed("RemoveBid", request, context)
        hosts = list(request.hosts)
        payload = f"{request.miner_hotkey}|{','.join(hosts)}|{request.timestamp}"
        good = self.record("RemoveBid", request, payload, {"hosts": hosts})
        self.refuse(context, request)
        if not good:
            context.abort(grpc.StatusCode.UNAUTHENTICATED, "invalid signature or stale timestamp")
        if self.decline_remove:
            return pb.RemoveBidResponse(accepted=False, error_message="nodes with active rentals cannot be removed")
        with self.lock:
            mine = self.nodes.get(request.miner_hotkey, {})
            gone = list(mine) if not hosts else [h for h in hosts if h in mine]
            for h in gone:
                del mine[h]
        return pb.RemoveBidResponse(accepted=True, nodes_removed=len(gone))

    def HealthCheck(self, request, context):
        self.malformed("HealthCheck", request, context)
        hosts = list(request.hosts)
        payload = f"{request.miner_hotkey}|{','.join(hosts)}|{request.timestamp}"
        good = self.record("HealthCheck", request, payload, {"hosts": hosts})
        self.refuse(context, request)
        if not good:
            context.abort(grpc.StatusCode.UNAUTHENTICATED, "invalid signature or stale timestamp")
        with self.lock:
            mine = self.nodes.get(request.miner_hotkey)
            if mine is None:
                return pb.HealthCheckResponse(accepted=False, error_message="no active registration for this miner")
            active = len([h for h in hosts if h in mine]) if hosts else len(mine)
        return pb.HealthCheckResponse(accepted=True, nodes_active=active)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--log", required=True)
    ap.add_argument("--key-file")
    ap.add_argument("--keep-newline", action="store_true", help="send the key file as is, trailing newline included")
    ap.add_argument("--interval", type=int, default=60)
    ap.add_argument("--known", action="append")
    ap.add_argument("--floor-cents", type=int, default=0)
    ap.add_argument("--taken", action="append")
    ap.add_argument("--ssh-key")
    ap.add_argument("--refuse-update", action="store_true", help="answer UpdateBid with PERMISSION_DENIED")
    ap.add_argument("--decline-remove", action="store_true", help="answer RemoveBid with accepted=false")
    ap.add_argument("--rules", choices=["upstream", "any"], default="upstream",
                    help="upstream: A100/H100/H200/B200/B300 only; any: any category, CPU_* hosts probed over SSH")
    ap.add_argument("--monitor-secs", type=float, default=2.0, help="how often a running rental is checked over SSH")
    ap.add_argument("--tls-cert")
    ap.add_argument("--tls-key")
    args = ap.parse_args()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    pb_grpc.add_MinerRegistrationServicer_to_server(Validator(args), server)
    if args.tls_cert:
        creds = grpc.ssl_server_credentials([(open(args.tls_key, "rb").read(), open(args.tls_cert, "rb").read())])
        bound = server.add_secure_port(f"{args.host}:{args.port}", creds)
    else:
        bound = server.add_insecure_port(f"{args.host}:{args.port}")
    if bound == 0:
        raise SystemExit(f"cannot listen on {args.host}:{args.port}")
    server.start()
    print(json.dumps({"listening": bound}), flush=True)
    server.wait_for_termination()


if __name__ == "__main__":
    main()
