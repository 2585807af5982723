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
from urllib.parse import parse_qsl, urlsplit

from app.core.errors import InputError, excerpt
from app.core.importers import carried
from app.core.importers.places import recognise
from app.core.importers.result import FIELD, Draft, HarEntry, ImportResult
from app.core.inputs import HTTP_TOKEN
from app.core.received import SIGNATURE, Choices, Received, classify, declared
from app.core.request import Pairs, SignRequest

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


def split_url(draft: Draft) -> tuple[str, Pairs]:
    """The path as sent and the decoded params; what else the URL holds goes to ``unused``."""
    try:
        parts = urlsplit(draft.url)
    except ValueError as error:
        raise InputError(FIELD, f"`{excerpt(draft.url)}` is not a URL: {error}.") from None
    if parts.netloc:
        _, at, host = parts.netloc.rpartition("@")
        origin = f"{parts.scheme}://{host}" if parts.scheme else host
        draft.skip(f"`{origin}`", "the scheme and host: neither scheme signs them, only the path")
        if at:
            draft.skip("credentials in the URL", "sent as `Authorization: Basic`; not shown")
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
    return parts.path, tuple(params)


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


def finish(
    format_: str,
    draft: Draft,
    choices: Choices,
    entries: tuple[HarEntry, ...] = (),
    entry: int | None = None,
) -> ImportResult:
    """The sign fields a format's draft holds, by the rules above."""
    path, params = split_url(draft)
    carriers, params, signature = carried.signature(draft.headers, params, draft)
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
        draft.method, path, tuple(headers), params, draft.body, api_key, timestamp
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
