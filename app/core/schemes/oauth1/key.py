"""The HMAC key (RFC 5849 §3.4.2): ``enc(consumer secret) & enc(token secret)``.

"key is set to the concatenated values of: 1. The client shared-secret, after being encoded
(Section 3.6). 2. An "&" character (ASCII code 38), which MUST be included even when either
secret is empty. 3. The token shared-secret, after being encoded (Section 3.6)."

The consumer secret is ``secret_bytes(recipe)`` (the ``secret_encoding`` applied); the token
secret is text. The trace never shows either: only their lengths and the key's structure.
"""

from __future__ import annotations

from app.core.digest import secret_bytes
from app.core.recipe import Recipe
from app.core.schemes.oauth1.encoding import enc
from app.core.trace import Step

TOKEN_SECRET = "token_secret"  # noqa: S105 (the input's name, not a secret)


def _parts(recipe: Recipe) -> tuple[bytes, bytes, bytes]:
    consumer = enc(secret_bytes(recipe)).encode("ascii")
    token = enc(recipe.secret_input(TOKEN_SECRET)).encode("ascii")
    if "token_secret_forgotten" in recipe.flags:
        token = b""
    joiner = b"" if "ampersand_dropped" in recipe.flags and not token else b"&"
    return consumer, joiner, token


def key(recipe: Recipe) -> bytes:
    """The key bytes: the encoded secrets are ASCII, so text and bytes agree."""
    return b"".join(_parts(recipe))


def _masked(length: int, what: str) -> str:
    return f"[{what}: {length} characters]" if length else f"[{what}: empty]"


def key_step(recipe: Recipe) -> Step:
    """The key's structure, masked: each secret's encoded length, and the ``&``."""
    consumer, joiner, token = _parts(recipe)
    given = len(recipe.secret_input(TOKEN_SECRET))
    notes = []
    if not given:
        notes.append("no token secret: the key still ends with `&` (RFC 5849 §3.4.2)")
    if "token_secret_forgotten" in recipe.flags and given:
        notes.append("the token secret left out")
    if not joiner:
        notes.append("the `&` dropped")
    if len(consumer) != len(secret_bytes(recipe)):
        notes.append("the consumer secret has characters outside `A-Z a-z 0-9 - . _ ~`: encoded")
    return Step(
        "signing_key",
        "The key: enc(consumer secret) `&` enc(token secret)",
        f"consumer secret ({len(secret_bytes(recipe))} bytes), token secret ({given} characters)",
        _masked(len(consumer), "consumer secret")
        + joiner.decode("ascii")
        + _masked(len(token), "token secret")
        + f" = {len(consumer) + len(joiner) + len(token)} bytes",
        "; ".join(notes) or None,
    )
