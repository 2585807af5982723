"""The JSON API through Flask's test client: every endpoint and every error shape."""

from __future__ import annotations

import base64
import hashlib
import json

import pytest
from flask.testing import FlaskClient

from app import create_app

SECRET = "as-test-secret-0123456789"


def post(client: FlaskClient, path: str, payload: object) -> tuple[int, dict[str, object]]:
    response = client.post(path, json=payload)
    return response.status_code, response.get_json()


def test_sign_actionstreamer_answers_every_field(client: FlaskClient) -> None:
    status, body = post(
        client,
        "/api/v1/sign",
        {
            "scheme": "actionstreamer",
            "variant": "tutorial",
            "method": "GET",
            "path": "users/",
            "params": {"limit": "10", "Zeta": "z", "alpha": "a"},
            "secret": SECRET,
        },
    )
    assert status == 200
    assert list(body) == [
        "scheme",
        "variant",
        "algorithm",
        "steps",
        "string_to_sign",
        "signature",
        "travels",
        "secret_check",
        "mistakes",
    ]
    assert body["algorithm"] == "HMAC-SHA256"
    assert body["string_to_sign"] == "GET\n/users\n\nZeta: z\nalpha: a\nlimit: 10\n"
    # SCHEMES.md's published check value.
    published = "0741b2aeda24e29a4f9a29d169a24f501cb748f4d2cbb28f16f8536ca637702d"
    assert body["signature"] == {
        "hex": published,
        "base64": base64.b64encode(bytes.fromhex(published)).decode(),
    }
    assert body["travels"] == [{"name": "X-Signature", "value": published}]
    assert body["secret_check"]["fingerprint"] == (
        "sha256:" + hashlib.sha256(SECRET.encode()).hexdigest()[:8]
    )
    steps = body["steps"]
    assert [s["id"] for s in steps] == [  # type: ignore[union-attr]
        "method",
        "normalize_path",
        "header_string",
        "param_string",
        "body",
        "join",
        "hmac",
    ]
    path_step = steps[1]  # type: ignore[index]
    assert path_step["input"] == "users/"
    assert path_step["output"] == "/users"
    assert "one trailing `/` stripped" in path_step["note"]
    mistake = next(m for m in body["mistakes"] if m["id"] == "keep_trailing_slash")  # type: ignore[union-attr]
    assert set(mistake) == {
        "id",
        "step",
        "title",
        "explanation",
        "changes_signature",
        "edits",
        "signature",
        "sent",
    }
    # "GET\n/users" is 10 characters: the mistaken string keeps the slash after them.
    assert mistake["edits"] == [{"at": 10, "delete": 0, "insert": "/"}]
    assert mistake["changes_signature"] is True
    harmless = next(m for m in body["mistakes"] if m["id"] == "output_hex_upper")  # type: ignore[union-attr]
    assert harmless["edits"] == []


def test_sign_apiaxle_window_in_gateway_order(client: FlaskClient) -> None:
    status, body = post(
        client,
        "/api/v1/sign",
        {
            "scheme": "apiaxle",
            "api_key": "1234",
            "secret": "bob-the-builder",
            "timestamp": 1700000000,
            "server_time": 1700000002,
        },
    )
    assert status == 200
    assert body["signature"]["hex"] == "9c6e757352befb2a764cdb619e6e86179de67595"  # type: ignore[index]
    window = body["window"]
    assert [w["offset"] for w in window] == [0, -1, 1, -2, 2, -3, 3]  # type: ignore[union-attr]
    assert [w["accepted"] for w in window] == [False, False, False, True, False, False, False]  # type: ignore[union-attr]
    assert window[3]["signature"]["hex"] == "9c6e757352befb2a764cdb619e6e86179de67595"  # type: ignore[index]
    assert (body["window_tried"], body["window_elided"]) == (7, [])


