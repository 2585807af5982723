"""The evidence endpoints through Flask's test client: /import, /compare, /apiaxle/gateway."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.reference import node

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SECRET = "as-test-secret-0123456789"
PUBLISHED = "9c6e757352befb2a764cdb619e6e86179de67595"  # bob-the-builder, 1234, 1700000000


def post(client: FlaskClient, path: str, payload: object) -> tuple[int, dict[str, Any]]:
    response = client.post(f"/api/v1/{path}", json=payload)
    assert response.headers["Cache-Control"] == "no-store"
    body: dict[str, Any] = response.get_json()
    return response.status_code, body


# --- POST /api/v1/import -----------------------------------------------------------------


def test_import_answers_the_documented_shape(client: FlaskClient) -> None:
    text = (FIXTURES / "curl/chrome_post.sh").read_text(encoding="utf-8")
    status, body = post(client, "import", {"text": text})
    assert status == 200
    assert list(body) == [
        "format",
        "request",
        "signature",
        "scheme",
        "unused",
        "notes",
        "entries",
        "entry",
        "variant",
        "received",
    ]
    assert list(body["request"]) == [
        "method",
        "path",
        "headers",
        "params",
        "body",
        "api_key",
        "timestamp",
    ]
    assert body["format"] == "curl"
    assert ["x-accesskey", "AKID-EXAMPLE"] in body["request"]["headers"]
    assert ["tag", "a+b"] in body["request"]["params"]
    assert all(set(item) == {"what", "why"} for item in body["unused"])


def test_imported_request_signs_through_the_api(client: FlaskClient) -> None:
    """The page's loop: paste, import, sign; the signature the request carried checks out."""
    text = (FIXTURES / "http/put_crlf.http").read_text(encoding="utf-8")
    _, imported = post(client, "import", {"text": text})
    request = {k: v for k, v in imported["request"].items() if v is not None}
    status, signed = post(client, "sign", {**request, "scheme": "actionstreamer", "secret": SECRET})
    assert status == 200
    expected = (
        "PUT\n/v1/cameras/7\nContent-Type: application/json\nX-AccessKey: AKID-EXAMPLE\n"
        'mode: a b\n{"camera": "cam-é", "on": true}'
    )
    assert signed["string_to_sign"] == expected
    reference = node.hmac_hex([("sha256", SECRET.encode(), expected.encode())])[0]
    assert signed["signature"]["hex"] == reference == imported["signature"]


def test_import_a_har_object_and_pick_an_entry(client: FlaskClient) -> None:
    har = json.loads((FIXTURES / "har/playwright.har").read_text(encoding="utf-8"))
    status, body = post(client, "import", {"har": har, "entry": 2})
    assert status == 200
    assert body["format"] == "har"
    assert body["entry"] == 2
    assert [entry["method"] for entry in body["entries"]] == ["GET", "POST", "GET"]
    assert body["signature"] == PUBLISHED
    assert body["request"]["api_key"] == "1234"
    status, text_body = post(client, "import", {"text": json.dumps(har), "entry": 2})
    assert (status, text_body) == (200, body)


IMPORT_ERRORS = [
    ("not an object", ["curl"], None, "JSON object"),
    ("unknown field", {"txt": "x"}, "txt", "Unknown field `txt`"),
    ("missing text", {}, "text", "`text` is required"),
    ("empty text", {"text": "  \n"}, "text", "`text` is empty"),
    ("text not a string", {"text": 5}, "text", "must be a string"),
    ("both text and har", {"text": "x", "har": {}}, "har", "not both"),
    ("entry negative", {"text": "https://h/", "entry": -1}, "entry", "index of a HAR entry"),
    ("entry a boolean", {"text": "https://h/", "entry": True}, "entry", "index of a HAR entry"),
    ("entry for a URL", {"text": "https://h/", "entry": 0}, "entry", "picks a request of a HAR"),
    ("har not a HAR", {"har": [1]}, "har", "must be an object"),
    (
        "har entry with a bad method",
        {"har": {"log": {"entries": [{"request": {"method": "G T", "url": "/"}}]}}},
        "har",
        "not an HTTP method name",
    ),
    ("unknown option", {"text": "curl --frobnicate https://h"}, "text", "`--frobnicate`"),
    ("unterminated quote", {"text": "curl 'https://h"}, "text", "never closed"),
    ("bad header line", {"text": "GET / HTTP/1.1\nFoo\n"}, "text", "Line 2: `Foo`"),
]


# --- POST /api/v1/compare ----------------------------------------------------------------


