"""Load: concurrent clients against the production server on 127.0.0.1, for a bounded time.

Run by hand: ``.venv/bin/python -m bench.bench_load [clients] [seconds]``. Starts ``sigscope``
as shipped (its default server, workers and threads) on a free loopback port, warms it up, then
has ``clients`` threads, each on its own keep-alive connection, sign the typical request
(5 headers, 3 params, 1 KiB body) back to back for ``seconds``. Reports requests/s, p50/p99
latency, errors (goal: 0) and the server's resident memory, workers included, before and
after (goal: flat). The clients share this machine's cores with the server: the figures are
a floor, not the server's ceiling.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import threading
import time
from dataclasses import dataclass, field

from bench import TYPICAL, percentile, rss_mib
from tests.e2e_server.server import Server, running

CLIENTS = 8
SECONDS = 10.0
WARMUP_SECONDS = 2.0
BODY = json.dumps(TYPICAL).encode()


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def client(server: Server, until: float, tally: Tally) -> None:
    """Sign back to back until ``until``; a failure is counted and the connection renewed."""
    connection = server.connection(timeout=10)
    while time.monotonic() < until:
        started = time.perf_counter()
        try:
            connection.request("POST", "/api/v1/sign", BODY, {"Content-Type": "application/json"})
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as error:
            tally.errors.append(type(error).__name__)
            connection.close()
            connection = server.connection(timeout=10)
            continue
        if response.status == 200:
            tally.latencies.append((time.perf_counter() - started) * 1000)
        else:
            tally.errors.append(str(response.status))
    connection.close()


def hammer(server: Server, clients: int, seconds: float) -> Tally:
    tally = Tally()
    until = time.monotonic() + seconds
    threads = [threading.Thread(target=client, args=(server, until, tally)) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally


def main(clients: int = CLIENTS, seconds: float = SECONDS) -> None:
    with running() as server:
        hammer(server, clients, WARMUP_SECONDS)
        before = rss_mib(server.process.pid)
        tally = hammer(server, clients, seconds)
        after = rss_mib(server.process.pid)
    done = tally.latencies
    print(f"load: {clients} clients for {seconds:.0f} s, POST /api/v1/sign, sigscope's defaults:")
    print(f"  {len(done) / seconds:7.1f} requests/s   ({len(done)} answered)")
    p50, p99 = statistics.median(done), percentile(done, 99)
    print(f"  p50 {p50:.2f} ms   p99 {p99:.2f} ms")
    print(f"  errors: {len(tally.errors)} (goal: 0) {sorted(set(tally.errors))}")
    print(
        f"  server RSS, workers included: {before:.1f} MiB after warm-up -> {after:.1f} MiB "
        f"after the run ({after - before:+.1f} MiB; goal: flat)"
    )


if __name__ == "__main__":
    arguments = argparse.ArgumentParser(prog="python -m bench.bench_load")
    arguments.add_argument("clients", type=int, nargs="?", default=CLIENTS)
    arguments.add_argument("seconds", type=float, nargs="?", default=SECONDS)
    given = arguments.parse_args()
    main(given.clients, given.seconds)