def test_a_long_window_shows_the_seconds_that_matter_and_counts_the_rest(
    client: FlaskClient,
) -> None:
    payload = {
        "scheme": "apiaxle",
        "api_key": "k",
        "secret": "s",
        "timestamp": 1_000_500,
        "server_time": 1_000_000,
        "window": 1000,
    }
    status, body = post(client, "/api/v1/sign", payload)
    assert status == 200
    window = body["window"]
    epochs = sorted(w["epoch"] for w in window)  # type: ignore[union-attr]
    around = [*range(999_000, 999_004), *range(999_997, 1_000_004)]
    around += [*range(1_000_497, 1_000_504), *range(1_000_997, 1_001_001)]
    assert epochs == around
    # The gateway's order: the server's second first, the edges last.
    assert [w["offset"] for w in window[:3]] == [0, -1, 1]  # type: ignore[index]
    assert [w["offset"] for w in window[-2:]] == [-1000, 1000]  # type: ignore[index]
    accepted = [w["epoch"] for w in window if w["accepted"]]  # type: ignore[union-attr]
    assert accepted == [1_000_500]
    assert body["window_tried"] == 2001
    assert body["window_elided"] == [
        {"from": 999_004, "to": 999_996, "count": 993},
        {"from": 1_000_004, "to": 1_000_496, "count": 493},
        {"from": 1_000_504, "to": 1_000_996, "count": 493},
    ]
    assert len(window) + sum(run["count"] for run in body["window_elided"]) == 2001  # type: ignore[union-attr]


def test_a_long_window_that_rejects_shows_the_server_second_and_the_edges(
    client: FlaskClient,
) -> None:
    payload = {
        "scheme": "apiaxle",
        "api_key": "k",
        "secret": "s",
        "timestamp": 5_000,  # far outside the server's window
        "server_time": 1_000,
        "window": 100,
    }
    status, body = post(client, "/api/v1/sign", payload)
    assert status == 200
    epochs = sorted(w["epoch"] for w in body["window"])  # type: ignore[union-attr]
    assert epochs == [*range(900, 904), *range(997, 1004), *range(1097, 1101)]
    assert not any(w["accepted"] for w in body["window"])  # type: ignore[union-attr]
    assert body["window_tried"] == 201
    assert body["window_elided"] == [
        {"from": 904, "to": 996, "count": 93},
        {"from": 1004, "to": 1096, "count": 93},
    ]


@pytest.mark.parametrize(
    ("window", "offsets"),
    [(None, [0]), (0, [0, -1, 1]), (1, [0, -1, 1]), (2, [0, -1, 1, -2, 2])],
)
def test_window_setting_quirks(client: FlaskClient, window: int | None, offsets: list[int]) -> None:
    payload = {"scheme": "apiaxle", "api_key": "k", "secret": "s", "timestamp": 5, "window": window}
    status, body = post(client, "/api/v1/sign", payload)
    assert status == 200
    assert [w["offset"] for w in body["window"]] == offsets  # type: ignore[union-attr]


def test_window_defaults_to_three_and_server_time_to_timestamp(client: FlaskClient) -> None:
    payload = {"scheme": "apiaxle", "api_key": "k", "secret": "s", "timestamp": 5}
    _, body = post(client, "/api/v1/sign", payload)
    assert [w["epoch"] for w in body["window"]] == [5, 4, 6, 3, 7, 2, 8]  # type: ignore[union-attr]
    assert body["window"][0]["accepted"] is True  # type: ignore[index]


def test_headers_as_pairs_keep_duplicates_and_order(client: FlaskClient) -> None:
    payload = {
        "scheme": "actionstreamer",
        "headers": [["X-B", "1"], ["X-A", "2"], ["X-B", "3"]],
        "secret": SECRET,
    }
    _, body = post(client, "/api/v1/sign", payload)
    header_step = body["steps"][2]  # type: ignore[index]
    assert header_step["input"] == "X-B: 1\nX-A: 2\nX-B: 3"
    assert header_step["output"] == "X-A: 2\nX-B: 3"
    assert "`X-B` given 2 times" in header_step["note"]


