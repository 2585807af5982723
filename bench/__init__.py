"""Benchmarks, run by hand (they are not tests): ``.venv/bin/python -m bench.run`` runs them all.

Every figure is printed beside a baseline measured in the same run, so the ratios hold on
any machine. Servers run on 127.0.0.1 only, and every loop is bounded in count or time.
This module holds what the server benchmarks share: the production server with one extra,
bare JSON route to compare against, and a way to read its memory.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

from flask import Flask, Response, jsonify, request

from app import create_app
from app.cli import parser
from app.serving import SERVERS, ServeOptions, available_server

#: The baseline route: Flask reads the JSON body and answers a small JSON object.
BARE_PATH = "/bench/bare"
#: Runs ``serve`` below in a fresh interpreter; ``tests.e2e_server.server.running`` adds
#: ``--host`` and ``--port``.
SERVER_COMMAND = [sys.executable, "-c", "import bench; bench.serve()"]

#: A typical ActionStreamer request: 5 headers, 3 params, a 1 KiB JSON body.
TYPICAL: dict[str, object] = {
    "scheme": "actionstreamer",
    "variant": "tutorial",
    "method": "POST",
    "path": "/v1/devices/",
    "headers": [
        ["Authorization", "HMAC-SHA256 AKIDEXAMPLE"],
        ["X-AccessKey", "AKIDEXAMPLE"],
        ["X-Nonce", "6f1c3a52-8a1b-4c57-9e42-0d1b8b6f2c10"],
        ["X-Timestamp", "1700000000"],
        ["Content-Type", "application/json"],
    ],
    "params": {"page": "2", "limit": "50", "Sort": "name"},
    "body": json.dumps({"device": "cam-01", "notes": "n" * 980}),
    "secret": "as-test-secret-0123456789",
}


def bench_app() -> Flask:
    """Sigscope as served, plus ``BARE_PATH``: same hooks, same headers, no signing."""
    app = create_app()

    def bare() -> Response:
        return jsonify(received=len(request.get_json(force=True)))

    app.add_url_rule(BARE_PATH, "bench_bare", bare, methods=["POST"])
    return app


def serve(argv: Sequence[str] | None = None) -> None:
    """Serve ``bench_app()`` with the server ``sigscope`` would use (same options)."""
    given = parser().parse_args(sys.argv[1:] if argv is None else argv)
    options = ServeOptions(given.host, given.port, given.workers, given.threads)
    SERVERS[given.server or available_server()](bench_app(), options)


def rss_mib(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants (gunicorn's workers), in MiB."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    family, grew = {pid}, True
    while grew:
        children = {child for child, parent in parents.items() if parent in family}
        grew = not children <= family
        family |= children
    return sum(_rss_kib(member) for member in family) / 1024


def _rss_kib(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    line = next((line for line in status.splitlines() if line.startswith("VmRSS:")), "0 0")
    return int(line.split()[1])


def percentile(values: Sequence[float], percent: float) -> float:
    """The ``percent``-th percentile (nearest rank): p50 is the median, p99 the slow tail."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(percent / 100 * len(ordered)) - 1))
    return ordered[rank]
