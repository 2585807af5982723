"""RFC 9530 ``Content-Digest``: what the body's digest is, and whether the header says so.

A signature covers the ``Content-Digest`` header as sent, not the body: it protects the body
only if the verifier also recomputes the digest from the bytes it received (SCHEMES2.md
§2.5: even the httpsig.org playground skips that). This step does it. Pure.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Container

from app.core.recipe import Recipe
from app.core.schemes.rfc9421 import sf
from app.core.trace import Step

HEADER = "content-digest"

#: RFC 9530 §5 algorithms a verifier checks (``sha-256``, ``sha-512``).
HASHES = {"sha-256": hashlib.sha256, "sha-512": hashlib.sha512}


def body_digest(body: str, algorithm: str = "sha-256") -> str:
    """``sha-256=:base64:`` of the body's UTF-8 bytes."""
    digest = HASHES[algorithm](body.encode("utf-8")).digest()
    return f"{algorithm}=:{base64.b64encode(digest).decode('ascii')}:"


def header_value(recipe: Recipe) -> str | None:
    values = [
        value.strip(" \t") for name, value in recipe.request.headers if name.lower() == HEADER
    ]
    return ", ".join(values) if values else None


def check(header: str, body: str) -> tuple[bool | None, str]:
    """Whether the header's digests equal the body's (``None``: unreadable or no known
    algorithm), and the algorithm compared."""
    try:
        members = sf.dictionary(header)
    except sf.SFError:
        return None, ""
    for algorithm, hasher in HASHES.items():
        member = members.get(algorithm)
        if member is not None:
            sent = member[0]
            if not isinstance(sent, bytes):
                return None, algorithm
            return hmac.compare_digest(sent, hasher(body.encode("utf-8")).digest()), algorithm
    return None, ""


def matches_body(recipe: Recipe) -> bool | None:
    """Whether the request's ``Content-Digest`` is the body's (``None``: no header, or one
    a verifier cannot read)."""
    header = header_value(recipe)
    return None if header is None else check(header, recipe.request.body)[0]


def digest_step(recipe: Recipe, covered: Container[str]) -> Step | None:
    """The body's digest beside the header's, when either is there."""
    header = header_value(recipe)
    body = recipe.request.body
    if header is None and not body and HEADER not in covered:
        return None
    same, algorithm = (None, "") if header is None else check(header, body)
    computed = body_digest(body, algorithm or "sha-256")
    notes = []
    if header is None:
        notes.append("no `Content-Digest` header: the body travels unprotected")
    else:
        if same is None:
            notes.append(
                f"the header `{header}` is not an RFC 9530 digest a verifier can read "
                "(`sha-256=:base64:`, with the colons; draft-cavage's `Digest: SHA-256=…` is "
                "another header)"
            )
        elif same:
            notes.append(f"the header's `{algorithm}` equals the body's: the body is as signed")
        else:
            notes.append(
                f"the header's `{algorithm}` is NOT the body's: the body changed after signing "
                "(a proxy re-serialized it?) or the digest is stale; a verifier that checks it "
                "rejects the request, though the signature matches"
            )
    if header is not None and HEADER not in covered:
        notes.append("`content-digest` is not covered: the signature does not protect it")
    return Step("content_digest", "Content-Digest of the body", body, computed, "; ".join(notes))
