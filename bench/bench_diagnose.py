"""How fast ``diagnose`` searches, against the goals of issues 4 and 10.

Run from the repository root (``bench.run`` runs it too)::

    .venv/bin/python -m bench.bench_diagnose

Each search is given a signature nothing explains, so it runs to the end (every stage, every
second of the clock): the worst case. Figures are the best of several runs, as the machine's
noise only ever adds time. The hypothesis rate is compared with a bare ``hmac.digest`` loop
over messages of the same shape, timed in turns with the search so that a burst of load on a
shared machine hits both; each hypothesis costs at most one HMAC, so the ratio is a lower
bound on the search's HMAC rate.
"""

from __future__ import annotations

import hmac
import json
import time
import tracemalloc
from collections.abc import Callable

from app.core.diagnose import BUDGET, diagnose
from app.core.inputs import parse_sign_input
from bench import TYPICAL

RUNS = 5
#: A digest no hypothesis signs to, so every search runs to its end.
NOTHING = {"sha1": "0" * 40, "sha256": "0" * 64}
APIAXLE: dict[str, object] = {
    "scheme": "apiaxle",
    "api_key": "1234",
    "secret": "bob-the-builder",
    "timestamp": 1700000000,
}


def best(*actions: Callable[[], object]) -> list[float]:
    """The best time of each action over ``RUNS`` rounds, the actions taking turns."""
    times: list[list[float]] = [[] for _ in actions]
    for _ in range(RUNS):
        for action, taken in zip(actions, times, strict=True):
            start = time.perf_counter()
            action()
            taken.append(time.perf_counter() - start)
    return [min(taken) for taken in times]


def bare(algorithm: str, key: bytes, messages: list[bytes]) -> Callable[[], None]:
    """A loop of ``hmac.digest`` over ``messages``."""

    def loop() -> None:
        for message in messages:
            hmac.digest(key, message, algorithm)

    return loop


def search(payload: dict[str, object], signature: str) -> tuple[Callable[[], int], int]:
    """A full search as an action, and how many hypotheses it tries."""
    given = parse_sign_input(payload)

    def once() -> int:
        answer = diagnose(given.scheme, given.recipe, signature, given.context)
        if answer.explanations:
            raise SystemExit("the benchmark's signature was explained: the search stopped early")
        return answer.tried

    return once, once()


def report(name: str, seconds: float, tried: int, goal: float) -> None:
    verdict = "meets" if seconds < goal else "MISSES"
    print(
        f"{name}: {seconds * 1000:.1f} ms for {tried:,} hypotheses "
        f"({verdict} the goal of {goal * 1000:.0f} ms)"
    )


def actionstreamer() -> None:
    full, tried = search(TYPICAL, NOTHING["sha256"])
    headers = [pair for pair in TYPICAL["headers"] if pair[0] != "X-Timestamp"]  # type: ignore[attr-defined]
    catalogue, catalogue_tried = search({**TYPICAL, "headers": headers}, NOTHING["sha256"])
    given = parse_sign_input(TYPICAL)
    string = given.scheme.canonicalize(given.recipe)[-1].output
    messages = [string.replace("1700000000", str(1700000000 + n)).encode() for n in range(5000)]
    loop = bare("sha256", given.recipe.secret.encode(), messages)
    seconds, catalogue_seconds, bare_seconds = best(full, catalogue, loop)
    report("ActionStreamer, typical request, full search", seconds, tried, 0.100)
    print(
        f"  the catalogue alone (singles and pairs, no X-Timestamp): "
        f"{catalogue_seconds * 1000:.1f} ms for {catalogue_tried:,} hypotheses"
    )
    rate = (tried - catalogue_tried) / (seconds - catalogue_seconds)
    bare_rate = len(messages) / bare_seconds
    print(
        f"  the X-Timestamp search: {rate:,.0f} hypotheses/s; bare hmac.digest over the "
        f"same strings: {bare_rate:,.0f}/s; ratio {rate / bare_rate:.2f} (goal >= 0.5)"
    )


def apiaxle() -> None:
    full, tried = search(APIAXLE, NOTHING["sha1"])
    messages = [b"%d1234" % (1700000000 + n) for n in range(50_000)]
    seconds, bare_seconds = best(full, bare("sha1", b"bob-the-builder", messages))
    report("ApiAxle, +/-1 day clock search (full search)", seconds, tried, 1.0)
    rate, bare_rate = tried / seconds, len(messages) / bare_seconds
    print(
        f"  {rate:,.0f} hypotheses/s; bare hmac.digest over the same strings: "
        f"{bare_rate:,.0f}/s; ratio {rate / bare_rate:.2f} (goal >= 0.5)"
    )


#: The largest requests the documented limits let through (MAX_LINE_LENGTH 8192, 100 headers,
#: a 1 MiB request): each makes some stage of the search blow up when nothing bounds it.
WORST: dict[str, tuple[dict[str, object], str]] = {
    "ApiAxle, 8 KB key and secret, window 86400": (
        {**APIAXLE, "api_key": "k" * 8192, "secret": "s" * 8192, "window": 86400},
        NOTHING["sha1"],
    ),
    "ActionStreamer, ~1 MiB JSON body of floats, X-Timestamp": (
        {
            **TYPICAL,
            "body": json.dumps([0.1234567891234567] * 45_000),
        },
        NOTHING["sha256"],
    ),
    "ActionStreamer, 100 headers of 8 KB, forwarded pairs": (
        {
            **TYPICAL,
            "headers": [[f"X-Forwarded-H{i:02d}", "v" * 8000] for i in range(50)]
            + [[f"H{i:02d}", "w" * 8000] for i in range(50)],
            "body": "",
        },
        NOTHING["sha256"],
    ),
}


def worst() -> None:
    """The worst inputs within the limits: time and peak memory against the issue's goals,
    and the time against a bare ``hmac.digest`` over ``BUDGET`` bytes (the cost model's unit)."""
    chunk = b"x" * 2**20
    budget_loop = bare("sha256", b"k", [chunk] * (BUDGET // len(chunk)))
    for name, (payload, signature) in WORST.items():
        full, tried = search(payload, signature)
        seconds, budget_seconds = best(full, budget_loop)
        tracemalloc.start()
        full()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        report(f"worst case: {name}", seconds, tried, 2.0)
        verdict = "meets" if peak < 64 * 2**20 else "MISSES"
        print(
            f"  peak memory {peak / 2**20:.1f} MiB ({verdict} the goal of 64 MiB); "
            f"{seconds / budget_seconds:.2f} x a bare HMAC over the {BUDGET // 2**20} MiB budget"
        )


def main() -> None:
    actionstreamer()
    apiaxle()
    worst()


if __name__ == "__main__":
    main()
