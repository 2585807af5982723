"""How ActionStreamer's strings to sign read: method, path, headers, params, body. Pure.

The tutorial joins the five sections with ``\\n`` (a section of pairs is one line per pair,
or one empty line when there are none); the SDK ends each pair line with ``\\n`` and then
``str.strip()``s the whole string.
"""

from __future__ import annotations

from app.core.schemes import layout
from app.core.schemes.layout import Reading

SECTIONS = ("method", "path", "headers", "params", "body")


def _pair_key(line: str) -> str | None:
    """The name of a ``name: value`` line, or ``None`` if the line is not one."""
    name, colon, _ = line.partition(": ")
    return name if colon else None


def _runs(lines: list[str]) -> tuple[list[int], list[int]]:
    """For each line: how many ``name: value`` lines start there, and how many of those
    are in strictly increasing code-point order (the order both variants sort keys in)."""
    run, ordered = [0] * (len(lines) + 1), [0] * (len(lines) + 1)
    for index in range(len(lines) - 1, -1, -1):
        key = _pair_key(lines[index])
        if key is None:
            continue
        run[index] = run[index + 1] + 1
        after = _pair_key(lines[index + 1]) if index + 1 < len(lines) else None
        ordered[index] = ordered[index + 1] + 1 if after is not None and key < after else 1
    return run, ordered


def tutorial(text: str) -> list[Reading]:
    """``"\\n".join([method, path, headers, params, body])``: a section of pairs is one line
    per pair, or a single empty line when there are none, and the body is everything after
    the params (at least one line, maybe empty). Where several splits fit, the readings with
    the shortest body are kept, and of those the ones with both sections sorted."""
    lines = text.split("\n")
    offsets = layout.line_offsets(lines)
    last = len(lines) - 1  # the body needs at least this line
    if last < 4:
        return [layout.line_spans(offsets, SECTIONS[: len(lines)], range(len(lines)))]
    run, ordered = _runs(lines)

    def longest_block(start: int) -> tuple[int, bool] | None:
        """The end of the longest pair section starting at ``start`` that leaves a body."""
        if lines[start] == "":
            return (start + 1, True) if start + 1 <= last else None
        size = min(run[start], last - start)
        return (start + size, ordered[start] >= size) if size else None

    if lines[2] == "":
        header_ends = [(3, True)]
    else:
        header_ends = [(2 + size, ordered[2] >= size) for size in range(1, run[2] + 1)]
    scored = []
    for headers_end, headers_sorted in header_ends:
        params = longest_block(headers_end) if headers_end < last else None
        if params is not None:
            score = (params[0], headers_sorted and params[1])
            scored.append((score, headers_end, params[0]))
    best = max((score for score, _, _ in scored), default=None)
    return [
        layout.line_spans(offsets, SECTIONS, (0, 1, 2, headers_end, params_end))
        for score, headers_end, params_end in scored
        if score == best
    ]


def sdk(text: str) -> list[Reading]:
    """The SDK's string: each pair section ends with an empty line, then ``str.strip()``
    may have removed the empty sections and empty body at the end."""
    lines = text.split("\n")
    starts, index = [0, 1, 2], 2
    for _ in ("headers", "params"):
        while index < len(lines) and lines[index] != "":
            index += 1
        index += 1
        starts.append(index)
    present = [start for start in starts if start < len(lines)]
    return [layout.line_spans(layout.line_offsets(lines), SECTIONS[: len(present)], present)]


_BY_VARIANT = {"tutorial": tutorial, "sdk": sdk}


def read(text: str, variant: str) -> list[Reading]:
    """The readings of ``text`` as ``variant`` builds it."""
    return _BY_VARIANT[variant](text)
