"""The headers HTTP stacks add on their own, after the code that signs has run. Pure data.

One table, read twice: ``received.py`` marks these headers unsigned when a request is
imported, and ``header_mistakes.py`` removes the ones HTTP *libraries* add (``requests``,
curl, ``fetch``, proxies) when it asks whether the client signed without them. A header the
browser adds on its own (``Origin``, ``Sec-Fetch-*``...) is never signed either, but a client
library never sends it, so the diagnosis does not try removing it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StackHeader:
    """Why the stack adds a header; ``value``: the one value it adds it with (``None``: any
    value is the stack's; another value was set by the client's own code); ``library``:
    whether HTTP libraries add it, not only browsers."""

    reason: str
    value: str | None = None
    library: bool = False


_HOP_BY_HOP = "hop-by-hop: it governs one connection and is never signed"
_BROWSER = "added by the browser on its own: a client that signs does not sign it"

#: Headers the HTTP stack adds or sets on its own, by lower-case name.
HTTP_STACK: dict[str, StackHeader] = {
    "host": StackHeader(
        "set from the URL by the HTTP client, not by the code that signs", library=True
    ),
    "content-length": StackHeader(
        "framing: recomputed from the body when the request is sent", library=True
    ),
    "transfer-encoding": StackHeader(
        "framing: set by the HTTP client when the request is sent", library=True
    ),
    "expect": StackHeader(
        "set by the HTTP client to ask for `100 Continue` before a large body (curl adds "
        "`Expect: 100-continue`); never signed",
        library=True,
    ),
    "connection": StackHeader(_HOP_BY_HOP, library=True),
    "te": StackHeader(_HOP_BY_HOP, library=True),
    "keep-alive": StackHeader(_HOP_BY_HOP),
    "proxy-connection": StackHeader(_HOP_BY_HOP),
    "trailer": StackHeader(_HOP_BY_HOP),
    "upgrade": StackHeader(_HOP_BY_HOP),
    "accept": StackHeader(
        "the default `Accept` of `requests`, curl and browsers' `fetch`: the HTTP stack adds "
        "it on its own, so the code that signs never sees it",
        value="*/*",
        library=True,
    ),
    "accept-encoding": StackHeader(
        "transport compression, negotiated by the HTTP client (curl's `--compressed`, "
        "browsers, `requests`); never signed",
        library=True,
    ),
    "user-agent": StackHeader(
        "set by the browser or HTTP library, not by the code that signs", library=True
    ),
    "cookie": StackHeader("session state, not part of a signature (its value is not shown)"),
    "accept-language": StackHeader(_BROWSER),
    "origin": StackHeader(_BROWSER),
    "referer": StackHeader(_BROWSER),
    "priority": StackHeader(_BROWSER),
    "dnt": StackHeader(_BROWSER),
    "upgrade-insecure-requests": StackHeader(_BROWSER),
    "pragma": StackHeader(_BROWSER),
    "cache-control": StackHeader(_BROWSER),
}

#: Header name prefixes of headers the stack adds, with the reason (browsers only).
STACK_PREFIXES: dict[str, str] = {
    "sec-": _BROWSER + " (fetch metadata and client hints)",
    ":": "an HTTP/2 pseudo-header: the method and path are read from the request itself",
}


def _entry(name: str, value: str) -> StackHeader | None:
    """The table's entry when the stack added this header with this value."""
    entry = HTTP_STACK.get(name.lower())
    if entry is None or (entry.value is not None and value.strip() != entry.value):
        return None
    return entry


def stack_reason(name: str, value: str) -> str | None:
    """Why the HTTP stack added this header on its own, or ``None`` if it did not."""
    entry = _entry(name, value)
    if entry is not None:
        return entry.reason
    lower = name.lower()
    return next((why for prefix, why in STACK_PREFIXES.items() if lower.startswith(prefix)), None)


def added_by_library(name: str, value: str) -> bool:
    """Whether an HTTP library (not only a browser) adds this header with this value."""
    entry = _entry(name, value)
    return entry is not None and entry.library
