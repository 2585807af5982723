"""What the ApiAxle gateway answers to one request, and why (SCHEMES.md §2).

Pure: the server's clock is an input, and so is what the gateway's key store holds, because
Sigscope cannot see it: ``key_status`` says whether the key is ``valid``, ``unknown`` or
``disabled``, and ``secret`` is the key's shared secret (empty: a key without one, whose
requests are never signature-checked).

The checks run in the gateway's own middleware order (``getKeyName``, ``getKey``,
``authenticateWithKey``); the first that fails decides the answer. The query is read the way
Node's ``querystring.parse`` reads it: form-decoded (``+`` is a space, ``%XX`` is UTF-8), and
a name given twice becomes an array. ApiAxle then picks a value with CoffeeScript's ``or``::

    if req.key_name = ( apiaxle_key or api_key or key )
      if typeof req.key_name isnt "string"
        return next new Error "Api key is malformed."
    ...
    if not providedToken = ( apiaxle_sig or api_sig )
      return next new KeyError "A signature is required for this API."

so an empty value falls through to the next name, and an array (a repeated name) is truthy.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote_plus, urlsplit

from app.core.digest import same_signature, signature_of
from app.core.errors import InputError, excerpt
from app.core.recipe import Recipe
from app.core.request import SignRequest
from app.core.schemes.apiaxle.clock import DEFAULT_WINDOW, SERVER_TIME, WINDOW, signed_message
from app.core.schemes.apiaxle.scheme import KEY_PARAMS, SCHEME, SIGNATURE_PARAMS
from app.core.schemes.base import WindowEntry
from app.core.signing import shown_window

#: What the gateway's key store holds for the key (Sigscope is told, it cannot look), and
#: the refusal each status causes.
KEY_STATUSES: dict[str, str | None] = {
    "valid": None,
    "unknown": "unknown_key",
    "disabled": "disabled_key",
}

#: Every refusal, keyed by outcome: (HTTP status, error type, message). ``{key}`` and
#: ``{signature}`` are filled in with the values the gateway read.
ERRORS: dict[str, tuple[int, str, str]] = {
    "no_key": (403, "KeyError", "No api_key specified."),
    "malformed_key": (400, "Error", "Api key is malformed."),
    "unknown_key": (403, "KeyError", "'{key}' is not a valid key."),
    "disabled_key": (401, "KeyDisabled", "This API key has been disabled."),
    "signature_required": (403, "KeyError", "A signature is required for this API."),
    "invalid_signature": (403, "KeyError", "Invalid signature (got {signature})."),
}

ACCEPTED = "accepted"

#: Where to look for the second a refused signature was made for: this far either side of
#: the server's clock, and this close to a shift of 1 to 14 whole hours (a timezone).
_DRIFT_SECONDS = 1800
_TIMEZONE_HOURS = 14
_TIMEZONE_SLACK = 30


@dataclass(frozen=True)
class QueryValue:
    """One of the gateway's ``a or b or c`` lookups: the name it settled on and its value.

    ``values`` holds every value given to that name (decoded); more than one is Node's array.
    ``written`` is the first as it stood in the URL, before form-decoding. ``skipped`` are
    earlier names that were present but empty, so the lookup fell through them.
    """

    param: str
    values: tuple[str, ...]
    written: str
    skipped: tuple[str, ...]

    @property
    def repeated(self) -> bool:
        return len(self.values) > 1

    @property
    def value(self) -> str:
        """The value as the gateway prints it: an array reads as JavaScript's ``a,b``."""
        return ",".join(self.values)

    def fell_through(self) -> str:
        """How the lookup passed over empty names on its way here ("" if it did not)."""
        return "; ".join(
            f"`{name}` is empty, so ApiAxle falls through to `{self.param}`"
            for name in self.skipped
        )

    def describe(self) -> str:
        """Where the value came from, fall-throughs and form-decoding included."""
        decoded = ""
        if not self.repeated and self.written != self.value:
            decoded = f" (written `{self.written}`, form-decoded to `{self.value}`)"
        fell = f"{self.fell_through()}; " if self.skipped else ""
        return f"{fell}read from `{self.param}`{decoded}"