def test_compare_answers_the_documented_shape(client: FlaskClient) -> None:
    status, body = post(
        client,
        "compare",
        {
            "expected": "GET\n/users\n\n\n",
            "actual": "GET\n/users/\n\n\n",
            "scheme": "actionstreamer",
        },
    )
    assert status == 200
    assert body == {
        "equal": False,
        "first_difference": {
            "offset": 10,
            "char_index": 10,
            "line": 2,
            "column": 7,
            "section": "path",
            "sections": ["path"],
        },
        "findings": [],
        "diff": [
            {"op": "equal", "text": "GET\n/users"},
            {"op": "insert", "text": "/"},
            {"op": "equal", "text": "\n\n\n"},
        ],
        "notes": [],
    }


def test_compare_sdk_and_apiaxle_layouts(client: FlaskClient) -> None:
    payload = {"expected": "GET\n/", "actual": "GET\n/\n", "scheme": "actionstreamer"}
    _, sdk = post(client, "compare", {**payload, "variant": "sdk"})
    assert sdk["first_difference"]["section"] == "path"
    assert [f["id"] for f in sdk["findings"]] == ["trailing_newline"]
    _, axle = post(
        client,
        "compare",
        {"expected": "17000000001234", "actual": "1700000000123", "scheme": "apiaxle"},
    )
    assert axle["first_difference"]["section"] == "api_key"
    _, plain = post(client, "compare", {"expected": "a", "actual": "a"})
    assert plain["equal"] is True


COMPARE_ERRORS = [
    ("missing expected", {"actual": "a"}, "expected", "`expected` is required"),
    ("actual not a string", {"expected": "a", "actual": ["a"]}, "actual", "must be a string"),
    ("unknown scheme", {"expected": "a", "actual": "b", "scheme": "aws"}, "scheme", "Unknown"),
    (
        "unknown variant",
        {"expected": "a", "actual": "b", "scheme": "actionstreamer", "variant": "v9"},
        "variant",
        "tutorial, sdk",
    ),
    ("unknown field", {"expected": "a", "actual": "b", "secret": "s"}, "secret", "Unknown field"),
    ("escapes not a boolean", {"expected": "a", "actual": "b", "escapes": 1}, "escapes", "true or"),
    (
        "bytes that are not UTF-8",
        {"expected": "a", "actual": "b'\\xff'", "escapes": True},
        "actual",
        "not UTF-8",
    ),
]


def test_compare_reads_logged_strings_and_finds_reformatted_json(client: FlaskClient) -> None:
    expected = 'POST\n/v1/x\n\n\n{"a":1,"b":"x"}'
    # The client's log line: its string, re-serialized by Python, as JSON.stringify prints it.
    actual = json.dumps('POST\n/v1/x\n\n\n{"a": 1, "b": "y"}'.replace('"y"', '"x"'))
    status, body = post(
        client,
        "compare",
        {"expected": expected, "actual": actual, "scheme": "actionstreamer", "escapes": True},
    )
    assert status == 200
    [note] = body["notes"]
    assert note == (
        "Actual: read as a JSON string (as `JSON.stringify` prints one): "
        'the quotes `"…"` taken off.'
    )
    assert body["first_difference"]["line"] == 5
    assert body["first_difference"]["section"] == "body"
    [finding] = [f for f in body["findings"] if f["id"] == "json_formatting"]
    assert "the actual one as Python's default `json.dumps(body)` writes it" in finding["message"]
    _, plain = post(client, "compare", {"expected": expected, "actual": actual})
    assert plain["notes"] == []
    assert plain["first_difference"]["char_index"] == 0


# --- POST /api/v1/apiaxle/gateway ----------------------------------------------------------

GATEWAY_ROWS = [
    ({"url": "https://h/v1?api_sig=x"}, 403, "KeyError", "No api_key specified."),
    ({"url": "/?api_key=1&api_key=2"}, 400, "Error", "Api key is malformed."),
    (
        {"url": "/?api_key=1234", "key_status": "unknown"},
        403,
        "KeyError",
        "'1234' is not a valid key.",
    ),
    (
        {"url": "/?api_key=1234", "key_status": "disabled"},
        401,
        "KeyDisabled",
        "This API key has been disabled.",
    ),
    ({"url": "/?api_key=1234"}, 403, "KeyError", "A signature is required for this API."),
    (
        {"url": "/?api_key=1234&api_sig=" + PUBLISHED, "server_time": 1700000004},
        403,
        "KeyError",
        f"Invalid signature (got {PUBLISHED}).",
    ),
]


