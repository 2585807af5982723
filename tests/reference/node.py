"""Run the independent JavaScript reference (``reference.mjs``) from Python tests."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).with_name("reference.mjs")


def _node() -> str:
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        raise RuntimeError("Node.js is required for the reference tests: apt-get install nodejs")
    return node


def run(mode: str, payload: object) -> object:
    completed = subprocess.run(
        [_node(), str(SCRIPT), mode],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(completed.stdout)


def hmac_hex(items: list[tuple[str, bytes, bytes]]) -> list[str]:
    """HMAC each ``(algorithm, key, message)`` with Node's crypto, in one process."""
    batch = [
        [alg, base64.b64encode(key).decode(), base64.b64encode(msg).decode()]
        for alg, key, msg in items
    ]
    result = run("hmac", batch)
    assert isinstance(result, list)
    return [str(item) for item in result]


def schemes() -> list[str]:
    """The schemes the reference implements."""
    result = run("schemes", {})
    assert isinstance(result, list)
    return [str(name) for name in result]
