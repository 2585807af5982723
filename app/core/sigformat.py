"""Read a signature as people paste it, and say what form it was in.

A signature copied from a log, a header dump or a chat arrives as lower- or upper-case hex,
base64 or base64url (padded or not), often behind a prefix (``sha256=``, ``v0=``,
``HMAC-SHA256 ``) and with stray spaces or line breaks. This module recovers the digest bytes,
so a search can compare bytes once instead of re-encoding every candidate, and records the
form, so the answer can say whether the server would have accepted it. Anything that is not a
SHA-1, SHA-256 or SHA-512 digest (or the SHA-384 or MD5 its scheme asks for) in one
of those forms is an ``InputError`` naming ``signature``: guessing at garbage would only
produce a confident wrong answer.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass

from app.core.digest import ALGORITHMS, HASH_TITLES
from app.core.errors import InputError

FIELD = "signature"

#: Longest text accepted: a base64 SHA-512 digest is 88 characters; the rest is slack for
#: prefixes and line breaks, and a bound on the work a bad paste can cause.
MAX_LENGTH = 1024

#: Digest size in bytes -> hash name, for every hash Sigscope signs with (the sizes differ).
DIGEST_SIZES: dict[int, str] = {hashlib.new(name).digest_size: name for name in HASH_TITLES}

#: The hashes a signature is read as unless its scheme asks for another: a 32-character hex
#: paste is far more often half a SHA-256 than an MD5.
USUAL = tuple(ALGORITHMS)

# The prefixes webhook senders and hand-written clients put before the digest: GitHub's
# `sha256=`, Slack's `v0=`, Stripe-like `v1=`, and an `Authorization`-style scheme word.
_PREFIX = re.compile(
    r"(?:sha-?(?:1|256|384|512)|md5|v[0-9])=|hmac-(?:sha-?(?:1|256|384|512)|md5)[ \t]+", re.I
)
_HEX = re.compile(r"[0-9a-fA-F]+")
_BASE64 = re.compile(r"[A-Za-z0-9+/]+={0,2}")
_BASE64URL = re.compile(r"[A-Za-z0-9_-]+={0,2}")
_ALPHABET = re.compile(r"[A-Za-z0-9+/_=-]")
_URL_TO_STANDARD = str.maketrans("-_", "+/")

#: Form -> how the answer names it.
FORM_NAMES: dict[str, str] = {
    "hex": "lower-case hex",
    "hex_upper": "upper-case hex",
    "hex_mixed": "mixed-case hex",
    "base64": "base64",
    "base64url": "base64url",
}


@dataclass(frozen=True)
class ParsedSignature:
    """A pasted signature: its digest bytes and how it was written.

    ``text`` is the signature with the prefix and whitespace removed, as a server comparing
    strings would see it; ``padded`` is ``None`` for hex.
    """

    digest: bytes
    form: str
    prefix: str | None
    padded: bool | None
    whitespace: bool
    text: str

    @property
    def algorithm(self) -> str:
        return DIGEST_SIZES[len(self.digest)]

    def describe(self) -> str:
        """The form in words, e.g. "base64url, unpadded, after a `sha256=` prefix"."""
        parts = [FORM_NAMES[self.form]]
        if self.padded is False:
            parts.append("unpadded")
        if self.prefix is not None:
            parts.append(f"after a `{self.prefix}` prefix")
        if self.whitespace:
            parts.append("stray whitespace ignored")
        return ", ".join(parts)

    def to_dict(self, accepted: bool) -> dict[str, object]:
        return {
            "form": self.form,
            "prefix": self.prefix,
            "padded": self.padded,
            "hash": self.algorithm,
            "bytes": len(self.digest),
            "accepted": accepted,
            "description": self.describe(),
        }


def _sizes(hashes: tuple[str, ...], unit: str, scale: int) -> str:
    known = sorted((size, name) for size, name in DIGEST_SIZES.items() if name in hashes)
    names = [re.sub(r"^SHA", "SHA-", name.upper()) for _, name in known]
    counts = [str(size * scale) for size, _ in known]
    return (
        f"a {', '.join(names[:-1])} or {names[-1]} HMAC is "
        f"{', '.join(counts[:-1])} or {counts[-1]} {unit}"
    )


def _split_prefix(text: str) -> tuple[str | None, str]:
    """The prefix as written (its separating spaces kept as one) and the text after it."""
    match = _PREFIX.match(text)
    if match is None:
        return None, text
    written = match.group(0)
    prefix = written.rstrip() + " " if written[-1].isspace() else written
    return prefix, text[match.end() :]


def _hex(text: str) -> tuple[bytes, str, None] | None:
    if not _HEX.fullmatch(text) or len(text) % 2 or len(text) // 2 not in DIGEST_SIZES:
        return None
    cases = {text.upper(): "hex_upper", text.lower(): "hex"}  # digits alone are plain hex
    return bytes.fromhex(text), cases.get(text, "hex_mixed"), None


def _base64_bytes(text: str) -> tuple[bytes, str, bool] | None:
    """Decode base64 or base64url, padded or not; ``None`` if it is neither."""
    if _BASE64.fullmatch(text):
        form, standard = "base64", text
    elif _BASE64URL.fullmatch(text):
        form, standard = "base64url", text.translate(_URL_TO_STANDARD)
    else:
        return None
    bare = standard.rstrip("=")
    try:
        digest = base64.b64decode(bare + "=" * (-len(bare) % 4), validate=True)
    except binascii.Error:
        return None
    return digest, form, bare != standard


def _unreadable(text: str, hashes: tuple[str, ...]) -> InputError:
    """Why ``text`` (prefix and whitespace removed) is no digest Sigscope knows."""
    bad = next((char for char in text if not _ALPHABET.fullmatch(char)), None)
    if bad is not None:
        return InputError(
            FIELD,
            f"`{FIELD}` contains {bad!r}, which is neither hex nor base64: paste the signature "
            "alone (a `sha256=`-style prefix and surrounding spaces are fine).",
        )
    if _HEX.fullmatch(text):
        return InputError(
            FIELD,
            f"`{FIELD}` is {len(text)} hex characters, but {_sizes(hashes, 'characters', 2)}: "
            "check it was copied whole.",
        )
    decoded = _base64_bytes(text)
    if decoded is None:
        return InputError(
            FIELD,
            f"`{FIELD}` is neither hex nor valid base64 or base64url: check it was copied "
            "whole, and that it does not mix `+/` with `-_`.",
        )
    return InputError(
        FIELD,
        f"`{FIELD}` decodes to {len(decoded[0])} bytes, but {_sizes(hashes, 'bytes', 1)}: "
        "check it was copied whole.",
    )


def parse_signature(value: object, hashes: tuple[str, ...] = USUAL) -> ParsedSignature:
    """The digest and form of a pasted signature, or an ``InputError`` saying what is wrong.

    ``hashes``: the hashes whose digest sizes are read (those of ``USUAL`` and the scheme's)."""
    if value is None:
        raise InputError(
            FIELD, f"`{FIELD}` is required: the signature the client sent (hex or base64)."
        )
    if not isinstance(value, str):
        raise InputError(FIELD, f"`{FIELD}` must be a string: hex or base64 text.")
    if len(value) > MAX_LENGTH:
        raise InputError(
            FIELD,
            f"`{FIELD}` is {len(value)} characters long: paste the signature alone "
            f"(at most {MAX_LENGTH} characters).",
        )
    stripped = value.strip()
    prefix, rest = _split_prefix(stripped)
    text = "".join(rest.split())
    if not text:
        raise InputError(FIELD, f"`{FIELD}` is empty: paste the signature the client sent.")
    decoded = _hex(text) or _base64_bytes(text)
    if decoded is None or DIGEST_SIZES.get(len(decoded[0])) not in hashes:
        raise _unreadable(text, hashes)
    digest, form, padded = decoded
    whitespace = stripped != value or text != rest
    return ParsedSignature(digest, form, prefix, padded, whitespace, text)
