"""Sigscope's settings, as data with help text.

Each is read from the environment as ``SIGSCOPE_<NAME>`` (values are parsed as JSON, so
``SIGSCOPE_MAX_CONTENT_LENGTH=2097152`` is a number). A test checks that each one is
documented in the README.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "MAX_CONTENT_LENGTH",
        1024 * 1024,
        "Largest request body accepted, in bytes. Larger requests are refused with 413.",
    ),
)
