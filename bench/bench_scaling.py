"""How time and memory grow with each input: the log-log slope, against a bare baseline.

Run by hand: ``.venv/bin/python -m bench.bench_scaling``. For each endpoint (and the page's
fragment route), each input dimension (body size, header count, header value length, lines,
window, key length) is doubled a few times, all else fixed. Each size is timed (CPU time of
this process, best of ``REPEATS``, in-process through Flask's test client: other programs
on a busy machine barely move it, where wall time doubles) and its peak memory traced
(``tracemalloc``'s peak while the request is served, less what was held before). The growth
exponent is the slope of log(cost) against log(size) over the largest ``FIT`` sizes, where
fixed costs no longer hide the trend: 1 is linear, 2 quadratic. Goal: at most 1.2.

The baseline, measured in the same run, is a bare Flask route that reads the same JSON body
and answers a small object: reading the request is linear, so its exponent says what 1.0
looks like on this machine. A dimension stops doubling once one size takes ``STOP_SECONDS``
or its request would pass ``MAX_REQUEST``, so the run is bounded whatever it finds.
"""

from __future__ import annotations

import json
import math
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from flask import Flask
from flask.testing import FlaskClient

from app.core.inputs import Limits
from app.web.context import LIMITS
from bench import BARE_PATH, TYPICAL, bench_app

REPEATS = 5
DOUBLINGS = 5
FIT = 3
STOP_SECONDS = 4.0
MAX_REQUEST = 6 * 1024 * 1024
GOAL = 1.2

Payload = dict[str, object]


@dataclass(frozen=True)
class Dimension:
    """One input grown alone: ``build(size)`` is the request at that size."""

    route: str
    name: str
    start: int
    build: Callable[[int], Payload]
    form: bool = False  # the page's form fields, not JSON


