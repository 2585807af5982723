"""Run every benchmark in ``bench/`` with one command: ``.venv/bin/python -m bench.run``.

Each ``bench/bench_*.py`` module's ``main()`` runs in turn (``bench_browser``, ``bench_diagnose``,
``bench_load``, ``bench_sign``, ``bench_slowloris``; a benchmark added later is picked up
without touching this file), after a header naming the date and the machine, so the
figures can be pasted into the README as they are. ``-k WORD`` runs only the modules whose
name contains WORD. A benchmark that fails is reported and the others still run; the
command then exits non-zero.
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import os
import platform
import sys
import traceback
from importlib.metadata import version
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    memory_kib = int(Path("/proc/meminfo").read_text().split()[1])
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory_kib / 1024**2:.0f} GiB, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
        f"waitress {version('waitress')}"
    )


def modules(word: str) -> list[str]:
    return sorted(f"bench.{path.stem}" for path in BENCH.glob("bench_*.py") if word in path.stem)


def main() -> int:
    arguments = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    arguments.add_argument("-k", default="", help="run only benchmarks whose name has this")
    given = arguments.parse_args()
    print(f"Sigscope benchmarks, {datetime.date.today().isoformat()}, on {machine()}")
    failed = []
    for name in modules(given.k):
        print(f"\n== {name}", flush=True)
        try:
            importlib.import_module(name).main()
        except Exception:
            traceback.print_exc()
            failed.append(name)
        sys.stdout.flush()
    if failed:
        print(f"\nFAILED: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
