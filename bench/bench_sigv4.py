"""AWS SigV4: signing with the lens, and a diagnosis nothing explains, as the request grows.

Run from the repository root (``bench.run`` runs it too)::

    .venv/bin/python -m bench.bench_sigv4

Every mistaken recipe re-derives its key (four HMACs) and rebuilds its canonical request,
hashing the body, so SigV4 costs more per hypothesis than the seed schemes: the figures
check it against the goals the other schemes meet (a diagnosis within 2 s and 64 MiB for
the largest request the limits let through), and, as the machine's load moves every figure,
against ActionStreamer's own worst case (100 headers of 8 KB) timed in the same run. Figures
are the best of several runs.
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable

from app.core.diagnose import diagnose
from app.core.inputs import parse_sign_input
from app.core.signing import sign
from bench.bench_diagnose import WORST, search

RUNS = 3
NOTHING = "0" * 64
TYPICAL: dict[str, object] = {
    "scheme": "aws-sigv4",
    "variant": "header",
    "method": "POST",
    "path": "/production/%40connections/R0oXAdfD0kwCH6w%3D",
    "headers": [["Host", "abcdef1234.execute-api.us-east-1.amazonaws.com"]]
    + [[f"X-Meta-{i:02d}", f"value {i}"] for i in range(24)],
    "params": [["Param1", "value 1"], ["Param2", "a+b"], ["empty", ""], ["z", "1"], ["a", "2"]],
    "api_key": "AKIDEXAMPLE",
    "secret": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    "region": "eu-west-1",
    "service": "execute-api",
    "amz_date": "20150830T123600Z",
    "session_token": "FQoGZXIvYXdzEXAMPLE",
}
CASES: dict[str, dict[str, object]] = {
    "25 headers, 5 params, no body": {**TYPICAL, "body": ""},
    "the same, 200 KB body": {**TYPICAL, "body": '{"k": "' + "v" * 200_000 + '"}'},
    "the same, 1 MiB body": {**TYPICAL, "body": "x" * 2**20},
    "100 headers of 8 KB": {
        **TYPICAL,
        "headers": [["Host", "h.example.com"]] + [[f"H{i:02d}", "w" * 8000] for i in range(99)],
    },
}


def best(action: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    payload, signature = WORST["ActionStreamer, 100 headers of 8 KB, forwarded pairs"]
    seed, seed_tried = search(payload, signature)
    seed_seconds = best(seed)
    print(
        f"for scale, ActionStreamer with 100 headers of 8 KB: diagnosis "
        f"{seed_seconds * 1000:.0f} ms for {seed_tried:,} hypotheses"
    )
    for name, payload in CASES.items():
        given = parse_sign_input(payload)

        def signed(given: object = given) -> object:
            return sign(given.scheme, given.recipe, given.context)  # type: ignore[attr-defined]

        def searched(given: object = given) -> object:
            return diagnose(given.scheme, given.recipe, NOTHING, given.context)  # type: ignore[attr-defined]

        sign_seconds, search_seconds = best(signed), best(searched)
        tracemalloc.start()
        answer = diagnose(given.scheme, given.recipe, NOTHING, given.context)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        verdict = "meets" if search_seconds < 2 and peak < 64 * 2**20 else "MISSES"
        print(
            f"{name}: sign with the lens {sign_seconds * 1000:.1f} ms; diagnosis "
            f"{search_seconds * 1000:.0f} ms for {answer.tried:,} hypotheses, peak "
            f"{peak / 2**20:.1f} MiB ({verdict} the goal of 2 s and 64 MiB); "
            f"{search_seconds / seed_seconds:.1f} x ActionStreamer's worst case"
        )


if __name__ == "__main__":
    main()
