"""HMAC computation (``signature_of``) and the encodings a signature travels in, as tables."""

from __future__ import annotations

import base64
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.core.recipe import Recipe
    from app.core.schemes.base import Scheme

#: The hash functions Sigscope signs with, by name. The mistake lens tries the others.
ALGORITHMS: dict[str, str] = {
    "sha1": "HMAC-SHA1",
    "sha256": "HMAC-SHA256",
    "sha512": "HMAC-SHA512",
}

#: Every hash a scheme may sign with, by name: ``ALGORITHMS`` and the ones only a scheme
#: description asks for (SHA-384; MD5 for old in-house schemes). The lens and the
#: diagnosis try ``ALGORITHMS`` alone.
HASH_TITLES: dict[str, str] = {**ALGORITHMS, "sha384": "HMAC-SHA384", "md5": "HMAC-MD5 (legacy)"}


def _node_latin1(text: str) -> bytes:
    # Node <= 5 hashed strings with its "binary" (latin-1) encoding by default: each UTF-16
    # code unit is truncated to its low byte, so "é" becomes 0xE9 and "€" becomes 0xAC.
    units = text.encode("utf-16-le", "surrogatepass")
    return units[::2]


#: How a string to sign becomes the bytes that are hashed.
MESSAGE_ENCODINGS: dict[str, Callable[[str], bytes]] = {
    "utf-8": lambda text: text.encode("utf-8"),
    "latin-1": _node_latin1,
}

#: How a digest is written down when it is sent.
OUTPUT_ENCODINGS: dict[str, Callable[[bytes], str]] = {
    "hex": bytes.hex,
    "hex_upper": lambda digest: digest.hex().upper(),
    "base64": lambda digest: base64.b64encode(digest).decode("ascii"),
    "base64url": lambda digest: base64.urlsafe_b64encode(digest).decode("ascii"),
}


@dataclass(frozen=True)
class Signature:
    """A digest with the two renderings every answer carries."""

    digest: bytes

    @property
    def hex(self) -> str:
        return self.digest.hex()

    @property
    def base64(self) -> str:
        return base64.b64encode(self.digest).decode("ascii")

    def encoded(self, output: str) -> str:
        return OUTPUT_ENCODINGS[output](self.digest)

    def to_dict(self) -> dict[str, str]:
        return {"hex": self.hex, "base64": self.base64}


def decode_secret(text: str, encoding: str) -> bytes:
    """``text`` as key bytes in ``encoding`` (``declare.SECRET_ENCODINGS``). Raises
    ``ValueError`` (never quoting the secret) when it is not valid base64 or hex. Base64 may
    be URL-safe or unpadded, as secrets are pasted."""
    if encoding == "text":
        return text.encode("utf-8")
    compact = "".join(text.split())
    if encoding == "hex":
        try:
            return bytes.fromhex(compact)
        except ValueError:
            raise ValueError("is not hex: use 0-9 and a-f, two per byte") from None
    if encoding == "base64":
        standard = compact.replace("-", "+").replace("_", "/")
        try:
            return base64.b64decode(standard + "=" * (-len(standard) % 4), validate=True)
        except ValueError:
            raise ValueError("is not base64: use A-Z, a-z, 0-9, + and / (or - and _)") from None
    raise ValueError(f"has an unknown encoding {encoding!r}")


def secret_bytes(recipe: Recipe) -> bytes:
    """The recipe's secret as key bytes, decoded as its ``secret_encoding`` says."""
    return decode_secret(recipe.secret, recipe.secret_encoding)


def signature_of(scheme: Scheme, recipe: Recipe, text: str) -> Signature:
    """The one path from a recipe to its signature: the scheme's key and message bytes for
    ``text`` (the string to sign), hashed with the recipe's hash. ``Signature.encoded`` then
    writes it in the recipe's output form."""
    return Signature(
        hmac.digest(scheme.key(recipe), scheme.message(recipe, text), recipe.algorithm)
    )


def same_signature(sent: str, expected: str) -> bool:
    """Constant-time comparison of two signatures as sent (strings)."""
    return hmac.compare_digest(sent.encode("utf-8"), expected.encode("utf-8"))
