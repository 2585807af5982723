"""ApiAxle's declaration: HMAC-SHA1 over ``str(floor(epoch)) + api_key``.

From the gateway's ``validateToken`` (SCHEMES.md §2): the server hashes the decimal epoch
followed by the API key with the key's shared secret, writes the digest as lower-case hex and
compares it with plain string equality, for each second of its window (``clock.py``).
"""

from __future__ import annotations

from urllib.parse import quote_plus

from app.core.mistakes import Mistake, common_mistakes, single
from app.core.recipe import Recipe
from app.core.schemes.apiaxle.clock import (
    CLOCK,
    EPOCH_MISTAKES,
    SERVER_TIME,
    TIMESTAMP,
    WINDOW,
    verify,
)
from app.core.schemes.apiaxle.layout import read as read_layout
from app.core.schemes.apiaxle.program import program
from app.core.schemes.base import Scheme, SignedHeaders
from app.core.schemes.declare import API_KEY, SECRET, SECRET_ENCODING, Location, Transport
from app.core.trace import Step

#: The gateway reads the key and the signature from the first of these it finds non-empty.
KEY_PARAMS = ("apiaxle_key", "api_key", "key")
SIGNATURE_PARAMS = ("apiaxle_sig", "api_sig")


def _epoch_text(recipe: Recipe) -> tuple[str, str | None]:
    timestamp = recipe.request.timestamp or 0
    fraction = recipe.flag_value("epoch_fraction")
    if fraction is not None:
        return f"{timestamp}.{fraction}", "a fractional epoch is signed as written, not floored"
    return str(timestamp), None


def canonicalize(recipe: Recipe) -> list[Step]:
    request = recipe.request
    epoch, epoch_note = _epoch_text(recipe)
    key = request.api_key
    key_note = None
    if "key_url_encoded" in recipe.flags:
        key = quote_plus(key)
        key_note = "signed URL-encoded; the gateway form-decodes the key before signing"
    elif not key.isascii():
        key_note = "non-ASCII: hashed as UTF-8 (gateways on Node 5 or older used latin-1)"
    if "key_first" in recipe.flags:
        message, order = key + epoch, "API key + epoch"
    else:
        message, order = epoch + key, "epoch + API key"
    return [
        Step("epoch", "Epoch seconds, as decimal text", str(request.timestamp), epoch, epoch_note),
        Step("api_key", "API key", request.api_key, key, key_note),
        Step("concat", f"Concatenate: {order}", f"{epoch!r} + {key!r}", message, None),
    ]


_KEY_MISTAKES: tuple[Mistake, ...] = (
    Mistake(
        "key_url_encoded",
        "api_key",
        "API key signed URL-encoded",
        "The client signed the key as it appears in the URL; the gateway form-decodes it "
        "(`+` is a space) and signs the decoded key.",
        single(lambda r: r.with_flag("key_url_encoded")),
        clause="signed the API key URL-encoded (`{signed}`)",
        fix="Sign the decoded key, as the gateway does (`+` is a space).",
        harmless="the API key has no `+` or `%XX` escapes to decode",
    ),
    Mistake(
        "key_first",
        "concat",
        "API key before the epoch",
        "The client concatenated the key first; the gateway signs the epoch, then the key.",
        single(lambda r: r.with_flag("key_first")),
        clause="put the API key before the epoch (`{signed}`)",
        fix="Sign the epoch followed by the API key.",
    ),
)

SCHEME = Scheme(
    name="apiaxle",
    title="ApiAxle",
    algorithm="sha1",
    variants=(),
    inputs=(API_KEY, SECRET, SECRET_ENCODING, TIMESTAMP, SERVER_TIME, WINDOW),
    transport=Transport(
        "`api_sig` or `apiaxle_sig` query parameter, 40 lower-case hex characters",
        signature=Location(params=SIGNATURE_PARAMS),
        key=Location(
            params=KEY_PARAMS,
            repeated='the ApiAxle gateway answers 400 "Api key is malformed."',
        ),
    ),
    canonicalize=canonicalize,
    mistakes=EPOCH_MISTAKES + _KEY_MISTAKES + common_mistakes("lower-case hex"),
    signed_headers=(
        SignedHeaders("", (), False, "ApiAxle signs no header: only the epoch and the API key"),
    ),
    verify=verify,
    clock=CLOCK,
    layout=read_layout,
    program=program,
)
