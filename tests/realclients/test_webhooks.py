"""Each webhook provider's delivery, signed by its official library (GitHub and Shopify: the
documentation's HMAC), sent over HTTP to the loopback capture server, imported from the
captured bytes and diagnosed: a right delivery matches with no edit, and a planted mistake
is named. The providers' clocks are the libraries' too (patched, never the wall clock)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import requests
import stripe
from flask.testing import FlaskClient
from slack_sdk.signature import SignatureVerifier
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError
from twilio.request_validator import RequestValidator

from tests.realclients.capture import CaptureServer, capture_server
from tests.realclients.common import api, explained_by

NOW = 1700000000
EVENT = '{\n  "id": "evt_1",\n  "type": "invoice.paid",\n  "data": {"amount": 1000}\n}'
COMPACT = json.dumps(json.loads(EVENT), separators=(",", ":"))
STRIPE_SECRET = "whsec_3fVq9Zk2tLr8pXw4bN7mYc1d"
SW_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
GITHUB_SECRET = "It's a Secret to Everybody"
SHOPIFY_SECRET = "shpss_0123456789abcdef"
TWILIO_TOKEN = "12345"
SLACK_FORM = "command=%2Fdeploy&text=ship%20it%20now&user_id=U2CERLKJA"
TWILIO_FORM = {"Body": "Hello there", "From": "+14158675309", "To": "+18005551212"}
TWILIO_URL = "https://hooks.example.com/sms?tenant=7"


@pytest.fixture
def server() -> Iterator[CaptureServer]:
    with capture_server() as running:
        yield running


def deliver(server: CaptureServer, headers: dict[str, str], body: str, path: str = "/hooks") -> str:
    """POST the delivery to the capture server; the bytes it received, as text."""
    response = requests.post(
        server.base_url.rstrip("/") + path, data=body.encode("utf-8"), headers=headers, timeout=5
    )
    assert response.status_code == 200
    return server.captured[-1].decode("utf-8")


def diagnosed(
    client: FlaskClient, raw: str, secret: str, server_time: int | None = NOW
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Import the captured bytes, add the secret and the server's clock, and diagnose the
    signature the import found: the import's request is used as it is."""
    imported = api(client, "import", {"text": raw})
    request = {k: v for k, v in imported["request"].items() if v is not None}
    payload = {**request, "scheme": imported["scheme"], "secret": secret}
    if server_time is not None and "server_time" in _inputs(client, imported["scheme"]):
        payload["server_time"] = server_time
    diagnosis = api(client, "diagnose", {**payload, "signature": imported["signature"]})
    return imported, diagnosis


def _inputs(client: FlaskClient, scheme: str) -> list[str]:
    schemes = client.get("/api/v1/schemes").get_json()["schemes"]
    inputs: list[str] = next(s["inputs"] for s in schemes if s["scheme"] == scheme)
    return inputs


# --- one delivery per provider, signed by its library ----------------------------------------


def stripe_delivery(body: str, signed: str | None = None, secret: str = STRIPE_SECRET) -> tuple:
    header = stripe.WebhookSignature.generate_signature_header(
        signed if signed is not None else body, secret, timestamp=NOW
    )
    return {"Content-Type": "application/json", "Stripe-Signature": header}, body


def github_delivery(body: str, signed: str | None = None) -> tuple:
    digest = hmac.new(
        GITHUB_SECRET.encode(), (signed if signed is not None else body).encode(), hashlib.sha256
    ).hexdigest()
    return {
        "Content-Type": "application/json",
        "X-GitHub-Event": "push",
        "X-GitHub-Delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958",
        "X-Hub-Signature-256": "sha256=" + digest,
    }, body


def slack_delivery(body: str, signed: str | None = None) -> tuple:
    verifier = SignatureVerifier(SLACK_SECRET)
    signature = verifier.generate_signature(
        timestamp=str(NOW), body=signed if signed is not None else body
    )
    return {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": str(NOW),
        "X-Slack-Signature": str(signature),
    }, body


def sw_delivery(body: str, secret: str = SW_SECRET) -> tuple:
    when = datetime.fromtimestamp(NOW, UTC)
    return {
        "Content-Type": "application/json",
        "webhook-id": "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W",
        "webhook-timestamp": str(NOW),
        "webhook-signature": "v1a,bm9wZQ== "
        + Webhook(secret).sign("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", when, body),
    }, body


def twilio_delivery(url: str = TWILIO_URL) -> tuple:
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(url, TWILIO_FORM)
    body = "&".join(f"{k}={requests.utils.quote(v, safe='')}" for k, v in TWILIO_FORM.items())
    return {
        "Content-Type": "application/x-www-form-urlencoded",
        "Host": "hooks.example.com",
        "X-Twilio-Signature": signature,
    }, body