def _query(url: str) -> tuple[tuple[str, str, str], ...]:
    """(name, decoded value, value as written) for each query field, in order."""
    fields = []
    try:
        query = urlsplit(url).query
    except ValueError as error:
        raise InputError("url", f"`{excerpt(url)}` is not a URL: {error}.") from None
    for field in query.split("&"):
        if field:
            name, _, written = field.partition("=")
            fields.append((unquote_plus(name), unquote_plus(written), written))
    return tuple(fields)


def _read(fields: tuple[tuple[str, str, str], ...], names: Iterable[str]) -> QueryValue | None:
    skipped: list[str] = []
    for name in names:
        given = [(value, written) for key, value, written in fields if key == name]
        if len(given) > 1 or (given and given[0][0]):
            values = tuple(value for value, _ in given)
            return QueryValue(name, values, given[0][1], tuple(skipped))
        if given:
            skipped.append(name)
    return None


def error_body(status: int, error_type: str, message: str) -> dict[str, object]:
    """The JSON envelope every ApiAxle error answer carries."""
    return {
        "meta": {"version": 1, "status_code": status},
        "results": {"error": {"type": error_type, "message": message}},
    }


@dataclass(frozen=True)
class GatewayAnswer:
    """The gateway's reply and why. ``outcome`` is a key of ``ERRORS``, or ``accepted``."""

    outcome: str
    explanation: tuple[str, ...]
    api_key: str | None = None
    signature: str | None = None
    window: tuple[WindowEntry, ...] | None = None

    @property
    def status(self) -> int:
        return ERRORS[self.outcome][0] if self.outcome in ERRORS else 200

    @property
    def type(self) -> str | None:
        return ERRORS[self.outcome][1] if self.outcome in ERRORS else None

    @property
    def message(self) -> str | None:
        if self.outcome not in ERRORS:
            return None
        return ERRORS[self.outcome][2].format(key=self.api_key, signature=self.signature)

    @property
    def body(self) -> dict[str, object] | None:
        """The error body; ``None`` on success, where the upstream API answers instead."""
        if self.type is None or self.message is None:
            return None
        return error_body(self.status, self.type, self.message)

    def to_dict(self) -> dict[str, object]:
        return {
            "outcome": self.outcome,
            "status": self.status,
            "type": self.type,
            "message": self.message,
            "body": self.body,
            "explanation": list(self.explanation),
            "api_key": self.api_key,
            "signature": self.signature,
            **({"window": None} if self.window is None else shown_window(self.window).to_dict()),
        }


def _hmac_hex(secret: str, epoch: int, key: str) -> str:
    recipe = Recipe(SignRequest(api_key=key, timestamp=epoch), secret, SCHEME.algorithm)
    return signature_of(SCHEME, recipe, signed_message(epoch, key)).hex


def _skew_hint(secret: str, key: str, sent: str, now: int, tried: set[int]) -> str | None:
    """The second ``sent`` is valid for, when it is near ``now`` or a whole-hours shift away."""
    near = range(now - _DRIFT_SECONDS, now + _DRIFT_SECONDS + 1)
    shifted = [
        now + sign * hours * 3600 + slack
        for hours in range(1, _TIMEZONE_HOURS + 1)
        for sign in (-1, 1)
        for slack in range(-_TIMEZONE_SLACK, _TIMEZONE_SLACK + 1)
    ]
    for epoch in (*near, *shifted):
        if epoch not in tried and same_signature(sent, _hmac_hex(secret, epoch, key)):
            skew = epoch - now
            hint = (
                f"It is the right signature for epoch {epoch}: the client's clock is "
                f"{abs(skew)} s {'ahead of' if skew > 0 else 'behind'} the gateway's"
            )
            hours = round(skew / 3600)
            if hours:
                hint += f" (about {abs(hours)} h: a timezone offset, not clock drift)"
            return hint + "."
    return None


def _mismatch_hints(
    secret: str, key: QueryValue, sent: str, now: int, tried: set[int]
) -> list[str]:
    """Why a refused signature was refused, for the reasons the gateway's rules imply."""
    hints = []
    if sent != sent.lower() and any(
        same_signature(sent.lower(), _hmac_hex(secret, epoch, key.value)) for epoch in tried
    ):
        hints.append(
            "It matches once lower-cased: the gateway compares strings exactly, so upper-case "
            "hex is refused."
        )
    if key.written != key.value and any(
        same_signature(sent, _hmac_hex(secret, epoch, key.written)) for epoch in tried
    ):
        hints.append(
            f"It is the signature for the key as written in the URL (`{key.written}`): the "
            f"gateway signs the form-decoded key (`{key.value}`)."
        )
    skew = _skew_hint(secret, key.value, sent, now, tried)
    return hints + ([skew] if skew else [])


