"""The base string URI (RFC 5849 §3.4.1.2): scheme, host, port and path, no query.

"The scheme and host MUST be in lowercase"; the port is left out when it is the scheme's
default (80 for http, 443 for https); the path is kept as sent, ``%XX`` escapes and all
(oauthlib's ``base_string_uri``; RFC 5849 leaves path normalization unspecified), and an
empty path is ``/``. Like oauthlib, a space is written ``%20``.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from app.core.errors import InputError, excerpt
from app.core.request import SignRequest

DEFAULT_PORTS = {"http": 80, "https": 443}

#: A ``%XX`` escape; some clients decode those of unreserved characters in the path.
ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def _unreserved(match: re.Match[str]) -> str:
    character = chr(int(match.group()[1:], 16))
    return character if character in UNRESERVED else match.group()


@dataclass(frozen=True)
class Origin:
    """Where the request went: lower-case scheme and host, and the port as given."""

    scheme: str
    host: str
    port: int | None
    #: In words, where it came from: "`origin`", or "the `Host` header".
    source: str

    def netloc(self, keep_default_port: bool = False) -> str:
        default = DEFAULT_PORTS.get(self.scheme)
        port = self.port if self.port is not None else (default if keep_default_port else None)
        if port is None or (port == default and not keep_default_port):
            return self.host
        return f"{self.host}:{port}"


def _host(hostname: str) -> str:
    try:
        address = ipaddress.ip_address(hostname)
    except ValueError:
        return hostname
    return f"[{address}]" if address.version == 6 else str(address)


def _parse(text: str, source: str) -> Origin:
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as error:
        raise InputError("origin", f"`{excerpt(text)}` is not an origin: {error}.") from None
    if not parts.scheme or not parts.hostname:
        raise InputError(
            "origin",
            f"`{excerpt(text)}` is not an origin: write the scheme and host the client sent "
            "to, such as `https://api.example.com` (OAuth signs them).",
        )
    return Origin(parts.scheme.lower(), _host(parts.hostname.lower()), port, source)


def origin_of(request: SignRequest) -> Origin:
    """The request's origin: the ``origin`` input, else ``https://`` and the ``Host`` header."""
    given = request.input("origin").strip()
    if given:
        return _parse(given, "`origin`")
    hosts = [value for name, value in request.headers if name.lower() == "host"]
    if hosts and hosts[-1].strip():
        return _parse("https://" + hosts[-1].strip(), "`https://` and the `Host` header")
    raise InputError(
        "origin",
        "OAuth 1.0a signs the scheme and host the request went to: give the origin, such as "
        "`https://api.example.com` (or a `Host` header).",
    )


def base_uri(
    origin: Origin,
    path: str,
    *,
    keep_default_port: bool = False,
    decode_unreserved: bool = False,
    query: str = "",
) -> str:
    """The base string URI. The keyword arguments are mistakes clients make: the default port
    kept, unreserved ``%XX`` escapes decoded (``%7E`` as ``~``), the query left in."""
    path = path.partition("?")[0].partition("#")[0] or "/"
    if not path.startswith("/"):
        path = "/" + path
    if decode_unreserved:
        path = ESCAPE.sub(_unreserved, path)
    uri = f"{origin.scheme}://{origin.netloc(keep_default_port)}{path}"
    if query:
        uri += "?" + query
    return uri.replace(" ", "%20")
