"""ActionStreamer's clock: the ``X-Timestamp`` header its SDK adds and signs.

The server's tolerance is not published (SCHEMES.md §1b): Sigscope reports the skew and
invents no window. The header sits before a body of any size, so each try of the clock
search hashes the rest of the request, and its range is smaller than ApiAxle's (the README
gives the measured costs).
"""

from __future__ import annotations

from app.core.mistakes import Mistake, never
from app.core.recipe import Recipe
from app.core.schemes.clock import Clock, Tolerance

TIMESTAMP_HEADER = "x-timestamp"


def _header_read(recipe: Recipe) -> str | None:
    values = [value for name, value in recipe.request.headers if name.lower() == TIMESTAMP_HEADER]
    if values and values[-1].isascii() and values[-1].isdigit():
        return values[-1]
    return None


def _header_write(recipe: Recipe, text: str) -> Recipe:
    headers = tuple(
        (name, text if name.lower() == TIMESTAMP_HEADER else value)
        for name, value in recipe.request.headers
    )
    return recipe.with_request(headers=headers)


#: What the clock search finds: the header signed with another value than the one sent.
CLOCK_MISTAKES = {
    "seconds": Mistake(
        "timestamp_changed",
        "header_string",
        "`X-Timestamp` signed with another time",
        "The client signed one `X-Timestamp` and sent another (its clock read twice, or "
        "another clock).",
        never,
        clause="signed `X-Timestamp: {value}` instead of the `{sent}` it sent{skew}",
        fix="Sign the `X-Timestamp` value you send: read the clock once, in UTC epoch seconds.",
    ),
    "milliseconds": Mistake(
        "timestamp_milliseconds",
        "header_string",
        "`X-Timestamp` signed in milliseconds",
        "The client signed `X-Timestamp` in milliseconds but sent seconds.",
        never,
        clause="signed `X-Timestamp` in milliseconds (`{value}`) but sent seconds (`{sent}`){skew}",
        fix="Sign the `X-Timestamp` exactly as sent, in whole seconds.",
    ),
    "fraction": Mistake(
        "timestamp_fractional",
        "header_string",
        "Fractional `X-Timestamp` signed",
        "The client signed `Date.now() / 1000` unfloored but sent whole seconds.",
        never,
        clause="signed a fractional `X-Timestamp` (`{value}`) but sent `{sent}`{skew}",
        fix="Floor the timestamp to whole seconds, and sign the value you send.",
    ),
}

CLOCK = Clock(
    unit="whole seconds since the Unix epoch (UTC), in the `X-Timestamp` header",
    tolerance=Tolerance("not published: Sigscope reports the skew and assumes no window"),
    read=_header_read,
    write=_header_write,
    step="header_string",
    seconds=3600,
    half_hours=28,
    near=1,
    mistakes=CLOCK_MISTAKES,
    reference="the value sent",
)
