"""Twilio signs the URL as it sent it. JSON deliveries: the body travels as its SHA-256 in the
URL's `bodySHA256`, and the signature covers the URL alone; and a query written with `+`
for a space is signed so. Signed and checked by twilio-python's ``RequestValidator``, sent
to the loopback capture server, imported from the captured bytes: a right delivery matches,
a body changed after hashing is refused as the library refuses it, and a verifier that signs
the JSON's members as parameters is named."""

from __future__ import annotations

import hashlib
import json

from flask.testing import FlaskClient
from twilio.request_validator import RequestValidator

from tests.realclients.common import explained_by
from tests.realclients.test_webhooks import TWILIO_TOKEN, deliver, diagnosed, server

__all__ = ["server"]  # the capture server fixture, shared with the other deliveries

ORIGIN = "https://hooks.example.com"
MEMBERS = {"EventType": "com.twilio.messaging.message.delivered", "MessageSid": "SM123 abc"}
BODY = json.dumps(MEMBERS, indent=2)


def _path(body: str) -> str:
    return f"/events?tenant=7&bodySHA256={hashlib.sha256(body.encode()).hexdigest()}"


def _headers(signature: str) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "Host": "hooks.example.com",
        "X-Twilio-Signature": signature,
    }


def test_a_json_delivery_imports_and_matches(server: object, client: FlaskClient) -> None:
    url = ORIGIN + _path(BODY)
    validator = RequestValidator(TWILIO_TOKEN)
    signature = validator.compute_signature(url, {})
    assert validator.validate(url, BODY, signature)  # the library's own verdict
    raw = deliver(server, _headers(signature), BODY, _path(BODY))  # type: ignore[arg-type]
    imported, diagnosis = diagnosed(client, raw, TWILIO_TOKEN)
    assert imported["scheme"] == "twilio"
    assert diagnosis["match"] is True, diagnosis["message"]


def test_a_body_changed_after_hashing_is_refused(server: object, client: FlaskClient) -> None:
    url = ORIGIN + _path(BODY)
    validator = RequestValidator(TWILIO_TOKEN)
    signature = validator.compute_signature(url, {})
    changed = BODY.replace("delivered", "read")
    assert not validator.validate(url, changed, signature)
    raw = deliver(server, _headers(signature), changed, _path(BODY))  # type: ignore[arg-type]
    _, diagnosis = diagnosed(client, raw, TWILIO_TOKEN)
    assert diagnosis["match"] is False
    [explanation] = diagnosis["explanations"]
    assert "`bodySHA256` is not the body's SHA-256" in explanation["summary"]


def test_json_members_signed_as_parameters_are_named(server: object, client: FlaskClient) -> None:
    # What twilio-node's `validateRequest(token, signature, url, req.body)` computes over a
    # parsed JSON body (string members: the Python library writes them alike).
    url = ORIGIN + _path(BODY)
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(url, MEMBERS)
    raw = deliver(server, _headers(signature), BODY, _path(BODY))  # type: ignore[arg-type]
    _, diagnosis = diagnosed(client, raw, TWILIO_TOKEN)
    assert diagnosis["match"] is False
    assert ["json_members_as_params"] in explained_by(diagnosis), diagnosis["message"]


def test_a_query_with_plus_is_signed_as_sent(server: object, client: FlaskClient) -> None:
    path = "/sms?x=a+b&y=%C3%A9"
    form = {"Body": "Hello there"}
    validator = RequestValidator(TWILIO_TOKEN)
    signature = validator.compute_signature(ORIGIN + path, form)
    assert validator.validate(ORIGIN + path, form, signature)
    headers = {**_headers(signature), "Content-Type": "application/x-www-form-urlencoded"}
    raw = deliver(server, headers, "Body=Hello+there", path)  # type: ignore[arg-type]
    imported, diagnosis = diagnosed(client, raw, TWILIO_TOKEN)
    assert imported["request"]["path"] == path  # kept as sent: `a+b`, not `a%20b`
    assert diagnosis["match"] is True, diagnosis["message"]
