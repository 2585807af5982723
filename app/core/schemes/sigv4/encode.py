"""SigV4's URI encoding and path normalization, as AWS states them (SCHEMES2.md §1.1). Pure.

``UriEncode``: UTF-8 bytes; ``A-Z a-z 0-9 - _ . ~`` kept, every other byte ``%XX`` in upper
case; ``/`` kept only in a path; a space is ``%20``, never ``+``.
"""

from __future__ import annotations

from urllib.parse import quote

#: What JavaScript's ``encodeURIComponent`` leaves raw that ``UriEncode`` encodes.
URI_COMPONENT_RAW = "!'()*"


def uri_encode(text: str, keep_slash: bool = False) -> str:
    # ``quote`` keeps ``A-Z a-z 0-9 _ . - ~`` always, encodes UTF-8 bytes in upper-case hex.
    return quote(text, safe="/" if keep_slash else "")


def encode_uri_component(text: str) -> str:
    """JavaScript's ``encodeURIComponent``: ``UriEncode`` but ``! ' ( ) *`` left raw."""
    return quote(text, safe=URI_COMPONENT_RAW)


def form_encode(text: str) -> str:
    """``UriEncode`` with a space as ``+`` (HTML forms, ``urlencode``, ``quote_plus``)."""
    return quote(text, safe=" ").replace(" ", "+")


def remove_dot_segments(path: str) -> str:
    """The path non-S3 services sign before encoding it: ``.`` and ``..`` segments
    resolved and empty segments (``//``) dropped, the leading and trailing ``/`` kept; an
    empty path is ``/``. As ``botocore.utils.normalize_url_path`` does it."""
    if not path:
        return "/"
    kept: list[str] = []
    for segment in path.split("/"):
        if segment == "..":
            if kept:
                kept.pop()
        elif segment and segment != ".":
            kept.append(segment)
    first = "/" if path.startswith("/") else ""
    last = "/" if path.endswith("/") and kept else ""
    return first + "/".join(kept) + last