def test_schemes_lists_schemes_variants_and_inputs(client: FlaskClient) -> None:
    response = client.get("/api/v1/schemes")
    assert response.status_code == 200
    schemes = {s["scheme"]: s for s in response.get_json()["schemes"]}
    assert {
        "actionstreamer",
        "apiaxle",
        "oauth1",
        "aws-sigv4",
        "rfc9421",
        "stripe",
        "custom",
    } <= set(schemes)
    assert [v["id"] for v in schemes["actionstreamer"]["variants"]] == ["tutorial", "sdk"]
    assert schemes["apiaxle"]["variants"] == []
    assert "timestamp" in schemes["apiaxle"]["inputs"]
    assert "body" in schemes["actionstreamer"]["inputs"]
    assert any(m["id"] == "epoch_milliseconds" for m in schemes["apiaxle"]["mistakes"])


GOOD = {"scheme": "actionstreamer", "secret": SECRET}

BAD_INPUTS = [
    ("not an object", [1, 2], None, "JSON object"),
    ("unknown scheme", {**GOOD, "scheme": "aws"}, "scheme", "actionstreamer, apiaxle"),
    ("missing scheme", {"secret": SECRET}, "scheme", "actionstreamer, apiaxle"),
    ("unknown variant", {**GOOD, "variant": "v2"}, "variant", "tutorial, sdk"),
    ("missing secret", {"scheme": "actionstreamer"}, "secret", "required"),
    ("empty secret", {**GOOD, "secret": ""}, "secret", "required"),
    ("secret not a string", {**GOOD, "secret": 123}, "secret", "must be a string"),
    ("headers wrong type", {**GOOD, "headers": "Accept: */*"}, "headers", "object"),
    ("header pair malformed", {**GOOD, "headers": [["A"]]}, "headers", "[name, value] pair"),
    ("header name with colon", {**GOOD, "headers": {"X-A:": "1"}}, "headers", "colon"),
    ("header name with newline", {**GOOD, "headers": {"X-A\nB": "1"}}, "headers", "not valid"),
    (
        "header value with newline",
        {**GOOD, "headers": {"X-A": "1\r\nX-B: 2"}},
        "headers",
        "line break",
    ),
    ("param value a float", {**GOOD, "params": {"a": 1.5}}, "params", "must be strings"),
    ("param value a boolean", {**GOOD, "params": {"a": True}}, "params", "must be strings"),
    ("method with space", {**GOOD, "method": "GET /"}, "method", "HTTP method"),
    ("path with newline", {**GOOD, "path": "/a\nb"}, "path", "line breaks"),
    ("unknown field", {**GOOD, "secret_key": "x"}, "secret_key", "Unknown field"),
    ("lone surrogate", {**GOOD, "body": "\ud800"}, "body", "surrogate"),
    (
        "apiaxle timestamp missing",
        {"scheme": "apiaxle", "secret": "s", "api_key": "k"},
        "timestamp",
        "required",
    ),
    (
        "apiaxle timestamp not an integer",
        {"scheme": "apiaxle", "secret": "s", "timestamp": 1.5},
        "timestamp",
        "whole number",
    ),
    (
        "apiaxle timestamp as string",
        {"scheme": "apiaxle", "secret": "s", "timestamp": "1700000000"},
        "timestamp",
        "whole number",
    ),
    (
        "apiaxle server_time a boolean",
        {"scheme": "apiaxle", "secret": "s", "timestamp": 1, "server_time": True},
        "server_time",
        "whole number",
    ),
    (
        "apiaxle window negative",
        {"scheme": "apiaxle", "secret": "s", "timestamp": 1, "window": -1},
        "window",
        "0 to",
    ),
]


@pytest.mark.parametrize(
    ("payload", "field", "words"), [c[1:] for c in BAD_INPUTS], ids=[c[0] for c in BAD_INPUTS]
)
def test_bad_input_is_a_400_naming_the_field(
    client: FlaskClient, payload: object, field: str | None, words: str
) -> None:
    status, body = post(client, "/api/v1/sign", payload)
    assert status == 400
    assert body["error"]["field"] == field  # type: ignore[index]
    assert words in body["error"]["message"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b'{"scheme": ', "not valid JSON"),
        (b'{"secret": "\xff\xfe"}', "not valid UTF-8"),
        (b"[" * 100_000 + b"]" * 100_000, "too deeply nested"),
    ],
    ids=["malformed JSON", "invalid UTF-8", "deep nesting"],
)
def test_unreadable_bodies_are_a_400(client: FlaskClient, raw: bytes, words: str) -> None:
    response = client.post("/api/v1/sign", data=raw, content_type="application/json")
    assert response.status_code == 400
    assert words in response.get_json()["error"]["message"]


