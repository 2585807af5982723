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
from app.core.signing import run, sign
from bench import BARE_PATH, SERVER_COMMAND, TYPICAL, percentile
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
    answered = per_call_us(lambda: sign(scheme, recipe))
    lens = f"signing.sign (+ {len(sign(scheme, recipe).mistakes)} mistakes in the lens)"
    print(f"core, typical request ({len(message)}-byte string to sign):")
    print(f"  {'bare hmac.new(...).hexdigest()':40} {bare:8.1f} us")
    print(f"  {'signing.run (trace + HMAC)':40} {traced:8.1f} us   {traced / bare:5.1f}x bare")
    print(f"  {lens:40} {answered:8.1f} us   {answered / bare:5.1f}x bare")


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


def latency() -> None:
    body = json.dumps(TYPICAL).encode()
    times: dict[str, list[float]] = {"/api/v1/sign": [], BARE_PATH: []}
    with running(command=SERVER_COMMAND) as server:
        connection = server.connection()
        for index in range(WARMUP + ROUNDS):
            for path, seen in times.items():
                started = time.perf_counter()
                connection.request("POST", path, body, {"Content-Type": "application/json"})
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    raise RuntimeError(f"{path} answered {response.status}")
                if index >= WARMUP:
                    seen.append((time.perf_counter() - started) * 1000)
        connection.close()
    signed, bare = (statistics.median(seen) for seen in times.values())
    print(f"latency, gunicorn on 127.0.0.1, one keep-alive connection, {ROUNDS} each, interleaved:")
    for label, path in (
        ("bare Flask JSON route", BARE_PATH),
        ("POST /api/v1/sign", "/api/v1/sign"),
    ):
        p50, p99 = statistics.median(times[path]), percentile(times[path], 99)
        print(f"  {label:22}  p50 {p50:6.2f} ms   p99 {p99:6.2f} ms")
    print(f"  ratio p50: {signed / bare:.2f}x   (goal: within 1.5x)")


def one_mebibyte() -> None:
    payload = {**TYPICAL, "body": ("0123456789abcdef" * (MEBIBYTE // 16))}
    body = json.dumps(payload).encode()
    given = parse_sign_input(payload)
    core_ms = per_call_us(lambda: sign(given.scheme, given.recipe)) / 1000
    answer = sign(given.scheme, given.recipe).to_dict()
    encode_ms = per_call_us(lambda: json.dumps(answer)) / 1000
    # The request is 1 MiB of body plus its JSON: raise the 1 MiB default for this run.
    env = {"SIGSCOPE_MAX_CONTENT_LENGTH": str(4 * MEBIBYTE)}
    with running(command=SERVER_COMMAND, env=env) as server:
        post_ms(server, "/api/v1/sign", body)
        runs = [post_ms(server, "/api/v1/sign", body) for _ in range(BIG_ROUNDS)]
        bare = [post_ms(server, BARE_PATH, body)[0] for _ in range(BIG_ROUNDS)]
    elapsed = statistics.median(ms for ms, _ in runs)
    size = runs[0][1]
    print(f"1 MiB body, end to end through gunicorn on 127.0.0.1, median of {BIG_ROUNDS}:")
    print(f"  POST /api/v1/sign       {elapsed:7.1f} ms   (goal: under 50 ms)")
    print(f"  bare Flask JSON route   {statistics.median(bare):7.1f} ms   (same 1 MiB request)")
    print(
        f"  where it goes: core sign {core_ms:.1f} ms (the string to sign is hashed once per "
        f"mistake: {len(answer['mistakes'])} + 1), JSON encoding {encode_ms:.1f} ms, "
        f"an answer of {size / MEBIBYTE:.1f} MiB"
    )


def main() -> None:
    core()
    latency()
    one_mebibyte()


if __name__ == "__main__":
    main()
