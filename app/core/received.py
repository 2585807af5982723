"""Signed vs sent: which of the headers a request arrived with its client signed.

Pure: no I/O, no clock.

A client signs the headers its own code sets; the HTTP stack under it then adds more on its
own (``requests``, curl and browsers' ``fetch`` all add ``Accept: */*``; every client adds
``Host`` and the framing headers). A server that re-signs every header it receives can never
match such a client, and neither can a debugger. So each received header gets a class:

- ``signed``: the scheme says its clients sign it (the SDK's ``X-Nonce``...);
- ``stack``: added by the HTTP stack on its own, never signed (RFC 9110 §7.6.1 hop-by-hop
  headers, framing, transport compression, what browsers add);
- ``unknown``: the scheme cannot tell; whether it is signed is the scheme's default for the
  client's own headers (``SignedHeaders.others``);
- ``signature``: it carries the signature, which never signs itself.

Any class but ``signature`` can be overridden by the user's choice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from app.core.errors import InputError
from app.core.schemes import SCHEMES
from app.core.schemes.actionstreamer import SDK, SDK_HEADERS
from app.core.schemes.base import SignedHeaders

SIGNED, STACK, UNKNOWN, SIGNATURE = "signed", "stack", "unknown", "signature"
CLASSES = (SIGNED, STACK, UNKNOWN, SIGNATURE)

#: Each class in words, as the page shows it.
CLASS_TITLES = {
    SIGNED: "signed by the scheme's clients",
    STACK: "added by the HTTP stack",
    UNKNOWN: "the client's own",
    SIGNATURE: "the signature",
}

_HOP_BY_HOP = "hop-by-hop: it governs one connection and is never signed"
_BROWSER = "added by the browser on its own: a client that signs does not sign it"

#: Headers the HTTP stack adds or sets on its own, by lower-case name, with the reason.
STACK_HEADERS: dict[str, str] = {
    "host": "set from the URL by the HTTP client; neither scheme signs the host",
    "content-length": "framing: recomputed from the body when the request is sent",
    "transfer-encoding": "framing: set by the HTTP client when the request is sent",
    "connection": _HOP_BY_HOP,
    "keep-alive": _HOP_BY_HOP,
    "proxy-connection": _HOP_BY_HOP,
    "te": _HOP_BY_HOP,
    "trailer": _HOP_BY_HOP,
    "upgrade": _HOP_BY_HOP,
    "accept-encoding": "transport compression, negotiated by the HTTP client (curl's "
    "`--compressed`, browsers, `requests`); never signed",
    "cookie": "session state, not part of a signature (its value is not shown)",
    "user-agent": "set by the browser or HTTP library, not by the code that signs",
    "accept-language": _BROWSER,
    "origin": _BROWSER,
    "referer": _BROWSER,
    "priority": _BROWSER,
    "dnt": _BROWSER,
    "upgrade-insecure-requests": _BROWSER,
    "pragma": _BROWSER,
    "cache-control": _BROWSER,
}

#: Header name prefixes of headers the stack adds, with the reason.
STACK_PREFIXES: dict[str, str] = {
    "sec-": _BROWSER + " (fetch metadata and client hints)",
    ":": "an HTTP/2 pseudo-header: the method and path are read from the request itself",
}

#: Headers the stack adds with one value only: any other value was set by the client's code.
STACK_VALUES: dict[tuple[str, str], str] = {
    ("accept", "*/*"): "the default `Accept` of `requests`, curl and browsers' `fetch`: the "
    "HTTP stack adds it on its own, so the code that signs never sees it",
}

#: Headers whose value is not shown, by lower-case name.
HIDDEN_VALUES = frozenset({"cookie"})

#: When no scheme is recognised: a header the stack did not add may be the client's own.
GENERIC = SignedHeaders(
    "", (), True, "set by the client's own code, which may sign it (no scheme recognised)"
)


@dataclass(frozen=True)
class Received:
    """One header as received, and whether the client signed it."""

    name: str
    value: str
    kind: str
    reason: str
    signed: bool

    @property
    def title(self) -> str:
        return CLASS_TITLES[self.kind]

    @property
    def shown_value(self) -> str | None:
        return None if self.name.lower() in HIDDEN_VALUES else self.value

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "value": self.shown_value,
            "class": self.kind,
            "reason": self.reason,
            "signed": self.signed,
        }


def stack_reason(name: str, value: str) -> str | None:
    """Why the HTTP stack added this header on its own, or ``None`` if it did not."""
    lower = name.lower()
    if lower in STACK_HEADERS:
        return STACK_HEADERS[lower]
    if (lower, value.strip()) in STACK_VALUES:
        return STACK_VALUES[lower, value.strip()]
    return next((why for prefix, why in STACK_PREFIXES.items() if lower.startswith(prefix)), None)


def declared(scheme: str | None, variant: str | None) -> SignedHeaders:
    """What ``scheme``'s clients sign, for ``variant`` (its default when ``None``)."""
    if scheme is None:
        return GENERIC
    return SCHEMES[scheme].signs(variant or "")