def _json_body(size: int) -> str:
    """A JSON body of about ``size`` characters, pretty-printed: a line per value."""
    items = [{"id": n, "name": f"item {n}"} for n in range(max(1, size // 40))]
    return json.dumps({"items": items}, indent=2)


def _headers(count: int, length: int = 16) -> list[list[str]]:
    return [[f"X-H{n:05d}", "v" * length] for n in range(count)]


def _pair_lines(count: int) -> str:
    return "\n".join(f"x-h{n:06d}: v" for n in range(count))


AXLE: Payload = {"scheme": "apiaxle", "api_key": "k", "secret": "s", "timestamp": 1_700_000_000}
BAD = "00" * 32


def _gateway(key: str, window: int) -> Payload:
    url = f"https://api.example.com/v1/x?api_key={key}&api_sig={'0' * 40}"
    return {"url": url, "secret": "s", "server_time": 1_700_000_000, "window": window}


def _page(**fields: str) -> Payload:
    base = {"scheme": "actionstreamer:tutorial", "method": "POST", "path": "/v1/devices"}
    return {**base, "secret": "as-test-secret-0123456789", **fields}


DIMENSIONS = (
    Dimension("/api/v1/sign", "body size", 32_768, lambda n: {**TYPICAL, "body": _json_body(n)}),
    Dimension("/api/v1/sign", "header count", 64, lambda n: {**TYPICAL, "headers": _headers(n)}),
    Dimension(
        "/api/v1/sign",
        "header value length",
        4096,
        lambda n: {**TYPICAL, "headers": _headers(8, n)},
    ),
    Dimension("/api/v1/sign", "window", 2000, lambda n: {**AXLE, "window": n}),
    Dimension("/api/v1/sign", "key length", 16_384, lambda n: {**AXLE, "api_key": "k" * n}),
    Dimension(
        "/api/v1/diagnose",
        "body size",
        16_384,
        lambda n: {**TYPICAL, "body": _json_body(n), "signature": BAD},
    ),
    Dimension(
        "/api/v1/diagnose",
        "header count",
        32,
        lambda n: {**TYPICAL, "headers": _headers(n), "signature": BAD},
    ),
    Dimension(
        "/api/v1/diagnose", "window", 500, lambda n: {**AXLE, "window": n, "signature": BAD[:40]}
    ),
    Dimension(
        "/api/v1/import",
        "body size",
        32_768,
        lambda n: {"text": f"POST /v1/x HTTP/1.1\r\nHost: example.com\r\n\r\n{_json_body(n)}"},
    ),
    Dimension(
        "/api/v1/import",
        "header count",
        64,
        lambda n: {
            "text": "GET /v1/x HTTP/1.1\r\n"
            + "".join(f"X-H{i}: v\r\n" for i in range(n))
            + "Host: example.com\r\n\r\n"
        },
    ),
    Dimension(
        "/api/v1/compare",
        "lines",
        2000,
        lambda n: {
            "expected": f"GET\n/x\n{_pair_lines(n)}\nbody",
            "actual": f"GET\n/x\n{_pair_lines(n).replace('x-h000001: v', 'x-h000001: w')}\nbody",
            "scheme": "actionstreamer",
        },
    ),
    Dimension(
        "/api/v1/compare",
        "body size",
        32_768,
        lambda n: {"expected": _json_body(n), "actual": _json_body(n).replace("\n", "\r\n")},
    ),
    Dimension("/api/v1/apiaxle/gateway", "window", 2000, lambda n: _gateway("k", n)),
    Dimension("/api/v1/apiaxle/gateway", "key length", 16_384, lambda n: _gateway("k" * n, 3)),
    Dimension("/", "body size", 16_384, lambda n: _page(body=_json_body(n)), form=True),
    Dimension(
        "/",
        "header count",
        32,
        lambda n: _page(headers="\n".join(f"X-H{i}: v" for i in range(n))),
        form=True,
    ),
    Dimension(
        "/",
        "window",
        500,
        lambda n: {
            "scheme": "apiaxle",
            "api_key": "k",
            "secret": "s",
            "timestamp": "1700000000",
            "window": str(n),
        },
        form=True,
    ),
)


def _client() -> tuple[Flask, FlaskClient]:
    app = bench_app()
    app.config.update(
        MAX_CONTENT_LENGTH=8 * MAX_REQUEST, MAX_FORM_MEMORY_SIZE=8 * MAX_REQUEST, TESTING=True
    )
    # Past the default limits, so each dimension can double: the point is the trend.
    app.extensions[LIMITS] = Limits(headers=100_000, params=100_000, line_length=10**7)
    return app, app.test_client()


def _request(client: FlaskClient, dimension: Dimension, payload: Payload) -> int:
    """Send one request as the page or the API would; the answer's size in bytes."""
    path = dimension.route
    if dimension.form:
        response = client.post(path, data=payload, headers={"HX-Request": "true"})
    else:
        response = client.post(path, data=json.dumps(payload), content_type="application/json")
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}: {response.data[:200]!r}")
    return len(response.data)


def _bare(client: FlaskClient, body: str) -> int:
    return len(client.post(BARE_PATH, data=body, content_type="application/json").data)


def _measure(send: Callable[[], int]) -> tuple[float, float, int]:
    """(best seconds, peak MiB, answer bytes) for one request."""
    best = math.inf
    size = 0
    for _ in range(REPEATS):
        started = time.process_time()
        size = send()
        best = min(best, time.process_time() - started)
        if best > STOP_SECONDS:
            break
    tracemalloc.start()
    before, _ = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    send()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return best, (peak - before) / 2**20, size


def slope(sizes: list[int], costs: list[float]) -> float:
    """Least-squares slope of log(cost) on log(size) over the last ``FIT`` points."""
    xs = [math.log(size) for size in sizes[-FIT:]]
    ys = [math.log(max(cost, 1e-9)) for cost in costs[-FIT:]]
    if len(xs) < 2:
        return math.nan
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread


def grow(client: FlaskClient, dimension: Dimension) -> None:
    sizes: list[int] = []
    times: list[float] = []
    peaks: list[float] = []
    bare: list[float] = []
    answers: list[int] = []
    size = dimension.start
    for _ in range(DOUBLINGS):
        payload = dimension.build(size)
        body = json.dumps(payload)
        if len(body) > MAX_REQUEST:
            break
        seconds, peak, answer = _measure(partial(_request, client, dimension, payload))
        bare_seconds, _, _ = _measure(partial(_bare, client, body))
        sizes.append(size)
        times.append(seconds)
        peaks.append(peak)
        bare.append(bare_seconds)
        answers.append(answer)
        if seconds > STOP_SECONDS:
            break
        size *= 2
    time_slope, memory_slope = slope(sizes, times), slope(sizes, peaks)
    bare_slope = slope(sizes, bare)
    verdict = "ok" if max(time_slope, memory_slope) <= GOAL else "OVER"
    route = "/ (fragment)" if dimension.form else dimension.route
    print(
        f"  {route:24} {dimension.name:20} {sizes[0]:>7}..{sizes[-1]:<8} "
        f"time {time_slope:5.2f}  memory {memory_slope:5.2f}  bare {bare_slope:5.2f}  "
        f"largest: {times[-1] * 1000:8.1f} ms {peaks[-1]:7.1f} MiB, "
        f"answer {answers[-1] / 2**20:6.2f} MiB  {verdict}"
    )


def main() -> None:
    _, client = _client()
    print(
        f"growth exponents (log-log slope over the largest {FIT} sizes; goal <= {GOAL}), "
        f"CPU time, best of {REPEATS}; bare: the baseline route fed the same request:"
    )
    for dimension in DIMENSIONS:
        grow(client, dimension)


if __name__ == "__main__":
    main()
