"""A real RFC 9421 client: http-message-signatures 3.0.0 signs ``requests``' prepared requests,
``requests`` sends them to a loopback server, and each captured request, imported as it
arrived (raw HTTP, and as a curl command rendered from the same bytes), matches with no edit
but the secret; planted mistakes are named.

The library computes each signature and writes ``Signature-Input`` and ``Signature`` itself:
that is the independent value Sigscope must reproduce. ``created`` is passed in, never read
from the clock.
"""

from __future__ import annotations

import base64
import datetime
import json
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from flask.testing import FlaskClient
from http_message_signatures import HTTPMessageSigner, algorithms
from http_message_signatures.resolvers import MappingKeyResolver

from tests.realclients.capture import CaptureServer, capture_server
from tests.realclients.common import api, as_curl, explained_by

KEY = "uzvJfB4u3N0Jy4T7NZ75MDVcr8zSTInedJtkgcu46YW4XByzNJjxBdtjUkdJPBtbmHhIDi6pcl8jsasjlTMtDQ=="
KEY_ID = "client-key"
CREATED = 1700000000

#: Components each call covers; ``@scheme``/``@target-uri`` only where the evidence says the
#: scheme (a raw request names only its Host: the import assumes https).
CALLS: dict[str, dict[str, Any]] = {
    "GET with a query": {
        "method": "GET",
        "path": "/v1/items?limit=10&q=caf%C3%A9+au+lait&tag=~x",
        "components": ("@method", "@authority", "@path", "@query", '"@query-param";name="q"'),
    },
    "POST with a JSON body and its digest": {
        "method": "POST",
        "path": "/v1/orders",
        "json": {"id": 7, "note": "Montréal"},
        "components": ("@method", "@authority", "@request-target", "content-type"),
        "body": True,
    },
    "DELETE with a nonce, a tag and alg": {
        "method": "DELETE",
        "path": "/v1/sessions/42",
        "components": ("@method", "@authority", "@path"),
        "options": {"nonce": "n-8a1f", "tag": "app-1", "include_alg": True, "label": "req"},
    },
}


@pytest.fixture
def server() -> Iterator[CaptureServer]:
    with capture_server() as running:
        yield running


def send(server: CaptureServer, call: dict[str, Any], key: bytes | None = None) -> bytes:
    """What ``requests`` put on the wire for ``call``, signed by the library."""
    session = requests.Session()
    request = requests.Request(
        call["method"], server.base_url.rstrip("/") + call["path"], json=call.get("json")
    )
    prepared = session.prepare_request(request)
    signer = HTTPMessageSigner(
        signature_algorithm=algorithms.HMAC_SHA256,
        key_resolver=MappingKeyResolver(
            public_keys={}, private_keys={KEY_ID: key or base64.b64decode(KEY)}
        ),
    )
    body = prepared.body if isinstance(prepared.body, bytes) else b""
    signer.sign(
        prepared,
        key_id=KEY_ID,
        created=datetime.datetime.fromtimestamp(CREATED, datetime.UTC),
        covered_component_ids=call["components"],
        body=body if call.get("body") else None,
        **{"include_alg": False, **call.get("options", {})},
    )
    before = len(server.captured)
    assert session.send(prepared).status_code == 200
    assert len(server.captured) == before + 1
    return server.captured[-1]


def sent_signature(raw: bytes) -> str:
    for line in raw.partition(b"\r\n\r\n")[0].decode().split("\r\n"):
        name, _, value = line.partition(": ")
        if name == "Signature":
            return value.partition("=")[2].strip(":")
    raise AssertionError("the library sent no Signature")


def import_and_diagnose(
    client: FlaskClient, text: str, **extra: object
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Import, add the secret (base64, as given) and the verifier's clock, and diagnose."""
    imported = api(client, "import", {"text": text})
    request = {key: value for key, value in imported["request"].items() if value is not None}
    payload = {
        **request,
        "scheme": imported["scheme"],
        "secret": KEY,
        "secret_encoding": "base64",
        "server_time": CREATED + 2,
        "signature": imported["signature"],
        **extra,
    }
    return imported, api(client, "diagnose", payload)


def as_text(raw: bytes, server: CaptureServer, form: str) -> str:
    return raw.decode("utf-8") if form == "raw HTTP" else as_curl(raw, server.base_url)


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
@pytest.mark.parametrize("form", ["raw HTTP", "curl"])
def test_every_signed_request_matches_as_captured(
    client: FlaskClient, server: CaptureServer, call: dict[str, Any], form: str
) -> None:
    raw = send(server, call)
    imported, diagnosis = import_and_diagnose(client, as_text(raw, server, form))
    assert imported["scheme"] == "rfc9421"
    assert imported["signature"] == sent_signature(raw)
    classes = {item["name"].lower(): item["class"] for item in imported["received"]}
    assert classes["signature"] == classes["signature-input"] == "signature"
    if call.get("body"):
        assert classes["content-digest"] == "signed"
    assert diagnosis["match"] is True, diagnosis["message"]


def test_the_origin_is_read_from_a_curl_url_and_target_uri_matches(
    client: FlaskClient, server: CaptureServer
) -> None:
    call = {**CALLS["GET with a query"], "components": ("@method", "@target-uri", "@scheme")}
    raw = send(server, call)
    imported, diagnosis = import_and_diagnose(client, as_curl(raw, server.base_url))
    assert imported["request"]["origin"] == server.base_url.rstrip("/")
    assert diagnosis["match"] is True, diagnosis["message"]


@pytest.mark.parametrize("form", ["raw HTTP", "curl"])
def test_a_key_used_as_its_base64_text_is_named(
    client: FlaskClient, server: CaptureServer, form: str
) -> None:
    raw = send(server, CALLS["POST with a JSON body and its digest"], key=KEY.encode())
    _, diagnosis = import_and_diagnose(client, as_text(raw, server, form))
    assert diagnosis["match"] is False
    assert explained_by(diagnosis)[0] == ["secret_not_decoded"]


def test_a_body_re_serialized_in_transit_is_rejected_though_the_signature_matches(
    client: FlaskClient, server: CaptureServer
) -> None:
    raw = send(server, CALLS["POST with a JSON body and its digest"])
    head, _, body = raw.partition(b"\r\n\r\n")
    compact = json.dumps(json.loads(body), separators=(",", ":")).encode()
    lines = [
        f"Content-Length: {len(compact)}".encode() if line.startswith(b"Content-Length:") else line
        for line in head.split(b"\r\n")
    ]
    received = b"\r\n".join(lines) + b"\r\n\r\n" + compact
    imported, diagnosis = import_and_diagnose(client, received.decode())
    assert diagnosis["match"] is False
    signed = {key: value for key, value in imported["request"].items() if value is not None}
    answer = api(
        client,
        "sign",
        {**signed, "scheme": "rfc9421", "secret": KEY, "secret_encoding": "base64", "lens": False},
    )
    digest = next(step for step in answer["steps"] if step["id"] == "content_digest")
    assert "NOT the body's" in digest["note"]
