"""OAuth 1.0a's clock (RFC 5849 §3.3) and the server's verdict.

``oauth_timestamp`` is sent in the clear beside the signature, so the server signs the sent
value; the time only decides whether it accepts it. "The timestamp value MUST be a positive
integer", and a server "MAY restrict" how old it may be: oauthlib's ``RequestValidator``
allows ``timestamp_lifetime = 600`` seconds, both ways. The clock search finds a client that
signed another time than it sent (milliseconds, an unfloored fraction, its clock read twice).
"""

from __future__ import annotations

from app.core.digest import same_signature, signature_of
from app.core.mistakes import Mistake, never
from app.core.recipe import Recipe
from app.core.schemes.base import Scheme, Verdict
from app.core.schemes.clock import Clock, Context, Tolerance
from app.core.schemes.declare import Input
from app.core.schemes.oauth1.params import timestamp_text

#: oauthlib's ``RequestValidator.timestamp_lifetime``, checked in both directions.
DEFAULT_LIFETIME = 600
MAX_LIFETIME = 86_400

TIMESTAMP = Input(
    "timestamp",
    "Timestamp",
    "epoch",
    "`oauth_timestamp`: epoch seconds the client signed.",
    required=True,
    now_button=True,
)
SERVER_TIME = Input(
    "server_time",
    "Server time",
    "epoch",
    "The server's clock; empty means the same as Timestamp.",
    signed=False,
    now_button=True,
)
LIFETIME = Input(
    "timestamp_lifetime",
    "Timestamp lifetime",
    "integer",
    "Seconds either way the server accepts `oauth_timestamp` from its clock (oauthlib's "
    "`timestamp_lifetime`, default 600).",
    signed=False,
    default=DEFAULT_LIFETIME,
    minimum=0,
    maximum=MAX_LIFETIME,
    initial=str(DEFAULT_LIFETIME),
)


def _read(recipe: Recipe) -> str | None:
    return None if recipe.request.timestamp is None else str(recipe.request.timestamp)


def _write(recipe: Recipe, text: str) -> Recipe:
    seconds, _, fraction = text.partition(".")
    written = recipe.with_request(timestamp=int(seconds))
    return written.with_flag(f"timestamp_fraction={fraction}") if fraction else written


CLOCK_MISTAKES = {
    "seconds": Mistake(
        "timestamp_changed",
        "collect_params",
        "`oauth_timestamp` signed with another time",
        "The client signed one `oauth_timestamp` and sent another (its clock read twice).",
        never,
        clause="signed `oauth_timestamp={value}` instead of the `{sent}` it sent{skew}",
        fix="Sign the `oauth_timestamp` you send: read the clock once, in UTC epoch seconds.",
    ),
    "milliseconds": Mistake(
        "timestamp_milliseconds",
        "collect_params",
        "`oauth_timestamp` signed in milliseconds",
        "The client signed `Date.now()` (milliseconds); RFC 5849 §3.3 wants seconds.",
        never,
        clause="signed `oauth_timestamp` in milliseconds (`{value}`) but sent `{sent}`{skew}",
        fix="Sign and send whole seconds: `Math.floor(Date.now() / 1000)`.",
    ),
    "fraction": Mistake(
        "timestamp_fractional",
        "collect_params",
        "Fractional `oauth_timestamp` signed",
        "The client signed `Date.now() / 1000` unfloored; the timestamp must be an integer.",
        never,
        clause="signed a fractional `oauth_timestamp` (`{value}`) but sent `{sent}`{skew}",
        fix="Floor the timestamp to whole seconds, and sign the value you send.",
    ),
}

CLOCK = Clock(
    unit="whole seconds since the Unix epoch (UTC), in `oauth_timestamp`",
    tolerance=Tolerance(
        "the server's policy: oauthlib allows 600 seconds either way (`timestamp_lifetime`)",
        seconds=DEFAULT_LIFETIME,
        most=MAX_LIFETIME,
    ),
    read=_read,
    write=_write,
    step="collect_params",
    seconds=3600,
    half_hours=28,
    near=1,
    mistakes=CLOCK_MISTAKES,
    reference="the value sent",
    server=SERVER_TIME.name,
)


def lifetime(context: Context) -> int:
    value = context.get(LIFETIME.name, DEFAULT_LIFETIME)
    return value if isinstance(value, int) and not isinstance(value, bool) else DEFAULT_LIFETIME


def verify(scheme: Scheme, recipe: Recipe, sent: str, context: Context) -> Verdict:
    """The server signs the sent request, compares, then checks the timestamp's age."""
    server = recipe.with_(
        algorithm=scheme.hash_for(recipe.request),
        flags=frozenset(),
        message_encoding="utf-8",
        output="base64",
    )
    expected = signature_of(scheme, server, scheme.string_to_sign(server)).encoded("base64")
    if not same_signature(sent, expected):
        return Verdict(False, "It differs from the signature the server computes.")
    now = CLOCK.server_time(context)
    signed = recipe.request.timestamp
    allowed = lifetime(context)
    if now is None or signed is None or abs(now - signed) <= allowed:
        return Verdict(True, "It equals the signature the server computes.")
    skew = signed - now
    direction = "ahead of" if skew > 0 else "behind"
    return Verdict(
        False,
        f"It equals the signature the server computes, but `oauth_timestamp` "
        f"({timestamp_text(server)}) is {abs(skew)} s {direction} the server's clock: it "
        f"accepts {allowed} s either way.",
    )