@pytest.mark.parametrize(("fields", "status", "error_type", "message"), GATEWAY_ROWS)
def test_gateway_reproduces_each_error_with_its_exact_body(
    client: FlaskClient, fields: dict[str, object], status: int, error_type: str, message: str
) -> None:
    payload = {"secret": "bob-the-builder", "server_time": 1700000000, **fields}
    code, body = post(client, "apiaxle/gateway", payload)
    assert code == 200  # Sigscope answered; the gateway's status is in the body
    assert (body["status"], body["type"], body["message"]) == (status, error_type, message)
    assert body["body"] == {
        "meta": {"version": 1, "status_code": status},
        "results": {"error": {"type": error_type, "message": message}},
    }
    assert "bob-the-builder" not in json.dumps(body)


def test_gateway_accepts_within_the_window(client: FlaskClient) -> None:
    payload = {
        "url": f"https://facebook.api.example.com/v1/x?api_key=1234&api_sig={PUBLISHED}",
        "secret": "bob-the-builder",
        "server_time": 1700000003,
    }
    _, body = post(client, "apiaxle/gateway", payload)
    assert (body["status"], body["type"], body["message"], body["body"]) == (200, None, None, None)
    assert body["outcome"] == "accepted"
    assert [w["offset"] for w in body["window"] if w["accepted"]] == [-3]
    _, narrow = post(client, "apiaxle/gateway", {**payload, "window": 2})
    assert narrow["status"] == 403
    _, unset = post(client, "apiaxle/gateway", {**payload, "window": None})
    assert [w["offset"] for w in unset["window"]] == [0]


GATEWAY_ERRORS = [
    ("missing url", {"server_time": 1}, "url", "`url` is required"),
    ("missing server_time", {"url": "/"}, "server_time", "required"),
    ("url not a URL", {"url": "http://[::1/?api_key=1", "server_time": 1}, "url", "not a URL"),
    ("server_time a string", {"url": "/", "server_time": "1"}, "server_time", "whole number"),
    ("window too big", {"url": "/", "server_time": 1, "window": 10**6}, "window", "0 to"),
    ("secret a number", {"url": "/", "server_time": 1, "secret": 5}, "secret", "string"),
    (
        "key_status unknown",
        {"url": "/", "server_time": 1, "key_status": "x"},
        "key_status",
        "valid",
    ),
    ("unknown field", {"url": "/", "server_time": 1, "now": 1}, "now", "Unknown field"),
]


# --- every bad input, on every endpoint ---------------------------------------------------

BAD_INPUTS = [
    (f"{path}: {case[0]}", path, *case[1:])
    for path, cases in (
        ("import", IMPORT_ERRORS),
        ("compare", COMPARE_ERRORS),
        ("apiaxle/gateway", GATEWAY_ERRORS),
    )
    for case in cases
]


@pytest.mark.parametrize(
    ("path", "payload", "field", "words"),
    [case[1:] for case in BAD_INPUTS],
    ids=[case[0] for case in BAD_INPUTS],
)
def test_bad_input_is_a_400_naming_the_field(
    client: FlaskClient, path: str, payload: object, field: str | None, words: str
) -> None:
    status, body = post(client, path, payload)
    assert status == 400
    assert body["error"]["field"] == field
    assert words in body["error"]["message"]


# --- signed vs sent: the headers the HTTP stack adds on its own ---------------------------

SDK_NONCE = "3b1f8c2e-5d4a-4f6b-9c7d-1e2f3a4b5c6d"


def _sdk_request(signature: str) -> str:
    """A request as `requests` sends the ActionStreamer SDK's: the SDK signed its four
    headers; `requests` added `Host`, `User-Agent`, `Accept-Encoding`, `Accept: */*`,
    `Connection` and `Content-Length`."""
    return (
        "GET /v1/device?limit=10 HTTP/1.1\r\n"
        "Host: api.example.com\r\n"
        "User-Agent: python-requests/2.33.0\r\n"
        "Accept-Encoding: gzip, deflate\r\n"
        "Accept: */*\r\n"
        "Connection: keep-alive\r\n"
        f"X-Nonce: {SDK_NONCE}\r\n"
        "X-Timestamp: 1700000000\r\n"
        "Authorization: HMAC-SHA256 AKID\r\n"
        "X-AccessKey: AKID\r\n"
        f"X-Signature: {signature}\r\n"
        "\r\n"
    )


