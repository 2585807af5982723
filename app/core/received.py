"""Signed vs sent: which of the headers a request arrived with its client signed.

Pure: no I/O, no clock.

A client signs the headers its own code sets; the HTTP stack under it then adds more on its
own (``requests``, curl and browsers' ``fetch`` all add ``Accept: */*``; every client adds
``Host`` and the framing headers). A server that re-signs every header it receives can never
match such a client, and neither can a debugger. So each received header gets a class:

- ``signed``: the scheme says its clients sign it (the SDK's ``X-Nonce``...);
- ``stack``: added by the HTTP stack on its own, never signed (RFC 9110 §7.6.1 hop-by-hop
  headers, framing, transport compression, what browsers add: ``http_stack.py``);
- ``unknown``: the scheme cannot tell; whether it is signed is the scheme's default for the
  client's own headers (``SignedHeaders.others``);
- ``signature``: it carries the signature, which never signs itself.

Any class but ``signature`` can be overridden by the user's choice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from app.core.errors import InputError
from app.core.http_stack import stack_reason
from app.core.schemes import SCHEMES
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


def declared(scheme: str | None, variant: str | None) -> SignedHeaders:
    """What ``scheme``'s clients sign, for ``variant`` (its default when ``None``); the
    generic rule when no scheme is recognised or the scheme states nothing for the variant."""
    found = SCHEMES.get(scheme) if scheme is not None else None
    if found is None:
        return GENERIC
    wanted = variant or found.default_variant
    return next((signs for signs in found.signed_headers if signs.variant == wanted), GENERIC)


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
