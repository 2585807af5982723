"""A described scheme's own hash and output form reach the diagnosis: SHA-384 and MD5 digests
are read (for the scheme that asks for them, not for any other), and a digest sent in another
form than the description's `output` is named. Expected digests come from Python's `hmac`."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

import pytest

from app.core.diagnose import diagnose
from app.core.errors import InputError
from app.core.inputs import parse_sign_input
from app.core.sigformat import parse_signature

STRING = "POST\n/orders\n{}"


def _fields(hash_name: str, output: str) -> dict[str, object]:
    description = {
        "title": "t",
        "parts": [{"kind": "method"}, {"kind": "path"}, {"kind": "body"}],
        "hash": hash_name,
        "output": output,
    }
    return {
        "scheme": "custom",
        "description": json.dumps(description),
        "method": "POST",
        "path": "/orders",
        "body": "{}",
        "secret": "s3cret",
    }


def _digest(hash_name: str, text: str = STRING) -> bytes:
    return hmac.new(b"s3cret", text.encode(), hash_name).digest()


def _explained(fields: dict[str, object], signature: str) -> tuple[bool, list[list[str]], str]:
    given = parse_sign_input(fields)
    found = diagnose(given.scheme, given.recipe, signature, given.context)
    mistakes = [explanation.to_dict()["mistakes"] for explanation in found.explanations]
    summary = found.explanations[0].summary if found.explanations else ""
    return found.match, mistakes, summary  # type: ignore[return-value]


@pytest.mark.parametrize("hash_name", ["sha384", "md5"])
def test_a_digest_of_the_descriptions_own_hash_is_read_and_matches(hash_name: str) -> None:
    digest = _digest(hash_name)
    assert _explained(_fields(hash_name, "hex"), digest.hex())[0] is True
    assert _explained(_fields(hash_name, "base64"), base64.b64encode(digest).decode())[0]


@pytest.mark.parametrize("hash_name", ["sha384", "md5"])
def test_a_mistake_under_the_descriptions_own_hash_is_named(hash_name: str) -> None:
    signed = _digest(hash_name, STRING + "\n").hex()
    match, mistakes, _ = _explained(_fields(hash_name, "hex"), signed)
    assert match is False
    assert ["trailing_separator_added"] in mistakes


def test_sha256_sent_for_a_sha384_description_is_the_wrong_hash() -> None:
    match, mistakes, _ = _explained(_fields("sha384", "hex"), _digest("sha256").hex())
    assert match is False
    assert mistakes[0] == ["wrong_hash:sha256"]


@pytest.mark.parametrize(
    ("output", "sent", "named", "words"),
    [
        ("hex", "base64", "output_base64", "sent the signature in base64"),
        ("base64", "hex", "output_hex", "sent the signature in lower-case hex"),
        ("hex", "hex_upper", "output_hex_upper", "sent the signature in upper-case hex"),
    ],
)
def test_a_digest_sent_in_another_form_than_the_descriptions_is_named(
    output: str, sent: str, named: str, words: str
) -> None:
    digest = _digest("sha256")
    text = {
        "hex": digest.hex(),
        "hex_upper": digest.hex().upper(),
        "base64": base64.b64encode(digest).decode(),
    }[sent]
    match, mistakes, summary = _explained(_fields("sha256", output), text)
    assert match is False
    assert mistakes[0] == [named]
    assert words in summary


def test_md5_and_sha384_are_read_only_when_the_scheme_asks_for_them() -> None:
    md5 = hmac.new(b"k", b"x", "md5").hexdigest()  # 32 hex characters: often half a SHA-256
    with pytest.raises(InputError) as raised:
        parse_signature(md5)
    assert "SHA-1, SHA-256 or SHA-512 HMAC is 40, 64 or 128 characters" in raised.value.message
    assert parse_signature(md5, ("sha256", "md5")).algorithm == "md5"
    sha384 = hashlib.sha384(b"x").hexdigest()
    assert parse_signature(f"hmac-sha384 {sha384}", ("sha384",)).prefix == "hmac-sha384 "
    with pytest.raises(InputError):
        parse_signature(sha384)
    # A scheme that signs SHA-256 still refuses an MD5 paste, with its sizes in words.
    fields = {"scheme": "actionstreamer", "method": "GET", "path": "/x", "secret": "k"}
    given = parse_sign_input(fields)
    with pytest.raises(InputError, match="32 hex characters"):
        diagnose(given.scheme, given.recipe, md5, given.context)
