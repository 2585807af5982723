"""No answer grows faster than its request: at most 4x the request, plus the string to sign.

Each endpoint gets requests near the size limits, shaped for the worst its answer can do: a
body every JSON mistake rewrites, a header block every header mistake touches, a long window
(20,000 s either way; a day's answer is the same size). ``ALLOWANCE`` covers what every answer
carries whatever its size (the mistake catalogue's titles and explanations, a window's shown
seconds).

One part of the sign answer is counted apart: the trace (``steps``) shows each step's input
and output whole, so a large body appears in it up to four times (six with the SDK variant).
The trace is documented as it is; the lens and the window are what this bound holds.
"""

from __future__ import annotations

import json

import pytest
from flask.testing import FlaskClient

ALLOWANCE = 64 * 1024

PRETTY = json.dumps(
    {"items": [{"id": n, "name": f"café {n}", "tags": ["a", "b"]} for n in range(5000)]},
    indent=2,
)
COMPACT = json.dumps(json.loads(PRETTY), separators=(",", ":"))
LINES = "".join(f"log line {n} with some text\n" for n in range(25_000))
BIG_PAIRS = [[f"X-H{n:03d}", "v" * 8000] for n in range(100)]
BASE = {
    "scheme": "actionstreamer",
    "method": "POST",
    "path": "/v1/devices",
    "headers": [["Content-Type", "application/json"]],
    "secret": "as-test-secret-0123456789",
}
WINDOW = {"scheme": "apiaxle", "api_key": "k", "secret": "s", "timestamp": 1_700_000_000}
SIGNATURE = "00" * 32

CASES = {
    "sign: pretty JSON body": ("/api/v1/sign", {**BASE, "body": PRETTY}),
    "sign: compact JSON body": ("/api/v1/sign", {**BASE, "body": COMPACT}),
    "sign: body of short lines": ("/api/v1/sign", {**BASE, "body": LINES}),
    "sign: SDK, 100 headers of 8 KiB": (
        "/api/v1/sign",
        {**BASE, "variant": "sdk", "headers": BIG_PAIRS},
    ),
    "sign: 100 params of 8 KiB": ("/api/v1/sign", {**BASE, "params": BIG_PAIRS}),
    "sign: a window of 20,000 s": ("/api/v1/sign", {**WINDOW, "window": 20_000}),
    "sign: full strings, small request": ("/api/v1/sign", {**BASE, "lens": "full"}),
    "diagnose: pretty JSON body": (
        "/api/v1/diagnose",
        {**BASE, "body": PRETTY, "signature": SIGNATURE},
    ),
    "diagnose: 100 headers of 8 KiB": (
        "/api/v1/diagnose",
        {**BASE, "headers": BIG_PAIRS, "signature": SIGNATURE},
    ),
    "import: raw HTTP with a large body": (
        "/api/v1/import",
        {"text": f"POST /v1/x HTTP/1.1\r\nHost: example.com\r\n\r\n{PRETTY}"},
    ),
    "compare: JSON pretty vs compact": (
        "/api/v1/compare",
        {"expected": PRETTY, "actual": COMPACT, "scheme": "actionstreamer"},
    ),
    "compare: every line changed": (
        "/api/v1/compare",
        {"expected": LINES[:400_000], "actual": LINES[:400_000].replace("log", "LOG")},
    ),
    "gateway: a window of 20,000 s": (
        "/api/v1/apiaxle/gateway",
        {
            "url": f"https://api.example.com/v1/x?api_key=k&api_sig={'0' * 40}",
            "secret": "s",
            "server_time": 1_700_000_000,
            "window": 20_000,
        },
    ),
    "gateway: a long key": (
        "/api/v1/apiaxle/gateway",
        {
            "url": f"https://api.example.com/v1/x?api_key={'k' * 8_000}&api_sig={'0' * 40}",
            "secret": "s",
            "server_time": 1_700_000_000,
        },
    ),
}


def encoded(value: object) -> int:
    """Bytes ``value`` takes in an answer (UTF-8, as the answers are written)."""
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode())


@pytest.mark.parametrize(("path", "payload"), CASES.values(), ids=CASES.keys())
def test_no_answer_is_over_four_times_its_request_plus_the_string_to_sign(
    client: FlaskClient, path: str, payload: dict[str, object]
) -> None:
    request = json.dumps(payload).encode()
    response = client.post(path, data=request, content_type="application/json")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    answer = response.get_json()
    counted = len(response.get_data()) - encoded(answer.get("steps", []))
    string_to_sign = encoded(answer.get("string_to_sign", ""))
    assert counted <= 4 * len(request) + string_to_sign + ALLOWANCE


def test_the_full_strings_are_what_the_bound_stops(client: FlaskClient) -> None:
    """The check above bites: the whole strings it replaced break it."""
    path, payload = CASES["sign: pretty JSON body"]
    request = json.dumps({**payload, "lens": "full"}).encode()
    response = client.post(path, data=request, content_type="application/json")
    answer = response.get_json()
    counted = len(response.get_data()) - encoded(answer["steps"])
    assert counted > 4 * len(request) + encoded(answer["string_to_sign"]) + ALLOWANCE