def _check_signature(
    key: QueryValue, signature: QueryValue, secret: str, server_time: int, window: int | None
) -> GatewayAnswer:
    """``validateToken``: HMAC-SHA1 over each second of the window, compared exactly."""
    sent = signature.value
    why = [f"Key `{key.value}`: {key.describe()}.", f"Signature `{sent}`: {signature.describe()}."]
    if signature.repeated:
        why.append(
            f"`{signature.param}` is given {len(signature.values)} times: the gateway compares "
            f"the array, which reads `{sent}` and can never match."
        )
    recipe = Recipe(SignRequest(api_key=key.value), secret, SCHEME.algorithm)
    context = {SERVER_TIME.name: server_time, WINDOW.name: window}
    entries = SCHEME.verdict(recipe, sent, context).window or ()
    setting = "no window setting" if window is None else f"window setting {window}"
    shown = shown_window(entries)
    offsets = ", ".join(f"{entry.offset:+d}" for entry in shown.entries[:7])
    if shown.elided:  # a day-long window would make a megabyte of offsets
        offsets += f"... up to ±{abs(entries[-1].offset)}, {shown.tried} seconds in all"
    else:
        offsets = ", ".join(f"{entry.offset:+d}" for entry in entries)
    why += [
        f"The gateway signs HMAC-SHA1(secret, epoch + `{key.value}`) as lower-case hex for "
        f"each second it tries ({setting}: offsets {offsets} from {server_time}) and compares "
        "each with the signature, character for character.",
    ]
    accepted = next((entry for entry in entries if entry.accepted), None)
    if accepted is None:
        tried = {entry.epoch for entry in entries}
        why.append("None matched.")
        why += _mismatch_hints(secret, key, sent, server_time, tried)
        return GatewayAnswer("invalid_signature", tuple(why), key.value, sent, entries)
    why.append(f"It matched epoch {accepted.epoch} (offset {accepted.offset:+d}).")
    return GatewayAnswer(ACCEPTED, tuple(why), key.value, sent, entries)


def gateway_answer(
    url: str,
    secret: str,
    server_time: int,
    window: int | None = DEFAULT_WINDOW,
    key_status: str = "valid",
) -> GatewayAnswer:
    """What the gateway replies to ``url`` at ``server_time``, with its reasons in order.

    ``window`` is the API's ``tokenSkewProtectionCount`` (``None``: unset). The secret is
    never echoed; the answer's ``window`` lists each second tried and whether it matched.
    """
    if key_status not in KEY_STATUSES:
        raise InputError("key_status", f"`key_status` must be one of {', '.join(KEY_STATUSES)}.")
    fields = _query(url)
    key = _read(fields, KEY_PARAMS)
    if key is None:
        why = "There is no non-empty `apiaxle_key`, `api_key` or `key` query parameter (the "
        why += "gateway never reads the key from a header)."
        return GatewayAnswer("no_key", (why,))
    if key.repeated:
        why = f"`{key.param}` is given {len(key.values)} times: Node parses it as an array, "
        why += "which is not a string."
        return GatewayAnswer("malformed_key", (f"Key: {key.describe()}.", why), key.value)
    found = f"Key `{key.value}`: {key.describe()}."
    refusal = KEY_STATUSES[key_status]
    if refusal is not None:
        why = f"The key store holds the key as {key_status} (you said so with `key_status`)."
        return GatewayAnswer(refusal, (found, why), key.value)
    if not secret:
        why = "The key has no shared secret, so the gateway checks no signature."
        return GatewayAnswer(ACCEPTED, (found, why), key.value)
    signature = _read(fields, SIGNATURE_PARAMS)
    if signature is None:
        why = "The key has a shared secret, but there is no non-empty `apiaxle_sig` or "
        why += "`api_sig` query parameter."
        return GatewayAnswer("signature_required", (found, why), key.value)
    return _check_signature(key, signature, secret, server_time, window)
