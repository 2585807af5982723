"""Stripe's oracle: ``stripe.WebhookSignature.generate_signature_header`` (stripe-python)."""

from __future__ import annotations

from stripe import WebhookSignature, _webhook

from tests.oracles.capture import expected, signed


def oracle(case: dict[str, object]) -> dict[str, object]:
    body, secret, timestamp = str(case.get("body", "")), str(case["secret"]), case["timestamp"]
    string, header = signed(
        _webhook,
        lambda: WebhookSignature.generate_signature_header(body, secret, timestamp=timestamp),
    )
    v1 = dict(item.split("=", 1) for item in header.split(","))["v1"]
    return expected({"timestamp": str(timestamp), "body": body}, string, bytes.fromhex(v1))
