"""The RFC 9421 oracle: http-message-signatures 3.0.0 computes a vector case's expectations.

``HTTPMessageSigner.prepare`` gives the exact signature base (one line per covered component,
then ``@signature-params``: the steps are its lines), the library's ``HMAC_SHA256`` signs it,
and its ``ContentDigest`` computes the body's digest. Nothing here calls Sigscope.
"""

from __future__ import annotations

import base64
import binascii
import datetime
from typing import Any

import http_sf
from http_message_signatures import HTTPMessageSigner, algorithms
from http_message_signatures.digests import ContentDigest
from http_message_signatures.resolvers import MappingKeyResolver

KEY_ID = "oracle-key"


class Headers:
    """The message's headers as the library reads them: ``items()`` keeps every line."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self.pairs = list(pairs)

    def items(self) -> list[tuple[str, str]]:
        return list(self.pairs)

    def __iter__(self) -> Any:
        return iter([name for name, _ in self.pairs])

    def __contains__(self, name: object) -> bool:
        return any(given.lower() == str(name).lower() for given, _ in self.pairs)

    def __getitem__(self, name: str) -> str:
        return ", ".join(value for given, value in self.pairs if given.lower() == name.lower())

    def __setitem__(self, name: str, value: str) -> None:
        self.pairs.append((name, value))

    def __delitem__(self, name: str) -> None:
        self.pairs = [(given, value) for given, value in self.pairs if given != name]


class Message:
    def __init__(self, method: str, url: str, headers: list[tuple[str, str]]) -> None:
        self.method, self.url, self.headers = method, url, Headers(headers)


def key_bytes(secret: str, encoding: str) -> bytes:
    if encoding == "base64":
        return base64.b64decode(secret)
    if encoding == "hex":
        return binascii.unhexlify(secret)
    return secret.encode("utf-8")


def component_ids(text: str) -> list[str]:
    """The covered components as the strings ``covered_component_ids`` takes."""
    parsed = http_sf.parse(f"c=({text})".encode(), tltype="dictionary")
    items, _ = parsed["c"]  # type: ignore[index, misc]
    return [http_sf.ser((name, params)) for name, params in items]


def _time(given: Any) -> datetime.datetime | None:
    if given is None:
        return None
    return datetime.datetime.fromtimestamp(int(given), datetime.UTC)


def _digest_step(headers: list[tuple[str, str]], body: str) -> str:
    algorithm = "sha-256"
    for name, value in headers:
        if name.lower() == "content-digest":
            members = http_sf.parse(value.encode(), tltype="dictionary")
            algorithm = next((a for a in ("sha-256", "sha-512") if a in members), algorithm)  # type: ignore[operator]
    digest_class = type("Digest", (ContentDigest,), {"algorithm": algorithm})
    return str(digest_class.create(body.encode("utf-8")))


def expected(case: dict[str, Any]) -> dict[str, Any]:
    """A case's ``input`` (a ``/api/v1/sign`` request) -> its ``expected``."""
    headers = [tuple(pair) for pair in case.get("headers", [])]
    query = case.get("query") or ""
    url = case["origin"] + case["path"] + (f"?{query}" if query else "")
    message = Message(case["method"], url, headers)  # type: ignore[arg-type]
    key = key_bytes(case["secret"], case.get("secret_encoding", "text"))
    signer = HTTPMessageSigner(
        signature_algorithm=algorithms.HMAC_SHA256,
        key_resolver=MappingKeyResolver(public_keys={}, private_keys={KEY_ID: key}),
    )
    prepared = signer.prepare(
        message,
        key_id=case["keyid"],
        created=_time(case["created"]),
        expires=_time(case.get("sig_expires")),
        nonce=case.get("sig_nonce") or None,
        tag=case.get("tag") or None,
        label=case.get("label"),
        include_alg=case.get("alg") == "hmac-sha256",
        covered_component_ids=component_ids(case["components"]),
        use_existing_digest=any(name.lower() == "content-digest" for name, _ in headers),
    )
    base = prepared.signature_base
    digest = algorithms.HMAC_SHA256(private_key=key).sign(base)
    lines = base.decode("ascii").split("\n")
    steps = {f"component_{n}": line for n, line in enumerate(lines[:-1], start=1)}
    steps["signature_params"] = lines[-1]
    steps["signature_base"] = base.decode("ascii")
    steps["hmac"] = digest.hex()
    body = case.get("body", "")
    if body or "content-digest" in (name.lower() for name, _ in headers):
        steps["content_digest"] = _digest_step(headers, body)  # type: ignore[arg-type]
    return {
        "steps": steps,
        "string_to_sign": base.decode("ascii"),
        "signature": {"hex": digest.hex(), "base64": base64.b64encode(digest).decode("ascii")},
    }
