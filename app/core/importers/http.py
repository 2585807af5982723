"""A raw HTTP/1.1 request (RFC 9112), as pasted from a log or a proxy. Pure."""

from __future__ import annotations

import re

from app.core.errors import InputError, excerpt
from app.core.importers.result import FIELD, Draft, ImportResult
from app.core.importers.rules import NAME, finish
from app.core.inputs import HTTP_TOKEN
from app.core.received import Choices

# RFC 9112 §3: request-line = method SP request-target SP HTTP-version (a version-less line,
# as people write it in notes, is read as HTTP/1.1).
_REQUEST_LINE = re.compile(rf"({NAME}) (\S+)(?: (HTTP/[0-9](?:\.[0-9])?))?")
# RFC 9112 §5: field-line = field-name ":" OWS field-value OWS; §5.1: "No whitespace is
# allowed between the field name and colon."
_BLANK_LINE = re.compile(r"\r?\n\r?\n")


def parse_field_line(line: str) -> tuple[str, str] | None:
    """``Name: value`` with the optional whitespace around the value stripped; ``None`` if
    the line is not a field line. ``str`` methods, not a regex: a lazy value followed by
    ``[ \t]*`` backtracks over every run of spaces, quadratic in its length."""
    name, colon, value = line.partition(":")
    if not colon or not HTTP_TOKEN.fullmatch(name):
        return None
    return name, value.strip(" \t")


def _field_lines(lines: list[str], first: int, draft: Draft) -> None:
    """Header lines into the draft; ``first`` is the line number of ``lines[0]``."""
    folds: dict[int, list[str]] = {}  # header index -> its continuation lines
    for number, line in enumerate(lines, start=first):
        if line[:1] in (" ", "\t") and draft.headers:
            # RFC 9112 §5.2: obs-fold may be replaced with SP before the value is used.
            folds.setdefault(len(draft.headers) - 1, []).append(line.strip(" \t"))
            continue
        field_line = parse_field_line(line)
        if field_line is not None:
            draft.headers.append(field_line)
            continue
        head = line.partition(":")[0].rstrip(" \t")
        if ":" in line and HTTP_TOKEN.fullmatch(head):
            raise InputError(
                FIELD,
                f"Line {number}: `{excerpt(line)}` has a space before its colon, which "
                "HTTP/1.1 forbids (RFC 9112 §5.1).",
            )
        raise InputError(
            FIELD, f"Line {number}: `{excerpt(line)}` is not a header (expected `Name: value`)."
        )
    for index, parts in folds.items():
        name, value = draft.headers[index]
        draft.headers[index] = (name, " ".join([value, *parts]).strip(" \t"))
        lines_ = f"{len(parts)} lines continue" if len(parts) > 1 else "A line continues"
        draft.notes.append(f"{lines_} the header `{name}` (obs-fold): joined with spaces.")


def _framed_body(body: str, draft: Draft) -> str:
    """The body after the blank line, checked against ``Content-Length`` when there is one.

    A pasted request often gains a final newline the client never sent: when the length
    says so, it is dropped."""
    lengths = [value for name, value in draft.headers if name.lower() == "content-length"]
    size = len(body.encode("utf-8"))
    if not lengths or not lengths[0].isdigit():
        if body.endswith("\n"):
            draft.notes.append(
                "No `Content-Length`: the body was taken as pasted, with its final newline."
            )
        return body
    declared = int(lengths[0])
    for ending in ("\r\n", "\n"):
        if body.endswith(ending) and size - len(ending) == declared:
            draft.notes.append(
                f"The body ends with a newline beyond `Content-Length: {declared}`: the paste "
                "added it, so it was dropped."
            )
            return body[: -len(ending)]
    if size != declared:
        draft.notes.append(
            f"The body is {size} bytes but `Content-Length` says {declared}: it was taken as "
            "pasted."
        )
    return body


_HEX_DIGITS = frozenset(b"0123456789abcdefABCDEF")


def _chunks(body: str) -> str | None:
    """The body a chunked message carries (RFC 9112 §7.1): each chunk's data in order, the
    sizes, extensions, last chunk and trailers left out; ``None`` when the paste does not
    read as chunks (a size that does not match its data, say). Linear in the body."""
    data = body.encode("utf-8")
    out: list[bytes] = []
    pos = 0
    while True:
        end = data.find(b"\n", pos)
        if end < 0:
            return None
        size_text = data[pos:end].rstrip(b"\r").split(b";", 1)[0].strip(b" \t")
        if not size_text or len(size_text) > 16 or not set(size_text) <= _HEX_DIGITS:
            return None
        size, pos = int(size_text, 16), end + 1
        if size == 0:
            break
        if pos + size > len(data):
            return None
        out.append(data[pos : pos + size])
        pos += size
        if data.startswith(b"\r\n", pos):
            pos += 2
        elif data.startswith(b"\n", pos):
            pos += 1
        else:
            return None
    try:
        return b"".join(out).decode("utf-8")
    except UnicodeDecodeError:
        return None


def _chunked_body(body: str, draft: Draft) -> str:
    found = _chunks(body)
    if found is None:
        draft.notes.append(
            "`Transfer-Encoding: chunked`, but the body does not read as chunks (a chunk's "
            "size and its data differ: was a line ending changed?): taken as pasted."
        )
        return body
    draft.notes.append(
        "`Transfer-Encoding: chunked`: the body was read from its chunks (their sizes and "
        "the last chunk left out), as the server reads it."
    )
    return found


def import_http(text: str, choices: Choices) -> ImportResult:
    skipped = text[: len(text) - len(text.lstrip())].count("\n")
    text = text.lstrip()
    blank = _BLANK_LINE.search(text)
    if blank:
        head, body = text[: blank.start()], text[blank.end() :]
    else:  # headers only, maybe ending with their own line break
        head, body = text.removesuffix("\n").removesuffix("\r"), ""
    lines = [line.removesuffix("\r") for line in head.split("\n")]
    request_line = _REQUEST_LINE.fullmatch(lines[0])
    if request_line is None:
        raise InputError(
            FIELD,
            f"Line {skipped + 1}: `{excerpt(lines[0])}` is not a request line (expected "
            "`METHOD /path HTTP/1.1`).",
        )
    method, target, version = request_line.groups()
    draft = Draft(method, target)
    if version is None:
        draft.notes.append("The request line has no HTTP version: read as HTTP/1.1.")
    _field_lines(lines[1:], skipped + 2, draft)
    chunked = any(
        name.lower() == "transfer-encoding" and "chunked" in value.lower()
        for name, value in draft.headers
    )
    draft.body = _chunked_body(body, draft) if chunked else _framed_body(body, draft)
    return finish("http", draft, choices)
