"""From a draft to the sign fields: the rules every format shares. Pure.

- ``method`` as sent; ``path`` as sent, without the query (percent-escapes are kept: that is
  what a client signs); ``params`` from the query, form-decoded (``+`` is a space, ``%XX`` is
  UTF-8), in order, repeats kept; ``body`` byte for byte as sent.
- The signature is moved out of the request, the key and the timestamp copied
  (``carried.py``), each from where the registered schemes declare they travel.
- The scheme is the one the signature's place names, else the key's; a variant is
  recognised by its ``markers`` (the headers its clients add to every request).
- ``headers``: the ones the client signed. Every received header is classified in
  ``received`` (``received.py``: signed by the scheme's clients, added by the HTTP stack on
  its own, the client's own, or the signature's carrier); the unsigned ones are listed in
  ``unused`` with the reason. The user's ``Choices`` override the classification.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from app.core.contract.fields import MAX_EPOCH
from app.core.errors import InputError, excerpt
from app.core.importers import carried
from app.core.importers.places import recognise
from app.core.importers.result import FIELD, Draft, HarEntry, ImportResult
from app.core.inputs import HTTP_TOKEN
from app.core.received import SIGNATURE, Choices, Received, classify, declared
from app.core.request import Pairs, SignRequest
from app.core.schemes import SCHEMES
from app.core.schemes.base import Scheme, SignedHeaders
from app.core.schemes.evidence import Evidence, Reading

#: An HTTP field name or method: RFC 9110 §5.6.2 ``token``.
NAME = HTTP_TOKEN.pattern


def _unsigned(received: tuple[Received, ...], draft: Draft) -> list[tuple[str, str]]:
    """The signed headers; the others go to ``unused`` with their reason."""
    kept = []
    for item in received:
        if item.signed:
            kept.append((item.name, item.value))
        elif item.kind != SIGNATURE:
            value = item.shown_value
            shown = f"`{item.name}`" if value is None else f"`{item.name}: {value}`"
            draft.skip(f"header {shown}", item.reason, header=True)
    return kept


@dataclass(frozen=True)
class Url:
    """The URL's parts a scheme may sign: where it was sent, the path, the query raw and
    decoded."""

    origin: str
    path: str
    query: str
    params: Pairs


def split_url(draft: Draft) -> Url:
    """The URL's parts; what no scheme signs (credentials, the fragment) goes to ``unused``."""
    try:
        parts = urlsplit(draft.url)
    except ValueError as error:
        raise InputError(FIELD, f"`{excerpt(draft.url)}` is not a URL: {error}.") from None
    origin = ""
    if parts.netloc:
        _, at, host = parts.netloc.rpartition("@")
        origin = f"{parts.scheme or 'https'}://{host}"
        if at:
            draft.skip("credentials in the URL", "sent as `Authorization: Basic`; not shown")
    else:
        host_header = next((v for n, v in draft.headers if n.lower() == "host"), "")
        origin = f"https://{host_header.strip()}" if host_header.strip() else ""
    if parts.fragment:
        draft.skip(f"`#{parts.fragment}`", "the fragment never leaves the client")
    try:
        params = parse_qsl(parts.query, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        params = parse_qsl(parts.query, keep_blank_values=True)
        draft.notes.append(
            "The query holds `%XX` bytes that are not UTF-8: they were decoded as U+FFFD, as "
            "the servers' decoders do."
        )
    return Url(origin, parts.path, parts.query, tuple(params))


def _check(method: str, path: str, headers: list[tuple[str, str]]) -> None:
    """Refuse what no HTTP/1.1 client could send, naming it."""
    if not re.fullmatch(NAME, method):
        raise InputError(FIELD, f"The method `{excerpt(method)}` is not an HTTP method name.")
    if any(char in path for char in " \r\n\0"):
        raise InputError(
            FIELD,
            f"The path `{excerpt(path)}` contains a space or line break: a client sends it "
            "%-encoded.",
        )
    for name, value in headers:
        if any(char in value for char in "\r\n\0"):
            raise InputError(
                FIELD, f"The value of header `{excerpt(name)}` contains a line break or NUL."
            )


def _read(evidence: Evidence) -> tuple[Scheme, Reading] | None:
    """The first registered scheme that reads the evidence as its own, and its reading."""
    for scheme in SCHEMES.values():
        if scheme.read is not None:
            reading = scheme.read(evidence)
            if reading is not None:
                return scheme, reading
    return None


def _origin_input(scheme: str | None, url: Url, draft: Draft) -> Pairs:
    """The ``origin`` input, for a scheme that declares one."""
    found = SCHEMES.get(scheme) if scheme else None
    if found is None or found.input("origin") is None:
        if url.origin and "://" in draft.url:
            why = f"{found.title} signs only the path" if found else "no scheme that signs them"
            draft.skip(f"`{url.origin}`", f"the scheme and host: {why}")
        return ()
    if url.origin:
        if "://" not in draft.url:
            draft.notes.append(
                f"The request says its host but not its scheme: `{url.origin}` assumed. If it "
                "went over plain `http://`, change `origin`: this scheme signs it."
            )
        return (("origin", url.origin),)
    draft.notes.append(
        "Neither the URL nor a `Host` header says where the request was sent: fill in "
        "`origin` (`https://host`), which this scheme signs."
    )
    return ()


def _from_reading(
    format_: str,
    draft: Draft,
    choices: Choices,
    url: Url,
    found: tuple[Scheme, Reading],
    listing: tuple[tuple[HarEntry, ...], int | None],
) -> ImportResult:
    """The sign fields, as the scheme that recognised the evidence read them."""
    scheme, reading = found
    draft.notes.extend(reading.notes)
    draft.notes.append(
        f"Signature taken from {reading.source} and removed from the request: a signature "
        "is never part of what it signs."
    )
    headers = [*draft.headers, *reading.headers_added]
    carriers = {i for i, (name, _) in enumerate(headers) if name.lower() in reading.carriers}
    params = tuple(pair for pair in url.params if pair[0] not in reading.params_removed)
    signs = declared(scheme.name, reading.variant)
    if reading.signed_headers is not None:
        signs = SignedHeaders(
            reading.variant or scheme.default_variant,
            tuple(
                (name, True, "listed as signed by the signature itself")
                for name in reading.signed_headers
            ),
            False,
            "not in the signature's own list of signed headers",
        )
    received = classify(headers, carriers, signs, choices)
    kept = _unsigned(received, draft)
    _check(draft.method, url.path, kept)
    given = {name for name, _ in reading.inputs}
    origin = tuple(p for p in _origin_input(scheme.name, url, draft) if p[0] not in given)
    timestamp = reading.timestamp
    if timestamp is not None and abs(timestamp) > MAX_EPOCH:
        draft.notes.append(
            f"The signed timestamp `{str(timestamp)[:40]}` is beyond any epoch second (at most "
            f"{MAX_EPOCH}): left out; type the one the client meant."
        )
        timestamp = None
    path = url.path
    if reading.query_as_sent and url.query and not reading.params_removed:
        path, params = f"{url.path}?{url.query}", ()
    request = SignRequest(
        draft.method,
        path,
        tuple(kept),
        params,
        draft.body,
        reading.api_key or "",
        timestamp,
        reading.inputs + origin,
    )
    return ImportResult(
        format_,
        request,
        reading.signature,
        scheme.name,
        tuple(draft.unused),
        tuple(draft.notes),
        listing[0],
        listing[1],
        reading.variant,
        received,
    )


def finish(
    format_: str,
    draft: Draft,
    choices: Choices,
    entries: tuple[HarEntry, ...] = (),
    entry: int | None = None,
) -> ImportResult:
    """The sign fields a format's draft holds, by the rules above."""
    url = split_url(draft)
    evidence = Evidence(
        draft.method, url.origin, url.path, url.query, url.params, tuple(draft.headers), draft.body
    )
    found = _read(evidence)
    if found is not None:
        return _from_reading(format_, draft, choices, url, found, (entries, entry))
    path = url.path
    carriers, params, signature = carried.signature(draft.headers, url.params, draft)
    own = [pair for index, pair in enumerate(draft.headers) if index not in carriers]
    first = signature.scheme if signature else None
    api_key, key_scheme = carried.api_key(own, params, first, draft)
    scheme = first or key_scheme
    timestamp = carried.timestamp(own, params, scheme, draft)
    recognised = recognise(scheme, own)
    variant = None
    if recognised is not None:
        draft.notes.append(recognised.note())
        scheme, variant = recognised.scheme.name, recognised.variant.id
    received = classify(draft.headers, carriers, declared(scheme, variant), choices)
    headers = _unsigned(received, draft)
    _check(draft.method, path, headers)
    request = SignRequest(
        draft.method,
        path,
        tuple(headers),
        params,
        draft.body,
        api_key,
        timestamp,
        _origin_input(scheme, url, draft),
    )
    return ImportResult(
        format_,
        request,
        signature.value if signature else None,
        scheme,
        tuple(draft.unused),
        tuple(draft.notes),
        entries,
        entry,
        variant,
        received,
    )
