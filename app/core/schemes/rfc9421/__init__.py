"""RFC 9421 HTTP Message Signatures, ``hmac-sha256`` (SCHEMES2.md §2): one package of small
modules, the declaration in ``scheme``."""

from app.core.schemes.rfc9421.scheme import SCHEME

__all__ = ["SCHEME"]
