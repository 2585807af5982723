"""The real ``curl`` binary against a loopback server: it adds `Host`, `User-Agent` and
`Accept: */*` on its own; the request it sends, imported as captured, matches the signature
computed independently (Node's crypto) over what the client signed."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from tests.realclients.capture import CaptureServer, capture_server
from tests.realclients.common import import_and_diagnose
from tests.reference import node

SECRET = "as-test-secret-0123456789"
BODY = '{"name": "cam 01", "note": "Montréal"}'


@pytest.fixture
def server() -> Iterator[CaptureServer]:
    with capture_server() as running:
        yield running


def run_curl(server: CaptureServer, *args: str) -> bytes:
    curl = shutil.which("curl")
    assert curl is not None, "curl is required: run `make tools`"
    subprocess.run([curl, "-sS", "-o", "/dev/null", *args], check=True, timeout=30)
    return server.captured[-1]


def signature(string_to_sign: str) -> str:
    return node.hmac_hex([("sha256", SECRET.encode(), string_to_sign.encode())])[0]


def test_curl_post_with_its_own_headers_matches(client: FlaskClient, server: CaptureServer) -> None:
    # The tutorial's string: the headers the client set, sorted; the param; the body.
    signed = (
        f"POST\n/v1/devices\nContent-Type: application/json\nX-AccessKey: AKID\nlimit: 10\n{BODY}"
    )
    raw = run_curl(
        server,
        f"{server.base_url}v1/devices?limit=10",
        "-H", "Content-Type: application/json",
        "-H", "X-AccessKey: AKID",
        "-H", f"X-Signature: {signature(signed)}",
        "--data-raw", BODY,
    )  # fmt: skip
    head = raw.partition(b"\r\n\r\n")[0].decode()
    assert "\r\nAccept: */*\r\n" in head
    assert "\r\nUser-Agent: curl/" in head
    imported, diagnosis = import_and_diagnose(client, raw.decode("utf-8"), SECRET)
    assert (imported["scheme"], imported["variant"]) == ("actionstreamer", None)
    stack = {item["name"] for item in imported["received"] if item["class"] == "stack"}
    assert stack == {"Host", "User-Agent", "Accept", "Content-Length"}
    assert diagnosis["match"] is True, diagnosis["message"]


def test_curl_get_matches_and_a_signed_accept_is_one_click_away(
    client: FlaskClient, server: CaptureServer
) -> None:
    plain = "GET\n/v1/devices\nX-AccessKey: AKID\nZeta: z\nalpha: a\n"  # empty body last
    raw = run_curl(
        server,
        f"{server.base_url}v1/devices?Zeta=z&alpha=a",
        "-H", "X-AccessKey: AKID",
        "-H", f"X-Signature: {signature(plain)}",
    )  # fmt: skip
    _, diagnosis = import_and_diagnose(client, raw.decode(), SECRET)
    assert diagnosis["match"] is True, diagnosis["message"]

    # A client that did sign curl's `Accept: */*`: the user says so, and it matches too.
    with_accept = "GET\n/v1/devices\nAccept: */*\nX-AccessKey: AKID\nZeta: z\nalpha: a\n"
    raw = run_curl(
        server,
        f"{server.base_url}v1/devices?Zeta=z&alpha=a",
        "-H", "X-AccessKey: AKID",
        "-H", f"X-Signature: {signature(with_accept)}",
    )  # fmt: skip
    _, as_classified = import_and_diagnose(client, raw.decode(), SECRET)
    assert as_classified["match"] is False
    _, flipped = import_and_diagnose(client, raw.decode(), SECRET, signed={"accept": True})
    assert flipped["match"] is True, flipped["message"]
