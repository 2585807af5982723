"""The signature, the API key and the timestamp, found where the schemes say they travel.

Pure. Each comes from the registry's ``Transport`` declarations, read at call time:

- a signature travels beside what it signs, never inside it, so it is *moved* out of the
  request: a header a scheme names (``Location.headers``), a ``name=value`` item of the
  ``Authorization`` header (``Location.header_params``), or the first query param given a
  value (``Location.params``); a declared prefix (``sha256=``, ``v1=``) is stripped;
- the key and the timestamp are values the client signs, so they are *copied*: the original
  stays in the headers or params.

Where a value was found names its scheme when exactly one scheme declares that place; an
``Authorization`` item names none (HTTP Signatures, Kong and AWS all write ``signature=``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.core.importers.places import (
    CREDENTIALS,
    first_param,
    header_param,
    in_headers,
    ordered,
    signing_reason,
    strip_prefix,
)
from app.core.importers.result import Draft
from app.core.request import Pairs
from app.core.schemes import SCHEMES
from app.core.schemes.base import Scheme
from app.core.schemes.declare import Location

#: Whole epoch seconds, as a timestamp travels.
_EPOCH = re.compile(r"[0-9]{1,16}")


@dataclass(frozen=True)
class Signature:
    value: str
    source: str
    scheme: str | None


def _stripped(value: str, source: str, prefixes: tuple[str, ...], draft: Draft) -> str:
    stripped, prefix = strip_prefix(value, prefixes)
    if prefix is not None:
        draft.notes.append(
            f"`{prefix}` removed from the start of the signature in {source}: it says what "
            "the value is, it is not part of the signature."
        )
    return stripped


def _prefixes(schemes: list[Scheme]) -> tuple[str, ...]:
    return tuple(
        dict.fromkeys(
            prefix for scheme in schemes for prefix in scheme.transport.signature.prefixes
        )
    )


def _in_header(name: str, value: str, draft: Draft) -> Signature | None:
    """The signature a header carries, if a scheme declares one there."""
    schemes = list(SCHEMES.values())
    lower = name.lower()
    owners = [scheme for scheme in schemes if lower in scheme.transport.signature.headers]
    if owners:
        source = f"the `{name}` header"
        value = _stripped(value, source, _prefixes(owners), draft)
        return Signature(value, source, owners[0].name if len(owners) == 1 else None)
    if lower != CREDENTIALS:
        return None
    items = tuple(
        dict.fromkeys(
            item for scheme in schemes for item in scheme.transport.signature.header_params
        )
    )
    found = header_param(value, items)
    if found is None:
        return None
    item, carried = found
    owners = [
        scheme
        for scheme in schemes
        if item.lower() in (name.lower() for name in scheme.transport.signature.header_params)
    ]
    source = f"`{item}=` in `{name}`"
    return Signature(_stripped(carried, source, _prefixes(owners), draft), source, None)


def _signature_headers(
    headers: list[tuple[str, str]], draft: Draft
) -> tuple[set[int], list[Signature]]:
    """Which headers carry a signature (by position), and the signatures they carry."""
    carriers, found = set(), []
    for index, (name, value) in enumerate(headers):
        signature = _in_header(name, value, draft)
        if signature is not None:
            carriers.add(index)
            found.append(signature)
    return carriers, found


def _signature_params(params: Pairs, draft: Draft) -> tuple[Pairs, list[Signature]]:
    """Every declared signature param leaves the params; the one each scheme reads is kept."""
    kept, found = params, []
    for scheme in ordered(None):
        location = scheme.transport.signature
        if not location.params:
            continue
        kept = tuple(pair for pair in kept if pair[0] not in location.params)
        chosen = first_param(params, location.params)
        if chosen is None:
            continue
        if chosen.repeated:
            draft.notes.append(
                f"`{chosen.param}` is given {len(chosen.values)} times: "
                + (
                    location.repeated
                    or f"{scheme.title} reads `{chosen.value}`, which can never match."
                )
            )
        for name, value in params:
            if name in location.params and name != chosen.param and value:
                draft.skip(
                    f"query parameter `{name}={value}`",
                    f"{scheme.title} reads `{chosen.param}` first",
                )
        if chosen.skipped:
            draft.notes.append(chosen.fell_through(scheme))
        source = f"the query parameter `{chosen.param}`"
        value = _stripped(chosen.value, source, location.prefixes, draft)
        found.append(Signature(value, source, scheme.name))
    return kept, found


def signature(
    headers: list[tuple[str, str]], params: Pairs, draft: Draft
) -> tuple[set[int], Pairs, Signature | None]:
    """The positions of the headers carrying a signature, the params without any, and the
    signature taken (the first found; the others go to ``unused``)."""
    carriers, in_headers_ = _signature_headers(headers, draft)
    params, in_params = _signature_params(params, draft)
    found = in_headers_ + in_params
    for other in found[1:]:
        draft.skip(f"the signature in {other.source}", f"{found[0].source} was taken first")
    if not found:
        return carriers, params, None
    draft.notes.append(
        f"Signature taken from {found[0].source} and removed from the request: a signature "
        "is never part of what it signs."
    )
    return carriers, params, found[0]


def _stays(scheme: Scheme, name: str) -> str:
    """Why a header a value was copied from stays in the request."""
    why = signing_reason(scheme, name.lower())
    return (
        f"stays in the headers: {why}"
        if why
        else f"stays in the headers, where {scheme.title} reads it"
    )


def _param_value(
    scheme: Scheme, location: Location, params: Pairs, what: str, draft: Draft
) -> str | None:
    found = first_param(params, location.params)
    if found is None:
        return None
    draft.notes.append(
        f"{what} copied from the query parameter `{found.param}`, which stays in the params."
    )
    if found.skipped:
        draft.notes.append(found.fell_through(scheme))
    if found.repeated:
        draft.notes.append(
            f"`{found.param}` is given {len(found.values)} times: "
            + (location.repeated or f"{scheme.title} reads `{found.value}`.")
        )
    return strip_prefix(found.value, location.prefixes)[0]


def api_key(
    headers: list[tuple[str, str]], params: Pairs, first: str | None, draft: Draft
) -> tuple[str, str | None]:
    """The key and the scheme its place implies (``first``'s places are read first)."""
    for scheme in ordered(first):
        location = scheme.transport.key
        header = in_headers(location, headers)
        if header is not None:
            name, value = header
            draft.notes.append(
                f"API key copied from the `{name}` header, which {_stays(scheme, name)}."
            )
            return strip_prefix(value, location.prefixes)[0], scheme.name
        value_ = _param_value(scheme, location, params, "API key", draft)
        if value_ is not None:
            return value_, scheme.name
    return "", None


def _epoch(text: str, shown: str, draft: Draft) -> int | None:
    if not _EPOCH.fullmatch(text):
        draft.notes.append(f"`{shown}` is not whole epoch seconds: not copied.")
        return None
    return int(text)


def timestamp(
    headers: list[tuple[str, str]], params: Pairs, first: str | None, draft: Draft
) -> int | None:
    """The epoch seconds the client signed, where a scheme says they travel."""
    for scheme in ordered(first):
        location = scheme.transport.timestamp
        header = in_headers(location, headers)
        if header is not None:
            name, value = header
            epoch = _epoch(strip_prefix(value, location.prefixes)[0], f"{name}: {value}", draft)
            if epoch is not None:
                draft.notes.append(
                    f"Timestamp copied from the `{name}` header, which {_stays(scheme, name)}."
                )
            return epoch
        found = first_param(params, location.params)
        if found is not None:
            text = strip_prefix(found.value, location.prefixes)[0]
            epoch = _epoch(text, f"{found.param}={found.value}", draft)
            if epoch is not None:
                draft.notes.append(
                    f"Timestamp copied from the query parameter `{found.param}`, which stays "
                    "in the params."
                )
            return epoch
    return None
