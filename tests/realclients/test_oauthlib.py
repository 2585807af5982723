"""oauthlib's ``Client`` (4.0.1) signs real requests, sent over ``requests`` to a loopback
server: each captured request, imported as raw HTTP and as a curl command, matches with no
edit but the secrets; requests signed by mistaken clients are diagnosed.

oauthlib computes each signature itself and puts it where the request carries it (the
``Authorization`` header, the query, the form body): that is the independent value Sigscope
must reproduce. Its nonce and timestamp are fixed, so the bytes are the same every run.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from unittest import mock
from urllib.parse import quote, urlsplit

import pytest
import requests
from flask.testing import FlaskClient
from oauthlib.oauth1 import Client
from oauthlib.oauth1.rfc5849 import utils

from tests.realclients.capture import CaptureServer, capture_server
from tests.realclients.common import api, as_curl, explained_by

CONSUMER_KEY = "consumer-key-0123456789"
CONSUMER_SECRET = "consumer-secret-0123"
TOKEN = "token-key-abcdefghij"
TOKEN_SECRET = "token-secret-9876"
TIMESTAMP = 1700000000
NONCE = "n0nce0123456789abcdef"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}

#: (placement, method, path and query, body, headers, signature method)
CALLS: dict[str, tuple[str, str, str, str | None, dict[str, str], str]] = {
    "header, GET with a query": (
        "AUTH_HEADER",
        "GET",
        "1.1/statuses/home_timeline.json?count=5&q=a+b%21",
        None,
        {},
        "HMAC-SHA1",
    ),
    "header, POST with a form body": (
        "AUTH_HEADER",
        "POST",
        "1.1/statuses/update.json?include_entities=true",
        "status=Hello+Ladies+%2B+Gentlemen%2C+a+signed+OAuth+request%21",
        FORM,
        "HMAC-SHA1",
    ),
    "header, POST with JSON (oauth_body_hash)": (
        "AUTH_HEADER",
        "POST",
        "2/tweets",
        '{"text": "caf\\u00e9 (signed)"}',
        {"Content-Type": "application/json"},
        "HMAC-SHA1",
    ),
    "header, HMAC-SHA256": (
        "AUTH_HEADER",
        "DELETE",
        "v1/items/7?force=true",
        None,
        {},
        "HMAC-SHA256",
    ),
    "query": ("QUERY", "GET", "photos?file=vacation.jpg&size=original", None, {}, "HMAC-SHA1"),
    "form body": ("BODY", "POST", "photos", "title=Caf%C3%A9+%21&tags=a&tags=b", FORM, "HMAC-SHA1"),
}


@pytest.fixture
def server() -> Iterator[CaptureServer]:
    with capture_server() as running:
        yield running


def send(server: CaptureServer, call: str, **client: Any) -> bytes:
    """What oauthlib's Client signed for ``call``, as ``requests`` put it on the wire."""
    placement, method, target, body, headers, signature_method = CALLS[call]
    signer = Client(
        CONSUMER_KEY,
        client_secret=client.get("client_secret", CONSUMER_SECRET),
        resource_owner_key=TOKEN,
        resource_owner_secret=client.get("resource_owner_secret", TOKEN_SECRET),
        signature_method=signature_method,
        signature_type=placement,
        realm=client.get("realm"),
        nonce=NONCE,
        timestamp=str(TIMESTAMP),
    )
    uri, signed_headers, signed_body = signer.sign(
        server.base_url + target, method, body, dict(headers)
    )
    before = len(server.captured)
    answer = requests.request(method, uri, headers=signed_headers, data=signed_body, timeout=10)
    assert answer.status_code == 200
    assert len(server.captured) == before + 1
    return server.captured[-1]


def origin(server: CaptureServer) -> str:
    parts = urlsplit(server.base_url)
    return f"{parts.scheme}://{parts.netloc}"


