"""OAuth 1.0a's declaration (RFC 5849): HMAC-SHA1, or HMAC-SHA256 where a provider uses it.

``canonical`` builds the signature base string, ``key`` the ``&``-joined encoded secrets,
``clock`` the timestamp's window, ``mistakes`` the catalogue, ``reading`` recognises a request
and ``travel`` writes where the signature goes.
"""

from __future__ import annotations

from app.core.schemes.base import Scheme, SignedHeaders
from app.core.schemes.declare import (
    API_KEY,
    BODY,
    HEADERS,
    METHOD,
    ORIGIN,
    PARAMS,
    PATH,
    SECRET,
    SECRET_ENCODING,
    Input,
    Location,
    Transport,
)
from app.core.schemes.oauth1.canonical import canonicalize, string_to_sign
from app.core.schemes.oauth1.clock import CLOCK, LIFETIME, SERVER_TIME, TIMESTAMP, verify
from app.core.schemes.oauth1.key import TOKEN_SECRET, key
from app.core.schemes.oauth1.layout import read as read_layout
from app.core.schemes.oauth1.mistakes import MISTAKES
from app.core.schemes.oauth1.params import (
    HEADER,
    PLACEMENTS,
    SHA1,
    SIGNATURE_METHODS,
    VERSION_1,
    VERSIONS,
    algorithm,
)
from app.core.schemes.oauth1.program import program
from app.core.schemes.oauth1.reading import read
from app.core.schemes.oauth1.travel import travels


def _text(name: str, label: str, help_text: str) -> Input:
    """A protocol parameter the client sends as written: its input is the parameter's name."""
    return Input(name, label, "text", help_text, default="")


INPUTS = (
    METHOD,
    PATH,
    HEADERS,
    PARAMS,
    BODY,
    ORIGIN,
    API_KEY,
    SECRET,
    SECRET_ENCODING,
    _text("oauth_token", "OAuth token", "`oauth_token`; empty before the client holds one."),
    Input(
        TOKEN_SECRET,
        "Token secret",
        "text",
        "The token's shared secret, the key's second half; empty before there is a token.",
        secret=True,
        default="",
        needed_with="oauth_token",
    ),
    _text("oauth_nonce", "OAuth nonce", "`oauth_nonce`, as sent."),
    TIMESTAMP,
    Input(
        "oauth_signature_method",
        "Signature method",
        "choice",
        "`oauth_signature_method`: it names the hash, and is signed.",
        choices=tuple(SIGNATURE_METHODS),
        default=SHA1,
        initial=SHA1,
    ),
    Input(
        "oauth_version",
        "OAuth version",
        "choice",
        "`oauth_version`: `1.0`, or `none` when the client sends none (it is optional).",
        choices=VERSIONS,
        default=VERSION_1,
        initial=VERSION_1,
    ),
    _text("realm", "Realm", "`realm` in the `Authorization` header: sent, never signed."),
    _text("oauth_callback", "OAuth callback", "`oauth_callback` (temporary credentials)."),
    _text("oauth_verifier", "OAuth verifier", "`oauth_verifier` (token credentials)."),
    _text(
        "oauth_body_hash",
        "Body hash",
        "`oauth_body_hash`, when the client sends one (oauthlib's does for a non-form body).",
    ),
    Input(
        "placement",
        "Parameters travel in",
        "choice",
        "Where the `oauth_*` parameters and the signature travel: the `Authorization` "
        "header, the query or the form body.",
        choices=PLACEMENTS,
        default=HEADER,
        initial=HEADER,
    ),
    SERVER_TIME,
    LIFETIME,
)

SIGNED_HEADERS = (
    SignedHeaders(
        "",
        (
            (
                "content-type",
                True,
                "it decides whether the form body's parameters are signed",
            ),
        ),
        False,
        "OAuth 1.0a signs no header: only the method, the URI and the parameters",
    ),
)

SCHEME = Scheme(
    name="oauth1",
    title="OAuth 1.0a",
    algorithm="sha1",
    variants=(),
    inputs=INPUTS,
    transport=Transport(
        "`oauth_signature` in the `Authorization: OAuth …` header (or the query, or the form "
        "body), base64, percent-encoded",
        signature=Location(header_params=("oauth_signature",), params=("oauth_signature",)),
        key=Location(header_params=("oauth_consumer_key",), params=("oauth_consumer_key",)),
        timestamp=Location(header_params=("oauth_timestamp",), params=("oauth_timestamp",)),
        forms=("base64",),
    ),
    canonicalize=canonicalize,
    string_only=string_to_sign,
    mistakes=MISTAKES,
    key=key,
    verify=verify,
    clock=CLOCK,
    signed_headers=SIGNED_HEADERS,
    layout=read_layout,
    program=program,
    read=read,
    travels=travels,
    algorithm_of=algorithm,
)
