"""ActionStreamer's declaration: HMAC-SHA256 over a canonical request, in two variants.

``tutorial`` is the string the published tutorial's code builds, ``sdk`` what the published
Python SDK really signs (``canonical.py``); ``mistakes.py`` holds its own mistakes and
``clock.py`` its ``X-Timestamp`` clock.
"""

from __future__ import annotations

from app.core.mistakes import common_mistakes
from app.core.schemes.actionstreamer.canonical import (
    SDK,
    SDK_DROPPED_HEADER,
    TUTORIAL,
    canonicalize,
    string_to_sign,
)
from app.core.schemes.actionstreamer.clock import CLOCK, TIMESTAMP_HEADER
from app.core.schemes.actionstreamer.layout import read as read_layout
from app.core.schemes.actionstreamer.mistakes import SPECIFIC
from app.core.schemes.actionstreamer.program import program
from app.core.schemes.base import Scheme, SignedHeaders, Variant
from app.core.schemes.declare import (
    API_KEY,
    BODY,
    HEADERS,
    METHOD,
    PARAMS,
    PATH,
    SECRET,
    SECRET_ENCODING,
    Location,
    Transport,
)

_SDK_SIGNS = "the SDK adds it and signs it (`send_signed_request`)"

#: The headers the SDK adds to every request before it signs (SCHEMES.md §1b), as it sends
#: them: a request carrying all four was sent by the SDK.
SDK_OWN_HEADERS = (
    ("Authorization", "HMAC-SHA256 {api_key}"),
    ("X-AccessKey", "{api_key}"),
    ("X-Nonce", "{nonce}"),
    ("X-Timestamp", "{now}"),
)

_SIGNED_HEADERS = (
    SignedHeaders(
        TUTORIAL,
        (),
        True,
        "set by the client's own code: the tutorial signs the headers it is given",
    ),
    SignedHeaders(
        SDK,
        (
            *((name.lower(), True, _SDK_SIGNS) for name, _ in SDK_OWN_HEADERS),
            (
                SDK_DROPPED_HEADER.lower(),
                False,
                "the SDK deletes `Content-Type` before signing (and so never sends it)",
            ),
        ),
        True,
        "passed to the SDK by its caller: the SDK signs every header it is given",
    ),
)

SCHEME = Scheme(
    name="actionstreamer",
    title="ActionStreamer",
    algorithm="sha256",
    variants=(
        Variant(TUTORIAL, "Tutorial", "The string the published tutorial's code builds."),
        Variant(
            SDK,
            "SDK",
            "The string the published Python SDK really signs.",
            own_headers=SDK_OWN_HEADERS,
        ),
    ),
    inputs=(METHOD, PATH, HEADERS, PARAMS, BODY, API_KEY, SECRET, SECRET_ENCODING),
    transport=Transport(
        "`X-Signature` header, 64 lower-case hex characters",
        signature=Location(headers=("x-signature",), header_params=("signature",)),
        key=Location(headers=("x-accesskey",)),
        timestamp=Location(headers=(TIMESTAMP_HEADER,)),
    ),
    canonicalize=canonicalize,
    string_only=string_to_sign,
    mistakes=SPECIFIC + common_mistakes("lower-case hex"),
    signed_headers=_SIGNED_HEADERS,
    clock=CLOCK,
    layout=read_layout,
    program=program,
)
