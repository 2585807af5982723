"""ApiAxle: HMAC-SHA1 over ``str(floor(epoch)) + api_key``, checked within a clock window.

From the gateway's ``validateToken`` (SCHEMES.md §2): the server hashes the decimal epoch
followed by the API key with the key's shared secret, writes the digest as lower-case hex and
compares it with plain string equality against ``floor(now)`` + 0, -1, +1, -2, +2, ... up to
the API's ``tokenSkewProtectionCount`` (default 3; a setting of 0 still allows +/-1, an unset
setting allows only the exact second).
"""

from __future__ import annotations

from urllib.parse import quote_plus

from app.core.digest import compute_hmac, same_signature
from app.core.mistakes import Mistake, common_mistakes, single
from app.core.recipe import Recipe
from app.core.schemes import apiaxle_layout
from app.core.schemes.base import Scheme, SignedHeaders, WindowEntry
from app.core.schemes.declare import API_KEY, SECRET, Input, Location, Transport
from app.core.trace import Step

DEFAULT_WINDOW = 3
#: The most seconds either way a window may allow: one day.
MAX_WINDOW = 86_400

#: The gateway reads the key and the signature from the first of these it finds non-empty.
KEY_PARAMS = ("apiaxle_key", "api_key", "key")
SIGNATURE_PARAMS = ("apiaxle_sig", "api_sig")

TIMESTAMP = Input(
    "timestamp",
    "Timestamp",
    "epoch",
    "Epoch seconds the client signed.",
    required=True,
    now_button=True,
)
SERVER_TIME = Input(
    "server_time",
    "Server time",
    "epoch",
    "The gateway's clock; empty means the same as Timestamp.",
    signed=False,
    now_button=True,
)
WINDOW = Input(
    "window",
    "Window",
    "integer",
    "Seconds either way the gateway allows (its `tokenSkewProtectionCount`, default 3). "
    "Empty: an API with no setting, which allows only the exact second.",
    signed=False,
    default=DEFAULT_WINDOW,
    nullable=True,
    minimum=0,
    maximum=MAX_WINDOW,
    initial=str(DEFAULT_WINDOW),
)


def window_offsets(setting: int | None) -> list[int]:
    """Offsets from ``floor(now)`` in the order the gateway tries them."""
    if setting is None:
        return [0]
    offsets = [0]
    for distance in range(1, max(setting, 1) + 1):
        offsets += [-distance, distance]
    return offsets


def signed_message(epoch: int, api_key: str) -> str:
    return f"{epoch}{api_key}"


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


def window(recipe: Recipe, sent: str, now: int, setting: int | None) -> tuple[WindowEntry, ...]:
    """The seconds the gateway tries for ``now``, each with its signature and verdict.

    The gateway always signs with the real scheme, so only ``sent`` comes from the client.
    """
    key = recipe.secret.encode("utf-8")
    entries = []
    for offset in window_offsets(setting):
        epoch = now + offset
        signature = compute_hmac(
            "sha1", key, signed_message(epoch, recipe.request.api_key).encode()
        )
        accepted = same_signature(sent, signature.hex)
        entries.append(WindowEntry(epoch, offset, signature.hex, signature.base64, accepted))
    return tuple(entries)


def _shift(recipe: Recipe, seconds: int) -> Recipe:
    return recipe.with_request(timestamp=(recipe.request.timestamp or 0) + seconds)


_SPECIFIC = (
    Mistake(
        "epoch_milliseconds",
        "epoch",
        "Epoch in milliseconds",
        "The client signed `Date.now()` (milliseconds) instead of seconds.",
        single(lambda r: r.with_request(timestamp=(r.request.timestamp or 0) * 1000)),
    ),
    Mistake(
        "epoch_fractional",
        "epoch",
        "Fractional epoch",
        "The client signed `Date.now() / 1000` without flooring it (here `.5`; the real "
        "fraction depends on the millisecond the request was made).",
        single(lambda r: r.with_flag("epoch_fraction=5")),
    ),
    Mistake(
        "clock_outside_window",
        "epoch",
        "Clock outside the window",
        "The client's clock is 4 seconds ahead of the server's: the signature is valid for "
        "a second the gateway does not try (it allows 3 either way by default).",
        single(lambda r: _shift(r, DEFAULT_WINDOW + 1)),
    ),
    Mistake(
        "key_url_encoded",
        "api_key",
        "API key signed URL-encoded",
        "The client signed the key as it appears in the URL; the gateway form-decodes it "
        "(`+` is a space) and signs the decoded key.",
        single(lambda r: r.with_flag("key_url_encoded")),
    ),
    Mistake(
        "key_first",
        "concat",
        "API key before the epoch",
        "The client concatenated the key first; the gateway signs the epoch, then the key.",
        single(lambda r: r.with_flag("key_first")),
    ),
)

SCHEME = Scheme(
    name="apiaxle",
    title="ApiAxle",
    algorithm="sha1",
    variants=(),
    inputs=(API_KEY, SECRET, TIMESTAMP, SERVER_TIME, WINDOW),
    transport=Transport(
        "`api_sig` or `apiaxle_sig` query parameter, 40 lower-case hex characters",
        signature=Location(params=SIGNATURE_PARAMS),
        key=Location(params=KEY_PARAMS),
    ),
    canonicalize=canonicalize,
    mistakes=_SPECIFIC + common_mistakes("lower-case hex"),
    window=window,
    signed_headers=(
        SignedHeaders("", (), False, "ApiAxle signs no header: only the epoch and the API key"),
    ),
    layout=apiaxle_layout.read,
)
