"""Rewrite a vector file's ``expected`` values from its scheme's oracle.

    python -m tests.oracles.regenerate aws-sigv4

Run it after adding or changing a case's ``input``; the tests then check the stored values
against the oracle again, so a hand edit of ``expected`` cannot pass.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tests.oracles import ORACLES

VECTORS = Path(__file__).resolve().parent.parent / "vectors"


def regenerate(scheme: str) -> Path:
    path = VECTORS / f"{scheme}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for case in data["cases"]:
        case["expected"] = ORACLES[scheme](case["input"])
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(regenerate(name))
