"""ApiAxle: HMAC-SHA1 over ``str(floor(epoch)) + api_key``, checked within a clock window.

``scheme`` is the declaration the registry lists, ``clock`` the gateway's window and its
verdict, and ``gateway`` what the whole gateway answers to a URL (imported on its own: it
reads the scheme, the scheme does not read it).
"""

from app.core.schemes.apiaxle.clock import (
    DEFAULT_WINDOW,
    MAX_WINDOW,
    signed_message,
    window_offsets,
)
from app.core.schemes.apiaxle.scheme import KEY_PARAMS, SCHEME, SIGNATURE_PARAMS, canonicalize

__all__ = [
    "DEFAULT_WINDOW",
    "KEY_PARAMS",
    "MAX_WINDOW",
    "SCHEME",
    "SIGNATURE_PARAMS",
    "canonicalize",
    "signed_message",
    "window_offsets",
]
