"""A described scheme's clock: where the timestamp is signed, and the server's tolerance.

The timestamp is the request's ``timestamp`` (epoch seconds); the server's clock is the
``server_time`` input. Stripe refuses only a timestamp too old (``direction`` `past`),
Slack and Standard Webhooks one too far either way (`both`).
"""

from __future__ import annotations

from app.core.mistakes import Mistake, never
from app.core.recipe import Recipe
from app.core.schemes.clock import Clock, Context, Tolerance
from app.core.schemes.declare import Input
from app.core.schemes.described import model
from app.core.schemes.described.parts import timestamp_text

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
    "The server's clock when it checked the request; empty: no clock check.",
    signed=False,
    now_button=True,
)


def _read(recipe: Recipe) -> str | None:
    return timestamp_text(recipe) or None


def _write(recipe: Recipe, text: str) -> Recipe:
    seconds, _, fraction = text.partition(".")
    flags = frozenset(flag for flag in recipe.flags if not flag.startswith("epoch_fraction="))
    written = recipe.with_(flags=flags).with_request(timestamp=int(seconds))
    return written.with_flag(f"epoch_fraction={fraction}") if fraction else written


CLOCK_MISTAKES = {
    "seconds": Mistake(
        "timestamp_changed",
        "timestamp",
        "Timestamp signed with another time",
        "The client signed one timestamp and sent another (its clock read twice).",
        never,
        clause="signed the timestamp `{value}`, not the `{sent}` it sent{skew}",
        fix="Sign the timestamp you send: read the clock once, in UTC epoch seconds.",
    ),
    "milliseconds": Mistake(
        "timestamp_milliseconds",
        "timestamp",
        "Timestamp signed in milliseconds",
        "The client signed `Date.now()` (milliseconds) but sent seconds.",
        never,
        clause="signed the timestamp in milliseconds (`{value}`) but sent `{sent}`{skew}",
        fix="Sign whole seconds: `Math.floor(Date.now() / 1000)`.",
    ),
    "fraction": Mistake(
        "timestamp_fractional",
        "timestamp",
        "Fractional timestamp signed",
        "The client signed `Date.now() / 1000` unfloored but sent whole seconds.",
        never,
        clause="signed a fractional timestamp (`{value}`) but sent `{sent}`{skew}",
        fix="Floor the timestamp to whole seconds, and sign the value you send.",
    ),
}


def tolerance_words(clock: model.Clock) -> str:
    if clock.direction == "past":
        return (
            f"a timestamp more than {clock.tolerance} s older than the server's clock is "
            "refused; a future one is not checked"
        )
    return f"{clock.tolerance} s either way of the server's clock"


def build_clock(clock: model.Clock) -> Clock:
    return Clock(
        unit="whole seconds since the Unix epoch (UTC), as decimal text",
        tolerance=Tolerance(tolerance_words(clock), seconds=clock.tolerance),
        read=_read,
        write=_write,
        step="timestamp",
        seconds=3600,
        half_hours=28,
        near=1,
        mistakes=CLOCK_MISTAKES,
        reference="the timestamp sent",
        server=SERVER_TIME.name,
    )


def server_time(context: Context) -> int | None:
    value = context.get(SERVER_TIME.name)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def outside(clock: model.Clock, timestamp: int, now: int) -> str | None:
    """Why the server refuses ``timestamp`` at ``now``, or ``None`` when it is in time."""
    age = now - timestamp
    if age > clock.tolerance:
        return f"the timestamp is {age} s old: more than the {clock.tolerance} s tolerated"
    if clock.direction == "both" and -age > clock.tolerance:
        return (
            f"the timestamp is {-age} s ahead of the server's clock: more than the "
            f"{clock.tolerance} s tolerated"
        )
    return None
