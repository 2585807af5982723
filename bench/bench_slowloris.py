"""Slow clients: does a normal request still get through while 50 connections trickle?

Run by hand: ``.venv/bin/python -m bench.bench_slowloris [server ...]``. For each server
(default: the one ``sigscope`` serves with; ``gunicorn``, ``waitress`` and ``waitress-1``, one
process, can be named) it starts ``sigscope`` on a free loopback port and measures, for the
typical sign request:

- p50/max latency of requests sent one after another, and requests/s with 8 concurrent
  keep-alive clients: first alone (the baseline), then while ``TRICKLERS`` connections each
  send one byte a second (half still in their headers, half in a declared 1 KiB body).

Goal: with the tricklers, a normal request is answered in under 1 s. A request that is not
answered within ``TIMEOUT`` seconds counts as a timeout. Every loop is bounded in time.
"""

from __future__ import annotations

import argparse
import http.client
import json
import socket
import statistics
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from bench import TYPICAL, percentile
from tests.e2e_server.server import Server, running

TRICKLERS = 50
SEQUENTIAL = 40
SEQUENTIAL_SECONDS = 20.0
LOAD_SECONDS = 5.0
LOAD_CLIENTS = 8
TIMEOUT = 10.0
BODY = json.dumps(TYPICAL).encode()
SERVERS = {
    "default": [],
    "gunicorn": ["--server", "gunicorn"],
    "waitress": ["--server", "waitress"],
    "waitress-1": ["--server", "waitress", "--workers", "1", "--threads", "8"],
}


def trickle_heads(count: int) -> list[bytes]:
    """What each trickler would send, if it ever finished: headers only, or a body too."""
    head = b"POST /api/v1/sign HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    return [
        head + (b"X-Slow: " + b"s" * 4096 if index % 2 else b"Content-Length: 1024\r\n\r\n")
        for index in range(count)
    ]


@contextmanager
def tricklers(server: Server, count: int) -> Iterator[None]:
    """``count`` connections, each sent one more byte every second until the block ends."""
    stop = threading.Event()
    sockets = [
        socket.create_connection(("127.0.0.1", server.port), timeout=TIMEOUT) for _ in range(count)
    ]
    plans = trickle_heads(count)
    # A body trickler sends its headers at once: only its body dribbles.
    sent = [0 if index % 2 else len(plan) for index, plan in enumerate(plans)]
    for sock, plan, start in zip(sockets, plans, sent, strict=True):
        sock.sendall(plan[:start])

    def dribble() -> None:
        while not stop.wait(1.0):
            for index, sock in enumerate(sockets):
                try:
                    sock.send(
                        b"x"
                        if sent[index] >= len(plans[index])
                        else plans[index][sent[index] : sent[index] + 1]
                    )
                    sent[index] += 1
                except OSError:
                    pass  # the server closed it: a server may drop a client this slow

    thread = threading.Thread(target=dribble)
    thread.start()
    time.sleep(1.5)  # let every trickler reach the server (and hold what it holds)
    try:
        yield
    finally:
        stop.set()
        thread.join()
        for sock in sockets:
            sock.close()


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    timeouts: int = 0


def one(server: Server, tally: Tally) -> None:
    """One sign request on a fresh connection, as a new visitor would send it."""
    connection = server.connection(timeout=TIMEOUT)
    started = time.perf_counter()
    try:
        connection.request("POST", "/api/v1/sign", BODY, {"Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        if response.status == 200:
            tally.latencies.append((time.perf_counter() - started) * 1000)
        else:
            tally.timeouts += 1
    except (OSError, http.client.HTTPException):
        tally.timeouts += 1
    finally:
        connection.close()


def sequential(server: Server) -> Tally:
    """Up to ``SEQUENTIAL`` requests, one after another, for at most ``SEQUENTIAL_SECONDS``."""
    tally = Tally()
    until = time.monotonic() + SEQUENTIAL_SECONDS
    for _ in range(SEQUENTIAL):
        if time.monotonic() > until:
            break
        one(server, tally)
    return tally


def throughput(server: Server) -> float:
    """Requests/s from ``LOAD_CLIENTS`` keep-alive clients for ``LOAD_SECONDS``."""
    counts = [0] * LOAD_CLIENTS
    until = time.monotonic() + LOAD_SECONDS

    def client(index: int) -> None:
        connection = server.connection(timeout=TIMEOUT)
        while time.monotonic() < until:
            try:
                connection.request(
                    "POST", "/api/v1/sign", BODY, {"Content-Type": "application/json"}
                )
                response = connection.getresponse()
                response.read()
                counts[index] += response.status == 200
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = server.connection(timeout=TIMEOUT)
        connection.close()

    threads = [threading.Thread(target=client, args=(index,)) for index in range(LOAD_CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / LOAD_SECONDS


def report(label: str, tally: Tally, rate: float) -> float:
    done = tally.latencies
    p50 = statistics.median(done) if done else float("inf")
    worst = percentile(done, 100) if done else float("inf")
    print(
        f"  {label:<22} p50 {p50:8.1f} ms   max {worst:8.1f} ms   "
        f"failed {tally.timeouts:2d}/{len(done) + tally.timeouts}   {rate:6.1f} requests/s"
    )
    return p50


def measure(name: str, args: Sequence[str]) -> None:
    with running(args) as server:
        throughput(server)  # warm-up
        alone = report("alone", sequential(server), throughput(server))
        with tricklers(server, TRICKLERS):
            tally = sequential(server)
            slowed = report(f"{TRICKLERS} tricklers", tally, throughput(server))
    met = tally.timeouts == 0 and percentile(tally.latencies, 100) < 1000
    print(
        f"  {name}: p50 with tricklers / alone = {slowed / alone:.2f}x; "
        f"every request under 1 s: {'met' if met else 'MISSED'}"
    )


def main(names: Sequence[str] = ("default",)) -> None:
    print(
        f"slow clients: {SEQUENTIAL} sequential sign requests (fresh connections), then "
        f"{LOAD_CLIENTS} keep-alive clients for {LOAD_SECONDS:.0f} s; alone vs "
        f"{TRICKLERS} connections trickling one byte a second"
    )
    for name in names:
        print(f" server: {name}")
        measure(name, SERVERS[name])


if __name__ == "__main__":
    arguments = argparse.ArgumentParser(prog="python -m bench.bench_slowloris")
    arguments.add_argument("servers", nargs="*", choices=list(SERVERS), default=["default"])
    main(arguments.parse_args().servers)
