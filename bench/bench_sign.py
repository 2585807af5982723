"""Signing, in the core and through the production server, against bare baselines.

Run by hand: ``.venv/bin/python -m bench.bench_sign``. Three figures, each with its baseline
measured in the same run:

- core: one typical request (5 headers, 3 params, a 1 KiB body) traced and signed, and the
  whole answer (trace plus every catalogue mistake), against a bare ``hmac.new`` of the same
  string to sign;
- latency: ``POST /api/v1/sign`` p50 against a bare Flask JSON route on the same gunicorn
  server, same payload, interleaved on one keep-alive connection (goal: within 1.5x);
- 1 MiB: a request with a 1 MiB body signed end to end through the server (goal: < 50 ms),
  with where the time goes.

The server figures are taken three times: the default answer, with the mistake lens (25
mistakes, each re-signed and carrying its edits against the string to sign), ``"lens":
"full"`` (a copy of the mistaken string per mistake, the default before edits), and
``"lens": false``, the signature alone.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import statistics
import time
import timeit
from collections.abc import Callable

from app.core.inputs import parse_sign_input
from app.core.signing import lens, run, sign
from bench import BARE_PATH, SERVER_COMMAND, TYPICAL, bench_app, percentile
from tests.e2e_server.server import Server, running

MEBIBYTE = 1024 * 1024
ROUNDS = 400
WARMUP = 40
BIG_ROUNDS = 10


def per_call_us(function: Callable[[], object]) -> float:
    """Best-of-5 time per call, in microseconds (noise only ever adds time)."""
    timer = timeit.Timer(function)
    number, _ = timer.autorange()
    return min(timer.repeat(repeat=5, number=number)) / number * 1e6


def core() -> None:
    given = parse_sign_input(TYPICAL)
    scheme, recipe = given.scheme, given.recipe
    key = recipe.secret.encode()
    message = run(scheme, recipe).string_to_sign.encode()
    bare = per_call_us(lambda: hmac.new(key, message, hashlib.sha256).hexdigest())
    traced = per_call_us(lambda: run(scheme, recipe))
    answered = per_call_us(lambda: sign(scheme, recipe).to_dict())
    mistakes = len(lens(scheme, recipe, run(scheme, recipe)))
    label = f"signing.sign + answer ({mistakes} mistakes)"
    print(f"core, typical request ({len(message)}-byte string to sign):")
    print(f"  {'bare hmac.new(...).hexdigest()':40} {bare:8.1f} us")
    print(f"  {'signing.run (trace + HMAC)':40} {traced:8.1f} us   {traced / bare:5.1f}x bare")
    print(f"  {label:40} {answered:8.1f} us   {answered / bare:5.1f}x bare")


def post_ms(server: Server, path: str, body: bytes) -> tuple[float, int]:
    """One POST on a fresh connection: milliseconds to the last byte, and the answer's size."""
    connection = server.connection()
    try:
        started = time.perf_counter()
        connection.request("POST", path, body, {"Content-Type": "application/json"})
        response = connection.getresponse()
        size = len(response.read())
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 200:
            raise RuntimeError(f"{path} answered {response.status}")
        return elapsed, size
    finally:
        connection.close()


SIGN = "/api/v1/sign"
FULL = "/api/v1/sign, lens: full"
ALONE = "/api/v1/sign, lens: false"


def latency() -> None:
    bodies = {
        BARE_PATH: json.dumps(TYPICAL).encode(),
        SIGN: json.dumps(TYPICAL).encode(),
        FULL: json.dumps({**TYPICAL, "lens": "full"}).encode(),
        ALONE: json.dumps({**TYPICAL, "lens": False}).encode(),
    }
    times: dict[str, list[float]] = {label: [] for label in bodies}
    with running(command=SERVER_COMMAND) as server:
        connection = server.connection()
        for index in range(WARMUP + ROUNDS):
            for label, body in bodies.items():
                path = label.split(",")[0]
                started = time.perf_counter()
                connection.request("POST", path, body, {"Content-Type": "application/json"})
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    raise RuntimeError(f"{path} answered {response.status}")
                if index >= WARMUP:
                    times[label].append((time.perf_counter() - started) * 1000)
        connection.close()
    bare = statistics.median(times[BARE_PATH])
    print(f"latency, gunicorn on 127.0.0.1, one keep-alive connection, {ROUNDS} each, interleaved:")
    for label, name in (
        (BARE_PATH, "bare Flask JSON route"),
        (SIGN, "POST /api/v1/sign"),
        (FULL, '  ... "lens": "full"'),
        (ALONE, '  ... "lens": false'),
    ):
        p50, p99 = statistics.median(times[label]), percentile(times[label], 99)
        ratio = "" if label == BARE_PATH else f"   {p50 / bare:.2f}x bare (goal: within 1.5x)"
        print(f"  {name:22}  p50 {p50:6.2f} ms   p99 {p99:6.2f} ms{ratio}")


def one_mebibyte() -> None:
    payload = {**TYPICAL, "body": ("0123456789abcdef" * (MEBIBYTE // 16))}
    given = parse_sign_input(payload)
    core_ms = per_call_us(lambda: sign(given.scheme, given.recipe).to_dict()) / 1000
    full_ms = per_call_us(lambda: sign(given.scheme, given.recipe).to_dict("full")) / 1000
    alone_ms = per_call_us(lambda: run(given.scheme, given.recipe)) / 1000
    answer = sign(given.scheme, given.recipe).to_dict()
    app = bench_app()
    with app.app_context():
        encode_ms = per_call_us(lambda: app.json.response(answer)) / 1000
    bodies = {
        SIGN: json.dumps(payload).encode(),
        FULL: json.dumps({**payload, "lens": "full"}).encode(),
        ALONE: json.dumps({**payload, "lens": False}).encode(),
    }
    # The request is 1 MiB of body plus its JSON: raise the 1 MiB default for this run.
    env = {"SIGSCOPE_MAX_CONTENT_LENGTH": str(4 * MEBIBYTE)}
    with running(command=SERVER_COMMAND, env=env) as server:
        runs: dict[str, list[tuple[float, int]]] = {label: [] for label in bodies}
        for index in range(BIG_ROUNDS + 1):
            for label, body in bodies.items():
                timed = post_ms(server, label.split(",")[0], body)
                if index:
                    runs[label].append(timed)
        bare = [post_ms(server, BARE_PATH, bodies[SIGN])[0] for _ in range(BIG_ROUNDS)]
    print(f"1 MiB body, end to end through gunicorn on 127.0.0.1, median of {BIG_ROUNDS}:")
    for label, name, core in (
        (SIGN, "POST /api/v1/sign", core_ms),
        (FULL, '  ... "lens": "full"', full_ms),
        (ALONE, '  ... "lens": false', alone_ms),
    ):
        elapsed = statistics.median(ms for ms, _ in runs[label])
        size = runs[label][0][1] / MEBIBYTE
        print(
            f"  {name:22} {elapsed:7.1f} ms   (goal: under 50 ms; "
            f"core {core:.1f} ms, a {size:.1f} MiB answer)"
        )
    bare_ms = statistics.median(bare)
    print(f"  {'bare Flask JSON route':22} {bare_ms:7.1f} ms   (same 1 MiB request)")
    mistakes = len(answer["mistakes"])  # type: ignore[arg-type]
    print(
        f"  the lens: {mistakes} mistakes, each hashed over its own string and diffed "
        f"against the right one; writing the default answer's JSON takes {encode_ms:.1f} ms"
    )


def main() -> None:
    core()
    latency()
    one_mebibyte()


if __name__ == "__main__":
    main()
