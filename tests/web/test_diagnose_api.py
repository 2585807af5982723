"""``POST /api/v1/diagnose`` through Flask's test client: its answer and its errors.

The observed signatures are hand-built strings signed by the JavaScript reference.
"""

from __future__ import annotations

import tracemalloc

import pytest
from flask.testing import FlaskClient

from tests.reference import node

SECRET = "as-test-secret-0123456789"
REQUEST: dict[str, object] = {
    "scheme": "actionstreamer",
    "method": "GET",
    "path": "users/",
    "params": {"limit": "10", "Zeta": "z", "alpha": "a"},
    "secret": SECRET,
}
# SCHEMES.md's published check value for REQUEST.
PUBLISHED = "0741b2aeda24e29a4f9a29d169a24f501cb748f4d2cbb28f16f8536ca637702d"
SLASH_KEPT = "GET\n/users/\n\nZeta: z\nalpha: a\nlimit: 10\n"


def post(client: FlaskClient, payload: object) -> tuple[int, dict[str, object]]:
    response = client.post("/api/v1/diagnose", json=payload)
    return response.status_code, response.get_json()


@pytest.fixture(scope="module")
def slash_kept() -> str:
    [hex_value] = node.hmac_hex([("sha256", SECRET.encode(), SLASH_KEPT.encode())])
    return hex_value


def test_a_mismatch_is_explained(client: FlaskClient, slash_kept: str) -> None:
    status, body = post(client, {**REQUEST, "signature": slash_kept.upper()})
    assert status == 200
    assert list(body) == ["signature_format", "match", "explanations", "tried", "message"]
    assert body["signature_format"] == {
        "form": "hex_upper",
        "prefix": None,
        "padded": None,
        "hash": "sha256",
        "bytes": 32,
        "accepted": False,
        "description": "upper-case hex",
    }
    assert body["match"] is False
    first = body["explanations"][0]  # type: ignore[index]
    assert list(first) == ["mistakes", "steps", "summary", "fix", "string_to_sign", "signature"]
    assert first["mistakes"] == ["keep_trailing_slash", "output_hex_upper"]
    assert first["steps"] == ["normalize_path", "hmac"]
    assert first["string_to_sign"] == SLASH_KEPT
    assert first["signature"]["hex"] == slash_kept
    assert "trailing slash (`/users/`)" in first["summary"]
    assert "upper-case hex" in first["summary"]
    assert isinstance(body["tried"], int)
    assert body["tried"] > 1


def test_the_right_signature_matches(client: FlaskClient) -> None:
    status, body = post(client, {**REQUEST, "signature": f" {PUBLISHED}\n"})
    assert status == 200
    assert body["match"] is True
    assert body["explanations"] == []
    assert body["signature_format"]["accepted"] is True  # type: ignore[index]


def test_nothing_found_says_so_and_what_next(client: FlaskClient) -> None:
    status, body = post(client, {**REQUEST, "signature": "ab" * 32})
    assert status == 200
    assert body["explanations"] == []
    assert f"{body['tried']} hypotheses tried" in str(body["message"])
    assert "compare it with the string to sign" in str(body["message"])


@pytest.mark.parametrize(
    ("payload", "field", "words"),
    [
        (REQUEST, "signature", "required"),
        ({**REQUEST, "signature": None}, "signature", "required"),
        ({**REQUEST, "signature": 12}, "signature", "must be a string"),
        ({**REQUEST, "signature": "not a signature!"}, "signature", "neither hex nor base64"),
        ({**REQUEST, "signature": "ab" * 31}, "signature", "62 hex characters"),
        ({**REQUEST, "signature": "sha256="}, "signature", "empty"),
        ({**REQUEST, "secret": "", "signature": PUBLISHED}, "secret", "required"),
        ({**REQUEST, "signatur": PUBLISHED}, "signatur", "Unknown field"),
        ([PUBLISHED], None, "JSON object"),
    ],
    ids=[
        "missing",
        "null",
        "a number",
        "bad characters",
        "wrong length",
        "prefix only",
        "bad sign input",
        "misspelt field",
        "not an object",
    ],
)
def test_bad_input_is_a_400_naming_the_field(
    client: FlaskClient, payload: object, field: str | None, words: str
) -> None:
    status, body = post(client, payload)
    assert status == 400
    assert body["error"]["field"] == field  # type: ignore[index]
    assert words in body["error"]["message"]  # type: ignore[index]


def test_only_post_is_allowed_and_nothing_is_cached(client: FlaskClient) -> None:
    response = client.get("/api/v1/diagnose")
    assert response.status_code == 405
    assert set(response.get_json()["error"]) == {"field", "message"}
    answer = client.post("/api/v1/diagnose", json={**REQUEST, "signature": PUBLISHED})
    assert answer.headers["Cache-Control"] == "no-store"


def test_a_day_wide_window_over_an_8_kb_key_answers_with_bounded_memory(
    client: FlaskClient,
) -> None:
    """The 8.5 KB request that once took 15 s and left the worker at 3 GB."""
    payload = {
        "scheme": "apiaxle",
        "api_key": "k" * 8192,
        "secret": "s" * 200,
        "timestamp": 1700000000,
        "window": 86400,
        "signature": "0" * 40,
    }
    tracemalloc.start()
    try:
        status, body = post(client, payload)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert status == 200
    assert peak < 64 * 2**20
    assert body["explanations"] == []
    assert "cut short to bound the work" in str(body["message"])


def test_a_header_the_http_library_added_is_named(client: FlaskClient) -> None:
    headers = [["Accept", "*/*"], ["X-Nonce", "n-1"]]
    signed = "GET\n/users\nX-Nonce: n-1\nZeta: z\nalpha: a\nlimit: 10\n"
    [hex_value] = node.hmac_hex([("sha256", SECRET.encode(), signed.encode())])
    status, body = post(client, {**REQUEST, "headers": headers, "signature": hex_value})
    assert status == 200
    first = body["explanations"][0]  # type: ignore[index]
    assert first["mistakes"] == ["header_not_signed:Accept"]
    assert first["string_to_sign"] == signed
    assert "`Accept: */*`" in first["summary"]
