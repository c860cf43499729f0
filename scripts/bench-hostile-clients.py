#!/usr/bin/env python3
"""Hostile clients against a running gongkai-server; scripts/bench-server.sh
starts the server and calls this.

    bench-hostile-clients.py --port PORT --pid PID --path /api/files/x.pdf

1. Unread downloads: opens --downloads connections that each ask for the
   file at --path, read the response head and then nothing more; after
   --wait seconds reads the server's VmRSS and VmHWM from /proc/PID/status.
2. Slowloris: opens --slow connections that send a request line and then one
   header byte every --interval seconds, never ending the headers; records
   how long each lives until the server closes it (at most --cap seconds),
   and how long a normal request takes meanwhile.
"""

import argparse
import select
import socket
import statistics
import time


def memory(pid):
    """VmRSS and VmHWM of the process, in kB."""
    fields = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                fields[key] = int(value.split()[0])
    return fields


def connect(port):
    return socket.create_connection(("127.0.0.1", port), timeout=30)


def read_head(sock):
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = sock.recv(1024)
        if not chunk:
            raise SystemExit(f"closed before the response head: {head[:200]!r}")
        head += chunk
    return head.split(b"\r\n\r\n", 1)[0]


def unread_downloads(args):
    before = memory(args.pid)
    held = []
    for _ in range(args.downloads):
        sock = connect(args.port)
        sock.sendall(f"GET {args.path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        head = read_head(sock)
        if head.split(b" ", 2)[1] != b"200":
            raise SystemExit(f"download refused: {head[:200]!r}")
        held.append(sock)
    time.sleep(args.wait)
    during = memory(args.pid)
    for sock in held:
        sock.close()
    print(f"unread downloads: {args.downloads} of {args.path}, measured after {args.wait} s")
    print(f"  VmRSS before: {before['VmRSS'] / 1024:.1f} MB")
    print(f"  VmRSS with the downloads open: {during['VmRSS'] / 1024:.1f} MB")
    print(f"  VmHWM (peak so far): {during['VmHWM'] / 1024:.1f} MB")


def normal_request_ms(port):
    started = time.monotonic()
    sock = connect(port)
    sock.sendall(b"GET /api/v1/site.json HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    head = read_head(sock)
    while sock.recv(65536):
        pass
    sock.close()
    if head.split(b" ", 2)[1] != b"200":
        raise SystemExit(f"normal request: {head[:200]!r}")
    return (time.monotonic() - started) * 1000


def slowloris(args):
    opened = {}
    for i in range(args.slow):
        sock = connect(args.port)
        sock.sendall(f"GET /api/v1/site.json HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow-{i}: ".encode())
        sock.setblocking(False)
        opened[sock] = time.monotonic()
    normal = normal_request_ms(args.port)
    started = time.monotonic()
    lived = {}
    next_byte = started + args.interval
    while len(lived) < len(opened) and time.monotonic() - started < args.cap:
        alive = [s for s in opened if s not in lived]
        readable, _, _ = select.select(alive, [], [], 0.1)
        now = time.monotonic()
        for sock in readable:
            try:
                data = sock.recv(4096)
            except OSError:
                data = b""
            if not data:
                lived[sock] = now - opened[sock]
        if now >= next_byte:
            next_byte += args.interval
            for sock in alive:
                if sock in lived:
                    continue
                try:
                    sock.send(b"z")
                except OSError:
                    lived[sock] = now - opened[sock]
    still_open = len(opened) - len(lived)
    for sock in opened:
        sock.close()
    print(f"slowloris: {args.slow} connections, one header byte every {args.interval} s, watched for at most {args.cap} s")
    print(f"  a normal request meanwhile: {normal:.0f} ms")
    print(f"  closed by the server: {len(lived)} of {args.slow}; still open after {args.cap} s: {still_open}")
    if lived:
        times = sorted(lived.values())
        print(
            f"  lifetime of the closed ones: min {times[0]:.1f} s, "
            f"median {statistics.median(times):.1f} s, max {times[-1]:.1f} s"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--path", required=True, help="the large attachment, e.g. /api/files/x.pdf")
    parser.add_argument("--downloads", type=int, default=10)
    parser.add_argument("--wait", type=float, default=5)
    parser.add_argument("--slow", type=int, default=50)
    parser.add_argument("--interval", type=float, default=3)
    parser.add_argument("--cap", type=float, default=60)
    args = parser.parse_args()
    unread_downloads(args)
    slowloris(args)


if __name__ == "__main__":
    main()