SDK_SIGNED = (
    "GET\n/v1/device\nAuthorization: HMAC-SHA256 AKID\nX-AccessKey: AKID\n"
    f"X-Nonce: {SDK_NONCE}\nX-Timestamp: 1700000000\n\nlimit: 10"
)


def _diagnose(client: FlaskClient, imported: dict[str, Any], **extra: object) -> dict[str, Any]:
    request = {k: v for k, v in imported["request"].items() if v is not None}
    payload = {
        **request,
        "scheme": imported["scheme"],
        "variant": imported["variant"],
        "secret": SECRET,
        "signature": imported["signature"],
        **extra,
    }
    status, body = post(client, "diagnose", payload)
    assert status == 200, body
    return body


def test_sdk_request_through_requests_matches_with_no_edit(client: FlaskClient) -> None:
    signature = node.hmac_hex([("sha256", SECRET.encode(), SDK_SIGNED.encode())])[0]
    status, imported = post(client, "import", {"text": _sdk_request(signature)})
    assert status == 200
    assert imported["scheme"] == "actionstreamer"
    assert imported["variant"] == "sdk"
    assert any("SDK's own headers" in note for note in imported["notes"])
    classes = {item["name"]: (item["class"], item["signed"]) for item in imported["received"]}
    assert classes == {
        "Host": ("stack", False),
        "User-Agent": ("stack", False),
        "Accept-Encoding": ("stack", False),
        "Accept": ("stack", False),
        "Connection": ("stack", False),
        "X-Nonce": ("signed", True),
        "X-Timestamp": ("signed", True),
        "Authorization": ("signed", True),
        "X-AccessKey": ("signed", True),
        "X-Signature": ("signature", False),
    }
    assert [name for name, _ in imported["request"]["headers"]] == [
        "X-Nonce",
        "X-Timestamp",
        "Authorization",
        "X-AccessKey",
    ]
    assert _diagnose(client, imported)["match"] is True


def test_flipping_accept_to_signed_puts_it_back(client: FlaskClient) -> None:
    """A client that did sign `Accept: */*`: the user says so, and the signature matches."""
    signed = SDK_SIGNED.replace("Authorization", "Accept: */*\nAuthorization")
    signature = node.hmac_hex([("sha256", SECRET.encode(), signed.encode())])[0]
    text = _sdk_request(signature)
    _, as_classified = post(client, "import", {"text": text})
    assert _diagnose(client, as_classified)["match"] is False
    status, flipped = post(client, "import", {"text": text, "signed": {"ACCEPT": True}})
    assert status == 200
    accept = next(item for item in flipped["received"] if item["name"] == "Accept")
    assert accept["signed"] is True
    assert accept["reason"].endswith("you marked it signed")
    assert ["Accept", "*/*"] in flipped["request"]["headers"]
    assert not any("Accept: */*" in item["what"] for item in flipped["unused"])
    assert _diagnose(client, flipped)["match"] is True


def test_flipping_a_signed_header_off_moves_it_to_unused(client: FlaskClient) -> None:
    _, imported = post(
        client, "import", {"text": _sdk_request("ab" * 32), "signed": {"x-nonce": False}}
    )
    assert "X-Nonce" not in [name for name, _ in imported["request"]["headers"]]
    assert any(item["what"].startswith("header `X-Nonce:") for item in imported["unused"])


@pytest.mark.parametrize(
    ("signed", "message"),
    [
        ({"X-Trace": True}, "`x-trace` is not a header of this request"),
        ({"X-Signature": True}, "carries the signature"),
        ({"Accept": "yes"}, "object of header names and booleans"),
        (["Accept"], "object of header names and booleans"),
        ({"Accept": True, "accept": False}, "names a header twice"),
    ],
)
def test_bad_signed_choices_are_refused(client: FlaskClient, signed: object, message: str) -> None:
    status, body = post(client, "import", {"text": _sdk_request("ab" * 32), "signed": signed})
    assert status == 400
    assert body["error"]["field"] == "signed"
    assert message in body["error"]["message"]


def test_cookie_value_is_never_shown_in_the_classification(client: FlaskClient) -> None:
    text = "GET /v1 HTTP/1.1\r\nCookie: session=s3cret\r\nX-Trace: 1\r\n\r\n"
    _, imported = post(client, "import", {"text": text})
    assert "s3cret" not in json.dumps(imported)
    cookie, trace = imported["received"]
    assert cookie == {
        "name": "Cookie",
        "value": None,
        "class": "stack",
        "reason": cookie["reason"],
        "signed": False,
    }
    assert (trace["class"], trace["signed"]) == ("unknown", True)
    assert imported["variant"] is None
