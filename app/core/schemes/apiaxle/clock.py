"""ApiAxle's clock and verdict: the gateway's window (SCHEMES.md §2).

The gateway signs ``str(floor(now)) + api_key`` for ``floor(now)`` + 0, -1, +1, -2, +2, ...
up to the API's ``tokenSkewProtectionCount`` (default 3; a setting of 0 still allows +/-1, an
unset setting allows only the exact second) and compares each, as lower-case hex, with the
sent signature by plain string equality.
"""

from __future__ import annotations

from app.core.digest import same_signature, signature_of
from app.core.mistakes import Mistake, single
from app.core.recipe import Recipe
from app.core.schemes.base import Scheme, Verdict, WindowEntry
from app.core.schemes.clock import Clock, Context, Tolerance
from app.core.schemes.declare import Input

DEFAULT_WINDOW = 3
#: The most seconds either way a window may allow: one day.
MAX_WINDOW = 86_400

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


def window_setting(context: Context) -> int | None:
    """The API's ``tokenSkewProtectionCount`` from the context: absent is the default,
    ``None`` an API with no setting."""
    value = context.get(WINDOW.name, DEFAULT_WINDOW)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _context_offsets(context: Context) -> list[int]:
    return window_offsets(window_setting(context))


def signed_message(epoch: int, api_key: str) -> str:
    return f"{epoch}{api_key}"


def _epoch_read(recipe: Recipe) -> str | None:
    timestamp = recipe.request.timestamp
    return None if timestamp is None else str(timestamp)


def _epoch_write(recipe: Recipe, text: str) -> Recipe:
    seconds, _, fraction = text.partition(".")
    written = recipe.with_request(timestamp=int(seconds))
    return written.with_flag(f"epoch_fraction={fraction}") if fraction else written


def _shift(recipe: Recipe, seconds: int) -> Recipe:
    return recipe.with_request(timestamp=(recipe.request.timestamp or 0) + seconds)


#: The clock's mistakes, in catalogue order; the clock search generalizes all three.
EPOCH_MISTAKES: tuple[Mistake, ...] = (
    Mistake(
        "epoch_milliseconds",
        "epoch",
        "Epoch in milliseconds",
        "The client signed `Date.now()` (milliseconds) instead of seconds.",
        single(lambda r: r.with_request(timestamp=(r.request.timestamp or 0) * 1000)),
        clause="signed the epoch in milliseconds (`{value}`){skew}",
        fix="Sign whole seconds: `Math.floor(Date.now() / 1000)`, not `Date.now()`.",
    ),
    Mistake(
        "epoch_fractional",
        "epoch",
        "Fractional epoch",
        "The client signed `Date.now() / 1000` without flooring it (here `.5`; the real "
        "fraction depends on the millisecond the request was made).",
        single(lambda r: r.with_flag("epoch_fraction=5")),
        clause="signed a fractional epoch (`{value}`){skew}",
        fix="Floor the epoch to whole seconds before signing: `Math.floor(Date.now() / 1000)`.",
    ),
    Mistake(
        "clock_outside_window",
        "epoch",
        "Clock outside the window",
        "The client's clock is 4 seconds ahead of the server's: the signature is valid for "
        "a second the gateway does not try (it allows 3 either way by default).",
        single(lambda r: _shift(r, DEFAULT_WINDOW + 1)),
        clause="signed the epoch `{value}`{skew}",
        fix="Sync the client's clock (NTP) and sign UTC epoch seconds: the gateway tries only a "
        "few seconds either way.",
    ),
)

CLOCK = Clock(
    unit="whole seconds since the Unix epoch (UTC), as decimal text",
    tolerance=Tolerance(
        "the API's `tokenSkewProtectionCount` seconds either way (default 3; 0 still allows "
        "1; no setting allows only the exact second)",
        seconds=DEFAULT_WINDOW,
        most=MAX_WINDOW,
    ),
    read=_epoch_read,
    write=_epoch_write,
    step="epoch",
    seconds=86_400,
    half_hours=0,
    near=5,
    mistakes=dict(zip(("milliseconds", "fraction", "seconds"), EPOCH_MISTAKES, strict=True)),
    reference="the request's `timestamp`",
    server=SERVER_TIME.name,
    replaces=frozenset(mistake.id for mistake in EPOCH_MISTAKES),
    offsets=_context_offsets,
)


def verify(scheme: Scheme, recipe: Recipe, sent: str, context: Context) -> Verdict:
    """The gateway's verdict: each second of its window signed, compared with ``sent``.

    The gateway always signs with the real scheme (the recipe's own deviations left out),
    so only ``sent`` comes from the client. Its clock is the context's ``server_time``
    (default: the request's timestamp).
    """
    now = CLOCK.server_time(context)
    if now is None:
        now = recipe.request.timestamp or 0
    server = recipe.with_(
        algorithm=scheme.algorithm, flags=frozenset(), message_encoding="utf-8", output="hex"
    )
    api_key = recipe.request.api_key
    entries = []
    for offset in window_offsets(window_setting(context)):
        epoch = now + offset
        signature = signature_of(scheme, server, signed_message(epoch, api_key))
        accepted = same_signature(sent, signature.encoded(server.output))
        entries.append(WindowEntry(epoch, offset, signature.hex, signature.base64, accepted))
    match = next((entry for entry in entries if entry.accepted), None)
    if match is None:
        reason = f"No second the gateway tries ({len(entries)} around {now}) matches."
    else:
        reason = f"It matches epoch {match.epoch} (offset {match.offset:+d})."
    return Verdict(match is not None, reason, tuple(entries))
