"""Jinja filters that render core values for people: invisible characters made visible,
diffs highlighted, bytes in hex. Markup is built from escaped pieces only.
"""

from __future__ import annotations

from functools import lru_cache

from flask import Flask
from markupsafe import Markup, escape

from app.core.textdiff import segments
from app.core.visible import hex_dump, tokens


@lru_cache(maxsize=1024)
def _marker(kind: str, shown: str, title: str, newline: bool) -> str:
    html = (
        f'<span class="ch-{kind.replace("_", "-")}" title="{escape(title)}">{escape(shown)}</span>'
    )
    return html + "\n" if newline else html


def visible(text: str) -> Markup:
    """``text`` with every invisible or ambiguous character shown as a titled marker.

    Bodies can be a megabyte with a marker every few characters, so markers (a few distinct
    shapes) are rendered once each and the pieces joined as strings, every one escaped.
    """
    parts = [
        str(escape(token.shown))
        if token.kind == "text"
        else _marker(token.kind, token.shown, token.title, token.newline)
        for token in tokens(text)
    ]
    return Markup("".join(parts))  # noqa: S704 - every piece above is escaped


#: In a diff, unchanged runs longer than this are shortened to their ends.
CONTEXT = 160


def _elided(text: str, first: bool, last: bool) -> Markup:
    """An unchanged run, its middle left out when long: a diff is about what changed."""
    if len(text) <= 2 * CONTEXT + 40:
        return visible(text)
    head = "" if first else text[:CONTEXT]
    tail = "" if last else text[-CONTEXT:]
    hidden = len(text) - len(head) - len(tail)
    gap = Markup('<span class="elided">… {:,} unchanged characters …</span>').format(hidden)
    return visible(head) + gap + visible(tail)


def diff(before: str, after: str, side: str = "both") -> Markup:
    """``before`` -> ``after`` with deletions in ``<del>`` and insertions in ``<ins>``.

    ``side`` picks what to show: ``before`` (deletions only), ``after`` (insertions only),
    or ``both`` (then long unchanged runs are shortened to their ends).
    """
    keep = {"before": {"equal", "delete"}, "after": {"equal", "insert"}}.get(
        side, {"equal", "delete", "insert"}
    )
    wrappers = {"delete": Markup("<del>{}</del>"), "insert": Markup("<ins>{}</ins>")}
    shown = [segment for segment in segments(before, after) if segment.op in keep]
    parts = []
    for index, segment in enumerate(shown):
        if segment.op == "equal" and side == "both":
            parts.append(_elided(segment.text, index == 0, index == len(shown) - 1))
            continue
        wrapper = wrappers.get(segment.op)
        text = visible(segment.text)
        parts.append(wrapper.format(text) if wrapper else text)
    return Markup("").join(parts)


def code_spans(text: str) -> Markup:
    """Escape ``text`` and show its `backticked` parts as code, as the core writes them."""
    pieces = text.split("`")
    if len(pieces) % 2 == 0:  # an unpaired backtick: show the text as it is
        return escape(text)
    code = Markup("<code>{}</code>")
    return Markup("").join(
        code.format(piece) if index % 2 else escape(piece) for index, piece in enumerate(pieces)
    )


def hexdump(text: str) -> str:
    return hex_dump(text.encode("utf-8"))


def byte_length(text: str) -> int:
    return len(text.encode("utf-8"))


def register(app: Flask) -> None:
    app.add_template_filter(visible)
    app.add_template_filter(code_spans)
    app.add_template_filter(diff)
    app.add_template_filter(hexdump)
    app.add_template_filter(byte_length)
