"""Jinja filters that render core values for people: invisible characters made visible,
diffs highlighted, bytes in hex. Markup is built from escaped pieces only.
"""

from __future__ import annotations

from flask import Flask
from markupsafe import Markup, escape

from app.core.textdiff import segments
from app.core.visible import hex_dump, tokens


def visible(text: str) -> Markup:
    """``text`` with every invisible or ambiguous character shown as a titled marker."""
    parts = []
    for token in tokens(text):
        if token.kind == "text":
            parts.append(escape(token.shown))
            continue
        parts.append(
            Markup('<span class="ch-{}" title="{}">{}</span>').format(
                token.kind.replace("_", "-"), token.title, token.shown
            )
        )
        if token.newline:
            parts.append(Markup("\n"))
    return Markup("").join(parts)


def diff(before: str, after: str, side: str = "both") -> Markup:
    """``before`` -> ``after`` with deletions in ``<del>`` and insertions in ``<ins>``.

    ``side`` picks what to show: ``before`` (deletions only), ``after`` (insertions only),
    or ``both``.
    """
    keep = {"before": {"equal", "delete"}, "after": {"equal", "insert"}}.get(
        side, {"equal", "delete", "insert"}
    )
    wrappers = {"delete": Markup("<del>{}</del>"), "insert": Markup("<ins>{}</ins>")}
    parts = []
    for segment in segments(before, after):
        if segment.op not in keep:
            continue
        shown = visible(segment.text)
        wrapper = wrappers.get(segment.op)
        parts.append(wrapper.format(shown) if wrapper else shown)
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
