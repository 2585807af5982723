"""Importers cost time linear in their input: long runs of spaces (or of anything a pattern
could backtrack over) import or are refused at once.

Before the fix, 32,000 spaces in a header line took 6 s and 1,000,000 had the worker killed
(a lazy ``(.*?)`` followed by ``[ \\t]*``). Each case here ran in milliseconds after it; the
cap is hundreds of times that, so the tests never flake on a slow machine, yet a quadratic
pattern (minutes at this size) cannot pass.
"""

from __future__ import annotations

import json
import time

import pytest

from app.core.errors import InputError
from app.core.importers import MAX_CURL_LENGTH, import_text

CAP_SECONDS = 2.0
MILLION = " " * 1_000_000
#: Within the curl length limit, so the command is read, not refused.
CURL_RUN = " " * (MAX_CURL_LENGTH - 200)

CASES = {
    "header value with a run of spaces inside": f"GET / HTTP/1.1\r\nX-A: a{MILLION}b\r\n\r\n",
    "header value that is a run of spaces": f"GET / HTTP/1.1\r\nX-A:{MILLION}\r\n\r\n",
    "spaces before the colon": f"GET / HTTP/1.1\r\nX-A{MILLION}: b\r\n\r\n",
    "spaces and no colon": f"GET / HTTP/1.1\r\nX-A{MILLION}b\r\n\r\n",
    "obs-fold lines": "GET / HTTP/1.1\r\nX-A: b\r\n" + " x\r\n" * 200_000 + "\r\n",
    "Authorization with signature= and spaces": (
        f"GET / HTTP/1.1\r\nAuthorization: HMAC {'signature=' * 50_000}{MILLION}x\r\n\r\n"
    ),
    "Authorization with spaces and commas": (
        f"GET / HTTP/1.1\r\nAuthorization: {', ' * 500_000}signature=ab\r\n\r\n"
    ),
    "request line with spaces": f"GET{MILLION}/ HTTP/1.1\r\n\r\n",
    "request target then spaces": f"GET /{MILLION}HTTP/1.1\r\n\r\n",
    "curl -H with spaces inside": f"curl http://x/ -H 'X-A: a{CURL_RUN}b'",
    "curl -H with spaces, unquoted": f"curl http://x/ -H X-A:{CURL_RUN}b",
    "curl -H of a million spaces (refused: too long)": f"curl http://x/ -H 'X-A: a{MILLION}b'",
    "curl start with spaces": f"$ {CURL_RUN}curl http://x/",
    "curl path prefix of slashes": "/" * 1_000_000 + "curl http://x/",
    # Many words, each handled in Python: a quarter of the limit keeps them far inside the cap.
    "curl ${ repeated": "curl http://x/ " + "${" * (MAX_CURL_LENGTH // 8),
    "curl ${a repeated in double quotes": 'curl http://x/ -d "' + "${a" * 40_000 + '"',
    "curl unterminated $'": "curl http://x/ -d $'" + "\\a " * (MAX_CURL_LENGTH // 3 - 20),
    'curl unterminated "': 'curl http://x/ -d "' + "\\$ " * (MAX_CURL_LENGTH // 3 - 20),
    "curl one long word": "curl http://x/ -d " + "a" * (MAX_CURL_LENGTH - 100),
    "curl many words": "curl http://x/ " + "-s " * (MAX_CURL_LENGTH // 12),
    "curl many headers": "curl http://x/ " + "-H a:b " * (MAX_CURL_LENGTH // 28),
    "URL with spaces": f"https://x/{MILLION}y",
    "HAR header with spaces": json.dumps(
        {
            "log": {
                "entries": [
                    {
                        "request": {
                            "method": "GET",
                            "url": "https://x/",
                            "headers": [{"name": "X-A", "value": f"a{MILLION}b"}],
                        }
                    }
                ]
            }
        }
    ),
}


def _import_or_refuse(text: str) -> str:
    """The format read, or the message of the refusal."""
    try:
        return import_text(text).format
    except InputError as error:
        return error.message


@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_long_runs_import_or_are_refused_at_once(text: str) -> None:
    started = time.perf_counter()
    outcome = _import_or_refuse(text)
    assert time.perf_counter() - started < CAP_SECONDS
    assert len(outcome) < 1_000  # a refusal quotes the start of the line at fault, not all


def test_a_header_value_keeps_its_inner_spaces_and_loses_the_outer_ones() -> None:
    result = import_text(f"GET / HTTP/1.1\r\nX-A: \t a{MILLION}b \t\r\n\r\n")
    assert result.request.headers == (("X-A", f"a{MILLION}b"),)
    curl = import_text(f"curl http://x/ -H 'X-A:  a{CURL_RUN}b  '")
    assert curl.request.headers == (("X-A", f"a{CURL_RUN}b"),)


def test_folded_lines_join_with_one_note() -> None:
    result = import_text("GET / HTTP/1.1\r\nX-A: b\r\n  c\r\n\td\r\nX-B: e\r\n f\r\n\r\n")
    assert result.request.headers == (("X-A", "b c d"), ("X-B", "e f"))
    assert [note for note in result.notes if "obs-fold" in note] == [
        "2 lines continue the header `X-A` (obs-fold): joined with spaces.",
        "A line continues the header `X-B` (obs-fold): joined with spaces.",
    ]
