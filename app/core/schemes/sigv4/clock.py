"""AWS's verdict on a SigV4 signature: the signature, then the clock (SCHEMES2.md §1.3).

AWS recomputes the signature from the request as received and compares it; then it checks
the signed time against its own clock: more than 15 minutes either way is
``RequestTimeTooSkewed``; a presigned URL also dies ``X-Amz-Expires`` seconds after its
``X-Amz-Date``, and may not ask for more than 7 days. Without ``server_time`` only what
needs no clock is checked (the time's format, the 7 days).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.digest import same_signature, signature_of
from app.core.recipe import Recipe
from app.core.schemes.base import Scheme, Verdict
from app.core.schemes.clock import Context
from app.core.schemes.sigv4.inputs import (
    EXPIRES,
    MAX_EXPIRES,
    MAX_SKEW,
    PRESIGNED,
    SERVER_TIME,
    amz_date,
    epoch_of,
)


@dataclass(frozen=True)
class Refusal:
    """Why AWS refuses a request whose signature is right: the catalogue entry, the
    sentence, and the words' fields (``value``, ``skew``)."""

    mistake: str
    reason: str
    fields: tuple[tuple[str, str], ...]


def _server_time(context: Context) -> int | None:
    value = context.get(SERVER_TIME.name)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _expiry(recipe: Recipe, sent: str, signed: int, now: int | None) -> Refusal | None:
    written = recipe.request.input(EXPIRES.name, str(EXPIRES.default)).strip()
    value = (("value", f"X-Amz-Date {sent} + X-Amz-Expires {written} s"), ("skew", ""))
    if not written.isdigit() or not written.isascii():
        return Refusal(
            "presigned_expired",
            f"`X-Amz-Expires` `{written}` is not a whole number of seconds: AWS refuses it.",
            value,
        )
    expires = int(written)
    if expires > MAX_EXPIRES:
        return Refusal(
            "presigned_expired",
            f"`X-Amz-Expires` is {expires}: AWS takes at most {MAX_EXPIRES} (7 days).",
            value,
        )
    if now is not None and now > signed + expires:
        return Refusal(
            "presigned_expired",
            f"the URL expired {now - signed - expires} s before the server's time "
            f"(`X-Amz-Date` {sent} + {expires} s): AWS answers `Request has expired`.",
            value,
        )
    return None


def refusal(recipe: Recipe, context: Context) -> Refusal | None:
    """Why AWS's clock refuses the signed time, or ``None`` when it accepts it."""
    sent = amz_date(recipe)
    signed = epoch_of(sent)
    if signed is None:
        return Refusal(
            "clock_skew",
            f"`X-Amz-Date` `{sent}` is not `YYYYMMDD'T'HHMMSS'Z'`: AWS refuses it.",
            (("value", sent), ("skew", "")),
        )
    now = _server_time(context)
    if recipe.variant == PRESIGNED:
        expired = _expiry(recipe, sent, signed, now)
        if expired is not None:
            return expired
    if now is None or abs(now - signed) <= MAX_SKEW:
        return None
    direction = "ahead of" if signed > now else "behind"
    words = f"{abs(now - signed)} s {direction} the server's clock"
    return Refusal(
        "clock_skew",
        f"`X-Amz-Date` {sent} is {words}: AWS allows {MAX_SKEW} s (`RequestTimeTooSkewed`).",
        (("value", sent), ("skew", f" ({words})")),
    )


def verify(scheme: Scheme, recipe: Recipe, sent: str, context: Context) -> Verdict:
    """AWS's verdict: the signature AWS computes for the request as received, then the
    clock. AWS signs with the real scheme, so the recipe's own deviations are left out."""
    server = recipe.with_(
        algorithm=scheme.algorithm, flags=frozenset(), message_encoding="utf-8", output="hex"
    )
    expected = signature_of(scheme, server, scheme.string_to_sign(server)).hex
    if not same_signature(sent, expected):
        return Verdict(False, "It differs from the signature AWS computes.")
    refused = refusal(recipe, context)
    if refused is not None:
        reason = f"The signature is right, but {refused.reason[0].lower()}{refused.reason[1:]}"
        return Verdict(False, reason, mistake=refused.mistake, fields=refused.fields)
    return Verdict(True, "It equals the signature AWS computes, and AWS's clock accepts its time.")
