"""ActionStreamer: HMAC-SHA256 over a canonical request, in two variants (SCHEMES.md §1).

``canonical`` builds the string, ``mistakes`` holds its own mistakes, ``clock`` its
``X-Timestamp`` clock, and ``scheme`` the declaration the registry lists.
"""

from app.core.schemes.actionstreamer.canonical import (
    SDK,
    SDK_DROPPED_HEADER,
    TUTORIAL,
    canonicalize,
    dict_string,
    normalize_path,
    string_to_sign,
)
from app.core.schemes.actionstreamer.scheme import SCHEME

__all__ = [
    "SCHEME",
    "SDK",
    "SDK_DROPPED_HEADER",
    "TUTORIAL",
    "canonicalize",
    "dict_string",
    "normalize_path",
    "string_to_sign",
]
