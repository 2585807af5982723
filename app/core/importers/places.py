"""Reading the places the schemes declare (``Transport``, ``Variant.markers``) in a request.

Pure. The registry is read at each call, never kept: a scheme registered at run time is
found like the others. Nothing here knows a scheme by name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from app.core.request import Pairs
from app.core.schemes import SCHEMES
from app.core.schemes.base import Scheme, Variant
from app.core.schemes.declare import Location

#: The header whose value holds ``name=value`` credentials (RFC 9110 §11.6.2): a
#: ``Location.header_params`` item is looked for there.
CREDENTIALS = "authorization"


def ordered(first: str | None) -> list[Scheme]:
    """The registered schemes, ``first`` (a scheme's name) leading."""
    schemes = list(SCHEMES.values())
    return sorted(schemes, key=lambda scheme: scheme.name != first)


@dataclass(frozen=True)
class ParamValue:
    """The first of a ``Location``'s params given a value. ``values`` holds every value
    given to that name; ``skipped`` the earlier names present but empty."""

    param: str
    values: tuple[str, ...]
    skipped: tuple[str, ...]

    @property
    def repeated(self) -> bool:
        return len(self.values) > 1

    @property
    def value(self) -> str:
        """A repeated param reads as its values joined by commas (an array as text)."""
        return ",".join(self.values)

    def fell_through(self, scheme: Scheme) -> str:
        """How the reading passed over empty names on its way here, as a sentence."""
        return (
            "; ".join(
                f"`{name}` is empty, so {scheme.title} falls through to `{self.param}`"
                for name in self.skipped
            )
            + "."
        )


def first_param(params: Pairs, names: Iterable[str]) -> ParamValue | None:
    """The first of ``names`` given a non-empty value, or given more than once. One pass
    over ``params`` groups the values by name."""
    wanted = tuple(names)
    given: dict[str, list[str]] = {name: [] for name in wanted}
    for name, value in params:
        if name in given:
            given[name].append(value)
    skipped: list[str] = []
    for name in wanted:
        values = given[name]
        if len(values) > 1 or (values and values[0]):
            return ParamValue(name, tuple(values), tuple(skipped))
        if values:
            skipped.append(name)
    return None


def strip_prefix(value: str, prefixes: Iterable[str]) -> tuple[str, str | None]:
    """``value`` without the first of ``prefixes`` it starts with, and that prefix."""
    prefix = next((prefix for prefix in prefixes if prefix and value.startswith(prefix)), None)
    return (value[len(prefix) :], prefix) if prefix else (value, None)


@lru_cache(maxsize=64)
def _item_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    # Linear: each start is a space or comma, and the value's class excludes both.
    alternatives = "|".join(re.escape(name) for name in names)
    return re.compile(rf'(?i)(?:^|[\s,])({alternatives})="?([^",\s]+)"?')


def header_param(value: str, names: tuple[str, ...]) -> tuple[str, str] | None:
    """``(name as written, value)`` of the first ``name=value`` item of ``names`` in a
    credentials header's value (``signature="…"``; auth-param names ignore case)."""
    if not names:
        return None
    found = _item_pattern(names).search(value)
    return (found.group(1), found.group(2)) if found else None


def signing_reason(scheme: Scheme, lower_name: str) -> str | None:
    """Why ``scheme``'s clients sign this header, if one of its variants says they do."""
    for signs in scheme.signed_headers:
        named = signs.named_reason(lower_name)
        if named is not None and named[0]:
            return named[1]
    return None


def in_headers(location: Location, headers: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The first header (as received) of the names ``location`` lists."""
    return next(
        ((name, value) for name, value in headers if name.lower() in location.headers), None
    )


@dataclass(frozen=True)
class Recognised:
    """A variant recognised by its markers, with the headers that showed it, as received."""

    scheme: Scheme
    variant: Variant
    shown: tuple[str, ...]

    def note(self) -> str:
        title = self.variant.title
        return (
            f"Read as {self.scheme.title} ({title}), the `{self.variant.id}` variant: the "
            f"request carries the {title}'s own headers ({', '.join(self.shown)}), which the "
            f"{title} adds to every request it signs."
        )


def _markers_shown(variant: Variant, found: dict[str, tuple[str, str]]) -> tuple[str, ...] | None:
    shown = []
    for lower, prefix in variant.markers:
        if lower not in found or not found[lower][1].startswith(prefix):
            return None
        name = found[lower][0]
        shown.append(f"`{name}: {prefix.strip()} …`" if prefix.strip() else f"`{name}`")
    return tuple(shown)


def recognise(scheme: str | None, headers: list[tuple[str, str]]) -> Recognised | None:
    """The first variant whose markers the headers all carry: of ``scheme`` when it is
    known, else of any registered scheme."""
    candidates = (
        [SCHEMES[scheme]] if scheme in SCHEMES else [] if scheme else list(SCHEMES.values())
    )
    found = {name.lower(): (name, value) for name, value in headers}
    for candidate in candidates:
        for variant in candidate.variants:
            shown = _markers_shown(variant, found) if variant.markers else None
            if shown is not None:
                return Recognised(candidate, variant, shown)
    return None
