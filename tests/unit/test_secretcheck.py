"""Know your secret: the findings name what a secret's text looks like, never quoting it,
and the fingerprint is what the documented shell command prints on the other side."""

from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess

import pytest

from app.core.inputs import parse_sign_input
from app.core.secretcheck import check
from app.core.signing import sign

#: RFC 9421's HMAC test key, base64.
RFC_KEY = "uzvJfB4u3N0Jy4T7NZ75MDVcr8zSTInedJtkgcu46YW4XByzNJjxBdtjUkdJPBtbmHhIDi6pcl8jsasjlTMtDQ=="


def ids(secret: str, encoding: str = "text") -> list[str]:
    key = secret.encode() if encoding == "text" else base64.b64decode(secret)
    return [finding.id for finding in check(secret, encoding, key).findings]


@pytest.mark.parametrize(
    ("secret", "expected"),
    [
        ("a-perfectly-ordinary-secret-42", []),
        ("a-perfectly-ordinary-secret-42\n", ["trailing_newline"]),
        ("a-perfectly-ordinary-secret-42 ", ["trailing_space"]),
        (" a-perfectly-ordinary-secret-42", ["leading_space"]),
        ("a-perfectly ordinary-secret-42", ["inner_space"]),
        ('"a-perfectly-ordinary-secret-42"', ["quoted"]),
        ("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", ["prefix_whsec"]),
        ("sk_test_51Habc0123456789abcdef", ["prefix_sk"]),
        ("AKIAIOSFODNN7EXAMPLE0123", ["prefix_akia"]),
        ("0123456789abcdef0123456789abcdef", ["looks_hex"]),
        (
            "uzvJfB4u3N0Jy4T7NZ75MDVcr8zSTInedJtkgcu46YW4XByzNJjxBdtjUkdJPBtbmHhIDi6pcl8jsasjlTMtDQ==",
            ["looks_base64"],
        ),
        # AWS's example secret access key: base64's alphabet, but used as text.
        ("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", []),
        ("short", ["short"]),
        ("", ["empty"]),
    ],
)
def test_each_finding(secret: str, expected: list[str]) -> None:
    assert ids(secret) == expected


def test_no_message_quotes_the_secret() -> None:
    secret = ' "sk_live_VERY-SECRET-VALUE" \n'
    result = check(secret, "text", secret.encode())
    assert len(result.findings) >= 3
    assert all("VERY-SECRET" not in finding.message for finding in result.findings)


def test_a_decoded_secret_is_not_said_to_look_encoded() -> None:
    secret = base64.b64encode(bytes(range(32))).decode()
    assert ids(secret, "base64") == []


def test_the_fingerprint_is_what_the_documented_command_prints() -> None:
    secret = "It's a Secret to Everybody"
    given = parse_sign_input({"scheme": "actionstreamer", "secret": secret})
    shown = sign(given.scheme, given.recipe, with_lens=False).secret_check().fingerprint
    assert shown == "sha256:" + hashlib.sha256(secret.encode()).hexdigest()[:8]
    shell = shutil.which("sh")
    assert shell is not None
    printed = subprocess.run(
        [shell, "-c", "printf '%s' \"$SECRET\" | sha256sum | cut -c1-8"],
        env={"SECRET": secret, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert shown == "sha256:" + printed


def test_the_fingerprint_is_of_the_decoded_key() -> None:
    raw = bytes(range(64))
    given = parse_sign_input(
        {
            "scheme": "actionstreamer",
            "secret": base64.b64encode(raw).decode(),
            "secret_encoding": "base64",
        }
    )
    known = sign(given.scheme, given.recipe, with_lens=False).secret_check()
    assert known.fingerprint == "sha256:" + hashlib.sha256(raw).hexdigest()[:8]
    assert known.key_bytes == 64