def test_oversized_request_is_a_413_with_a_configurable_limit() -> None:
    client = create_app({"TESTING": True, "MAX_CONTENT_LENGTH": 1000}).test_client()
    payload = {**GOOD, "body": "x" * 2000}
    response = client.post(
        "/api/v1/sign", data=json.dumps(payload), content_type="application/json"
    )
    assert response.status_code == 413
    assert "MAX_CONTENT_LENGTH" in response.get_json()["error"]["message"]
    small = client.post("/api/v1/sign", json={**GOOD, "body": "x" * 10})
    assert small.status_code == 200


def test_limit_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIGSCOPE_MAX_CONTENT_LENGTH", "500")
    client = create_app({"TESTING": True}).test_client()
    response = client.post("/api/v1/sign", json={**GOOD, "body": "x" * 600})
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("GET", "/api/v1/sign", 405), ("GET", "/api/v1/nope", 404), ("POST", "/api/v1/schemes", 405)],
)
def test_http_errors_have_the_error_shape(
    client: FlaskClient, method: str, path: str, status: int
) -> None:
    response = client.open(path, method=method)
    assert response.status_code == status
    assert set(response.get_json()["error"]) == {"field", "message"}


def test_answers_are_never_cached(client: FlaskClient) -> None:
    response = client.post("/api/v1/sign", json=GOOD)
    assert response.headers["Cache-Control"] == "no-store"


def test_answers_are_utf8_json_that_round_trips_non_ascii(client: FlaskClient) -> None:
    body = "caf\u00e9 \u2603 \U0001f600\n\t\x00"
    response = client.post(
        "/api/v1/sign", json={"scheme": "actionstreamer", "body": body, "secret": SECRET}
    )
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    answer = json.loads(response.get_data().decode("utf-8"))
    assert answer["string_to_sign"].endswith("\n" + body)
    assert answer["steps"][4]["output"] == body


def test_an_answer_the_fast_writer_refuses_is_still_written(client: FlaskClient) -> None:
    # A lone surrogate cannot be UTF-8, so orjson refuses it; the error message that quotes
    # the unknown field is written by the standard library instead, as an escape.
    response = client.post(
        "/api/v1/sign",
        data=b'{"scheme": "actionstreamer", "secret": "s", "\\ud800x": 1}',
        content_type="application/json",
    )
    assert response.status_code == 400
    assert b'"\\ud800x"' in response.get_data()
    assert json.loads(response.get_data())["error"]["field"] == "\ud800x"


def test_the_json_writer_matches_the_standard_library() -> None:
    app = create_app()
    value = {"z": [1, 2.5, None, True], "a": "caf\u00e9\n", "big": 2**70, "lone": "\udfff"}
    with app.app_context():
        assert json.loads(app.json.dumps(value)) == value
        assert json.loads(app.json.dumps({"b": 1, "a": 2})) == {"b": 1, "a": 2}
        assert list(json.loads(app.json.dumps({"b": 1, "a": 2}))) == ["b", "a"]
        assert json.loads(app.json.response(value).get_data()) == value


def test_lens_full_answers_each_mistaken_string_whole(client: FlaskClient) -> None:
    payload = {"scheme": "actionstreamer", "path": "users/", "secret": SECRET}
    _, edits = post(client, "/api/v1/sign", payload)
    status, full = post(client, "/api/v1/sign", {**payload, "lens": "full"})
    assert status == 200
    assert post(client, "/api/v1/sign", {**payload, "lens": "edits"}) == (200, edits)
    mistake = next(m for m in full["mistakes"] if m["id"] == "keep_trailing_slash")  # type: ignore[union-attr]
    assert mistake["string_to_sign"] == "GET\n/users/\n\n\n"
    assert "edits" not in mistake
    without = [{k: v for k, v in m.items() if k != "edits"} for m in edits["mistakes"]]  # type: ignore[union-attr]
    assert without == [
        {k: v for k, v in m.items() if k != "string_to_sign"}
        for m in full["mistakes"]  # type: ignore[union-attr]
    ]


