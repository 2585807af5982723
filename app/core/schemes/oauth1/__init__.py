"""OAuth 1.0a (RFC 5849): HMAC-SHA1 (or HMAC-SHA256) over the signature base string.

``scheme`` is the declaration the registry lists; ``canonical`` the base string, ``key`` the
key, ``clock`` the timestamp's window, ``mistakes`` the catalogue, ``reading`` and ``travel``
where the parameters travel.
"""

from app.core.schemes.oauth1.canonical import canonicalize, string_to_sign
from app.core.schemes.oauth1.encoding import enc
from app.core.schemes.oauth1.scheme import SCHEME

__all__ = ["SCHEME", "canonicalize", "enc", "string_to_sign"]