def import_and_diagnose(
    client: FlaskClient, server: CaptureServer, raw: bytes, form: str, **secrets: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Import the capture as ``form``, add the secrets, diagnose the signature it carried. A
    raw request names no scheme (http or https): the user says http, as for this server."""
    text = raw.decode("utf-8") if form == "raw HTTP" else as_curl(raw, server.base_url)
    imported = api(client, "import", {"text": text})
    request = {key: value for key, value in imported["request"].items() if value is not None}
    if form == "raw HTTP":
        request["origin"] = origin(server)
    payload = {
        **request,
        "scheme": imported["scheme"],
        "secret": secrets.get("secret", CONSUMER_SECRET),
        "token_secret": secrets.get("token_secret", TOKEN_SECRET),
        "server_time": TIMESTAMP + 5,
        "signature": imported["signature"],
    }
    return imported, api(client, "diagnose", payload)


@pytest.mark.parametrize("call", CALLS)
@pytest.mark.parametrize("form", ["raw HTTP", "curl"])
def test_every_oauthlib_request_matches_as_captured(
    client: FlaskClient, server: CaptureServer, call: str, form: str
) -> None:
    raw = send(server, call)
    imported, diagnosis = import_and_diagnose(client, server, raw, form)
    assert imported["scheme"] == "oauth1"
    assert imported["request"]["api_key"] == CONSUMER_KEY
    assert imported["request"]["timestamp"] == TIMESTAMP
    assert imported["request"]["oauth_nonce"] == NONCE
    assert diagnosis["match"] is True, diagnosis["message"]


def test_the_realm_is_read_and_not_signed(client: FlaskClient, server: CaptureServer) -> None:
    raw = send(server, "header, GET with a query", realm="Photos")
    imported, diagnosis = import_and_diagnose(client, server, raw, "curl")
    assert imported["request"]["realm"] == "Photos"
    assert diagnosis["match"] is True, diagnosis["message"]


def test_a_client_that_forgot_the_token_secret_is_diagnosed(
    client: FlaskClient, server: CaptureServer
) -> None:
    raw = send(server, "header, GET with a query", resource_owner_secret=None)
    _, diagnosis = import_and_diagnose(client, server, raw, "curl")
    assert diagnosis["match"] is False
    assert explained_by(diagnosis)[0] == ["token_secret_forgotten"]


def test_a_secret_read_with_its_trailing_newline_is_diagnosed(
    client: FlaskClient, server: CaptureServer
) -> None:
    raw = send(server, "header, POST with a form body", client_secret=CONSUMER_SECRET + "\n")
    _, diagnosis = import_and_diagnose(client, server, raw, "raw HTTP")
    assert explained_by(diagnosis)[0] == ["secret_trailing_newline"]


def test_a_client_encoding_with_encode_uri_component_is_diagnosed(
    client: FlaskClient, server: CaptureServer
) -> None:
    """oauthlib with its encoder swapped for JavaScript's ``encodeURIComponent``."""
    with mock.patch.object(utils, "escape", lambda text: quote(text, safe="~!*'()")):
        raw = send(server, "header, GET with a query")
    _, diagnosis = import_and_diagnose(client, server, raw, "curl")
    assert explained_by(diagnosis)[0] == ["encode_uri_component"]


def test_a_raw_request_over_http_is_read_as_https_said_and_explained(
    client: FlaskClient, server: CaptureServer
) -> None:
    """Raw HTTP names no scheme: the import assumes https and says so; left as it is, the
    mismatch is explained as the scheme swapped, with the URL oauthlib signed."""
    raw = send(server, "header, GET with a query")
    imported = api(client, "import", {"text": raw.decode("utf-8")})
    assert imported["request"]["origin"].startswith("https://")
    assert any("If it went over plain `http://`" in note for note in imported["notes"])
    request = {key: value for key, value in imported["request"].items() if value is not None}
    payload = {
        **request,
        "scheme": "oauth1",
        "secret": CONSUMER_SECRET,
        "token_secret": TOKEN_SECRET,
        "server_time": TIMESTAMP + 5,
        "signature": imported["signature"],
    }
    diagnosis = api(client, "diagnose", payload)
    assert explained_by(diagnosis)[0] == ["scheme_swapped"]
    assert origin(server) + "/1.1/statuses" in diagnosis["explanations"][0]["summary"]
