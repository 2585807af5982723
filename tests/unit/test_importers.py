"""Importing evidence: real-world pastes land in the right fields and sign as expected.

The fixtures under ``tests/fixtures/`` are written the way the tools write them: Chrome's and
Firefox's "Copy as cURL (bash)" (ANSI-C ``$'…'`` quoting with ``\\n``, ``\\'``, ``\\u0021``,
Firefox's ``\\xe9`` and ``\\041``), raw requests with CRLF and with LF, and a HAR in
Playwright's format. Each expected string to sign is written out by hand here, and each
expected signature comes from the Node reference; the signature carried in the fixture was
computed by that reference too, so "imported, then signed" must reproduce it.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from app.core.errors import InputError
from app.core.http_stack import stack_reason
from app.core.importers import (
    MAX_CURL_LENGTH,
    ImportResult,
    detect,
    import_har,
    import_text,
    shell_words,
)
from app.core.received import Choices
from tests.reference import node

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SECRET = "as-test-secret-0123456789"
NONCE = "5f0c6d4e-8a1b-4c2d-9e3f-0a1b2c3d4e5f"
APIAXLE_PUBLISHED = "9c6e757352befb2a764cdb619e6e86179de67595"  # SCHEMES.md §2 check value


def fixture(name: str) -> str:
    return (FIXTURES / name).read_bytes().decode("utf-8")


def sign(client: FlaskClient, result: ImportResult, **fields: object) -> dict[str, Any]:
    """Feed an imported request to ``/api/v1/sign``, as the page does."""
    request = result.to_dict()["request"]
    assert isinstance(request, dict)
    payload = {key: value for key, value in request.items() if value is not None}
    answer = client.post("/api/v1/sign", json={**payload, **fields})
    assert answer.status_code == 200, answer.get_json()
    body: dict[str, Any] = answer.get_json()
    return body


def node_hex(algorithm: str, secret: str, message: str) -> str:
    return node.hmac_hex([(algorithm, secret.encode(), message.encode())])[0]


def unused_what(result: ImportResult) -> list[str]:
    return [item.what for item in result.unused]


# --- browsers' "Copy as cURL (bash)" -----------------------------------------------------

CHROME_BODY = '{\n  "name": "O\'Brien\'s cam!",\n  "city": "Montréal"\n}'


def test_chrome_copy_as_curl_lands_in_the_fields(client: FlaskClient) -> None:
    result = import_text(fixture("curl/chrome_post.sh"))
    request = result.request
    assert result.format == "curl"
    assert request.method == "POST"
    assert request.path == "/v1/devices/"
    # Chrome copies HTTP/2 names lower-cased; only the ones a signer signs are kept.
    assert request.headers == (
        ("accept", "application/json"),
        ("content-type", "application/json"),
        ("x-accesskey", "AKID-EXAMPLE"),
        ("x-nonce", NONCE),
        ("x-timestamp", "1700000000"),
    )
    assert request.params == (
        ("limit", "10"),
        ("name", "café cam"),
        ("tag", "a+b"),
        ("empty", ""),
    )
    assert request.body == CHROME_BODY
    assert request.api_key == "AKID-EXAMPLE"
    assert request.timestamp == 1700000000
    assert result.scheme == "actionstreamer"
    dropped = " ".join(unused_what(result))
    for name in ("accept-language", "origin", "priority", "referer", "sec-ch-ua", "sec-fetch-mode"):
        assert f"`{name}:" in dropped
    assert "user-agent" in dropped
    assert "header `Cookie`" in dropped
    assert "0123456789abcdef" not in json.dumps(result.to_dict())  # the cookie's value
    assert "`https://api.actionstreamer.example`" in dropped


def test_chrome_copy_as_curl_signs_as_the_browser_did(client: FlaskClient) -> None:
    result = import_text(fixture("curl/chrome_post.sh"))
    expected = "\n".join(
        [
            "POST",
            "/v1/devices",
            "accept: application/json\ncontent-type: application/json\n"
            f"x-accesskey: AKID-EXAMPLE\nx-nonce: {NONCE}\nx-timestamp: 1700000000",
            "empty: \nlimit: 10\nname: café cam\ntag: a+b",
            CHROME_BODY,
        ]
    )
    answer = sign(client, result, scheme="actionstreamer", variant="tutorial", secret=SECRET)
    assert answer["string_to_sign"] == expected
    reference = node_hex("sha256", SECRET, expected)
    assert answer["signature"]["hex"] == reference
    assert result.signature == reference  # the X-Signature the fixture carries


FIREFOX_BODY = '{\n  "name": "O\'Brien",\n  "note": "Montréal €5!"\n}'


def test_firefox_copy_as_curl_lands_in_the_fields_and_signs(client: FlaskClient) -> None:
    result = import_text(fixture("curl/firefox_post.sh"))
    request = result.request
    assert request.method == "POST"
    assert request.path == "/v1/devices/"
    assert request.params == (("limit", "5"),)
    assert request.headers == (
        ("Accept", "application/json"),
        ("Authorization", "HMAC-SHA256 AKID-EXAMPLE"),  # no `signature=`: the SDK signs it
        ("X-AccessKey", "AKID-EXAMPLE"),
        ("X-Nonce", NONCE),
        ("X-Timestamp", "1700000000"),
    )
    # `\xe9` (a Latin-1 byte in bash), `\u20ac` and octal `\041` all decode to what was meant.
    assert request.body == FIREFOX_BODY
    assert any("`\\xe9`" in note and "`é`" in note for note in result.notes)
    dropped = " ".join(unused_what(result))
    for name in ("User-Agent", "Accept-Encoding", "Connection", "TE", "Sec-Fetch-Dest", "Cookie"):
        assert f"`{name}" in dropped
    assert "`--compressed`" in dropped
    # The SDK's own headers name the variant; the SDK deletes `Content-Type` before signing.
    assert result.variant == "sdk"
    assert "header `Content-Type: application/json`" in unused_what(result)

    expected = (
        "POST\n/v1/devices\nAccept: application/json\nAuthorization: HMAC-SHA256 AKID-EXAMPLE\n"
        f"X-AccessKey: AKID-EXAMPLE\nX-Nonce: {NONCE}\nX-Timestamp: 1700000000\n\n"
        f"limit: 5\n\n{FIREFOX_BODY}"
    )
    answer = sign(client, result, scheme="actionstreamer", variant="sdk", secret=SECRET)
    assert answer["string_to_sign"] == expected
    assert answer["signature"]["hex"] == node_hex("sha256", SECRET, expected) == result.signature


def test_chrome_get_with_apiaxle_params_signs_the_published_value(client: FlaskClient) -> None:
    result = import_text(fixture("curl/chrome_get_apiaxle.sh"))
    assert result.request.method == "GET"
    assert result.request.path == "/v1/users"
    # the key stays in the params (it travels there); the signature leaves them
    assert result.request.params == (("q", "ada lovelace"), ("api_key", "1234"))
    # ApiAxle signs no header; `accept: */*` is also the browser's own.
    assert result.request.headers == ()
    assert [(item.name, item.kind, item.signed) for item in result.received] == [
        ("accept", "stack", False),
        ("accept-language", "stack", False),
        ("sec-fetch-mode", "stack", False),
        ("user-agent", "stack", False),
    ]
    assert result.request.api_key == "1234"
    assert result.signature == APIAXLE_PUBLISHED
    assert result.scheme == "apiaxle"
    answer = sign(client, result, scheme="apiaxle", secret="bob-the-builder", timestamp=1700000000)
    assert answer["string_to_sign"] == "17000000001234"
    assert answer["signature"]["hex"] == APIAXLE_PUBLISHED == result.signature


# --- bash quoting, checked against bash itself -------------------------------------------

ANSI_C_WORDS = [
    r"$'a\nb\tc\rd'",
    r"$'it\'s'",
    r"$'back\\slash \"quoted\"'",
    r"$'caf\u00e9 \u20ac \U0001F600'",
    r"$'\x41\101\x7e'",
    r"$'\xc3\xa9'",  # UTF-8 bytes written one by one
    r"$'\a\b\e\f\v\?'",
    r"$'\cA\c?'",
    r"$'\z \x \u'",  # unknown escapes and escapes without digits are kept
    r"""pre$'mid\n'"post $'x'"'lit \n'""",
]


@pytest.mark.parametrize("word", ANSI_C_WORDS)
def test_ansi_c_quoting_reads_as_bash_reads_it(word: str) -> None:
    environment = {**os.environ, "LC_ALL": "C.UTF-8"}
    printed = subprocess.run(
        ["bash", "-c", f"printf %s {word}"],
        capture_output=True,
        check=True,
        env=environment,
    ).stdout
    notes: list[str] = []
    assert shell_words(word, notes) == ([printed.decode("utf-8")], "")


def test_browser_surrogate_pairs_are_joined() -> None:
    notes: list[str] = []
    assert shell_words(r"$'\ud83d\ude00'", notes)[0] == ["\U0001f600"]
    assert "two `\\u` halves" in notes[0]


# --- curl as people write it --------------------------------------------------------------

CURL_CASES: list[tuple[str, str, dict[str, object]]] = [
    (
        "-X, -H and two -d joined with &",
        "curl -X PUT https://h.example/a/b -H 'X-A: 1' --header 'X-B:2' -d a=1 --data 'b=2'",
        {
            "method": "PUT",
            "path": "/a/b",
            "headers": (
                ("X-A", "1"),
                ("X-B", "2"),
                ("Content-Type", "application/x-www-form-urlencoded"),
            ),
            "body": "a=1&b=2",
        },
    ),
    (
        "data implies POST; a given Content-Type is kept",
        "curl https://h.example/p -H 'Content-Type: application/json' --data-binary '{\"a\":1}'",
        {"method": "POST", "headers": (("Content-Type", "application/json"),), "body": '{"a":1}'},
    ),
    (
        "--json sets Content-Type and Accept and concatenates",
        "curl --json '{\"a\":' --json ' 1}' https://h.example/p",
        {
            "method": "POST",
            "headers": (("Content-Type", "application/json"), ("Accept", "application/json")),
            "body": '{"a": 1}',
        },
    ),
    (
        "--data-urlencode in its three inline forms",
        "curl https://h.example/p --data-urlencode 'q=a b&c' --data-urlencode '=x/y' "
        "--data-urlencode 'é'",
        {"body": "q=a%20b%26c&x%2Fy&%C3%A9"},
    ),
    (
        "-G moves the data to the query, decoded into params",
        "curl -G https://h.example/search?x=1 --data-urlencode 'q=a+b c' -d limit=5",
        {
            "method": "GET",
            "path": "/search",
            "params": (("x", "1"), ("q", "a+b c"), ("limit", "5")),
            "body": "",
            "headers": (),
        },
    ),
    (
        "line continuations, combined flags, an attached value",
        "curl -sSL \\\n  -XPATCH \\\r\n  'https://h.example/p' \\\n  -H'X-A: 1'",
        {"method": "PATCH", "headers": (("X-A", "1"),)},
    ),
    (
        'double quotes: only $ ` " \\ are escaped',
        'curl "https://h.example/p" -H "X-A: say \\"hi\\" \\$5 \\n" -d "{\\"a\\": 1}"',
        {
            "headers": (
                ("X-A", 'say "hi" $5 \\n'),
                ("Content-Type", "application/x-www-form-urlencoded"),
            ),
            "body": '{"a": 1}',
        },
    ),
    (
        "`Name:` stops curl sending a header, `Name;` sends it empty",
        "curl https://h.example/p -H 'Content-Type:' -H 'X-Empty;' -d x",
        {"headers": (("X-Empty", ""),), "body": "x"},
    ),
    (
        "-I is HEAD; --url names the URL; no scheme means http",
        "curl -I --url h.example/p?a=1",
        {"method": "HEAD", "path": "/p", "params": (("a", "1"),)},
    ),
]


@pytest.mark.parametrize(
    ("command", "expected"), [case[1:] for case in CURL_CASES], ids=[c[0] for c in CURL_CASES]
)
def test_curl_as_people_write_it(command: str, expected: dict[str, object]) -> None:
    request = import_text(command).request
    for name, value in expected.items():
        assert getattr(request, name) == value, name


def test_curl_user_pipes_and_variables_are_reported_not_used() -> None:
    result = import_text(
        "curl -u alice:hunter2 'https://h.example/p' -H \"Authorization: Bearer $TOKEN\" "
        "-o out.json | jq .name"
    )
    shown = json.dumps(result.to_dict())
    assert "hunter2" not in shown
    assert "`-u alice:…`" in unused_what(result)
    assert "`-o out.json`" in unused_what(result)
    assert "`| jq .name`" in unused_what(result)
    assert result.request.headers == (("Authorization", "Bearer $TOKEN"),)
    assert any("`$TOKEN`" in note for note in result.notes)


def test_curl_data_from_a_file_is_reported() -> None:
    result = import_text("curl https://h.example/p -d @body.json")
    assert result.request.body == ""
    assert "`-d @body.json`" in unused_what(result)


# --- raw HTTP/1.1 requests ----------------------------------------------------------------

RAW_BODY = '{"camera": "cam-é", "on": true}'


@pytest.mark.parametrize("name", ["http/put_crlf.http", "http/put_lf.http"])
def test_raw_request_lands_in_the_fields_and_signs(client: FlaskClient, name: str) -> None:
    text = fixture(name)
    assert ("\r\n" in text) == name.endswith("crlf.http")  # the bytes on disk are as named
    result = import_text(text)
    request = result.request
    assert result.format == "http"
    assert request.method == "PUT"
    assert request.path == "/v1/cameras/7/"
    assert request.params == (("mode", "a b"),)
    assert request.headers == (
        ("Content-Type", "application/json"),
        ("X-AccessKey", "AKID-EXAMPLE"),
    )
    # the LF copy ends with a newline beyond Content-Length: a paste added it
    assert request.body == RAW_BODY
    assert ("Content-Length" in " ".join(result.notes)) == (name == "http/put_lf.http")
    dropped = " ".join(unused_what(result))
    for header in ("Host", "User-Agent", "Accept-Encoding", "Connection", "Content-Length"):
        assert f"`{header}:" in dropped
    expected = "\n".join(
        [
            "PUT",
            "/v1/cameras/7",
            "Content-Type: application/json\nX-AccessKey: AKID-EXAMPLE",
            "mode: a b",
            RAW_BODY,
        ]
    )
    answer = sign(client, result, scheme="actionstreamer", secret=SECRET)
    assert answer["string_to_sign"] == expected
    assert answer["signature"]["hex"] == node_hex("sha256", SECRET, expected) == result.signature


def test_raw_request_body_keeps_its_own_line_endings() -> None:
    body = "line one\r\nline two\n"
    result = import_text(f"POST /p HTTP/1.1\nContent-Length: {len(body)}\n\n{body}")
    assert result.request.body == body
    folded = import_text("GET /p HTTP/1.1\r\nX-Long: a\r\n  b\r\n\r\n")
    assert folded.request.headers == (("X-Long", "a b"),)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "GET /p HTTP/1.1\nX-A: 1\nFoo\n\n",
            "Line 3: `Foo` is not a header (expected `Name: value`)",
        ),
        ("\n\nGET /p HTTP/1.1\nX-A : 1\n", "Line 4: `X-A : 1` has a space before its colon"),
        ("GET /p HTTP/1.1\nBad Name: 1\n", "Line 2: `Bad Name: 1` is not a header"),
    ],
)
def test_raw_request_errors_name_the_line(text: str, words: str) -> None:
    with pytest.raises(InputError) as caught:
        import_text(text)
    assert words in caught.value.message


# --- HAR, as Playwright records it ---------------------------------------------------------


def test_har_lists_its_entries_and_picks_the_first_by_default() -> None:
    result = import_text(fixture("har/playwright.har"))
    assert result.format == "har"
    assert [(e.index, e.method, e.url.split("?")[0]) for e in result.entries] == [
        (0, "GET", "http://127.0.0.1:8000/"),
        (1, "POST", "http://127.0.0.1:8000/api/v1/search"),
        (2, "GET", "http://127.0.0.1:8000/v1/users"),
    ]
    assert result.entry == 0
    assert result.request.method == "GET"
    assert result.request.path == "/"
    assert result.request.headers == (("Accept", "text/html"),)


HAR_BODY = '{"query":"\\u00e9t\\u00e9","limit":2}'


def test_har_entry_lands_in_the_fields_and_signs(client: FlaskClient) -> None:
    # The page that recorded this HAR signed the `Accept: */*` its `fetch` sends; that
    # header reads as the stack's own, so the user says it was signed.
    result = import_har(json.loads(fixture("har/playwright.har")), 1, Choices({"accept": True}))
    accept = next(item for item in result.received if item.name == "Accept")
    assert accept.to_dict() == {
        "name": "Accept",
        "value": "*/*",
        "class": "stack",
        "reason": str(stack_reason("Accept", "*/*")) + "; you marked it signed",
        "signed": True,
    }
    request = result.request
    assert result.entry == 1
    assert request.method == "POST"
    assert request.path == "/api/v1/search"
    assert request.params == (("page", "2"),)
    assert request.body == HAR_BODY
    assert request.headers == (
        ("Accept", "*/*"),
        ("Content-Type", "application/json"),
        ("X-AccessKey", "AKID-EXAMPLE"),
        ("X-Timestamp", "1700000000"),
    )
    assert request.timestamp == 1700000000
    expected = "\n".join(
        [
            "POST",
            "/api/v1/search",
            "Accept: */*\nContent-Type: application/json\nX-AccessKey: AKID-EXAMPLE\n"
            "X-Timestamp: 1700000000",
            "page: 2",
            HAR_BODY,
        ]
    )
    answer = sign(client, result, scheme="actionstreamer", secret=SECRET)
    assert answer["string_to_sign"] == expected
    assert answer["signature"]["hex"] == node_hex("sha256", SECRET, expected) == result.signature


def test_har_apiaxle_entry(client: FlaskClient) -> None:
    result = import_text(fixture("har/playwright.har"), entry=2)
    assert result.request.params == (("api_key", "1234"),)
    assert result.signature == APIAXLE_PUBLISHED
    answer = sign(client, result, scheme="apiaxle", secret="bob-the-builder", timestamp=1700000000)
    assert answer["signature"]["hex"] == APIAXLE_PUBLISHED


def har_with(request: dict[str, object]) -> dict[str, object]:
    base = {"method": "POST", "url": "http://127.0.0.1:8000/p", "headers": []}
    return {"log": {"version": "1.2", "entries": [{"request": {**base, **request}}]}}


def test_har_body_kept_in_a_separate_file_is_reported() -> None:
    har = har_with({"postData": {"mimeType": "application/json", "text": "", "_file": "ab12.json"}})
    result = import_har(har)
    assert result.request.body == ""
    assert "the body (stored in `ab12.json`)" in unused_what(result)


def test_har_form_params_without_text_rebuild_the_body() -> None:
    params = [{"name": "a", "value": "1 2"}, {"name": "b", "value": "é"}]
    har = har_with(
        {"postData": {"mimeType": "application/x-www-form-urlencoded", "params": params}}
    )
    assert import_har(har).request.body == "a=1+2&b=%C3%A9"


def test_har_query_string_is_used_when_the_url_has_none() -> None:
    har = har_with({"method": "GET", "queryString": [{"name": "q", "value": "a b"}]})
    assert import_har(har).request.params == (("q", "a b"),)


@pytest.mark.parametrize(
    ("har", "entry", "field", "words"),
    [
        ({"entries": []}, None, "har", "`log` must be an object"),
        ({"log": {"entries": {}}}, None, "har", "`log.entries` must be a list"),
        ({"log": {"entries": []}}, None, "har", "no entries"),
        (
            {"log": {"entries": [{"request": {"url": "/"}}]}},
            None,
            "har",
            "`log.entries[0].request.method`",
        ),
        (har_with({}), 3, "entry", "There is no entry 3: this HAR has 1 (0 to 0)"),
        (
            har_with({"headers": [{"name": "A"}]}),
            None,
            "har",
            "`log.entries[0].request.headers[0].value`",
        ),
    ],
)
def test_har_errors_name_the_place(har: object, entry: int | None, field: str, words: str) -> None:
    with pytest.raises(InputError) as caught:
        import_har(har, entry)
    assert caught.value.field == field
    assert words in caught.value.message


# --- bare URLs -----------------------------------------------------------------------------


def test_url_query_is_decoded_into_params_in_order_with_repeats() -> None:
    result = import_text(
        "https://h.example/a%20b/c?q=a+b&r=a%20b&s=a%2Bb&t=caf%C3%A9&u=%E2%82%AC&r=2&v=&w#top"
    )
    assert result.format == "url"
    assert result.request.path == "/a%20b/c"  # sent (and signed) as written
    assert result.request.params == (
        ("q", "a b"),
        ("r", "a b"),
        ("s", "a+b"),
        ("t", "café"),
        ("u", "€"),
        ("r", "2"),
        ("v", ""),
        ("w", ""),
    )
    assert "`#top`" in unused_what(result)


def test_url_key_is_form_decoded_and_signs_decoded(client: FlaskClient) -> None:
    result = import_text("https://facebook.api.example.com/?api_key=a%20b%2Bc&api_sig=x")
    assert result.request.api_key == "a b+c"
    answer = sign(client, result, scheme="apiaxle", secret="bob-the-builder", timestamp=1700000000)
    assert answer["string_to_sign"] == "1700000000a b+c"
    assert answer["signature"]["hex"] == node_hex("sha1", "bob-the-builder", "1700000000a b+c")


# --- where signatures, keys and timestamps go -------------------------------------------------


def test_signature_params_follow_apiaxle_precedence() -> None:
    fell = import_text("/?apiaxle_sig=&api_sig=abc&key=k")
    assert fell.signature == "abc"
    assert fell.request.params == (("key", "k"),)
    assert any("`apiaxle_sig` is empty" in note for note in fell.notes)
    both = import_text("/?api_sig=second&apiaxle_sig=first&apiaxle_key=k&api_key=other")
    assert both.signature == "first"
    assert both.request.api_key == "k"
    assert "query parameter `api_sig=second`" in unused_what(both)


def test_authorization_with_a_signature_is_moved_and_others_stay() -> None:
    result = import_text(
        "GET /p HTTP/1.1\n"
        'Authorization: Signature keyId="k",algorithm="hmac-sha256",signature="c2ln+/=="\n'
        "X-Signature: first\n"
    )
    assert result.signature == "c2ln+/=="
    assert result.request.headers == ()
    assert "the signature in the `X-Signature` header" in unused_what(result)
    kept = import_text("GET /p HTTP/1.1\nAuthorization: Bearer abc\n")
    assert kept.signature is None
    assert kept.request.headers == (("Authorization", "Bearer abc"),)


def test_repeated_key_and_odd_timestamp_are_noted() -> None:
    result = import_text("GET /p?api_key=a&api_key=b HTTP/1.1\nX-Timestamp: 2024-01-01\n")
    assert result.request.api_key == "a,b"
    assert result.request.timestamp is None
    notes = " ".join(result.notes)
    assert "Api key is malformed." in notes
    assert "`X-Timestamp: 2024-01-01` is not whole epoch seconds" in notes


# --- detection and errors ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "format_"),
    [
        ("  curl https://h", "curl"),
        ("$ curl https://h", "curl"),
        ("/usr/bin/curl https://h", "curl"),
        ("POST /p HTTP/1.1\r\n", "http"),
        ("GET https://h/p", "http"),
        ('{"log": {}}', "har"),
        ("https://h/p", "url"),
        ("/p?q=1", "url"),
        ("hello", None),
    ],
)
def test_formats_are_detected(text: str, format_: str | None) -> None:
    assert detect(text) == format_


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        ("curl --frobnicate https://h", "text", "Unknown curl option `--frobnicate`"),
        ("curl -Z https://h", "text", "Unknown curl option `-Z`"),
        ("curl 'https://h -H 'A: 1'", "text", "`'` on line 1 is never closed"),
        ("curl https://h \\\n --data-raw $'abc", "text", "`$'` on line 2 is never closed"),
        ('curl "https://h', "text", '`"` on line 1 is never closed'),
        ("curl https://h -H 'NoColon'", "text", "`-H NoColon` is not a header"),
        ("curl https://h -H $'X-A: 1\\r\\nX-B: 2'", "text", "contains a line break"),
        ("curl https://h -X", "text", "`-X` needs a value"),
        ("curl -s", "text", "has no URL"),
        ("curl -X 'GET /' https://h", "text", "not an HTTP method name"),
        ("curl 'https://h/a b'", "text", "contains a space"),
        ('curl ^"https://h^" -H ^"A: 1^"', "text", "Windows (cmd) form"),
        ('{"log": ', "text", "not valid JSON"),
        ('{"log": {"entries": {}}}', "text", "`log.entries` must be a list"),
        ("curl 'http://[::1/p'", "text", "is not a URL"),
        ("hello world", "text", "cannot tell what this is"),
        ("https://h/p q", "text", "cannot contain spaces"),
    ],
)
def test_unreadable_input_names_the_token_or_line(text: str, field: str, words: str) -> None:
    with pytest.raises(InputError) as caught:
        import_text(text)
    assert caught.value.field == field
    assert words in caught.value.message


def test_entry_is_only_for_a_har() -> None:
    with pytest.raises(InputError) as caught:
        import_text("https://h/p", entry=0)
    assert caught.value.field == "entry"


def test_an_overlong_curl_command_is_refused_with_a_way_forward() -> None:
    text = "curl 'https://x.example/a' --data-raw '" + "x" * MAX_CURL_LENGTH + "'"
    with pytest.raises(InputError) as raised:
        import_text(text)
    assert raised.value.status_hint == 413
    assert "paste the body" in raised.value.message
    assert import_text(text[: MAX_CURL_LENGTH - 10] + "'").request.method == "POST"
