"""SigV4's signing key: four HMAC-SHA256 steps from ``"AWS4" + secret`` (SCHEMES2.md §1.1).

``kDate = HMAC("AWS4" + secret, date)``, ``kRegion = HMAC(kDate, region)``,
``kService = HMAC(kRegion, service)``, ``kSigning = HMAC(kService, "aws4_request")``; the
signature is ``HMAC(kSigning, string to sign)`` in lower-case hex. Pure.
"""

from __future__ import annotations

import hmac

from app.core.digest import secret_bytes
from app.core.recipe import Recipe
from app.core.schemes.sigv4.inputs import TERMINATOR, scope_names

#: (step id, title) of each derivation, in order.
DERIVATIONS = (
    ("k_date", 'kDate = HMAC("AWS4" + secret, date)'),
    ("k_region", "kRegion = HMAC(kDate, region)"),
    ("k_service", "kService = HMAC(kRegion, service)"),
    ("k_signing", 'kSigning = HMAC(kService, "aws4_request")'),
)


def derived_keys(
    recipe: Recipe, date: str, region: str, service: str
) -> list[tuple[str, str, str, bytes]]:
    """Each derived key: ``(step id, title, what it hashed, key bytes)``."""
    key = b"AWS4" + secret_bytes(recipe)
    found = []
    for (step_id, title), message in zip(
        DERIVATIONS, (date, region, service, TERMINATOR), strict=True
    ):
        key = hmac.digest(key, message.encode("utf-8"), "sha256")
        found.append((step_id, title, message, key))
    return found


def signing_key(recipe: Recipe) -> bytes:
    """``Scheme.key``: kSigning for the date, region and service ``recipe`` signs."""
    return derived_keys(recipe, *scope_names(recipe))[-1][3]
