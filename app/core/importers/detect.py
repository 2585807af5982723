"""Telling the formats apart, and reading pasted text in the one it is in. Pure."""

from __future__ import annotations

import re
from collections.abc import Callable

from app.core.errors import InputError, excerpt
from app.core.importers.curl import CURL_START, import_curl
from app.core.importers.har import import_har_text
from app.core.importers.http import import_http
from app.core.importers.result import FIELD, Draft, ImportResult
from app.core.importers.rules import finish
from app.core.received import Choices

FORMATS = ("curl", "http", "har", "url")

#: curl commands are typed or copied, not uploads: a longer one is refused, and its body is
#: better pasted into the Body field. (Reading one is linear in its length.)
MAX_CURL_LENGTH = 128 * 1024


def import_url(text: str, choices: Choices) -> ImportResult:
    """A bare URL (or a path and query): a GET of it."""
    if any(char.isspace() for char in text):
        raise InputError(FIELD, f"A URL cannot contain spaces or line breaks: `{excerpt(text)}`.")
    return finish("url", Draft("GET", text), choices)


#: How each format is recognised, in the order they are tried.
_DETECTORS: tuple[tuple[str, Callable[[str], object]], ...] = (
    ("har", lambda text: text.startswith("{")),
    ("curl", CURL_START.match),
    ("http", lambda text: re.match(r"[A-Z]+ \S+(?: HTTP/[0-9.]+)?\r?(?:\n|$)", text)),
    ("url", lambda text: re.match(r"(?i)https?://|/|\?", text)),
)

#: How each format other than HAR is read. A raw request keeps its end as pasted (a final
#: newline may belong to its body); the others are trimmed.
_IMPORTERS: dict[str, Callable[[str, Choices], ImportResult]] = {
    "curl": lambda text, choices: import_curl(text.strip(), choices),
    "http": import_http,
    "url": lambda text, choices: import_url(text.strip(), choices),
}


def detect(text: str) -> str | None:
    """Which format ``text`` is in (leading whitespace aside), or ``None``."""
    start = text.lstrip()
    return next((name for name, looks in _DETECTORS if looks(start)), None)


def import_text(
    text: str, entry: int | None = None, choices: Choices | None = None
) -> ImportResult:
    """Detect the format of pasted text and read the request from it.

    ``entry`` picks a HAR's request; giving it for another format is an error. ``choices``
    overrides which received headers count as signed."""
    choices = choices or Choices()
    format_ = detect(text)
    if format_ is None:
        raise InputError(
            FIELD,
            "Sigscope cannot tell what this is: paste a curl command, a raw HTTP request "
            "(`POST /path HTTP/1.1` and its headers), a HAR file or a URL.",
        )
    if format_ == "har":
        return import_har_text(text, entry, choices)
    if entry is not None:
        raise InputError("entry", f"`entry` picks a request of a HAR; this is {format_} text.")
    if format_ == "curl" and len(text) > MAX_CURL_LENGTH:
        raise InputError(
            FIELD,
            f"This curl command is {len(text):,} characters long; Sigscope reads curl commands "
            f"of up to {MAX_CURL_LENGTH:,}. Import it without its body, then paste the body "
            "into the Body field.",
            status_hint=413,
        )
    return _IMPORTERS[format_](text, choices)
