"""How long the Code panel's programs take to write, as the body grows.

Run by hand: ``.venv/bin/python -m bench.bench_snippets``. For each language, the program
for a request whose body doubles from 128 KiB to 1 MiB is written (CPU time, best of
``REPEATS``), and the growth exponent is the slope of log(time) against log(size): 1 is
linear. Goal: at most 1.2, and the whole set for a 1 MiB body under 5 s on one core (the
panel is written only when asked for). The body is hostile: a quote, a backslash and a
non-ASCII character in every few, so most of it is escaped.
"""

from __future__ import annotations

import math
import time

from app.core.inputs import parse_sign_input
from app.core.snippets import LANGUAGES, program_of

REPEATS = 3
SIZES = (128 * 1024, 256 * 1024, 512 * 1024, 1024 * 1024)
GOAL = 1.2
PIECE = 'a"b\\\u00e9\n'


def _seconds(language: str, size: int) -> float:
    given = parse_sign_input(
        {"scheme": "actionstreamer", "secret": "x", "body": PIECE * (size // len(PIECE))}
    )
    program = program_of(given.scheme, given.recipe)
    best = math.inf
    for _ in range(REPEATS):
        start = time.process_time()
        LANGUAGES[language].source(program)
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    print("Code panel: seconds to write each language's program, by body size")
    print(f"{'language':<10}" + "".join(f"{size // 1024:>9} KiB" for size in SIZES) + "  slope")
    total = 0.0
    worst = 0.0
    for language in LANGUAGES:
        times = [_seconds(language, size) for size in SIZES]
        slope = math.log(times[-1] / times[0]) / math.log(SIZES[-1] / SIZES[0])
        worst = max(worst, slope)
        total += times[-1]
        print(f"{language:<10}" + "".join(f"{t:>13.3f}" for t in times) + f"  {slope:5.2f}")
    verdict = "ok" if worst <= GOAL and total < 5 else "OVER GOAL"
    print(
        f"all languages at 1 MiB: {total:.2f} s; worst slope {worst:.2f} (goal {GOAL}): {verdict}"
    )


if __name__ == "__main__":
    main()
