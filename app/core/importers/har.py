"""A HAR file (HTTP Archive 1.2, as browsers and Playwright write it): one of its requests. Pure."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlencode, urlsplit

from app.core.errors import InputError
from app.core.importers.result import FIELD, Draft, HarEntry, ImportResult
from app.core.importers.rules import finish
from app.core.received import Choices


def _har_list(value: object, where: str) -> list[object]:
    if not isinstance(value, list):
        raise InputError("har", f"`{where}` must be a list: is this a HAR file?")
    return value


def _har_object(value: object, where: str) -> dict[str, object]:
    if not isinstance(value, dict):
        raise InputError("har", f"`{where}` must be an object: is this a HAR file?")
    return value


def _har_text(value: dict[str, object], name: str, where: str) -> str:
    text = value.get(name)
    if not isinstance(text, str):
        raise InputError("har", f"`{where}.{name}` must be a string.")
    return text


def _har_pairs(request: dict[str, object], name: str, where: str) -> list[tuple[str, str]]:
    pairs = []
    for index, item in enumerate(_har_list(request.get(name, []), f"{where}.{name}")):
        place = f"{where}.{name}[{index}]"
        pair = _har_object(item, place)
        pairs.append((_har_text(pair, "name", place), _har_text(pair, "value", place)))
    return pairs


def _har_body(request: dict[str, object], where: str, draft: Draft) -> str:
    """``postData.text``; Playwright's ``attach`` mode stores it in a file instead, and some
    tools give form fields as ``params`` only."""
    if "postData" not in request:
        return ""
    post = _har_object(request["postData"], f"{where}.postData")
    text = post.get("text")
    if isinstance(text, str) and text:
        return text
    stored = post.get("_file") or post.get("_sha1")
    if stored:
        draft.skip(
            f"the body (stored in `{stored}`)",
            "the HAR keeps it in a separate file: record it with the content embedded "
            '(Playwright: `record_har_content="embed"`)',
        )
        return ""
    fields = _har_pairs(post, "params", f"{where}.postData")
    if fields:
        draft.notes.append(
            "The HAR gives the form fields but not the body text: the body was rebuilt "
            "URL-encoded, which may differ from the bytes sent."
        )
        return str(urlencode(fields))
    return ""


def _har_entries(har: object) -> list[dict[str, object]]:
    log = _har_object(_har_object(har, "the HAR").get("log"), "log")
    entries = _har_list(log.get("entries"), "log.entries")
    if not entries:
        raise InputError("har", "The HAR has no entries: record at least one request.")
    return [
        _har_object(
            _har_object(entry, f"log.entries[{index}]").get("request"),
            f"log.entries[{index}].request",
        )
        for index, entry in enumerate(entries)
    ]


@contextmanager
def blame(field: str) -> Iterator[None]:
    """Name ``field`` in an error about the evidence, whichever form it came in (a HAR may
    arrive as pasted text or as a JSON object)."""
    try:
        yield
    except InputError as error:
        if error.field not in (FIELD, "har"):
            raise
        raise InputError(field, error.message) from None


def _import_har(har: object, entry: int | None, choices: Choices) -> ImportResult:
    requests = _har_entries(har)
    listed = tuple(
        HarEntry(index, str(request.get("method", "?")), str(request.get("url", "?")))
        for index, request in enumerate(requests)
    )
    chosen = 0 if entry is None else entry
    if not 0 <= chosen < len(requests):
        raise InputError(
            "entry",
            f"There is no entry {chosen}: this HAR has {len(requests)} (0 to {len(requests) - 1}).",
        )
    where = f"log.entries[{chosen}].request"
    request = requests[chosen]
    draft = Draft(_har_text(request, "method", where), _har_text(request, "url", where))
    draft.headers = _har_pairs(request, "headers", where)
    query = _har_pairs(request, "queryString", where)
    if query and not urlsplit(draft.url).query:
        draft.url += "?" + urlencode(query)
    draft.body = _har_body(request, where, draft)
    return finish("har", draft, choices, listed, chosen)


def import_har_text(text: str, entry: int | None, choices: Choices) -> ImportResult:
    """A HAR pasted as text: its errors name the ``text`` field."""
    try:
        har = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise InputError(FIELD, f"This looks like JSON but is not valid JSON: {error}.") from None
    with blame(FIELD):
        return _import_har(har, entry, choices)


def import_har(
    har: object, entry: int | None = None, choices: Choices | None = None
) -> ImportResult:
    """One request of a HAR object (``entry``, default 0); ``entries`` lists them all.
    ``choices`` overrides which received headers count as signed."""
    with blame("har"):
        return _import_har(har, entry, choices or Choices())
