"""The real AWS SDK for Python (botocore 1.44.8) against a loopback server: each request it
signs (the ``Authorization`` header, or a presigned URL), imported as captured, matches with
no edit; its clock, past AWS's 15 minutes, is named.

botocore computes each signature itself: that is the independent value Sigscope must
reproduce. Only its endpoint points at the capture server; its clock is patched
(``botocore.auth.get_current_datetime``), so no test reads the wall clock.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime
import urllib.request
from collections.abc import Callable, Iterator
from typing import Any
from unittest import mock

import botocore.auth
import botocore.session
import pytest
from botocore.config import Config
from flask.testing import FlaskClient

from tests.realclients.capture import CaptureServer, capture_server
from tests.realclients.common import api, as_curl, explained_by, import_and_diagnose

ACCESS_KEY = "AKIDEXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
TOKEN = "FQoGZXIvYXdzEXAMPLE//token+with/slashes="
NOW = datetime.datetime(2026, 1, 15, 10, 30, 0)
EPOCH = calendar.timegm(NOW.timetuple())

Call = Callable[[Any], object]

#: One call per shape: S3 with a query holding a space and `+`, S3 with a key to encode and a
#: body, STS's form-encoded POST, and API Gateway's `@connections` path (encoded again).
CALLS: dict[str, tuple[str, Call]] = {
    "S3 list with a spaced prefix": (
        "s3",
        lambda c: c.list_objects_v2(Bucket="examplebucket", Prefix="photos/2015 q3+"),
    ),
    "S3 put of a key with a space": (
        "s3",
        lambda c: c.put_object(Bucket="examplebucket", Key="my file+v1.txt", Body=b"meow"),
    ),
    "STS GetCallerIdentity": ("sts", lambda c: c.get_caller_identity()),
    "API Gateway post to a connection": (
        "apigatewaymanagementapi",
        lambda c: c.post_to_connection(ConnectionId="R0oXAdfD0kwCH6w=", Data=b'{"a":1}'),
    ),
}


@pytest.fixture
def server() -> Iterator[CaptureServer]:
    with capture_server() as running:
        yield running


def aws_client(server: CaptureServer, service: str, token: str | None = None) -> Any:
    session = botocore.session.Session()
    session.set_credentials(ACCESS_KEY, SECRET, token)
    config = Config(
        signature_version="s3v4" if service == "s3" else None,
        retries={"total_max_attempts": 1},
        s3={"addressing_style": "path"},
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
    )
    return session.create_client(
        service, region_name="eu-west-1", endpoint_url=server.base_url, config=config
    )


def send(server: CaptureServer, service: str, call: Call, token: str | None = None) -> bytes:
    """What botocore put on the wire for ``call``, byte for byte (its clock patched)."""
    before = len(server.captured)
    # The loopback's `{}` is no AWS answer: the request sent is what counts.
    with (
        mock.patch.object(botocore.auth, "get_current_datetime", return_value=NOW),
        contextlib.suppress(Exception),
    ):
        call(aws_client(server, service, token))
    assert len(server.captured) == before + 1
    return server.captured[-1]


def authorization(raw: bytes) -> str:
    for header in raw.partition(b"\r\n\r\n")[0].decode().split("\r\n")[1:]:
        name, _, value = header.partition(": ")
        if name.lower() == "authorization":
            return value
    raise AssertionError("botocore sent no Authorization header")


@pytest.mark.parametrize("call", CALLS, ids=CALLS.keys())
@pytest.mark.parametrize("form", ["raw HTTP", "curl"])
def test_every_signed_request_matches_as_captured(
    client: FlaskClient, server: CaptureServer, call: str, form: str
) -> None:
    service, make = CALLS[call]
    raw = send(server, service, make)
    text = raw.decode("utf-8") if form == "raw HTTP" else as_curl(raw, server.base_url)
    imported, diagnosis = import_and_diagnose(client, text, SECRET)
    assert (imported["scheme"], imported["variant"]) == ("aws-sigv4", "header")
    assert imported["signature"] == authorization(raw).rpartition("Signature=")[2]
    assert diagnosis["match"] is True, diagnosis["message"]


def test_temporary_credentials_sign_their_token(client: FlaskClient, server: CaptureServer) -> None:
    raw = send(server, "sts", lambda c: c.get_caller_identity(), token=TOKEN)
    assert "x-amz-security-token" in authorization(raw)
    imported, diagnosis = import_and_diagnose(client, raw.decode(), SECRET)
    assert imported["request"]["session_token"] == TOKEN
    assert diagnosis["match"] is True, diagnosis["message"]


def presigned_url(server: CaptureServer, token: str | None = None) -> str:
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=NOW):
        url: str = aws_client(server, "s3", token).generate_presigned_url(
            "get_object",
            Params={"Bucket": "examplebucket", "Key": "reports/2015 Q3+final.csv"},
            ExpiresIn=900,
        )
    return url


@pytest.mark.parametrize("token", [None, TOKEN], ids=["long-term", "session token"])
def test_a_presigned_url_matches_sent_and_pasted(
    client: FlaskClient, server: CaptureServer, token: str | None
) -> None:
    url = presigned_url(server, token)
    with urllib.request.urlopen(url) as answer:  # the loopback capture server
        assert answer.status == 200
    raw = server.captured[-1]
    for text in (raw.decode("utf-8"), url):
        imported = api(client, "import", {"text": text})
        assert (imported["scheme"], imported["variant"]) == ("aws-sigv4", "presigned")
        assert imported["signature"] == url.rpartition("X-Amz-Signature=")[2]
        assert not any(name.startswith("X-Amz-") for name, _ in imported["request"]["params"])
        answer = diagnose_imported(client, imported, server_time=EPOCH + 60)
        assert answer["match"] is True, answer["message"]


def diagnose_imported(
    client: FlaskClient, imported: dict[str, Any], **extra: object
) -> dict[str, Any]:
    """``/diagnose`` for an import's answer as it stands, plus the secret and ``extra``."""
    request = {key: value for key, value in imported["request"].items() if value is not None}
    payload = {**request, "scheme": imported["scheme"], "variant": imported["variant"]}
    signature = imported["signature"]
    return api(client, "diagnose", {**payload, "secret": SECRET, "signature": signature, **extra})


def test_a_presigned_url_past_its_expiry_is_refused(
    client: FlaskClient, server: CaptureServer
) -> None:
    imported = api(client, "import", {"text": presigned_url(server)})
    answer = diagnose_imported(client, imported, server_time=EPOCH + 901)
    assert answer["match"] is False
    assert explained_by(answer)[0] == ["presigned_expired"]


def test_a_clock_15_minutes_off_is_named(client: FlaskClient, server: CaptureServer) -> None:
    raw = send(server, "sts", lambda c: c.get_caller_identity())
    imported = api(client, "import", {"text": raw.decode()})
    answer = diagnose_imported(client, imported, server_time=EPOCH - 1200)
    assert answer["match"] is False
    assert explained_by(answer)[0] == ["clock_skew"]
