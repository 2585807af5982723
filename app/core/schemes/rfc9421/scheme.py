"""RFC 9421 HTTP Message Signatures with ``hmac-sha256``: the declaration the registry lists.

``components`` resolves each covered component, ``params`` writes ``@signature-params``,
``sigbase`` builds the signature base step by step, ``digest`` checks ``Content-Digest``
against the body, ``clock`` holds the verifier's policy, ``mistakes`` the catalogue,
``reading`` the import and the headers a signature travels in, ``layout`` compare's sections.
"""

from __future__ import annotations

from app.core.schemes.base import Scheme, SignedHeaders
from app.core.schemes.declare import (
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
from app.core.schemes.rfc9421.clock import CLOCK, verify
from app.core.schemes.rfc9421.inputs import OWN_INPUTS
from app.core.schemes.rfc9421.layout import read as read_layout
from app.core.schemes.rfc9421.mistakes import MISTAKES
from app.core.schemes.rfc9421.program import program
from app.core.schemes.rfc9421.reading import read, travels
from app.core.schemes.rfc9421.sigbase import canonicalize, string_to_sign

SCHEME = Scheme(
    name="rfc9421",
    title="RFC 9421 (hmac-sha256)",
    algorithm="sha256",
    variants=(),
    inputs=(METHOD, PATH, HEADERS, PARAMS, BODY, ORIGIN, SECRET, SECRET_ENCODING, *OWN_INPUTS),
    transport=Transport(
        "`Signature: sig1=:<base64>:` with its parameters in `Signature-Input`",
        signature=Location(headers=("signature",)),
        forms=("base64",),
    ),
    canonicalize=canonicalize,
    string_only=string_to_sign,
    mistakes=MISTAKES,
    signed_headers=(
        SignedHeaders(
            "",
            (),
            False,
            "signed only if `Signature-Input` lists it among the covered components",
        ),
    ),
    verify=verify,
    clock=CLOCK,
    layout=read_layout,
    program=program,
    read=read,
    travels=travels,
)
