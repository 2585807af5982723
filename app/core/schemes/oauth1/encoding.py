"""OAuth 1.0a's percent-encoding (RFC 5849 §3.6) and the encodings clients use by mistake.

RFC 5849 §3.6: "Characters in the unreserved character set as defined by [RFC3986], Section
2.3 (ALPHA, DIGIT, "-", ".", "_", "~") MUST NOT be encoded. All other characters MUST be
encoded." The text is UTF-8 first, and the hex digits are upper-case. ``urllib.parse.quote``
with ``safe="~"`` is exactly that (it keeps ``A-Z a-z 0-9 - . _`` and the ``~`` added).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote, quote_plus

RFC3986 = "rfc3986"
URI_COMPONENT = "uri_component"
FORM = "form"

Encoder = Callable[[str | bytes], str]


def enc(text: str | bytes) -> str:
    """RFC 5849 §3.6: every byte but the unreserved ones as ``%XX``, upper-case hex."""
    return quote(text, safe="~")


def _uri_component(text: str | bytes) -> str:
    # JavaScript's encodeURIComponent (and Dart's Uri.encodeComponent) leave ! * ' ( ) raw.
    return quote(text, safe="~!*'()")


def _form(text: str | bytes) -> str:
    # application/x-www-form-urlencoded (URLEncoder, quote_plus): a space is "+", not "%20".
    return quote_plus(text, safe="~")


#: How a client percent-encodes the names, values and the base string's parts.
ENCODERS: dict[str, Encoder] = {RFC3986: enc, URI_COMPONENT: _uri_component, FORM: _form}
