"""Slack's oracle: ``slack_sdk.signature.SignatureVerifier.generate_signature``."""

from __future__ import annotations

from slack_sdk import signature as slack_signature

from tests.oracles.capture import expected, signed


def oracle(case: dict[str, object]) -> dict[str, object]:
    body, timestamp = str(case.get("body", "")), str(case["timestamp"])
    verifier = slack_signature.SignatureVerifier(str(case["secret"]))
    string, header = signed(
        slack_signature, lambda: verifier.generate_signature(timestamp=timestamp, body=body)
    )
    digest = bytes.fromhex(header.removeprefix("v0="))
    return expected({"literal": "v0", "timestamp": timestamp, "body": body}, string, digest)
