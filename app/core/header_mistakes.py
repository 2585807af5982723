"""Headers the server received that the client signed differently, or never signed at all.

Pure data and ``Recipe -> Recipe`` transforms, like ``mistakes.py``. Real HTTP stacks add
headers after the client signed (``requests``, curl and ``fetch`` add ``Accept: */*``, and
``User-Agent``, ``Accept-Encoding``, ``Connection``, ``Host``, ``Content-Length``...), and
proxies rewrite some on the way (``Host`` gains or loses its port; the value the client sent
survives in ``X-Forwarded-Host``, ``X-Original-Host`` or ``Forwarded: host=``). The request
being diagnosed is what the server received, so each mistake here *removes* or *restores* a
header to give what the client signed. The diagnosis tries them for schemes that sign headers.
"""

from __future__ import annotations

from collections.abc import Iterator

from app.core.http_stack import added_by_library
from app.core.mistakes import Mistake, single
from app.core.recipe import Recipe
from app.core.request import Pairs

#: Prefixes under which proxies keep the value a client sent: ``X-Forwarded-Host`` for ``Host``.
FORWARDED_PREFIXES = ("x-forwarded-", "x-original-")

#: Ports a proxy adds to, or strips from, ``Host``.
DEFAULT_PORTS = ("443", "80")


_IN_BETWEEN = (
    " To tell which, log the raw request your client sends and compare it with what the "
    "server logs: if they differ, something in between changed it."
)
_ADDED = (
    "Sign only the headers the client signs: leave {what} out of the string the server builds "
    "(un-tick it in the import). It was added after signing, by the client's HTTP library "
    "(`requests`, curl and `fetch` add `Accept: */*`, `User-Agent`, `Accept-Encoding`...) or by "
    "a proxy on the way." + _IN_BETWEEN
)


def _names(headers: Pairs) -> list[str]:
    return list(dict.fromkeys(name for name, _ in headers))


def _without(headers: Pairs, name: str) -> Pairs:
    return tuple(pair for pair in headers if pair[0] != name)


def _each_header(recipe: Recipe) -> Iterator[tuple[str, Recipe]]:
    # A generator: each mistaken recipe holds all but one header, so a list of them all would
    # cost memory quadratic in the header count.
    headers = recipe.request.headers
    for name in _names(headers):
        yield name, recipe.with_request(headers=_without(headers, name))


def _library_defaults(recipe: Recipe) -> Recipe | None:
    """Every library default removed at once; ``None`` when fewer than two are present (one
    alone is the single ``header_not_signed`` hypothesis)."""
    headers = recipe.request.headers
    kept = tuple((name, value) for name, value in headers if not added_by_library(name, value))
    return recipe.with_request(headers=kept) if len(headers) - len(kept) >= 2 else None


def _forwarded_host(value: str) -> str | None:
    """RFC 7239's ``host=`` in the first element of a ``Forwarded`` header, unquoted."""
    first = value.split(",", 1)[0]
    for part in first.split(";"):
        name, _, text = part.strip().partition("=")
        if name.lower() == "host" and text:
            return text.strip('"')
    return None


def _port_variants(host: str, forwarded_port: str | None) -> list[str]:
    """``Host`` with its port removed, or with the usual ports (and a forwarded one) added."""
    name, colon, port = host.rpartition(":")
    if colon and port.isdigit():
        return [name]
    ports = dict.fromkeys(([forwarded_port] if forwarded_port else []) + list(DEFAULT_PORTS))
    return [f"{host}:{port}" for port in ports]


def _restored_values(headers: Pairs) -> list[tuple[str, str]]:
    """``(name, value)`` the client may have signed instead of what the server received."""
    present = {name.lower(): (name, value) for name, value in headers}
    found: list[tuple[str, str]] = []
    for lower, (_, value) in present.items():
        for prefix in FORWARDED_PREFIXES:
            original = lower.removeprefix(prefix)
            if original != lower and original in present:
                found.append((present[original][0], value.split(",", 1)[0].strip()))
    if "host" in present:
        name, host = present["host"]
        if "forwarded" in present:
            restored = _forwarded_host(present["forwarded"][1])
            if restored is not None:
                found.append((name, restored))
        forwarded_port = present.get("x-forwarded-port", ("", None))[1]
        found += [(name, variant) for variant in _port_variants(host.strip(), forwarded_port)]
    return [
        (name, value) for name, value in dict.fromkeys(found) if value != present[name.lower()][1]
    ]


def _changed_in_transit(recipe: Recipe) -> Iterator[tuple[str, Recipe]]:
    headers = recipe.request.headers
    for name, value in _restored_values(headers):
        changed = tuple((n, value if n == name else v) for n, v in headers)
        yield f"{name}: {value}", recipe.with_request(headers=changed)


HEADER_MISTAKES: tuple[Mistake, ...] = (
    Mistake(
        "header_not_signed",
        "header_string",
        "Header `{target}` sent but not signed",
        "The client signed without `{target}`: its HTTP library, or a proxy, added it after "
        "the signature was made.",
        _each_header,
        clause="did not sign the header {received} the server received",
        fix=_ADDED.replace("{what}", "`{target}`"),
    ),
    Mistake(
        "library_headers_not_signed",
        "header_string",
        "The HTTP library's own headers sent but not signed",
        "The client signed none of the headers HTTP stacks add on their own (`Accept: */*`, "
        "`User-Agent`, `Accept-Encoding`, `Connection`, `Host`, `Content-Length`...).",
        single(_library_defaults),
        clause="did not sign the headers HTTP libraries add on their own ({received})",
        fix=_ADDED.replace("{what}", "them"),
    ),
    Mistake(
        "header_changed_in_transit",
        "header_string",
        "Header changed in transit (client signed `{target}`)",
        "A proxy rewrote the header on the way (a port added or removed, the host replaced): "
        "the client signed `{target}`, which the proxy kept in a forwarded header.",
        _changed_in_transit,
        clause="signed `{target}`, but the server received {received}",
        fix="Make both sides sign the value the client sent: a proxy may have rewritten it (have "
        "the server read the original from `X-Forwarded-Host` or `Forwarded`, or the proxy "
        "pass it through), or the client signed another value than it sent." + _IN_BETWEEN,
    ),
)
