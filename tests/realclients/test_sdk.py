"""The real ActionStreamer SDK (``actionstreamer`` 1.4.8, over ``requests``) against a loopback
server: every request it signs, imported as captured (raw HTTP, and as a curl command
rendered from the same bytes), matches with no edit; planted mistakes are diagnosed.

The SDK computes each signature itself and sends it in ``X-Signature``: that is the
independent value Sigscope must reproduce. Only its base URL points at the capture server.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest
from actionstreamer.Config import WebServiceConfig
from actionstreamer.WebService import Device, Notification, Setting, Stream
from flask.testing import FlaskClient

from tests.realclients.capture import CaptureServer, capture_server
from tests.realclients.common import as_curl, explained_by, import_and_diagnose

SECRET = "as-test-secret-0123456789"
ACCESS_KEY = "AKID-SDK"

Call = Callable[[WebServiceConfig], object]

#: Realistic calls, one per shape: GET with params, POST and PUT with a JSON body (one with
#: non-ASCII text, which `json.dumps` escapes), DELETE with an empty body.
CALLS: dict[str, Call] = {
    "GET with a param": lambda ws: Setting.get_device_setting(ws, 7, "resolution"),
    "GET with three params": lambda ws: Notification.get_notification_list(ws, 1700000000, True),
    "POST with a JSON body": lambda ws: Device.device_ready(ws, "SN-001", "agent", "1.4.8", 0, 42),
    "PUT with non-ASCII JSON": lambda ws: Setting.update_device_setting(ws, 7, "label", "Café #2"),
    "DELETE": lambda ws: Stream.delete_stream(ws, 12),
}


@pytest.fixture
def server() -> Iterator[CaptureServer]:
    with capture_server() as running:
        yield running


def send(server: CaptureServer, call: Call, secret: str = SECRET) -> bytes:
    """What the SDK put on the wire for ``call``, byte for byte."""
    ws = WebServiceConfig(ACCESS_KEY, secret, base_url=server.base_url)
    before = len(server.captured)
    result = call(ws)
    assert getattr(result, "code", None) == 200
    assert len(server.captured) == before + 1
    return server.captured[-1]


def sent_signature(raw: bytes) -> str:
    for line in raw.partition(b"\r\n\r\n")[0].decode().split("\r\n"):
        name, _, value = line.partition(": ")
        if name == "X-Signature":
            return value
    raise AssertionError("the SDK sent no X-Signature")


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
@pytest.mark.parametrize("form", ["raw HTTP", "curl"])
def test_every_sdk_request_matches_as_captured(
    client: FlaskClient, server: CaptureServer, call: Call, form: str
) -> None:
    raw = send(server, call)
    text = raw.decode("utf-8") if form == "raw HTTP" else as_curl(raw, server.base_url)
    imported, diagnosis = import_and_diagnose(client, text, SECRET)
    assert imported["format"] == ("http" if form == "raw HTTP" else "curl")
    assert (imported["scheme"], imported["variant"]) == ("actionstreamer", "sdk")
    assert imported["signature"] == sent_signature(raw)
    classes = {item["name"].lower(): item["class"] for item in imported["received"]}
    assert classes["accept"] == "stack"  # requests' own `Accept: */*`
    assert classes["x-nonce"] == classes["x-accesskey"] == "signed"
    assert diagnosis["match"] is True, diagnosis["message"]


def test_signing_the_stack_accept_is_what_defeated_the_import(
    client: FlaskClient, server: CaptureServer
) -> None:
    """The reporter's finding: with `Accept: */*` counted as signed, nothing matches."""
    raw = send(server, CALLS["GET with a param"])
    _, diagnosis = import_and_diagnose(client, raw.decode(), SECRET, signed={"Accept": True})
    assert diagnosis["match"] is False


@pytest.mark.parametrize("form", ["raw HTTP", "curl"])
def test_a_secret_read_with_its_trailing_newline_is_diagnosed(
    client: FlaskClient, server: CaptureServer, form: str
) -> None:
    raw = send(server, CALLS["POST with a JSON body"], secret=SECRET + "\n")
    text = raw.decode("utf-8") if form == "raw HTTP" else as_curl(raw, server.base_url)
    _, diagnosis = import_and_diagnose(client, text, SECRET)
    assert diagnosis["match"] is False
    assert ["secret_trailing_newline"] in explained_by(diagnosis)


def _reserialized_in_transit(raw: bytes) -> bytes:
    """The request as a proxy that parses and re-writes JSON bodies forwards it: compact."""
    head, _, body = raw.partition(b"\r\n\r\n")
    compact = json.dumps(json.loads(body), separators=(",", ":")).encode()
    assert compact != body
    lines = [
        f"Content-Length: {len(compact)}".encode() if line.startswith(b"Content-Length:") else line
        for line in head.split(b"\r\n")
    ]
    return b"\r\n".join(lines) + b"\r\n\r\n" + compact


@pytest.mark.parametrize("call", ["POST with a JSON body", "PUT with non-ASCII JSON"])
def test_a_body_re_serialized_in_transit_is_diagnosed(
    client: FlaskClient, server: CaptureServer, call: str
) -> None:
    received = _reserialized_in_transit(send(server, CALLS[call]))
    _, diagnosis = import_and_diagnose(client, received.decode(), SECRET)
    assert diagnosis["match"] is False
    assert ["json_spaced"] in explained_by(diagnosis)
