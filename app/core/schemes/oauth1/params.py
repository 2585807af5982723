"""Which parameters OAuth 1.0a signs, and where each comes from (RFC 5849 §3.4.1.3.1).

The sources, in the order a server collects them (oauthlib's ``collect_parameters``):

- the query, form-decoded (``+`` is a space, ``%XX`` UTF-8): ``SignRequest.params``;
- the protocol parameters, ``oauth_*`` but ``realm`` and ``oauth_signature``: the scheme's
  inputs (``protocol_params``), wherever they travel;
- the body's ``name=value`` pairs, only when it is single-part and its ``Content-Type`` is
  ``application/x-www-form-urlencoded``.

Protocol parameters that travel in the form body follow the body's own pairs, as oauthlib
writes them there; elsewhere they come before the body's.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from app.core.recipe import Recipe
from app.core.request import Pairs, SignRequest

FORM_TYPE = "application/x-www-form-urlencoded"

HEADER, QUERY, BODY = "header", "query", "body"
#: Where the protocol parameters travel: the ``Authorization`` header, the query or the body.
PLACEMENTS = (HEADER, QUERY, BODY)

SHA1, SHA256 = "HMAC-SHA1", "HMAC-SHA256"
#: ``oauth_signature_method`` -> the hash it names.
SIGNATURE_METHODS = {SHA1: "sha1", SHA256: "sha256"}

#: ``oauth_version``: "1.0", or ``none``: left out (it is OPTIONAL, RFC 5849 §3.1).
VERSION_1, NO_VERSION = "1.0", "none"
VERSIONS = (VERSION_1, NO_VERSION)

#: The protocol parameters read from the scheme's inputs, in the order oauthlib's ``Client``
#: writes them: ``(parameter, input)``; ``oauth_consumer_key`` and ``oauth_timestamp`` come
#: from ``api_key`` and ``timestamp``.
PROTOCOL = (
    ("oauth_nonce", "oauth_nonce"),
    ("oauth_timestamp", "timestamp"),
    ("oauth_version", "oauth_version"),
    ("oauth_signature_method", "oauth_signature_method"),
    ("oauth_consumer_key", "api_key"),
    ("oauth_token", "oauth_token"),
    ("oauth_callback", "oauth_callback"),
    ("oauth_verifier", "oauth_verifier"),
    ("oauth_body_hash", "oauth_body_hash"),
)
PARAMETER_OF = {name: parameter for parameter, name in PROTOCOL}


def content_type(request: SignRequest) -> str:
    """The media type of the last ``Content-Type`` header, lower-case, without parameters."""
    values = [value for name, value in request.headers if name.lower() == "content-type"]
    return values[-1].partition(";")[0].strip().lower() if values else ""


def is_form(request: SignRequest) -> bool:
    return content_type(request) == FORM_TYPE


def form_pairs(body: str) -> Pairs:
    """A form body's pairs, decoded as the query is, in order, repeats and blanks kept."""
    return tuple(parse_qsl(body, keep_blank_values=True)) if body else ()


def looks_like_form(body: str) -> bool:
    """Whether a body reads as ``name=value`` pairs (a form sent under another type)."""
    return bool(body) and all("=" in item for item in body.split("&")) and " " not in body


def timestamp_text(recipe: Recipe) -> str:
    """``oauth_timestamp`` as signed: decimal seconds, or a fraction the clock search tries."""
    timestamp = recipe.request.timestamp
    if timestamp is None:
        return ""
    fraction = recipe.flag_value("timestamp_fraction")
    return f"{timestamp}.{fraction}" if fraction else str(timestamp)


def placement(request: SignRequest) -> str:
    value = request.input("placement", HEADER)
    return value if value in PLACEMENTS else HEADER


def signature_method(request: SignRequest) -> str:
    value = request.input("oauth_signature_method", SHA1)
    return value if value in SIGNATURE_METHODS else SHA1


def algorithm(request: SignRequest) -> str:
    """The hash ``oauth_signature_method`` names."""
    return SIGNATURE_METHODS[signature_method(request)]


def protocol_params(recipe: Recipe) -> Pairs:
    """The ``oauth_*`` parameters the client sends, from the inputs; empty ones left out
    (``oauth_version`` among them, when the client sends none)."""
    request = recipe.request
    values = {
        "api_key": request.api_key,
        "timestamp": timestamp_text(recipe),
        "oauth_signature_method": signature_method(request),
        "oauth_version": version(request),
    }
    found = []
    for parameter, name in PROTOCOL:
        value = values[name] if name in values else request.input(name)
        if value:
            found.append((parameter, value))
    return tuple(found)


def version(request: SignRequest) -> str:
    """``oauth_version`` as sent: ``""`` when the client sends none."""
    value = request.input("oauth_version", VERSION_1)
    return "" if value == NO_VERSION else value


def realm(request: SignRequest) -> str:
    return request.input("realm")
