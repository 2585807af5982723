"""The scheme registry. Adding a scheme: write a module that builds a ``Scheme``, list it here."""

from __future__ import annotations

from app.core.schemes import actionstreamer, apiaxle, described, oauth1, rfc9421, sigv4
from app.core.schemes.base import Scheme

SCHEMES: dict[str, Scheme] = {
    scheme.name: scheme
    for scheme in (
        actionstreamer.SCHEME,
        apiaxle.SCHEME,
        oauth1.SCHEME,
        sigv4.SCHEME,
        rfc9421.SCHEME,
        *described.SCHEMES,
    )
}
