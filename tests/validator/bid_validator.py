#!/usr/bin/env python3
"""An independent generation-2 validator for basilica-miner tests: a grpcio MinerRegistration
server compiled from proto/, checking every signature with the real bittensor-wallet package
the way upstream validators do (sr25519 over the raw UTF-8 payload, +-300 s), plus a strict
check that the signature is over the raw text and not a <Bytes>-wrapped one. Every request is
appended to a JSON-lines log. State is in memory: a restart forgets every registration, as a
validator that lost its database would.

usage: bid_validator.py --port PORT --log FILE --key-file FILE [--interval SECS] [--known HOTKEY]
It prints {"listening": PORT} on stdout once serving, and serves until killed.
"""
import argparse
import ipaddress
import json
import os
import sys
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
CATEGORIES = {"A100", "H100", "H200", "B200", "B300"}
SKEW = 300


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
        self.lock = threading.Lock()
        self.nodes = {}  # hotkey -> {host: node dict}

    def record(self, method, request, payload, extra=None):
        ok, raw_only = signature_checks(request.miner_hotkey, payload, request.signature)
        fresh = abs(time.time() - request.timestamp) <= SKEW
        entry = {"method": method, "at": time.time(), "miner_hotkey": request.miner_hotkey, "timestamp": request.timestamp,
                 "payload": payload, "signature_len": len(request.signature), "signature_ok": ok, "raw_only": raw_only, "fresh": fresh}
        entry.update(extra or {})
        with self.lock:
            self.log.write(json.dumps(entry) + "\n")
        return ok and fresh

    def refuse(self, context, request):
        if self.known and request.miner_hotkey not in self.known:
            context.abort(grpc.StatusCode.NOT_FOUND, "unknown miner_hotkey")

    def RegisterBid(self, request, context):
        payload = f"{request.miner_hotkey}|{request.timestamp}"
        nodes = [{"host": n.host, "port": n.port, "username": n.username, "gpu_category": n.gpu_category, "gpu_count": n.gpu_count,
                  "hourly_rate_cents": n.hourly_rate_cents, "attestation_len": len(n.attestation)} for n in request.nodes]
        good = self.record("RegisterBid", request, payload, {"nodes": nodes})
        self.refuse(context, request)
        if not good:
            context.abort(grpc.StatusCode.UNAUTHENTICATED, "invalid signature or stale timestamp")
        for n in nodes:
            if n["gpu_category"] not in CATEGORIES:
                return pb.RegisterBidResponse(accepted=False, error_message=f"unsupported gpu_category {n['gpu_category']}")
            try:
                ipaddress.ip_address(n["host"])
            except ValueError:
                return pb.RegisterBidResponse(accepted=False, error_message=f"host {n['host']} is not an IP address")
        with self.lock:
            self.nodes[request.miner_hotkey] = {n["host"]: n for n in nodes}
        return pb.RegisterBidResponse(accepted=True, registration_id=str(uuid.uuid4()), validator_ssh_public_key=self.key,
                                      health_check_interval_secs=self.interval)

    def UpdateBid(self, request, context):
        payload = f"{request.miner_hotkey}|{request.host}|{request.hourly_rate_cents}|{request.timestamp}"
        good = self.record("UpdateBid", request, payload, {"host": request.host, "hourly_rate_cents": request.hourly_rate_cents})
        self.refuse(context, request)
        if not good:
            context.abort(grpc.StatusCode.UNAUTHENTICATED, "invalid signature or stale timestamp")
        with self.lock:
            node = self.nodes.get(request.miner_hotkey, {}).get(request.host)
            if node is None:
                return pb.UpdateBidResponse(accepted=False, error_message="no such node")
            node["hourly_rate_cents"] = request.hourly_rate_cents
        return pb.UpdateBidResponse(accepted=True)

    def RemoveBid(self, request, context):
        hosts = list(request.hosts)
        payload = f"{request.miner_hotkey}|{','.join(hosts)}|{request.timestamp}"
        good = self.record("RemoveBid", request, payload, {"hosts": hosts})
        self.refuse(context, request)
        if not good:
            context.abort(grpc.StatusCode.UNAUTHENTICATED, "invalid signature or stale timestamp")
        with self.lock:
            mine = self.nodes.get(request.miner_hotkey, {})
            gone = list(mine) if not hosts else [h for h in hosts if h in mine]
            for h in gone:
                del mine[h]
        return pb.RemoveBidResponse(accepted=True, nodes_removed=len(gone))

    def HealthCheck(self, request, context):
        hosts = list(request.hosts)
        payload = f"{request.miner_hotkey}|{','.join(hosts)}|{request.timestamp}"
        good = self.record("HealthCheck", request, payload, {"hosts": hosts})
        self.refuse(context, request)
        if not good:
            context.abort(grpc.StatusCode.UNAUTHENTICATED, "invalid signature or stale timestamp")
        with self.lock:
            mine = self.nodes.get(request.miner_hotkey)
            if not mine:
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
    args = ap.parse_args()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    pb_grpc.add_MinerRegistrationServicer_to_server(Validator(args), server)
    bound = server.add_insecure_port(f"{args.host}:{args.port}")
    if bound == 0:
        raise SystemExit(f"cannot listen on {args.host}:{args.port}")
    server.start()
    print(json.dumps({"listening": bound}), flush=True)
    server.wait_for_termination()


if __name__ == "__main__":
    main()