def shopify_delivery(body: str, form: str = "base64") -> tuple:
    digest = hmac.new(SHOPIFY_SECRET.encode(), body.encode(), hashlib.sha256).digest()
    sent = base64.b64encode(digest).decode() if form == "base64" else digest.hex()
    return {
        "Content-Type": "application/json",
        "X-Shopify-Topic": "orders/create",
        "X-Shopify-Hmac-Sha256": sent,
    }, body


RIGHT = {
    "stripe": (lambda: stripe_delivery(EVENT), STRIPE_SECRET),
    "github": (lambda: github_delivery(EVENT), GITHUB_SECRET),
    "slack": (lambda: slack_delivery(SLACK_FORM), SLACK_SECRET),
    "standard-webhooks": (lambda: sw_delivery(EVENT), SW_SECRET),
    "twilio": (twilio_delivery, TWILIO_TOKEN),
    "shopify": (lambda: shopify_delivery(EVENT), SHOPIFY_SECRET),
}


@pytest.mark.parametrize("provider", RIGHT)
def test_a_delivery_imports_and_matches(
    server: CaptureServer, client: FlaskClient, provider: str
) -> None:
    make, secret = RIGHT[provider]
    headers, body = make()
    path = "/sms?tenant=7" if provider == "twilio" else "/hooks"
    raw = deliver(server, headers, body, path)
    imported, diagnosis = diagnosed(client, raw, secret)
    assert imported["scheme"] == provider
    assert diagnosis["match"] is True, diagnosis["message"]


# --- planted mistakes, named ---------------------------------------------------------------


PLANTED = {
    # The sender's bytes were re-serialized somewhere before the check.
    "stripe body re-serialized": (
        lambda: stripe_delivery(EVENT, signed=COMPACT),
        STRIPE_SECRET,
        "body_json_stringified",
    ),
    "stripe secret decoded as Standard Webhooks does": (
        lambda: (
            {
                "Content-Type": "application/json",
                "Stripe-Signature": f"t={NOW},v1="
                + hmac.new(
                    base64.b64decode(STRIPE_SECRET.removeprefix("whsec_")),
                    f"{NOW}.{EVENT}".encode(),
                    hashlib.sha256,
                ).hexdigest(),
            },
            EVENT,
        ),
        STRIPE_SECRET,
        "secret_as_standard_webhooks",
    ),
    "standard webhooks secret used whole, as Stripe does": (
        lambda: (
            {
                "Content-Type": "application/json",
                "webhook-id": "msg_1",
                "webhook-timestamp": str(NOW),
                "webhook-signature": "v1,"
                + base64.b64encode(
                    hmac.new(
                        SW_SECRET.encode(), f"msg_1.{NOW}.{EVENT}".encode(), hashlib.sha256
                    ).digest()
                ).decode(),
            },
            EVENT,
        ),
        SW_SECRET,
        "secret_as_stripe",
    ),
    "slack %20 re-encoded as +": (
        lambda: slack_delivery(SLACK_FORM, signed=SLACK_FORM.replace("%20", "+")),
        SLACK_SECRET,
        "form_reencoded",
    ),
    "github form delivery verified over its JSON": (
        lambda: github_delivery(
            "payload=" + requests.utils.quote(COMPACT, safe=""), signed=COMPACT
        ),
        GITHUB_SECRET,
        "form_payload_json",
    ),
    "twilio url rebuilt as http": (
        lambda: twilio_delivery(TWILIO_URL.replace("https://", "http://")),
        TWILIO_TOKEN,
        "url_http",
    ),
    "shopify hex instead of base64": (
        lambda: shopify_delivery(EVENT, form="hex"),
        SHOPIFY_SECRET,
        "output_hex",
    ),
}


@pytest.mark.parametrize("case", PLANTED)
def test_a_planted_mistake_is_named(server: CaptureServer, client: FlaskClient, case: str) -> None:
    make, secret, mistake = PLANTED[case]
    headers, body = make()
    path = "/sms?tenant=7" if "twilio" in case else "/hooks"
    raw = deliver(server, headers, body, path)
    _, diagnosis = diagnosed(client, raw, secret)
    assert diagnosis["match"] is False
    assert [mistake] in explained_by(diagnosis), diagnosis["message"]


# --- the clock: each provider's tolerance, as its library applies it --------------------------


