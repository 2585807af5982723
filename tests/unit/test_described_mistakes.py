"""Every mistake of every described scheme is exercised: on some request it changes the
signature, and the diagnosis, given the signature the lens says it sends ("Break it"), names
it first (or a twin that signs the same string with the same key).

The mistaken strings of the providers' own mistakes are checked against hand-written values
and the libraries in ``test_described.py`` and ``tests/realclients/test_webhooks.py``; the
seed schemes' catalogues are exercised by ``test_mistakes.py`` and ``test_diagnose.py``."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest

from app.core.diagnose import diagnose
from app.core.inputs import parse_sign_input
from app.core.schemes import SCHEMES
from app.core.schemes.described import PROVIDERS
from app.core.signing import LensEntry, sign

JSON_BODY = '{\n  "id": "evt_1",\n  "title": "caf\u00e9 / a&b"\n}'

#: Everything a custom description can flip, in one description.
RICH = {
    "title": "every option",
    "parts": [
        {"kind": "method", "case": "upper"},
        {"kind": "path", "trailing_slash": "strip", "decoded": True},
        {"kind": "query", "sort": "name_value", "encoding": "rfc3986", "duplicates": "unique"},
        {
            "kind": "headers",
            "names": ["X-B", "X-A"],
            "name_case": "lower",
            "values_trimmed": True,
            "sort": "name",
            "duplicates": "unique",
        },
        {
            "kind": "form_params",
            "sort": "name_value",
            "encoding": "rfc3986",
            "duplicates": "unique",
        },
        {"kind": "url", "sort": "name_value", "duplicates": "unique"},
        {"kind": "body_hash", "digest": "hex"},
        {"kind": "body_hash", "digest": "base64"},
    ],
    "separator": "\n",
    "key": {"prefix": "key_", "strip_prefix": True, "encoding": "hex"},
    "mistakes": [
        {
            "id": "reencoded",
            "step": "body_hash",
            "title": "Form re-encoded",
            "explanation": "The form body was parsed and written again.",
            "clause": "hashed the form body re-encoded",
            "fix": "Hash the raw body.",
            "transform": "form_reencoded",
        }
    ],
}
OTHER = {
    "title": "the other way",
    "parts": [
        {"kind": "method"},
        {"kind": "path"},
        {"kind": "query"},
        {"kind": "headers", "names": ["X-B", "X-A"]},
        {"kind": "headers", "sort": "name_value", "pair": ":", "join": ","},
        {"kind": "form_params", "sort": "none", "encoding": "form", "duplicates": "all"},
        {"kind": "url", "encoding": "raw"},
    ],
    "separator": ":",
    "trailing_separator": True,
    "key": {"prefix": "key_", "strip_prefix": False},
}
REQUEST = {
    "method": "post",
    "path": "/a%20b/",
    "params": [["b", "2"], ["a", "x y"], ["a", "1"], ["a", "1"], ["B", "0"], ["c", "\u00e9"]],
    "headers": [["X-A", "  one   two "], ["X-B", "2"], ["X-B", "1"], ["X-B", "2"], ["a-x", "3"]],
    "body": "z=1&b=x%20y&a=2&a=1&a=1",
    "origin": "https://hooks.example.com:8443",
    "api_key": "0a0b0c",
}

#: A key given in hex: the shared "secret used as text" mistake applies to it.
HEX_KEY = {"secret": "6b6579", "secret_encoding": "hex"}

POOL: dict[str, list[dict[str, Any]]] = {
    "stripe": [
        {
            "secret": "whsec_3fVq9Zk2tLr8pXw4bN7mYc1d",
            "timestamp": 1700000000,
            "body": JSON_BODY,
            "api_key": "k",
        },
        {**HEX_KEY, "timestamp": 1700000000, "body": "{}"},
    ],
    "github": [
        {"secret": "It's a Secret to Everybody", "body": JSON_BODY, "api_key": "k"},
        {"secret": "It's a Secret to Everybody", "body": "payload=%7B%22a%22%3A%20%22b%22%7D"},
        {"secret": "c2VjcmV0", "body": "{}"},
        {**HEX_KEY, "body": "{}"},
    ],
    "slack": [
        {
            "secret": "8f742231b10e8888abcd99yyyzzz85a5",
            "timestamp": 1700000000,
            "body": "text=ship%20it&user=Zo\u00eb",
            "api_key": "k",
        },
        {**HEX_KEY, "timestamp": 1700000000, "body": "a=b"},
    ],
    "standard-webhooks": [
        {
            "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "timestamp": 1700000000,
            "message_id": "msg_1",
            "body": JSON_BODY,
            "api_key": "k",
        },
    ],
    "twilio": [
        {
            "secret": "12345",
            "origin": "https://hooks.example.com:8443",
            "path": "/sms",
            "params": [["b", "2"], ["a", "x y"]],
            "body": "To=%2B1&Body=x%20y&Body=a&Body=a&b=Zo\u00eb",
            "api_key": "k",
        },
        {"secret": "12345", "origin": "https://hooks.example.com", "path": "/sms", "body": "B=1"},
        {"secret": "c2VjcmV0", "origin": "https://h.example", "body": "a=b"},
        {**HEX_KEY, "origin": "https://h.example", "body": "a=b"},
        {  # a JSON delivery: the body travels as its hash in the URL
            "secret": "12345",
            "origin": "https://h.example",
            "path": "/events",
            "params": [["bodySHA256", hashlib.sha256(JSON_BODY.encode()).hexdigest()]],
            "body": JSON_BODY,
        },
    ],
    "shopify": [
        {"secret": "hush", "body": JSON_BODY, "api_key": "k"},
        {**HEX_KEY, "body": "{}"},
    ],
    "custom": [
        {**REQUEST, "description": json.dumps(RICH), "secret": "key_6b6579"},
        {**REQUEST, "description": json.dumps(OTHER), "secret": "key_abc"},
        {
            **REQUEST,
            "description": json.dumps(OTHER),
            "secret": "YWJj",
            "secret_encoding": "base64",
        },
        {
            **REQUEST,
            "description": json.dumps(
                {**OTHER, "separator": "\n", "key": {"prefix": "key_", "strip_prefix": True}}
            ),
            "secret": "key_Zm9v",
        },
    ],
}

DESCRIBED = (*PROVIDERS, "custom")

#: Who a diagnosis says computed the signature (a provider's description says `verifier`).
SIGNER = {**dict.fromkeys(PROVIDERS, "Your verifier "), "custom": "Your client "}

#: Output forms the diagnosis reads off the pasted signature rather than searches.
OBSERVED = {"output_hex", "output_hex_upper", "output_base64", "output_base64url"}


def _lens(scheme: str, fields: dict[str, Any]) -> tuple[Any, tuple[LensEntry, ...]]:
    given = parse_sign_input({**fields, "scheme": scheme})
    result = sign(given.scheme, given.recipe, given.context)
    assert result.mistakes is not None
    return given, result.mistakes


def _twins(entries: tuple[LensEntry, ...], entry: LensEntry) -> set[str]:
    """Mistakes that sign the very same string with the same key and hash as ``entry``."""
    return {
        other.instance.id
        for other in entries
        if other.outcome.signature == entry.outcome.signature
        and other.outcome.string_to_sign == entry.outcome.string_to_sign
    }


@pytest.mark.parametrize("scheme", DESCRIBED)
def test_every_mistake_changes_the_signature_somewhere(scheme: str) -> None:
    changed = {
        entry.instance.mistake.id
        for fields in POOL[scheme]
        for entry in _lens(scheme, fields)[1]
        if entry.changes_signature
    }
    assert {m.id for m in SCHEMES[scheme].mistakes} - changed == set()


@pytest.mark.parametrize("scheme", DESCRIBED)
def test_every_mistake_is_named_first_from_its_own_signature(scheme: str) -> None:
    named: set[str] = set()
    for fields in POOL[scheme]:
        given, entries = _lens(scheme, fields)
        for entry in entries:
            if not entry.changes_signature or entry.instance.mistake.id in named:
                continue
            found = diagnose(given.scheme, given.recipe, entry.outcome.sent, given.context)
            if found.match:  # a variant the server accepts too (Twilio tries both ports)
                assert entry.instance.mistake.id.startswith("url_port_")
                named.add(entry.instance.mistake.id)
                continue
            assert found.explanations, f"{entry.instance.id}: {found.message}"
            # A webhook's signature is recomputed by the user's verifier, not sent by a client.
            assert found.explanations[0].summary.startswith(SIGNER[scheme])
            first = {cause.id for cause in found.explanations[0].causes}
            twins = _twins(entries, entry)
            assert first - OBSERVED <= twins, (entry.instance.id, first)
            if first <= twins | OBSERVED:
                named.add(entry.instance.mistake.id)
    missing = {m.id for m in SCHEMES[scheme].mistakes} - named
    assert not missing, f"{scheme}: never named first on its own: {sorted(missing)}"