def classify_one(name: str, value: str, signs: SignedHeaders) -> Received:
    """One header's class: what the scheme names first, then the stack's own, else the
    scheme's rule for the client's other headers."""
    named = signs.named_reason(name.lower())
    if named is not None:
        signed, why = named
        return Received(name, value, SIGNED if signed else UNKNOWN, why, signed)
    why_stack = stack_reason(name, value)
    if why_stack is not None:
        return Received(name, value, STACK, why_stack, False)
    return Received(name, value, UNKNOWN, signs.others_why, signs.others)


def choose(item: Received, choices: Mapping[str, bool]) -> Received:
    """``item`` with the user's choice for its name, if any (names are case-insensitive)."""
    chosen = choices.get(item.name.lower())
    if chosen is None or item.kind == SIGNATURE or chosen == item.signed:
        return item
    said = "signed" if chosen else "not signed"
    reason = f"{item.reason}; you marked it {said}"
    return Received(item.name, item.value, item.kind, reason, chosen)


def sdk_variant(scheme: str | None, headers: Iterable[tuple[str, str]]) -> str | None:
    """A note saying why the request reads as the ActionStreamer SDK's, or ``None``.

    The SDK adds ``Authorization: HMAC-SHA256 <key>``, ``X-AccessKey``, ``X-Nonce`` and
    ``X-Timestamp`` to every request it signs; the tutorial's code adds none of them."""
    if scheme not in (None, "actionstreamer"):
        return None
    found = {name.lower(): value for name, value in headers}
    if not all(name in found for name in SDK_HEADERS):
        return None
    if not found["authorization"].startswith("HMAC-SHA256 "):
        return None
    return (
        f"Read as the ActionStreamer `{SDK}` variant: the request carries the SDK's own "
        "headers (`Authorization: HMAC-SHA256 …`, `X-AccessKey`, `X-Nonce`, `X-Timestamp`), "
        "which the SDK adds to every request it signs."
    )


@dataclass(frozen=True)
class Choices:
    """The user's say on which received headers were signed: lower-case name -> signed.
    ``strict``: a name the request does not carry is an error (the API), not ignored."""

    signed: Mapping[str, bool] = field(default_factory=dict)
    strict: bool = True


_CARRIES = "it carries the signature, which never signs itself"


def classify(
    headers: list[tuple[str, str]],
    carriers: set[int],
    signs: SignedHeaders,
    choices: Choices,
) -> tuple[Received, ...]:
    """Each received header classified, with the user's choices applied; ``carriers`` are
    the positions of the headers that carry the signature."""
    received = tuple(
        Received(name, value, SIGNATURE, _CARRIES, False)
        if index in carriers
        else choose(classify_one(name, value, signs), choices.signed)
        for index, (name, value) in enumerate(headers)
    )
    if choices.strict:
        _check_choices(received, choices.signed)
    return received


def _check_choices(received: tuple[Received, ...], signed: Mapping[str, bool]) -> None:
    kinds = {item.name.lower(): item.kind for item in received}
    for name in signed:
        if name not in kinds:
            listed = [f"`{item.name}`" for item in received[:20]]
            names = ", ".join(listed + ["…"] * (len(received) > 20)) or "none"
            raise InputError(
                "signed",
                f"`{name}` is not a header of this request (its headers: {names}).",
            )
        if kinds[name] == SIGNATURE:
            raise InputError("signed", f"`{name}` carries the signature, which never signs itself.")
