"""AWS SigV4's declaration: HMAC-SHA256 with a derived key over a canonical request.

``canonical`` builds the canonical request and the string to sign, ``keys`` the signing
key, ``mistakes`` the catalogue, ``clock`` AWS's verdict, ``layout`` how its strings read,
``reading`` how the import recognises it and how the signature travels.
"""

from __future__ import annotations

from app.core.mistakes import common_mistakes
from app.core.schemes.base import Scheme, SignedHeaders, Variant
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
    Location,
    Transport,
)
from app.core.schemes.sigv4.canonical import canonicalize, string_to_sign
from app.core.schemes.sigv4.clock import verify
from app.core.schemes.sigv4.inputs import (
    AMZ_DATE_INPUT,
    EXPIRES,
    HEADER,
    PAYLOAD,
    PRESIGNED,
    REGION,
    SERVER_TIME,
    SERVICE,
    SESSION_TOKEN,
)
from app.core.schemes.sigv4.keys import signing_key
from app.core.schemes.sigv4.layout import read as read_layout
from app.core.schemes.sigv4.mistakes import CLOCK_MISTAKES, SPECIFIC
from app.core.schemes.sigv4.program import program
from app.core.schemes.sigv4.reading import read, travels

_SIGNED_BY_LIST = "its client lists it in `SignedHeaders`: the import reads that list"

SCHEME = Scheme(
    name="aws-sigv4",
    title="AWS SigV4",
    algorithm="sha256",
    variants=(
        Variant(HEADER, "Authorization header", "Signed in the `Authorization` header."),
        Variant(
            PRESIGNED,
            "presigned URL",
            "Signed in the query string: `X-Amz-*` parameters, `X-Amz-Signature` last.",
        ),
    ),
    inputs=(
        METHOD,
        PATH,
        HEADERS,
        PARAMS,
        BODY,
        API_KEY,
        SECRET,
        SECRET_ENCODING,
        ORIGIN,
        REGION,
        SERVICE,
        AMZ_DATE_INPUT,
        SESSION_TOKEN,
        PAYLOAD,
        EXPIRES,
        SERVER_TIME,
    ),
    transport=Transport(
        "`Signature=` in `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, "
        "Signature=…`, or a presigned URL's `X-Amz-Signature`: 64 lower-case hex characters",
        signature=Location(params=("X-Amz-Signature",)),
    ),
    canonicalize=canonicalize,
    string_only=string_to_sign,
    mistakes=SPECIFIC + CLOCK_MISTAKES + common_mistakes("lower-case hex"),
    key=signing_key,
    verify=verify,
    signed_headers=(
        SignedHeaders(
            HEADER,
            (
                ("host", True, "every SigV4 request signs `host`"),
                ("x-amz-date", True, "the signed time"),
                ("x-amz-security-token", True, "temporary credentials' token is signed"),
                ("x-amz-content-sha256", True, "S3 signs its payload hash header"),
            ),
            True,
            _SIGNED_BY_LIST,
        ),
        SignedHeaders(
            PRESIGNED,
            (("host", True, "every SigV4 request signs `host`"),),
            False,
            "a presigned URL signs the headers in `X-Amz-SignedHeaders`, usually `host` alone",
        ),
    ),
    layout=read_layout,
    program=program,
    read=read,
    travels=travels,
)
