"""Know your secret: what its text looks like, and a fingerprint both sides can compare.

Pure. Half of all "signature mismatch" reports end with "we had different secrets": a
trailing newline from a file, the Stripe API key where the webhook secret belongs, a base64
secret used as text. The findings say what the secret's text looks like, never quoting it;
the fingerprint (the first 8 hex characters of SHA-256 of the key's bytes) lets the client
and the server confirm they hold the same key without sending it anywhere:

    printf '%s' "$SECRET" | sha256sum | cut -c1-8                 # secret_encoding text
    printf '%s' "$SECRET" | base64 -d | sha256sum | cut -c1-8     # base64
    printf '%s' "$SECRET" | xxd -r -p | sha256sum | cut -c1-8     # hex

Eight hex characters are 32 bits of a one-way hash: enough to tell two keys apart, far too
few to help anyone guess one.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

#: Shorter keys than this are guessable (RFC 2104 §3: at least the hash's output length).
SHORT_KEY = 16

#: Prefixes that say what a secret is, and what that means for the HMAC key.
PREFIXES = (
    (
        "whsec_",
        "starts with `whsec_`, a webhook signing secret: Stripe keys the HMAC with the whole "
        "text, `whsec_` included; Standard Webhooks (Svix) strips `whsec_` and base64-decodes "
        "the rest",
    ),
    (
        "sk_",
        "starts with `sk_`, a Stripe secret API key: webhooks are signed with the endpoint's "
        "`whsec_` secret instead",
    ),
    ("rk_", "starts with `rk_`, a Stripe restricted API key, not a signing secret"),
    ("pk_", "starts with `pk_`, a publishable key: public, never a signing secret"),
    ("AKIA", "starts with `AKIA`, an AWS access key id (the public half), not the secret key"),
    ("ASIA", "starts with `ASIA`, a temporary AWS access key id, not the secret key"),
    ("Bearer ", "starts with `Bearer `, an HTTP authorization scheme, not part of a key"),
)

_BASE64 = re.compile(r"[A-Za-z0-9+/]+={0,2}")
_HEX = re.compile(r"[0-9a-fA-F]+")


@dataclass(frozen=True)
class Finding:
    id: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "message": self.message}


@dataclass(frozen=True)
class SecretCheck:
    fingerprint: str
    key_bytes: int
    findings: tuple[Finding, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "fingerprint": self.fingerprint,
            "key_bytes": self.key_bytes,
            "findings": [finding.to_dict() for finding in self.findings],
        }


def fingerprint(key: bytes) -> str:
    """``sha256:`` and the first 8 hex characters of SHA-256 of ``key``."""
    return "sha256:" + hashlib.sha256(key).hexdigest()[:8]


def _whitespace(secret: str) -> list[Finding]:
    found = []
    if secret.endswith(("\n", "\r")):
        found.append(
            Finding(
                "trailing_newline",
                "ends with a line break: a secret read from a file or `echo` keeps it; the "
                "other side almost never has it",
            )
        )
    elif secret != secret.rstrip():
        found.append(Finding("trailing_space", "ends with a space or tab"))
    if secret != secret.lstrip():
        found.append(Finding("leading_space", "starts with a space, tab or line break"))
    if any(char.isspace() for char in secret.strip()):
        found.append(Finding("inner_space", "has a space or line break inside it"))
    return found


def _looks(secret: str, encoding: str) -> list[Finding]:
    text = secret.strip()
    found = []
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        found.append(
            Finding("quoted", "is wrapped in quotes: copied from a config file with them?")
        )
    if encoding != "text":
        return found
    if len(text) >= 32 and len(text) % 2 == 0 and _HEX.fullmatch(text):
        found.append(
            Finding(
                "looks_hex",
                f"looks like hex ({len(text) // 2} bytes once decoded): if the server decodes "
                "it, set `secret_encoding` to hex",
            )
        )
    # Only padded base64 is said to look like it: AWS secret keys, for one, are 40 characters
    # of the base64 alphabet and are used as text.
    elif len(text) >= 16 and len(text) % 4 == 0 and text.endswith("=") and _BASE64.fullmatch(text):
        found.append(
            Finding(
                "looks_base64",
                "looks like base64: if the server decodes it, set `secret_encoding` to base64",
            )
        )
    return found


def check(secret: str, encoding: str, key: bytes) -> SecretCheck:
    """What ``secret`` (read as ``encoding``, giving ``key``) looks like, and its fingerprint.
    No message quotes the secret."""
    findings = _whitespace(secret) + _looks(secret, encoding)
    stripped = secret.strip()
    for prefix, meaning in PREFIXES:
        if stripped.startswith(prefix):
            findings.append(Finding("prefix_" + prefix.strip().lower().rstrip("_"), meaning))
            break
    if not key:
        findings.append(Finding("empty", "is empty: the HMAC is keyed with no bytes at all"))
    elif len(key) < SHORT_KEY:
        findings.append(
            Finding(
                "short",
                f"gives a {len(key)}-byte key: suspiciously short (at least {SHORT_KEY} random "
                "bytes is usual); is it a placeholder or only part of the secret?",
            )
        )
    return SecretCheck(fingerprint(key), len(key), tuple(findings))
