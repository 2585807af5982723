"""Importing pasted evidence stays linear in its length.

Run by hand: ``.venv/bin/python -m bench.bench_import``. For each shape that used to make
an importer backtrack (a run of spaces inside a header line, raw HTTP and curl; many shell
words; obs-fold lines), the time at two sizes 10x apart, and their ratio: about 10 for a
linear reader, about 100 for a quadratic one. The baseline, in the same run, is
``str.splitlines`` of the same text, the least any reader of lines must do.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from functools import partial

from app.core.errors import InputError
from app.core.importers import MAX_CURL_LENGTH, import_text

SHAPES: dict[str, Callable[[int], str]] = {
    "raw HTTP, spaces in a header": lambda n: f"GET / HTTP/1.1\r\nX-A: a{' ' * n}b\r\n\r\n",
    "raw HTTP, obs-fold lines": lambda n: "GET / HTTP/1.1\r\nX-A: b\r\n" + " x\r\n" * (n // 4),
    "curl, spaces in -H": lambda n: f"curl http://x/ -H 'X-A: a{' ' * n}b'",
    "curl, many words": lambda n: "curl http://x/ " + "-s " * (n // 3),
}


def best_of(function: Callable[[], object], rounds: int = 3) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def _read(text: str) -> None:
    with contextlib.suppress(InputError):
        import_text(text)


def main() -> None:
    small, large = MAX_CURL_LENGTH // 20, MAX_CURL_LENGTH // 2
    print(f"sizes {small:,} and {large:,} characters (x{large // small})")
    for name, shape in SHAPES.items():
        texts = shape(small), shape(large)
        taken = [best_of(partial(_read, text)) for text in texts]
        baseline = [best_of(text.splitlines) for text in texts]
        print(
            f"{name:32s} {taken[0] * 1e3:8.2f} ms -> {taken[1] * 1e3:8.2f} ms "
            f"(x{taken[1] / taken[0]:5.1f}); vs splitlines x{taken[1] / baseline[1]:,.0f}"
        )


if __name__ == "__main__":
    main()
