"""RFC 8941 Structured Fields through ``http_sf``, typed for this package. Pure.

``http_sf`` (the parser http-message-signatures 3 builds on) returns a wide union; these
wrappers give each shape this package reads a plain type, and turn every parse failure into
``SFError`` with the parser's own words.
"""

from __future__ import annotations

from typing import Any

import http_sf
from http_sf.innerlist import ser_item_or_inner_list

#: A member or item: its bare value (or, for an inner list, its items) and its parameters.
Member = tuple[Any, dict[str, Any]]


class SFError(ValueError):
    """Text that is not the structured field expected."""


def parse(text: str, tltype: str | None = None, name: str | None = None) -> Any:
    """``text`` parsed as ``tltype`` (or the type registered for the field ``name``).
    Raises ``KeyError`` for a field ``name`` of no registered type."""
    try:
        return http_sf.parse(text.encode("latin-1"), name=name, tltype=tltype)
    except KeyError:
        raise
    except (http_sf.StructuredFieldError, ValueError, UnicodeEncodeError) as error:
        raise SFError(str(error)) from None


def dictionary(text: str) -> dict[str, Member]:
    parsed: dict[str, Member] = parse(text, "dictionary")
    return parsed


def inner_list(content: str) -> list[Member]:
    """The items of an inner list written without its parentheses' parameters."""
    items: list[Member] = dictionary(f"c=({content})")["c"][0]
    return items


def serialize(value: Any) -> str:
    try:
        return str(http_sf.ser(value))
    except (ValueError, TypeError) as error:
        raise SFError(str(error)) from None


def member(value: Member) -> str:
    """One Dictionary member, serialized (RFC 9421 §2.1.2's ``;key`` value)."""
    return str(ser_item_or_inner_list(value))