def test_lens_false_answers_the_signature_alone(client: FlaskClient) -> None:
    payload = {
        "scheme": "actionstreamer",
        "path": "users/",
        "params": {"limit": "10", "Zeta": "z", "alpha": "a"},
        "secret": SECRET,
    }
    status, full = post(client, "/api/v1/sign", payload)
    assert status == 200
    assert len(full["mistakes"]) > 20  # type: ignore[arg-type]
    for lens in (True, None):
        assert post(client, "/api/v1/sign", {**payload, "lens": lens}) == (200, full)
    status, alone = post(client, "/api/v1/sign", {**payload, "lens": False})
    assert status == 200
    assert "mistakes" not in alone
    assert alone == {key: value for key, value in full.items() if key != "mistakes"}
    # SCHEMES.md's published check value.
    assert alone["signature"]["hex"] == (  # type: ignore[index]
        "0741b2aeda24e29a4f9a29d169a24f501cb748f4d2cbb28f16f8536ca637702d"
    )


@pytest.mark.parametrize("value", ["no", "FULL", 0, 1, [], {}])
def test_lens_must_be_a_boolean_or_a_form(client: FlaskClient, value: object) -> None:
    payload = {"scheme": "actionstreamer", "secret": SECRET, "lens": value}
    status, body = post(client, "/api/v1/sign", payload)
    assert status == 400
    assert body["error"]["field"] == "lens"  # type: ignore[index]
    message = body["error"]["message"]  # type: ignore[index]
    assert message.startswith('`lens` must be true, false, "edits", "full", not ')
    assert message.endswith(f"not {json.dumps(value)}.")


def test_diagnose_does_not_take_lens(client: FlaskClient) -> None:
    payload = {"scheme": "actionstreamer", "secret": SECRET, "signature": "00", "lens": False}
    status, body = post(client, "/api/v1/diagnose", payload)
    assert status == 400
    assert body["error"]["field"] == "lens"  # type: ignore[index]


def test_a_pasted_text_with_a_lone_surrogate_is_named_not_called_empty(
    client: FlaskClient,
) -> None:
    response = client.post(
        "/api/v1/import",
        data=b'{"text": "POST /p HTTP/1.1\\r\\nHost: x\\r\\nX-A: \\udc80\\r\\n\\r\\n"}',
        content_type="application/json",
    )
    assert response.status_code == 400
    message = response.get_json()["error"]["message"]
    assert "lone UTF-16 surrogate on line 3" in message
    assert "empty" not in message


def test_an_imported_timestamp_beyond_any_epoch_is_left_out_and_said(
    client: FlaskClient,
) -> None:
    raw = (
        "POST /s HTTP/1.1\r\nHost: hooks.example.com\r\nContent-Type: application/json\r\n"
        f"Stripe-Signature: t={'9' * 26},v1={'a' * 64}\r\n\r\n{{}}"
    )
    answer = client.post("/api/v1/import", json={"text": raw}).get_json()
    assert answer["scheme"] == "stripe"
    assert answer["request"]["timestamp"] is None
    assert any("beyond any epoch second" in note for note in answer["notes"])


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        ({"regoin": "us-east-1"}, "did you mean `region`?"),
        ({"frob": 1}, "no scheme reads it (`GET /api/v1/schemes` lists each scheme's fields)"),
    ],
)
def test_an_unknown_field_is_named_whole_with_its_nearest(
    client: FlaskClient, extra: dict[str, object], said: str
) -> None:
    """The list of every scheme's fields was cut mid-word by the message limit."""
    payload = {"scheme": "actionstreamer", "secret": "s", **extra}
    message = client.post("/api/v1/sign", json=payload).get_json()["error"]["message"]
    assert said in message
    assert "characters…]" not in message
