"""Servers that sit where a validator's bid endpoint should be but are not Basilica validators,
for the tests of `bid validators` and of the assignment that skips them:

  --mode grpc    a real grpcio server with no service registered: every call is answered
                 UNIMPLEMENTED, as a validator of another subnet mechanism answers MinerRegistration
  --mode http1   Python's HTTP/1 server (http.server), as a web service on that port

usage: other_servers.py --mode grpc|http1 --host IP --port PORT
It prints "ready" on stdout once it listens and runs until killed.
"""

import argparse
import http.server
import sys
import time
from concurrent import futures

import grpc


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", choices=["grpc", "http1"], required=True)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    args = ap.parse_args()
    if args.mode == "grpc":
        server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
        server.add_insecure_port(f"{args.host}:{args.port}")
        server.start()
        print("ready", flush=True)
        while True:
            time.sleep(3600)
    else:
        class Quiet(http.server.BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

        server = http.server.ThreadingHTTPServer((args.host, args.port), Quiet)
        print("ready", flush=True)
        server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
