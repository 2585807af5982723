"""What SigV4 reads besides the request's own parts, declared once (AWS SigV4, SCHEMES2.md §1).

The time a client signs is the ``X-Amz-Date`` header (header form) or parameter (presigned
form), ``YYYYMMDD'T'HHMMSS'Z'`` in UTC. The header form reads it from the request's headers
when they carry one, and from ``amz_date`` otherwise (then Sigscope adds the header, as
every SDK does); the presigned form reads ``amz_date`` (its ``X-Amz-Date`` parameter).
"""

from __future__ import annotations

import calendar
import re

from app.core.recipe import Recipe
from app.core.schemes.declare import Input

#: The header form and the presigned (query string) form.
HEADER = "header"
PRESIGNED = "presigned"

ALGORITHM_NAME = "AWS4-HMAC-SHA256"
#: The scope's last part, and the message of the last key derivation.
TERMINATOR = "aws4_request"
#: The payload hash a client may declare instead of hashing the body (S3 only).
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"
#: SHA-256 of no bytes: what an empty body hashes to.
EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#: How far AWS accepts a request's time from its own clock, either way (15 minutes).
MAX_SKEW = 900
#: The longest a presigned URL may live: 7 days.
MAX_EXPIRES = 604_800
DEFAULT_EXPIRES = 3600

#: ``YYYYMMDD'T'HHMMSS'Z'``, read without backtracking.
AMZ_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z")

REGION = Input(
    "region",
    "Region",
    "text",
    "The AWS region in the credential scope, e.g. `us-east-1`.",
    default="us-east-1",
    initial="us-east-1",
)
SERVICE = Input(
    "service",
    "Service",
    "text",
    "The service name in the credential scope: `s3`, `execute-api`, `es`, `sts`... "
    "S3 signs the path as sent; every other service normalizes it and encodes it again.",
    default="s3",
    initial="s3",
)
AMZ_DATE_INPUT = Input(
    "amz_date",
    "X-Amz-Date",
    "text",
    "The signed time, `YYYYMMDD'T'HHMMSS'Z'` in UTC (`20150830T123600Z`). The header form "
    "reads an `X-Amz-Date` header first; a presigned URL carries it as its `X-Amz-Date`.",
    default="",
)
SESSION_TOKEN = Input(
    "session_token",
    "Session token",
    "text",
    "Temporary credentials' token: sent as `X-Amz-Security-Token` (a header, or a presigned "
    "URL's parameter) and signed.",
    default="",
)
PAYLOAD = Input(
    "payload",
    "Payload hash",
    "choice",
    "`auto`: the `x-amz-content-sha256` header when sent, `UNSIGNED-PAYLOAD` for an S3 "
    "presigned URL, else SHA-256 of the body. `hashed`: SHA-256 of the body. "
    "`UNSIGNED-PAYLOAD`: S3's declared unsigned body. A sent `x-amz-content-sha256` header "
    "always wins: it is what AWS signs.",
    default="auto",
    choices=("auto", "hashed", UNSIGNED_PAYLOAD),
    initial="auto",
)
EXPIRES = Input(
    "expires",
    "X-Amz-Expires",
    "text",
    "Presigned URLs: seconds the URL lives, as its `X-Amz-Expires` parameter writes them "
    "(signed as written; AWS takes at most 604800, 7 days).",
    default=str(DEFAULT_EXPIRES),
    initial=str(DEFAULT_EXPIRES),
)
SERVER_TIME = Input(
    "server_time",
    "Server time",
    "epoch",
    "AWS's clock, epoch seconds: it rejects a time more than 15 minutes away, and an "
    "expired presigned URL. Empty: the signed time.",
    signed=False,
    now_button=True,
)


def header_value(recipe: Recipe, lower_name: str) -> str | None:
    """The first value of a header, by lower-case name, or ``None``."""
    return next(
        (value for name, value in recipe.request.headers if name.lower() == lower_name), None
    )


def amz_date(recipe: Recipe) -> str:
    """The time the client signs: the ``X-Amz-Date`` header (header form) or the
    ``amz_date`` input."""
    if recipe.variant != PRESIGNED:
        sent = header_value(recipe, "x-amz-date")
        if sent is not None:
            return sent.strip()
    return recipe.request.input(AMZ_DATE_INPUT.name).strip()


def epoch_of(text: str) -> int | None:
    """``20150830T123600Z`` as epoch seconds, or ``None`` when it is not one."""
    found = AMZ_DATE.fullmatch(text)
    if found is None:
        return None
    year, month, day, hour, minute, second = (int(part) for part in found.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31 and hour < 24 and minute < 60 and second < 61):
        return None
    return calendar.timegm((year, month, day, hour, minute, second, 0, 0, 0))


def is_s3(recipe: Recipe) -> bool:
    return recipe.request.input(SERVICE.name, SERVICE.initial) == "s3"


def scope_names(recipe: Recipe, date: str | None = None) -> tuple[str, str, str]:
    """The scope's date, region and service as ``recipe`` signs them (mistakes may set
    each with a flag): the string to sign and the key both read them. ``date``: the signed
    time, when the caller has it already."""
    request = recipe.request
    return (
        recipe.flag_value("scope_date") or (amz_date(recipe) if date is None else date)[:8],
        recipe.flag_value("region") or request.input(REGION.name, str(REGION.default)),
        recipe.flag_value("service") or request.input(SERVICE.name, str(SERVICE.default)),
    )