@pytest.mark.parametrize(
    ("provider", "age", "accepted"),
    [
        ("stripe", 300, True),
        ("stripe", 301, False),
        ("stripe", -3600, True),  # Stripe does not check a timestamp from the future
        ("slack", 300, True),
        ("slack", -301, False),
        ("standard-webhooks", 301, False),
        ("standard-webhooks", -300, True),
    ],
)
def test_the_match_applies_the_providers_tolerance(
    server: CaptureServer,
    client: FlaskClient,
    monkeypatch: pytest.MonkeyPatch,
    provider: str,
    age: int,
    accepted: bool,
) -> None:
    make, secret = RIGHT[provider]
    headers, body = make()
    raw = deliver(server, headers, body)
    _, diagnosis = diagnosed(client, raw, secret, server_time=NOW + age)
    assert diagnosis["match"] is accepted, diagnosis["message"]
    assert _library_accepts(provider, headers, body, secret, NOW + age, monkeypatch) is accepted


def _library_accepts(
    provider: str,
    headers: dict[str, str],
    body: str,
    secret: str,
    now: int,
    monkeypatch: pytest.MonkeyPatch,
) -> bool:
    """The official verifier's own answer at ``now`` (its clock patched)."""
    if provider == "stripe":
        monkeypatch.setattr("stripe._webhook.time.time", lambda: now)
        try:
            stripe.WebhookSignature.verify_header(
                body, headers["Stripe-Signature"], secret, tolerance=300
            )
        except stripe.SignatureVerificationError:
            return False
        return True
    if provider == "slack":
        verifier = SignatureVerifier(secret, clock=_Clock(now))
        return verifier.is_valid_request(body, headers)
    monkeypatch.setattr("standardwebhooks.webhooks.datetime", _FrozenDatetime(now))
    try:
        Webhook(secret).verify(body, headers)
    except WebhookVerificationError:
        return False
    return True


class _Clock:
    def __init__(self, now: int) -> None:
        self.value = now

    def now(self) -> float:
        return float(self.value)


class _FrozenDatetime:
    """``datetime`` as ``standardwebhooks`` uses it, its ``now`` frozen."""

    def __init__(self, now: int) -> None:
        self.value = datetime.fromtimestamp(now, UTC)

    def now(self, tz: object = None) -> datetime:
        return self.value

    def __getattr__(self, name: str) -> Any:
        return getattr(datetime, name)


def test_a_header_of_several_signatures_matches_any_one(
    server: CaptureServer, client: FlaskClient
) -> None:
    """A secret rotation: Stripe sends a `v1` per secret, the right one not necessarily
    first. The import hands the whole header value over; stripe-python's own verifier and
    the diagnosis both accept it, and with a wrong secret the first digest is explained."""
    headers, body = stripe_delivery(EVENT)
    decoy = "v1=" + "0" * 64
    headers["Stripe-Signature"] = headers["Stripe-Signature"].replace("v1=", decoy + ",v1=")
    assert stripe.WebhookSignature.verify_header(
        body, headers["Stripe-Signature"], STRIPE_SECRET, tolerance=None
    )
    raw = deliver(server, headers, body)
    imported, diagnosis = diagnosed(client, raw, STRIPE_SECRET)
    assert imported["signature"] == headers["Stripe-Signature"]
    assert any("carries 2 signatures" in note for note in imported["notes"])
    assert diagnosis["match"] is True, diagnosis["message"]
    _, wrong = diagnosed(client, raw, STRIPE_SECRET + "x")
    assert wrong["match"] is False
    assert wrong["signature_format"]["description"].startswith("lower-case hex")


def test_a_chunked_delivery_is_read_from_its_chunks(
    server: CaptureServer, client: FlaskClient
) -> None:
    """`requests` sends a generator's body chunked: the captured bytes carry the chunk
    sizes, which the import leaves out as the server does; a paste edited inside a chunk
    (its size no longer right) is taken as pasted, and says so."""
    headers, body = github_delivery(EVENT)
    pieces = [body[:10].encode(), body[10:].encode()]
    response = requests.post(
        server.base_url.rstrip("/") + "/hooks", data=iter(pieces), headers=headers, timeout=5
    )
    assert response.status_code == 200
    raw = server.captured[-1].decode("utf-8")
    assert "Transfer-Encoding: chunked" in raw
    imported, diagnosis = diagnosed(client, raw, GITHUB_SECRET)
    assert imported["request"]["body"] == body
    assert any("read from its chunks" in note for note in imported["notes"])
    assert diagnosis["match"] is True, diagnosis["message"]
    mangled = raw.replace("invoice.paid", "invoice.paid!")  # a size no longer right
    again = api(client, "import", {"text": mangled})
    assert any("does not read as chunks" in note for note in again["notes"])
