"""Sigscope's settings, as data with help text.

Each is read from the environment as ``SIGSCOPE_<NAME>`` (values are parsed as JSON, so
``SIGSCOPE_MAX_CONTENT_LENGTH=2097152`` is a number). A test checks that each one is
documented in the README. The limits bound the work one request can cause: the mistake lens
signs the request once per mistake, header and param, so its cost grows with every bound.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.core.inputs import DEFAULT_LIMITS, Limits


@dataclass(frozen=True)
class Setting:
    name: str
    default: int
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "MAX_CONTENT_LENGTH",
        1024 * 1024,
        "Largest request body accepted, in bytes. Larger requests are refused with 413.",
    ),
    Setting(
        "MAX_HEADERS",
        DEFAULT_LIMITS.headers,
        "Most headers one signed request may carry. More are refused with 413.",
    ),
    Setting(
        "MAX_PARAMS",
        DEFAULT_LIMITS.params,
        "Most query parameters one signed request may carry. More are refused with 413.",
    ),
    Setting(
        "MAX_LINE_LENGTH",
        DEFAULT_LIMITS.line_length,
        "Longest method, path, api_key, secret, header or param name or value, and the "
        "gateway's url and secret, in characters (the body is bounded by MAX_CONTENT_LENGTH "
        "alone). Longer ones are refused with 413.",
    ),
)

SETTINGS_BY_NAME = {setting.name: setting for setting in SETTINGS}

#: ``Limits`` field -> the setting that gives it.
_LIMITS = {"headers": "MAX_HEADERS", "params": "MAX_PARAMS", "line_length": "MAX_LINE_LENGTH"}


class SettingError(ValueError):
    """A setting the operator gave is unusable: the message names it and says what it takes."""


def _whole(config: Mapping[str, object], setting: Setting) -> int:
    value = config.get(setting.name)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise SettingError(
            f"SIGSCOPE_{setting.name} must be a positive whole number, not {value!r}: "
            f"{setting.help}"
        )
    return value


def check(config: Mapping[str, object]) -> None:
    """Refuse, at startup, any setting that is not a positive whole number.

    ``SIGSCOPE_MAX_HEADERS='"lots"'`` would otherwise only fail on the first request, as a 500.
    """
    for setting in SETTINGS:
        _whole(config, setting)


def input_limits(config: Mapping[str, object]) -> Limits:
    """The core's input limits from an app's configuration (the core reads no settings)."""
    return Limits(
        **{field: _whole(config, SETTINGS_BY_NAME[name]) for field, name in _LIMITS.items()}
    )
